//! Writing the built site to disk, all or nothing.
//!
//! Zola and mdBook empty the output folder before writing, so a failed
//! build loses the old site. hirepage writes into a temporary folder beside
//! the output and swaps it in only when every file was written: a failed
//! build leaves the previous output untouched, and a CDN sync never sees a
//! half-written folder.
//!
//! A rebuild reuses what it can instead of writing everything anew
//! ([`super::reuse`]): the previous output, once swapped out, is kept
//! beside the new one as the *spare* (`.NAME.old-spare`), and the next
//! build fills the spare as its staging folder, so its folders and its
//! unchanged files stay where they are.
//!
//! It also never deletes what it did not write (issue 13): [`check_output`]
//! refuses to replace a folder that is not an earlier build unless asked
//! with `--force`, and the folders a killed build leaves beside the output
//! are recognised by their name *and* the [`MARKER`] file inside before a
//! later build removes, recycles or restores them.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;

use super::manifest::{MANIFEST_FILE, Manifest};
use super::reuse::{self, Found, Placed};

/// The file that marks a folder beside the output as hirepage's own staging
/// or retired folder. Without it, a folder named like one is left alone.
pub(crate) const MARKER: &str = ".hirepage-build";

/// How many files of a refused output folder the error names.
const FILES_NAMED: usize = 5;

/// A temporary folder beside the output, filled file by file, then swapped
/// in place of the output by [`Staging::commit`]. Dropped without a
/// commit, it is put back as the spare if it was one, or removed, and the
/// output is untouched.
///
/// Files are handed to writer threads, so the threads that render pages
/// never wait for the disk; the queue is short, so pages waiting to be
/// written take little memory.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    retired: PathBuf,
    spare: PathBuf,
    filling: Arc<Filling>,
    queue: Option<SyncSender<(String, Vec<u8>)>>,
    writers: Vec<JoinHandle<Result<(), Diagnostic>>>,
    /// What a recycled spare held, listed while the build renders.
    listing: Option<JoinHandle<Result<Listing, Diagnostic>>>,
    committed: bool,
}

/// Paths in a folder, `/`-separated and relative, each folder before what
/// it holds, with whether it is a folder.
type Listing = Vec<(String, bool)>;

/// Files waiting for the writer threads, at most.
const QUEUE: usize = 64;

/// Writer threads. On two cores, one and two measured the same (rendering
/// keeps both cores busy, and ext4 takes new files fast when nothing was
/// just deleted); two, so that a file read from a cold disk to be compared
/// does not hold up the others.
const WRITERS: usize = 2;

/// What the writer threads share: where files go and what was placed.
#[derive(Debug)]
struct Filling {
    /// The staging folder.
    dir: PathBuf,
    /// The output being replaced, whose files may be linked; `None` when
    /// there is none (or it is not a plain folder).
    previous: Option<PathBuf>,
    /// Whether the staging folder is a recycled spare, which may hold
    /// files and folders this build does not write.
    recycled: bool,
    /// The paths placed so far, `/`-separated.
    claimed: Mutex<BTreeSet<String>>,
    /// Files placed so far (for the test hook).
    placed: AtomicUsize,
    /// Files kept, linked and written.
    counts: [AtomicUsize; 3],
}

/// How many files of a build were reused and how many written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reuse {
    /// Files of the spare that already held the new bytes.
    pub kept: usize,
    /// Files hard-linked from the output that was replaced.
    pub linked: usize,
    /// Files written.
    pub written: usize,
}

impl Staging {
    /// Readies the staging folder for `output`: the spare if there is one,
    /// else a new empty folder, after removing (or recycling) the staging
    /// and retired folders that killed builds left beside it (and putting
    /// the previous output back if a build was killed between the two
    /// renames of its swap).
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
        let spare = spare_of(&parent, &name);
        let recycled = is_ours(&spare) && fs::rename(&spare, &dir).is_ok();
        if !recycled {
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).map_err(|e| io_error(&dir, &e))?;
            fs::write(dir.join(MARKER), MARKER_TEXT).map_err(|e| io_error(&dir, &e))?;
        }
        let previous = fs::symlink_metadata(output)
            .is_ok_and(|m| m.is_dir())
            .then(|| output.to_path_buf());
        // Listed while the build renders, off the critical path.
        let listing = recycled.then(|| {
            let dir = dir.clone();
            std::thread::spawn(move || list(&dir))
        });
        let filling = Arc::new(Filling {
            dir,
            previous,
            recycled,
            claimed: Mutex::new(BTreeSet::new()),
            placed: AtomicUsize::new(0),
            counts: Default::default(),
        });
        let (queue, files) = sync_channel::<(String, Vec<u8>)>(QUEUE);
        let files = Arc::new(Mutex::new(files));
        let writers = (0..WRITERS)
            .map(|_| {
                let (files, filling) = (Arc::clone(&files), Arc::clone(&filling));
                std::thread::spawn(move || write_queued(&files, &filling))
            })
            .collect();
        Ok(Staging {
            output: output.to_path_buf(),
            retired,
            spare,
            filling,
            queue: Some(queue),
            writers,
            listing,
            committed: false,
        })
    }

    /// Queues one file at `path` (`hire/x/index.html`) for the staging
    /// folder. A failed write is reported by [`Staging::commit`].
    pub fn write(&self, path: &str, bytes: Vec<u8>) {
        if let Some(queue) = &self.queue {
            // A send fails only when the writers stopped: their error comes
            // out of commit().
            let _ = queue.send((path.to_string(), bytes));
        }
    }

    /// Waits for every queued file, removes what a recycled spare holds
    /// that this build did not write, then swaps the staging folder in
    /// place of the output: old -> retired, staging -> output, then the
    /// retired one becomes the spare. Between the two renames the output
    /// path is briefly absent, never partial; if the build is killed right
    /// there, the next build puts the retired folder back first
    /// ([`recover_leftovers`]). Returns how many files were reused.
    pub fn commit(mut self) -> Result<Reuse, Diagnostic> {
        self.finish_writing()?;
        if let Some(listing) = self.listing.take() {
            // Listed while files were placed: an entry that vanished on the
            // way fails the listing, which is then made again.
            let listed = match listing.join() {
                Ok(Ok(listed)) => listed,
                _ => list(&self.filling.dir)?,
            };
            self.filling.prune(&listed)?;
        }
        let output = self.output.clone();
        let had_output = output.exists();
        if had_output {
            // Marked before it moves, so that a retired folder a crash
            // leaves behind is recognisable as ours.
            fs::write(output.join(MARKER), MARKER_TEXT).map_err(|e| io_error(&output, &e))?;
            fs::rename(&output, &self.retired).map_err(|e| io_error(&output, &e))?;
            pause_point("retired", 0);
        }
        if let Err(e) = fs::rename(&self.filling.dir, &output) {
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
            keep_as_spare(&self.retired, &self.spare);
            pause_point("kept", 0);
        }
        let count = |i: usize| self.filling.counts[i].load(Ordering::Relaxed);
        Ok(Reuse {
            kept: count(0),
            linked: count(1),
            written: count(2),
        })
    }

    /// Closes the queue and waits for the writer threads; returns the
    /// first error of any.
    fn finish_writing(&mut self) -> Result<(), Diagnostic> {
        self.queue = None;
        let mut result = Ok(());
        for writer in self.writers.drain(..) {
            let outcome = writer.join().unwrap_or_else(|_| {
                Err(Diagnostic::error(
                    "io",
                    &self.filling.dir,
                    "bug: a thread writing the output stopped",
                ))
            });
            if result.is_ok() {
                result = outcome;
            }
        }
        result
    }
}

impl Filling {
    /// Places one file (`rel`, `/`-separated) in the staging folder,
    /// creating its folder first.
    fn place(&self, rel: &str, bytes: &[u8], folders: &mut Folders) -> Result<Placed, Diagnostic> {
        self.claim(rel);
        let target = self.dir.join(rel);
        let folder = rel.rsplit_once('/').map(|(folder, _)| folder);
        if let Some(folder) = folder {
            self.make_folder(folder, &mut folders.staged)?;
        }
        let mut staged = Found::at(&target);
        if matches!(staged, Found::Folder) && self.stale(rel, true) {
            let _ = fs::remove_dir_all(&target);
            staged = Found::Missing;
        }
        // Only from a real folder of the previous output: a symbolic link
        // on the way could lead to a file outside it.
        let previous = self.previous.as_ref().filter(|previous| {
            folder.is_none_or(|folder| real_folder(previous, folder, &mut folders.previous))
        });
        let previous = previous.map(|p| p.join(rel));
        reuse::place(&target, staged, previous.as_deref(), bytes).map_err(|e| io_error(&target, &e))
    }

    /// Makes the folder `rel` and those above it in the staging folder,
    /// each looked at once (`made`). A recycled spare may hold a file or a
    /// symbolic link where this build has a folder: removed, unless this
    /// build wrote it; a link is never followed.
    fn make_folder(&self, rel: &str, made: &mut HashSet<String>) -> Result<(), Diagnostic> {
        if made.contains(rel) {
            return Ok(());
        }
        for (end, _) in rel.match_indices('/').chain([(rel.len(), "")]) {
            let above = &rel[..end];
            if made.contains(above) {
                continue;
            }
            let path = self.dir.join(above);
            let found = Found::at(&path);
            if matches!(found, Found::File(_) | Found::Other) && self.stale(above, false) {
                let _ = fs::remove_file(&path);
            }
            if !matches!(found, Found::Folder)
                && let Err(e) = fs::create_dir(&path)
                && !matches!(Found::at(&path), Found::Folder)
            {
                return Err(io_error(&path, &e));
            }
            made.insert(above.to_string());
        }
        Ok(())
    }

    fn claim(&self, rel: &str) {
        let mut claimed = self.claimed.lock().unwrap_or_else(PoisonError::into_inner);
        claimed.insert(rel.to_string());
    }

    /// Whether `rel` in a recycled spare is left over from an earlier
    /// build: no file of this build is at it (or, for a folder, inside it).
    fn stale(&self, rel: &str, folder: bool) -> bool {
        let claimed = self.claimed.lock().unwrap_or_else(PoisonError::into_inner);
        self.recycled
            && if folder {
                !reuse::claims_inside(&claimed, rel)
            } else {
                !claimed.contains(rel)
            }
    }

    /// Removes from a recycled spare every file and folder this build did
    /// not write (the marker stays until the swap). `listed` is what the
    /// spare held when the build began ([`list`]): whatever was added
    /// since, this build wrote.
    fn prune(&self, listed: &[(String, bool)]) -> Result<(), Diagnostic> {
        let claimed = self.claimed.lock().unwrap_or_else(PoisonError::into_inner);
        let mut removed = 0;
        // Folders come before what they hold: once a stale folder is
        // removed, what it held is missing.
        for (rel, _) in listed {
            if rel == MARKER || claimed.contains(rel) || reuse::claims_inside(&claimed, rel) {
                continue;
            }
            let path = self.dir.join(rel);
            let result = match Found::at(&path) {
                Found::Missing => continue,
                Found::Folder => fs::remove_dir_all(&path),
                Found::File(_) | Found::Other => fs::remove_file(&path),
            };
            result.map_err(|e| io_error(&path, &e))?;
            removed += 1;
            pause_point("pruning", removed);
        }
        Ok(())
    }
}

/// Every file and folder under `dir`.
fn list(dir: &Path) -> Result<Listing, Diagnostic> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                io_error(&path, &std::io::Error::other(e))
            })?;
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            Ok((rel, entry.file_type().is_dir()))
        })
        .collect()
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

/// The folders a writer thread knows to be real folders (not links), in
/// the staging folder and in the previous output, by `/`-separated path.
#[derive(Default)]
struct Folders {
    staged: HashSet<String>,
    previous: HashSet<String>,
}

/// Whether `rel` and every folder above it in `base` is a real folder, not
/// a symbolic link (`known` holds those already seen).
fn real_folder(base: &Path, rel: &str, known: &mut HashSet<String>) -> bool {
    if known.contains(rel) {
        return true;
    }
    for (end, _) in rel.match_indices('/').chain([(rel.len(), "")]) {
        let above = &rel[..end];
        if !known.contains(above) {
            if !matches!(Found::at(&base.join(above)), Found::Folder) {
                return false;
            }
            known.insert(above.to_string());
        }
    }
    true
}

/// A writer thread: places each queued file. After a failure it keeps
/// draining the queue (so renderers never block) and reports the first
/// error.
fn write_queued(
    files: &Mutex<Receiver<(String, Vec<u8>)>>,
    filling: &Filling,
) -> Result<(), Diagnostic> {
    let mut folders = Folders::default();
    let mut first_error = None;
    loop {
        let next = files.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok((path, bytes)) = next else { break };
        if first_error.is_some() {
            continue;
        }
        match filling.place(&path, &bytes, &mut folders) {
            Ok(placed) => {
                let i = match placed {
                    Placed::Kept => 0,
                    Placed::Linked => 1,
                    Placed::Written => 2,
                };
                filling.counts[i].fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => first_error = Some(e),
        }
        let placed = filling.placed.fetch_add(1, Ordering::Relaxed) + 1;
        pause_point("staged", placed);
    }
    first_error.map_or(Ok(()), Err)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.finish_writing();
            if self.filling.recycled {
                keep_as_spare(&self.filling.dir, &self.spare);
            } else {
                remove_tree(&self.filling.dir);
            }
        }
    }
}

/// Makes `dir`, a folder of ours beside the output, the spare for the
/// next build; removes it if there already is one.
fn keep_as_spare(dir: &Path, spare: &Path) {
    let free = fs::symlink_metadata(spare).is_err();
    let is_folder = fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir());
    if !(free && is_folder && fs::rename(dir, spare).is_ok()) {
        remove_tree(dir);
    }
}

/// The spare of the output `name` in `parent`: `.NAME.old-spare`.
fn spare_of(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.old-spare"))
}

/// Whether `dir` is a folder of ours: a real folder (not a symbolic link)
/// with the [`MARKER`] inside.
fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && dir.join(MARKER).is_file()
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

/// Clears up the staging (`.NAME.tmp-PID`) and retired (`.NAME.old-PID`)
/// folders that killed builds left in `parent`: when the output itself is
/// missing (a build killed between the two renames of its swap), the
/// retired folder, the previous output, is renamed back; otherwise the
/// first becomes the spare if there is none (its files are checked before
/// any is reused) and the others are removed.
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
            let ours = is_ours(&path) && !is_running(pid);
            ours.then_some((retired, path))
        })
        .collect();
    // Retired folders first, so that a missing output is restored (or the
    // most complete folder kept) before the staging folders; then by name,
    // for a stable choice.
    leftovers.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let spare = spare_of(parent, name);
    for (retired, path) in leftovers {
        if retired && !output.exists() && fs::rename(&path, output).is_ok() {
            let _ = fs::remove_file(output.join(MARKER));
            continue;
        }
        keep_as_spare(&path, &spare);
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
/// environment, the build stops at that point of publishing (for `staged`,
/// `pruning` and `removing`, after the N-th file), prints `paused at POINT`
/// to stderr and waits to be killed. `tests/it/safety.rs` kills it there
/// to check what a crash at that moment leaves.
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
    fn publish(files: &[OutputFile], output: &Path) -> Result<Reuse, Diagnostic> {
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
        // Nothing is left beside the output but the previous one, kept as
        // the spare for the next build.
        let mut names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, [".public.old-spare", "public"]);
        assert!(
            tmp.path()
                .join(".public.old-spare/old/stale.html")
                .is_file()
        );
    }

    /// The files under `dir`, path -> bytes, and its folders.
    fn tree(dir: &Path) -> (Vec<(String, String)>, Vec<String>) {
        let (mut files, mut folders) = (Vec::new(), Vec::new());
        for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy();
            if entry.file_type().is_dir() {
                folders.push(rel.into_owned());
            } else {
                let text = fs::read_to_string(entry.path()).unwrap();
                files.push((rel.into_owned(), text));
            }
        }
        (files, folders)
    }

    fn files(list: &[(&str, &str)]) -> Vec<OutputFile> {
        list.iter()
            .map(|(p, b)| OutputFile::new(p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_rebuild_reuses_the_spare_and_leaves_exactly_the_new_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = files(&[
            ("index.html", "home"),
            ("a/index.html", "a"),
            ("gone/index.html", "gone"),
            ("x", "a file, then a folder"),
            ("y/index.html", "a folder, then a file"),
        ]);
        let reuse = publish(&first, &out).unwrap();
        assert_eq!((reuse.kept, reuse.linked, reuse.written), (0, 0, 5));
        // No spare yet: the unchanged files are linked from the output.
        let second = files(&[
            ("index.html", "home"),
            ("a/index.html", "A"),
            ("x/index.html", "x"),
            ("y", "y"),
        ]);
        let reuse = publish(&second, &out).unwrap();
        assert_eq!((reuse.kept, reuse.linked, reuse.written), (0, 1, 3));
        let spare = tmp.path().join(".public.old-spare");
        assert!(spare.join(MARKER).is_file());
        assert_eq!(tree(&out).0.len(), 4);
        // The spare (the first build) becomes the staging folder: what it
        // holds that the third build does not write is gone.
        let third = files(&[
            ("index.html", "home"),
            ("a/index.html", "A"),
            ("x/index.html", "x"),
            ("y", "y"),
            ("new.html", "new"),
        ]);
        let reuse = publish(&third, &out).unwrap();
        assert_eq!((reuse.kept, reuse.linked, reuse.written), (1, 3, 1));
        let (on_disk, folders) = tree(&out);
        let expected: Vec<(String, String)> = third
            .iter()
            .map(|f| (f.path.clone(), String::from_utf8(f.bytes.clone()).unwrap()))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_iter()
            .collect();
        assert_eq!(on_disk, expected);
        assert_eq!(folders, ["a", "x"]);
        // The spare is the second build, as it was published.
        let (spare_files, _) = tree(&spare);
        let published_second: Vec<&str> = spare_files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            published_second,
            [MARKER, "a/index.html", "index.html", "x/index.html", "y"]
        );
        // And nothing else is beside the output.
        let mut names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".public.old-spare", "public"]);
    }

    #[test]
    fn a_failed_build_puts_the_spare_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = files(&[("index.html", "home"), ("a/b.html", "b")]);
        publish(&site, &out).unwrap();
        publish(&site, &out).unwrap();
        let failing = files(&[("index.html", "new home"), ("index.html/x", "y")]);
        assert!(publish(&failing, &out).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
        let spare = tmp.path().join(".public.old-spare");
        assert!(spare.join(MARKER).is_file());
        // Whatever it holds now, the next build leaves exactly its files.
        publish(&site, &out).unwrap();
        assert_eq!(
            tree(&out).0,
            [
                ("a/b.html".into(), "b".into()),
                ("index.html".into(), "home".into())
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_in_the_spare_or_the_output_are_never_followed() {
        use std::os::unix::fs::{MetadataExt, symlink};
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join("index.html"), "a").unwrap();
        let site = files(&[("hire/index.html", "a"), ("b/index.html", "b")]);
        publish(&site, &out).unwrap();
        publish(&site, &out).unwrap();
        // A link where a folder goes, in the spare and in the output.
        let spare = tmp.path().join(".public.old-spare");
        fs::remove_dir_all(spare.join("hire")).unwrap();
        symlink(&elsewhere, spare.join("hire")).unwrap();
        fs::remove_dir_all(out.join("hire")).unwrap();
        symlink(&elsewhere, out.join("hire")).unwrap();
        let reuse = publish(&site, &out).unwrap();
        assert_eq!(reuse.written, 1);
        assert!(fs::symlink_metadata(out.join("hire")).unwrap().is_dir());
        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        assert_ne!(
            ino(&out.join("hire/index.html")),
            ino(&elsewhere.join("index.html"))
        );
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);
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
