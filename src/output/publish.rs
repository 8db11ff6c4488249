//! Writing the built site to disk, all or nothing.
//!
//! Zola and mdBook empty the output folder before writing, so a failed
//! build loses the old site. hirepage writes into a temporary folder beside
//! the output and swaps it in only when every file was written: a failed
//! build leaves the previous output untouched, and a CDN sync never sees a
//! half-written folder.
//!
//! It also never deletes what it did not write (issue 13): [`check_output`]
//! refuses to replace a folder that is not an earlier build unless asked
//! with `--force`, and the folders a killed build leaves beside the output
//! are recognised by their name *and* the [`MARKER`] file inside before a
//! later build removes (or restores) them.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

use super::manifest::{MANIFEST_FILE, Manifest};

/// The file that marks a folder beside the output as hirepage's own staging
/// or retired folder. Without it, a folder named like one is left alone.
pub(crate) const MARKER: &str = ".hirepage-build";

/// How many files of a refused output folder the error names.
const FILES_NAMED: usize = 5;

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
    /// Creates an empty staging folder for `output`, after removing the
    /// staging and retired folders that killed builds left beside it (and
    /// putting the previous output back if a build was killed between the
    /// two renames of its swap).
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let (parent, name) = beside(output);
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, &e))?;
        if output.exists() && !output.is_dir() {
            return Err(Diagnostic::error(
                "output-not-a-folder",
                output,
                "the output path exists and is not a folder",
            )
            .with_hint("remove the file or choose another --output"));
        }
        recover_leftovers(&parent, &name, output);
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.tmp-{pid}"));
        let retired = parent.join(format!(".{name}.old-{pid}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
        fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| io_error(&dir, &e))?;
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
    /// absent, never partial; if the build is killed right there, the next
    /// build puts the retired folder back first ([`recover_leftovers`]).
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        self.finish_writing()?;
        let output = self.output.clone();
        let had_output = output.exists();
        if had_output {
            // Marked before it moves, so that a retired folder a crash
            // leaves behind is recognisable as ours.
            fs::write(output.join(MARKER), MARKER_TEXT).map_err(|e| io_error(&output, &e))?;
            fs::rename(&output, &self.retired).map_err(|e| io_error(&output, &e))?;
            pause_point("retired", 0);
        }
        if let Err(e) = fs::rename(&self.dir, &output) {
            if had_output {
                let _ = fs::rename(&self.retired, &output);
                let _ = fs::remove_file(output.join(MARKER));
            }
            return Err(io_error(&output, &e));
        }
        self.committed = true;
        pause_point("swapped", 0);
        let _ = fs::remove_file(output.join(MARKER));
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

/// Refuses an output folder that would swallow the site itself: the site
/// root, a folder that contains it (`--output ..`), or a folder inside its
/// sources. Publishing swaps the output folder as a whole.
pub(crate) fn check_location(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = resolve(root);
    let resolved = resolve(output);
    let protected = ["content", "static", "themes", "templates", "src", ".git"];
    let inside_source = protected.iter().any(|d| resolved.starts_with(root.join(d)));
    if root.starts_with(&resolved) || inside_source {
        let what = if root.starts_with(&resolved) {
            "it holds the site itself"
        } else {
            "it is inside the site's sources"
        };
        return Err(Diagnostic::error(
            "invalid-output",
            output,
            format!("the output folder would replace the site's own files: {what}"),
        )
        .with_hint("choose a folder of its own, such as --output public"));
    }
    Ok(())
}

/// Readies `output` for a build, before anything else runs: cleans up
/// after killed builds ([`recover_leftovers`]), then refuses to replace a
/// folder that holds files but no earlier build (no `manifest.json`
/// hirepage can read), unless `force` is set. Publishing replaces the
/// whole folder, and `--output docs` must not delete someone's
/// documentation (issue 13).
pub(crate) fn prepare_output(output: &Path, force: bool) -> Result<(), Diagnostic> {
    let (parent, name) = beside(output);
    recover_leftovers(&parent, &name, output);
    if force || !output.is_dir() || Manifest::read(&output.join(MANIFEST_FILE)).is_ok() {
        return Ok(());
    }
    // Enough to name a few and say "more than"; a huge folder is not walked
    // to the end just to be refused.
    const COUNTED: usize = 1000;
    let mut files: Vec<String> = walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .take(COUNTED + 1)
        .map(|e| {
            let rel = e.path().strip_prefix(output).unwrap_or(e.path());
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    if files.is_empty() {
        return Ok(());
    }
    let count = if files.len() > COUNTED {
        format!("more than {COUNTED} files")
    } else if files.len() == 1 {
        "1 file".to_string()
    } else {
        format!("{} files", files.len())
    };
    let more = files.len() > FILES_NAMED;
    files.truncate(FILES_NAMED);
    let mut named = files.join(", ");
    if more {
        named.push_str(", …");
    }
    Err(Diagnostic::error(
        "output-not-a-build",
        output,
        format!(
            "the output folder is not an earlier hirepage build (it has no manifest.json): \
             building would delete its {count} ({named})"
        ),
    )
    .with_hint(
        "build into another folder (--output public), or pass --force to replace this one \
         and everything in it",
    ))
}

/// `path` made absolute, with `.` and `..` resolved and symbolic links
/// followed as far as the path exists.
fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut lexical = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    // Canonicalize the longest part that exists, keep the rest as written.
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = fs::canonicalize(existing) {
            return rest.iter().rev().fold(canonical, |p, name| p.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
}

/// The writer thread: writes each queued file, creating its folder once.
/// After a failure it keeps draining the queue (so renderers never block)
/// and reports the first error.
fn write_queued(files: Receiver<(PathBuf, Vec<u8>)>) -> Result<(), Diagnostic> {
    let mut folders: HashSet<PathBuf> = HashSet::new();
    let mut first_error = None;
    let mut written = 0;
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
        written += 1;
        pause_point("staged", written);
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
///
/// The [`MARKER`] goes last, with the folder itself: a build killed half
/// way through leaves a folder that the next build still recognises.
fn remove_tree(dir: &Path) {
    let marker = dir.join(MARKER);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir() && e.path() != marker)
        .map(|e| e.into_path())
        .collect();
    let removed = std::sync::atomic::AtomicUsize::new(0);
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
        let n = removed.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        pause_point("removing", n);
    });
    let _ = fs::remove_dir_all(dir);
}

/// What the [`MARKER`] file says, for whoever finds one.
const MARKER_TEXT: &str = "A folder hirepage is writing or removing. If no build is running, \
the next build removes it.\n";

/// The folder that holds `output` and the output's own name.
fn beside(output: &Path) -> (PathBuf, String) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Removes the staging (`.NAME.tmp-PID`) and retired (`.NAME.old-PID`)
/// folders that killed builds left in `parent`; when the output itself is
/// missing (a build killed between the two renames of its swap), the
/// retired folder, the previous output, is renamed back instead.
///
/// Only folders with the right name, the [`MARKER`] inside and the PID of
/// a process that is no longer running are touched: a folder of the user's
/// that happens to have such a name, or the staging folder of a build that
/// is still running, stays.
fn recover_leftovers(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let (retired, pid) = leftover_kind(&file_name, name)?;
            let path = entry.path();
            let ours = path.join(MARKER).is_file() && !is_running(pid);
            ours.then_some((retired, path))
        })
        .collect();
    // Retired folders first, so that a missing output is restored before
    // the staging folders are removed; then by name, for a stable choice.
    leftovers.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (retired, path) in leftovers {
        if retired && !output.exists() && fs::rename(&path, output).is_ok() {
            let _ = fs::remove_file(output.join(MARKER));
            continue;
        }
        remove_tree(&path);
    }
}

/// Whether `file_name` is `.NAME.tmp-PID` (false, PID) or `.NAME.old-PID`
/// (true, PID) for the output folder `name`.
fn leftover_kind(file_name: &str, name: &str) -> Option<(bool, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
    let (retired, pid) = if let Some(pid) = rest.strip_prefix(".tmp-") {
        (false, pid)
    } else {
        (true, rest.strip_prefix(".old-")?)
    };
    let pid: u32 = pid.parse().ok()?;
    Some((retired, pid))
}

/// Whether a process with this id runs (Linux: `/proc/PID`). Where there is
/// no `/proc`, only this process counts as running: the staging folders of
/// two builds of one output at the same time would clash anyway.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    proc.is_dir() && proc.join(pid.to_string()).exists()
}

/// A test hook: with `HIREPAGE_TEST_PAUSE_AT=POINT` (or `POINT:N`) in the
/// environment, the build stops at that point of publishing (for `staged`
/// and `removing`, after the N-th file), prints `paused at POINT` to
/// stderr and waits to be killed. `tests/it/crash.rs` kills it there to
/// check what a crash at that moment leaves.
fn pause_point(point: &str, n: usize) {
    static TARGET: std::sync::OnceLock<Option<(String, usize)>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| {
        let value = std::env::var("HIREPAGE_TEST_PAUSE_AT").ok()?;
        let (name, count) = value.split_once(':').unwrap_or((&value, "0"));
        Some((name.to_string(), count.parse().unwrap_or(0)))
    });
    if let Some((name, count)) = target
        && name == point
        && *count == n
    {
        eprintln!("paused at {point}");
        loop {
            std::thread::park();
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let hint = match e.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full: free some space and build again",
        std::io::ErrorKind::PermissionDenied => {
            "check that you may write to the output folder and the folder that holds it"
        }
        _ => "check that the output folder's parent exists and is writable",
    };
    Diagnostic::error("io", path, format!("cannot write: {e}")).with_hint(hint)
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
    fn a_full_disk_says_so_instead_of_blaming_the_parent_folder() {
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let d = io_error(Path::new("public"), &full);
        assert_eq!(
            d.hint.as_deref(),
            Some("the disk is full: free some space and build again")
        );
    }

    #[test]
    fn leftover_names_are_recognised_exactly() {
        assert_eq!(leftover_kind(".public.tmp-42", "public"), Some((false, 42)));
        assert_eq!(leftover_kind(".public.old-42", "public"), Some((true, 42)));
        for other in [
            ".public.tmp-",
            ".public.old-x",
            ".publicx.tmp-1",
            "public.tmp-1",
            ".docs.tmp-1",
        ] {
            assert_eq!(leftover_kind(other, "public"), None, "{other}");
        }
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
