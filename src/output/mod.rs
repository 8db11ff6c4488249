//! The build output: files in memory, then on disk.
//!
//! Rendering produces [`OutputFile`]s; this module adds the static files
//! under content-hashed names ([`fingerprint`]), rewrites the references to
//! them ([`rewrite`]), shrinks ([`minify`]) and compresses ([`compress`])
//! what it can, describes every file for the CDN ([`headers`],
//! [`manifest`]) and writes everything through a [`Staging`] folder, which
//! never leaves a half-written output folder behind and reuses the
//! previous output's files where their bytes are the same ([`reuse`]).

pub mod compress;
mod emit;
pub mod fingerprint;
pub mod headers;
pub mod kept;
pub mod manifest;
pub mod minify;
mod publish;
mod reuse;
pub mod rewrite;

pub use emit::{Emitter, Sink, entry};
pub use publish::{Reuse, Staging};
pub(crate) use publish::{check_location, prepare_output};

use crate::diagnostics::Diagnostic;
use crate::site::Site;
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
            file.read()
                .map(|bytes| OutputFile::new(path.to_string(), bytes))
                .map_err(|e| {
                    Diagnostic::error("io", &file.file, format!("cannot read the file: {e}"))
                })
        })
        .collect()
}

/// Points a rendered page at the published static files and, when
/// `minify` is on, minifies it. Returns the page and a warning when the
/// minifier could not read it (it is then published as rendered).
pub fn finish_page(
    page: OutputFile,
    resolver: &Resolver<'_>,
    minify: bool,
) -> (OutputFile, Option<Diagnostic>) {
    if !page.path.ends_with(".html") {
        return (page, None);
    }
    let html = match String::from_utf8(page.bytes) {
        Ok(html) if resolver.may_rewrite(&html) => rewrite::html(&html, &page.path, resolver),
        Ok(html) => html,
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
                format!("this page could not be minified ({e}); it is published as rendered"),
            )
            .with_hint("look for an unclosed tag or comment in the template or the Markdown");
            (OutputFile::new(page.path, html.into_bytes()), Some(warning))
        }
    }
}
