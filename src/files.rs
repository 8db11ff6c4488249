//! Reading the site's files: text with clear errors and limits, paths
//! relative to the site root, and the names editors leave beside the files
//! they edit. Configuration, themes and content all read through here.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, line_col};

/// Hidden files and editors' temporary files are not content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || is_editor_file(name)
}

/// Files an editor keeps beside the one being edited (swap, backup and
/// lock files), which come and go while a file is open: skipped without a
/// word. Every other file under `content/` that is no page gets
/// `ignored-file`, dot-files included (issue 13).
pub(crate) fn is_editor_file(name: &str) -> bool {
    name.starts_with('#')
        || name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___") // JetBrains "safe write"
        || name.ends_with("___jb_old___")
        || name == "4913" // vim's write test file
}

/// Replaces the file at `path` with `bytes` atomically: they go to a
/// temporary file beside it (its name ends in `.tmp`, which the watcher and
/// the content walk skip), flushed to disk, then renamed over it. A reader
/// sees the old bytes or the new ones, never a mix, and a crash leaves at
/// most the temporary file, never a truncated page of the user's.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    // Unique per write: two saves at once must not share a temporary file.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(
        ".{name}.hirepage-{}-{}.tmp",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&temp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// The UTF-8 byte-order mark some Windows editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Replaces the text file at `path` with `text` as [`write_atomic`] does,
/// keeping the byte-order mark it starts with, if any: [`read_text`]
/// drops it, and a tool that rewrites a file (`fmt`, the editor's save)
/// changes only what it means to.
pub(crate) fn rewrite_text(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Read;
    let mut start = [0; 3];
    let had_bom = std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut start))
        .is_ok_and(|()| start == BOM);
    if had_bom {
        write_atomic(path, &[BOM, text.as_bytes()].concat())
    } else {
        write_atomic(path, text.as_bytes())
    }
}

/// `path` relative to `root`, or `path` itself when it is not inside.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Whether two site-relative paths name the same file. They are all made
/// the same way (by [`relative`], or checked by the editor: no `.`, no
/// `//`), so their bytes compare; `Path`'s `==` walks components, and on
/// a 10,000-role site that walk was most of the time the editor spent on
/// a draft.
pub fn same(a: &Path, b: &Path) -> bool {
    a.as_os_str() == b.as_os_str()
}

/// Reads a text file under `root`, with clear errors for missing, binary and
/// non-UTF-8 files. A UTF-8 byte-order mark is dropped.
///
/// A file larger than [`crate::limits::MAX_FILE_BYTES`] is refused from its
/// size, before it is read.
pub fn read_text(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    if let Ok(meta) = std::fs::metadata(root.join(file)) {
        crate::limits::check_file_size(file, meta.len())?;
    }
    let bytes = std::fs::read(root.join(file)).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "create the file, or run hirepage in the site's folder (--root DIR)"
            }
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the file is readable",
        };
        Diagnostic::error("io", file, format!("cannot read the file: {e}")).with_hint(hint)
    })?;
    let bytes = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(
            Diagnostic::error("binary-file", file, "this is a binary file, not text").with_hint(
                "content files are Markdown text; put images and other files in static/",
            ),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by definition.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_col(prefix, prefix.len());
            Err(Diagnostic::error(
                "not-utf8",
                file,
                format!(
                    "the file is not UTF-8 text (byte 0x{:02X} cannot be read)",
                    bytes[e.valid_up_to()]
                ),
            )
            .at(line, column)
            .with_hint("save the file with UTF-8 encoding (most editors: File > Save with Encoding > UTF-8)"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            ".#a.md",
            "4913",
            ".DS_Store",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }
}
