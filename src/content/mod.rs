//! Everything under `content/`: role guides, skill copy, plain pages, the
//! home page and shared data, read from disk and parsed.
//!
//! [`load`] walks the folder once, parses every file (in parallel) and
//! returns what it could read together with every problem it found. It
//! knows nothing about templates or URLs beyond slugs; cross-checks between
//! files (related roles, duplicate URLs, links) happen in [`crate::site`].

pub mod data;
pub mod data_model;
pub mod front_matter;
pub mod model;
pub mod skills;
pub mod source;
pub mod translation;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, key_value_position, line_col};
use crate::files::{is_editor_file, read_text, relative};
use crate::images;
use crate::markdown::{self, Outline, RenderOptions, Rendered};
use crate::slug::slugify;
use crate::yaml::{self, YamlSource};
use model::{
    CombinationFront, Hero, HomeFront, LocationFront, PageFront, Question, RoleFront, SkillFront,
};
use skills::Aliases;
use source::Source;

/// The folder marketing edits.
pub const CONTENT_DIR: &str = "content";

/// A parsed content file: front matter, and what was found in its body.
/// The body is rendered when its page is ([`Document::render_body`]).
#[derive(Debug, Clone)]
pub struct Document<F> {
    /// Path relative to the site root (`content/roles/backend-developers.md`).
    pub file: PathBuf,
    /// The URL segment: `slug` from the front matter, or the file stem.
    pub slug: String,
    /// The typed front matter.
    pub front: F,
    /// Every link and image of the body, the Markdown answers and the
    /// front matter, with its position in the file.
    pub links: Vec<LinkRef>,
    /// Every heading of the body, with its position in the file.
    pub headings: Vec<HeadingRef>,
    /// Whether the body renders to nothing.
    pub empty_body: bool,
    /// Where its text is, to render the body and to point at front
    /// matter values in errors and the lint.
    pub source: Source,
}

impl<F> Document<F> {
    /// The body as HTML, from the file as it was loaded (the site
    /// folder is `root`).
    pub fn render_body(
        &self,
        root: &Path,
        options: &RenderOptions<'_>,
    ) -> Result<Rendered, Diagnostic> {
        let text = self.source.text(root, &self.file)?;
        Ok(markdown::render(
            &text[self.source.body_offset()..],
            options,
        ))
    }

    /// Its front matter text ([`Source::front_text`]).
    pub fn front_text(&self, root: &Path) -> Option<String> {
        self.source.front_text(root, &self.file)
    }
}

/// A link or image and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination exactly as written.
    pub url: String,
    /// Whether it is an image.
    pub is_image: bool,
    /// For images, whether there is alt text.
    pub has_alt: bool,
    /// For an image front matter names, the preset it is shown in
    /// (`avatar`, `hero`, `social`); `None` for links and for Markdown
    /// images (shown in `content`).
    pub preset: Option<&'static str>,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl LinkRef {
    /// A link or image of Markdown, written at `(line, column)`.
    fn in_markdown(link: markdown::Link, (line, column): (usize, usize)) -> LinkRef {
        LinkRef {
            url: link.url,
            is_image: link.is_image,
            has_alt: link.has_alt,
            preset: None,
            line,
            column,
        }
    }
}

/// A heading of the body and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingRef {
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A role guide (`content/roles/*.md`).
pub type Role = Document<RoleFront>;
/// Optional copy for a skill page (`content/skills/*.md`).
pub type SkillCopy = Document<SkillFront>;
/// A plain page (`content/pages/*.md`).
pub type Page = Document<PageFront>;
/// The home page (`content/_index.md`).
pub type Home = Document<HomeFront>;
/// A location (`content/locations/*.md`).
pub type Location = Document<LocationFront>;
/// Copy for one role or skill in one location
/// (`content/locations/<location>/*.md`).
pub type Combination = Document<CombinationFront>;

/// Everything read from `content/`, file by file.
///
/// Documents are shared (`Arc`) with the [`crate::site::Site`] assembled
/// from them, so `serve` can re-read one file and reassemble the site
/// without copying the others.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// The home page, if `content/_index.md` exists.
    pub home: Option<Arc<Home>>,
    /// Role guides by file (drafts included; the site filters them).
    pub roles: BTreeMap<PathBuf, Arc<Role>>,
    /// Skill copy by file.
    pub skills: BTreeMap<PathBuf, Arc<SkillCopy>>,
    /// Plain pages by file.
    pub pages: BTreeMap<PathBuf, Arc<Page>>,
    /// Locations by file (drafts included; the site filters them).
    pub locations: BTreeMap<PathBuf, Arc<Location>>,
    /// Copy of role or skill pages in a location, by file.
    pub combinations: BTreeMap<PathBuf, Arc<Combination>>,
    /// Each `_data/<stem>.yaml` as `data.<stem>`.
    pub data: BTreeMap<String, serde_yaml::Value>,
    /// Skill aliases from `data.skills`.
    pub aliases: Aliases,
    /// Problems found in each file (or folder, for walk problems).
    pub problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Role guides and plain pages that could not be loaded, by file, with
    /// the `slug:` they meant to have: the site says so once, and does not
    /// also report links to their pages.
    pub unloaded: BTreeMap<PathBuf, Option<String>>,
    /// The content of each other language, by code: its translated
    /// documents (with what they inherit laid in), keyed by the
    /// translation's file, and `data` with its own `_data/<stem>.<code>.yaml`
    /// in place of the default's. Its problems are in this `problems`.
    pub languages: BTreeMap<String, Content>,
    /// Every translation file found, with its language, loaded or not
    /// (the site refuses the languages `site.yaml` does not list).
    pub translation_files: BTreeMap<PathBuf, String>,
}

impl Content {
    /// Reads the whole `content/` folder under `root`.
    ///
    /// Keeps what could be parsed and records every problem; a broken file
    /// is left out and reported, the others are still read, so one build
    /// lists all the broken files. Data files are read first: skill names
    /// in documents are canonicalised through the aliases they define.
    pub fn load(root: &Path) -> Content {
        let mut content = Content::default();
        let mut walk_problems = Diagnostics::new();
        let files = walk(root, &mut walk_problems);
        for d in walk_problems {
            content.problems.entry(d.file.clone()).or_default().push(d);
        }

        let (data, documents): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(kind, _)| *kind == FileKind::Data);
        for (_, file) in &data {
            content.read_data(root, file);
        }
        content.read_aliases();

        let (translations, originals): (Vec<_>, Vec<_>) = documents
            .into_iter()
            .partition(|(_, file)| translation::split_language(file).is_some());
        let aliases = &content.aliases;
        let parsed: Vec<(PathBuf, Parsed, Vec<Diagnostic>)> = originals
            .par_iter()
            .map(|(kind, file)| {
                let (parsed, problems) = parse_file(root, *kind, file, aliases);
                (file.clone(), parsed, problems)
            })
            .collect();
        for (file, parsed, problems) in parsed {
            content.insert(file, parsed, problems);
        }
        // Translations are read once their originals are, whose fields
        // they inherit.
        let parsed: Vec<_> = translations
            .par_iter()
            .map(|(kind, file)| {
                let text = read_text(root, file);
                (
                    file.clone(),
                    content.parse_translation(*kind, file, text, Origin::Disk),
                )
            })
            .collect();
        for (file, (language, parsed, problems)) in parsed {
            content.insert_translation(file, language, parsed, problems);
        }
        content
    }

    /// Parses the text of translation `file` (or the error of reading it)
    /// over its original: the language, what was read, and its problems.
    fn parse_translation(
        &self,
        kind: FileKind,
        file: &Path,
        text: Result<String, Diagnostic>,
        origin: Origin,
    ) -> (String, Parsed, Vec<Diagnostic>) {
        let Some((original, language)) = translation::split_language(file) else {
            unreachable!("bug: only translations are parsed as translations");
        };
        let text = match text {
            Ok(text) => text,
            Err(d) => return (language, Parsed::Failed { slug: None }, vec![d]),
        };
        let Some(front) = self.original_front(kind, &original) else {
            let failed =
                self.unloaded.contains_key(&original) || self.problems.contains_key(&original);
            let problems = if failed {
                // The original's own error says enough.
                Vec::new()
            } else {
                vec![
                    Diagnostic::error(
                        "orphan-translation",
                        file,
                        format!(
                            "this translation has no original: there is no {}",
                            original.display()
                        ),
                    )
                    .with_hint(format!(
                        "a translation is named after the file it translates: create {} \
                         in the default language, or rename this file after an existing one",
                        original.display()
                    )),
                ]
            };
            return (language, Parsed::Failed { slug: None }, problems);
        };
        let (parsed, problems) =
            parse_text_over(kind, file, &text, origin, &self.aliases, Some(&front));
        (language, parsed, problems)
    }

    /// The front matter of the original `file` of kind `kind`, as YAML,
    /// if it loaded.
    fn original_front(&self, kind: FileKind, file: &Path) -> Option<serde_yaml::Mapping> {
        let value = match kind {
            FileKind::Home => self
                .home
                .as_ref()
                .filter(|h| h.file == file)
                .map(|h| serde_yaml::to_value(&h.front)),
            FileKind::Role => self.roles.get(file).map(|d| serde_yaml::to_value(&d.front)),
            FileKind::Skill => self
                .skills
                .get(file)
                .map(|d| serde_yaml::to_value(&d.front)),
            FileKind::Page => self.pages.get(file).map(|d| serde_yaml::to_value(&d.front)),
            FileKind::Location => self
                .locations
                .get(file)
                .map(|d| serde_yaml::to_value(&d.front)),
            FileKind::Combination | FileKind::Data => None,
        }?;
        match value {
            Ok(serde_yaml::Value::Mapping(map)) => Some(map),
            _ => None,
        }
    }

    fn insert_translation(
        &mut self,
        file: PathBuf,
        language: String,
        parsed: Parsed,
        problems: Vec<Diagnostic>,
    ) {
        if !problems.is_empty() {
            self.problems.insert(file.clone(), problems);
        }
        self.translation_files
            .insert(file.clone(), language.clone());
        let other = self.language(&language);
        other.insert(file, parsed, Vec::new());
    }

    /// The content of language `code`, made on first use with the
    /// default's data and aliases.
    fn language(&mut self, code: &str) -> &mut Content {
        if !self.languages.contains_key(code) {
            let other = Content {
                data: self.data.clone(),
                aliases: self.aliases.clone(),
                ..Content::default()
            };
            self.languages.insert(code.to_string(), other);
        }
        self.languages
            .get_mut(code)
            .expect("bug: the language was just added")
    }

    /// Whether `file` is a translation, or an original that has one: an
    /// edit to it changes the pages of another language, which `serve`
    /// builds again in full.
    pub fn has_translations(&self, file: &Path) -> bool {
        translation::split_language(file).is_some()
            || self
                .translation_files
                .keys()
                .any(|t| translation::split_language(t).is_some_and(|(o, _)| o == file))
    }

    /// Re-reads one file after it changed, was created or was deleted.
    ///
    /// Returns `false` when the change needs a full [`Content::load`]
    /// instead: a data file (aliases change how every document is read) or
    /// a path that is not a content file (a folder, an unknown file).
    pub fn reload(&mut self, root: &Path, file: &Path) -> bool {
        let Some(kind) = classify(file) else {
            return false;
        };
        if kind == FileKind::Data || self.has_translations(file) {
            return false;
        }
        self.remove(file);
        if root.join(file).is_file() {
            let (parsed, problems) = parse_file(root, kind, file, &self.aliases);
            self.insert(file.to_path_buf(), parsed, problems);
        }
        true
    }

    /// Reads `text` as the content of `file` (a document, not a data
    /// file), as [`Content::reload`] would read it from disk: how the
    /// editor loads an unsaved draft. Returns `false` for a path that is
    /// not a document.
    pub fn replace_text(&mut self, file: &Path, text: &str) -> bool {
        let Some(kind) = classify(file).filter(|k| *k != FileKind::Data) else {
            return false;
        };
        self.remove(file);
        if translation::split_language(file).is_some() {
            let (language, parsed, problems) =
                self.parse_translation(kind, file, Ok(text.to_string()), Origin::Draft);
            self.insert_translation(file.to_path_buf(), language, parsed, problems);
            return true;
        }
        let (parsed, problems) = parse_text(kind, file, text, Origin::Draft, &self.aliases);
        self.insert(file.to_path_buf(), parsed, problems);
        true
    }

    /// Every problem recorded, in file order.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = Diagnostics::new();
        all.extend(self.problems.values().flatten().cloned());
        all
    }

    fn read_data(&mut self, root: &Path, file: &Path) {
        let language = translation::split_language(file).map(|(_, code)| code);
        if let Some(code) = &language {
            self.translation_files
                .insert(file.to_path_buf(), code.clone());
        }
        match data::load(root, file) {
            Ok((stem, value)) => match language {
                // Laid over the default's data once all of it is read.
                Some(code) => {
                    self.languages
                        .entry(code)
                        .or_default()
                        .data
                        .insert(stem, value);
                }
                None => {
                    self.data.insert(stem, value);
                }
            },
            Err(d) => self.problems.entry(file.to_path_buf()).or_default().push(d),
        }
    }

    fn read_aliases(&mut self) {
        match Aliases::from_data(&self.data) {
            Ok(aliases) => self.aliases = aliases,
            Err(d) => self.problems.entry(d.file.clone()).or_default().push(d),
        }
        // Each language sees the default's data with its own files in
        // place of theirs, and the one set of aliases: a skill is one
        // skill in every language.
        for other in self.languages.values_mut() {
            let own = std::mem::take(&mut other.data);
            other.data = self.data.clone();
            other.data.extend(own);
            other.aliases = self.aliases.clone();
        }
    }

    fn insert(&mut self, file: PathBuf, parsed: Parsed, problems: Vec<Diagnostic>) {
        if !problems.is_empty() {
            self.problems.insert(file.clone(), problems);
        }
        match parsed {
            Parsed::Home(doc) => self.home = Some(Arc::new(*doc)),
            Parsed::Role(doc) => {
                self.roles.insert(file, Arc::new(*doc));
            }
            Parsed::Skill(doc) => {
                self.skills.insert(file, Arc::new(*doc));
            }
            Parsed::Page(doc) => {
                self.pages.insert(file, Arc::new(*doc));
            }
            Parsed::Location(doc) => {
                self.locations.insert(file, Arc::new(*doc));
            }
            Parsed::Combination(doc) => {
                self.combinations.insert(file, Arc::new(*doc));
            }
            Parsed::Failed { slug } => {
                if matches!(
                    classify(&file),
                    Some(FileKind::Role | FileKind::Page | FileKind::Location)
                ) {
                    self.unloaded.insert(file, slug);
                }
            }
        }
    }

    fn remove(&mut self, file: &Path) {
        if self.translation_files.remove(file).is_some() {
            for other in self.languages.values_mut() {
                other.remove(file);
            }
        }
        self.problems.remove(file);
        self.unloaded.remove(file);
        self.roles.remove(file);
        self.skills.remove(file);
        self.pages.remove(file);
        self.locations.remove(file);
        self.combinations.remove(file);
        if self.home.as_ref().is_some_and(|h| h.file == file) {
            self.home = None;
        }
    }
}

/// What a file under `content/` is, from where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Home,
    Role,
    Skill,
    Page,
    Location,
    Combination,
    Data,
}

enum Parsed {
    Home(Box<Home>),
    Role(Box<Role>),
    Skill(Box<SkillCopy>),
    Page(Box<Page>),
    Location(Box<Location>),
    Combination(Box<Combination>),
    /// Not loaded; `slug` is the `slug:` line of its front matter, if it
    /// has one that reads as one.
    Failed {
        slug: Option<String>,
    },
}

/// The value of a top-level `slug:` line in the front matter of `text`,
/// read without YAML: for a file whose front matter does not load, the URL
/// it meant to have.
fn written_slug(text: &str) -> Option<String> {
    let value = text
        .lines()
        .skip(1)
        .take_while(|line| line.trim_end() != "---")
        .find_map(|line| line.strip_prefix("slug:"))?;
    let value = value.trim().trim_matches(['"', '\'']);
    (!value.is_empty()).then(|| value.to_string())
}

/// Lists the content files in a stable order, reporting symlink loops,
/// unreadable folders and files that belong nowhere.
fn walk(root: &Path, diagnostics: &mut Diagnostics) -> Vec<(FileKind, PathBuf)> {
    let dir = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    if !dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "missing-content",
                CONTENT_DIR,
                "there is no content/ folder",
            )
            .with_hint("run hirepage in the site's folder, or pass --root DIR"),
        );
        return files;
    }
    let walker = WalkDir::new(&dir).follow_links(true).sort_by_file_name();
    let mut walker = walker.into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                let d = if let Some(ancestor) = err.loop_ancestor() {
                    Diagnostic::error(
                        "symlink-loop",
                        path,
                        format!(
                            "symbolic link loop: this link leads back to {}",
                            relative(root, ancestor).display()
                        ),
                    )
                    .with_hint("remove the link or point it outside its own folder")
                } else {
                    Diagnostic::error("io", path, format!("cannot read: {}", io_reason(&err)))
                        .with_hint("check that the file exists and that you may read it")
                };
                diagnostics.push(d);
                continue;
            }
        };
        let rel = relative(root, entry.path());
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() {
            // A hidden folder (`.obsidian/`) is said once, not file by file.
            if entry.depth() > 0 && name.starts_with('.') {
                walker.skip_current_dir();
                diagnostics.push(ignored(
                    &rel,
                    "this hidden folder is not part of any page and is ignored",
                ));
            }
            continue;
        }
        if is_editor_file(&name) {
            continue;
        }
        match classify(&rel) {
            Some(kind) => files.push((kind, rel)),
            None if name == ".md" => diagnostics.push(
                Diagnostic::warning(
                    "ignored-file",
                    &rel,
                    "this file has no name before `.md`, so it is no page and is ignored",
                )
                .with_hint("name it after the page's URL, such as `backend-developers.md`"),
            ),
            None => diagnostics.push(ignored(
                &rel,
                "this file is not part of any page and is ignored",
            )),
        }
    }
    files
}

/// The `ignored-file` warning, with where each kind of file goes.
fn ignored(file: &Path, message: &str) -> Diagnostic {
    Diagnostic::warning("ignored-file", file, message).with_hint(
        "role guides go in content/roles/*.md, skill copy in content/skills/*.md, \
         plain pages in content/pages/*.md, locations in content/locations/*.md \
         (and copy for a role there in content/locations/<location>/<role>.md), \
         data in content/_data/*.yaml, \
         and images in static/",
    )
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error()
        .map(|e| e.to_string())
        .unwrap_or_else(|| err.to_string())
}

fn classify(rel: &Path) -> Option<FileKind> {
    match translation::split_language(rel) {
        // Copy of a role in a location is not translated (yet).
        Some((original, _)) => {
            classify_original(&original).filter(|kind| *kind != FileKind::Combination)
        }
        None => classify_original(rel),
    }
}

fn classify_original(rel: &Path) -> Option<FileKind> {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    match (parts.as_slice(), ext) {
        ([CONTENT_DIR, "_index.md"], _) => Some(FileKind::Home),
        ([CONTENT_DIR, "roles", _], "md") => Some(FileKind::Role),
        ([CONTENT_DIR, "skills", _], "md") => Some(FileKind::Skill),
        ([CONTENT_DIR, "pages", _], "md") => Some(FileKind::Page),
        ([CONTENT_DIR, "locations", _], "md") => Some(FileKind::Location),
        ([CONTENT_DIR, "locations", _, _], "md") => Some(FileKind::Combination),
        ([CONTENT_DIR, "_data", _], "yaml" | "yml") => Some(FileKind::Data),
        _ => None,
    }
}

fn parse_file(
    root: &Path,
    kind: FileKind,
    file: &Path,
    aliases: &Aliases,
) -> (Parsed, Vec<Diagnostic>) {
    match read_text(root, file) {
        Ok(text) => parse_text(kind, file, &text, Origin::Disk, aliases),
        Err(d) => (Parsed::Failed { slug: None }, vec![d]),
    }
}

/// Parses the text of a content file of this kind.
fn parse_text(
    kind: FileKind,
    file: &Path,
    text: &str,
    origin: Origin,
    aliases: &Aliases,
) -> (Parsed, Vec<Diagnostic>) {
    parse_text_over(kind, file, text, origin, aliases, None)
}

/// [`parse_text`], for a translation with the front matter of its
/// `original`.
fn parse_text_over(
    kind: FileKind,
    file: &Path,
    text: &str,
    origin: Origin,
    aliases: &Aliases,
    original: Option<&serde_yaml::Mapping>,
) -> (Parsed, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let context = ParseContext {
        origin,
        aliases,
        original,
    };
    let p = &mut problems;
    let parsed =
        match kind {
            FileKind::Home => load_document::<HomeFront>(file, text, &context, p)
                .map(|d| Parsed::Home(Box::new(d))),
            FileKind::Role => load_document::<RoleFront>(file, text, &context, p)
                .map(|d| Parsed::Role(Box::new(d))),
            FileKind::Skill => load_document::<SkillFront>(file, text, &context, p)
                .map(|d| Parsed::Skill(Box::new(d))),
            FileKind::Page => load_document::<PageFront>(file, text, &context, p)
                .map(|d| Parsed::Page(Box::new(d))),
            FileKind::Location => load_document::<LocationFront>(file, text, &context, p)
                .map(|d| Parsed::Location(Box::new(d))),
            FileKind::Combination => load_document::<CombinationFront>(file, text, &context, p)
                .map(|d| Parsed::Combination(Box::new(d))),
            FileKind::Data => Ok(Parsed::Failed { slug: None }),
        };
    match parsed {
        Ok(parsed) => (parsed, problems),
        Err(d) => {
            problems.push(d);
            (
                Parsed::Failed {
                    slug: written_slug(text),
                },
                problems,
            )
        }
    }
}

/// Where a text being parsed comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Its file: the page reads it again.
    Disk,
    /// A draft the editor sent, not on disk: its document holds it.
    Draft,
}

/// What parsing a document needs besides the file.
pub struct ParseContext<'a> {
    /// Where the text comes from.
    pub origin: Origin,
    /// Skill aliases, applied to every skill list.
    pub aliases: &'a Aliases,
    /// For a translation, the front matter of its original, whose
    /// inherited fields it takes.
    pub original: Option<&'a serde_yaml::Mapping>,
}

/// What differs between the kinds of front matter, for the loader.
pub trait FrontMatter: DeserializeOwned {
    /// The fields a new file of this kind must have, for the hint of an
    /// empty file.
    const REQUIRED: &'static str;
    /// The kind's name in [`translation::INHERITED`].
    const KIND: &'static str;
    /// Whether the file name or `slug` gives a URL segment (not for the home page).
    const HAS_URL_SEGMENT: bool = true;
    /// The `slug` field, where the kind has one.
    fn slug(&self) -> Option<&str> {
        None
    }
    /// Interview questions and FAQ, whose answers are Markdown.
    fn questions(&self) -> (&[Question], &[Question]) {
        (&[], &[])
    }
    /// URLs written in the front matter, each with the image preset it is
    /// shown in (`None` for a link): the hero's call to action and image,
    /// candidate and testimonial photos, `og_image`.
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        Vec::new()
    }
    /// Rewrites skill names to their canonical spelling, once each, and
    /// returns the spellings dropped as repeats of another that differs
    /// beyond case (`CSharp` after `C#`), with the one kept.
    fn canonicalize(&mut self, _aliases: &Aliases) -> Vec<(String, String)> {
        Vec::new()
    }
    /// The free `extra` map, whose keys templates must be able to read.
    fn extra(&self) -> &model::Extra;
    /// A required list that is present but empty (`skills: []`), which
    /// says no more than a missing one.
    fn empty_required_list(&self) -> Option<&'static str> {
        None
    }
}

/// `names` through the aliases, without repeats of one skill (one chip
/// each); spellings dropped that differ beyond case from the one kept go
/// to `merged`.
fn canonical_list(
    names: &[String],
    aliases: &Aliases,
    merged: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    let mut by_key: std::collections::HashMap<String, usize> = Default::default();
    let mut said = std::collections::HashSet::new();
    for name in names {
        let canonical = aliases.canonical(name).to_string();
        let key = aliases.key(name);
        match by_key.get(&key) {
            Some(&i) => {
                let pair = (canonical, kept[i].clone());
                if skills::differ_beyond_case(&pair.0, &pair.1) && said.insert(pair.clone()) {
                    merged.push(pair);
                }
            }
            // A name without a slug is kept for the site to report.
            None if key.is_empty() => kept.push(canonical),
            None => {
                by_key.insert(key, kept.len());
                kept.push(canonical);
            }
        }
    }
    kept
}

/// The URLs every kind of front matter with a hero may name: the hero's
/// call to action and image, and `og_image`.
fn hero_urls<'a>(
    hero: Option<&'a Hero>,
    og_image: &'a Option<String>,
) -> Vec<(&'a str, Option<&'static str>)> {
    let cta = hero
        .and_then(|h| h.cta.as_ref())
        .map(|cta| (cta.url.as_str(), None));
    let image = hero
        .and_then(|h| h.image.as_deref())
        .map(|path| (path, Some(images::HERO)));
    let og = og_image.as_deref().map(|path| (path, Some(images::SOCIAL)));
    cta.into_iter().chain(image).chain(og).collect()
}

impl FrontMatter for RoleFront {
    const KIND: &'static str = "role";
    fn empty_required_list(&self) -> Option<&'static str> {
        self.skills.is_empty().then_some("skills")
    }
    fn extra(&self) -> &model::Extra {
        &self.extra
    }
    const REQUIRED: &'static str = "title, role, description and skills";
    fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }
    fn questions(&self) -> (&[Question], &[Question]) {
        (&self.interview_questions, &self.faq)
    }
    fn canonicalize(&mut self, aliases: &Aliases) -> Vec<(String, String)> {
        let mut merged = Vec::new();
        self.skills = canonical_list(&self.skills, aliases, &mut merged);
        for candidate in &mut self.candidates {
            candidate.skills = canonical_list(&candidate.skills, aliases, &mut merged);
        }
        merged
    }
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        let photos = self
            .candidates
            .iter()
            .filter_map(|c| c.photo.as_deref())
            .chain(self.testimonial.as_ref().and_then(|t| t.photo.as_deref()))
            .map(|photo| (photo, Some(images::AVATAR)));
        hero_urls(self.hero.as_ref(), &self.og_image)
            .into_iter()
            .chain(photos)
            .collect()
    }
}

impl FrontMatter for SkillFront {
    const KIND: &'static str = "skill";
    fn extra(&self) -> &model::Extra {
        &self.extra
    }
    const REQUIRED: &'static str = "title and description";
    fn questions(&self) -> (&[Question], &[Question]) {
        (&self.interview_questions, &self.faq)
    }
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        hero_urls(self.hero.as_ref(), &self.og_image)
    }
}

impl FrontMatter for PageFront {
    const KIND: &'static str = "page";
    fn extra(&self) -> &model::Extra {
        &self.extra
    }
    const REQUIRED: &'static str = "title and description";
    fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        hero_urls(None, &self.og_image)
    }
}

impl FrontMatter for LocationFront {
    const KIND: &'static str = "location";
    fn extra(&self) -> &model::Extra {
        &self.extra
    }
    const REQUIRED: &'static str = "name and description";
    fn questions(&self) -> (&[Question], &[Question]) {
        (&[], &self.faq)
    }
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        hero_urls(self.hero.as_ref(), &self.og_image)
    }
}

impl FrontMatter for CombinationFront {
    const KIND: &'static str = "combination";
    fn extra(&self) -> &model::Extra {
        &self.extra
    }
    const REQUIRED: &'static str = "a title or a description";
    fn questions(&self) -> (&[Question], &[Question]) {
        (&[], &self.faq)
    }
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        hero_urls(self.hero.as_ref(), &self.og_image)
    }
}

impl FrontMatter for HomeFront {
    const KIND: &'static str = "home";
    fn extra(&self) -> &model::Extra {
        &self.extra
    }
    const REQUIRED: &'static str = "title and description";
    const HAS_URL_SEGMENT: bool = false;
    fn urls(&self) -> Vec<(&str, Option<&'static str>)> {
        hero_urls(self.hero.as_ref(), &self.og_image)
    }
}

/// Reads, splits and parses one Markdown file with front matter of type `F`.
pub fn load_document<F: FrontMatter>(
    file: &Path,
    text: &str,
    context: &ParseContext<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Document<F>, Diagnostic> {
    let lines = LineIndex::new(text);
    let (front, split) = read_front_matter::<F>(file, text, &lines, context, warnings)?;
    let slug = slug_of(file, text, &front, warnings)?;
    let body = markdown::outline(split.body);
    let empty_body = body.is_empty;
    let (mut links, headings) = body_refs(body, &split, &lines);

    let from_front = links.len()..links.len() + front.urls().len();
    let mut finder = Finder::new(&lines);
    for (url, preset) in front.urls() {
        let (line, column) = finder.locate(url).unwrap_or((2, 1));
        links.push(LinkRef {
            url: url.to_string(),
            is_image: preset.is_some(),
            has_alt: true,
            preset,
            line,
            column,
        });
    }

    let (interview, faq) = front.questions();
    for question in interview.iter().chain(faq) {
        for l in markdown::outline(&question.answer).links {
            // Answers are re-indented YAML, so offsets do not map back to
            // the file: find the link's text instead.
            let at = finder.locate(&l.url).unwrap_or((2, 1));
            links.push(LinkRef::in_markdown(l, at));
        }
    }

    let mut errors = check_urls(file, &links, from_front, warnings);
    if !errors.is_empty() {
        let first = errors.remove(0);
        warnings.extend(errors);
        return Err(first);
    }

    let source = match context.origin {
        Origin::Disk => Source::on_disk(text, split.body_offset),
        Origin::Draft => Source::draft(text, split.body_offset),
    };
    Ok(Document {
        file: file.to_path_buf(),
        slug,
        front,
        links,
        headings,
        empty_body,
        source,
    })
}

/// The typed front matter of a document and where its parts are:
/// refuses an empty file or front matter, and lists left empty that need
/// an item; warns of skill spellings merged into one.
fn read_front_matter<'t, F: FrontMatter>(
    file: &Path,
    text: &'t str,
    lines: &LineIndex<'_>,
    context: &ParseContext<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(F, front_matter::Split<'t>), Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error("empty-file", file, "the file is empty").with_hint(format!(
                "a file here needs front matter between `---` lines with at least {}",
                F::REQUIRED
            )),
        );
    }
    let split = front_matter::split(file, text)?;
    if split.yaml.trim().is_empty() {
        return Err(
            Diagnostic::error("empty-front-matter", file, "the front matter is empty")
                .at(2, 1)
                .with_hint(format!(
                    "add at least {} between the `---` lines",
                    F::REQUIRED
                )),
        );
    }
    let source = YamlSource {
        file,
        text: split.yaml,
        first_line: split.yaml_first_line,
        has_extra: true,
    };
    let mut front: F = match context.original {
        None => yaml::parse(source)?,
        Some(original) => {
            let serde_yaml::Value::Mapping(mut own) = yaml::parse(source)? else {
                return Err(Diagnostic::error(
                    "wrong-type",
                    file,
                    "the front matter must be a map of fields",
                )
                .at(split.yaml_first_line, 1)
                .with_hint("write one `field: value` per line"));
            };
            translation::inherit(F::KIND, &mut own, original);
            yaml::from_value(serde_yaml::Value::Mapping(own), source)?
        }
    };
    let merged = front.canonicalize(context.aliases);
    let mut finder = Finder::new(lines);
    for (spelling, first) in merged {
        let (line, column) = finder.locate(&spelling).unwrap_or((2, 1));
        warnings.push(skills::same_slug_warning(file, &spelling, &first, None).at(line, column));
    }
    yaml::check_map_keys(file, "`extra`", front.extra())?;
    if let Some(field) = front.empty_required_list() {
        let (line, column) = key_value_position(text, field).unwrap_or((2, 1));
        return Err(Diagnostic::error(
            "missing-field",
            file,
            format!("`{field}` is empty; it needs at least one item"),
        )
        .at(line, column)
        .with_hint(format!("list at least one, such as `{field}: [Python]`")));
    }
    Ok((front, split))
}

/// The URL segment of a document: its `slug:` (which must already be a
/// clean slug) or its file name, made into one with a warning.
fn slug_of<F: FrontMatter>(
    file: &Path,
    text: &str,
    front: &F,
    warnings: &mut Vec<Diagnostic>,
) -> Result<String, Diagnostic> {
    let original = translation::split_language(file).map(|(original, _)| original);
    let stem = original
        .as_deref()
        .unwrap_or(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    match front.slug() {
        _ if !F::HAS_URL_SEGMENT => Ok(String::new()),
        Some(slug) => {
            let clean = slugify(slug);
            if clean != slug || clean.is_empty() {
                let (line, column) = key_value_position(text, "slug").unwrap_or((2, 1));
                return Err(Diagnostic::error(
                    "invalid-slug",
                    file,
                    format!("slug `{slug}` cannot be used in a URL"),
                )
                .at(line, column)
                .with_hint(if clean.is_empty() {
                    format!("{}, such as `backend-developers`", crate::slug::RULE)
                } else {
                    format!("{}: `slug: {clean}`", crate::slug::RULE)
                }));
            }
            Ok(clean)
        }
        None => {
            let clean = slugify(stem);
            if clean != stem {
                warnings.push(
                    Diagnostic::warning(
                        "file-name-slug",
                        file,
                        format!("the file name is not a clean URL segment; the page is published as `{clean}`"),
                    )
                    .with_hint(format!("rename the file to `{clean}.md` or set `slug: {clean}`")),
                );
            }
            if clean.is_empty() {
                return Err(Diagnostic::error(
                    "invalid-slug",
                    file,
                    "the file name has no letters or digits to make a URL from",
                )
                .with_hint("rename the file, such as `backend-developers.md`"));
            }
            Ok(clean)
        }
    }
}

/// The links, images and headings of a body's outline, with their
/// positions in the file.
fn body_refs(
    body: Outline,
    split: &front_matter::Split<'_>,
    lines: &LineIndex<'_>,
) -> (Vec<LinkRef>, Vec<HeadingRef>) {
    let links: Vec<LinkRef> = body
        .links
        .into_iter()
        .map(|l| {
            let at = lines.line_col(split.body_offset + l.offset);
            LinkRef::in_markdown(l, at)
        })
        .collect();
    let headings = body
        .headings
        .into_iter()
        .map(|h| HeadingRef {
            level: h.level,
            text: h.text,
            line: lines.line_col(split.body_offset + h.offset).0,
        })
        .collect();
    (links, headings)
}

/// Checks every link and image of a document (issue 13): a URL whose
/// scheme is not http, https, mailto or tel is an error in front matter
/// (the `links` in `from_front`), returned, and a warning in Markdown
/// (whose raw HTML is trusted anyway), pushed to `warnings`; an image on
/// another site is a warning, since the published Content-Security-Policy
/// lets pages show only their own images.
fn check_urls(
    file: &Path,
    links: &[LinkRef],
    from_front: std::ops::Range<usize>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let in_front = from_front.contains(&i);
        if !crate::url::is_safe_url(&link.url) {
            let d = if in_front {
                Diagnostic::error
            } else {
                Diagnostic::warning
            };
            let d = d(
                "unsafe-url",
                file,
                format!("`{}` is not a web, mail or phone link", link.url),
            )
            .at(link.line, link.column)
            .with_hint(
                "link to a page of the site (`/contact/`) or to an http(s), mailto: or tel: \
                 URL; other schemes, such as javascript:, are not published",
            );
            if in_front {
                errors.push(d);
            } else {
                warnings.push(d);
            }
        } else if link.is_image && is_external(&link.url) {
            warnings.push(
                Diagnostic::warning(
                    "external-image",
                    file,
                    format!(
                        "image `{}` is on another site, and browsers will not show it",
                        link.url
                    ),
                )
                .at(link.line, link.column)
                .with_hint(
                    "the site's Content-Security-Policy (`img-src 'self' data:` in _headers) \
                     lets pages show only their own images: save it under static/ \
                     (static/images/x.jpg) and write `/images/x.jpg`",
                ),
            );
        }
    }
    errors
}

/// Whether `url` points at another site (`https://…`, `//host/…`).
fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// Finds values in a file in the order they are written (candidate photos,
/// links in answers), each search starting where the last one ended, so
/// that a file of 100,000 of them is searched once, not 100,000 times
/// (issue 13). A value not found after the last one is looked for from
/// the start, a limited number of times.
struct Finder<'a> {
    lines: &'a LineIndex<'a>,
    cursor: usize,
    searches_from_start: usize,
}

impl<'a> Finder<'a> {
    const FROM_START: usize = 50;

    fn new(lines: &'a LineIndex<'a>) -> Self {
        Finder {
            lines,
            cursor: 0,
            searches_from_start: 0,
        }
    }

    fn locate(&mut self, needle: &str) -> Option<(usize, usize)> {
        let text = self.lines.text();
        let found = crate::diagnostics::find_value(&text[self.cursor..], needle)
            .map(|i| self.cursor + i)
            .or_else(|| {
                self.searches_from_start += 1;
                (self.searches_from_start <= Self::FROM_START)
                    .then(|| crate::diagnostics::find_value(text, needle))
                    .flatten()
            })?;
        self.cursor = found + needle.len();
        Some(self.lines.line_col(found))
    }
}

/// Line and column of `needle` in `text`, where it stands as a value of its
/// own if it does anywhere ([`crate::diagnostics::find_value`]).
pub fn locate(text: &str, needle: &str) -> Option<(usize, usize)> {
    crate::diagnostics::find_value(text, needle).map(|i| line_col(text, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_folder() {
        let k = |p: &str| classify(Path::new(p));
        assert_eq!(k("content/_index.md"), Some(FileKind::Home));
        assert_eq!(k("content/roles/a.md"), Some(FileKind::Role));
        assert_eq!(k("content/skills/rust.md"), Some(FileKind::Skill));
        assert_eq!(k("content/pages/about.md"), Some(FileKind::Page));
        assert_eq!(k("content/_data/skills.yaml"), Some(FileKind::Data));
        assert_eq!(k("content/_data/skills.yml"), Some(FileKind::Data));
        assert_eq!(k("content/locations/chile.md"), Some(FileKind::Location));
        assert_eq!(
            k("content/locations/chile/backend-developers.md"),
            Some(FileKind::Combination)
        );
        assert_eq!(k("content/locations/chile/a/b.md"), None);
        assert_eq!(k("content/roles/nested/a.md"), None);
        assert_eq!(k("content/roles/a.txt"), None);
        assert_eq!(k("content/other.md"), None);
    }
}
