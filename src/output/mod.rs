//! The build output: files in memory, then on disk.
//!
//! Rendering produces [`OutputFile`]s; this module adds the static files and
//! writes everything with [`publish`], which never leaves a half-written
//! output folder behind.

mod publish;

pub use publish::publish;

use crate::diagnostics::Diagnostic;
use crate::site::Site;

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
