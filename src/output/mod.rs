//! The build output: files in memory, then on disk.
//!
//! Rendering produces [`OutputFile`]s; this module adds the static files
//! under content-hashed names ([`fingerprint`]), rewrites the references to
//! them ([`rewrite`]), shrinks ([`minify`]) and compresses ([`compress`])
//! what it can, describes every file for the CDN ([`headers`],
//! [`manifest`]) and writes everything with [`publish`], which never leaves
//! a half-written output folder behind.

pub mod compress;
pub mod fingerprint;
pub mod headers;
pub mod manifest;
pub mod minify;
mod publish;
pub mod rewrite;

pub use publish::publish;

use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use fingerprint::Assets;
use rewrite::Resolver;

/// One file of the built site, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the output folder, with `/` separators (`hire/index.html`).
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: String, bytes: Vec<u8>) -> Self {
        OutputFile { path, bytes }
    }
}

/// Reads every static file of the theme and the site (site files win).
pub fn static_files(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    site.theme
        .static_files()
        .map(|(path, file)| {
            std::fs::read(&file.path)
                .map(|bytes| OutputFile::new(path.to_string(), bytes))
                .map_err(|e| {
                    Diagnostic::error("io", &file.file, format!("cannot read the file: {e}"))
                })
        })
        .collect()
}

/// Points the rendered pages at the published static files and, when
/// `minify` is on, minifies them. Returns the pages and warnings (a page
/// the minifier could not read is published as rendered).
pub fn finish_pages(
    pages: Vec<OutputFile>,
    assets: &Assets,
    base: &BaseUrl,
    minify: bool,
) -> (Vec<OutputFile>, Diagnostics) {
    let resolver = Resolver::new(base, &assets.hashes);
    let results: Vec<(OutputFile, Option<Diagnostic>)> = pages
        .into_par_iter()
        .map(|page| {
            if !page.path.ends_with(".html") {
                return (page, None);
            }
            let html = match String::from_utf8(page.bytes) {
                Ok(html) => rewrite::html(&html, &page.path, &resolver),
                Err(e) => return (OutputFile::new(page.path, e.into_bytes()), None),
            };
            if !minify {
                return (OutputFile::new(page.path, html.into_bytes()), None);
            }
            match minify::html(html.as_bytes()) {
                Ok(bytes) => (OutputFile::new(page.path, bytes), None),
                Err(e) => {
                    let warning = Diagnostic::warning(
                        "not-minified",
                        &page.path,
                        format!(
                            "this page could not be minified ({e}); it is published as rendered"
                        ),
                    )
                    .with_hint(
                        "look for an unclosed tag or comment in the template or the Markdown",
                    );
                    (OutputFile::new(page.path, html.into_bytes()), Some(warning))
                }
            }
        })
        .collect();
    let mut warnings = Diagnostics::new();
    let pages = results
        .into_iter()
        .map(|(page, warning)| {
            warnings.extend(warning);
            page
        })
        .collect();
    (pages, warnings)
}
