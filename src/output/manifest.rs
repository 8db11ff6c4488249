//! `manifest.json`: every published file with its size, SHA-256, content type
//! and cache policy, so a deploy step uploads only what changed.
//!
//! `hirepage diff OLD` compares the manifest of the new build with the one
//! of the deployed build: files that are new or whose bytes (or headers)
//! changed are to upload, files that are gone are to delete. Uploads list
//! content-hashed files first, so a page never goes live before the files it
//! references.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::OutputFile;
use super::headers::IMMUTABLE;

/// The manifest's name in the output folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Every published file, by path in the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Path (`hire/index.html`) -> what it holds, sorted by path.
    pub files: BTreeMap<String, Entry>,
}

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the bytes (what `sha256sum` prints).
    pub sha256: String,
    /// `Content-Type` to serve it with.
    pub content_type: String,
    /// `Cache-Control` to serve it with.
    pub cache_control: String,
}

/// What a deploy must do to go from an old manifest to a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// New or changed files, content-hashed files first, then by path.
    pub upload: Vec<Upload>,
    /// Files that are no longer published, by path.
    pub delete: Vec<String>,
    /// How many files are the same in both.
    pub unchanged: usize,
}

/// A file to upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upload {
    /// Path in the output folder.
    pub path: String,
    /// What it holds.
    #[serde(flatten)]
    pub entry: Entry,
}

impl Manifest {
    /// `manifest.json`, pretty-printed (one file per line pair is easy to diff).
    pub fn to_file(&self) -> OutputFile {
        let mut json =
            serde_json::to_string_pretty(self).expect("bug: a manifest always serializes");
        json.push('\n');
        OutputFile::new(MANIFEST_FILE.into(), json.into_bytes())
    }

    /// Reads a manifest written by a previous build.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a hirepage manifest: {e}", path.display()))
    }

    /// What changed from `old` to `self`.
    pub fn diff(&self, old: &Manifest) -> Diff {
        let mut upload: Vec<Upload> = self
            .files
            .iter()
            .filter(|(path, entry)| old.files.get(*path) != Some(entry))
            .map(|(path, entry)| Upload {
                path: path.clone(),
                entry: entry.clone(),
            })
            .collect();
        upload.sort_by_key(|u| (u.entry.cache_control != IMMUTABLE, u.path.clone()));
        let delete: Vec<String> = old
            .files
            .keys()
            .filter(|path| !self.files.contains_key(*path))
            .cloned()
            .collect();
        Diff {
            unchanged: self.files.len() - upload.len(),
            upload,
            delete,
        }
    }
}

impl Diff {
    /// One `upload PATH` or `delete PATH` line per file.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for u in &self.upload {
            text.push_str(&format!("upload {}\n", u.path));
        }
        for path in &self.delete {
            text.push_str(&format!("delete {path}\n"));
        }
        text
    }

    /// `3 to upload (12.5 KB), 1 to delete, 87 unchanged`
    pub fn summary(&self) -> String {
        let bytes: u64 = self.upload.iter().map(|u| u.entry.size).sum();
        format!(
            "{} to upload ({:.1} KB), {} to delete, {} unchanged",
            self.upload.len(),
            bytes as f64 / 1024.0,
            self.delete.len(),
            self.unchanged
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::fingerprint::sha256_hex;
    use super::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        let files = files
            .iter()
            .map(|(p, b)| {
                let policy = if p.contains(".1") { IMMUTABLE } else { "short" };
                let entry = Entry {
                    size: b.len() as u64,
                    sha256: sha256_hex(b.as_bytes()),
                    content_type: "text/plain".into(),
                    cache_control: policy.into(),
                };
                (p.to_string(), entry)
            })
            .collect();
        Manifest { files }
    }

    #[test]
    fn diff_lists_new_changed_and_gone_files() {
        let old = manifest(&[("a.html", "a"), ("b.html", "b"), ("s.1.css", "s")]);
        let new = manifest(&[
            ("a.html", "a"),
            ("b.html", "B"),
            ("s.2.css", "t"),
            ("s.1.png", "p"),
        ]);
        let diff = new.diff(&old);
        let upload: Vec<&str> = diff.upload.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(upload, ["s.1.png", "b.html", "s.2.css"]);
        assert_eq!(diff.delete, ["s.1.css"]);
        assert_eq!(diff.unchanged, 1);
        assert_eq!(
            diff.to_text(),
            "upload s.1.png\nupload b.html\nupload s.2.css\ndelete s.1.css\n"
        );
    }

    #[test]
    fn a_manifest_reads_back() {
        let m = manifest(&[("a.html", "hello\n")]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST_FILE);
        std::fs::write(&path, m.to_file().bytes).unwrap();
        assert_eq!(Manifest::read(&path).unwrap(), m);
        assert_eq!(
            m.files["a.html"].sha256,
            "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
        );
    }
}
