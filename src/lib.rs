//! hirepage: a static site generator for recruiting landing pages.
//!
//! The data flow of a build, from `main` to the written files:
//!
//! 1. [`site::Site::load`] reads `site.yaml`, the theme and `content/` and
//!    checks them (every problem at once, as [`diagnostics::Diagnostics`]);
//! 2. [`render::site`] renders every page in memory, in parallel;
//! 3. [`output::publish`] writes them into a temporary folder and swaps it
//!    in place of the old output.
//!
//! `check` stops before step 3 and runs the content lint ([`lint`]);
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
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Diagnostics};
use output::OutputFile;
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

/// Loads and renders the site, without writing anything.
fn load_and_render(
    options: &BuildOptions,
    phases: &mut Vec<(&'static str, Duration)>,
) -> Result<(Site, Vec<OutputFile>), Diagnostics> {
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
        phases.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let site = Site::load(&options.root, &options.load)?;
    lap("load", phases);

    let assets: BTreeMap<String, String> = site
        .theme
        .static_files()
        .map(|(path, _)| (path.to_string(), path.to_string()))
        .collect();
    let renderer = Renderer::new(&site, assets).map_err(|mut ds| {
        ds.extend(site.warnings.clone());
        ds.sort();
        ds
    })?;
    lap("templates", phases);

    let mut files = render::site(&site, &renderer).map_err(|mut ds| {
        ds.extend(site.warnings.clone());
        ds.sort();
        ds
    })?;
    lap("render", phases);

    files.extend(output::static_files(&site).map_err(Diagnostics::from)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    lap("static", phases);
    Ok((site, files))
}

/// Builds the site into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    check_output_location(options)?;
    let mut phases = Vec::new();
    let (site, files) = load_and_render(options, &mut phases)?;
    let clock = Instant::now();
    output::publish(&files, &options.output).map_err(Diagnostics::from)?;
    phases.push(("write", clock.elapsed()));
    Ok(BuildReport {
        pages: PageCounts::of(&site),
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        phases,
        warnings: lint::warnings(&site, &files),
    })
}

/// Runs everything `build` does except writing, then the content lint;
/// returns the warnings.
pub fn check(options: &BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let mut phases = Vec::new();
    let (site, files) = load_and_render(options, &mut phases)?;
    Ok(lint::warnings(&site, &files))
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
