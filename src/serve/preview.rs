//! The site as `serve` keeps it: rendered in memory and rebuilt on change,
//! re-rendering only what a change can reach.
//!
//! The preview renders without fingerprints or minification, so that a
//! stylesheet edit changes the stylesheet alone and can be swapped into
//! open tabs without touching any page. Each rebuild produces a new
//! [`Snapshot`]; the server always answers from the newest complete one,
//! so a request never sees a half-rebuilt site.
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
//! - a stylesheet: nothing (the tabs swap it);
//! - `site.yaml`, a theme's `theme.yaml`, `_data`: everything.
//!
//! When in doubt (an error in between, a new folder) it renders
//! everything: a full rebuild is always correct.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::content::{Content, Role};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::{self, Renderer};
use crate::site::{LoadOptions, PageKey, Setup, Site};
use crate::theme::{SITE_STATIC_DIR, SITE_TEMPLATES_DIR, THEMES_DIR, Theme};

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
    /// Pages rendered by this rebuild (whether or not their bytes changed).
    pub rendered: usize,
    /// How long the rebuild took.
    pub elapsed: Duration,
}

/// Output path (`hire/index.html`) -> bytes.
///
/// Keys are shared strings so that the next snapshot copies the map
/// without copying 20,000 paths.
pub type Files = BTreeMap<Arc<str>, Arc<[u8]>>;

/// What rendering produced.
struct Output {
    files: Files,
    warnings: Diagnostics,
    rendered: usize,
    /// The paths written or removed, when not everything was.
    touched: Option<BTreeSet<Arc<str>>>,
}

/// The last good build: what the next rebuild compares with.
struct Built {
    site: Site,
    renderer: Renderer,
    deps: Dependencies,
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
        };
        let update = preview.rebuild(&Batch::default());
        (preview, update)
    }

    /// The newest snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot)
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
            }) => {
                update.warnings = warnings;
                update.rendered = rendered;
                diff(&previous.files, &files, touched.as_ref(), &mut update);
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
                // The next rebuild starts from scratch: what changed since
                // the last good build is no longer known.
                self.built = None;
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
            self.content = Content::load(&self.root, &setup.render_options());
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
                    if self
                        .content
                        .reload(&self.root, path, &setup.render_options())
                    {
                        changes.content.insert(path.clone());
                    } else {
                        self.content = Content::load(&self.root, &setup.render_options());
                        changes.everything = true;
                    }
                }
                ChangeKind::Config | ChangeKind::Data => unreachable!("handled above"),
            }
        }
        Ok(changes)
    }

    /// Renders what `changes` can reach; returns the new files, warnings
    /// and the number of pages rendered.
    fn render(&mut self, changes: Changes, previous: &Files) -> Result<Output, Diagnostics> {
        if let Some(result) = self.render_role_edits(&changes, previous) {
            return result;
        }
        let Some(setup) = self.setup.as_ref() else {
            return Err(Diagnostics::new());
        };
        let site = Site::assemble(setup, &self.content)?;
        let old = self.built.take();
        let plan = match &old {
            Some(old) if !changes.everything => Some(plan(&old.site, &site, &changes)),
            _ => None,
        };
        let (renderer, deps) = match (&plan, old) {
            (Some(plan), Some(old)) if !plan.new_renderer => (old.renderer, old.deps),
            _ => {
                let renderer = Renderer::new(&site, identity_assets(&site))?;
                let deps = Dependencies::of(&site.theme, renderer.templates());
                (renderer, deps)
            }
        };

        let keys: Vec<PageKey> = match &plan {
            Some(plan) => plan.keys(&site, &deps, &changes),
            None => site.page_keys().collect(),
        };
        let rendered = render::pages(&site, &renderer, &keys)?;
        let count = rendered.len();

        let mut removed = BTreeSet::new();
        let mut files = match &plan {
            Some(plan) => {
                let mut files = previous.clone();
                if plan.structure_changed {
                    let expected: HashSet<String> = site
                        .page_keys()
                        .map(|k| render::output_path(&site.path_of(k)))
                        .collect();
                    files.retain(|path, _| {
                        let keep = !path.ends_with(".html") || expected.contains(&**path);
                        if !keep {
                            removed.insert(Arc::clone(path));
                        }
                        keep
                    });
                }
                files
            }
            None => BTreeMap::new(),
        };
        let mut touched = insert_files(&mut files, rendered);
        let sitemap_due = plan.as_ref().is_none_or(|p| {
            p.structure_changed || p.dates_changed || p.roles_list || p.skills_list
        });
        if sitemap_due {
            touched.extend(insert_files(&mut files, render::sitemap_and_robots(&site)));
        }
        touched.extend(self.sync_statics(&site, &mut files, plan.is_none(), &changes)?);

        let warnings = site.warnings.clone();
        let touched = plan.is_some().then(|| {
            touched.extend(removed);
            touched
        });
        self.built = Some(Built {
            site,
            renderer,
            deps,
        });
        Ok(Output {
            files,
            warnings,
            rendered: count,
            touched,
        })
    }

    /// The quick path for the most common edit: roles changed in ways no
    /// other page shows (their guide, answers, cards). The site is patched
    /// in place, and only their pages (plus the skill pages showing their
    /// cards) are rendered. `None` when the edit does not qualify.
    fn render_role_edits(
        &mut self,
        changes: &Changes,
        previous: &Files,
    ) -> Option<Result<Output, Diagnostics>> {
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
        match built.site.replace_roles(&self.content, &files) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(errors) => return Some(Err(errors)),
        }
        let site = &built.site;
        let mut keys = BTreeSet::new();
        let mut dates_changed = false;
        for old in &before {
            let Some(i) = site.role_index(&old.slug) else {
                continue;
            };
            let new = &site.roles[i];
            keys.insert(PageKey::Role(i));
            if !new.front.interview_questions.is_empty() {
                keys.insert(PageKey::InterviewQuestions(i));
            }
            if old.front.candidates != new.front.candidates {
                for c in &new.front.candidates {
                    keys.extend(
                        c.skills
                            .iter()
                            .filter_map(|n| site.skill_index(n))
                            .map(PageKey::Skill),
                    );
                }
            }
            dates_changed |=
                (&old.front.date, &old.front.updated) != (&new.front.date, &new.front.updated);
        }
        let keys: Vec<PageKey> = keys.into_iter().collect();
        let rendered = match render::pages(site, &built.renderer, &keys) {
            Ok(rendered) => rendered,
            Err(errors) => return Some(Err(errors)),
        };
        let count = rendered.len();
        let mut files = previous.clone();
        let mut touched = insert_files(&mut files, rendered);
        if dates_changed {
            touched.extend(insert_files(&mut files, render::sitemap_and_robots(site)));
        }
        Some(Ok(Output {
            files,
            warnings: site.warnings.clone(),
            rendered: count,
            touched: Some(touched),
        }))
    }

    /// Puts the static files into `files`: all of them after a full
    /// rebuild, else the changed ones.
    fn sync_statics(
        &self,
        site: &Site,
        files: &mut Files,
        everything: bool,
        changes: &Changes,
    ) -> Result<Vec<Arc<str>>, Diagnostics> {
        let read = |path: &str| -> Result<Option<Arc<[u8]>>, Diagnostics> {
            let Some(file) = site.theme.static_file(path) else {
                return Ok(None);
            };
            std::fs::read(&file.path)
                .map(|bytes| Some(Arc::from(bytes)))
                .map_err(|e| {
                    Diagnostic::error("io", &file.file, format!("cannot read the file: {e}")).into()
                })
        };
        let names: Vec<String> = if everything {
            site.theme
                .static_files()
                .map(|(p, _)| p.to_string())
                .collect()
        } else {
            changes.statics.iter().cloned().collect()
        };
        let mut touched = Vec::with_capacity(names.len());
        for name in names {
            let name: Arc<str> = Arc::from(name);
            match read(&name)? {
                Some(bytes) => {
                    files.insert(Arc::clone(&name), bytes);
                }
                None => {
                    files.remove(&name);
                }
            }
            touched.push(name);
        }
        Ok(touched)
    }
}

/// Puts freshly rendered `new` files into the snapshot `files`; returns
/// their paths.
fn insert_files(files: &mut Files, new: Vec<OutputFile>) -> BTreeSet<Arc<str>> {
    new.into_iter()
        .map(|file| {
            let path: Arc<str> = Arc::from(file.path);
            files.insert(Arc::clone(&path), Arc::from(file.bytes));
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
    /// Pages were added, removed or moved: prune and redo the sitemap.
    structure_changed: bool,
    /// A date changed: redo the sitemap.
    dates_changed: bool,
    /// Tera's shared lists or functions are stale.
    new_renderer: bool,
}

impl Plan {
    fn keys(&self, site: &Site, deps: &Dependencies, changes: &Changes) -> Vec<PageKey> {
        let mut keys = self.keys.clone();
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
        (Some(a), Some(b)) => summary(a) != summary(b) || old_role != new_role,
        _ => true,
    };
    let cards_changed = match (old_doc, new_doc) {
        (Some(a), Some(b)) => {
            a.front.candidates != b.front.candidates || a.front.skills != b.front.skills
        }
        _ => true,
    };
    let dates = |r: Option<&Arc<Role>>| r.map(|r| (r.front.date.clone(), r.front.updated.clone()));
    if dates(old_doc) != dates(new_doc) {
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

/// What lists of roles show of a role.
fn summary(role: &Role) -> impl PartialEq + '_ {
    let f = &role.front;
    (
        (&f.title, &f.role, &role.slug, &f.description),
        (
            &f.skills,
            f.weight,
            f.candidates.len(),
            f.interview_questions.len(),
        ),
        &f.extra,
    )
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

/// Static paths published under their own names: the preview does not
/// fingerprint.
fn identity_assets(site: &Site) -> BTreeMap<String, String> {
    site.theme
        .static_files()
        .map(|(path, _)| (path.to_string(), path.to_string()))
        .collect()
}

/// Compares two versions of the output and records what changed: the
/// `touched` paths only, when known, else every path.
fn diff(old: &Files, new: &Files, touched: Option<&BTreeSet<Arc<str>>>, update: &mut Update) {
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
    for path in changed {
        if path.ends_with(".html") {
            update.pages.push(url_of(path));
        } else if path.ends_with(".css") {
            update.stylesheets.push(url_of(path));
        } else if !matches!(path, "sitemap.xml" | "robots.txt") {
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

    fn files(entries: &[(&str, &str)]) -> Files {
        entries
            .iter()
            .map(|(p, b)| (Arc::from(*p), Arc::from(b.as_bytes())))
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
        diff(&old, &new, None, &mut update);
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
            None,
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
