//! Sending finished files out: into the staging folder with their
//! compressed copies (`build`), or nowhere (`check`), recording the
//! manifest entry of each.
//!
//! Pages go out as soon as they are rendered, from every core, so the
//! whole site is never held in memory and writing overlaps rendering.

use std::collections::BTreeSet;

use super::OutputFile;
use super::compress::copies;
use super::fingerprint::sha256_hex;
use super::headers::{cache_control, media_type};
use super::manifest::Entry;
use super::publish::Staging;
use crate::diagnostics::Diagnostic;

/// Where files go, and how.
pub struct Emitter<'a> {
    staging: Option<&'a Staging>,
    precompress: bool,
    hashed: &'a BTreeSet<String>,
}

impl<'a> Emitter<'a> {
    /// Writes into `staging` (`None`: records only, as `check` does), with
    /// `.gz` and `.br` copies when `precompress` is on; `hashed` are the
    /// published paths that carry a content hash (for `Cache-Control`).
    pub fn new(
        staging: Option<&'a Staging>,
        precompress: bool,
        hashed: &'a BTreeSet<String>,
    ) -> Self {
        Emitter {
            staging,
            precompress,
            hashed,
        }
    }

    /// Sends `file` out; returns the manifest entries of it and its copies.
    pub fn emit(&self, file: OutputFile) -> Result<Vec<(String, Entry)>, Diagnostic> {
        let copies = if self.staging.is_some() && self.precompress {
            copies(&file)
        } else {
            Vec::new()
        };
        let mut entries = Vec::with_capacity(1 + copies.len());
        for file in std::iter::once(file).chain(copies) {
            entries.push(self.one(file)?);
        }
        Ok(entries)
    }

    fn one(&self, file: OutputFile) -> Result<(String, Entry), Diagnostic> {
        let entry = Entry {
            size: file.bytes.len() as u64,
            // A check writes nothing and needs no hash.
            sha256: match self.staging {
                Some(_) => sha256_hex(&file.bytes),
                None => String::new(),
            },
            content_type: media_type(&file.path).to_string(),
            cache_control: cache_control(&file.path, self.hashed).to_string(),
        };
        if let Some(staging) = self.staging {
            staging.write(&file.path, file.bytes);
        }
        Ok((file.path, entry))
    }
}
