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

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files::{is_ignored_name, read_text, relative};
use crate::yaml::{self, YamlSource};

/// Folder of the themes, under the site root.
pub const THEMES_DIR: &str = "themes";
/// Folder of the site's template overrides.
pub const SITE_TEMPLATES_DIR: &str = "templates";
/// Folder of the site's static files.
pub const SITE_STATIC_DIR: &str = "static";
/// Folder of the fonts social cards are drawn with, in a theme and in a
/// site: never published, never looked up on the system.
pub const FONTS_DIR: &str = "fonts";

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
    /// Image presets by name (`avatar`, `content`, `hero`, `social`): the
    /// widths each use of an image is published in. Those it leaves out
    /// are [`crate::images::default_presets`].
    #[serde(default)]
    pub images: Option<BTreeMap<String, crate::images::Preset>>,
}

impl ThemeConfig {
    /// The image presets: the theme's, and the defaults of those it does
    /// not name (the ones front matter and Markdown images are shown in).
    pub fn presets(&self) -> BTreeMap<String, crate::images::Preset> {
        let mut presets = crate::images::default_presets();
        presets.extend(self.images.clone().unwrap_or_default());
        presets
    }
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
    /// Path relative to the site root (for a built-in file, where it would
    /// be: `themes/default/static/…`).
    pub file: PathBuf,
    source: Source,
}

/// Where the bytes of a theme file are.
#[derive(Debug, Clone)]
enum Source {
    /// On disk, at this absolute path.
    Disk(PathBuf),
    /// In the binary: the built-in default theme.
    Builtin(&'static [u8]),
}

impl StaticFile {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match &self.source {
            Source::Disk(path) => std::fs::read(path),
            Source::Builtin(bytes) => Ok(bytes.to_vec()),
        }
    }
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
    fonts: BTreeMap<String, StaticFile>,
    /// `i18n/<code>.yaml` of each language, in layers (the built-in
    /// theme, the theme folder, the site's `i18n/`): a later layer's keys
    /// replace an earlier one's.
    i18n: BTreeMap<String, Vec<TemplateSource>>,
}

/// The name of the theme built into the binary.
pub const DEFAULT_THEME: &str = "default";

/// The files of `themes/default/` at build time, by path inside the theme
/// (`templates/role.html`), sorted: see `build.rs`.
const BUILTIN: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

impl Theme {
    /// Reads the theme `name` in layers, each file of a later layer
    /// replacing the one with the same path: the built-in default theme
    /// (for `default`), then `themes/<name>/` under `root`, then the site's
    /// own `templates/` and `static/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let theme_dir = Path::new(THEMES_DIR).join(name);
        let builtin = name == DEFAULT_THEME;
        if !builtin && !root.join(&theme_dir).is_dir() {
            return Err(unknown_theme(root, name).into());
        }
        let mut diagnostics = Diagnostics::new();
        let config = load_config(root, &theme_dir, builtin).unwrap_or_else(|d| {
            diagnostics.push(d);
            ThemeConfig {
                name: name.to_string(),
                description: None,
                version: None,
                author: None,
                license: None,
                extra: Default::default(),
                images: None,
            }
        });

        let mut templates = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut fonts = BTreeMap::new();
        let mut i18n: BTreeMap<String, Vec<TemplateSource>> = BTreeMap::new();
        if builtin {
            for (path, bytes) in BUILTIN {
                let file = theme_dir.join(path);
                if let Some(name) = path.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    templates.insert(name.to_string(), TemplateSource { file, text });
                } else if let Some(name) = path.strip_prefix("static/") {
                    let source = Source::Builtin(bytes);
                    statics.insert(name.to_string(), StaticFile { file, source });
                } else if let Some(code) = path
                    .strip_prefix("i18n/")
                    .and_then(|name| name.strip_suffix(".yaml"))
                {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    i18n.entry(code.to_string())
                        .or_default()
                        .push(TemplateSource { file, text });
                } else if let Some(name) = path.strip_prefix("fonts/")
                    && is_font(name)
                {
                    let source = Source::Builtin(bytes);
                    fonts.insert(name.to_string(), StaticFile { file, source });
                }
            }
        }
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
        for dir in [theme_dir.join("static"), PathBuf::from(SITE_STATIC_DIR)] {
            for (rel_name, file) in list_files(root, &dir, &mut diagnostics) {
                let source = Source::Disk(root.join(&file));
                statics.insert(rel_name, StaticFile { file, source });
            }
        }
        for dir in [theme_dir.join(FONTS_DIR), PathBuf::from(FONTS_DIR)] {
            for (rel_name, file) in list_files(root, &dir, &mut diagnostics) {
                if is_font(&rel_name) {
                    let source = Source::Disk(root.join(&file));
                    fonts.insert(rel_name, StaticFile { file, source });
                }
            }
        }

        for dir in [
            theme_dir.join(crate::i18n::I18N_DIR),
            PathBuf::from(crate::i18n::I18N_DIR),
        ] {
            for (rel_name, file) in list_files(root, &dir, &mut diagnostics) {
                let Some(code) = rel_name.strip_suffix(".yaml") else {
                    continue;
                };
                match read_text(root, &file) {
                    Ok(text) => {
                        let layers = i18n.entry(code.to_string()).or_default();
                        // The theme folder of the default theme is its
                        // source: it replaces the built-in copy, not layers on it.
                        layers.retain(|l| l.file != file);
                        layers.push(TemplateSource { file, text });
                    }
                    Err(d) => diagnostics.push(d),
                }
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
            fonts,
            i18n,
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

    /// The fonts for social cards (`fonts/*.ttf`, `*.otf`), by name.
    pub fn fonts(&self) -> impl Iterator<Item = (&str, &StaticFile)> {
        self.fonts.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The layers of `i18n/<code>.yaml`, the theme's first.
    pub fn i18n(&self, code: &str) -> &[TemplateSource] {
        self.i18n.get(code).map_or(&[], Vec::as_slice)
    }

    /// The static file published at `path` (no leading slash).
    pub fn static_file(&self, path: &str) -> Option<&StaticFile> {
        self.statics.get(path)
    }
}

/// Whether a file in `fonts/` is one the SVG renderer reads (not the
/// licence beside it; WOFF2 it cannot read).
fn is_font(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The error for a theme that is neither on disk nor built in.
fn unknown_theme(root: &Path, name: &str) -> Diagnostic {
    let mut available: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    if !available.iter().any(|n| n == DEFAULT_THEME) {
        available.push(format!("{DEFAULT_THEME} (built in)"));
    }
    available.sort();
    Diagnostic::error(
        "unknown-theme",
        crate::config::CONFIG_FILE,
        format!("theme `{name}` does not exist in themes/"),
    )
    .with_hint(format!("themes available: {}", available.join(", ")))
}

/// `theme.yaml`: the one on disk, else the built-in one.
fn load_config(root: &Path, theme_dir: &Path, builtin: bool) -> Result<ThemeConfig, Diagnostic> {
    let file = theme_dir.join("theme.yaml");
    let text = if root.join(&file).is_file() {
        read_text(root, &file)?
    } else if let Some((_, bytes)) = BUILTIN.iter().find(|(p, _)| *p == "theme.yaml")
        && builtin
    {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        return Err(Diagnostic::error(
            "missing-theme-config",
            &file,
            "the theme has no theme.yaml",
        )
        .with_hint("create it with at least `name: <theme name>`"));
    };
    yaml::parse(YamlSource {
        file: &file,
        text: &text,
        first_line: 1,
        has_extra: true,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_built_in() {
        let empty = tempfile::tempdir().unwrap();
        let theme = Theme::load(empty.path(), DEFAULT_THEME).unwrap();
        assert!(theme.has_template("role.html"));
        let css = theme.static_file("css/site.css").unwrap();
        assert!(!css.read().unwrap().is_empty());
        assert_eq!(css.file, Path::new("themes/default/static/css/site.css"));
    }

    #[test]
    fn an_unknown_theme_lists_the_built_in_one() {
        let empty = tempfile::tempdir().unwrap();
        let err = Theme::load(empty.path(), "fancy").unwrap_err();
        let text = err.to_text();
        assert!(text.contains("theme `fancy` does not exist"), "{text}");
        assert!(text.contains("default (built in)"), "{text}");
    }
}
