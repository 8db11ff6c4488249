//! Sending finished files out to a [`Sink`]: the staging folder (`build`),
//! memory (`serve`) or nowhere (`check`), with their compressed copies,
//! recording the manifest entry of each.
//!
//! Pages go out as soon as they are rendered, from every core, so a build
//! never holds the whole site in memory and writing overlaps rendering.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use super::OutputFile;
use super::compress::copies;
use super::fingerprint::sha256_hex;
use super::headers::cache_control;
use super::kept::Kept;
use super::manifest::Entry;
use super::publish::Staging;
use crate::url::media_type;

/// Where finished files go. The three commands differ only here.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// `check`: files are looked at, then dropped.
    Nowhere,
    /// `build`: files are written into the staging folder.
    Staging(&'a Staging),
    /// `serve`: files are kept in memory ([`Kept`]: text deflated, on the
    /// thread that made it), in the order they were sent.
    Memory(&'a Mutex<Vec<(String, Kept)>>),
}

/// Sends files to a [`Sink`], and how.
pub struct Emitter<'a> {
    sink: Sink<'a>,
    precompress: bool,
    hashed: &'a BTreeSet<String>,
    digests: Option<&'a BTreeMap<String, String>>,
}

impl<'a> Emitter<'a> {
    /// Sends to `sink`, with `.gz` and `.br` copies when `precompress` is
    /// on; `hashed` are the published paths that carry a content hash (for
    /// `Cache-Control`).
    pub fn new(sink: Sink<'a>, precompress: bool, hashed: &'a BTreeSet<String>) -> Self {
        Emitter {
            sink,
            precompress,
            hashed,
            digests: None,
        }
    }

    /// Takes the SHA-256 of these published paths from `digests` instead
    /// of hashing them again (the static files, hashed for their names).
    pub fn with_digests(self, digests: &'a BTreeMap<String, String>) -> Self {
        Emitter {
            digests: Some(digests),
            ..self
        }
    }

    /// Whether what is sent is kept (not `check`'s sink, which drops it).
    pub fn keeps(&self) -> bool {
        !matches!(self.sink, Sink::Nowhere)
    }

    /// Sends `file` out; returns the manifest entries of it and its copies.
    ///
    /// Writing errors come out of [`Staging::commit`], so that a page
    /// never waits for the disk.
    pub fn emit(&self, file: OutputFile) -> Vec<(String, Entry)> {
        let copies = if self.keeps() && self.precompress {
            copies(&file)
        } else {
            Vec::new()
        };
        let mut entries = Vec::with_capacity(1 + copies.len());
        for file in std::iter::once(file).chain(copies) {
            entries.push(self.one(file));
        }
        entries
    }

    fn one(&self, file: OutputFile) -> (String, Entry) {
        // Only a build's manifest is made from these entries: a check keeps
        // nothing, and serve hashes its files when its manifest is asked
        // for (`serve::preview::Index`).
        let digest = match self.sink {
            Sink::Staging(_) => Some(
                self.digests
                    .and_then(|d| d.get(&file.path))
                    .cloned()
                    .unwrap_or_else(|| sha256_hex(&file.bytes)),
            ),
            Sink::Memory(_) | Sink::Nowhere => None,
        };
        let entry = entry(&file.path, &file.bytes, self.hashed, digest);
        let path = file.path.clone();
        self.send(file);
        (path, entry)
    }

    /// Sends `file` to the sink as it is: no copies, no manifest entry.
    pub fn send(&self, file: OutputFile) {
        match self.sink {
            Sink::Nowhere => {}
            Sink::Staging(staging) => staging.write(&file.path, file.bytes),
            Sink::Memory(files) => {
                let kept = Kept::new(&file.path, file.bytes);
                files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((file.path, kept));
            }
        }
    }
}

/// The manifest entry of the published file at `path`; `sha256` is its
/// hash when known (`None`: left empty, as `check` needs none).
pub fn entry(path: &str, bytes: &[u8], hashed: &BTreeSet<String>, sha256: Option<String>) -> Entry {
    Entry {
        size: bytes.len() as u64,
        sha256: sha256.unwrap_or_default(),
        content_type: media_type(path).to_string(),
        cache_control: cache_control(path, hashed).to_string(),
    }
}
