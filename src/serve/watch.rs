//! Watching the site's sources and turning bursts of file events into
//! batches, one batch per rebuild.
//!
//! Editors save in many ways: write the file twice, or write a temporary
//! file and rename it over the original (vim, JetBrains, gedit). A `git
//! checkout` touches a hundred files in a few milliseconds. All of these
//! must cause one rebuild, so events are collected until the sources have
//! been quiet for [`QUIET`], and only then handed over as one batch.
//! Events that arrive while a rebuild runs are collected into the next
//! batch, never queued one by one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::files::is_ignored_name;
use crate::i18n::I18N_DIR;
use crate::theme::{SITE_STATIC_DIR, SITE_TEMPLATES_DIR, THEMES_DIR};

/// A file at the site root whose name starts with this is a
/// synchronisation point: once `/__hirepage/status` reports its name as
/// `synced`, every change made before it was written has been rebuilt.
/// Tests use it to prove that nothing more happens, without sleeping.
pub const SYNC_MARKER: &str = ".hirepage-sync";

/// How long the sources must be quiet before a batch is handed over.
pub const QUIET: Duration = Duration::from_millis(15);
/// The longest a batch waits for quiet during a long burst.
pub const MAX_WAIT: Duration = Duration::from_millis(400);

/// The folders whose files make the site.
pub const WATCHED_DIRS: [&str; 5] = [
    CONTENT_DIR,
    SITE_STATIC_DIR,
    SITE_TEMPLATES_DIR,
    THEMES_DIR,
    I18N_DIR,
];

/// What a changed file is, which decides how much to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A file under `content/` (role, skill, page, home).
    Content,
    /// A file under `content/_data/`.
    Data,
    /// A stylesheet under `static/` or a theme's `static/`.
    Stylesheet,
    /// Any other static file.
    Static,
    /// A template of the site or a theme.
    Template,
    /// `site.yaml` or a `theme.yaml`.
    Config,
}

/// What `path` (relative to the site root) is, or `None` when it does not
/// feed the site (an editor's temporary file, the output folder…).
pub fn classify(rel: &Path) -> Option<ChangeKind> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    if parts.iter().any(|p| is_ignored_name(p)) {
        return None;
    }
    let is_css = rel.extension().is_some_and(|e| e == "css");
    match parts.as_slice() {
        [CONFIG_FILE] => Some(ChangeKind::Config),
        [CONTENT_DIR, "_data", ..] => Some(ChangeKind::Data),
        [CONTENT_DIR, _, ..] => Some(ChangeKind::Content),
        [SITE_STATIC_DIR, _, ..] | [THEMES_DIR, _, "static", _, ..] if is_css => {
            Some(ChangeKind::Stylesheet)
        }
        [SITE_STATIC_DIR, _, ..] | [THEMES_DIR, _, "static", _, ..] => Some(ChangeKind::Static),
        [SITE_TEMPLATES_DIR, _, ..] | [THEMES_DIR, _, "templates", _, ..] => {
            Some(ChangeKind::Template)
        }
        [THEMES_DIR, _, "theme.yaml"] => Some(ChangeKind::Config),
        // Theme strings reach every page of their language, and `check`'s
        // report: the whole site is built again.
        [I18N_DIR, ..] => Some(ChangeKind::Config),
        // A whole folder appeared or vanished (a theme, `static/`…).
        [SITE_STATIC_DIR] | [SITE_TEMPLATES_DIR] | [CONTENT_DIR] | [THEMES_DIR, ..] => {
            Some(ChangeKind::Config)
        }
        _ => None,
    }
}

/// Whether a file event is a change of content (not a read, not a
/// permission change).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Watches the site under `root` and receives batches of changed paths.
pub struct SourceWatcher {
    _watcher: RecommendedWatcher,
    events: Receiver<PathBuf>,
    root: PathBuf,
}

impl SourceWatcher {
    /// Starts watching `content/`, `static/`, `templates/`, `themes/` and
    /// `site.yaml` under `root`.
    pub fn start(root: &Path) -> notify::Result<SourceWatcher> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx): (Sender<PathBuf>, Receiver<PathBuf>) = channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && is_change(&event.kind)
                {
                    for path in event.paths {
                        let _ = tx.send(path);
                    }
                }
            })?;
        // The root itself, not recursively: site.yaml, and folders that
        // appear later (a new static/).
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(SourceWatcher {
            _watcher: watcher,
            events: rx,
            root,
        })
    }

    /// Blocks until something changed, then returns every change of the
    /// burst, relative to the root and classified. `None` when the watcher
    /// stopped.
    pub fn next_batch(&mut self) -> Option<Batch> {
        loop {
            let first = self.events.recv().ok()?;
            let mut paths = BTreeSet::new();
            paths.insert(first);
            let started = Instant::now();
            loop {
                let left = MAX_WAIT.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.events.recv_timeout(QUIET.min(left)) {
                    Ok(path) => {
                        paths.insert(path);
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            let batch = Batch::new(&self.root, paths);
            if !batch.is_empty() || batch.sync.is_some() {
                // A folder created after start (static/, templates/) is
                // watched from now on.
                for dir in WATCHED_DIRS {
                    let path = self.root.join(dir);
                    if batch.paths.iter().any(|(p, _)| p == Path::new(dir)) && path.is_dir() {
                        let _ = self._watcher.watch(&path, RecursiveMode::Recursive);
                    }
                }
                return Some(batch);
            }
        }
    }
}

/// The changes of one burst: each path relative to the root, with its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Changed paths, sorted, without duplicates.
    pub paths: Vec<(PathBuf, ChangeKind)>,
    /// The name of the last [`SYNC_MARKER`] file written in the burst.
    pub sync: Option<String>,
}

impl Batch {
    /// Keeps the paths under `root` that feed the site.
    pub fn new(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Batch {
        let mut sync = None;
        let mut kept: Vec<(PathBuf, ChangeKind)> = paths
            .into_iter()
            .filter_map(|p| {
                let rel = p.strip_prefix(root).ok()?.to_path_buf();
                if rel.parent() == Some(Path::new(""))
                    && let Some(name) = rel.to_str().filter(|n| n.starts_with(SYNC_MARKER))
                {
                    sync = Some(name.to_string());
                }
                let kind = classify(&rel)?;
                Some((rel, kind))
            })
            .collect();
        kept.sort();
        kept.dedup();
        Batch { paths: kept, sync }
    }

    /// Nothing that feeds the site changed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Whether every change is a stylesheet.
    pub fn only_stylesheets(&self) -> bool {
        !self.is_empty() && self.paths.iter().all(|(_, k)| *k == ChangeKind::Stylesheet)
    }

    /// The changed paths, for the terminal.
    pub fn describe(&self) -> String {
        let names: Vec<String> = self
            .paths
            .iter()
            .take(3)
            .map(|(p, _)| crate::diagnostics::display_path(p))
            .collect();
        match self.paths.len() {
            n if n > 3 => format!("{} and {} more", names.join(", "), n - 3),
            _ => names.join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(p: &str) -> Option<ChangeKind> {
        classify(Path::new(p))
    }

    #[test]
    fn paths_are_classified_by_what_they_feed() {
        assert_eq!(kind("content/roles/a.md"), Some(ChangeKind::Content));
        assert_eq!(kind("content/_index.md"), Some(ChangeKind::Content));
        assert_eq!(kind("content/_data/skills.yaml"), Some(ChangeKind::Data));
        assert_eq!(kind("site.yaml"), Some(ChangeKind::Config));
        assert_eq!(kind("static/css/site.css"), Some(ChangeKind::Stylesheet));
        assert_eq!(
            kind("themes/default/static/css/site.css"),
            Some(ChangeKind::Stylesheet)
        );
        assert_eq!(kind("static/images/a.png"), Some(ChangeKind::Static));
        assert_eq!(kind("templates/role.html"), Some(ChangeKind::Template));
        assert_eq!(
            kind("themes/default/templates/partials/x.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(kind("themes/default/theme.yaml"), Some(ChangeKind::Config));
    }

    #[test]
    fn editor_files_and_other_folders_are_ignored() {
        assert_eq!(kind("content/roles/.a.md.swp"), None);
        assert_eq!(kind("content/roles/a.md~"), None);
        assert_eq!(kind("content/roles/4913"), None);
        assert_eq!(kind("public/index.html"), None);
        assert_eq!(kind("target/debug/x"), None);
        assert_eq!(kind("README.md"), None);
    }

    #[test]
    fn a_batch_keeps_each_path_once() {
        let root = Path::new("/site");
        let batch = Batch::new(
            root,
            [
                PathBuf::from("/site/content/roles/a.md"),
                PathBuf::from("/site/content/roles/a.md"),
                PathBuf::from("/site/content/roles/.a.md.swp"),
                PathBuf::from("/elsewhere/x.md"),
            ],
        );
        assert_eq!(
            batch.paths,
            [(PathBuf::from("content/roles/a.md"), ChangeKind::Content)]
        );
        assert!(!batch.only_stylesheets());
        assert!(Batch::new(root, [PathBuf::from("/site/static/a.css")]).only_stylesheets());
    }
}
