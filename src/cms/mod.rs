//! `hirepage cms`: the configuration of a Git-based CMS (Sveltia CMS),
//! generated from the content model, and the check that it still matches.
//!
//! `static/admin/config.yml` gets one collection per kind of content file
//! and one widget per field of the model ([`fields`]), with the model's
//! doc comments as hints; `static/admin/index.html` loads the CMS script,
//! which hirepage carries inside its binary (`vendor/`) and writes beside
//! it, so the site serves the CMS itself and no third-party CDN is needed.
//!
//! Regenerating keeps what the model does not own (see [`merge`]); `check`
//! reports a config whose fields no longer match the model ([`drift`]).

pub(crate) mod fields;
mod i18n;

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::Kind;
use fields::{Doc, Field, Shape, TextKind, text_kind};

/// The CMS's folder in the site.
pub const ADMIN_DIR: &str = "static/admin";
/// The configuration file.
pub const CONFIG_PATH: &str = "static/admin/config.yml";
/// The version of `@sveltia/cms` in `vendor/`.
pub const SVELTIA_VERSION: &str = "0.221.1";
/// The CMS script, from the npm package `@sveltia/cms` (`dist/sveltia-cms.js`).
const SCRIPT: &[u8] = include_bytes!("vendor/sveltia-cms.js");
/// Its licence (MIT), published beside it.
const SCRIPT_LICENSE: &str = include_str!("vendor/LICENSE.txt");

/// The three fonts the script loads from a CDN (jsDelivr's fontsource), with
/// the copies the same npm package ships (`npm/assets/`, SIL Open Font
/// Licence): `hirepage cms` points the script at these, served from
/// `/admin/fonts/`, so that the CMS needs no third-party origin at all.
/// The URLs in the script are relative, so they work under any base path.
const FONTS: &[Font] = &[
    Font {
        cdn_url: "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2",
        file: "source-sans-3-latin-wght-normal.woff2",
        bytes: include_bytes!("vendor/fonts/source-sans-3-latin-wght-normal.woff2"),
        license_file: "source-sans-3.LICENSE.txt",
        license: include_str!("vendor/fonts/source-sans-3.LICENSE.txt"),
    },
    Font {
        cdn_url: "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2",
        file: "noto-mono-latin-400-normal.woff2",
        bytes: include_bytes!("vendor/fonts/noto-mono-latin-400-normal.woff2"),
        license_file: "noto-mono.LICENSE.txt",
        license: include_str!("vendor/fonts/noto-mono.LICENSE.txt"),
    },
    Font {
        cdn_url: "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2",
        file: "material-symbols-outlined-latin-wght-normal.woff2",
        bytes: include_bytes!("vendor/fonts/material-symbols-outlined-latin-wght-normal.woff2"),
        license_file: "material-symbols-outlined.LICENSE.txt",
        license: include_str!("vendor/fonts/material-symbols-outlined.LICENSE.txt"),
    },
];

/// A font of the CMS's interface.
struct Font {
    /// Where the script would load it from.
    cdn_url: &'static str,
    /// Its name under `static/admin/fonts/`.
    file: &'static str,
    bytes: &'static [u8],
    license_file: &'static str,
    license: &'static str,
}

/// The CMS script as the site serves it: the vendored file, with the font
/// URLs pointing at the site's own copies.
pub(crate) fn script() -> Vec<u8> {
    let mut text = String::from_utf8_lossy(SCRIPT).into_owned();
    for font in FONTS {
        text = text.replace(font.cdn_url, &format!("fonts/{}", font.file));
    }
    text.into_bytes()
}
/// Where photos go, and the URL they are published at.
const MEDIA_FOLDER: &str = "static/images";
const PUBLIC_FOLDER: &str = "/images";

/// What the generated config offers in its menus.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Every skill the site names, for the skill lists.
    pub skills: Vec<String>,
    /// The page templates of the theme (and the site), for `template`.
    pub templates: Vec<String>,
}

/// A file `hirepage cms` writes, relative to the site root.
#[derive(Debug, Clone)]
pub struct CmsFile {
    /// `static/admin/config.yml`, …
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The files of the CMS for the site at `root`, the config merged with the
/// one already there.
pub fn generate(root: &Path) -> Result<Vec<CmsFile>, Diagnostics> {
    let options = crate::site::LoadOptions {
        drafts: true,
        base_url: None,
    };
    let site = crate::site::Site::load(root, &options)?;
    let Some(settings) = &site.config.cms else {
        return Err(Diagnostic::error(
            "missing-cms-settings",
            crate::config::CONFIG_FILE,
            "site.yaml says nothing about the CMS's repository",
        )
        .with_hint(
            "add `cms: {repo: owner/name, branch: main}`: the GitHub repository the CMS commits to",
        )
        .into());
    };
    // Every skill the site names, and the other spellings `_data/skills.yaml`
    // accepts for them (a file that says `JS` must find `JS` in the menu).
    let mut skills: Vec<String> = site.skills.iter().map(|s| s.name.clone()).collect();
    if let Some(Value::Mapping(aliases)) = site.data.get("skills").and_then(|d| d.get("aliases")) {
        skills.extend(aliases.keys().filter_map(Value::as_str).map(str::to_string));
    }
    skills.sort_by_key(|s| s.to_lowercase());
    skills.dedup();
    let templates: Vec<String> = site
        .theme
        .template_names()
        .filter(|t| t.ends_with(".html") && !t.contains('/') && *t != "base.html")
        .map(str::to_string)
        .collect();
    let choices = Choices { skills, templates };
    let mut config = config(&site.config, settings, &choices);
    let existing = root.join(CONFIG_PATH);
    if let Ok(text) = std::fs::read_to_string(&existing) {
        let old: Value = serde_yaml::from_str(&text).map_err(|e| {
            Diagnostic::error(
                "invalid-cms-config",
                CONFIG_PATH,
                format!("cannot read the existing CMS config: {e}"),
            )
            .with_hint("fix the YAML, or delete the file to start from a fresh one")
        })?;
        config = merge(&config, &old);
    }
    let yaml = crate::fmt::emit::document(&config)
        .map_err(|e| Diagnostic::error("invalid-cms-config", CONFIG_PATH, e.0))?;
    let header = "# Written by `hirepage cms` from the content model. Run it again after\n\
                  # changing the model; settings it does not write are kept.\n";
    let fonts = FONTS.iter().flat_map(|font| {
        [
            CmsFile {
                path: format!("{ADMIN_DIR}/fonts/{}", font.file),
                bytes: font.bytes.to_vec(),
            },
            CmsFile {
                path: format!("{ADMIN_DIR}/fonts/{}", font.license_file),
                bytes: font.license.as_bytes().to_vec(),
            },
        ]
    });
    Ok([
        CmsFile {
            path: CONFIG_PATH.into(),
            bytes: format!("{header}{yaml}\n").into_bytes(),
        },
        CmsFile {
            path: format!("{ADMIN_DIR}/index.html"),
            bytes: index_html(&site.config).into_bytes(),
        },
        CmsFile {
            path: format!("{ADMIN_DIR}/preview.js"),
            bytes: PREVIEW_JS.as_bytes().to_vec(),
        },
        CmsFile {
            path: format!("{ADMIN_DIR}/sveltia-cms.js"),
            bytes: script(),
        },
        CmsFile {
            path: format!("{ADMIN_DIR}/sveltia-cms.LICENSE.txt"),
            bytes: SCRIPT_LICENSE.as_bytes().to_vec(),
        },
    ]
    .into_iter()
    .chain(fonts)
    .collect())
}

/// Whether `site.yaml` keeps the names of the files under `static/admin/`
/// (`keep_names: [admin/]`): `index.html` loads `sveltia-cms.js` by that
/// name, so it must not get a content hash.
pub fn admin_keeps_its_names(root: &Path) -> bool {
    SiteConfig::load(root).is_ok_and(|c| keeps_admin(&c))
}

fn keeps_admin(config: &SiteConfig) -> bool {
    config
        .keep_names
        .iter()
        .any(|n| n.trim_matches('/') == "admin")
}

/// Adds `keep_names: [admin/]` to a `site.yaml` that has no `keep_names`
/// yet; returns whether it did. A site that lists other names already is
/// left to its owner (`hirepage cms` says what to add).
pub fn keep_admin_names(root: &Path) -> Result<bool, Diagnostic> {
    let path = root.join(crate::config::CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(
            "io",
            crate::config::CONFIG_FILE,
            format!("cannot read the file: {e}"),
        )
    })?;
    if text.lines().any(|l| l.starts_with("keep_names")) {
        return Ok(false);
    }
    let mut text = text;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(
        "keep_names: [admin/]                  # hirepage cms: /admin/ loads its script by name\n",
    );
    std::fs::write(&path, text).map_err(|e| {
        Diagnostic::error(
            "io",
            crate::config::CONFIG_FILE,
            format!("cannot write the file: {e}"),
        )
    })?;
    Ok(true)
}

/// Writes the CMS's files under `root`.
pub fn write(root: &Path, files: &[CmsFile]) -> Result<(), Diagnostic> {
    for file in files {
        let path = root.join(&file.path);
        let io = |e: std::io::Error| {
            Diagnostic::error("io", &file.path, format!("cannot write the file: {e}"))
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        if std::fs::read(&path).is_ok_and(|old| old == file.bytes) {
            continue;
        }
        std::fs::write(&path, &file.bytes).map_err(io)?;
    }
    Ok(())
}

/// The page that loads the CMS: its script from the site itself, and the
/// theme's stylesheet for the preview pane.
fn index_html(config: &SiteConfig) -> String {
    let title = config.title.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Content manager · {title}</title>
  <!-- Written by `hirepage cms`. Sveltia CMS {SVELTIA_VERSION}, served by the site itself
       (licence: sveltia-cms.LICENSE.txt). It reads config.yml from this folder. -->
  <script src="sveltia-cms.js"></script>
  <script src="preview.js"></script>
</head>
<body></body>
</html>
"#,
        lang = config.language,
    )
}

/// The preview script: gives the preview pane the theme's stylesheet. The
/// stylesheet's published name carries a content hash that changes with
/// every edit of the CSS, so the script reads it from the home page rather
/// than naming it. It is a file, not an inline script, so the `/admin/`
/// CSP needs no `'unsafe-inline'` for scripts.
const PREVIEW_JS: &str = r#"// Written by `hirepage cms`: the preview pane uses the theme's stylesheet.
(async () => {
  const home = new URL('../', document.baseURI);
  const html = await (await fetch(home)).text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const link of doc.querySelectorAll('link[rel="stylesheet"]')) {
    CMS.registerPreviewStyle(new URL(link.getAttribute('href'), home).href);
  }
})();
"#;

/// The whole config, from the model.
pub fn config(
    site: &SiteConfig,
    settings: &crate::config::CmsSettings,
    choices: &Choices,
) -> Value {
    let mut root = Mapping::new();
    let mut backend = Mapping::new();
    backend.insert("name".into(), "github".into());
    backend.insert("repo".into(), settings.repo.clone().into());
    backend.insert("branch".into(), settings.branch.clone().into());
    root.insert("backend".into(), Value::Mapping(backend));
    // Every save opens a pull request; CI checks and previews it.
    root.insert("publish_mode".into(), "editorial_workflow".into());
    root.insert("media_folder".into(), MEDIA_FOLDER.into());
    root.insert("public_folder".into(), PUBLIC_FOLDER.into());
    root.insert("site_url".into(), site.base_url.clone().into());
    let mut output = Mapping::new();
    // Absent optional fields stay absent: the form `hirepage fmt` writes.
    output.insert("omit_empty_optional_fields".into(), true.into());
    root.insert("output".into(), Value::Mapping(output));
    let mut slug = Mapping::new();
    // File names as `slugify` makes them: lowercase ASCII and dashes.
    slug.insert("encoding".into(), "ascii".into());
    slug.insert("clean_accents".into(), true.into());
    root.insert("slug".into(), Value::Mapping(slug));
    root.insert("collections".into(), Value::Sequence(collections(choices)));
    let mut config = Value::Mapping(root);
    i18n::add(&mut config, site);
    config
}

/// The collections: roles, skills and pages as folders, the home page and
/// the data files as one file collection.
pub fn collections(choices: &Choices) -> Vec<Value> {
    let folder = |kind: Kind, name: &str, label: &str, singular: &str, extra: &[(&str, &str)]| {
        let mut c = Mapping::new();
        c.insert("name".into(), name.into());
        c.insert("label".into(), label.into());
        c.insert("label_singular".into(), singular.into());
        c.insert(
            "folder".into(),
            kind.files().trim_end_matches("/*.md").into(),
        );
        c.insert("extension".into(), "md".into());
        c.insert("format".into(), "yaml-frontmatter".into());
        c.insert("create".into(), true.into());
        for (k, v) in extra {
            c.insert((*k).into(), (*v).into());
        }
        c.insert("fields".into(), content_fields(kind, choices));
        Value::Mapping(c)
    };
    let mut files = Vec::new();
    let mut home = Mapping::new();
    home.insert("name".into(), "home".into());
    home.insert("label".into(), "Home page".into());
    home.insert("file".into(), Kind::Home.files().into());
    home.insert("format".into(), "yaml-frontmatter".into());
    home.insert("fields".into(), content_fields(Kind::Home, choices));
    files.push(Value::Mapping(home));
    for doc in Doc::DATA {
        let path = doc.data_file().unwrap_or_default();
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".yaml");
        let mut file = Mapping::new();
        file.insert("name".into(), stem.into());
        file.insert("label".into(), data_label(doc).into());
        file.insert("file".into(), path.into());
        file.insert("format".into(), "yaml".into());
        file.insert(
            "fields".into(),
            Value::Sequence(
                doc.fields()
                    .iter()
                    .filter_map(|f| widget(f, choices))
                    .collect(),
            ),
        );
        files.push(Value::Mapping(file));
    }
    let mut site = Mapping::new();
    site.insert("name".into(), "site".into());
    site.insert("label".into(), "Home page and shared data".into());
    site.insert("files".into(), Value::Sequence(files));
    vec![
        folder(
            Kind::Role,
            "roles",
            "Roles",
            "Role",
            &[
                ("identifier_field", "title"),
                // "Backend Developer" -> backend-developers.md -> /hire/backend-developers/
                ("slug", "{{role}}s"),
                ("summary", "{{title}}"),
                ("preview_path", "hire/{{slug}}/"),
                (
                    "description",
                    "One page per role at /hire/<file name>/. The file name comes from the role, plural: Backend Developer -> backend-developers.",
                ),
            ],
        ),
        folder(
            Kind::Skill,
            "skills",
            "Skills",
            "Skill",
            &[
                ("identifier_field", "title"),
                ("preview_path", "hire/{{slug}}-developers/"),
                (
                    "description",
                    "Copy for a skill page. Name the file after the skill in lowercase (go, python, csharp for C#, nodejs for Node.js); the page exists as long as a role or candidate lists the skill.",
                ),
            ],
        ),
        folder(
            Kind::Location,
            "locations",
            "Locations",
            "Location",
            &[
                ("identifier_field", "name"),
                ("slug", "{{name}}"),
                ("summary", "{{name}}"),
                ("preview_path", "hire/developers-in-{{slug}}/"),
                (
                    "description",
                    "A country or city the talent comes from, with its hub page at /hire/developers-in-<file name>/. Candidates name it in their `location`. Copy for one role there (content/locations/<location>/<role>.md) is edited as a text file.",
                ),
            ],
        ),
        folder(
            Kind::Page,
            "pages",
            "Pages",
            "Page",
            &[
                ("identifier_field", "title"),
                ("preview_path", "{{slug}}/"),
                (
                    "description",
                    "Plain pages such as About or Contact, at /<file name>/.",
                ),
            ],
        ),
        Value::Mapping(site),
    ]
}

fn data_label(doc: Doc) -> &'static str {
    match doc {
        Doc::Fluency => "AI fluency levels",
        Doc::Process => "Hiring process",
        Doc::SkillAliases => "Skill aliases",
        Doc::Content(_) => "",
    }
}

/// The fields of a kind of content file, then its Markdown body.
fn content_fields(kind: Kind, choices: &Choices) -> Value {
    let mut list: Vec<Value> = Doc::Content(kind)
        .fields()
        .iter()
        .filter_map(|f| widget(f, choices))
        .collect();
    let mut body = Mapping::new();
    body.insert("name".into(), "body".into());
    body.insert(
        "label".into(),
        if kind == Kind::Role {
            "Hiring guide"
        } else {
            "Body"
        }
        .into(),
    );
    body.insert("widget".into(), "markdown".into());
    body.insert("required".into(), false.into());
    body.insert(
        "hint".into(),
        "Markdown. The ## headings form the table of contents.".into(),
    );
    // The raw editor first: it saves the Markdown as typed, so a save
    // changes only what was edited (the rich-text editor rewrites it).
    body.insert(
        "modes".into(),
        Value::Sequence(vec!["raw".into(), "rich_text".into()]),
    );
    list.push(Value::Mapping(body));
    Value::Sequence(list)
}

/// "interview_questions" -> "Interview questions".
pub(crate) fn label(name: &str) -> String {
    match name {
        "cta" => return "Call to action".into(),
        "url" => return "URL".into(),
        "faq" => return "FAQ".into(),
        _ => {}
    }
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The widget of one field, or `None` for a field no widget can edit
/// (`extra`, a free nested map: it is edited in Git, and the CMS keeps it).
pub(crate) fn widget(field: &Field, choices: &Choices) -> Option<Value> {
    if !crate::fmt::has_widget(field) {
        return None;
    }
    let mut w = Mapping::new();
    w.insert("name".into(), field.name.clone().into());
    w.insert("label".into(), label(&field.name).into());
    shape_widget(&field.name, &field.shape, choices, &mut w);
    if !field.required {
        w.insert("required".into(), false.into());
    }
    if let Some(hint) = &field.description {
        w.insert("hint".into(), hint.replace('\n', " ").into());
    }
    Some(Value::Mapping(w))
}

fn shape_widget(name: &str, shape: &Shape, choices: &Choices, w: &mut Mapping) {
    let set = |w: &mut Mapping, k: &str, v: Value| {
        w.insert(k.into(), v);
    };
    let strings =
        |items: &[String]| Value::Sequence(items.iter().map(|s| s.clone().into()).collect());
    match shape {
        Shape::String if name == "template" && !choices.templates.is_empty() => {
            set(w, "widget", "select".into());
            set(w, "options", strings(&choices.templates));
        }
        Shape::String if text_kind(name) == TextKind::Image => set(w, "widget", "image".into()),
        Shape::String if text_kind(name) == TextKind::Markdown => {
            set(w, "widget", "markdown".into());
            set(
                w,
                "modes",
                Value::Sequence(vec!["raw".into(), "rich_text".into()]),
            );
        }
        Shape::String if text_kind(name) == TextKind::Text => set(w, "widget", "text".into()),
        Shape::String if text_kind(name) == TextKind::Slug => {
            set(w, "widget", "string".into());
            set(
                w,
                "pattern",
                Value::Sequence(vec![
                    "^[a-z0-9]+(-[a-z0-9]+)*$".into(),
                    "lowercase letters, digits and dashes, such as data-engineers".into(),
                ]),
            );
        }
        Shape::String => set(w, "widget", "string".into()),
        Shape::Date => {
            set(w, "widget", "datetime".into());
            set(w, "format", "YYYY-MM-DD".into());
            set(w, "time_format", false.into());
        }
        Shape::Integer => {
            set(w, "widget", "number".into());
            set(w, "value_type", "int".into());
        }
        Shape::Number => {
            set(w, "widget", "number".into());
            set(w, "value_type", "float".into());
        }
        Shape::Boolean => {
            set(w, "widget", "boolean".into());
            set(w, "default", false.into());
        }
        Shape::Choice(options) => {
            set(w, "widget", "select".into());
            set(w, "options", strings(options));
        }
        Shape::Object(fields) => {
            set(w, "widget", "object".into());
            set(
                w,
                "fields",
                Value::Sequence(fields.iter().filter_map(|f| widget(f, choices)).collect()),
            );
        }
        Shape::FreeMap { .. } => set(w, "widget", "keyvalue".into()),
        Shape::List(item) => match (name, item.as_ref()) {
            ("related", Shape::String) => {
                set(w, "widget", "relation".into());
                set(w, "collection", "roles".into());
                set(w, "value_field", "{{slug}}".into());
                set(w, "search_fields", Value::Sequence(vec!["title".into()]));
                set(w, "display_fields", Value::Sequence(vec!["title".into()]));
                set(w, "multiple", true.into());
            }
            ("skills", Shape::String) if !choices.skills.is_empty() => {
                set(w, "widget", "select".into());
                set(w, "multiple", true.into());
                set(w, "options", strings(&choices.skills));
            }
            (_, Shape::Object(fields)) => {
                set(w, "widget", "list".into());
                if let Some(first) = fields.iter().find(|f| f.required) {
                    set(
                        w,
                        "summary",
                        format!("{{{{fields.{}}}}}", first.name).into(),
                    );
                }
                set(
                    w,
                    "fields",
                    Value::Sequence(fields.iter().filter_map(|f| widget(f, choices)).collect()),
                );
            }
            (_, item) => {
                set(w, "widget", "list".into());
                let mut inner = Mapping::new();
                inner.insert("name".into(), "item".into());
                inner.insert("label".into(), label(name).into());
                shape_widget("item", item, choices, &mut inner);
                set(w, "field", Value::Mapping(inner));
            }
        },
    }
}

/// The keys of a config (or a collection, or a field) that `hirepage cms`
/// writes; every other key of the old file is kept.
fn is_named_list(key: &str) -> bool {
    matches!(key, "collections" | "files" | "fields")
}

/// `generated` with what `old` adds: keys it does not write are kept at
/// any depth (a `logo_url`, a collection's `sortable_fields`, a field's
/// `default`), and so are collections and files of its own; fields are the
/// model's, so a field `old` has and the model lacks is not kept.
pub fn merge(generated: &Value, old: &Value) -> Value {
    merge_at(generated, old, "", false)
}

/// The keys of a field that say what the model says: the generated value
/// wins, and where it writes none (`required` of a required field) the old
/// one goes too.
const FIELD_KEYS_OF_THE_MODEL: &[&str] = &[
    "required",
    "widget",
    "fields",
    "field",
    "options",
    "multiple",
    "value_type",
    "format",
    "time_format",
    "collection",
    "value_field",
];

fn merge_at(generated: &Value, old: &Value, key: &str, is_field: bool) -> Value {
    match (generated, old) {
        (Value::Mapping(g), Value::Mapping(o)) => {
            let mut out = g.clone();
            for (k, gv) in g {
                if let Some(ov) = o.get(k) {
                    let name = k.as_str().unwrap_or_default();
                    out.insert(k.clone(), merge_at(gv, ov, name, false));
                }
            }
            for (k, ov) in o {
                let owned = is_field
                    && k.as_str()
                        .is_some_and(|k| FIELD_KEYS_OF_THE_MODEL.contains(&k));
                if !g.contains_key(k) && !owned {
                    out.insert(k.clone(), ov.clone());
                }
            }
            Value::Mapping(out)
        }
        (Value::Sequence(g), Value::Sequence(o)) if is_named_list(key) => {
            let name_of = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_string);
            let mut out: Vec<Value> = g
                .iter()
                .map(|gv| {
                    let old_item = o
                        .iter()
                        .find(|ov| name_of(ov).is_some() && name_of(ov) == name_of(gv));
                    match old_item {
                        Some(ov) => merge_at(gv, ov, "", key == "fields"),
                        None => gv.clone(),
                    }
                })
                .collect();
            if key != "fields" {
                out.extend(
                    o.iter()
                        .filter(|ov| !g.iter().any(|gv| name_of(gv) == name_of(ov)))
                        .cloned(),
                );
            }
            Value::Sequence(out)
        }
        _ => generated.clone(),
    }
}

/// Compares `static/admin/config.yml` (if the site has one) with the model:
/// every field the model has, nothing else, with the same required flags.
pub fn drift(root: &Path) -> Diagnostics {
    let mut out = Diagnostics::new();
    let Ok(text) = std::fs::read_to_string(root.join(CONFIG_PATH)) else {
        return out;
    };
    let config: Value = match serde_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            let mut d = Diagnostic::error(
                "invalid-cms-config",
                CONFIG_PATH,
                format!("the CMS config is not valid YAML: {e}"),
            );
            if let Some(l) = e.location() {
                d = d.at(l.line(), l.column());
            }
            out.push(d.with_hint("fix it, or run `hirepage cms` to write it again"));
            return out;
        }
    };
    // (A site.yaml that does not load is reported by the build itself.)
    if SiteConfig::load(root).is_ok_and(|c| !keeps_admin(&c)) {
        out.push(
            Diagnostic::error(
                "cms-script-renamed",
                crate::config::CONFIG_FILE,
                "static/admin/ holds the CMS, but the build gives its script a content-hashed name that /admin/index.html cannot find",
            )
            .with_hint("add `admin/` to `keep_names:` in site.yaml (`hirepage cms` does it for a site.yaml without keep_names)"),
        );
    }
    let expected = collections(&Choices::default());
    let found = config.get("collections").and_then(Value::as_sequence);
    let lines = LineFinder { text: &text };
    for collection in &expected {
        let cname = collection
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let have = found.and_then(|cs| {
            cs.iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(cname))
        });
        let Some(have) = have else {
            out.push(drift_error(
                &lines,
                &[cname],
                format!("the CMS config has no collection `{cname}`"),
            ));
            continue;
        };
        if let Some(files) = collection.get("files").and_then(Value::as_sequence) {
            for file in files {
                let fname = file.get("name").and_then(Value::as_str).unwrap_or_default();
                let have_file = have
                    .get("files")
                    .and_then(Value::as_sequence)
                    .and_then(|fs| {
                        fs.iter()
                            .find(|f| f.get("name").and_then(Value::as_str) == Some(fname))
                    });
                match have_file {
                    Some(h) => compare_fields(file, h, &[cname, fname], &lines, &mut out),
                    None => out.push(drift_error(
                        &lines,
                        &[cname],
                        format!("the CMS collection `{cname}` has no file `{fname}`"),
                    )),
                }
            }
        } else {
            compare_fields(collection, have, &[cname], &lines, &mut out);
        }
    }
    out
}

/// Compares the `fields` (or the one `field` of a list) of two config nodes.
fn compare_fields(
    expected: &Value,
    found: &Value,
    path: &[&str],
    lines: &LineFinder<'_>,
    out: &mut Diagnostics,
) {
    // Only `fields` holds model fields: the one `field` of a list of text
    // is the list's item, not a field of the model.
    let list = |v: &Value| -> Vec<Value> {
        v.get("fields")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default()
    };
    let name = |v: &Value| {
        v.get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (want, have) = (list(expected), list(found));
    let at = path.join(".");
    for w in &want {
        let n = name(w);
        let mut p = path.to_vec();
        p.push(&n);
        match have.iter().find(|h| name(h) == n) {
            None => out.push(drift_error(
                lines,
                path,
                format!("`{at}` has no field `{n}`, which the content model has"),
            )),
            Some(h) => {
                // The CMS's default for `required` is true.
                let required =
                    |v: &Value| v.get("required").and_then(Value::as_bool).unwrap_or(true);
                if required(w) != required(h) {
                    out.push(drift_error(
                        lines,
                        &p,
                        format!(
                            "field `{at}.{n}` is {} in the CMS config but {} in the content model",
                            if required(h) { "required" } else { "optional" },
                            if required(w) { "required" } else { "optional" },
                        ),
                    ));
                }
                compare_fields(w, h, &p, lines, out);
            }
        }
    }
    for h in &have {
        let n = name(h);
        if !want.iter().any(|w| name(w) == n) {
            let mut p = path.to_vec();
            p.push(&n);
            out.push(drift_error(
                lines,
                &p,
                format!("`{at}` has a field `{n}` that the content model does not have"),
            ));
        }
    }
}

fn drift_error(lines: &LineFinder<'_>, path: &[&str], message: String) -> Diagnostic {
    let mut d = Diagnostic::error("cms-drift", CONFIG_PATH, message)
        .with_hint("run `hirepage cms` to write the config again from the model (settings it does not write are kept)");
    if let Some((line, column)) = lines.find(path) {
        d = d.at(line, column);
    }
    d
}

/// Finds the line of a `name: x` entry in the config text, following a path
/// of names (collection, file, field, …) from the top.
struct LineFinder<'a> {
    text: &'a str,
}

impl LineFinder<'_> {
    fn find(&self, path: &[&str]) -> Option<(usize, usize)> {
        let mut from = 0;
        let mut found = None;
        for name in path {
            let (i, col) = self
                .text
                .lines()
                .enumerate()
                .skip(from)
                .find_map(|(i, l)| {
                    let t = l.trim_start().trim_start_matches("- ");
                    let value = t.strip_prefix("name:")?.trim();
                    (value.trim_matches(['\'', '"']) == *name)
                        .then(|| (i, l.len() - l.trim_start().len() + 1))
                })?;
            from = i + 1;
            found = Some((i + 1, col));
        }
        found
    }
}

#[cfg(test)]
mod tests;
