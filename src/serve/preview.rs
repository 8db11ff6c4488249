//! The site as `serve` keeps it: rendered in memory and rebuilt on change.
//!
//! The preview renders without fingerprints or minification, so that a
//! stylesheet edit changes the stylesheet alone and can be swapped into
//! open tabs without touching any page. Each rebuild produces a new
//! [`Snapshot`]; the server always answers from the newest complete one,
//! so a request never sees a half-rebuilt site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diagnostics::Diagnostics;
use crate::output::{self, OutputFile};
use crate::render::{self, Renderer};
use crate::site::{LoadOptions, Site};

use super::watch::Batch;

/// One consistent version of the site, as served.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Changes whenever the served pages change; unique across restarts.
    pub build: String,
    /// Output path (`hire/index.html`) -> bytes. Empty until a build succeeds.
    pub files: BTreeMap<String, Arc<[u8]>>,
    /// Errors of the latest rebuild; the files are then those of the last
    /// good build.
    pub errors: Diagnostics,
    /// Rebuilds attempted since start, failed ones included.
    pub rebuilds: u64,
}

/// What a rebuild changed, for the terminal and the open tabs.
#[derive(Debug, Clone, Default)]
pub struct Update {
    /// URL paths (`/hire/x/`) of HTML pages whose bytes changed, were
    /// added or removed.
    pub pages: Vec<String>,
    /// URL paths of stylesheets that changed.
    pub stylesheets: Vec<String>,
    /// Something else changed (a script, an image): every tab reloads.
    pub reload_all: bool,
    /// The rebuild failed with these errors.
    pub errors: Diagnostics,
    /// Warnings of a successful rebuild.
    pub warnings: Diagnostics,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// The preview's state between rebuilds.
pub struct Preview {
    root: PathBuf,
    options: LoadOptions,
    snapshot: Arc<Snapshot>,
    started: u64,
    generation: u64,
}

impl Preview {
    /// Builds the site under `root` for the given local base URL. Drafts are
    /// shown. A failed first build still gives a preview, with errors.
    pub fn new(root: &Path, base_url: &str) -> (Preview, Update) {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut preview = Preview {
            root: root.to_path_buf(),
            options: LoadOptions {
                drafts: true,
                base_url: Some(base_url.to_string()),
            },
            snapshot: Arc::new(Snapshot::default()),
            started,
            generation: 0,
        };
        let update = preview.rebuild(&Batch::default());
        (preview, update)
    }

    /// The newest snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot)
    }

    /// Rebuilds after the changes in `batch`.
    pub fn rebuild(&mut self, _batch: &Batch) -> Update {
        let clock = Instant::now();
        let result = render_site(&self.root, &self.options);
        let previous = Arc::clone(&self.snapshot);
        let mut update = Update::default();
        let snapshot = match result {
            Ok((site, files)) => {
                let files: BTreeMap<String, Arc<[u8]>> = files
                    .into_iter()
                    .map(|f| (f.path, Arc::from(f.bytes)))
                    .collect();
                update.warnings = site.warnings;
                diff(&previous.files, &files, &mut update);
                let changed = !update.pages.is_empty()
                    || !update.stylesheets.is_empty()
                    || update.reload_all
                    || previous.build.is_empty();
                if changed {
                    self.generation += 1;
                }
                Snapshot {
                    build: format!("{}-{}", self.started, self.generation),
                    files,
                    errors: Diagnostics::new(),
                    rebuilds: previous.rebuilds + 1,
                }
            }
            Err(errors) => {
                update.errors = errors.clone();
                Snapshot {
                    build: previous.build.clone(),
                    files: previous.files.clone(),
                    errors,
                    rebuilds: previous.rebuilds + 1,
                }
            }
        };
        self.snapshot = Arc::new(snapshot);
        update.elapsed = clock.elapsed();
        update
    }
}

/// Loads and renders the site in memory, the way `serve` shows it.
fn render_site(root: &Path, options: &LoadOptions) -> Result<(Site, Vec<OutputFile>), Diagnostics> {
    let site = Site::load(root, options)?;
    let assets = site
        .theme
        .static_files()
        .map(|(path, _)| (path.to_string(), path.to_string()))
        .collect();
    let renderer = Renderer::new(&site, assets)?;
    let mut files = render::site(&site, &renderer)?;
    files.extend(output::static_files(&site).map_err(Diagnostics::from)?);
    Ok((site, files))
}

/// Compares two versions of the output and records what changed.
fn diff(old: &BTreeMap<String, Arc<[u8]>>, new: &BTreeMap<String, Arc<[u8]>>, update: &mut Update) {
    let changed = new
        .iter()
        .filter(|(path, bytes)| old.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .chain(old.keys().filter(|path| !new.contains_key(*path)));
    for path in changed {
        if path.ends_with(".html") {
            update.pages.push(url_of(path));
        } else if path.ends_with(".css") {
            update.stylesheets.push(url_of(path));
        } else if !matches!(path.as_str(), "sitemap.xml" | "robots.txt") {
            update.reload_all = true;
        }
    }
    update.pages.sort();
    update.pages.dedup();
}

/// The URL path of an output file: `hire/x/index.html` -> `/hire/x/`.
pub fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, Arc<[u8]>> {
        entries
            .iter()
            .map(|(p, b)| (p.to_string(), Arc::from(b.as_bytes())))
            .collect()
    }

    #[test]
    fn diff_names_changed_pages_and_stylesheets() {
        let old = files(&[
            ("index.html", "a"),
            ("hire/x/index.html", "b"),
            ("css/site.css", "c"),
            ("gone/index.html", "d"),
        ]);
        let new = files(&[
            ("index.html", "a"),
            ("hire/x/index.html", "B"),
            ("css/site.css", "C"),
            ("sitemap.xml", "s"),
        ]);
        let mut update = Update::default();
        diff(&old, &new, &mut update);
        assert_eq!(update.pages, ["/gone/", "/hire/x/"]);
        assert_eq!(update.stylesheets, ["/css/site.css"]);
        assert!(!update.reload_all);
    }

    #[test]
    fn other_static_files_reload_every_tab() {
        let mut update = Update::default();
        diff(
            &files(&[("js/a.js", "1")]),
            &files(&[("js/a.js", "2")]),
            &mut update,
        );
        assert!(update.reload_all);
    }

    #[test]
    fn url_of_output_paths() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("hire/x/index.html"), "/hire/x/");
        assert_eq!(url_of("404.html"), "/404.html");
        assert_eq!(url_of("css/site.css"), "/css/site.css");
    }
}
