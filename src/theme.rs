//! The theme on disk: templates and static files, with the site's own files
//! layered on top.
//!
//! A site-level file always wins over the theme file with the same relative
//! path: `templates/role.html` replaces `themes/default/templates/role.html`,
//! and `static/css/site.css` replaces `themes/default/static/css/site.css`.
//! This module only finds and reads files; [`crate::render`] compiles the
//! templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use crate::content::{is_ignored_name, read_text, relative};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::{self, YamlSource};

/// Folder of the themes, under the site root.
pub const THEMES_DIR: &str = "themes";
/// Folder of the site's template overrides.
pub const SITE_TEMPLATES_DIR: &str = "templates";
/// Folder of the site's static files.
pub const SITE_STATIC_DIR: &str = "static";

/// `themes/<name>/theme.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// Display name.
    pub name: String,
    /// One line about the theme.
    #[serde(default)]
    pub description: Option<String>,
    /// Version of the theme.
    #[serde(default)]
    pub version: Option<String>,
    /// Who made it.
    #[serde(default)]
    pub author: Option<String>,
    /// Its licence.
    #[serde(default)]
    pub license: Option<String>,
    /// Free map, given to templates as `theme.extra`… reserved.
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
}

/// A template's source and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Path relative to the site root.
    pub file: PathBuf,
    /// The template text.
    pub text: String,
}

/// A static file and where it came from.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path relative to the site root.
    pub file: PathBuf,
    /// Absolute path, to read it.
    pub path: PathBuf,
}

/// The theme's files, overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme's folder name.
    pub name: String,
    /// `theme.yaml`.
    pub config: ThemeConfig,
    templates: BTreeMap<String, TemplateSource>,
    statics: BTreeMap<String, StaticFile>,
}

impl Theme {
    /// Reads `themes/<name>/` under `root`, then the site's `templates/` and
    /// `static/` over it.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let theme_dir = Path::new(THEMES_DIR).join(name);
        if !root.join(&theme_dir).is_dir() {
            let available: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
                .map(|entries| {
                    let mut names: Vec<String> = entries
                        .filter_map(Result::ok)
                        .filter(|e| e.path().is_dir())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect();
                    names.sort();
                    names
                })
                .unwrap_or_default();
            let hint = if available.is_empty() {
                "there is no themes/ folder here: run hirepage in the site's folder (--root DIR)"
                    .to_string()
            } else {
                format!("themes available: {}", available.join(", "))
            };
            return Err(Diagnostic::error(
                "unknown-theme",
                crate::config::CONFIG_FILE,
                format!("theme `{name}` does not exist in themes/"),
            )
            .with_hint(hint)
            .into());
        }

        let config_file = theme_dir.join("theme.yaml");
        let config = if root.join(&config_file).is_file() {
            read_text(root, &config_file).and_then(|text| {
                yaml::parse(YamlSource {
                    file: &config_file,
                    text: &text,
                    first_line: 1,
                    has_extra: true,
                })
            })
        } else {
            Err(Diagnostic::error(
                "missing-theme-config",
                &config_file,
                "the theme has no theme.yaml",
            )
            .with_hint("create it with at least `name: <theme name>`"))
        };
        let config = config.unwrap_or_else(|d| {
            diagnostics.push(d);
            ThemeConfig {
                name: name.to_string(),
                description: None,
                version: None,
                author: None,
                license: None,
                extra: Default::default(),
            }
        });

        let mut templates = BTreeMap::new();
        for dir in [
            theme_dir.join("templates"),
            PathBuf::from(SITE_TEMPLATES_DIR),
        ] {
            for (rel_name, file) in list_files(root, &dir, &mut diagnostics) {
                match read_text(root, &file) {
                    Ok(text) => {
                        templates.insert(rel_name, TemplateSource { file, text });
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
        }

        let mut statics = BTreeMap::new();
        for dir in [theme_dir.join("static"), PathBuf::from(SITE_STATIC_DIR)] {
            for (rel_name, file) in list_files(root, &dir, &mut diagnostics) {
                let path = root.join(&file);
                statics.insert(rel_name, StaticFile { file, path });
            }
        }

        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(Theme {
            name: name.to_string(),
            config,
            templates,
            statics,
        })
    }

    /// Whether a template with this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// All template names, sorted.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.templates.keys().map(String::as_str)
    }

    /// All templates, by name.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &TemplateSource)> {
        self.templates.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The source of a template.
    pub fn template(&self, name: &str) -> Option<&TemplateSource> {
        self.templates.get(name)
    }

    /// All static files, by published path (`css/site.css`).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &StaticFile)> {
        self.statics.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The static file published at `path` (no leading slash).
    pub fn static_file(&self, path: &str) -> Option<&StaticFile> {
        self.statics.get(path)
    }
}

/// Files under `root/dir`, as (path relative to `dir` with `/`, path
/// relative to `root`). A missing folder is simply empty.
fn list_files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let abs = root.join(dir);
    if !abs.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&abs).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if entry
                    .path()
                    .strip_prefix(&abs)
                    .unwrap_or(entry.path())
                    .components()
                    .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
                {
                    continue;
                }
                let rel = relative(root, entry.path());
                let name = display_path(entry.path().strip_prefix(&abs).unwrap_or(entry.path()));
                files.push((name, rel));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| dir.to_path_buf());
                let d = match err.loop_ancestor() {
                    Some(ancestor) => Diagnostic::error(
                        "symlink-loop",
                        path,
                        format!(
                            "symbolic link loop: this link leads back to {}",
                            relative(root, ancestor).display()
                        ),
                    )
                    .with_hint("remove the link or point it outside its own folder"),
                    None => Diagnostic::error("io", path, format!("cannot read: {err}")),
                };
                diagnostics.push(d);
            }
        }
    }
    files
}
