//! The one pipeline that `build`, `check` and `serve` run.
//!
//! Four stages with typed hand-offs, the same for every command:
//!
//! 1. load: [`Site::load`] (or, in `serve`, the site patched after an edit);
//! 2. static assets: [`statics`] gives every static file its published,
//!    content-hashed name ([`Statics`]), which `asset()` in templates needs;
//! 3. render: [`Renderer`] compiles the templates with those names, and
//!    [`render_pages`] renders pages;
//! 4. finish: each page is pointed at the hashed names and minified
//!    ([`output::finish_page`]), then sent to a [`Sink`] with its compressed
//!    copies; [`other_files`] adds the static files, `sitemap.xml` and
//!    `robots.txt`, and [`describe`] `_headers` and `manifest.json`.
//!
//! The commands differ only in the sink (the staging folder for `build`,
//! nothing for `check`, memory for `serve`) and in which pages `serve`
//! renders again after an edit. That is why the preview shows exactly the
//! bytes that are published (`tests/it/serve.rs` compares every URL).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images;
use crate::lint;
use crate::output::fingerprint::sha256_hex;
use crate::output::headers::HEADERS_FILE;
use crate::output::manifest::{Entry, MANIFEST_FILE, Manifest};
use crate::output::rewrite::Resolver;
use crate::output::{self, Emitter, OutputFile, Sink, entry, headers};
use crate::progress::Progress;
use crate::render::{self, Renderer};
use crate::site::{PageKey, Site};

/// The static files as published: the hand-off from stage 2 to stages 3
/// and 4.
#[derive(Debug, Clone)]
pub struct Statics {
    /// Static path -> content hash, `None` for a file that keeps its name.
    pub hashes: BTreeMap<String, Option<String>>,
    /// Static path -> published path, for `asset()`.
    pub published: BTreeMap<String, String>,
    /// The published paths that carry a content hash.
    pub hashed: BTreeSet<String>,
    /// The files under their published paths, rewritten and minified.
    pub files: Vec<OutputFile>,
    /// Published path -> SHA-256 of each of them, for the manifest.
    pub digests: BTreeMap<String, String>,
    /// What fingerprinting warned about (`keep_names` that match nothing).
    pub warnings: Diagnostics,
    /// The images content names, with their presets (`serve` publishes
    /// again when they change, not when they only move to another line).
    pub image_names: BTreeSet<(String, String)>,
    /// (static path, preset) -> the published variants, for `image()`.
    pub images: Arc<BTreeMap<(String, String), images::ImageSet>>,
    /// Image sets encoded by this build, and read from the cache.
    pub image_work: (usize, usize),
    /// Wall time of the image work: the variants made or read from the
    /// cache, and every static image's metadata removed.
    pub image_time: Duration,
    /// Social cards drawn by this build, and read from the cache: known
    /// once the pages are rendered (stage 3), which draws them.
    pub card_work: (usize, usize),
}

/// Stage 2: reads the static files of the theme and the site and gives
/// them their published names, with the images that content names
/// published in the widths of their presets ([`images::plan`], then
/// [`encode_images`]); every static image loses its metadata
/// ([`images::strip`]). `serve` runs it whole; a build encodes the images
/// beside the pages instead ([`statics_planned`]).
pub fn statics(site: &Site) -> Result<Statics, Diagnostics> {
    let (mut statics, plan) = statics_planned(site)?;
    let clock = Instant::now();
    let encoded = encode_images(site, &plan, &statics)?;
    statics.image_time += clock.elapsed();
    statics.add_images(encoded);
    Ok(statics)
}

/// Stage 2 with the images planned but not encoded: their sets (what
/// `image()` gives templates) and published names are known from their
/// headers, so pages can be rendered while [`encode_images`] makes them.
pub fn statics_planned(site: &Site) -> Result<(Statics, images::Plan), Diagnostics> {
    let mut sources = output::static_files(site).map_err(Diagnostics::from)?;
    let image_requests = site.image_requests();
    let clock = Instant::now();
    let plan = {
        let originals: BTreeMap<&str, &[u8]> = sources
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        images::plan(
            &image_requests,
            &originals,
            &site.theme.config.presets(),
            &site.base,
        )
    };
    sources.par_iter_mut().for_each(|file| {
        let ext = images::extension(&file.path);
        if let Some(bytes) = images::strip::strip(&file.bytes, &ext) {
            file.bytes = bytes;
        }
    });
    let image_time = clock.elapsed();
    let (assets, warnings) =
        output::fingerprint::fingerprint(sources, &site.theme, &site.config, &site.base)?;
    let plan = plan?;
    let mut hashed = assets.hashed_paths();
    hashed.extend(plan.paths().map(str::to_string));
    let statics = Statics {
        published: assets.published_paths(),
        hashed,
        hashes: assets.hashes,
        files: assets.files,
        digests: assets.digests,
        warnings,
        image_names: image_names(&image_requests),
        images: Arc::new(plan.sets.clone()),
        image_work: (0, 0),
        image_time,
        card_work: (0, 0),
    };
    Ok((statics, plan))
}

/// Makes the variants of `plan` from the published (metadata-free) bytes
/// of the images in `statics`, or reads them from the cache.
pub fn encode_images(
    site: &Site,
    plan: &images::Plan,
    statics: &Statics,
) -> Result<images::Encoded, Diagnostics> {
    let bytes: HashMap<&str, &[u8]> = statics
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.bytes.as_slice()))
        .collect();
    plan.encode(
        |key| {
            let published = statics.published.get(key)?;
            bytes.get(published.as_str()).copied()
        },
        &site.root,
    )
}

impl Statics {
    /// Adds the variants [`encode_images`] made to the files.
    pub fn add_images(&mut self, encoded: images::Encoded) {
        self.image_work = (encoded.encoded, encoded.cached);
        for file in encoded.files {
            self.digests
                .insert(file.path.clone(), sha256_hex(&file.bytes));
            self.files.push(file);
        }
    }
}

/// The (static path, preset) pairs of `requests`.
pub fn image_names(requests: &[images::Request]) -> BTreeSet<(String, String)> {
    requests
        .iter()
        .map(|r| (r.key.clone(), r.preset.clone()))
        .collect()
}

/// What rendering a set of pages gave.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The manifest entries of every file sent out (compressed copies
    /// included).
    pub entries: Vec<(String, Entry)>,
    /// Pages that could not be minified.
    pub warnings: Diagnostics,
    /// Each page's output path, with its ids when a link points into it
    /// (for the lint's `broken-fragment`).
    pub anchors: Vec<(String, Option<BTreeSet<String>>)>,
    /// The signature of each page's text, when asked for (for the lint's
    /// `near-duplicate`).
    pub texts: Vec<(PageKey, lint::Signature)>,
    /// The time spent making those signatures, summed over the threads
    /// (what the near-duplicate lint adds to rendering).
    pub signing: Duration,
    /// Social cards drawn, and read from the cache.
    pub cards: (usize, usize),
    /// Each page's output path with the published path of its card, if
    /// it has one (`serve` drops the card a page no longer names).
    pub card_paths: Vec<(String, Option<String>)>,
    /// The time spent on them, summed over the threads.
    pub drawing: Duration,
}

impl Rendered {
    /// Adds what another pass (another language's pages) gave.
    pub fn absorb(&mut self, other: Rendered) {
        self.entries.extend(other.entries);
        self.warnings.extend(other.warnings);
        self.anchors.extend(other.anchors);
        self.texts.extend(other.texts);
        self.signing += other.signing;
        self.cards.0 += other.cards.0;
        self.cards.1 += other.cards.1;
        self.card_paths.extend(other.card_paths);
        self.drawing += other.drawing;
    }
}

/// Whether [`render_pages`] summarises each page's text for the
/// lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// Every page but the 404 (`build` and `check`).
    Yes,
    /// None (`serve`, which runs no site-wide lint).
    No,
}

/// Stages 3 and 4 for the pages `keys`: renders them in parallel, points
/// them at the published static files, minifies them and sends them to
/// `emitter`. `link_targets` are the output paths whose ids the lint needs;
/// `sign` says whether each page's text is summarised for the lint.
///
/// Every error of every page is collected; on error nothing is returned.
#[allow(clippy::too_many_arguments)]
pub fn render_pages(
    site: &Site,
    renderer: &Renderer,
    statics: &Statics,
    keys: &[PageKey],
    emitter: &Emitter<'_>,
    link_targets: &HashSet<String>,
    progress: &Progress,
    sign: Sign,
) -> Result<Rendered, Diagnostics> {
    let resolver = Resolver::new(&site.base, &statics.hashes);
    let views = renderer.views(site);
    progress.phase("rendering pages", keys.len());
    let signing_nanos = AtomicU64::new(0);
    let drawing_nanos = AtomicU64::new(0);
    let (cards_drawn, cards_cached) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let results: Vec<Result<PageOut, Vec<Diagnostic>>> = keys
        .par_iter()
        .map(|&key| {
            let (page, card) = renderer.page(&views, key)?;
            let started = Instant::now();
            let card = card
                .map(|card| draw_card(site, renderer, card, emitter))
                .transpose()?
                .flatten();
            if let Some((_, cached)) = &card {
                let counter = if *cached { &cards_cached } else { &cards_drawn };
                counter.fetch_add(1, Ordering::Relaxed);
                let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
                drawing_nanos.fetch_add(nanos, Ordering::Relaxed);
            }
            let (page, warning) = output::finish_page(page, &resolver, site.config.minify);
            let ids = link_targets
                .contains(&page.path)
                .then(|| lint::ids_in(&page.bytes));
            let signature = (sign == Sign::Yes && key != PageKey::NotFound)
                .then(|| {
                    let started = Instant::now();
                    let signature = lint::Signature::of(&page.bytes);
                    let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
                    signing_nanos.fetch_add(nanos, Ordering::Relaxed);
                    signature
                })
                .flatten();
            let path = page.path.clone();
            progress.step();
            let card_path = card.as_ref().map(|(card, _)| card.path.clone());
            let mut entries = emitter.emit(page);
            entries.extend(card.into_iter().flat_map(|(card, _)| emitter.emit(card)));
            Ok(PageOut {
                entries,
                card: card_path,
                path,
                warning,
                ids,
                signature: signature.map(|s| (key, s)),
            })
        })
        .collect();
    let mut errors = Diagnostics::new();
    let mut rendered = Rendered {
        signing: Duration::from_nanos(signing_nanos.into_inner()),
        drawing: Duration::from_nanos(drawing_nanos.into_inner()),
        cards: (cards_drawn.into_inner(), cards_cached.into_inner()),
        ..Rendered::default()
    };
    for result in results {
        match result {
            Ok(out) => {
                rendered.entries.extend(out.entries);
                rendered.warnings.extend(out.warning);
                rendered.card_paths.push((out.path.clone(), out.card));
                rendered.anchors.push((out.path, out.ids));
                rendered.texts.extend(out.signature);
            }
            Err(ds) => errors.extend(ds),
        }
    }
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    Ok(rendered)
}

/// The PNG of a page's social card, drawn (or read from the cache) on the
/// page's thread, with whether it came from the cache; `check`, which
/// keeps nothing, only parses its SVG.
fn draw_card(
    site: &Site,
    renderer: &Renderer,
    card: render::Card,
    emitter: &Emitter<'_>,
) -> Result<Option<(OutputFile, bool)>, Vec<Diagnostic>> {
    let Some(rasterizer) = renderer.cards() else {
        return Ok(None);
    };
    let drawn = if emitter.keeps() {
        rasterizer.png(&card.svg, &card.key).map(Some)
    } else {
        rasterizer.parse(&card.svg).map(|()| None)
    };
    drawn
        .map_err(|e| {
            let template = site
                .theme
                .template(images::cards::TEMPLATE)
                .map_or_else(|| images::cards::TEMPLATE.into(), |t| t.file.clone());
            vec![
                Diagnostic::error(
                    "invalid-card",
                    template,
                    format!("the social card of `{}` is not valid SVG: {e}", card.path),
                )
                .with_hint("the template must give well-formed SVG: check its tags and quotes"),
            ]
        })
        .map(|png| png.map(|(bytes, cached)| (OutputFile::new(card.path, bytes), cached)))
}

/// One rendered page on its way out.
struct PageOut {
    path: String,
    card: Option<String>,
    entries: Vec<(String, Entry)>,
    warning: Option<Diagnostic>,
    ids: Option<BTreeSet<String>>,
    signature: Option<(PageKey, lint::Signature)>,
}

/// Stage 4 for what is not a page: sends the static files (`files`,
/// from [`Statics`]) and, with `sitemap`, `sitemap.xml`, `robots.txt` and
/// the redirects (`_redirects` and a page at each old URL) to `emitter`
/// (`serve` leaves them out when no URL or date changed).
pub fn other_files(
    site: &Site,
    files: Vec<OutputFile>,
    sitemap: bool,
    emitter: &Emitter<'_>,
) -> Vec<(String, Entry)> {
    let mut files = files;
    if sitemap {
        files.extend(render::sitemap_and_robots(site));
        files.extend(render::redirects(site));
    }
    files
        .into_par_iter()
        .flat_map_iter(|file| emitter.emit(file))
        .collect()
}

/// The end of stage 4: sends `_headers` and `manifest.json`, the two files
/// that describe all the others in `entries`, to `sink`, and adds their
/// entries to `entries`. Describing again (after a `serve` rebuild)
/// replaces both.
pub fn describe(entries: &mut BTreeMap<String, Entry>, hashed: &BTreeSet<String>, sink: Sink<'_>) {
    entries.remove(HEADERS_FILE);
    entries.remove(MANIFEST_FILE);
    // Both are always hashed (serve's memory sink hashes nothing else), and
    // neither is compressed: hosts read them, browsers never ask for them.
    let emitter = Emitter::new(sink, false, hashed);
    let add = |entries: &mut BTreeMap<String, Entry>, file: OutputFile| {
        let sha256 = Some(sha256_hex(&file.bytes));
        entries.insert(
            file.path.clone(),
            entry(&file.path, &file.bytes, hashed, sha256),
        );
        emitter.send(file);
    };
    let paths = entries.keys().map(String::as_str);
    let headers = headers::headers_file(paths.chain([MANIFEST_FILE]), hashed);
    add(entries, headers);
    let manifest = Manifest {
        files: std::mem::take(entries),
    };
    let file = manifest.to_file();
    *entries = manifest.files;
    add(entries, file);
}
