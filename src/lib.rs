//! hirepage: a static site generator for recruiting landing pages.
//!
//! The data flow of a build, from `main` to the written files:
//!
//! 1. [`site::Site::load`] reads `site.yaml`, the theme and `content/` and
//!    checks them (every problem at once, as [`diagnostics::Diagnostics`]);
//! 2. [`output::fingerprint`] gives static files their content-hashed
//!    names, so that templates can ask for them with `asset()`;
//! 3. [`render::site`] renders every page in memory, in parallel, and
//!    [`output::finish_pages`] points the pages at the hashed names and
//!    minifies them;
//! 4. `build` adds compressed copies, `_headers` and `manifest.json`, then
//!    [`output::publish`] writes everything into a temporary folder and
//!    swaps it in place of the old output.
//!
//! `check` stops before step 4 and runs the content lint ([`lint`]);
//! `build` runs it too and reports its findings as warnings.

pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
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

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics};
use output::OutputFile;
use output::headers;
use output::manifest::{MANIFEST_FILE, Manifest};
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

/// A rendered site, in memory: what `check` validates and `build` writes.
struct Rendered {
    site: Site,
    /// Pages and static files under their published paths, sorted.
    files: Vec<OutputFile>,
    /// Published paths that carry a content hash.
    hashed: BTreeSet<String>,
    /// Warnings of every phase.
    warnings: Diagnostics,
}

/// Loads and renders the site, without writing anything: static files get
/// their content-hashed names first (templates ask for them with `asset()`),
/// then the rendered pages are pointed at them and minified.
fn load_and_render(
    options: &BuildOptions,
    phases: &mut Vec<(&'static str, Duration)>,
) -> Result<Rendered, Diagnostics> {
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

    let pages = render::site(&site, &renderer).map_err(with_warnings(&site))?;
    lap("render", phases);

    let (pages, page_warnings) =
        output::finish_pages(pages, &assets, &site.base, site.config.minify);
    let hashed = assets.hashed_paths();
    let mut files = pages;
    files.extend(assets.files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    lap(
        if site.config.minify {
            "minify"
        } else {
            "rewrite"
        },
        phases,
    );

    warnings.extend(page_warnings);
    warnings.extend(site.warnings.clone());
    warnings.sort();
    Ok(Rendered {
        site,
        files,
        hashed,
        warnings,
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
    let Rendered {
        site,
        mut files,
        hashed,
        warnings,
    } = load_and_render(options, &mut phases)?;

    let clock = Instant::now();
    if site.config.precompress {
        let copies = output::compress::precompress(&files);
        files.extend(copies);
        phases.push(("compress", clock.elapsed()));
    }

    let clock = Instant::now();
    let paths = files.iter().map(|f| f.path.as_str());
    let headers = headers::headers_file(paths.chain([MANIFEST_FILE]), &hashed);
    files.push(headers);
    let manifest = Manifest::of(&files, |path| {
        (
            headers::media_type(path),
            headers::cache_control(path, &hashed),
        )
    });
    files.push(manifest.to_file());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    phases.push(("manifest", clock.elapsed()));

    let clock = Instant::now();
    output::publish(&files, &options.output).map_err(Diagnostics::from)?;
    phases.push(("write", clock.elapsed()));
    Ok(BuildReport {
        pages: PageCounts::of(&site),
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        phases,
        warnings: with_lint(warnings, &site, &files),
    })
}

/// Runs everything `build` does except compressing and writing, then the
/// content lint; returns the warnings.
pub fn check(options: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let mut phases = Vec::new();
    let rendered = load_and_render(options, &mut phases)?;
    Ok(with_lint(
        rendered.warnings,
        &rendered.site,
        &rendered.files,
    ))
}

/// The build's warnings and the content lint's findings, in order.
fn with_lint(mut warnings: Diagnostics, site: &Site, files: &[OutputFile]) -> Diagnostics {
    warnings.extend(lint::run(site, files));
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
