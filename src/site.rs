//! The site: configuration, theme and content loaded and cross-linked.
//!
//! [`Site::load`] is the first half of every command. It reads `site.yaml`,
//! the theme and `content/`, builds the skill index, and checks what no
//! single file can check alone: related roles exist, no two sources claim
//! one URL, internal links and images point at something. It reports every
//! problem at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, BaseUrl, SiteConfig};
use crate::content::skills::{self, Aliases};
use crate::content::{self, Content, Document, Home, LinkRef, Page, Role, SkillCopy, locate};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::i18n::Strings;
use crate::images;
use crate::slug;
use crate::theme::Theme;
use crate::url::internal_path;

mod locations;
mod redirects;

pub use locations::{LocalPage, Location, Subject, hub_path};
pub use redirects::Redirect;

/// Choices that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Use this instead of `base_url` from `site.yaml` (preview deployments).
    pub base_url: Option<String>,
}

/// A skill, with the roles that need it and the candidates who have it.
#[derive(Debug, Clone)]
pub struct Skill {
    /// Canonical display name ("Node.js").
    pub name: String,
    /// URL identity (`nodejs`); the page is `/hire/<slug>-developers/`.
    pub slug: String,
    /// Optional copy from `content/skills/<slug>.md`.
    pub copy: Option<Arc<SkillCopy>>,
    /// Indexes into [`Site::roles`] of the roles that list this skill.
    pub roles: Vec<usize>,
    /// `(role index, candidate index)` of the candidates who have it.
    pub candidates: Vec<(usize, usize)>,
    /// The file that first names the skill, for error messages.
    pub named_in: PathBuf,
}

/// One page of the site, by what it is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKey {
    /// `/`
    Home,
    /// `/hire/`, then `/hire/page/2/`, …: page `n` (from 0) of the
    /// directory, [`SiteConfig::directory_page_size`] roles each.
    Directory(usize),
    /// `/hire/<slug>/`
    Role(usize),
    /// `/hire/<slug>/interview-questions/`
    InterviewQuestions(usize),
    /// `/hire/<skill>-developers/`
    Skill(usize),
    /// `/<slug>/`
    Page(usize),
    /// `/hire/developers-in-<location>/`
    Location(usize),
    /// `/hire/<role>-in-<location>/`, `/hire/<skill>-developers-in-<location>/`
    LocalPage(usize),
    /// `/404.html`
    NotFound,
}

/// The loaded, cross-linked site.
///
/// Documents are shared with the [`Content`] they come from, so
/// [`Site::assemble`] can be run again after one file changed without
/// copying the others (this is what `serve` does).
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: SiteConfig,
    /// `base_url` (or `--base-url`), split.
    pub base: BaseUrl,
    /// The theme's templates and static files, with site overrides applied.
    pub theme: Arc<Theme>,
    /// The home page copy, if `content/_index.md` exists.
    pub home: Option<Arc<Home>>,
    /// Published roles, in list order (weight, then title).
    pub roles: Vec<Arc<Role>>,
    /// For each role, the indexes in [`Site::roles`] of its published
    /// `related` roles, in the order written.
    pub related: Arc<Vec<Vec<usize>>>,
    /// Every skill named by a published role or candidate, in list order.
    pub skills: Vec<Skill>,
    /// Published plain pages, in file order.
    pub pages: Vec<Arc<Page>>,
    /// Published locations, in list order (weight, then name).
    pub locations: Vec<Location>,
    /// The role and skill pages of every location that exist, by location
    /// (in list order), then roles before skills, each in list order.
    pub local_pages: Vec<LocalPage>,
    /// For each role, its pages in locations (indexes into `local_pages`).
    pub role_pages_in: Vec<Vec<usize>>,
    /// For each skill, its pages in locations.
    pub skill_pages_in: Vec<Vec<usize>>,
    /// Every redirect, sorted by old URL.
    pub redirects: Vec<Redirect>,
    /// `content/_data/*.yaml` by stem.
    pub data: BTreeMap<String, serde_yaml::Value>,
    /// Skill aliases from `data.skills`.
    pub aliases: Aliases,
    /// Warnings found while loading (errors stop the load), of every
    /// language: a translation's site keeps none of its own.
    pub warnings: Diagnostics,
    /// `/<code>` in front of every page path of a language other than
    /// the default; empty for the default.
    pub lang_prefix: String,
    /// The default language's code (`config.language` is this site's).
    pub default_language: String,
    /// The sites of the other languages (empty for those sites
    /// themselves), in the order of `languages:` in `site.yaml`.
    pub translations: Vec<Site>,
    /// Which pages exist in which language, shared by every language's
    /// site.
    pub alternates: Arc<Alternates>,
    /// The theme strings of every language.
    pub strings: Arc<Strings>,
    // The indexes are shared (`Arc`) so that copying a site for a draft
    // ([`Site::clone`]) costs nothing at 10,000 roles; only assembly makes them.
    role_by_slug: Arc<HashMap<String, usize>>,
    skill_by_slug: Arc<HashMap<String, usize>>,
    /// Skill spellings met in the content (and display names) -> index.
    skill_by_name: Arc<HashMap<String, usize>>,
    /// Every page URL (and sitemap.xml, robots.txt), for link checks.
    urls: Arc<HashSet<String>>,
    /// The URLs the roles and pages that failed to load would have had
    /// (from their file names): links to them are not reported as broken,
    /// the file's own error says enough.
    unloaded_urls: Vec<String>,
}

/// Which pages exist in which language: for each page (by what it is
/// made from, whatever its URL in each language), its path in each
/// language it exists in, the default first.
#[derive(Debug, Clone, Default)]
pub struct Alternates {
    by_page: HashMap<String, Vec<(String, String)>>,
    /// Per language: the default language's path of a page -> its path in
    /// that language, for `url()`.
    localized: HashMap<String, HashMap<String, String>>,
}

impl Alternates {
    /// Collects the pages of every language of `sites` (the default's first).
    fn of<'a>(sites: impl IntoIterator<Item = &'a Site>) -> Alternates {
        let mut alternates = Alternates::default();
        for site in sites {
            for key in site.page_keys() {
                if let Some(id) = site.identity(key) {
                    alternates
                        .by_page
                        .entry(id)
                        .or_default()
                        .push((site.config.language.clone(), site.path_of(key)));
                }
            }
        }
        for paths in alternates.by_page.values() {
            let Some((_, default)) = paths.first() else {
                continue;
            };
            for (code, path) in &paths[1..] {
                alternates
                    .localized
                    .entry(code.clone())
                    .or_default()
                    .insert(default.clone(), path.clone());
            }
        }
        alternates
    }

    /// The page of `id` in each language it exists in, the default first.
    pub fn of_page(&self, id: &str) -> &[(String, String)] {
        self.by_page.get(id).map_or(&[], Vec::as_slice)
    }

    /// The path in language `code` of the page at `path` in the default
    /// language, if that page exists in `code`.
    pub fn localize(&self, code: &str, path: &str) -> Option<&str> {
        self.localized.get(code)?.get(path).map(String::as_str)
    }
}

/// A site that did not load or render: every error, and what did load,
/// which `check` still lints (an error in one file does not hide the
/// warnings of others).
#[derive(Debug)]
pub struct LoadFailure {
    /// Every error (and warning) found.
    pub errors: Diagnostics,
    /// The site without the files that failed, when the configuration and
    /// the theme loaded.
    pub partial: Option<Box<Site>>,
}

impl From<LoadFailure> for Diagnostics {
    fn from(failure: LoadFailure) -> Diagnostics {
        failure.errors
    }
}

/// What a site is assembled from besides its content.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The site folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: SiteConfig,
    /// The base URL in use.
    pub base: BaseUrl,
    /// The theme, with site overrides.
    pub theme: Arc<Theme>,
    /// Whether drafts are published.
    pub drafts: bool,
}

impl Setup {
    /// Reads `site.yaml` and the theme.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Setup, Diagnostics> {
        let config = SiteConfig::load(root).map_err(Diagnostics::from)?;
        let base_url = options.base_url.as_deref().unwrap_or(&config.base_url);
        let base = config::parse_base_url(base_url).ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error(
                    "invalid-value",
                    config::CONFIG_FILE,
                    format!("base URL `{base_url}` is not an absolute http(s) URL"),
                )
                .with_hint("write it in full, such as https://www.example.com/"),
            )
        })?;
        let theme = Theme::load(root, &config.theme)?;
        Ok(Setup {
            root: root.to_path_buf(),
            config,
            base,
            theme: Arc::new(theme),
            drafts: options.drafts,
        })
    }
}

impl Site {
    /// Loads and checks everything under `root`.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site, LoadFailure> {
        let setup = match Setup::load(root, options) {
            Ok(setup) => setup,
            Err(mut errors) => {
                // Still read the content, to report its problems too.
                if SiteConfig::load(root).is_ok() {
                    let content = Content::load(root);
                    errors.extend(content.diagnostics());
                }
                errors.sort();
                return Err(LoadFailure {
                    errors,
                    partial: None,
                });
            }
        };
        let content = Content::load(root);
        let (site, diagnostics) = Site::assemble_all(&setup, &content);
        if diagnostics.has_errors() {
            return Err(LoadFailure {
                errors: diagnostics,
                partial: Some(Box::new(site)),
            });
        }
        Ok(site)
    }

    /// Cross-links `content` into a site and checks it. Reads no file.
    pub fn assemble(setup: &Setup, content: &Content) -> Result<Site, Diagnostics> {
        let (site, diagnostics) = Site::assemble_all(setup, content);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(site)
    }

    /// Cross-links what loaded of `content` into a site, even when there
    /// are errors; returns it with every problem found, sorted. The site's
    /// own `warnings` are the problems that are not errors.
    fn assemble_all(setup: &Setup, content: &Content) -> (Site, Diagnostics) {
        let mut diagnostics = content.diagnostics();
        let mut site = Site::assemble_language(setup, content, "", &mut diagnostics);
        for (code, other) in &content.languages {
            if !setup.config.languages.contains_key(code) {
                continue; // said of each of its files below
            }
            let setup = Setup {
                config: setup.config.for_language(code),
                ..setup.clone()
            };
            let prefix = format!("/{code}");
            let mut translated = Site::assemble_language(&setup, other, &prefix, &mut diagnostics);
            translated.relate_translated_roles(content);
            translated.default_language = site.config.language.clone();
            site.translations.push(translated);
        }
        for (file, code) in &content.translation_files {
            if setup.config.languages.contains_key(code) {
                continue;
            }
            let known: Vec<&str> = setup.config.languages.keys().map(String::as_str).collect();
            diagnostics.push(
                Diagnostic::error(
                    "unknown-language",
                    file,
                    format!("this file is a translation into `{code}`, which site.yaml does not list"),
                )
                .with_hint(if *code == setup.config.language {
                    format!(
                        "`{code}` is the default language, whose pages are the files without a code: \
                         rename the file without `.{code}`"
                    )
                } else if known.is_empty() {
                    format!("add `languages: {{{code}: {{}}}}` to site.yaml, or rename the file without `.{code}`")
                } else {
                    format!(
                        "the site's other languages are {}: add `{code}` under `languages:` in site.yaml, or rename the file",
                        known.join(", ")
                    )
                }),
            );
        }
        // Links may lead to a page of any language.
        if !site.translations.is_empty() {
            let mut urls: HashSet<String> = (*site.urls).clone();
            for translated in &site.translations {
                urls.extend(translated.urls.iter().cloned());
            }
            let urls = Arc::new(urls);
            site.urls = Arc::clone(&urls);
            for translated in &mut site.translations {
                translated.urls = Arc::clone(&urls);
            }
        }
        site.index_redirects(&mut diagnostics);
        site.check_links(&mut diagnostics);
        for translated in &mut site.translations {
            translated.index_redirects(&mut diagnostics);
            translated.check_links(&mut diagnostics);
        }
        let codes: Vec<&str> = setup.config.language_codes().collect();
        match Strings::load(&setup.theme, &codes) {
            Ok(strings) => {
                let strings = Arc::new(strings);
                site.strings = Arc::clone(&strings);
                for translated in &mut site.translations {
                    translated.strings = Arc::clone(&strings);
                }
            }
            Err(errors) => diagnostics.extend(errors),
        }
        let alternates = Arc::new(Alternates::of(site.languages()));
        site.alternates = Arc::clone(&alternates);
        for translated in &mut site.translations {
            translated.alternates = Arc::clone(&alternates);
        }

        diagnostics.sort();
        site.warnings = diagnostics.clone();
        site.warnings.retain(|d| !d.is_error());
        (site, diagnostics)
    }

    /// The site of one language, from its content (the default's, or a
    /// translation's); links and redirects are checked once every
    /// language's pages are known.
    fn assemble_language(
        setup: &Setup,
        content: &Content,
        prefix: &str,
        diagnostics: &mut Diagnostics,
    ) -> Site {
        let mut site = Site {
            root: setup.root.clone(),
            config: setup.config.clone(),
            base: setup.base.clone(),
            theme: Arc::clone(&setup.theme),
            home: content.home.clone(),
            roles: Vec::new(),
            related: Arc::default(),
            skills: Vec::new(),
            pages: Vec::new(),
            locations: Vec::new(),
            local_pages: Vec::new(),
            role_pages_in: Vec::new(),
            skill_pages_in: Vec::new(),
            redirects: Vec::new(),
            data: content.data.clone(),
            aliases: content.aliases.clone(),
            warnings: Diagnostics::new(),
            lang_prefix: prefix.to_string(),
            default_language: setup.config.language.clone(),
            translations: Vec::new(),
            alternates: Arc::default(),
            strings: Arc::default(),
            role_by_slug: Arc::default(),
            skill_by_slug: Arc::default(),
            skill_by_name: Arc::default(),
            urls: Arc::default(),
            unloaded_urls: unloaded_urls(content),
        };
        site.link_roles(content, setup.drafts, diagnostics);
        site.index_skills(content, setup.drafts, diagnostics);
        if !prefix.is_empty() {
            site.translate_skill_names();
        }
        if site.is_translation() {
            // A candidate's location that has no translation is said of
            // the default language only: in this one, it has no page.
            site.index_locations(content, setup.drafts, &mut Diagnostics::new());
        } else {
            site.index_locations(content, setup.drafts, diagnostics);
        }
        site.pages = content
            .pages
            .values()
            .filter(|p| setup.drafts || !p.front.draft)
            .cloned()
            .collect();
        site.check_templates(diagnostics);
        site.check_urls(diagnostics);
        site
    }

    /// A theme string in this site's language, `{placeholders}` filled
    /// from `args` (see [`Strings::get`]).
    pub fn t(&self, key: &str, args: &[(&str, String)]) -> String {
        self.strings.get(&self.config.language, key, args)
    }

    /// Resolves the `related` roles of a translation's roles, which name
    /// the default language's slugs (inherited from the original): each
    /// leads to the translation of that role, and is left out where the
    /// role has none in this language. Unknown slugs are the default
    /// site's to report.
    fn relate_translated_roles(&mut self, originals: &Content) {
        let by_original: HashMap<&str, usize> = self
            .roles
            .iter()
            .enumerate()
            .filter_map(|(i, role)| {
                let (file, _) = content::translation::split_language(&role.file)?;
                Some((originals.roles.get(&file)?.slug.as_str(), i))
            })
            .collect();
        let related = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, role)| {
                let mut kept = Vec::new();
                for slug in &role.front.related {
                    if let Some(&r) = by_original.get(slug.as_str())
                        && r != i
                        && !kept.contains(&r)
                    {
                        kept.push(r);
                    }
                }
                kept
            })
            .collect();
        self.related = Arc::new(related);
    }

    /// For each other language, the default language's content files
    /// that have no translation in it (their pages do not exist there),
    /// sorted.
    pub fn untranslated(&self) -> BTreeMap<String, Vec<PathBuf>> {
        let mut report = BTreeMap::new();
        for translated in &self.translations {
            let done: HashSet<PathBuf> = translated
                .documents()
                .filter_map(|(file, _, _)| content::translation::split_language(file))
                .map(|(original, _)| original)
                .collect();
            let mut files: Vec<PathBuf> = self
                .documents()
                .map(|(file, _, _)| file.clone())
                .filter(|file| !done.contains(file))
                .collect();
            files.sort();
            files.dedup();
            report.insert(translated.config.language.clone(), files);
        }
        report
    }

    /// Every language's site, the default first.
    pub fn languages(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(self).chain(&self.translations)
    }

    /// Whether this is the site of a language other than the default.
    pub fn is_translation(&self) -> bool {
        !self.lang_prefix.is_empty()
    }

    /// Gives the skills the display names `names:` of this language's
    /// `_data/skills.<code>.yaml` sets (`Machine Learning: Aprendizaje
    /// automático`); the skill, its slug and its URL stay one.
    fn translate_skill_names(&mut self) {
        let Some(serde_yaml::Value::Mapping(names)) = self
            .data
            .get(skills::SKILLS_DATA)
            .and_then(|d| d.get("names"))
            .cloned()
        else {
            return;
        };
        let mut by_name = (*self.skill_by_name).clone();
        for skill in &mut self.skills {
            let Some(name) = names
                .get(serde_yaml::Value::from(skill.name.as_str()))
                .and_then(|n| n.as_str())
            else {
                continue;
            };
            if let Some(&i) = self.skill_by_slug.get(&skill.slug) {
                by_name.insert(name.to_string(), i);
            }
            skill.name = name.to_string();
        }
        self.skill_by_name = Arc::new(by_name);
    }

    /// What a page is made from, the same in every language: its
    /// original file, or its skill, whatever its URL. `None` for the 404
    /// page, which only the default language has.
    pub fn identity(&self, key: PageKey) -> Option<String> {
        let original = |file: &Path| {
            content::translation::split_language(file)
                .map_or_else(|| file.to_path_buf(), |(original, _)| original)
                .display()
                .to_string()
        };
        Some(match key {
            PageKey::Home => "home".into(),
            PageKey::Directory(n) => format!("directory {n}"),
            PageKey::Role(i) => format!("role {}", original(&self.roles[i].file)),
            PageKey::InterviewQuestions(i) => {
                format!("questions {}", original(&self.roles[i].file))
            }
            PageKey::Skill(i) => format!("skill {}", self.skills[i].slug),
            PageKey::Page(i) => format!("page {}", original(&self.pages[i].file)),
            PageKey::Location(i) => format!("location {}", original(&self.locations[i].doc.file)),
            PageKey::LocalPage(i) => {
                let page = &self.local_pages[i];
                let location = original(&self.locations[page.location].doc.file);
                match page.subject {
                    Subject::Role(r) => {
                        format!("in {location} role {}", original(&self.roles[r].file))
                    }
                    Subject::Skill(s) => format!("in {location} skill {}", self.skills[s].slug),
                }
            }
            PageKey::NotFound => return None,
        })
    }

    /// The page `key` in every language it exists in, as (code, site
    /// path), the default first; empty when it exists in one only.
    pub fn translations_of(&self, key: PageKey) -> &[(String, String)] {
        let all = self
            .identity(key)
            .map_or(&[][..], |id| self.alternates.of_page(&id));
        if all.len() > 1 { all } else { &[] }
    }

    /// Every default-language page path that has a page in this site's
    /// language, with that page's path.
    pub fn localized_paths(&self) -> HashMap<String, String> {
        if !self.is_translation() {
            return HashMap::new();
        }
        self.alternates
            .localized
            .get(&self.config.language)
            .cloned()
            .unwrap_or_default()
    }

    /// The path in this site's language of a site path written for the
    /// default language (`/about/` -> `/es/acerca/`), when that page
    /// exists here; the path itself otherwise.
    pub fn localize<'a>(&'a self, path: &'a str) -> &'a str {
        if !self.is_translation() {
            return path;
        }
        self.alternates
            .localize(&self.config.language, path)
            .unwrap_or(path)
    }

    /// Orders the published roles and resolves `related`.
    fn link_roles(&mut self, content: &Content, drafts: bool, diagnostics: &mut Diagnostics) {
        // A translation's `related` names the default language's roles:
        // resolved by `relate_translated_roles`, reported by the default site.
        let mut ignored = Diagnostics::new();
        let diagnostics = if self.is_translation() {
            &mut ignored
        } else {
            diagnostics
        };
        let all: HashMap<&str, bool> = content
            .roles
            .values()
            .map(|r| (r.slug.as_str(), r.front.draft))
            .collect();
        let mut roles: Vec<Arc<Role>> = content
            .roles
            .values()
            .filter(|r| drafts || !r.front.draft)
            .cloned()
            .collect();
        roles.sort_by(|a, b| {
            (a.front.weight.unwrap_or(i64::MAX), &a.front.title, &a.slug).cmp(&(
                b.front.weight.unwrap_or(i64::MAX),
                &b.front.title,
                &b.slug,
            ))
        });
        self.role_by_slug = Arc::new(
            roles
                .iter()
                .enumerate()
                .map(|(i, r)| (r.slug.clone(), i))
                .collect(),
        );
        let mut positions = Positions::default();
        self.related = Arc::new(
    roles
                .iter()
                .map(|role| {
                    let mut kept = Vec::new();
                    for slug in &role.front.related {
                        let mut position = || positions.locate(&self.root, role, slug);
                        match all.get(slug.as_str()) {
                            None if self.unloaded_urls.contains(&role_path(slug)) => {}
                            None => {
                                let (line, column) = position();
                                let mut d = Diagnostic::error(
                                    "unknown-related",
                                    &role.file,
                                    format!("related role `{slug}` does not exist"),
                                )
                                .at(line, column);
                                // Hints only for the first few, like positions
                                // (the others are at line 1): each costs an edit
                                // distance to every role.
                                let close = (line > 1)
                                    .then(|| did_you_mean(slug, all.keys().copied()))
                                    .flatten();
                                d = match close {
                                    Some(close) => d.with_hint(format!("did you mean `{close}`?")),
                                    None => d.with_hint(
                                        "use the slug of a file in content/roles/ (its name without .md)",
                                    ),
                                };
                                diagnostics.push(d);
                            }
                            Some(true) if !drafts => {
                                let (line, column) = position();
                                diagnostics.push(
                                    Diagnostic::warning(
                                        "related-draft",
                                        &role.file,
                                        format!("related role `{slug}` is a draft and is left out"),
                                    )
                                    .at(line, column),
                                );
                            }
                            Some(_) if *slug == role.slug => {}
                            Some(_) => {
                                if let Some(&i) = self.role_by_slug.get(slug)
                                    && !kept.contains(&i)
                                {
                                    kept.push(i);
                                }
                            }
                        }
                    }
                    kept
                })
                .collect(),
        );
        self.roles = roles;
    }

    /// Builds one skill per canonical name used by a published role or
    /// candidate. The display name is the first spelling met in list order.
    fn index_skills(&mut self, content: &Content, drafts: bool, diagnostics: &mut Diagnostics) {
        let mut table = SkillTable::default();
        // Names repeat across thousands of roles: resolve each spelling once.
        let mut known: HashMap<String, Option<usize>> = HashMap::new();
        let mut intern = |table: &mut SkillTable,
                          name: &str,
                          at: (&Path, &Role),
                          diagnostics: &mut Diagnostics| {
            if let Some(&index) = known.get(name) {
                return index;
            }
            let index = table.intern(&self.aliases, name, at, diagnostics);
            known.insert(name.to_string(), index);
            index
        };
        for (ri, role) in self.roles.iter().enumerate() {
            for name in &role.front.skills {
                if let Some(si) = intern(&mut table, name, (&self.root, role), diagnostics)
                    // Roles are visited in order, so a repeat can only be the last one.
                    && table.skills[si].roles.last() != Some(&ri)
                {
                    table.skills[si].roles.push(ri);
                }
            }
            for (ci, candidate) in role.front.candidates.iter().enumerate() {
                for name in &candidate.skills {
                    if let Some(si) = intern(&mut table, name, (&self.root, role), diagnostics)
                        && table.skills[si].candidates.last() != Some(&(ri, ci))
                    {
                        table.skills[si].candidates.push((ri, ci));
                    }
                }
            }
        }
        // Every spelling met, with its skill's slug (indexes move when sorted).
        let spellings: Vec<(String, String)> = known
            .into_iter()
            .filter_map(|(name, index)| Some((name, table.skills[index?].slug.clone())))
            .collect();
        let SkillTable {
            mut skills,
            by_slug,
            ..
        } = table;

        for copy in content.skills.values() {
            if copy.front.draft && !drafts {
                continue;
            }
            let key = self.aliases.key(&copy.slug);
            match by_slug.get(&key) {
                Some(&si) => skills[si].copy = Some(Arc::clone(copy)),
                None => diagnostics.push(
                    Diagnostic::warning(
                        "unused-skill-copy",
                        &copy.file,
                        format!("no role or candidate lists the skill `{}`, so it has no page", copy.slug),
                    )
                    .with_hint("add the skill to a role's `skills`, or rename the file after the skill's slug (C# -> csharp.md)"),
                ),
            }
        }

        skills.sort_by(|a, b| {
            let weight = |s: &Skill| {
                s.copy
                    .as_ref()
                    .and_then(|c| c.front.weight)
                    .unwrap_or(i64::MAX)
            };
            (weight(a), a.name.to_lowercase(), &a.slug).cmp(&(
                weight(b),
                b.name.to_lowercase(),
                &b.slug,
            ))
        });
        self.skill_by_slug = Arc::new(
            skills
                .iter()
                .enumerate()
                .map(|(i, s)| (s.slug.clone(), i))
                .collect(),
        );
        self.skill_by_name = Arc::new(
            spellings
                .into_iter()
                .map(|(name, slug)| (name, self.skill_by_slug[&slug]))
                .chain(skills.iter().enumerate().map(|(i, s)| (s.name.clone(), i)))
                .collect(),
        );
        self.skills = skills;
    }

    /// Every `template:` named in front matter must exist in the theme.
    fn check_templates(&self, diagnostics: &mut Diagnostics) {
        let named = self
            .roles
            .iter()
            .map(|r| (&r.file, &r.front.template, &r.source))
            .chain(
                self.pages
                    .iter()
                    .map(|p| (&p.file, &p.front.template, &p.source)),
            )
            .chain(
                self.home
                    .iter()
                    .map(|h| (&h.file, &h.front.template, &h.source)),
            );
        for (file, template, source) in named {
            let Some(name) = template else { continue };
            if !self.theme.has_template(name) {
                let (line, column) = source
                    .front_text(&self.root, file)
                    .and_then(|text| locate(&text, &format!("template: {name}")))
                    .unwrap_or((1, 1));
                let mut d = Diagnostic::error(
                    "unknown-template",
                    file,
                    format!("template `{name}` does not exist in the theme or in templates/"),
                )
                .at(line, column);
                if let Some(close) = did_you_mean(name, self.theme.template_names()) {
                    d = d.with_hint(format!("did you mean `{close}`?"));
                }
                diagnostics.push(d);
            }
        }
    }

    /// Two sources must never claim one URL. Records every page URL for
    /// link checks.
    fn check_urls(&mut self, diagnostics: &mut Diagnostics) {
        let mut claimed: HashMap<String, PageKey> = HashMap::new();
        for key in self.page_keys() {
            let url = self.path_of(key);
            if let Some(&first) = claimed.get(&url) {
                let (first, source) = (self.source_of(first), self.source_of(key));
                let mut d = Diagnostic::error(
                    "duplicate-url",
                    &source,
                    format!(
                        "{url} is produced by both {} and {}",
                        first.display(),
                        source.display()
                    ),
                )
                .with_hint("give one of them another `slug:` (or rename the file)");
                // The URL comes from the file name unless a `slug:` line sets it.
                if let Some(line) = self.front_text_of(key).as_deref().and_then(slug_line) {
                    d = d.at(line, 1);
                }
                diagnostics.push(d);
            } else {
                claimed.insert(url, key);
            }
        }
        for (path, origin) in self.theme.static_files() {
            let url = format!("/{path}");
            let page_url = url.strip_suffix("index.html").unwrap_or(&url);
            if let Some(&key) = claimed.get(page_url).or_else(|| claimed.get(&url)) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-url",
                        &origin.file,
                        format!(
                            "{url} is produced by both {} and this static file",
                            self.source_of(key).display()
                        ),
                    )
                    .with_hint("rename or move the static file"),
                );
            }
        }
        let mut urls: HashSet<String> = claimed.into_keys().collect();
        urls.insert("/sitemap.xml".into());
        urls.insert("/robots.txt".into());
        self.urls = Arc::new(urls);
    }

    /// Every loaded document with its links and the URL of its page.
    fn documents(&self) -> impl Iterator<Item = (&PathBuf, &[LinkRef], String)> {
        let roles = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (&r.file, &r.links[..], self.path_of(PageKey::Role(i))));
        let skills = self.skills.iter().enumerate().filter_map(|(i, s)| {
            let copy = s.copy.as_ref()?;
            Some((&copy.file, &copy.links[..], self.path_of(PageKey::Skill(i))))
        });
        let pages = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.file, &p.links[..], self.path_of(PageKey::Page(i))));
        let home = self
            .home
            .iter()
            .map(|h| (&h.file, &h.links[..], self.path_of(PageKey::Home)));
        let locations = self.locations.iter().enumerate().map(|(i, l)| {
            (
                &l.doc.file,
                &l.doc.links[..],
                self.path_of(PageKey::Location(i)),
            )
        });
        let local = self.local_pages.iter().enumerate().filter_map(|(i, p)| {
            let copy = p.copy.as_ref()?;
            Some((
                &copy.file,
                &copy.links[..],
                self.path_of(PageKey::LocalPage(i)),
            ))
        });
        roles
            .chain(skills)
            .chain(pages)
            .chain(home)
            .chain(locations)
            .chain(local)
    }

    /// Every image of this site that content names, with the preset it is
    /// shown in: the one its front matter field says (candidate photos as
    /// avatars, hero images, `og_image`), Markdown images as content.
    /// Sorted.
    pub fn image_requests(&self) -> Vec<images::Request> {
        let mut requests = Vec::new();
        let mut request = |file: &PathBuf, link: &LinkRef, page_url: &str| {
            let Some(path) = internal_path(&link.url, page_url) else {
                return;
            };
            // SVG and GIF are published as they are.
            if !images::RESIZED.contains(&images::extension(&path).as_str()) {
                return;
            }
            requests.push(images::Request {
                key: path.trim_start_matches('/').to_string(),
                preset: link.preset.unwrap_or(images::CONTENT).to_string(),
                file: file.clone(),
                line: link.line,
                column: link.column,
            });
        };
        for (file, links, url) in self.documents() {
            for link in links.iter().filter(|l| l.is_image) {
                request(file, link, &url);
            }
        }
        if let Some(link) = self.config_og_image() {
            request(&PathBuf::from(config::CONFIG_FILE), &link, "/");
        }
        // Static files are published once for every language.
        for translated in &self.translations {
            requests.extend(translated.image_requests());
        }
        requests.sort();
        requests.dedup();
        requests
    }

    /// `og_image` of `site.yaml`, as a link at its place in the file.
    fn config_og_image(&self) -> Option<LinkRef> {
        let url = self.config.og_image.as_ref()?;
        let (line, column) = locate(&self.config.source, url).unwrap_or((1, 1));
        Some(LinkRef {
            url: url.clone(),
            is_image: true,
            has_alt: true,
            preset: Some(images::SOCIAL),
            line,
            column,
        })
    }

    /// Internal links, images, photos and call-to-action URLs must resolve.
    fn check_links(&self, diagnostics: &mut Diagnostics) {
        for (file, links, url) in self.documents() {
            self.check_document_links(file, &url, links, diagnostics);
        }
        if let Some(cta) = &self.config.cta {
            let file = PathBuf::from(config::CONFIG_FILE);
            let (line, column) = locate(&self.config.source, &cta.url).unwrap_or((1, 1));
            let link = LinkRef {
                url: cta.url.clone(),
                is_image: false,
                has_alt: true,
                preset: None,
                line,
                column,
            };
            self.check_document_links(&file, "/", std::slice::from_ref(&link), diagnostics);
        }
        if let Some(link) = self.config_og_image() {
            let file = PathBuf::from(config::CONFIG_FILE);
            self.check_document_links(&file, "/", std::slice::from_ref(&link), diagnostics);
        }
    }

    /// Checks the links of one document, shown at `page_url`.
    fn check_document_links(
        &self,
        file: &Path,
        page_url: &str,
        links: &[LinkRef],
        diagnostics: &mut Diagnostics,
    ) {
        // A "did you mean" costs an edit distance to every URL of the site:
        // only the first few broken links of a file get one, so that a file
        // of 100,000 broken links is refused in seconds (issue 13).
        const HINTED: usize = 20;
        let mut broken = 0;
        let mut urls: Vec<&str> = Vec::new();
        for link in links {
            let Some(path) = internal_path(&link.url, page_url) else {
                continue;
            };
            if self.has_target(&path) || self.unloaded_urls.iter().any(|u| path.starts_with(u)) {
                continue;
            }
            broken += 1;
            let (code, what, hint) = if link.is_image {
                (
                    "missing-image",
                    format!("image `{}` does not exist", link.url),
                    format!("put the file at static{path} (or fix the path)"),
                )
            } else {
                if urls.is_empty() {
                    urls = self.urls.iter().map(String::as_str).collect();
                    urls.sort_unstable();
                }
                let close = (broken <= HINTED)
                    .then(|| did_you_mean(&path, urls.iter().copied()))
                    .flatten();
                let hint = match close {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => {
                        "link to a page of this site, such as `/hire/`, or to a full https:// URL"
                            .into()
                    }
                };
                (
                    "broken-link",
                    format!(
                        "link to `{}` leads nowhere: no page or file has that URL",
                        link.url
                    ),
                    hint,
                )
            };
            diagnostics.push(
                Diagnostic::error(code, file, what)
                    .at(link.line, link.column)
                    .with_hint(hint),
            );
        }
    }

    /// Whether a site path leads to a page or a static file.
    fn has_target(&self, path: &str) -> bool {
        self.urls.contains(path)
            || self.redirects_from(path)
            || (!path.ends_with('/') && self.urls.contains(&format!("{path}/")))
            || path
                .strip_suffix("index.html")
                .is_some_and(|p| self.urls.contains(p))
            || self
                .theme
                .static_file(path.trim_start_matches('/'))
                .is_some()
    }

    /// Replaces roles whose edit changes nothing other pages show of them,
    /// as `same_outline` judges (same slug, title, order, skills,
    /// related…): the site is patched in place instead of assembled again,
    /// which keeps a one-role edit on a 10,000-role site in milliseconds.
    /// Returns `false`, having changed nothing, when an edit does not
    /// qualify; `Err` for errors in the new documents.
    pub fn replace_roles(
        &mut self,
        content: &Content,
        files: &[PathBuf],
        same_outline: fn(&Role, &Role) -> bool,
    ) -> Result<bool, Diagnostics> {
        let mut patches = Vec::new();
        for file in files {
            let Some(new) = content.roles.get(file) else {
                return Ok(false);
            };
            let Some(i) = self.role_index(&new.slug) else {
                return Ok(false);
            };
            if self.roles[i].file != *file || !same_outline(&self.roles[i], new) {
                return Ok(false);
            }
            patches.push((i, Arc::clone(new)));
        }
        let mut diagnostics = Diagnostics::new();
        for (i, role) in &patches {
            if let Some(problems) = content.problems.get(&role.file) {
                diagnostics.extend(problems.iter().cloned());
            }
            let url = self.path_of(PageKey::Role(*i));
            self.check_document_links(&role.file, &url, &role.links, &mut diagnostics);
        }
        if diagnostics.has_errors() {
            diagnostics.sort();
            return Err(diagnostics);
        }
        for (i, role) in patches {
            // Cross-file warnings about this role stay; its own are redone.
            self.warnings
                .retain(|d| !crate::files::same(&d.file, &role.file) || d.code == "related-draft");
            self.roles[i] = role;
        }
        self.warnings.extend(diagnostics);
        self.warnings.sort();
        Ok(true)
    }

    /// Every page of the site, in a stable order.
    pub fn page_keys(&self) -> impl Iterator<Item = PageKey> + '_ {
        let roles = (0..self.roles.len()).flat_map(|i| {
            let questions = !self.roles[i].front.interview_questions.is_empty();
            std::iter::once(PageKey::Role(i))
                .chain(questions.then_some(PageKey::InterviewQuestions(i)))
        });
        std::iter::once(PageKey::Home)
            .chain((0..self.directory_pages()).map(PageKey::Directory))
            .chain(roles)
            .chain((0..self.skills.len()).map(PageKey::Skill))
            .chain((0..self.pages.len()).map(PageKey::Page))
            .chain((0..self.locations.len()).map(PageKey::Location))
            .chain((0..self.local_pages.len()).map(PageKey::LocalPage))
            // One 404 page serves every language: hosts look for /404.html.
            .chain((!self.is_translation()).then_some(PageKey::NotFound))
    }

    /// The site path of a page, without the base path:
    /// `/hire/backend-developers/`, `/es/hire/backend-developers/`.
    pub fn path_of(&self, key: PageKey) -> String {
        let path = self.unprefixed_path_of(key);
        if self.lang_prefix.is_empty() {
            path
        } else {
            format!("{}{path}", self.lang_prefix)
        }
    }

    fn unprefixed_path_of(&self, key: PageKey) -> String {
        match key {
            PageKey::Home => "/".into(),
            PageKey::Directory(0) => "/hire/".into(),
            PageKey::Directory(n) => format!("/hire/page/{}/", n + 1),
            PageKey::Role(i) => role_path(&self.roles[i].slug),
            PageKey::InterviewQuestions(i) => {
                format!("/hire/{}/interview-questions/", self.roles[i].slug)
            }
            PageKey::Skill(i) => skill_path(&self.skills[i].slug),
            PageKey::Page(i) => format!("/{}/", self.pages[i].slug),
            PageKey::Location(i) => hub_path(self.locations[i].slug()),
            PageKey::LocalPage(i) => self.local_path(&self.local_pages[i]),
            PageKey::NotFound => "/404.html".into(),
        }
    }

    /// The content file a page comes from (or a description of it).
    pub fn source_of(&self, key: PageKey) -> PathBuf {
        match key {
            PageKey::Home => self
                .home
                .as_ref()
                .map_or_else(|| PathBuf::from("content/_index.md"), |h| h.file.clone()),
            PageKey::Directory(_) => PathBuf::from("the role directory (/hire/)"),
            PageKey::Role(i) | PageKey::InterviewQuestions(i) => self.roles[i].file.clone(),
            PageKey::Skill(i) => {
                let skill = &self.skills[i];
                skill
                    .copy
                    .as_ref()
                    .map_or_else(|| skill.named_in.clone(), |c| c.file.clone())
            }
            PageKey::Page(i) => self.pages[i].file.clone(),
            PageKey::Location(i) => self.locations[i].doc.file.clone(),
            PageKey::LocalPage(i) => self.local_source(&self.local_pages[i]),
            PageKey::NotFound => PathBuf::from("the 404 page (/404.html)"),
        }
    }

    /// The front matter text of the file a page is made from, if any,
    /// read again (see [`Document::front_text`]).
    pub(crate) fn front_text_of(&self, key: PageKey) -> Option<String> {
        let root = &self.root;
        match key {
            PageKey::Home => self.home.as_ref()?.front_text(root),
            PageKey::Role(i) | PageKey::InterviewQuestions(i) => self.roles[i].front_text(root),
            PageKey::Skill(i) => self.skills[i].copy.as_ref()?.front_text(root),
            PageKey::Page(i) => self.pages[i].front_text(root),
            PageKey::Location(i) => self.locations[i].doc.front_text(root),
            PageKey::LocalPage(i) => self.local_pages[i].copy.as_ref()?.front_text(root),
            PageKey::Directory(_) | PageKey::NotFound => None,
        }
    }

    /// Whether a page is made from a file of its own language (a
    /// translation's generated pages are not).
    pub(crate) fn has_source(&self, key: PageKey) -> bool {
        match key {
            PageKey::Home => self.home.is_some(),
            PageKey::Skill(i) => self.skills[i].copy.is_some(),
            PageKey::LocalPage(i) => self.local_pages[i].copy.is_some(),
            PageKey::Role(_)
            | PageKey::InterviewQuestions(_)
            | PageKey::Page(_)
            | PageKey::Location(_) => true,
            PageKey::Directory(_) | PageKey::NotFound => false,
        }
    }

    /// How many pages the directory has: one, and more when the roles do
    /// not fit on one.
    pub fn directory_pages(&self) -> usize {
        self.roles
            .len()
            .div_ceil(self.config.directory_page_size)
            .max(1)
    }

    /// The roles page `n` of the directory lists.
    pub fn directory_roles(&self, n: usize) -> &[Arc<Role>] {
        let size = self.config.directory_page_size;
        let start = (n * size).min(self.roles.len());
        &self.roles[start..(start + size).min(self.roles.len())]
    }

    /// The role with this slug.
    pub fn role_index(&self, slug: &str) -> Option<usize> {
        self.role_by_slug.get(slug).copied()
    }

    /// The skill this name (or alias) stands for.
    pub fn skill_index(&self, name: &str) -> Option<usize> {
        // Names are looked up for every chip of every page: spellings met
        // while indexing are found without making a slug.
        if let Some(&index) = self.skill_by_name.get(name) {
            return Some(index);
        }
        self.skill_by_slug.get(&self.aliases.key(name)).copied()
    }

    /// The newest `updated` or `date` of the roles given, as `YYYY-MM-DD`.
    pub fn lastmod<'a>(
        &'a self,
        roles: impl IntoIterator<Item = &'a Arc<Role>>,
    ) -> Option<&'a str> {
        roles
            .into_iter()
            .filter_map(|r| r.front.updated.as_ref().or(r.front.date.as_ref()))
            .map(|d| d.as_str())
            .max()
    }

    /// The `lastmod` of directory page `n`: its roles', and on the first
    /// page, which lists every skill, all roles'.
    pub fn directory_lastmod(&self, n: usize) -> Option<&str> {
        if n == 0 {
            self.lastmod(&self.roles)
        } else {
            self.lastmod(self.directory_roles(n))
        }
    }

    /// The display name of a skill written `name` (through aliases and
    /// case), or `name` itself when no page exists for it.
    pub fn skill_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.skill_index(name)
            .map_or(name, |i| self.skills[i].name.as_str())
    }
}

/// Where values stand in the files, for diagnostics found after loading
/// (unknown related roles, skill names), in the front matter each document
/// keeps: only the first [`Positions::PER_FILE`] values of a file are
/// looked for, so
/// that a file listing 100,000 unknown slugs is reported in linear time
/// (issue 13); the others point at line 1.
/// Values are asked for in file order, so each is looked for after the
/// one found before it first: the second of two candidates with the same
/// unknown location is pointed at where it stands, not at the first.
#[derive(Default)]
struct Positions {
    /// Per file: how many values were looked for, the byte offset after
    /// the last one found, and its front matter (read on the first look:
    /// a loaded document does not keep its text).
    looked: HashMap<PathBuf, (usize, usize, Option<String>)>,
}

impl Positions {
    const PER_FILE: usize = 50;

    /// Where `needle` is written in the front matter of `doc`, under `root`.
    fn locate<F>(&mut self, root: &Path, doc: &Document<F>, needle: &str) -> (usize, usize) {
        let (looked, cursor, text) = self
            .looked
            .entry(doc.file.clone())
            .or_insert_with(|| (0, 0, doc.front_text(root)));
        *looked += 1;
        let Some(text) = text.as_deref().filter(|_| *looked <= Self::PER_FILE) else {
            return (1, 1);
        };
        let after = text
            .get(*cursor..)
            .and_then(|rest| crate::diagnostics::find_value(rest, needle))
            .map(|i| *cursor + i);
        match after.or_else(|| crate::diagnostics::find_value(text, needle)) {
            Some(at) => {
                *cursor = at + needle.len();
                crate::diagnostics::line_col(text, at)
            }
            None => (1, 1),
        }
    }
}

/// Skills being collected, by slug.
#[derive(Default)]
struct SkillTable {
    skills: Vec<Skill>,
    by_slug: HashMap<String, usize>,
    positions: Positions,
}

impl SkillTable {
    /// The index of the skill `name` stands for, added if new. `at` is
    /// the site root and the file that names it, for the diagnostics.
    fn intern(
        &mut self,
        aliases: &Aliases,
        name: &str,
        (root, role): (&Path, &Role),
        diagnostics: &mut Diagnostics,
    ) -> Option<usize> {
        let file = role.file.as_path();
        let mut position = || self.positions.locate(root, role, name);
        let key = aliases.key(name);
        if key.is_empty() {
            let (line, column) = position();
            diagnostics.push(
                Diagnostic::error(
                    "invalid-skill",
                    file,
                    format!("skill `{name}` has no letters or digits to make a URL from"),
                )
                .at(line, column)
                .with_hint(
                    "name the skill with Latin letters or digits, such as `Python` (a URL \
                     segment is a-z, 0-9 and dashes)",
                ),
            );
            return None;
        }
        if let Some(&i) = self.by_slug.get(&key) {
            // Case aside, two spellings that only share a slug (`C#` and
            // `CSharp`) may be two skills: say that they were merged, and how
            // to make it explicit (issue 13).
            let first = &self.skills[i];
            let canonical = aliases.canonical(name);
            if skills::differ_beyond_case(canonical, &first.name) {
                let (line, column) = position();
                let first_file = Some(first.named_in.as_path()).filter(|f| *f != file);
                diagnostics.push(
                    skills::same_slug_warning(file, canonical, &first.name, first_file)
                        .at(line, column),
                );
            }
            return Some(i);
        }
        self.skills.push(Skill {
            name: aliases.canonical(name).to_string(),
            slug: key.clone(),
            copy: None,
            roles: Vec::new(),
            candidates: Vec::new(),
            named_in: file.to_path_buf(),
        });
        self.by_slug.insert(key, self.skills.len() - 1);
        Some(self.skills.len() - 1)
    }
}

/// The URLs the unloaded files of `content` would have had.
fn unloaded_urls(content: &Content) -> Vec<String> {
    content
        .unloaded
        .iter()
        .filter_map(|(file, slug)| {
            let stem = slug::slugify(file.file_stem()?.to_str()?);
            let stem = slug.clone().unwrap_or(stem);
            match file.parent()?.file_name()?.to_str()? {
                "roles" => Some(role_path(&stem)),
                "pages" => Some(format!("/{stem}/")),
                _ => None,
            }
        })
        .collect()
}

/// `/hire/<slug>/`
pub fn role_path(slug: &str) -> String {
    format!("/hire/{slug}/")
}

/// `/hire/<slug>-developers/`
pub fn skill_path(slug: &str) -> String {
    format!("/hire/{slug}-developers/")
}

/// The 1-based line of the `slug:` key in the front matter of `text`.
fn slug_line(text: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(1)
        .take_while(|(_, line)| line.trim_end() != "---")
        .find(|(_, line)| line.starts_with("slug:"))
        .map(|(i, _)| i + 1)
}
