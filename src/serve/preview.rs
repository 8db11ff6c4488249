//! The site as `serve` keeps it: built in memory by the same pipeline as
//! `build` ([`crate::pipeline`], into [`Sink::Memory`]), and rebuilt on
//! change, re-rendering only what a change can reach.
//!
//! What the server answers for a URL is the bytes `build --drafts
//! --base-url <local URL>` writes for it: fingerprinted names, rewritten
//! links, minified pages, `_headers` and `manifest.json` included. Each
//! rebuild produces a new [`Snapshot`]; the server always answers from the
//! newest complete one, so a request never sees a half-rebuilt site.
//!
//! A rebuild re-reads only the changed files and reassembles the site
//! (cheap: documents are shared). What it re-renders depends on the change:
//!
//! - a role: its page and questions page; if its cards or skills changed,
//!   its skill pages; if what lists show of it changed (title, slug,
//!   skills, weight…), the roles that name it as related and every page
//!   whose template reads `roles`;
//! - a plain page, the home page or skill copy: that page (and the pages
//!   that read `skills` when a skill's title or order changed);
//! - a template: the pages whose template is made from it;
//! - a static file whose published name changed (a stylesheet edit gives
//!   it a new content hash): every page, since the name is in all of them;
//!   tabs whose page differs only by that name swap the stylesheet in
//!   place instead of reloading;
//! - `site.yaml`, a theme's `theme.yaml`, `_data`: everything.
//!
//! `sitemap.xml` and `robots.txt` are made again when a URL or a date
//! changed; `_headers` and `manifest.json` when asked for ([`Index`]).
//! When in doubt (an error in between, a new
//! folder) it renders everything: a full rebuild is always correct.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::content::model::Date;
use crate::content::{Content, Role};
use crate::diagnostics::Diagnostics;
use crate::lint;
use crate::output::fingerprint::sha256_hex;
use crate::output::headers::HEADERS_FILE;
use crate::output::kept::Kept;
use crate::output::manifest::{Entry, MANIFEST_FILE};
use crate::output::{Emitter, Sink, entry};
use crate::pipeline::{self, Statics};
use crate::progress::Progress;
use crate::render::context::{RoleSummary, location_summaries};
use crate::render::{self, Renderer};
use crate::site::{LoadOptions, PageKey, Setup, Site, Subject};
use crate::theme::{SITE_STATIC_DIR, SITE_TEMPLATES_DIR, THEMES_DIR, Theme};
use crate::url::{output_path, url_of};

mod draft;

pub use draft::{Choices, Draft, DraftPage, Listed, kind_of};

use super::deps::Dependencies;
use super::watch::{Batch, ChangeKind};

/// One consistent version of the site, as served.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Changes whenever the served pages change; unique across restarts.
    pub build: String,
    /// Output path (`hire/index.html`) -> bytes. Empty until a build succeeds.
    pub files: Files,
    /// Errors of the latest rebuild; the files are then those of the last
    /// good build.
    pub errors: Diagnostics,
    /// Rebuilds attempted since start, failed ones included.
    pub rebuilds: u64,
    /// The last synchronisation marker seen ([`super::watch::SYNC_MARKER`]).
    pub synced: String,
    /// `_headers` and `manifest.json`.
    pub index: Arc<Index>,
}

/// `_headers` and `manifest.json` of a snapshot, made by the pipeline's
/// [`pipeline::describe`] from the snapshot's files when first asked for.
/// They describe (and hash) every other file, so making them on each
/// rebuild cost a one-role edit on a 10,000-role site most of its time.
#[derive(Debug, Default)]
pub struct Index {
    /// The snapshot's files (shared, not copied).
    files: Files,
    hashed: BTreeSet<String>,
    described: OnceLock<Files>,
}

impl Index {
    /// The bytes of `_headers` or `manifest.json` (`path` without its
    /// slash); `None` for any other path, or before a build succeeded.
    pub fn file(&self, path: &str) -> Option<Arc<Kept>> {
        if (path != HEADERS_FILE && path != MANIFEST_FILE) || self.files.is_empty() {
            return None;
        }
        let described = self.described.get_or_init(|| {
            let mut entries: BTreeMap<String, Entry> = self
                .files
                .iter()
                .map(|(path, kept)| {
                    let bytes = kept.bytes();
                    let sha256 = Some(sha256_hex(&bytes));
                    (path.to_string(), entry(path, &bytes, &self.hashed, sha256))
                })
                .collect();
            let memory = Mutex::new(Vec::new());
            pipeline::describe(&mut entries, &self.hashed, Sink::Memory(&memory));
            let mut files = Files::new();
            insert_files(
                &mut files,
                memory.into_inner().unwrap_or_else(|e| e.into_inner()),
            );
            files
        });
        described.get(path).cloned()
    }
}

/// What a rebuild changed, for the terminal and the open tabs.
#[derive(Debug, Clone, Default)]
pub struct Update {
    /// URL paths (`/hire/x/`) of HTML pages whose bytes changed, were
    /// added or removed.
    pub pages: Vec<String>,
    /// Stylesheets that changed, as the URL path a tab has and the one it
    /// should load instead (a new content hash is a new name).
    pub stylesheets: Vec<(String, String)>,
    /// Something else changed (a script, an image): every tab reloads.
    pub reload_all: bool,
    /// The rebuild failed with these errors.
    pub errors: Diagnostics,
    /// Warnings of a successful rebuild.
    pub warnings: Diagnostics,
    /// Pages rendered by this rebuild (whether or not their bytes changed).
    pub rendered: usize,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// Output path (`hire/index.html`) -> bytes, text deflated ([`Kept`]).
///
/// Keys are shared strings so that the next snapshot copies the map
/// without copying 20,000 paths.
pub type Files = BTreeMap<Arc<str>, Arc<Kept>>;

/// What rendering produced.
struct Output {
    files: Files,
    warnings: Diagnostics,
    rendered: usize,
    /// The paths written or removed, when not everything was.
    touched: Option<BTreeSet<Arc<str>>>,
    /// Static files published under a new name: (old, new).
    renamed: Vec<(String, String)>,
    /// `_headers` and `manifest.json` of the new files.
    index: Arc<Index>,
}

/// The last good build: what the next rebuild compares with.
struct Built {
    site: Site,
    statics: Statics,
    /// Page output path -> the published path of its social card.
    cards: HashMap<String, String>,
    renderer: Renderer,
    deps: Dependencies,
    /// Where each title and description first appears, for linting
    /// drafts; made when the first draft asks.
    firsts: OnceLock<lint::Firsts>,
}

/// What changed on disk, once the state has been refreshed from it.
#[derive(Debug, Default)]
struct Changes {
    /// Everything must be rendered again.
    everything: bool,
    /// Content files re-read.
    content: BTreeSet<PathBuf>,
    /// Template names (`partials/hero.html`) changed.
    templates: BTreeSet<String>,
    /// Static paths (`css/site.css`) changed, added or removed.
    statics: BTreeSet<String>,
}

/// The preview's state between rebuilds.
pub struct Preview {
    root: PathBuf,
    options: LoadOptions,
    setup: Option<Setup>,
    content: Content,
    built: Option<Built>,
    snapshot: Arc<Snapshot>,
    started: u64,
    generation: u64,
    /// The progress line of the first build; rebuilds are quick.
    progress: Progress,
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
            setup: None,
            content: Content::default(),
            built: None,
            snapshot: Arc::new(Snapshot::default()),
            started,
            generation: 0,
            progress: Progress::start(),
        };
        let update = preview.rebuild(&Batch::default());
        preview.progress.finish();
        preview.progress = Progress::hidden();
        (preview, update)
    }

    /// The newest snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot)
    }

    /// Records that every change before the marker `name` was handled.
    pub fn synced(&mut self, name: &str) {
        let old = &self.snapshot;
        self.snapshot = Arc::new(Snapshot {
            build: old.build.clone(),
            files: old.files.clone(),
            errors: old.errors.clone(),
            rebuilds: old.rebuilds,
            synced: name.to_string(),
            index: Arc::clone(&old.index),
        });
    }

    /// Rebuilds after the changes in `batch` (an empty batch: everything).
    pub fn rebuild(&mut self, batch: &Batch) -> Update {
        let clock = Instant::now();
        let previous = Arc::clone(&self.snapshot);
        let mut update = Update::default();
        let outcome = self
            .refresh(batch)
            .and_then(|changes| self.render(changes, &previous.files));
        let snapshot = match outcome {
            Ok(Output {
                files,
                warnings,
                rendered,
                touched,
                renamed,
                index,
            }) => {
                update.warnings = warnings;
                update.rendered = rendered;
                diff(
                    &previous.files,
                    &files,
                    touched.as_ref(),
                    &renamed,
                    &mut update,
                );
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
                    synced: previous.synced.clone(),
                    index,
                }
            }
            Err(errors) => {
                // The next rebuild starts from scratch: what changed since
                // the last good build is no longer known.
                self.built = None;
                update.errors = errors.clone();
                Snapshot {
                    build: previous.build.clone(),
                    files: previous.files.clone(),
                    errors,
                    rebuilds: previous.rebuilds + 1,
                    synced: previous.synced.clone(),
                    index: Arc::clone(&previous.index),
                }
            }
        };
        self.snapshot = Arc::new(snapshot);
        update.elapsed = clock.elapsed();
        update
    }

    /// Re-reads what changed on disk into the state.
    fn refresh(&mut self, batch: &Batch) -> Result<Changes, Diagnostics> {
        let mut changes = Changes::default();
        let kinds: BTreeSet<ChangeKind> = batch.paths.iter().map(|(_, k)| *k).collect();
        let whole = self.setup.is_none()
            || self.built.is_none()
            || batch.is_empty()
            || kinds.contains(&ChangeKind::Config)
            || kinds.contains(&ChangeKind::Data);
        if whole {
            let setup = Setup::load(&self.root, &self.options)?;
            self.content = Content::load(&self.root);
            self.setup = Some(setup);
            changes.everything = true;
            return Ok(changes);
        }
        let Some(setup) = self.setup.as_mut() else {
            return Err(Diagnostics::new());
        };

        if kinds.contains(&ChangeKind::Template)
            || kinds.contains(&ChangeKind::Static)
            || kinds.contains(&ChangeKind::Stylesheet)
        {
            // Theme::load only lists files and reads templates: cheap.
            let theme = Theme::load(&self.root, &setup.config.theme)?;
            if theme.template_names().ne(setup.theme.template_names()) {
                changes.everything = true;
            }
            setup.theme = Arc::new(theme);
        }
        for (path, kind) in &batch.paths {
            match kind {
                ChangeKind::Template => {
                    if let Some(name) =
                        theme_relative(path, SITE_TEMPLATES_DIR, "templates", &setup.config.theme)
                    {
                        changes.templates.insert(name);
                    }
                }
                ChangeKind::Static | ChangeKind::Stylesheet => {
                    if let Some(name) =
                        theme_relative(path, SITE_STATIC_DIR, "static", &setup.config.theme)
                    {
                        changes.statics.insert(name);
                    }
                }
                ChangeKind::Content => {
                    if self.content.reload(&self.root, path) {
                        changes.content.insert(path.clone());
                    } else {
                        self.content = Content::load(&self.root);
                        changes.everything = true;
                    }
                }
                ChangeKind::Config | ChangeKind::Data => unreachable!("handled above"),
            }
        }
        Ok(changes)
    }

    /// Renders what `changes` can reach and sends it through the pipeline
    /// into memory; returns the new files.
    fn render(&mut self, changes: Changes, previous: &Files) -> Result<Output, Diagnostics> {
        let work = match self.patch_roles(&changes) {
            Some(work) => work?,
            None => self.reassemble(&changes)?,
        };
        let built = self
            .built
            .as_mut()
            .expect("bug: a rebuild always leaves a built site");
        built.send_out(work, previous, &self.progress)
    }

    /// The quick path for the most common edit: roles changed in ways no
    /// other page shows (their guide, answers, cards). The site is patched
    /// in place; only their pages (plus the skill pages showing their
    /// cards) are rendered. `None` when the edit does not qualify.
    fn patch_roles(&mut self, changes: &Changes) -> Option<Result<Work, Diagnostics>> {
        if changes.everything
            || !changes.templates.is_empty()
            || !changes.statics.is_empty()
            || changes.content.is_empty()
        {
            return None;
        }
        let built = self.built.as_mut()?;
        let files: Vec<PathBuf> = changes.content.iter().cloned().collect();
        let before: Vec<Arc<Role>> = files
            .iter()
            .map(|f| role_by_file(&built.site, f).map(|i| Arc::clone(&built.site.roles[i])))
            .collect::<Option<_>>()?;
        match built
            .site
            .replace_roles(&self.content, &files, same_outline)
        {
            Ok(true) => built.firsts = OnceLock::new(),
            Ok(false) => return None,
            Err(errors) => return Some(Err(errors)),
        }
        let site = &built.site;
        let mut keys = BTreeSet::new();
        let mut sitemap = false;
        for old in &before {
            let Some(i) = site.role_index(&old.slug) else {
                continue;
            };
            let new = &site.roles[i];
            sitemap |= dates(old) != dates(new);
            keys.insert(PageKey::Role(i));
            if !new.front.interview_questions.is_empty() {
                keys.insert(PageKey::InterviewQuestions(i));
            }
            if old.front.candidates != new.front.candidates {
                keys.extend(site.location_keys_of_role(i));
                for c in &new.front.candidates {
                    keys.extend(
                        c.skills
                            .iter()
                            .filter_map(|n| site.skill_index(n))
                            .map(PageKey::Skill),
                    );
                }
            }
        }
        Some(Ok(Work {
            keys: keys.into_iter().collect(),
            sitemap,
            ..Work::default()
        }))
    }

    /// The general path: assembles the site again from the content, and
    /// decides from the differences what to render.
    fn reassemble(&mut self, changes: &Changes) -> Result<Work, Diagnostics> {
        let Some(setup) = self.setup.as_ref() else {
            return Err(Diagnostics::new());
        };
        let site = Site::assemble(setup, &self.content)?;
        let old = self.built.take();
        let old_cards = old.as_ref().map(|old| old.cards.clone());
        // A location, a page in one or a redirect that appeared, vanished
        // or was renamed shows in every page (the Organization's
        // `areaServed`, the lists of locations) or in many: render
        // everything, from no files at all.
        let locations_moved = old
            .as_ref()
            .is_some_and(|old| !same_locations(&old.site, &site));
        // A photo or Markdown image named or dropped changes which image
        // variants are published; one that only moved lines does not.
        let images_changed = old.as_ref().is_some_and(|old| {
            old.statics.image_names != pipeline::image_names(&site.image_requests())
        });
        let republish = old.is_none()
            || changes.everything
            || !changes.statics.is_empty()
            || locations_moved
            || images_changed;
        let (statics, renamed) = match &old {
            Some(old) if !republish => (old.statics.clone(), Vec::new()),
            _ => {
                let statics = pipeline::statics(&site)?;
                let renamed = old.as_ref().map_or_else(Vec::new, |old| {
                    renames(&old.statics.published, &statics.published)
                });
                (statics, renamed)
            }
        };
        // A new published name is in pages everywhere (`asset()`, rewritten
        // links): render everything.
        // The pages of other languages are rendered again in full, and the
        // default's with them: what an edit reaches across languages
        // (alternates, inherited fields) is not tracked page by page.
        let plan = match &old {
            Some(old)
                if !changes.everything
                    && renamed.is_empty()
                    && !locations_moved
                    && site.translations.is_empty() =>
            {
                Some(plan(&old.site, &site, changes))
            }
            _ => None,
        };
        let (renderer, deps) = match (&plan, old) {
            (Some(plan), Some(old)) if !plan.new_renderer => (old.renderer, old.deps),
            _ => {
                let renderer = Renderer::new(&site, &statics)?;
                let deps = Dependencies::of(&site.theme, renderer.templates());
                (renderer, deps)
            }
        };
        let work = Work {
            keys: match &plan {
                Some(plan) => plan.keys(&site, &deps, changes),
                None => site.page_keys().collect(),
            },
            full: plan.is_none(),
            prune: plan.as_ref().is_some_and(|p| p.structure_changed),
            sitemap: plan.as_ref().is_none_or(|p| {
                p.structure_changed || p.dates_changed || p.roles_list || p.skills_list
            }),
            republish,
            renamed,
        };
        let cards = match old_cards {
            Some(cards) if plan.is_some() => cards,
            _ => HashMap::new(),
        };
        self.built = Some(Built {
            site,
            statics,
            cards,
            renderer,
            deps,
            firsts: OnceLock::new(),
        });
        Ok(work)
    }
}

impl Built {
    /// Renders the pages of `work` and sends them, with the other files
    /// due, through the pipeline into memory, over the `previous` files.
    fn send_out(
        &mut self,
        work: Work,
        previous: &Files,
        progress: &Progress,
    ) -> Result<Output, Diagnostics> {
        let site = &self.site;
        let memory = Mutex::new(Vec::new());
        let emitter = Emitter::new(
            Sink::Memory(&memory),
            site.config.precompress,
            &self.statics.hashed,
        )
        .with_digests(&self.statics.digests);
        let rendered = pipeline::render_pages(
            site,
            &self.renderer,
            &self.statics,
            &work.keys,
            &emitter,
            &HashSet::new(),
            progress,
            pipeline::Sign::No,
        )?;
        let mut rendered = rendered;
        if work.full {
            for translated in &site.translations {
                let renderer = Renderer::new(translated, &self.statics)?;
                let keys: Vec<PageKey> = translated.page_keys().collect();
                rendered.absorb(pipeline::render_pages(
                    translated,
                    &renderer,
                    &self.statics,
                    &keys,
                    &emitter,
                    &HashSet::new(),
                    progress,
                    pipeline::Sign::No,
                )?);
            }
        }
        // A full render starts from no files: the static ones come again.
        let statics = if work.republish || work.full {
            self.statics.files.clone()
        } else {
            Vec::new()
        };
        // The manifest entries returned are not kept: serve describes its
        // files when `_headers` or `manifest.json` is asked for ([`Index`]).
        pipeline::other_files(site, statics, work.sitemap, &emitter);

        let mut files = if work.full {
            Files::new()
        } else {
            previous.clone()
        };
        let mut removed = BTreeSet::new();
        if work.prune {
            let pages: HashSet<String> = site
                .page_keys()
                .map(|k| output_path(&site.path_of(k)))
                .chain(site.redirects.iter().map(|r| output_path(&r.from)))
                .collect();
            let stale = |path: &str| is_page(path) && !pages.contains(uncompressed(path));
            files.retain(|path, _| {
                let keep = !stale(path);
                if !keep {
                    removed.insert(Arc::clone(path));
                }
                keep
            });
        }
        if work.full {
            self.cards.clear();
        }
        // A page whose title changed names a new card: the old one goes,
        // as does the card of a page that went.
        for (page, card) in rendered.card_paths {
            let old = match card {
                Some(card) => self
                    .cards
                    .insert(page, card.clone())
                    .filter(|old| *old != card),
                None => self.cards.remove(&page),
            };
            if let Some(old) = old {
                files.remove(old.as_str());
                removed.insert(Arc::from(old.as_str()));
            }
        }
        let new = memory.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut touched = insert_files(&mut files, new);
        if work.prune {
            self.cards.retain(|page, card| {
                let keep = files.contains_key(page.as_str());
                if !keep {
                    files.remove(card.as_str());
                    removed.insert(Arc::from(card.as_str()));
                }
                keep
            });
        }
        touched.extend(removed);

        let mut warnings = site.warnings.clone();
        warnings.extend(self.statics.warnings.iter().cloned());
        warnings.extend(rendered.warnings);
        warnings.sort();
        let index = Arc::new(Index {
            files: files.clone(),
            hashed: self.statics.hashed.clone(),
            described: OnceLock::new(),
        });
        Ok(Output {
            files,
            warnings,
            rendered: work.keys.len(),
            touched: (!work.full).then_some(touched),
            renamed: work.renamed,
            index,
        })
    }
}

/// What one rebuild renders and sends out.
#[derive(Debug, Default)]
struct Work {
    /// The pages to render.
    keys: Vec<PageKey>,
    /// Every page is rendered: start from no files at all.
    full: bool,
    /// Pages may have gone: drop the files of pages the site no longer has.
    prune: bool,
    /// The static files were published again: send them out.
    republish: bool,
    /// `sitemap.xml` and `robots.txt` are due: a URL or a date changed.
    sitemap: bool,
    /// Static files whose published name changed: (old, new), `""` for a
    /// file that appeared or vanished. Everything is rendered again then.
    renamed: Vec<(String, String)>,
}

/// Static files whose published path changed from `old` to `new`, by
/// published path; a file that appeared or vanished counts as renamed too.
fn renames(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let mut renamed: Vec<(String, String)> = old
        .iter()
        .filter(|(key, from)| new.get(*key) != Some(from))
        .map(|(key, from)| (from.clone(), new.get(key).cloned().unwrap_or_default()))
        .collect();
    renamed.extend(
        new.iter()
            .filter(|(key, _)| !old.contains_key(*key))
            .map(|(_, to)| (String::new(), to.clone())),
    );
    renamed
}

/// Whether an output path is a page (or a compressed copy of one).
fn is_page(path: &str) -> bool {
    uncompressed(path).ends_with(".html")
}

/// `index.html.gz` -> `index.html`.
fn uncompressed(path: &str) -> &str {
    path.strip_suffix(".gz")
        .or_else(|| path.strip_suffix(".br"))
        .unwrap_or(path)
}

/// Puts the files the pipeline sent to memory into the snapshot `files`;
/// returns their paths.
fn insert_files(files: &mut Files, new: Vec<(String, Kept)>) -> BTreeSet<Arc<str>> {
    new.into_iter()
        .map(|(path, kept)| {
            let path: Arc<str> = Arc::from(path);
            files.insert(Arc::clone(&path), Arc::new(kept));
            path
        })
        .collect()
}

/// What an incremental rebuild renders.
struct Plan {
    /// Pages whose inputs changed.
    keys: BTreeSet<PageKey>,
    /// The `roles` list changed: pages whose template reads it.
    roles_list: bool,
    /// The `skills` list changed: pages whose template reads it.
    skills_list: bool,
    /// Pages were added, removed or moved: prune the files of the gone ones.
    structure_changed: bool,
    /// A role's `date` or `updated` changed: the sitemap's `lastmod` did.
    dates_changed: bool,
    /// Tera's shared lists or functions are stale.
    new_renderer: bool,
}

impl Plan {
    fn keys(&self, site: &Site, deps: &Dependencies, changes: &Changes) -> Vec<PageKey> {
        let mut keys = self.keys.clone();
        if self.roles_list {
            // The directory's pages list roles from `page.paginator`, not
            // from the shared `roles`.
            keys.extend((0..site.directory_pages()).map(PageKey::Directory));
        }
        if self.roles_list || self.skills_list || !changes.templates.is_empty() {
            for key in site.page_keys() {
                let template = Renderer::template_of(site, key);
                if (self.roles_list && deps.uses_roles(template))
                    || (self.skills_list && deps.uses_skills(template))
                    || deps.uses_template(template, &changes.templates)
                {
                    keys.insert(key);
                }
            }
        }
        keys.into_iter().collect()
    }
}

/// Decides what to re-render after `changes`, comparing the last good
/// site with the new one.
fn plan(old: &Site, site: &Site, changes: &Changes) -> Plan {
    let mut plan = Plan {
        keys: BTreeSet::new(),
        roles_list: false,
        skills_list: skills_list(old) != skills_list(site),
        structure_changed: false,
        dates_changed: false,
        new_renderer: false,
    };
    // A static file that appeared or vanished changes what asset() knows.
    let old_statics: BTreeSet<&str> = old.theme.static_files().map(|(p, _)| p).collect();
    let new_statics: BTreeSet<&str> = site.theme.static_files().map(|(p, _)| p).collect();
    if old_statics != new_statics {
        plan.new_renderer = true;
    }
    if !changes.templates.is_empty() {
        plan.new_renderer = true;
    }

    for file in &changes.content {
        // A location's file reaches its hub and its pages; the copy of a
        // page in a location also the links to it, from the role or skill
        // page and from the other pages of locations.
        if file.starts_with("content/locations") {
            let location = |s: &Site| s.locations.iter().position(|l| l.doc.file == *file);
            match location(site) {
                Some(i) => plan.keys.extend(site.keys_of_location(i)),
                None => {
                    plan.keys.extend(site.location_keys());
                    for s in [old, site] {
                        if let Some(page) = s
                            .local_pages
                            .iter()
                            .find(|p| p.copy.as_ref().is_some_and(|c| c.file == *file))
                        {
                            let key = match page.subject {
                                Subject::Role(ri) => PageKey::Role(ri),
                                Subject::Skill(si) => PageKey::Skill(si),
                            };
                            plan.keys.insert(key);
                        }
                    }
                }
            }
            continue;
        }
        let old_role = role_by_file(old, file);
        let new_role = role_by_file(site, file);
        if old_role.is_some() || new_role.is_some() {
            plan_role(&mut plan, old, site, old_role, new_role);
            continue;
        }
        let page = |s: &Site| s.pages.iter().position(|p| p.file == *file);
        match (page(old), page(site)) {
            (Some(a), Some(b)) => {
                plan.keys.insert(PageKey::Page(b));
                if old.pages[a].slug != site.pages[b].slug {
                    plan.structure_changed = true;
                }
            }
            (None, None) => {}
            (_, new) => {
                plan.structure_changed = true;
                if let Some(b) = new {
                    plan.keys.insert(PageKey::Page(b));
                }
            }
        }
        if site.home.as_ref().is_some_and(|h| h.file == *file)
            || old.home.as_ref().is_some_and(|h| h.file == *file)
        {
            plan.keys.insert(PageKey::Home);
        }
        let skill = |s: &Site| {
            s.skills
                .iter()
                .position(|k| k.copy.as_ref().is_some_and(|c| c.file == *file))
        };
        for s in [
            skill(old).map(|i| old.skills[i].slug.clone()),
            skill(site).map(|i| site.skills[i].slug.clone()),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(i) = site.skill_index(&s) {
                plan.keys.insert(PageKey::Skill(i));
            }
        }
    }
    if plan.skills_list {
        plan.new_renderer = true;
        plan.structure_changed = true;
    }
    if plan.roles_list {
        plan.new_renderer = true;
    }
    plan
}

/// Adds the pages a role edit reaches.
fn plan_role(
    plan: &mut Plan,
    old: &Site,
    site: &Site,
    old_role: Option<usize>,
    new_role: Option<usize>,
) {
    let old_doc = old_role.map(|i| &old.roles[i]);
    let new_doc = new_role.map(|i| &site.roles[i]);
    if let Some(i) = new_role {
        plan.keys.insert(PageKey::Role(i));
        if !site.roles[i].front.interview_questions.is_empty() {
            plan.keys.insert(PageKey::InterviewQuestions(i));
        }
    }
    let summary_changed = match (old_doc, new_doc) {
        (Some(a), Some(b)) => RoleSummary::of(a) != RoleSummary::of(b) || old_role != new_role,
        _ => true,
    };
    let cards_changed = match (old_doc, new_doc) {
        (Some(a), Some(b)) => {
            a.front.candidates != b.front.candidates || a.front.skills != b.front.skills
        }
        _ => true,
    };
    if old_doc.map(dates) != new_doc.map(dates) {
        plan.dates_changed = true;
    }
    if old_doc.map(|r| (&r.slug, r.front.interview_questions.is_empty()))
        != new_doc.map(|r| (&r.slug, r.front.interview_questions.is_empty()))
    {
        plan.structure_changed = true;
    }
    if summary_changed {
        plan.roles_list = true;
        // Roles that show this one as related (their pages and questions pages).
        if let Some(i) = new_role {
            for (j, related) in site.related.iter().enumerate() {
                if related.contains(&i) {
                    plan.keys.insert(PageKey::Role(j));
                    plan.keys.insert(PageKey::InterviewQuestions(j));
                }
            }
        }
    }
    if summary_changed || cards_changed {
        // Pages in locations show the role's title and its cards.
        plan.keys.extend(site.location_keys());
        let names = old_doc.into_iter().chain(new_doc).flat_map(|r| {
            r.front
                .skills
                .iter()
                .chain(r.front.candidates.iter().flat_map(|c| c.skills.iter()))
        });
        for name in names {
            if let Some(i) = site.skill_index(name) {
                plan.keys.insert(PageKey::Skill(i));
            }
        }
    }
    // A questions page for a role without questions does not exist.
    plan.keys.retain(|k| match k {
        PageKey::InterviewQuestions(i) => !site.roles[*i].front.interview_questions.is_empty(),
        _ => true,
    });
}

/// Whether two versions of a role look the same from every other page:
/// lists, related roles, skill pages' indexes and the site's URLs.
fn same_outline(a: &Role, b: &Role) -> bool {
    let (x, y) = (&a.front, &b.front);
    RoleSummary::of(a) == RoleSummary::of(b)
        && (x.draft, &x.related, &x.template, &x.aliases)
            == (y.draft, &y.related, &y.template, &y.aliases)
        // Candidates' skills index the skill pages, their locations the
        // pages in locations.
        && x.candidates
            .iter()
            .zip(&y.candidates)
            .all(|(c, d)| c.skills == d.skills && c.location == d.location)
}

/// What the sitemap shows of a role besides its URL: its `lastmod`.
fn dates(role: &Arc<Role>) -> (&Option<Date>, &Option<Date>) {
    (&role.front.date, &role.front.updated)
}

/// What lists of skills show of one skill.
#[derive(PartialEq)]
struct SkillListing<'a> {
    slug: &'a str,
    name: &'a str,
    roles: usize,
    candidates: usize,
    title: Option<&'a str>,
    weight: Option<i64>,
}

/// What lists of skills show.
fn skills_list(site: &Site) -> Vec<SkillListing<'_>> {
    site.skills
        .iter()
        .map(|s| {
            let copy = s.copy.as_ref();
            SkillListing {
                slug: &s.slug,
                name: &s.name,
                roles: s.roles.len(),
                candidates: s.candidates.len(),
                title: copy.and_then(|c| c.front.title.as_deref()),
                weight: copy.and_then(|c| c.front.weight),
            }
        })
        .collect()
}

/// Whether the locations, their pages and the redirects are the same in
/// both: what every page may show of them (the `locations` list, the
/// pages that exist, the redirect pages).
fn same_locations(old: &Site, site: &Site) -> bool {
    let pages = |s: &Site| -> Vec<String> {
        s.location_keys()
            .into_iter()
            .map(|k| s.path_of(k))
            .collect()
    };
    location_summaries(old) == location_summaries(site)
        && pages(old) == pages(site)
        && old.redirects == site.redirects
}

fn role_by_file(site: &Site, file: &Path) -> Option<usize> {
    site.roles.iter().position(|r| r.file == file)
}

/// The published name of a theme or site file under `kind` (`templates`
/// or `static`), or `None` for another theme's file.
fn theme_relative(path: &Path, site_dir: &str, kind: &str, theme: &str) -> Option<String> {
    let rel = match path.strip_prefix(site_dir) {
        Ok(rel) => rel,
        Err(_) => path
            .strip_prefix(Path::new(THEMES_DIR).join(theme).join(kind))
            .ok()?,
    };
    Some(crate::diagnostics::display_path(rel))
}

/// Compares two versions of the output and records what changed: the
/// `touched` paths only, when known, else every path. A page that differs
/// only by the new names of `renamed` static files needs no reload: the
/// tab swaps its stylesheets (or reloads for other files).
fn diff(
    old: &Files,
    new: &Files,
    touched: Option<&BTreeSet<Arc<str>>>,
    renamed: &[(String, String)],
    update: &mut Update,
) {
    // Files carried over from the previous snapshot are the same Arc:
    // compare pointers first, bytes only for what was rendered again.
    let differs = |path: &str| match (old.get(path), new.get(path)) {
        (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a != b,
        (None, None) => false,
        _ => true,
    };
    let changed: Vec<&str> = match touched {
        Some(touched) => touched
            .iter()
            .map(|p| &**p)
            .filter(|p| differs(p))
            .collect(),
        None => new
            .keys()
            .chain(old.keys().filter(|p| !new.contains_key(*p)))
            .map(|p| &**p)
            .filter(|p| differs(p))
            .collect(),
    };
    let renamed_paths: HashSet<&str> = renamed
        .iter()
        .flat_map(|(from, to)| [from.as_str(), to.as_str()])
        .collect();
    let only_renamed = |path: &str| {
        !renamed.is_empty()
            && old.get(path).zip(new.get(path)).is_some_and(|(a, b)| {
                with_new_names(&a.bytes(), renamed).as_bytes() == &b.bytes()[..]
            })
    };
    for path in changed {
        if renamed_paths.contains(path) || uncompressed(path) != path {
            // Renames are reported below; browsers never ask for a
            // compressed copy by its name.
            continue;
        }
        if path.ends_with(".html") {
            if !only_renamed(path) {
                update.pages.push(url_of(path));
            }
        } else if path.ends_with(".css") {
            update.stylesheets.push((url_of(path), url_of(path)));
        } else if !(render::is_sitemap(path)
            || matches!(path, "robots.txt" | HEADERS_FILE | MANIFEST_FILE))
        {
            update.reload_all = true;
        }
    }
    for (from, to) in renamed {
        if from.ends_with(".css") && to.ends_with(".css") {
            update.stylesheets.push((url_of(from), url_of(to)));
        } else {
            update.reload_all = true;
        }
    }
    update.pages.sort();
    update.pages.dedup();
    update.stylesheets.sort();
}

/// The text of `bytes` with every renamed path replaced by its new name.
fn with_new_names(bytes: &[u8], renamed: &[(String, String)]) -> String {
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    for (from, to) in renamed {
        if !from.is_empty() {
            text = text.replace(from.as_str(), to);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries
            .iter()
            .map(|(p, b)| (Arc::from(*p), Arc::new(Kept::new(p, b.as_bytes().to_vec()))))
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
        diff(&old, &new, None, &[], &mut update);
        assert_eq!(update.pages, ["/gone/", "/hire/x/"]);
        assert_eq!(
            update.stylesheets,
            [("/css/site.css".to_string(), "/css/site.css".to_string())]
        );
        assert!(!update.reload_all);
    }

    #[test]
    fn a_page_that_only_names_a_new_stylesheet_is_not_reloaded() {
        let old = files(&[
            ("a/index.html", "<link href=/css/s.11111111.css>A"),
            ("b/index.html", "<link href=/css/s.11111111.css>B"),
            ("css/s.11111111.css", "old"),
        ]);
        let new = files(&[
            ("a/index.html", "<link href=/css/s.22222222.css>A"),
            ("b/index.html", "<link href=/css/s.22222222.css>B, edited"),
            ("css/s.22222222.css", "new"),
        ]);
        let renamed = [(
            "css/s.11111111.css".to_string(),
            "css/s.22222222.css".to_string(),
        )];
        let mut update = Update::default();
        diff(&old, &new, None, &renamed, &mut update);
        assert_eq!(update.pages, ["/b/"]);
        assert_eq!(
            update.stylesheets,
            [(
                "/css/s.11111111.css".to_string(),
                "/css/s.22222222.css".to_string()
            )]
        );
        assert!(!update.reload_all);
    }

    #[test]
    fn other_static_files_reload_every_tab() {
        let mut update = Update::default();
        diff(
            &files(&[("js/a.js", "1")]),
            &files(&[("js/a.js", "2")]),
            None,
            &[],
            &mut update,
        );
        assert!(update.reload_all);
    }

    #[test]
    fn theme_and_site_paths_are_named_alike() {
        let name = |p: &str| theme_relative(Path::new(p), "templates", "templates", "default");
        assert_eq!(name("templates/role.html").as_deref(), Some("role.html"));
        assert_eq!(
            name("themes/default/templates/partials/a.html").as_deref(),
            Some("partials/a.html")
        );
        assert_eq!(name("themes/other/templates/role.html"), None);
    }
}
