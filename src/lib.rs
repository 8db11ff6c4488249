//! hirepage: a static site generator for recruiting landing pages.
//!
//! The data flow of a build, from `main` to the written files:
//!
//! 1. [`site::Site::load`] reads `site.yaml`, the theme and `content/` and
//!    checks them (every problem at once, as [`diagnostics::Diagnostics`]);
//! 2. [`output::fingerprint`] gives static files their content-hashed
//!    names, so that templates can ask for them with `asset()`;
//! 3. every page is rendered ([`render::Renderer::page`]), pointed at the
//!    hashed names and minified ([`output::finish_page`]) and written with
//!    its compressed copies into a staging folder ([`output::Emitter`]),
//!    page by page, in parallel;
//! 4. `build` adds `_headers` and `manifest.json` and swaps the staging
//!    folder in place of the old output ([`output::Staging::commit`]).
//!
//! `check` does steps 1 to 3 without writing and runs the content lint
//! ([`lint`]); `build` runs it too and reports its findings as warnings.

pub mod cli;
pub mod cms;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fmt;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use diagnostics::{Diagnostic, Diagnostics};
use output::headers;
use output::manifest::{Entry, MANIFEST_FILE, Manifest};
use output::rewrite::Resolver;
use output::{Emitter, Staging};
use render::Renderer;
use site::{LoadOptions, PageKey, Site};

/// What `build` and `check` need to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write the site (`build` only).
    pub output: PathBuf,
    /// Drafts and base URL.
    pub load: LoadOptions,
}

/// How many pages of each kind a build produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounts {
    /// Role pages.
    pub roles: usize,
    /// Interview-question pages.
    pub interview_questions: usize,
    /// Skill pages.
    pub skills: usize,
    /// Plain pages.
    pub pages: usize,
    /// Home, directory and 404.
    pub other: usize,
}

impl PageCounts {
    fn of(site: &Site) -> Self {
        let mut counts = PageCounts::default();
        for key in site.page_keys() {
            match key {
                PageKey::Role(_) => counts.roles += 1,
                PageKey::InterviewQuestions(_) => counts.interview_questions += 1,
                PageKey::Skill(_) => counts.skills += 1,
                PageKey::Page(_) => counts.pages += 1,
                PageKey::Home | PageKey::Directory | PageKey::NotFound => counts.other += 1,
            }
        }
        counts
    }

    /// All pages.
    pub fn total(&self) -> usize {
        self.roles + self.interview_questions + self.skills + self.pages + self.other
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages by kind.
    pub pages: PageCounts,
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Wall time of each phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
    /// Warnings (the build succeeded anyway).
    pub warnings: Diagnostics,
}

impl BuildReport {
    /// Total wall time.
    pub fn elapsed(&self) -> Duration {
        self.phases.iter().map(|(_, d)| *d).sum()
    }
}

/// What one pass over the site produced: `build` has written it into a
/// staging folder, `check` only looked at it.
struct Produced {
    site: Site,
    /// Every published file (compressed copies included) with its manifest
    /// entry, by path.
    entries: BTreeMap<String, Entry>,
    /// Published paths that carry a content hash.
    hashed: BTreeSet<String>,
    /// The ids of the pages that links point into, for the lint.
    anchors: lint::Anchors,
    /// Warnings of every phase.
    warnings: Diagnostics,
    /// Where `build` wrote the files, not yet swapped in.
    staging: Option<Staging>,
}

/// One rendered page on its way out.
struct PageOut {
    path: String,
    entries: Vec<(String, Entry)>,
    warning: Option<Diagnostic>,
    ids: Option<BTreeSet<String>>,
}

/// Loads and renders the site, sending each page out as soon as it is
/// ready: static files get their content-hashed names first (templates ask
/// for them with `asset()`), then every page is rendered, pointed at them,
/// minified and (with `output`) written into a staging folder beside it,
/// in parallel. Nothing is swapped in here.
fn produce(
    options: &BuildOptions,
    output: Option<&std::path::Path>,
    phases: &mut Vec<(&'static str, Duration)>,
) -> Result<Produced, Diagnostics> {
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
        phases.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let site = Site::load(&options.root, &options.load)?;
    lap("load", phases);

    let statics = output::static_files(&site).map_err(Diagnostics::from)?;
    let (assets, mut warnings) =
        output::fingerprint::fingerprint(statics, &site.theme, &site.config, &site.base)
            .map_err(with_warnings(&site))?;
    lap("static", phases);

    let renderer = Renderer::new(&site, assets.published_paths()).map_err(with_warnings(&site))?;
    lap("templates", phases);

    let staging = output
        .map(Staging::create)
        .transpose()
        .map_err(Diagnostics::from)?;
    let hashed = assets.hashed_paths();
    let emitter = Emitter::new(staging.as_ref(), site.config.precompress, &hashed);
    let resolver = Resolver::new(&site.base, &assets.hashes);
    let targets = lint::fragment_targets(&site);
    let keys: Vec<PageKey> = site.page_keys().collect();
    let views = renderer.views(&site);
    let results: Vec<Result<PageOut, Vec<Diagnostic>>> = keys
        .par_iter()
        .map(|&key| {
            let page = renderer.page(&views, key)?;
            let (page, warning) = output::finish_page(page, &resolver, site.config.minify);
            let ids = targets
                .contains(&page.path)
                .then(|| lint::ids_in(&page.bytes));
            let path = page.path.clone();
            let entries = emitter.emit(page).map_err(|d| vec![d])?;
            Ok(PageOut {
                path,
                entries,
                warning,
                ids,
            })
        })
        .collect();
    let mut errors = Diagnostics::new();
    let mut entries = BTreeMap::new();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(out) => {
                entries.extend(out.entries);
                warnings.extend(out.warning);
                pages.push((out.path, out.ids));
            }
            Err(ds) => errors.extend(ds),
        }
    }
    if errors.has_errors() {
        return Err(with_warnings(&site)(errors));
    }
    lap("pages", phases);

    let mut others = assets.files;
    others.extend(render::sitemap_and_robots(&site));
    let written: Vec<Vec<(String, Entry)>> = others
        .into_par_iter()
        .map(|file| emitter.emit(file))
        .collect::<Result<_, _>>()
        .map_err(Diagnostics::from)?;
    entries.extend(written.into_iter().flatten());
    lap("files", phases);

    warnings.extend(site.warnings.clone());
    warnings.sort();
    Ok(Produced {
        site,
        entries,
        hashed,
        anchors: lint::Anchors::new(pages),
        warnings,
        staging,
    })
}

/// Adds the site's warnings to a failed phase's errors.
fn with_warnings(site: &Site) -> impl Fn(Diagnostics) -> Diagnostics + '_ {
    move |mut ds| {
        ds.extend(site.warnings.clone());
        ds.sort();
        ds
    }
}

/// Builds the site into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    check_output_location(options)?;
    let mut phases = Vec::new();
    let Produced {
        site,
        mut entries,
        hashed,
        anchors,
        warnings,
        staging,
    } = produce(options, Some(&options.output), &mut phases)?;
    let staging = staging.expect("bug: build always stages its files");

    let clock = Instant::now();
    let emitter = Emitter::new(Some(&staging), false, &hashed);
    let paths = entries.keys().map(String::as_str);
    let headers = headers::headers_file(paths.chain([MANIFEST_FILE]), &hashed);
    entries.extend(emitter.emit(headers).map_err(Diagnostics::from)?);
    let manifest = Manifest { files: entries };
    let manifest_file = manifest.to_file();
    let bytes =
        manifest.files.values().map(|e| e.size).sum::<u64>() + manifest_file.bytes.len() as u64;
    let files = manifest.files.len() + 1;
    emitter.emit(manifest_file).map_err(Diagnostics::from)?;
    staging.commit().map_err(Diagnostics::from)?;
    phases.push(("write", clock.elapsed()));
    let report = BuildReport {
        pages: PageCounts::of(&site),
        files,
        bytes,
        phases,
        warnings: with_lint(warnings, &site, &anchors),
    };
    // Freeing tens of thousands of parsed documents takes a noticeable
    // fraction of a second that nobody needs to wait for.
    std::thread::spawn(move || drop((site, anchors)));
    Ok(report)
}

/// Runs everything `build` does except compressing and writing, then the
/// content lint; returns the warnings.
pub fn check(options: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let mut phases = Vec::new();
    // The CMS config must match the content model (`hirepage cms`).
    let cms_drift = cms::drift(&options.root);
    let produced = produce(options, None, &mut phases).map_err(|mut errors| {
        errors.extend(cms_drift.clone());
        errors.sort();
        errors
    })?;
    let mut diagnostics = with_lint(produced.warnings, &produced.site, &produced.anchors);
    diagnostics.extend(cms_drift);
    diagnostics.sort();
    Ok(diagnostics)
}

/// The build's warnings and the content lint's findings, in order.
fn with_lint(mut warnings: Diagnostics, site: &Site, anchors: &lint::Anchors) -> Diagnostics {
    warnings.extend(lint::run(site, anchors));
    warnings.sort();
    warnings
}

/// Refuses an output folder that would swallow the site itself (the site
/// root, or a folder inside its sources): publishing swaps the output
/// folder as a whole.
pub fn check_output_location(options: &BuildOptions) -> Result<(), Diagnostics> {
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let output = absolute(&options.output);
    let output = match (output.parent(), output.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or(output.clone()),
        _ => output.clone(),
    };
    let protected = ["content", "static", "themes", "templates", "src", ".git"];
    let inside_source = protected.iter().any(|d| output.starts_with(root.join(d)));
    if root.starts_with(&output) || inside_source {
        return Err(Diagnostic::error(
            "invalid-output",
            &options.output,
            "the output folder would replace the site's own files",
        )
        .with_hint("choose a folder of its own, such as --output public")
        .into());
    }
    Ok(())
}

fn absolute(path: &std::path::Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}
