//! Filling the staging folder so that a rebuild creates and deletes almost
//! no inodes (issue 18).
//!
//! Writing 40,000 new files and folders, then deleting a tree of the same
//! shape, is what makes a rebuild slow on disk: ext4 without a journal
//! skips inodes deleted in the last minute when it allocates new ones, so
//! each build paid for the previous one's deletion. Hugo overwrites its
//! files in place; hirepage keeps its all-or-nothing swap and reuses
//! instead:
//!
//! - the staging folder is the previous build's retired output (the
//!   *spare*, `.NAME.old-spare`) when there is one, so its folders are
//!   reused and a file whose bytes did not change stays as it is;
//! - a file the spare lacks, or holds with other bytes, is hard-linked
//!   from the output being replaced when that one holds the new bytes;
//! - anything else is written, over a spare file that nothing else links
//!   (same inode) or as a new file.
//!
//! Nothing is trusted without reading it: a file is reused only when it
//! is a regular file (not a link or a folder) whose bytes are the new
//! ones, compared in full, and only when no path outside the output and
//! the spare links it (its link count says so), so a hard link never
//! joins the output to a file of the user's. A linked file is checked
//! after it is linked, so what is checked is what is published.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

/// What is at a path, looked at without following a symbolic link.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found {
    Missing,
    Folder,
    /// A regular file, with what tells it apart from any other.
    File(Inode),
    /// A symbolic link or something else; on systems without inode
    /// numbers, also a regular file (which is then never reused).
    Other,
}

/// A regular file's identity, link count and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inode {
    dev: u64,
    ino: u64,
    links: u64,
    len: u64,
}

impl Inode {
    fn same_file(&self, other: &Inode) -> bool {
        self.dev == other.dev && self.ino == other.ino
    }
}

impl Found {
    pub(crate) fn at(path: &Path) -> Found {
        match fs::symlink_metadata(path) {
            Err(_) => Found::Missing,
            Ok(meta) if meta.is_dir() => Found::Folder,
            Ok(meta) if meta.is_file() => inode(&meta).map_or(Found::Other, Found::File),
            Ok(_) => Found::Other,
        }
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> Option<Inode> {
    use std::os::unix::fs::MetadataExt;
    Some(Inode {
        dev: meta.dev(),
        ino: meta.ino(),
        links: meta.nlink(),
        len: meta.len(),
    })
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> Option<Inode> {
    None
}

/// How a file came to be in the staging folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placed {
    /// The spare already held these bytes.
    Kept,
    /// Hard-linked from the output being replaced.
    Linked,
    /// Written.
    Written,
}

/// Puts `bytes` at `target` in the staging folder, where `staged` is what
/// is there now (not a folder) and `previous` the same path in the output
/// being replaced, reusing a file that holds these bytes (module doc).
pub(crate) fn place(
    target: &Path,
    staged: Found,
    previous: Option<&Path>,
    bytes: &[u8],
) -> io::Result<Placed> {
    let published = match previous.map(Found::at) {
        Some(Found::File(inode)) => Some(inode),
        _ => None,
    };
    if let Found::File(spare) = staged {
        // Linked from the output at the same path, or from nowhere else.
        let shared = published.is_some_and(|p| p.same_file(&spare));
        if spare.links == 1 + u64::from(shared) && holds(target, &spare, bytes) {
            return Ok(Placed::Kept);
        }
    }
    if let (Some(from), Some(published)) = (previous, published)
        && published.links == 1
        && published.len == bytes.len() as u64
    {
        remove_file(target)?;
        if fs::hard_link(from, target).is_ok() {
            if let Found::File(linked) = Found::at(target)
                && linked.same_file(&published)
                && linked.links == 2
                && holds(target, &linked, bytes)
            {
                return Ok(Placed::Linked);
            }
            remove_file(target)?;
        }
        return write_new(target, bytes);
    }
    if let Found::File(spare) = staged
        && spare.links == 1
        && overwrite(target, &spare, bytes)?
    {
        return Ok(Placed::Written);
    }
    remove_file(target)?;
    write_new(target, bytes)
}

/// Whether the file at `path`, looked at as `inode`, still is that file and
/// holds exactly `bytes`.
fn holds(path: &Path, inode: &Inode, bytes: &[u8]) -> bool {
    if inode.len != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    if !opened_is(&file, inode) {
        return false;
    }
    let mut buffer = vec![0; (64 * 1024).min(bytes.len() + 1)];
    let mut rest = bytes;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Whether an opened file is the regular file `inode` (no symbolic link
/// or other file was put at its path since it was looked at).
fn opened_is(file: &File, inode: &Inode) -> bool {
    file.metadata()
        .ok()
        .filter(fs::Metadata::is_file)
        .and_then(|meta| self::inode(&meta))
        .is_some_and(|opened| opened.same_file(inode))
}

/// Writes `bytes` over the spare file `inode` at `target`, keeping its
/// inode; false when the file at `target` is no longer that one.
fn overwrite(target: &Path, inode: &Inode, bytes: &[u8]) -> io::Result<bool> {
    let Ok(mut file) = OpenOptions::new().write(true).open(target) else {
        return Ok(false);
    };
    if !opened_is(&file, inode) {
        return Ok(false);
    }
    file.set_len(0)?;
    file.write_all(bytes)?;
    Ok(true)
}

/// Writes `bytes` as a new file at `target`, where nothing is.
fn write_new(target: &Path, bytes: &[u8]) -> io::Result<Placed> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)?;
    file.write_all(bytes)?;
    Ok(Placed::Written)
}

/// Removes the file or symbolic link at `path`, if there is one.
fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether `claimed` (paths in the staging folder, `/`-separated) has a
/// path inside the folder `folder`.
pub(crate) fn claims_inside(claimed: &BTreeSet<String>, folder: &str) -> bool {
    let prefix = format!("{folder}/");
    claimed
        .range(prefix.clone()..)
        .next()
        .is_some_and(|path| path.starts_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(dir: &Path, previous: Option<&Path>, bytes: &[u8]) -> Placed {
        let target = dir.join("staged");
        place(&target, Found::at(&target), previous, bytes).unwrap()
    }

    #[cfg(unix)]
    fn ino(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn a_spare_file_with_the_same_bytes_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("staged"), "same").unwrap();
        assert_eq!(placed(dir.path(), None, b"same"), Placed::Kept);
        assert_eq!(placed(dir.path(), None, b"sane"), Placed::Written);
        assert_eq!(fs::read(dir.path().join("staged")).unwrap(), b"sane");
        assert_eq!(placed(dir.path(), None, b"longer"), Placed::Written);
        assert_eq!(fs::read(dir.path().join("staged")).unwrap(), b"longer");
    }

    #[cfg(unix)]
    #[test]
    fn the_previous_output_is_linked_only_when_it_holds_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("previous");
        fs::write(&previous, "old page").unwrap();
        assert_eq!(
            placed(dir.path(), Some(&previous), b"new page"),
            Placed::Written
        );
        assert_ne!(ino(&previous), ino(&dir.path().join("staged")));
        fs::remove_file(dir.path().join("staged")).unwrap();
        assert_eq!(
            placed(dir.path(), Some(&previous), b"old page"),
            Placed::Linked
        );
        assert_eq!(ino(&previous), ino(&dir.path().join("staged")));
        // Linked to the output at the same path, it is kept next time.
        assert_eq!(
            placed(dir.path(), Some(&previous), b"old page"),
            Placed::Kept
        );
        // A new version is a new file: the previous output keeps its bytes.
        assert_eq!(
            placed(dir.path(), Some(&previous), b"new text"),
            Placed::Written
        );
        assert_eq!(fs::read(&previous).unwrap(), b"old page");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_linked_from_elsewhere_is_never_reused() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("previous");
        let users = dir.path().join("users-copy");
        fs::write(&previous, "page").unwrap();
        fs::hard_link(&previous, &users).unwrap();
        assert_eq!(
            placed(dir.path(), Some(&previous), b"page"),
            Placed::Written
        );
        let staged = dir.path().join("staged");
        assert_ne!(ino(&users), ino(&staged));
        // Nor kept, nor written over, when the spare's file is linked.
        fs::remove_file(&staged).unwrap();
        fs::hard_link(&users, &staged).unwrap();
        assert_eq!(placed(dir.path(), None, b"page"), Placed::Written);
        assert_ne!(ino(&users), ino(&staged));
        assert_eq!(placed(dir.path(), None, b"edit"), Placed::Written);
        assert_eq!(fs::read(&users).unwrap(), b"page");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "page").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.path().join("staged")).unwrap();
        assert_eq!(placed(dir.path(), None, b"page"), Placed::Written);
        assert!(
            fs::symlink_metadata(dir.path().join("staged"))
                .unwrap()
                .is_file()
        );
        let linked = dir.path().join("previous");
        std::os::unix::fs::symlink(&elsewhere, &linked).unwrap();
        fs::remove_file(dir.path().join("staged")).unwrap();
        assert_eq!(placed(dir.path(), Some(&linked), b"page"), Placed::Written);
        assert_eq!(fs::read(&elsewhere).unwrap(), b"page");
    }

    #[test]
    fn claims_inside_a_folder_are_found_by_prefix() {
        let claimed: BTreeSet<String> = ["a.html", "hire/x/index.html", "hirex"]
            .map(String::from)
            .into();
        assert!(claims_inside(&claimed, "hire"));
        assert!(claims_inside(&claimed, "hire/x"));
        assert!(!claims_inside(&claimed, "hir"));
        assert!(!claims_inside(&claimed, "a.html"));
    }
}
