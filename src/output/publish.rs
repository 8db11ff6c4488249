//! Writing the built site to disk, all or nothing.
//!
//! Zola and mdBook empty the output folder before writing, so a failed
//! build loses the old site. hirepage writes into a temporary folder beside
//! the output and swaps it in only when every file was written: a failed
//! build leaves the previous output untouched, and a CDN sync never sees a
//! half-written folder.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

/// A temporary folder beside the output, filled file by file, then swapped
/// in place of the output by [`Staging::commit`]. Dropped without a
/// commit, it is removed and the output is untouched.
///
/// Files are handed to a writer thread, so the threads that render pages
/// never wait for the disk; the queue is short, so pages waiting to be
/// written take little memory.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    retired: PathBuf,
    queue: Option<SyncSender<(PathBuf, Vec<u8>)>>,
    writer: Option<JoinHandle<Result<(), Diagnostic>>>,
    committed: bool,
}

/// Files waiting for the writer thread, at most.
const QUEUE: usize = 64;

impl Staging {
    /// Creates an empty staging folder for `output`.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
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
        let dir = parent.join(format!(".{name}.tmp-{pid}"));
        let retired = parent.join(format!(".{name}.old-{pid}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        let (queue, files) = sync_channel::<(PathBuf, Vec<u8>)>(QUEUE);
        let writer = std::thread::spawn(move || write_queued(files));
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            retired,
            queue: Some(queue),
            writer: Some(writer),
            committed: false,
        })
    }

    /// Queues one file at `path` (`hire/x/index.html`) for the staging
    /// folder. A failed write is reported by [`Staging::commit`].
    pub fn write(&self, path: &str, bytes: Vec<u8>) {
        if let Some(queue) = &self.queue {
            // A send fails only when the writer stopped: its error comes
            // out of commit().
            let _ = queue.send((self.dir.join(path), bytes));
        }
    }

    /// Waits for every queued file, then swaps the staging folder in place
    /// of the output: old -> retired, staging -> output, then the retired
    /// one is removed. Between the two renames the output path is briefly
    /// absent, never partial.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.finish_writing()?;
        let output = self.output.clone();
        let had_output = output.exists();
        if had_output {
            fs::rename(&output, &self.retired).map_err(|e| io_error(&output, &e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &output) {
            if had_output {
                let _ = fs::rename(&self.retired, &output);
            }
            return Err(io_error(&output, &e));
        }
        self.committed = true;
        if had_output {
            remove_tree(&self.retired);
        }
        Ok(())
    }

    /// Closes the queue and waits for the writer thread.
    fn finish_writing(&mut self) -> Result<(), Diagnostic> {
        self.queue = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Diagnostic::error(
                "io",
                &self.dir,
                "bug: the thread writing the output stopped",
            )),
            None => Ok(()),
        }
    }
}

/// The writer thread: writes each queued file, creating its folder once.
/// After a failure it keeps draining the queue (so renderers never block)
/// and reports the first error.
fn write_queued(files: Receiver<(PathBuf, Vec<u8>)>) -> Result<(), Diagnostic> {
    let mut folders: HashSet<PathBuf> = HashSet::new();
    let mut first_error = None;
    for (target, bytes) in files {
        if first_error.is_some() {
            continue;
        }
        if let Some(folder) = target.parent()
            && !folders.contains(folder)
        {
            if let Err(e) = fs::create_dir_all(folder) {
                first_error = Some(io_error(folder, &e));
                continue;
            }
            folders.insert(folder.to_path_buf());
        }
        if let Err(e) = fs::write(&target, &bytes) {
            first_error = Some(io_error(&target, &e));
        }
    }
    first_error.map_or(Ok(()), Err)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.finish_writing();
            remove_tree(&self.dir);
        }
    }
}

/// Removes a folder tree, deleting its files from every core.
fn remove_tree(dir: &Path) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    let _ = fs::remove_dir_all(dir);
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path, format!("cannot write: {e}"))
        .with_hint("check that the output folder's parent exists and is writable")
}

#[cfg(test)]
mod tests {
    use super::super::OutputFile;
    use super::*;

    /// Writes `files` as the new content of `output`, as a build does.
    fn publish(files: &[OutputFile], output: &Path) -> Result<(), Diagnostic> {
        let staging = Staging::create(output)?;
        for file in files {
            staging.write(&file.path, file.bytes.clone());
        }
        staging.commit()
    }

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
