//! Content-hashed names for the theme's and the site's static files.
//!
//! CSS, JavaScript, images and fonts are published as `name.<hash>.ext`
//! (`css/site.3f9a1c2b.css`), so a CDN and browsers can keep them for a
//! year: a new version of a file is a new name. The hash is the first
//! [`HASH_LEN`] hex digits of the SHA-256 of the published bytes, so it does
//! not depend on the Rust version, the machine or the build order, and it
//! changes exactly when the bytes served under it change.
//!
//! A style sheet names other files (`url(../fonts/x.woff2)`, `@import`), so
//! its references are rewritten to their hashed names *before* it is hashed:
//! its own hash then covers the new names. Style sheets are processed after
//! the files they reference; two that import each other are an error.
//!
//! `robots.txt`, `favicon.ico` and the files under `keep_names` in
//! `site.yaml` keep their names (crawlers and browsers ask for them by name).

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::rewrite::{self, Resolver};
use super::{OutputFile, minify};
use crate::config::{BaseUrl, CONFIG_FILE, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::theme::Theme;
use crate::url::hashed_name;

/// Hex digits of the content hash in a file name.
pub const HASH_LEN: usize = 8;

/// Extensions of the files that get a content-hashed name: style sheets,
/// scripts, images and fonts.
const HASHED_EXTENSIONS: &[&str] = &[
    "css", "js", "mjs", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "woff",
    "woff2", "ttf", "otf", "eot",
];

/// Files that always keep their names.
const ALWAYS_KEPT: &[&str] = &["robots.txt", "favicon.ico"];

/// The static files as they are published.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Static path -> content hash, `None` for a file that keeps its name.
    pub hashes: BTreeMap<String, Option<String>>,
    /// The files under their published paths, references rewritten and
    /// (when `minify` is on) minified.
    pub files: Vec<OutputFile>,
    /// Published path -> hex SHA-256 of its bytes, computed once here for
    /// the name and reused for the manifest.
    pub digests: BTreeMap<String, String>,
}

impl Assets {
    /// Static path -> published path (`css/site.css` -> `css/site.3f9a1c2b.css`),
    /// for `asset()` in templates.
    pub fn published_paths(&self) -> BTreeMap<String, String> {
        self.hashes
            .iter()
            .map(|(key, hash)| (key.clone(), published_path(key, hash.as_deref())))
            .collect()
    }

    /// The published paths that carry a content hash.
    pub fn hashed_paths(&self) -> BTreeSet<String> {
        self.hashes
            .iter()
            .filter_map(|(key, hash)| Some(published_path(key, Some(hash.as_deref()?))))
            .collect()
    }
}

/// The hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn published_path(key: &str, hash: Option<&str>) -> String {
    match hash {
        Some(hash) => hashed_name(key, hash),
        None => key.to_string(),
    }
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[dot + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Renames, rewrites and minifies the static files.
///
/// Returns the published assets and warnings, or the errors (a style sheet
/// that names a missing file, style sheets that import each other).
pub fn fingerprint(
    statics: Vec<OutputFile>,
    theme: &Theme,
    config: &SiteConfig,
    base: &BaseUrl,
) -> Result<(Assets, Diagnostics), Diagnostics> {
    let mut warnings = Diagnostics::new();
    for name in &config.keep_names {
        let entry = name.trim_matches('/');
        if !statics.iter().any(|f| keeps(entry, &f.path)) {
            warnings.push(
                Diagnostic::warning(
                    "unknown-keep-name",
                    CONFIG_FILE,
                    format!("keep_names: `{name}` is not a file or folder in static/"),
                )
                .with_hint("name a path under static/, such as `images/og.png` or `downloads/`"),
            );
        }
    }
    let mut job = Job {
        sources: statics.into_iter().map(|f| (f.path, f.bytes)).collect(),
        hashes: BTreeMap::new(),
        files: Vec::new(),
        digests: BTreeMap::new(),
        visiting: BTreeSet::new(),
        errors: Diagnostics::new(),
        theme,
        config,
        base,
    };
    let keys: Vec<String> = job.sources.keys().cloned().collect();
    let (sheets, others): (Vec<&String>, Vec<&String>) =
        keys.iter().partition(|k| extension(k) == "css");
    for key in others {
        job.publish(key);
    }
    for key in sheets {
        job.publish_style_sheet(key);
    }
    if job.errors.has_errors() {
        job.errors.sort();
        return Err(job.errors);
    }
    job.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((
        Assets {
            hashes: job.hashes,
            files: job.files,
            digests: job.digests,
        },
        warnings,
    ))
}

/// Whether the `keep_names` entry (a file or a folder) covers `path`.
fn keeps(entry: &str, path: &str) -> bool {
    path == entry
        || path
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The state of one fingerprinting run.
struct Job<'a> {
    /// Static path -> source bytes, until published.
    sources: BTreeMap<String, Vec<u8>>,
    hashes: BTreeMap<String, Option<String>>,
    files: Vec<OutputFile>,
    digests: BTreeMap<String, String>,
    /// Style sheets being published (to find import cycles).
    visiting: BTreeSet<String>,
    errors: Diagnostics,
    theme: &'a Theme,
    config: &'a SiteConfig,
    base: &'a BaseUrl,
}

impl Job<'_> {
    fn gets_hash(&self, key: &str) -> bool {
        HASHED_EXTENSIONS.contains(&extension(key).as_str())
            && !ALWAYS_KEPT.contains(&key)
            && !self
                .config
                .keep_names
                .iter()
                .any(|entry| keeps(entry.trim_matches('/'), key))
    }

    /// Publishes a file that names no other file.
    fn publish(&mut self, key: &str) {
        let Some(bytes) = self.sources.get(key).cloned() else {
            return;
        };
        let ext = extension(key);
        let bytes = match std::str::from_utf8(&bytes) {
            Ok(text) if self.config.minify && (ext == "js" || ext == "mjs") => {
                minify::js(text, ext == "mjs").map_or(bytes.clone(), String::into_bytes)
            }
            _ => bytes,
        };
        self.finish(key, bytes);
    }

    /// Records the hash and the published file.
    fn finish(&mut self, key: &str, bytes: Vec<u8>) {
        let digest = sha256_hex(&bytes);
        let hash = self.gets_hash(key).then(|| digest[..HASH_LEN].to_string());
        let path = published_path(key, hash.as_deref());
        self.digests.insert(path.clone(), digest);
        self.files.push(OutputFile::new(path, bytes));
        self.hashes.insert(key.to_string(), hash);
        self.sources.remove(key);
    }

    /// Publishes a style sheet after the style sheets it references.
    fn publish_style_sheet(&mut self, key: &str) {
        if self.hashes.contains_key(key) {
            return;
        }
        let Some(bytes) = self.sources.get(key).cloned() else {
            return;
        };
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            return self.finish(key, bytes);
        };
        self.visiting.insert(key.to_string());
        let resolver = Resolver::new(self.base, &self.hashes);
        let targets: Vec<_> = rewrite::css_urls(&text)
            .into_iter()
            .filter_map(|url| Some((resolver.target(&url.url, key)?, url)))
            .collect();
        for (target, url) in targets {
            let exists =
                self.sources.contains_key(&target.key) || self.hashes.contains_key(&target.key);
            if !exists {
                let (line, column) = line_col(&text, url.range.start);
                self.errors.push(
                    Diagnostic::error(
                        "missing-asset",
                        self.source_file(key),
                        format!(
                            "`{}` points to {}, which is not a static file",
                            url.url, target.key
                        ),
                    )
                    .at(line, column)
                    .with_hint(
                        "add the file under static/ (or the theme's static/), or fix the path",
                    ),
                );
            } else if extension(&target.key) == "css" && target.key != key {
                if self.visiting.contains(&target.key) {
                    let (line, column) = line_col(&text, url.range.start);
                    self.errors.push(
                        Diagnostic::error(
                            "import-cycle",
                            self.source_file(key),
                            format!(
                                "`{}` leads back to this style sheet: style sheets that \
                                 reference each other cannot get content-hashed names",
                                url.url
                            ),
                        )
                        .at(line, column)
                        .with_hint("remove one of the two references"),
                    );
                } else {
                    self.publish_style_sheet(&target.key.clone());
                }
            }
        }
        self.visiting.remove(key);
        let rewritten = rewrite::css(&text, key, &Resolver::new(self.base, &self.hashes));
        let published = if self.config.minify {
            minify::css(&rewritten).unwrap_or(rewritten)
        } else {
            rewritten
        };
        self.finish(key, published.into_bytes());
    }

    fn source_file(&self, key: &str) -> std::path::PathBuf {
        self.theme
            .static_file(key)
            .map(|f| f.file.clone())
            .unwrap_or_else(|| key.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256() {
        assert_eq!(
            sha256_hex(b"hello\n"),
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
        );
    }

    #[test]
    fn keep_names_covers_files_and_folders() {
        assert!(keeps("images/og.png", "images/og.png"));
        assert!(keeps("downloads", "downloads/a.pdf"));
        assert!(!keeps("down", "downloads/a.pdf"));
    }
}
