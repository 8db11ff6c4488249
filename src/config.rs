//! `site.yaml`: the site's configuration.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::model::{CallToAction, Extra};
use crate::diagnostics::Diagnostic;
use crate::yaml::{self, YamlSource};

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The parsed `site.yaml`. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The text of `site.yaml`, to point at its values in errors.
    #[serde(skip)]
    pub source: String,
    /// Site name, used in titles and the Organization JSON-LD.
    pub title: String,
    /// Absolute URL the site is published at, e.g. `https://example.com/`.
    pub base_url: String,
    /// Folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The default language: the `lang` of the pages at the root.
    #[serde(default = "default_language")]
    pub language: String,
    /// More languages, by code (`es`, `pt-BR`): each one's pages live
    /// under `/<code>/`, and its entry overrides the site's text fields.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageSettings>,
    /// Default meta description.
    #[serde(default)]
    pub description: Option<String>,
    /// Default call to action, used where a page gives none.
    #[serde(default)]
    pub cta: Option<CallToAction>,
    /// How many interview questions a role page shows before linking to all.
    #[serde(default = "default_preview")]
    pub interview_questions_preview: usize,
    /// Roles on one page of the directory (`/hire/`, `/hire/page/2/`, …),
    /// so that no page grows with the site.
    #[serde(default = "default_directory_page_size")]
    pub directory_page_size: usize,
    /// Shrink HTML and CSS.
    #[serde(default = "default_true")]
    pub minify: bool,
    /// Write `.gz` and `.br` beside each text file.
    #[serde(default)]
    pub precompress: bool,
    /// Static files published under their own names (no content hash).
    #[serde(default)]
    pub keep_names: Vec<String>,
    /// The Git-based CMS's repository and branch (`hirepage cms`).
    #[serde(default)]
    pub cms: Option<CmsSettings>,
    /// When a role or skill gets a page in a location.
    #[serde(default)]
    pub location_pages: LocationPages,
    /// Old URLs and where they lead now: `{"/old/": "/new/"}`.
    #[serde(default)]
    pub redirects: std::collections::BTreeMap<String, String>,
    /// The image every page shares (`og:image`) instead of its generated
    /// social card: a file under `static/`, e.g. `/images/share.png`.
    #[serde(default)]
    pub og_image: Option<String>,
    /// Draw a social card for each role, skill, location, combination,
    /// home and directory page. Off, pages without `og_image` have none.
    #[serde(default = "default_true")]
    pub social_cards: bool,
    /// Free map for themes.
    #[serde(default)]
    pub extra: Extra,
}

/// One entry of `languages:` in `site.yaml`: the site's text in that
/// language. A field left out keeps the default language's value.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    /// Site name in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// Default meta description in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// Default call to action in this language.
    #[serde(default)]
    pub cta: Option<CallToAction>,
    /// Keys of `extra` given again in this language (`tagline`, `nav`):
    /// each replaces the default's key of the same name.
    #[serde(default)]
    pub extra: Extra,
}

/// `cms:` in `site.yaml`: where the Git-based CMS commits.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CmsSettings {
    /// The GitHub repository, `owner/name`.
    pub repo: String,
    /// The branch the site is published from.
    #[serde(default = "default_branch")]
    pub branch: String,
}

/// `location_pages:` in `site.yaml`: the bar a role or skill must pass in
/// a location to get a page there.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocationPages {
    /// Candidates of the role (or with the skill) a location needs before
    /// `/hire/<role>-in-<location>/` is made, unless copy of its own
    /// (`content/locations/<location>/<role>.md`) asks for it.
    #[serde(default = "default_min_candidates")]
    pub min_candidates: usize,
}

impl Default for LocationPages {
    fn default() -> Self {
        LocationPages {
            min_candidates: default_min_candidates(),
        }
    }
}

fn default_min_candidates() -> usize {
    3
}

fn default_branch() -> String {
    "main".into()
}

fn default_theme() -> String {
    "default".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_preview() -> usize {
    4
}
fn default_directory_page_size() -> usize {
    100
}
fn default_true() -> bool {
    true
}

impl SiteConfig {
    /// Reads and checks `site.yaml` in `root`.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let file = Path::new(CONFIG_FILE);
        let text = crate::files::read_text(root, file)?;
        if text.trim().is_empty() {
            return Err(Diagnostic::error("empty-file", file, "site.yaml is empty")
                .with_hint("it needs at least `title:` and `base_url:`"));
        }
        let mut config: SiteConfig = yaml::parse(YamlSource {
            file,
            text: &text,
            first_line: 1,
            has_extra: true,
        })?;
        config.validate(file, &text)?;
        yaml::check_map_keys(file, "`extra`", &config.extra)?;
        config.source = text;
        Ok(config)
    }

    /// The configuration as the pages of language `code` see it: its
    /// entry under `languages:` laid over the site's text fields, and
    /// `language` set to `code`. The default language gets itself.
    pub fn for_language(&self, code: &str) -> SiteConfig {
        let mut config = self.clone();
        let Some(language) = self.languages.get(code) else {
            return config;
        };
        config.language = code.to_string();
        if let Some(title) = &language.title {
            config.title = title.clone();
        }
        if language.description.is_some() {
            config.description = language.description.clone();
        }
        if language.cta.is_some() {
            config.cta = language.cta.clone();
        }
        for (key, value) in &language.extra {
            config.extra.insert(key.clone(), value.clone());
        }
        config
    }

    /// Every language of the site, the default first.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str()).chain(self.languages.keys().map(String::as_str))
    }

    fn validate(&self, file: &Path, text: &str) -> Result<(), Diagnostic> {
        if parse_base_url(&self.base_url).is_none() {
            let line = line_of_key(text, "base_url");
            return Err(Diagnostic::error(
                "invalid-value",
                file,
                format!(
                    "base_url `{}` is not an absolute http(s) URL",
                    self.base_url
                ),
            )
            .at_line(line)
            .with_hint("write it in full, such as `base_url: https://www.example.com/`"));
        }
        if self.theme.is_empty() || self.theme.contains(['/', '\\']) || self.theme.starts_with('.')
        {
            return Err(Diagnostic::error(
                "invalid-value",
                file,
                format!("theme `{}` is not a folder name", self.theme),
            )
            .at_line(line_of_key(text, "theme"))
            .with_hint("name a folder under `themes/`, such as `theme: default`"));
        }
        if self.location_pages.min_candidates == 0 {
            return Err(Diagnostic::error(
                "invalid-value",
                file,
                "`location_pages.min_candidates` is 0: every role and skill would get a page in every location, candidates or not",
            )
            .at_line(line_of_key(text, "location_pages"))
            .with_hint("write 1 or more (the default is 3)"));
        }
        if self.directory_page_size == 0 {
            return Err(Diagnostic::error(
                "invalid-value",
                file,
                "`directory_page_size` is 0: the directory would have no room for a role",
            )
            .at_line(line_of_key(text, "directory_page_size"))
            .with_hint("write 1 or more (the default is 100)"));
        }
        for code in std::iter::once(&self.language).chain(self.languages.keys()) {
            if !is_language_code(code) {
                let (line, column) = crate::content::locate(text, code).unwrap_or((1, 1));
                return Err(Diagnostic::error(
                    "unknown-language",
                    file,
                    format!("`{code}` is not a language code"),
                )
                .at(line, column)
                .with_hint(
                    "write a code such as `en`, `es`, `pt` or `pt-BR` (BCP 47: two or three \
                     lowercase letters, then `-` and a region or script if needed)",
                ));
            }
        }
        if self.languages.contains_key(&self.language) {
            let (line, column) = key_value_position_in(text, &self.language);
            return Err(Diagnostic::error(
                "unknown-language",
                file,
                format!(
                    "`{}` is the default language (`language:`) and cannot be listed under `languages:` too",
                    self.language
                ),
            )
            .at(line, column)
            .with_hint("list only the other languages under `languages:`"));
        }
        let ctas = self.languages.values().filter_map(|l| l.cta.as_ref());
        for cta in self.cta.iter().chain(ctas) {
            if crate::url::is_safe_url(&cta.url) {
                continue;
            }
            let (line, column) = crate::content::locate(text, &cta.url).unwrap_or((1, 1));
            return Err(Diagnostic::error(
                "unsafe-url",
                file,
                format!("`{}` is not a web, mail or phone link", cta.url),
            )
            .at(line, column)
            .with_hint(
                "link to a page of the site (`/contact/`) or to an http(s), mailto: or tel: URL",
            ));
        }
        for (code, language) in &self.languages {
            yaml::check_map_keys(file, &format!("`languages.{code}.extra`"), &language.extra)?;
        }
        Ok(())
    }
}

/// Whether `code` reads as a BCP 47 language tag: two or three lowercase
/// letters, then `-` and letters or digits (`pt-BR`, `zh-Hant`).
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Where `code:` stands as a key under `languages:` (1, 1 if not found).
fn key_value_position_in(text: &str, code: &str) -> (usize, usize) {
    let needle = format!("{code}:");
    text.find(&format!("\n  {needle}"))
        .map(|i| crate::diagnostics::line_col(text, i + 3))
        .unwrap_or((1, 1))
}

/// The 1-based line on which a top-level `key:` appears (1 if absent).
fn line_of_key(text: &str, key: &str) -> usize {
    crate::diagnostics::key_value_position(text, key).map_or(1, |(line, _)| line)
}

/// A base URL split into its origin (`https://example.com`) and its path
/// (`/preview/pr-42/`, always with a leading and trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash.
    pub origin: String,
    /// Path prefix of every page, starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    /// The absolute URL of a site path such as `/hire/`.
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.url(site_path))
    }

    /// The root-relative URL of a site path, with the base path in front:
    /// `/hire/` becomes `/preview/pr-42/hire/` under a sub-path deployment.
    pub fn url(&self, site_path: &str) -> String {
        let site_path = site_path.trim_start_matches('/');
        format!("{}{}", self.path, site_path)
    }
}

/// Splits an absolute `http(s)` URL, or returns `None` if it is not one.
pub fn parse_base_url(url: &str) -> Option<BaseUrl> {
    let rest = url
        .strip_prefix("https://")
        .map(|r| ("https://", r))
        .or_else(|| url.strip_prefix("http://").map(|r| ("http://", r)))?;
    let (scheme, rest) = rest;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#']) {
        return None;
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    Some(BaseUrl {
        origin: format!("{scheme}{host}"),
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_sub_paths() {
        let b = parse_base_url("https://example.com/preview/pr-42").unwrap();
        assert_eq!(b.origin, "https://example.com");
        assert_eq!(b.path, "/preview/pr-42/");
        assert_eq!(b.url("/hire/"), "/preview/pr-42/hire/");
        assert_eq!(b.permalink("/"), "https://example.com/preview/pr-42/");
        let root = parse_base_url("http://127.0.0.1:1111").unwrap();
        assert_eq!(root.url("/hire/a/"), "/hire/a/");
    }

    #[test]
    fn base_url_must_be_absolute() {
        assert!(parse_base_url("example.com").is_none());
        assert!(parse_base_url("/docs/").is_none());
        assert!(parse_base_url("https:///x").is_none());
    }

    #[test]
    fn language_codes_follow_bcp_47() {
        for good in ["en", "es", "pt", "pt-BR", "zh-Hant", "fil"] {
            assert!(is_language_code(good), "{good}");
        }
        for bad in ["", "e", "EN", "english", "pt_BR", "es-", "../x", "es/"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn line_of_key_finds_top_level_keys() {
        assert_eq!(line_of_key("title: x\nbase_url: y\n", "base_url"), 2);
        assert_eq!(line_of_key("title: x\n", "theme"), 1);
    }
}
