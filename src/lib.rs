//! hirepage: a static site generator for recruiting landing pages.
//!
//! The data flow of a build, from `main` to the written files (the stages
//! are in [`pipeline`], which `check` and `serve` run too):
//!
//! 1. [`site::Site::load`] reads `site.yaml`, the theme and `content/` and
//!    checks them (every problem at once, as [`diagnostics::Diagnostics`]);
//! 2. [`pipeline::statics`] gives static files their content-hashed names,
//!    so that templates can ask for them with `asset()`;
//! 3. [`pipeline::render_pages`] renders every page, points it at the
//!    hashed names, minifies it and sends it with its compressed copies to
//!    a sink ([`output::Emitter`]): the staging folder for `build`,
//!    nothing for `check`, memory for `serve`; page by page, in parallel;
//! 4. [`pipeline::other_files`] and [`pipeline::describe`] add the static
//!    files, the sitemap, `_headers` and `manifest.json`, and `build` swaps
//!    the staging folder in place of the old output, which it keeps as the
//!    spare that the next build fills again ([`output::Staging::commit`]).
//!
//! `check` runs the content lint ([`lint`]) over what loaded, even when
//! there are errors; `build` runs it too and reports its findings as
//! warnings.

pub mod cli;
mod cms;
mod config;
mod content;
mod diagnostics;
mod editor;
mod files;
mod fmt;
mod i18n;
mod images;
mod limits;
mod lint;
mod markdown;
mod output;
mod pipeline;
mod progress;
mod render;
mod scaffold;
mod schema;
pub mod serve;
mod site;
mod slug;
mod starter;
mod theme;
mod timezone;
mod url;
mod yaml;

pub use diagnostics::CODES as ERROR_CODES;
pub use lint::RULES as LINT_RULES;
pub use output::Reuse;
pub use site::LoadOptions;
pub use slug::slugify;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::Diagnostics;
use output::manifest::Entry;
use output::{Emitter, Sink, Staging};
use pipeline::Statics;
use progress::Progress;
use render::Renderer;
use site::{LoadFailure, PageKey, Site};

/// What `build` and `check` need to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write the site (`build` only).
    pub output: PathBuf,
    /// Drafts and base URL.
    pub load: LoadOptions,
    /// Replace the output folder even when it is not an earlier build.
    pub force: bool,
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
    /// Location hubs and the role and skill pages of locations.
    pub locations: usize,
    /// Home, directory and 404.
    pub other: usize,
}

impl PageCounts {
    fn of(site: &Site) -> Self {
        let mut counts = PageCounts::default();
        let keys = site.languages().flat_map(|language| language.page_keys());
        for key in keys {
            match key {
                PageKey::Role(_) => counts.roles += 1,
                PageKey::InterviewQuestions(_) => counts.interview_questions += 1,
                PageKey::Skill(_) => counts.skills += 1,
                PageKey::Page(_) => counts.pages += 1,
                PageKey::Location(_) | PageKey::LocalPage(_) => counts.locations += 1,
                PageKey::Home | PageKey::Directory(_) | PageKey::NotFound => counts.other += 1,
            }
        }
        counts
    }

    /// All pages.
    pub fn total(&self) -> usize {
        self.roles
            + self.interview_questions
            + self.skills
            + self.pages
            + self.locations
            + self.other
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
    /// How many files were reused from the previous output.
    pub reuse: Reuse,
    /// Wall time of each phase, in order. `images` runs beside `pages`,
    /// so they add up to more than [`Self::elapsed`].
    pub phases: Vec<(&'static str, Duration)>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Image sets (one image in one preset) encoded, and read from the
    /// cache.
    pub images: (usize, usize),
    /// Social cards drawn, and read from the cache.
    pub cards: (usize, usize),
    /// Warnings (the build succeeded anyway).
    pub warnings: Diagnostics,
}

/// What one pass over the site produced: `build` has sent it to the
/// staging folder, `check` only looked at it.
struct Produced {
    site: Site,
    statics: Statics,
    /// Every file sent out (compressed copies included) with its manifest
    /// entry, by path.
    entries: BTreeMap<String, Entry>,
    /// The ids of the pages that links point into, for the lint.
    anchors: lint::Anchors,
    /// The text signature of every page, for the lint, by language (the
    /// default's first).
    texts: Vec<lint::Texts>,
    /// Warnings of every phase.
    warnings: Diagnostics,
}

/// Runs the pipeline ([`pipeline`]) over the whole site into `sink`.
/// Nothing is swapped in here.
fn produce(
    options: &BuildOptions,
    sink: Sink<'_>,
    phases: &mut Vec<(&'static str, Duration)>,
    progress: &Progress,
) -> Result<Produced, LoadFailure> {
    let clock = Instant::now();
    progress.phase("loading content", 0);
    let site = Site::load(&options.root, &options.load)?;
    phases.push(("load", clock.elapsed()));
    match render_site(&site, sink, phases, progress) {
        Ok((statics, entries, (anchors, texts), mut warnings)) => {
            warnings.extend(site.warnings.clone());
            warnings.sort();
            Ok(Produced {
                site,
                statics,
                entries,
                anchors,
                texts,
                warnings,
            })
        }
        Err(mut errors) => {
            errors.extend(site.warnings.clone());
            errors.sort();
            Err(LoadFailure {
                errors,
                partial: Some(Box::new(site)),
            })
        }
    }
}

/// The stages after loading, for every page of `site`: static assets,
/// templates, pages, the other files. Returns the statics, the manifest
/// entries, the page ids and text signatures for the lint and the warnings.
#[allow(clippy::type_complexity)]
fn render_site(
    site: &Site,
    sink: Sink<'_>,
    phases: &mut Vec<(&'static str, Duration)>,
    progress: &Progress,
) -> Result<
    (
        Statics,
        BTreeMap<String, Entry>,
        (lint::Anchors, Vec<lint::Texts>),
        Diagnostics,
    ),
    Diagnostics,
> {
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
        phases.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    progress.phase("publishing static files", 0);
    let (mut statics, plan) = pipeline::statics_planned(site)?;
    lap("static", phases);
    // Planning the images and removing metadata are reported with their
    // encoding below, apart from the other static files.
    if let Some((_, stage)) = phases.last_mut() {
        *stage = stage.saturating_sub(statics.image_time);
    }

    progress.phase("compiling templates", 0);
    // Each language's pages see their own `site`, `roles` and strings.
    let renderers = site
        .languages()
        .map(|language| Renderer::new(language, &statics))
        .collect::<Result<Vec<_>, _>>()?;
    lap("templates", phases);

    let emitter =
        Emitter::new(sink, site.config.precompress, &statics.hashed).with_digests(&statics.digests);
    // Each language's pages, one language after another; the images are
    // encoded beside them, on the same threads: the pages know their
    // variants' names and sizes from the plan.
    let render_languages = || -> Result<(pipeline::Rendered, Vec<lint::Texts>), Diagnostics> {
        let mut rendered = pipeline::Rendered::default();
        let mut texts = Vec::new();
        for (language, renderer) in site.languages().zip(&renderers) {
            let keys: Vec<PageKey> = language.page_keys().collect();
            let targets = lint::fragment_targets(language);
            let mut one = pipeline::render_pages(
                language,
                renderer,
                &statics,
                &keys,
                &emitter,
                &targets,
                progress,
                pipeline::Sign::Yes,
            )?;
            let mut signed = std::mem::take(&mut one.texts);
            if language.is_translation() {
                // A translation's generated pages (a skill without copy in
                // that language) show only its few translated roles: alike
                // by construction, and said of the default language already.
                signed.retain(|(key, _)| language.has_source(*key));
            }
            texts.push(lint::Texts::new(signed));
            rendered.absorb(one);
        }
        Ok((rendered, texts))
    };
    let (rendered, (encoded, encoding)) = rayon::join(render_languages, || {
        let clock = Instant::now();
        let encoded = pipeline::encode_images(site, &plan, &statics);
        (encoded, clock.elapsed())
    });
    let ((rendered, texts), encoded) = match (rendered, encoded) {
        (Ok(rendered), Ok(encoded)) => (rendered, encoded),
        (rendered, encoded) => {
            let mut errors = Diagnostics::new();
            errors.extend(rendered.err().unwrap_or_default());
            errors.extend(encoded.err().unwrap_or_default());
            errors.sort();
            return Err(errors);
        }
    };
    let mut entries: BTreeMap<String, Entry> = rendered.entries.into_iter().collect();
    // The pages' text signatures for the near-duplicate lint are made
    // while the pages render, on every thread: their share of the wall
    // time is reported apart, so `build -v` shows what the lint costs.
    let threads = u32::try_from(rayon::current_num_threads())
        .unwrap_or(1)
        .max(1);
    let signing = rendered.signing / threads;
    // Cards are drawn on the pages' threads too: reported apart the same way.
    let drawing = rendered.drawing / threads;
    lap("pages", phases);
    if let Some((_, pages)) = phases.last_mut() {
        *pages = pages.saturating_sub(signing + drawing);
    }
    phases.push(("signing", signing));
    phases.push(("cards", drawing));
    // Wall time beside the pages, not a share of theirs.
    phases.push(("images", statics.image_time + encoding));
    statics.card_work = rendered.cards;

    progress.phase("writing files", 0);
    statics.image_work = (encoded.encoded, encoded.cached);
    let mut files = std::mem::take(&mut statics.files);
    files.extend(encoded.files);
    entries.extend(pipeline::other_files(site, files, true, &emitter));
    lap("files", phases);

    let mut warnings = std::mem::take(&mut statics.warnings);
    warnings.extend(rendered.warnings);
    Ok((
        statics,
        entries,
        (lint::Anchors::new(rendered.anchors), texts),
        warnings,
    ))
}

/// Builds the site into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    check_output_location(options)?;
    output::prepare_output(&options.output, options.force).map_err(Diagnostics::from)?;
    let staging = Staging::create(&options.output).map_err(Diagnostics::from)?;
    let mut phases = Vec::new();
    let progress = Progress::start();
    let produced = produce(options, Sink::Staging(&staging), &mut phases, &progress);
    let Produced {
        site,
        statics,
        mut entries,
        anchors,
        texts,
        warnings,
    } = produced.map_err(|failure| {
        progress.finish();
        failure.errors
    })?;

    let clock = Instant::now();
    progress.phase("writing files", 0);
    pipeline::describe(&mut entries, &statics.hashed, Sink::Staging(&staging));
    let bytes = entries.values().map(|e| e.size).sum::<u64>();
    let files = entries.len();
    let committed = staging.commit();
    progress.finish();
    let reuse = committed.map_err(Diagnostics::from)?;
    phases.push(("write", clock.elapsed()));
    let warnings = with_lint(warnings, &site, &anchors, &texts, &mut phases);
    let report = BuildReport {
        pages: PageCounts::of(&site),
        files,
        bytes,
        reuse,
        phases,
        elapsed: started.elapsed(),
        images: statics.image_work,
        cards: statics.card_work,
        warnings,
    };
    // Freeing tens of thousands of parsed documents takes a noticeable
    // fraction of a second that nobody needs to wait for.
    std::thread::spawn(move || drop((site, anchors, texts)));
    Ok(report)
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every error and warning.
    pub diagnostics: Diagnostics,
    /// For each language besides the default, the content files that have
    /// no translation in it (when the site loaded).
    pub untranslated: BTreeMap<String, Vec<PathBuf>>,
}

/// Runs everything `build` does except compressing and writing, then the
/// content lint; returns the warnings. When there are errors, the lint
/// still runs over what loaded: an error in one file does not hide the
/// warnings of the others.
pub fn check(options: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    check_report(options).diagnostics.into_result()
}

/// [`check`], with the report of untranslated pages.
pub fn check_report(options: &BuildOptions) -> CheckReport {
    let mut phases = Vec::new();
    // The CMS config must match the content model (`hirepage cms`).
    let cms_drift = cms::drift(&options.root);
    let progress = Progress::start();
    let produced = produce(options, Sink::Nowhere, &mut phases, &progress);
    progress.finish();
    let mut untranslated = BTreeMap::new();
    let mut diagnostics = match produced {
        Ok(produced) => {
            untranslated = produced.site.untranslated();
            with_lint(
                produced.warnings,
                &produced.site,
                &produced.anchors,
                &produced.texts,
                &mut phases,
            )
        }
        Err(LoadFailure { errors, partial }) => match partial {
            // Fragments and near-duplicates need the rendered pages: none
            // are checked.
            Some(site) => {
                untranslated = site.untranslated();
                with_lint(errors, &site, &lint::Anchors::default(), &[], &mut phases)
            }
            None => errors,
        },
    };
    diagnostics.extend(cms_drift);
    diagnostics.sort();
    CheckReport {
        diagnostics,
        untranslated,
    }
}

/// The build's warnings and the content lint's findings, in order; the
/// time of each part goes to `phases` (`build -v`).
fn with_lint(
    mut warnings: Diagnostics,
    site: &Site,
    anchors: &lint::Anchors,
    texts: &[lint::Texts],
    phases: &mut Vec<(&'static str, Duration)>,
) -> Diagnostics {
    // Each language is linted on its own: a Spanish title is no duplicate
    // of the English one it translates.
    let clock = Instant::now();
    for language in site.languages() {
        warnings.extend(lint::run(language, anchors));
    }
    // Theme strings a language lacks (shown in the default's words).
    warnings.extend(site.strings.missing());
    phases.push(("lint", clock.elapsed()));
    let clock = Instant::now();
    for (language, texts) in site.languages().zip(texts) {
        warnings.extend(lint::near_duplicates(language, texts));
    }
    phases.push(("duplicates", clock.elapsed()));
    warnings.sort();
    warnings
}

/// Refuses an output folder that would swallow the site itself (the site
/// root, a folder that contains it, or a folder inside its sources):
/// publishing swaps the output folder as a whole.
pub fn check_output_location(options: &BuildOptions) -> Result<(), Diagnostics> {
    output::check_location(&options.root, &options.output).map_err(Diagnostics::from)
}
