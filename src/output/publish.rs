//! Writing the built site to disk, all or nothing.
//!
//! Zola and mdBook empty the output folder before writing, so a failed
//! build loses the old site. hirepage writes into a temporary folder beside
//! the output and swaps it in only when every file was written: a failed
//! build leaves the previous output untouched, and a CDN sync never sees a
//! half-written folder.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::OutputFile;
use crate::diagnostics::Diagnostic;

/// Writes `files` as the new content of `output`, replacing it atomically.
pub fn publish(files: &[OutputFile], output: &Path) -> Result<(), Diagnostic> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, &e))?;
    if output.exists() && !output.is_dir() {
        return Err(Diagnostic::error(
            "output-not-a-folder",
            output,
            "the output path exists and is not a folder",
        )
        .with_hint("remove the file or choose another --output"));
    }

    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.tmp-{pid}"));
    let retired = parent.join(format!(".{name}.old-{pid}"));
    let _ = fs::remove_dir_all(&staging);

    if let Err(e) = write_all(files, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }

    // Swap: old -> retired, staging -> output, then drop retired. Between
    // the two renames the output path is briefly absent, never partial.
    let had_output = output.exists();
    if had_output && let Err(e) = fs::rename(output, &retired) {
        let _ = fs::remove_dir_all(&staging);
        return Err(io_error(output, &e));
    }
    if let Err(e) = fs::rename(&staging, output) {
        if had_output {
            let _ = fs::rename(&retired, output);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(io_error(output, &e));
    }
    if had_output {
        let _ = fs::remove_dir_all(&retired);
    }
    Ok(())
}

fn write_all(files: &[OutputFile], dir: &Path) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let folders: BTreeSet<&str> = files
        .iter()
        .filter_map(|f| f.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for folder in folders {
        let path = dir.join(folder);
        fs::create_dir_all(&path).map_err(|e| io_error(&path, &e))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        fs::write(&path, &file.bytes).map_err(|e| io_error(&path, &e))
    })
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path, format!("cannot write: {e}"))
        .with_hint("check that the output folder's parent exists and is writable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/stale.html"), "stale").unwrap();
        let files = vec![
            OutputFile::new("index.html".into(), b"home".to_vec()),
            OutputFile::new("hire/a/index.html".into(), b"a".to_vec()),
        ];
        publish(&files, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        assert_eq!(
            fs::read_to_string(out.join("hire/a/index.html")).unwrap(),
            "a"
        );
        assert!(!out.join("old").exists());
        // Nothing is left beside the output.
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "previous").unwrap();
        // A file whose folder is a file cannot be written.
        let files = vec![
            OutputFile::new("a".into(), b"x".to_vec()),
            OutputFile::new("a/b.html".into(), b"y".to_vec()),
        ];
        assert!(publish(&files, &out).is_err());
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }
}
