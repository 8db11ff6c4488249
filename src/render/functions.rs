//! The functions and filters hirepage adds to Tera:
//! `url(path)`, `asset(path)`, `image(path, preset)`, `skill_url(name)`, and the filters
//! `markdown`, `slugify` and `json`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, Value};

use crate::config::BaseUrl;
use crate::content::skills::Aliases;
use crate::i18n::Strings;
use crate::images::{self, ImageSet};
use crate::markdown::{self, RenderOptions};
use crate::site::{Site, skill_path};
use crate::slug::slugify;
use crate::url::percent_decode;

/// What the functions need to know about the site; shared by every page.
#[derive(Debug, Clone)]
pub struct Links {
    base: BaseUrl,
    aliases: Aliases,
    skills: HashSet<String>,
    /// Skill display name -> page URL: the spelling templates ask for most.
    skill_urls: HashMap<String, String>,
    /// Static path (`css/site.css`) -> published path (`css/site.3f9a1c2b.css`).
    assets: BTreeMap<String, String>,
    /// (static path, preset) -> the published variants of an image.
    images: Arc<BTreeMap<(String, String), ImageSet>>,
    /// The language of the pages rendered, and the theme strings.
    language: String,
    strings: Arc<Strings>,
    /// Default-language page path -> this language's, for `url()`.
    localized: HashMap<String, String>,
    /// `/<code>` before the paths of this language's pages.
    prefix: String,
}

impl Links {
    /// Collects the site's base URL, skills and published asset names.
    pub fn new(
        site: &Site,
        assets: BTreeMap<String, String>,
        images: Arc<BTreeMap<(String, String), ImageSet>>,
    ) -> Links {
        Links {
            base: site.base.clone(),
            aliases: site.aliases.clone(),
            skills: site.skills.iter().map(|s| s.slug.clone()).collect(),
            skill_urls: site
                .skills
                .iter()
                .map(|s| {
                    let path = format!("{}{}", site.lang_prefix, skill_path(&s.slug));
                    (s.name.clone(), site.base.url(&path))
                })
                .collect(),
            assets,
            images,
            language: site.config.language.clone(),
            strings: Arc::clone(&site.strings),
            localized: site.localized_paths(),
            prefix: site.lang_prefix.clone(),
        }
    }

    /// The theme strings.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// A theme string in the pages' language (see [`Strings::get`]).
    pub fn t(&self, key: &str, args: &[(&str, String)]) -> String {
        self.strings.get(&self.language, key, args)
    }

    /// `image(path, preset)`: the published variants of an image that
    /// content names. An image no content names (one only a template
    /// shows, or one on another site) is given as it is: its one file,
    /// without widths. A missing file is reported by the link check.
    pub fn image(&self, path: &str, preset: &str) -> ImageSet {
        let key = path.trim_start_matches('/');
        if let Some(set) = self.images.get(&(key.to_string(), preset.to_string())) {
            return set.clone();
        }
        ImageSet {
            src: self.asset(path).unwrap_or_else(|_| self.url(path)),
            width: 0,
            height: 0,
            srcset: String::new(),
            webp_srcset: String::new(),
            sizes: String::new(),
            media_type: "",
        }
    }

    /// The variants of a Markdown image, by the `src` its HTML has (the
    /// base path in front).
    pub fn content_image(&self, src: &str) -> Option<&ImageSet> {
        let path = src.strip_prefix(self.base.path.as_str()).unwrap_or(src);
        let path = path.trim_start_matches('/');
        let key = percent_decode(path).map_or_else(|| path.to_string(), |k| k.into_owned());
        self.images.get(&(key, images::CONTENT.to_string()))
    }

    /// `url(path)`: a site path with the base path in front; absolute URLs
    /// and `mailto:`-style links are returned unchanged.
    pub fn url(&self, path: &str) -> String {
        if path.contains(':') || path.starts_with("//") || path.starts_with('#') {
            path.to_string()
        } else {
            // A page of the default language written in a template or
            // `site.yaml` (`/about/`) leads to the same page in the
            // pages' language where it exists.
            let path = self.localized.get(path).map_or(path, String::as_str);
            self.base.url(path)
        }
    }

    /// `asset(path)`: the published URL of a static file.
    pub fn asset(&self, path: &str) -> Result<String, String> {
        let key = path.trim_start_matches('/');
        match self.assets.get(key) {
            Some(published) => Ok(self.base.url(published)),
            None => Err(format!(
                "asset `{path}` does not exist: put it in static/ or in the theme's static/ folder"
            )),
        }
    }

    /// A root-relative URL made absolute with the site's origin.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.base.origin)
    }

    /// `skill_url(name)`: the URL of a skill's page, through aliases.
    pub fn skill_url(&self, name: &str) -> Result<String, String> {
        if let Some(url) = self.skill_urls.get(name) {
            return Ok(url.clone());
        }
        let key = self.aliases.key(name);
        if self.skills.contains(&key) {
            Ok(self
                .base
                .url(&format!("{}{}", self.prefix, skill_path(&key))))
        } else {
            Err(format!(
                "no skill named `{name}`: only skills listed by a role or a candidate have a page"
            ))
        }
    }
}

/// Registers the functions and filters on `tera`.
pub fn register(tera: &mut Tera, links: Arc<Links>) {
    let l = Arc::clone(&links);
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let absolute: bool = kwargs.get("absolute")?.unwrap_or(false);
            if absolute && !path.contains(':') {
                Ok(l.base.permalink(path))
            } else {
                Ok(l.url(path))
            }
        },
    );
    let l = Arc::clone(&links);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let key: &str = kwargs.must_get("key")?;
            let n: Option<i64> = kwargs.get("n")?;
            let args: Vec<(String, String)> = kwargs
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), Some("key" | "n")))
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.to_string())))
                .collect();
            let args: Vec<(&str, String)> =
                args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            l.strings.text(&l.language, key, n, &args).ok_or_else(|| {
                Error::message(format!(
                    "no language has the theme string `{key}`: add it to the theme's i18n/{}.yaml",
                    l.language
                ))
            })
        },
    );
    let l = Arc::clone(&links);
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let absolute: bool = kwargs.get("absolute")?.unwrap_or(false);
            let url = l.asset(path).map_err(Error::message)?;
            Ok(if absolute { l.absolute(&url) } else { url })
        },
    );
    let l = Arc::clone(&links);
    tera.register_function(
        "image",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path: &str = kwargs.must_get("path")?;
            let preset: &str = kwargs.must_get("preset")?;
            let set = l.image(path, preset);
            Value::try_from_serializable(&set).map_err(|e| Error::message(e.to_string()))
        },
    );
    let l = Arc::clone(&links);
    tera.register_function(
        "skill_url",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let name: &str = kwargs.must_get("name")?;
            l.skill_url(name).map_err(Error::message)
        },
    );
    let l = Arc::clone(&links);
    tera.register_filter(
        "markdown",
        move |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let inline: bool = kwargs.get("inline")?.unwrap_or(false);
            let rendered = markdown::render(
                text,
                &RenderOptions {
                    base_path: &l.base.path,
                },
            );
            let mut html = rendered.html;
            if inline {
                html = strip_paragraph(&html).to_string();
            }
            Ok(Value::safe_string(&html))
        },
    );
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| slugify(text));
    // `title | wrap(width=24, max=3)`: the lines of a text, for SVG, which
    // does not wrap text by itself (the social card).
    tera.register_filter(
        "wrap",
        |text: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Vec<String>> {
            let width: usize = kwargs.must_get("width")?;
            let max: usize = kwargs.get("max")?.unwrap_or(0);
            Ok(crate::images::cards::wrap(text, width, max))
        },
    );
    tera.register_filter(
        "json",
        |value: &Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let json = serde_json::to_string(value).map_err(|e| Error::message(e.to_string()))?;
            Ok(Value::safe_string(&script_safe(&json)))
        },
    );
}

/// `<p>text</p>\n` -> `text`, for one-paragraph Markdown shown inline.
fn strip_paragraph(html: &str) -> &str {
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}

/// JSON that can sit inside `<script>` without ending it early.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_a_script_element() {
        assert_eq!(
            script_safe(r#"{"a":"</script><b>&"}"#),
            r#"{"a":"\u003c/script\u003e\u003cb\u003e\u0026"}"#
        );
    }

    #[test]
    fn strip_paragraph_only_unwraps_one_paragraph() {
        assert_eq!(
            strip_paragraph("<p>Hi <em>there</em></p>\n"),
            "Hi <em>there</em>"
        );
        assert_eq!(
            strip_paragraph("<p>a</p>\n<p>b</p>\n"),
            "<p>a</p>\n<p>b</p>\n"
        );
    }
}
