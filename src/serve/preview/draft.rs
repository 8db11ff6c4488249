//! The page of an unsaved draft, for the editor: the draft's text is laid
//! over the loaded content and rendered by the pipeline that builds the
//! site, into memory, with nothing written and the preview's own state
//! untouched.
//!
//! A role's draft that keeps the links of its page (any edit but its URL,
//! skills or related roles) takes a quick path: [`Site::replace_roles`] on
//! a copy of the site (cheap: documents and indexes are shared), the
//! compiled templates reused, so a keystroke on a 10,000-role site costs
//! one page. Any other draft assembles the site again, as a rebuild would.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

use super::Preview;
use crate::content::{Content, Role};
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::files;
use crate::lint::{self, Anchors, Firsts};
use crate::output::{Emitter, Sink};
use crate::pipeline;
use crate::progress::Progress;
use crate::render::Renderer;
use crate::site::{PageKey, Site};
use crate::url::output_path;

/// Which page of a draft to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftPage {
    /// The page the file makes.
    Main,
    /// A role's interview-questions page.
    Questions,
}

/// What rendering a draft gave.
#[derive(Debug, Default)]
pub struct Draft {
    /// The page, as `serve` would answer it (without the reload script);
    /// `None` when the draft does not load or render.
    pub html: Option<Vec<u8>>,
    /// The page's site path (`/hire/backend-developers/`).
    pub url: Option<String>,
    /// Errors and warnings: the draft's own, and errors elsewhere that stop
    /// the site from building.
    pub diagnostics: Diagnostics,
}

impl Preview {
    /// Renders `text` as the content of `file` (relative to the site root).
    pub fn draft(&self, file: &Path, text: &str, page: DraftPage) -> Draft {
        let mut draft = Draft::default();
        let Some(setup) = &self.setup else {
            draft.diagnostics = self.snapshot.errors.clone();
            return draft;
        };
        // The draft alone first: the quick path needs no other document.
        // A translation is read over its original: it needs the others.
        let translation = crate::content::translation::split_language(file).is_some();
        let mut alone = if translation {
            self.content.clone()
        } else {
            Content {
                aliases: self.content.aliases.clone(),
                ..Content::default()
            }
        };
        if !alone.replace_text(file, text) {
            draft.diagnostics.push(
                Diagnostic::error("io", file, "this file is not a content file").with_hint(
                    "the editor edits roles, skills, pages and the home page under content/",
                ),
            );
            return draft;
        }
        if let Some(problems) = alone.problems.get(file) {
            draft.diagnostics.extend(problems.iter().cloned());
        }
        if draft.diagnostics.has_errors() {
            return draft;
        }

        // The quick path when the draft changes no link of its page (the
        // compiled templates stay right); otherwise the site as a rebuild
        // would assemble it, with templates compiled for it.
        let quick = self
            .built
            .as_ref()
            .filter(|_| !translation)
            .and_then(|built| {
                let mut site = built.site.clone();
                let files = [file.to_path_buf()];
                match site.replace_roles(&alone, &files, same_links) {
                    Ok(true) => Some(Ok((site, Cow::Borrowed(&built.statics), true))),
                    Ok(false) => None,
                    Err(errors) => Some(Err(errors)),
                }
            });
        let assembled = quick.unwrap_or_else(|| {
            let mut content = self.content.clone();
            content.replace_text(file, text);
            let site = Site::assemble(setup, &content)?;
            let statics = match &self.built {
                Some(built) => Cow::Borrowed(&built.statics),
                None => Cow::Owned(pipeline::statics(&site)?),
            };
            Ok((site, statics, false))
        });
        let (site, statics, patched) = match assembled {
            Ok(assembled) => assembled,
            Err(errors) => {
                draft.diagnostics.extend(errors);
                return draft;
            }
        };
        // What loading the site said about the draft (links, `related`).
        draft.diagnostics.extend(
            site.warnings
                .iter()
                .filter(|d| files::same(&d.file, file))
                .cloned(),
        );
        // A translation's page is in the site of its language.
        let Some((site, key)) = site
            .languages()
            .find_map(|s| page_of(s, file, page).map(|key| (s, key)))
        else {
            // A file that makes no page (skill copy of a skill no role
            // names): nothing to show, and no error.
            return draft;
        };
        let fresh;
        let renderer = match &self.built {
            Some(built) if patched => &built.renderer,
            _ => match Renderer::new(site, &statics) {
                Ok(renderer) => {
                    fresh = renderer;
                    &fresh
                }
                Err(errors) => {
                    draft.diagnostics.extend(errors);
                    return draft;
                }
            },
        };

        let memory = Mutex::new(Vec::new());
        let emitter = Emitter::new(Sink::Memory(&memory), false, &statics.hashed);
        let path = output_path(&site.path_of(key));
        let targets = HashSet::from([path.clone()]);
        match pipeline::render_pages(
            site,
            renderer,
            &statics,
            &[key],
            &emitter,
            &targets,
            &Progress::hidden(),
            pipeline::Sign::No,
        ) {
            Ok(rendered) => {
                let anchors = Anchors::new(rendered.anchors);
                draft.diagnostics.extend(rendered.warnings);
                let fresh;
                let firsts = match &self.built {
                    Some(built) if patched => built.firsts.get_or_init(|| Firsts::of(&built.site)),
                    _ => {
                        fresh = Firsts::of(site);
                        &fresh
                    }
                };
                draft
                    .diagnostics
                    .extend(lint::file(site, &anchors, file, firsts));
            }
            Err(errors) => {
                draft.diagnostics.extend(errors);
                return draft;
            }
        }
        let files = memory.into_inner().unwrap_or_else(|e| e.into_inner());
        draft.html = files
            .into_iter()
            .find(|(p, _)| *p == path)
            .map(|(_, kept)| kept.bytes().into_owned());
        draft.url = Some(site.base.url(&site.path_of(key)));
        draft.diagnostics.sort();
        draft
    }
}

/// Whether a draft of role `a` as `b` can be shown on a copy of the site
/// patched in place: it keeps the links of its page (URL, skills,
/// related roles, the skills its cards link to, the locations its cards
/// are in), its template and its draft state. A card's location decides
/// which pages in locations exist, and must be checked against the
/// locations, so changing one takes the whole site's path.
/// Unlike a save ([`same_outline`]), it may change what lists of roles
/// show of it (title, description, order): its own page lists other roles
/// only, and the other pages are rendered again when it is saved.
fn same_links(a: &Role, b: &Role) -> bool {
    let (x, y) = (&a.front, &b.front);
    (a.slug == b.slug && x.skills == y.skills)
        && (x.draft, &x.related, &x.template) == (y.draft, &y.related, &y.template)
        // Every skill a card names already has its page (cards may come
        // and go while they are being typed).
        && y.candidates
            .iter()
            .flat_map(|c| &c.skills)
            .all(|s| x.candidates.iter().any(|c| c.skills.contains(s)))
        && locations(x) == locations(y)
}

/// The candidates' locations of a role, as written, in order.
fn locations(front: &crate::content::model::RoleFront) -> Vec<&str> {
    let mut all: Vec<&str> = front
        .candidates
        .iter()
        .filter_map(|c| c.location.as_deref())
        .collect();
    all.sort_unstable();
    all
}

/// The page `file` makes in `site`.
fn page_of(site: &Site, file: &Path, page: DraftPage) -> Option<PageKey> {
    if let Some(i) = site.roles.iter().position(|r| files::same(&r.file, file)) {
        let questions = !site.roles[i].front.interview_questions.is_empty();
        return Some(match page {
            DraftPage::Questions if questions => PageKey::InterviewQuestions(i),
            _ => PageKey::Role(i),
        });
    }
    if let Some(i) = site
        .skills
        .iter()
        .position(|s| s.copy.as_ref().is_some_and(|c| files::same(&c.file, file)))
    {
        return Some(PageKey::Skill(i));
    }
    if let Some(i) = site.pages.iter().position(|p| files::same(&p.file, file)) {
        return Some(PageKey::Page(i));
    }
    if let Some(i) = site
        .locations
        .iter()
        .position(|l| files::same(&l.doc.file, file))
    {
        return Some(PageKey::Location(i));
    }
    if let Some(i) = site
        .local_pages
        .iter()
        .position(|p| p.copy.as_ref().is_some_and(|c| files::same(&c.file, file)))
    {
        return Some(PageKey::LocalPage(i));
    }
    site.home
        .as_ref()
        .is_some_and(|h| files::same(&h.file, file))
        .then_some(PageKey::Home)
}

/// A content file, as the editor lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Relative to the site root.
    pub path: String,
    /// `role`, `skill`, `page`, `home`, `location` or `combination`.
    pub kind: &'static str,
    /// Its title, or its file name when it has none or does not load.
    pub title: String,
    /// The URL of its page on the preview server, if it makes one.
    pub url: Option<String>,
    /// `draft: true`.
    pub draft: bool,
}

impl Listed {
    /// The entry of `file`, with its page's URL from `urls` if it has one.
    fn new(
        file: &Path,
        kind: &'static str,
        title: &str,
        draft: bool,
        urls: &std::collections::HashMap<std::path::PathBuf, String>,
    ) -> Listed {
        Listed {
            path: display_path(file),
            kind,
            title: title.to_string(),
            url: urls.get(file).cloned(),
            draft,
        }
    }
}

/// What the editor's form offers to choose from.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Every skill the site names, by display name.
    pub skills: Vec<String>,
    /// Alternative spelling -> skill name, from `content/_data/skills.yaml`.
    pub aliases: Vec<(String, String)>,
    /// Every role, as (slug, title).
    pub roles: Vec<(String, String)>,
    /// Every location, by name.
    pub locations: Vec<String>,
    /// The theme's page templates (`role.html`…), for `template`.
    pub templates: Vec<String>,
}

impl Preview {
    /// Every content file, home first, then roles, skills, pages,
    /// locations and the copy of pages in locations, in file order; files that do not load are listed too (they are what
    /// needs editing most).
    pub fn listing(&self) -> Vec<Listed> {
        let urls: std::collections::HashMap<std::path::PathBuf, String> =
            self.built.as_ref().map_or_else(Default::default, |built| {
                let site = &built.site;
                // The pages made from a file (a skill page without copy
                // is "made" from the role that names it first: not that).
                let made_from_file = |key: &PageKey| match key {
                    PageKey::Home | PageKey::Role(_) | PageKey::Page(_) | PageKey::Location(_) => {
                        true
                    }
                    PageKey::Skill(i) => site.skills[*i].copy.is_some(),
                    PageKey::LocalPage(i) => site.local_pages[*i].copy.is_some(),
                    _ => false,
                };
                // Translations are listed with the pages of their language.
                site.languages()
                    .flat_map(|site| {
                        site.page_keys()
                            .filter(made_from_file)
                            .map(|k| (site.source_of(k), site.base.url(&site.path_of(k))))
                    })
                    .collect()
            });
        let mut listed: Vec<Listed> = Vec::new();
        for content in std::iter::once(&self.content).chain(self.content.languages.values()) {
            self.list_content(content, &urls, &mut listed);
        }
        // Files that did not load, each once (a set: thousands may fail).
        let content = &self.content;
        let entry =
            |file: &Path, kind, title: &str, draft| Listed::new(file, kind, title, draft, &urls);
        let mut listed_paths: HashSet<String> = listed.iter().map(|l| l.path.clone()).collect();
        for file in content.problems.keys().chain(content.unloaded.keys()) {
            let path = display_path(file);
            let Some(kind) = kind_of(&path) else { continue };
            if listed_paths.insert(path) {
                let name = file.file_stem().unwrap_or_default().to_string_lossy();
                listed.push(entry(file, kind, &name, false));
            }
        }
        let rank = |kind: &str| {
            ["home", "role", "skill", "page", "location", "combination"]
                .iter()
                .position(|k| *k == kind)
        };
        listed.sort_by(|a, b| (rank(a.kind), &a.path).cmp(&(rank(b.kind), &b.path)));
        listed
    }

    /// Adds the documents of `content` (one language's) to `listed`.
    fn list_content(
        &self,
        content: &Content,
        urls: &std::collections::HashMap<std::path::PathBuf, String>,
        listed: &mut Vec<Listed>,
    ) {
        let entry =
            |file: &Path, kind, title: &str, draft| Listed::new(file, kind, title, draft, urls);
        listed.extend(
            content
                .home
                .iter()
                .map(|h| entry(&h.file, "home", &h.front.title, false)),
        );
        listed.extend(
            content
                .roles
                .values()
                .map(|r| entry(&r.file, "role", &r.front.title, r.front.draft)),
        );
        listed.extend(content.skills.values().map(|s| {
            let title = s.front.title.as_deref().unwrap_or(&s.slug);
            entry(&s.file, "skill", title, s.front.draft)
        }));
        listed.extend(
            content
                .pages
                .values()
                .map(|p| entry(&p.file, "page", &p.front.title, p.front.draft)),
        );
        listed.extend(content.locations.values().map(|l| {
            let title = l.front.title.as_deref().unwrap_or(&l.front.name);
            entry(&l.file, "location", title, l.front.draft)
        }));
        listed.extend(content.combinations.values().map(|c| {
            // Untitled copy is named by its place: `mexico/backend-developers`.
            let place = || {
                let path = c.file.with_extension("");
                let path = path.strip_prefix("content/locations").unwrap_or(&path);
                display_path(path)
            };
            let title = c.front.title.clone().unwrap_or_else(place);
            entry(&c.file, "combination", &title, false)
        }));
    }

    /// The skills, roles and templates the form offers.
    pub fn choices(&self) -> Choices {
        let mut choices = Choices::default();
        if let Some(built) = &self.built {
            let site = &built.site;
            choices.skills = site.skills.iter().map(|s| s.name.clone()).collect();
            choices.templates = site
                .theme
                .template_names()
                .filter(|n| !n.starts_with("partials/") && !n.starts_with("macros/"))
                .map(str::to_string)
                .collect();
        }
        choices.roles = self
            .content
            .roles
            .values()
            .map(|r| (r.slug.clone(), r.front.title.clone()))
            .collect();
        choices.locations = self
            .content
            .locations
            .values()
            .map(|l| l.front.name.clone())
            .collect();
        if let Some(serde_yaml::Value::Mapping(aliases)) = self
            .content
            .data
            .get(crate::content::skills::SKILLS_DATA)
            .and_then(|d| d.get("aliases"))
        {
            choices.aliases = aliases
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                .collect();
        }
        choices
    }
}

/// The kind of content file a path names (`content/roles/x.md` -> `role`).
pub fn kind_of(path: &str) -> Option<&'static str> {
    use crate::cms::fields::Doc;
    match Doc::of_path(path)? {
        Doc::Content(kind) => Some(kind.name()),
        _ => None,
    }
}
