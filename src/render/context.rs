//! What templates see: `site`, `page`, `roles`, `skills` and `data`.
//!
//! Views borrow from the [`Site`] and are turned into Tera values. The
//! lists every page shares (`site`, `roles`, `skills`, `data`) are built
//! once and put in Tera's global context, where each page reads them by
//! reference: a role page that lists all roles costs nothing per page to
//! set up, so a 10,000-role build stays linear.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tera::Value;
use tera::value::Key;

use crate::content::Document;
use crate::content::model::{
    CallToAction, Candidate, Date, Extra, Fact, Hero, Question, Testimonial,
};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, RenderOptions, Rendered, TocEntry};
use crate::site::{LocalPage, PageKey, Site, Skill, Subject};
use crate::timezone::{self, TimezoneView};

use super::functions::Links;

/// `site` in templates.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    /// The absolute URL of the home page, ending in `/`.
    base_url: String,
    /// The path every URL starts with: `/`, or `/preview/pr-42/`.
    base_path: &'a str,
    theme: &'a str,
    language: &'a str,
    description: Option<&'a str>,
    cta: Option<&'a CallToAction>,
    interview_questions_preview: usize,
    extra: &'a Extra,
}

/// One entry of `roles`: what lists of roles show. Comparing two of them
/// tells whether an edit of a role changes any list ([`RoleSummary::of`]).
#[derive(Serialize, PartialEq)]
pub struct RoleSummary<'a> {
    title: &'a str,
    role: &'a str,
    slug: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    skills: Vec<&'a str>,
    weight: Option<i64>,
    candidate_count: usize,
    interview_question_count: usize,
    extra: &'a Extra,
}

impl<'a> RoleSummary<'a> {
    /// What lists show of `role`, from the role alone: the URL follows
    /// from the slug and is left empty, skills are as written (already
    /// through the aliases). Equal for two versions of a role exactly when
    /// no list shows a difference.
    pub fn of(role: &'a crate::content::Role) -> Self {
        let f = &role.front;
        RoleSummary {
            title: &f.title,
            role: &f.role,
            slug: &role.slug,
            description: &f.description,
            url: String::new(),
            permalink: String::new(),
            skills: f.skills.iter().map(String::as_str).collect(),
            weight: f.weight,
            candidate_count: f.candidates.len(),
            interview_question_count: f.interview_questions.len(),
            extra: &f.extra,
        }
    }
}

/// One entry of `skills`.
#[derive(Serialize)]
struct SkillSummary<'a> {
    name: &'a str,
    slug: &'a str,
    title: String,
    url: String,
    permalink: String,
    role_count: usize,
    candidate_count: usize,
    weight: Option<i64>,
}

/// One entry of `locations`: what lists of locations show.
#[derive(Serialize, PartialEq)]
pub struct LocationSummary<'a> {
    name: &'a str,
    slug: &'a str,
    title: String,
    description: &'a str,
    url: String,
    permalink: String,
    candidate_count: usize,
    weight: Option<i64>,
}

/// A link to a page in a location (on role, skill and hub pages).
#[derive(Serialize)]
struct LocalLink<'a> {
    /// The location's name ("Mexico").
    location: &'a str,
    /// The role's plural or the skill's name ("Backend Developers", "Python").
    subject: String,
    title: String,
    url: String,
    candidate_count: usize,
}

/// A role with candidates in a location, on its hub.
#[derive(Serialize)]
struct HubRole<'a> {
    title: &'a str,
    role: &'a str,
    /// The role's page in the location when it has one, else the role page.
    url: String,
    /// Whether `url` is the role's page in the location.
    local: bool,
    candidate_count: usize,
}

/// The top of a page, with defaults filled in: the heading falls back to
/// the page title and the button to `site.cta`.
#[derive(Serialize)]
struct HeroView<'a> {
    heading: String,
    subheading: Option<&'a str>,
    cta: Option<&'a CallToAction>,
    /// The picture's path as written, for `image(path=…, preset="hero")`.
    image: Option<&'a str>,
    image_alt: Option<&'a str>,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    question: &'a str,
    /// The answer as written (Markdown).
    answer: &'a str,
    /// The answer as HTML; print it with `| safe`.
    answer_html: String,
}

#[derive(Serialize)]
struct CandidateView<'a> {
    name: &'a str,
    title: &'a str,
    experience: Option<&'a str>,
    badge: Option<&'a str>,
    employment: Option<&'a str>,
    highlights: &'a [String],
    skills: Vec<&'a str>,
    /// Published URL of the photo.
    photo: Option<String>,
    /// The photo's path as written, for `image(path=c.photo_path, preset="avatar")`.
    photo_path: Option<&'a str>,
    /// On skill pages: the role whose page shows this candidate.
    role: Option<RoleLink<'a>>,
}

#[derive(Serialize)]
struct RoleLink<'a> {
    title: &'a str,
    role: &'a str,
    slug: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Breadcrumb {
    title: String,
    url: String,
    permalink: String,
}

/// `page` in templates: the fields every page has, then its own.
#[derive(Serialize)]
struct PageView<'a, F: Serialize> {
    /// `home`, `directory`, `role`, `interview_questions`, `skill`, `page` or `404`.
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    permalink: String,
    /// The Markdown body as HTML; print it with `| safe`.
    content: &'a str,
    toc: &'a [TocEntry],
    breadcrumbs: Vec<Breadcrumb>,
    lastmod: Option<&'a str>,
    #[serde(flatten)]
    languages: LanguagesView,
    #[serde(flatten)]
    fields: F,
}

/// What every page knows of the languages of the site (issue 17).
#[derive(Serialize)]
struct LanguagesView {
    /// The page's language (`en`, `es`): `<html lang>`.
    lang: String,
    /// `og:locale`: `es_ES`-style, from the language code.
    locale: String,
    /// The page in each language it exists in, itself included, the
    /// default first; empty when it exists in one language only. Each is
    /// an `hreflang` alternate; the first is also `x-default`.
    alternates: Vec<LanguageLink>,
    /// The language switcher: every language of the site, leading to
    /// this page in it, or to its home page where the page does not exist.
    languages: Vec<LanguageLink>,
}

#[derive(Serialize)]
struct LanguageLink {
    lang: String,
    /// The language's name, in itself (`Español`).
    name: String,
    url: String,
    permalink: String,
    /// The page shown.
    current: bool,
    /// This very page exists in the language (otherwise the link leads
    /// to that language's home page).
    exists: bool,
}

#[derive(Serialize)]
struct RoleFields<'a> {
    role: &'a str,
    slug: &'a str,
    hero: HeroView<'a>,
    skills: Vec<&'a str>,
    candidates: Vec<CandidateView<'a>>,
    interview_questions: Vec<QuestionView<'a>>,
    /// The page with all questions, when there are any.
    interview_questions_url: Option<String>,
    faq: Vec<QuestionView<'a>>,
    testimonial: Option<&'a Testimonial>,
    related: Vec<RoleSummary<'a>>,
    /// Its pages in locations.
    locations: Vec<LocalLink<'a>>,
    weight: Option<i64>,
    draft: bool,
    date: Option<&'a Date>,
    updated: Option<&'a Date>,
    template: Option<&'a str>,
    extra: &'a Extra,
    /// The role page (on its interview-questions page, the way back).
    role_url: String,
}

/// The fields of a page built apart (a role's, shared by its two pages).
#[derive(Serialize)]
struct NoFields {}

#[derive(Serialize)]
struct SkillFields<'a> {
    name: &'a str,
    slug: &'a str,
    hero: HeroView<'a>,
    interview_questions: Vec<QuestionView<'a>>,
    faq: Vec<QuestionView<'a>>,
    /// The first candidates with the skill, up to [`SKILL_LIST`]: a
    /// popular skill of a large site has thousands.
    candidates: Vec<CandidateView<'a>>,
    candidate_count: usize,
    /// The first roles that need it, up to [`SKILL_LIST`].
    roles: Vec<RoleSummary<'a>>,
    role_count: usize,
    /// Its pages in locations.
    locations: Vec<LocalLink<'a>>,
    weight: Option<i64>,
    extra: Option<&'a Extra>,
}

/// A location's hub page.
#[derive(Serialize)]
struct LocationFields<'a> {
    name: &'a str,
    slug: &'a str,
    hero: HeroView<'a>,
    timezone: Option<TimezoneView>,
    facts: &'a [Fact],
    faq: Vec<QuestionView<'a>>,
    /// The first candidates who live there, each with their role.
    candidates: Vec<CandidateView<'a>>,
    candidate_count: usize,
    /// The roles with candidates there, in list order: those with a page
    /// in the location, and the first others up to [`HUB_ROLES`] in all.
    roles: Vec<HubRole<'a>>,
    /// How many roles have candidates there.
    role_count: usize,
    /// Its skill pages.
    skills: Vec<LocalLink<'a>>,
    weight: Option<i64>,
    extra: &'a Extra,
}

/// What a page in a location shows of the location.
#[derive(Serialize)]
struct LocationLink<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    description: &'a str,
    timezone: Option<TimezoneView>,
    facts: &'a [Fact],
}

/// A role's or a skill's page in one location.
#[derive(Serialize)]
struct LocalFields<'a> {
    /// `role` or `skill`.
    subject_kind: &'static str,
    /// "Backend Developers" or "Python".
    name: String,
    location: LocationLink<'a>,
    hero: HeroView<'a>,
    candidates: Vec<CandidateView<'a>>,
    candidate_count: usize,
    faq: Vec<QuestionView<'a>>,
    /// The role (on a role's page).
    role: Option<RoleSummary<'a>>,
    /// The skill's page (on a skill's page).
    skill_url: Option<String>,
    /// The skills of the role, or the roles of the candidates with the skill.
    skills: Vec<&'a str>,
    /// The same role or skill in the other locations where it has a page.
    elsewhere: Vec<LocalLink<'a>>,
    /// The other role and skill pages of this location.
    nearby: Vec<LocalLink<'a>>,
    extra: Option<&'a Extra>,
}

/// A directory page's own field: `page.paginator`.
#[derive(Serialize)]
struct DirectoryFields<'a> {
    paginator: Paginator<'a>,
}

/// Where a directory page is among the others, and its roles.
#[derive(Serialize)]
struct Paginator<'a> {
    /// This page's number, from 1.
    number: usize,
    /// How many pages the directory has.
    count: usize,
    /// How many roles the site has.
    total: usize,
    /// The positions (from 1) of the first and last roles on this page.
    first: usize,
    last: usize,
    /// This page's roles, entries like those of `roles`.
    roles: Vec<RoleSummary<'a>>,
    prev_url: Option<String>,
    next_url: Option<String>,
    /// The pages to link to: the first, the last and those near this one;
    /// `null` stands for pages left out.
    pages: Vec<Option<PageLink>>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct PlainFields<'a> {
    slug: Option<&'a str>,
    hero: Option<HeroView<'a>>,
    template: Option<&'a str>,
    extra: Option<&'a Extra>,
}

/// Builds the views of one site, for one rendering pass.
///
/// A role's fields are shown by two pages (the role and its questions),
/// so they are turned into a template value once, shared, and dropped when
/// both pages have them.
pub struct Views<'s> {
    site: &'s Site,
    links: &'s Links,
    roles: Vec<Mutex<Shared>>,
}

/// A role's fields, kept until the pages that show them have them.
struct Shared {
    value: Option<Value>,
    uses_left: u8,
}

impl<'s> Views<'s> {
    /// Views of `site`, resolving asset URLs through `links`.
    pub fn new(site: &'s Site, links: &'s Links) -> Self {
        Views {
            site,
            links,
            roles: site
                .roles
                .iter()
                .map(|r| {
                    let pages = 1 + u8::from(!r.front.interview_questions.is_empty());
                    Mutex::new(Shared {
                        value: None,
                        uses_left: pages,
                    })
                })
                .collect(),
        }
    }

    /// How Markdown is rendered on this site's pages (the base path of links).
    fn markdown(&self) -> RenderOptions<'s> {
        RenderOptions {
            base_path: &self.site.base.path,
        }
    }

    /// The body of `doc` as HTML, rendered now; nothing for no document.
    fn body_of<F>(&self, doc: Option<&Document<F>>) -> Result<Rendered, Diagnostic> {
        match doc {
            Some(doc) => doc.render_body(&self.site.root, &self.markdown()),
            None => Ok(Rendered::default()),
        }
    }

    /// Questions with their answers rendered.
    fn questions_of<'q>(&self, questions: &'q [Question]) -> Vec<QuestionView<'q>> {
        let options = self.markdown();
        questions
            .iter()
            .map(|q| QuestionView {
                question: &q.question,
                answer: &q.answer,
                answer_html: markdown::render(&q.answer, &options).html,
            })
            .collect()
    }

    fn url(&self, key: PageKey) -> (String, String) {
        let path = self.site.path_of(key);
        (self.site.base.url(&path), self.site.base.permalink(&path))
    }

    /// The site these are views of.
    pub fn site(&self) -> &'s Site {
        self.site
    }

    /// `site`.
    pub fn site_global(&self) -> Value {
        let c = &self.site.config;
        Value::from_serializable(&SiteView {
            title: &c.title,
            base_url: self.site.base.permalink("/"),
            base_path: &self.site.base.path,
            theme: &c.theme,
            language: &c.language,
            description: c.description.as_deref(),
            cta: c.cta.as_ref(),
            interview_questions_preview: c.interview_questions_preview,
            extra: &c.extra,
        })
    }

    /// `roles`: every published role, in list order.
    pub fn roles_global(&self) -> Value {
        let list: Vec<RoleSummary<'_>> = (0..self.site.roles.len())
            .map(|i| self.role_summary(i))
            .collect();
        Value::from_serializable(&list)
    }

    /// `skills`: every skill, in list order.
    pub fn skills_global(&self) -> Value {
        let list: Vec<SkillSummary<'_>> = self
            .site
            .skills
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (url, permalink) = self.url(PageKey::Skill(i));
                SkillSummary {
                    name: &s.name,
                    slug: &s.slug,
                    title: skill_title(self.site, s),
                    url,
                    permalink,
                    role_count: s.roles.len(),
                    candidate_count: s.candidates.len(),
                    weight: s.copy.as_ref().and_then(|c| c.front.weight),
                }
            })
            .collect();
        Value::from_serializable(&list)
    }

    /// `locations`: every published location, in list order.
    pub fn locations_global(&self) -> Value {
        Value::from_serializable(&location_summaries(self.site))
    }

    /// A link to local page `pi`.
    fn local_link(&self, pi: usize) -> LocalLink<'s> {
        let site = self.site;
        let page = &site.local_pages[pi];
        LocalLink {
            location: site.locations[page.location].name(),
            subject: subject_name(site, page),
            title: local_title(site, page),
            url: self.url(PageKey::LocalPage(pi)).0,
            candidate_count: page.candidates.len(),
        }
    }

    /// `data`: each `content/_data/<stem>.yaml` under its stem.
    pub fn data_global(&self) -> Value {
        Value::from_serializable(&self.site.data)
    }

    fn role_summary(&self, i: usize) -> RoleSummary<'s> {
        let r = &self.site.roles[i];
        let (url, permalink) = self.url(PageKey::Role(i));
        RoleSummary {
            url,
            permalink,
            skills: self.skill_names(&r.front.skills),
            ..RoleSummary::of(r)
        }
    }

    /// Skill names as their pages spell them (`golang` -> `Go`).
    fn skill_names(&self, names: &'s [String]) -> Vec<&'s str> {
        names.iter().map(|n| self.site.skill_name(n)).collect()
    }

    fn hero(&self, hero: Option<&'s Hero>, title: &str) -> HeroView<'s> {
        HeroView {
            heading: hero
                .and_then(|h| h.heading.clone())
                .unwrap_or_else(|| title.to_string()),
            subheading: hero.and_then(|h| h.subheading.as_deref()),
            cta: hero
                .and_then(|h| h.cta.as_ref())
                .or(self.site.config.cta.as_ref()),
            image: hero.and_then(|h| h.image.as_deref()),
            image_alt: hero.and_then(|h| h.image_alt.as_deref()),
        }
    }

    fn candidate(&self, c: &'s Candidate, role: Option<usize>) -> CandidateView<'s> {
        CandidateView {
            name: &c.name,
            title: &c.title,
            experience: c.experience.as_deref(),
            badge: c.badge.as_deref(),
            employment: c.employment.as_deref(),
            highlights: &c.highlights,
            skills: self.skill_names(&c.skills),
            photo: c
                .photo
                .as_deref()
                .map(|p| self.links.asset(p).unwrap_or_else(|_| self.links.url(p))),
            photo_path: c.photo.as_deref(),
            role: role.map(|i| {
                let r = &self.site.roles[i];
                RoleLink {
                    title: &r.front.title,
                    role: &r.front.role,
                    slug: &r.slug,
                    url: self.url(PageKey::Role(i)).0,
                }
            }),
        }
    }

    /// The languages of page `key`: its own, its alternates and the
    /// switcher's links.
    fn languages(&self, key: PageKey) -> LanguagesView {
        let site = self.site;
        let own = site.config.language.as_str();
        let strings = self.links.strings();
        let name = |code: &str| {
            strings
                .text(code, "language_name", None, &[])
                .unwrap_or_else(|| code.to_string())
        };
        let link = |code: &str, path: &str, exists: bool| LanguageLink {
            lang: code.to_string(),
            name: name(code),
            url: site.base.url(path),
            permalink: site.base.permalink(path),
            current: code == own,
            exists,
        };
        let present = site.translations_of(key);
        let alternates: Vec<LanguageLink> = present
            .iter()
            .map(|(code, path)| link(code, path, true))
            .collect();
        let codes: Vec<&str> = site.config.language_codes().collect();
        let languages = if codes.len() < 2 && site.default_language == own {
            Vec::new()
        } else {
            let default = site.default_language.as_str();
            std::iter::once(default)
                .chain(
                    site.config
                        .languages
                        .keys()
                        .map(String::as_str)
                        .filter(|c| *c != default),
                )
                .chain((own != default && !site.config.languages.contains_key(own)).then_some(own))
                .map(|code| match present.iter().find(|(c, _)| c == code) {
                    Some((_, path)) => link(code, path, true),
                    None if code == own => link(code, &site.path_of(key), true),
                    None if code == default => link(code, "/", false),
                    None => link(code, &format!("/{code}/"), false),
                })
                .collect()
        };
        LanguagesView {
            lang: own.to_string(),
            locale: own.replace('-', "_"),
            alternates,
            languages,
        }
    }

    fn breadcrumbs(&self, trail: &[(String, PageKey)]) -> Vec<Breadcrumb> {
        let mut crumbs = vec![(self.links.t("breadcrumb_home", &[]), PageKey::Home)];
        if !matches!(trail.first(), Some((_, PageKey::Home))) {
            crumbs.extend(trail.iter().cloned());
        }
        crumbs
            .into_iter()
            .map(|(title, key)| {
                let (url, permalink) = self.url(key);
                Breadcrumb {
                    title,
                    url,
                    permalink,
                }
            })
            .collect()
    }

    /// The fields of role `i`, made on first use and forgotten after its
    /// last page.
    fn shared_role_fields(&self, i: usize) -> Value {
        // A panic while the lock is held leaves the slot valid.
        let mut slot = self.roles[i].lock().unwrap_or_else(|e| e.into_inner());
        let value = match &slot.value {
            Some(value) => value.clone(),
            None => self.role_fields(i),
        };
        slot.uses_left = slot.uses_left.saturating_sub(1);
        slot.value = (slot.uses_left > 0).then(|| value.clone());
        value
    }

    /// The fields a role's two pages share, with
    /// `interview_questions_preview` (the first questions) made from the
    /// same values as `interview_questions`.
    fn role_fields(&self, i: usize) -> Value {
        let site = self.site;
        let r = &site.roles[i];
        let f = &r.front;
        let fields = RoleFields {
            role: &f.role,
            slug: &r.slug,
            hero: self.hero(f.hero.as_ref(), &f.title),
            skills: self.skill_names(&f.skills),
            candidates: f
                .candidates
                .iter()
                .map(|c| self.candidate(c, None))
                .collect(),
            interview_questions: self.questions_of(&f.interview_questions),
            interview_questions_url: (!f.interview_questions.is_empty())
                .then(|| self.url(PageKey::InterviewQuestions(i)).0),
            faq: self.questions_of(&f.faq),
            testimonial: f.testimonial.as_ref(),
            related: site.related[i]
                .iter()
                .map(|&j| self.role_summary(j))
                .collect(),
            locations: site.role_pages_in[i]
                .iter()
                .map(|&p| self.local_link(p))
                .collect(),
            weight: f.weight,
            draft: f.draft,
            date: f.date.as_ref(),
            updated: f.updated.as_ref(),
            template: f.template.as_deref(),
            extra: &f.extra,
            role_url: self.url(PageKey::Role(i)).0,
        };
        let mut map = Value::from_serializable(&fields)
            .into_map()
            .unwrap_or_default();
        let preview: Vec<Value> = map
            .get(&Key::from("interview_questions"))
            .and_then(Value::as_array)
            .map(|all| {
                all.iter()
                    .take(site.config.interview_questions_preview)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        map.insert(
            Key::from("interview_questions_preview"),
            Value::from(preview),
        );
        Value::from(map)
    }

    /// `page` for one page of the site; an error if the file it is made
    /// from cannot be read again as it was loaded.
    pub fn page(&self, key: PageKey) -> Result<Value, Diagnostic> {
        let (url, permalink) = self.url(key);
        match key {
            PageKey::Role(i) | PageKey::InterviewQuestions(i) => {
                self.role_page(key, i, url, permalink)
            }
            PageKey::Skill(i) => self.skill_page(key, i, url, permalink),
            PageKey::Page(i) => self.plain_page(key, i, url, permalink),
            PageKey::Location(i) => self.location_page(key, i, url, permalink),
            PageKey::LocalPage(i) => self.local_page(key, i, url, permalink),
            PageKey::Home => self.home_page(url, permalink),
            PageKey::Directory(n) => Ok(self.directory_page(n, url, permalink)),
            PageKey::NotFound => Ok(self.not_found_page(url, permalink)),
        }
    }

    /// A role page, or its interview-questions page.
    fn role_page(
        &self,
        key: PageKey,
        i: usize,
        url: String,
        permalink: String,
    ) -> Result<Value, Diagnostic> {
        let site = self.site;
        let directory = (
            self.links.t("breadcrumb_directory", &[]),
            PageKey::Directory(0),
        );
        let r = &site.roles[i];
        let f = &r.front;
        let role_page = matches!(key, PageKey::Role(_));
        let mut trail = vec![directory, (f.title.clone(), PageKey::Role(i))];
        let (kind, title, description) = if role_page {
            ("role", f.title.clone(), f.description.clone())
        } else {
            trail.push((self.links.t("interview_questions", &[]), key));
            let role = || ("role", f.role.clone());
            let count = ("n", f.interview_questions.len().to_string());
            (
                "interview_questions",
                self.links.t("questions_title", &[role()]),
                self.links.t("questions_description", &[count, role()]),
            )
        };
        let body = if role_page {
            self.body_of(Some(r))?
        } else {
            Rendered::default()
        };
        let base = to_value(PageView {
            kind,
            title,
            description,
            url,
            permalink,
            content: &body.html,
            toc: &body.toc,
            breadcrumbs: self.breadcrumbs(&trail),
            lastmod: site.lastmod([r]),
            languages: self.languages(key),
            fields: NoFields {},
        });
        let fields = self.shared_role_fields(i);
        let mut map = base.into_map().unwrap_or_default();
        if let Some(fields) = fields.as_map() {
            map.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Ok(Value::from(map))
    }

    /// A skill page.
    fn skill_page(
        &self,
        key: PageKey,
        i: usize,
        url: String,
        permalink: String,
    ) -> Result<Value, Diagnostic> {
        let site = self.site;
        let directory = (
            self.links.t("breadcrumb_directory", &[]),
            PageKey::Directory(0),
        );
        let s = &site.skills[i];
        let copy = s.copy.as_ref();
        let title = skill_title(self.site, s);
        let description = copy
            .and_then(|c| c.front.description.clone())
            .unwrap_or_else(|| default_skill_description(site, s));
        let front = copy.map(|c| &c.front);
        let hero = self.hero(front.and_then(|f| f.hero.as_ref()), &title);
        let fields = SkillFields {
            name: &s.name,
            slug: &s.slug,
            hero,
            interview_questions: copy
                .map(|c| self.questions_of(&c.front.interview_questions))
                .unwrap_or_default(),
            faq: copy
                .map(|c| self.questions_of(&c.front.faq))
                .unwrap_or_default(),
            candidates: s
                .candidates
                .iter()
                .take(SKILL_LIST)
                .map(|&(ri, ci)| self.candidate(&site.roles[ri].front.candidates[ci], Some(ri)))
                .collect(),
            candidate_count: s.candidates.len(),
            roles: s
                .roles
                .iter()
                .take(SKILL_LIST)
                .map(|&ri| self.role_summary(ri))
                .collect(),
            role_count: s.roles.len(),
            locations: site.skill_pages_in[i]
                .iter()
                .map(|&p| self.local_link(p))
                .collect(),
            weight: front.and_then(|f| f.weight),
            extra: front.map(|f| &f.extra),
        };
        let body = self.body_of(copy.map(Arc::as_ref))?;
        Ok(to_value(PageView {
            kind: "skill",
            breadcrumbs: self.breadcrumbs(&[directory, (title.clone(), key)]),
            title,
            description,
            url,
            permalink,
            content: &body.html,
            toc: &body.toc,
            lastmod: site.lastmod(s.roles.iter().map(|&ri| &site.roles[ri])),
            languages: self.languages(key),
            fields,
        }))
    }

    /// A location's hub page.
    fn location_page(
        &self,
        key: PageKey,
        i: usize,
        url: String,
        permalink: String,
    ) -> Result<Value, Diagnostic> {
        let site = self.site;
        let directory = (
            self.links.t("breadcrumb_directory", &[]),
            PageKey::Directory(0),
        );
        let location = &site.locations[i];
        let doc = &location.doc;
        let f = &doc.front;
        let title = location_title(site, doc);
        // The roles with candidates there, each linked to its page in the
        // location where it has one. A hub lists the roles with a page
        // there and others up to HUB_ROLES in all, so that it stays
        // bounded as the site grows.
        let local_of: HashMap<usize, usize> = location
            .pages
            .iter()
            .filter_map(|&p| match site.local_pages[p].subject {
                Subject::Role(ri) => Some((ri, p)),
                Subject::Skill(_) => None,
            })
            .collect();
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for &(ri, _) in &location.candidates {
            match counts.last_mut() {
                Some((last, n)) if *last == ri => *n += 1,
                _ => counts.push((ri, 1)),
            }
        }
        let role_count = counts.len();
        let mut room = HUB_ROLES.saturating_sub(local_of.len());
        counts.retain(|(ri, _)| {
            local_of.contains_key(ri) || {
                let keep = room > 0;
                room = room.saturating_sub(1);
                keep
            }
        });
        let roles: Vec<HubRole<'s>> = counts
            .into_iter()
            .map(|(ri, candidate_count)| {
                let role = &site.roles[ri];
                let local = local_of.get(&ri);
                HubRole {
                    title: &role.front.title,
                    role: &role.front.role,
                    url: match local {
                        Some(&p) => self.url(PageKey::LocalPage(p)).0,
                        None => self.url(PageKey::Role(ri)).0,
                    },
                    local: local.is_some(),
                    candidate_count,
                }
            })
            .collect();
        let skills = location
            .pages
            .iter()
            .filter(|&&p| matches!(site.local_pages[p].subject, Subject::Skill(_)))
            .map(|&p| self.local_link(p))
            .collect();
        let fields = LocationFields {
            name: &f.name,
            slug: &doc.slug,
            hero: self.hero(f.hero.as_ref(), &title),
            timezone: f.timezone.as_deref().and_then(timezone::view),
            facts: &f.facts,
            faq: self.questions_of(&f.faq),
            candidates: self.cards_of(&location.candidates),
            candidate_count: location.candidates.len(),
            roles,
            role_count,
            skills,
            weight: f.weight,
            extra: &f.extra,
        };
        let body = self.body_of(Some(doc))?;
        Ok(to_value(PageView {
            kind: "location",
            breadcrumbs: self.breadcrumbs(&[directory, (f.name.clone(), key)]),
            title,
            description: f.description.clone(),
            url,
            permalink,
            content: &body.html,
            toc: &body.toc,
            lastmod: site.lastmod_of(&location.candidates),
            languages: self.languages(key),
            fields,
        }))
    }

    /// The first cards of `(role, candidate)` pairs, each with its role.
    fn cards_of(&self, list: &[(usize, usize)]) -> Vec<CandidateView<'s>> {
        let roles = &self.site.roles;
        list.iter()
            .take(HUB_CANDIDATES)
            .map(|&(ri, ci)| self.candidate(&roles[ri].front.candidates[ci], Some(ri)))
            .collect()
    }

    /// A role's or a skill's page in one location.
    fn local_page(
        &self,
        key: PageKey,
        i: usize,
        url: String,
        permalink: String,
    ) -> Result<Value, Diagnostic> {
        let site = self.site;
        let page = &site.local_pages[i];
        let location = &site.locations[page.location];
        let loc = &location.doc.front;
        let copy = page.copy.as_ref();
        let title = local_title(site, page);
        let description = copy
            .and_then(|c| c.front.description.clone())
            .unwrap_or_else(|| default_local_description(site, page));
        let (subject_kind, role, skill_url, skills, siblings) = match page.subject {
            Subject::Role(ri) => (
                "role",
                Some(self.role_summary(ri)),
                None,
                self.skill_names(&site.roles[ri].front.skills),
                &site.role_pages_in[ri],
            ),
            Subject::Skill(si) => {
                let mut roles: Vec<&str> = Vec::new();
                for &(ri, _) in &page.candidates {
                    let title = site.roles[ri].front.title.as_str();
                    if roles.last() != Some(&title) {
                        roles.push(title);
                    }
                }
                (
                    "skill",
                    None,
                    Some(self.url(PageKey::Skill(si)).0),
                    roles,
                    &site.skill_pages_in[si],
                )
            }
        };
        let fields = LocalFields {
            subject_kind,
            name: subject_name(site, page),
            location: LocationLink {
                name: &loc.name,
                slug: &location.doc.slug,
                url: self.url(PageKey::Location(page.location)).0,
                description: &loc.description,
                timezone: loc.timezone.as_deref().and_then(timezone::view),
                facts: &loc.facts,
            },
            hero: self.hero(copy.and_then(|c| c.front.hero.as_ref()), &title),
            candidates: self.cards_of(&page.candidates),
            candidate_count: page.candidates.len(),
            faq: copy
                .map(|c| self.questions_of(&c.front.faq))
                .unwrap_or_default(),
            role,
            skill_url,
            skills,
            elsewhere: siblings
                .iter()
                .filter(|&&p| p != i)
                .map(|&p| self.local_link(p))
                .collect(),
            nearby: location
                .pages
                .iter()
                .filter(|&&p| p != i)
                .take(NEARBY)
                .map(|&p| self.local_link(p))
                .collect(),
            extra: copy.map(|c| &c.front.extra),
        };
        let body = self.body_of(copy.map(Arc::as_ref))?;
        let directory = (
            self.links.t("breadcrumb_directory", &[]),
            PageKey::Directory(0),
        );
        let hub = (loc.name.clone(), PageKey::Location(page.location));
        let lastmod = site.lastmod_of(&page.candidates);
        Ok(to_value(PageView {
            kind: if subject_kind == "role" {
                "role_location"
            } else {
                "skill_location"
            },
            breadcrumbs: self.breadcrumbs(&[directory, hub, (title.clone(), key)]),
            title,
            description,
            url,
            permalink,
            content: &body.html,
            toc: &body.toc,
            lastmod,
            languages: self.languages(key),
            fields,
        }))
    }

    /// A plain page.
    fn plain_page(
        &self,
        key: PageKey,
        i: usize,
        url: String,
        permalink: String,
    ) -> Result<Value, Diagnostic> {
        let site = self.site;
        let p = &site.pages[i];
        let body = self.body_of(Some(p))?;
        Ok(to_value(PageView {
            kind: "page",
            title: p.front.title.clone(),
            description: p.front.description.clone(),
            url,
            permalink,
            content: &body.html,
            toc: &body.toc,
            breadcrumbs: self.breadcrumbs(&[(p.front.title.clone(), key)]),
            lastmod: None,
            languages: self.languages(key),
            fields: PlainFields {
                slug: Some(&p.slug),
                hero: None,
                template: p.front.template.as_deref(),
                extra: Some(&p.front.extra),
            },
        }))
    }

    /// The home page.
    fn home_page(&self, url: String, permalink: String) -> Result<Value, Diagnostic> {
        let site = self.site;
        let home = site.home.as_ref();
        let title = home.map_or(site.config.title.as_str(), |h| &h.front.title);
        let description = home
            .map(|h| h.front.description.clone())
            .or_else(|| site.config.description.clone())
            .unwrap_or_default();
        let body = self.body_of(home.map(Arc::as_ref))?;
        Ok(to_value(PageView {
            kind: "home",
            title: title.to_string(),
            description,
            url,
            permalink,
            content: &body.html,
            toc: &body.toc,
            breadcrumbs: self.breadcrumbs(&[]),
            lastmod: site.lastmod(&site.roles),
            languages: self.languages(PageKey::Home),
            fields: PlainFields {
                slug: None,
                hero: Some(self.hero(home.and_then(|h| h.front.hero.as_ref()), title)),
                template: home.and_then(|h| h.front.template.as_deref()),
                extra: home.map(|h| &h.front.extra),
            },
        }))
    }

    /// Page `n` (from 0) of the directory: its roles, and on the first
    /// page also the skills and locations, which every page lists.
    fn directory_page(&self, n: usize, url: String, permalink: String) -> Value {
        let site = self.site;
        let count = site.directory_pages();
        let size = site.config.directory_page_size;
        let roles = site.directory_roles(n);
        let first = n * size;
        let title = self.links.t("directory_title", &[]);
        let (title, description, trail) = if n == 0 {
            let description = self.links.t(
                "directory_description",
                &[
                    ("roles", site.roles.len().to_string()),
                    ("skills", site.skills.len().to_string()),
                    ("site", site.config.title.clone()),
                ],
            );
            (title, description, vec![])
        } else {
            // Titles and descriptions differ from page to page: search
            // engines (and the lint) take equal ones for duplicates.
            let (from, to) = match (roles.first(), roles.last()) {
                (Some(a), Some(b)) => (a.front.title.as_str(), b.front.title.as_str()),
                _ => ("", ""),
            };
            let description = self.links.t(
                "directory_description_paged",
                &[
                    ("first", (first + 1).to_string()),
                    ("last", (first + roles.len()).to_string()),
                    ("total", site.roles.len().to_string()),
                    ("site", site.config.title.clone()),
                    ("from", from.to_string()),
                    ("to", to.to_string()),
                ],
            );
            let number = (n + 1).to_string();
            let label = self.links.t("directory_page", &[("page", number.clone())]);
            let page = (label, PageKey::Directory(n));
            (
                self.links.t(
                    "directory_title_paged",
                    &[
                        ("title", title),
                        ("page", number),
                        ("count", count.to_string()),
                    ],
                ),
                description,
                vec![page],
            )
        };
        let mut crumbs = vec![(
            self.links.t("breadcrumb_directory", &[]),
            PageKey::Directory(0),
        )];
        crumbs.extend(trail);
        let link = |i: usize| self.url(PageKey::Directory(i)).0;
        to_value(PageView {
            kind: "directory",
            title,
            description,
            url,
            permalink,
            content: "",
            toc: &[],
            breadcrumbs: self.breadcrumbs(&crumbs),
            lastmod: site.directory_lastmod(n),
            languages: self.languages(PageKey::Directory(n)),
            fields: DirectoryFields {
                paginator: Paginator {
                    number: n + 1,
                    count,
                    total: site.roles.len(),
                    first: first + 1,
                    last: first + roles.len(),
                    roles: (first..first + roles.len())
                        .map(|i| self.role_summary(i))
                        .collect(),
                    prev_url: n.checked_sub(1).map(link),
                    next_url: (n + 1 < count).then(|| link(n + 1)),
                    pages: page_window(n, count)
                        .into_iter()
                        .map(|page| {
                            page.map(|i| PageLink {
                                number: i + 1,
                                url: link(i),
                                current: i == n,
                            })
                        })
                        .collect(),
                },
            },
        })
    }

    /// The 404 page, which has no content file.
    fn not_found_page(&self, url: String, permalink: String) -> Value {
        to_value(PageView {
            kind: "404",
            title: self.links.t("not_found_title", &[]),
            description: self.links.t("not_found_description", &[]),
            url,
            permalink,
            content: "",
            toc: &[],
            breadcrumbs: self.breadcrumbs(&[]),
            lastmod: None,
            languages: self.languages(PageKey::NotFound),
            fields: PlainFields {
                slug: None,
                hero: None,
                template: None,
                extra: None,
            },
        })
    }
}

/// The pages a directory page links to, from 0: the first, the last and
/// two on each side of `n`; `None` where pages are left out between them.
/// A thousand pages get a short list, and every page is reached by
/// following next links, or in a few jumps.
fn page_window(n: usize, count: usize) -> Vec<Option<usize>> {
    let mut pages = Vec::new();
    let mut previous = None;
    for i in 0..count {
        if i == 0 || i + 1 == count || i.abs_diff(n) <= 2 {
            if previous.is_some_and(|p: usize| p + 1 < i) {
                pages.push(None);
            }
            pages.push(Some(i));
            previous = Some(i);
        }
    }
    pages
}

fn to_value<F: Serialize>(view: PageView<'_, F>) -> Value {
    Value::from_serializable(&view)
}

/// How many candidates a hub or a page in a location shows.
const HUB_CANDIDATES: usize = 24;
/// How many candidates and roles a skill page gets (the default theme
/// shows fewer); `candidate_count` and `role_count` say how many there are.
const SKILL_LIST: usize = 100;
/// How many roles a hub lists (more only if more have a page there).
const HUB_ROLES: usize = 100;
/// How many other pages of the location a page in it links to.
const NEARBY: usize = 24;

/// What lists of locations show, in list order.
pub fn location_summaries(site: &Site) -> Vec<LocationSummary<'_>> {
    site.locations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let path = site.path_of(PageKey::Location(i));
            LocationSummary {
                name: l.name(),
                slug: l.slug(),
                title: location_title(site, &l.doc),
                description: &l.doc.front.description,
                url: site.base.url(&path),
                permalink: site.base.permalink(&path),
                candidate_count: l.candidates.len(),
                weight: l.doc.front.weight,
            }
        })
        .collect()
}

/// "Hire Developers in Mexico", unless the location sets a title.
pub fn location_title(site: &Site, doc: &crate::content::Location) -> String {
    doc.front
        .title
        .clone()
        .unwrap_or_else(|| site.t("location_title", &[("location", doc.front.name.clone())]))
}

/// "Backend Developers" (a role's plural, from its title) or "Python".
fn subject_name(site: &Site, page: &LocalPage) -> String {
    match page.subject {
        Subject::Role(ri) => {
            let title = &site.roles[ri].front.title;
            title.strip_prefix("Hire ").unwrap_or(title).to_string()
        }
        Subject::Skill(si) => site.skills[si].name.clone(),
    }
}

/// "Hire Backend Developers in Mexico", "Hire Python Developers in Chile",
/// unless the page's copy sets a title.
pub fn local_title(site: &Site, page: &LocalPage) -> String {
    if let Some(title) = page.copy.as_ref().and_then(|c| c.front.title.clone()) {
        return title;
    }
    let location = site.locations[page.location].name().to_string();
    match page.subject {
        Subject::Role(ri) => site.t(
            "local_role_title",
            &[
                ("title", site.roles[ri].front.title.clone()),
                ("location", location),
            ],
        ),
        Subject::Skill(si) => site.t(
            "local_skill_title",
            &[
                ("skill", site.skills[si].name.clone()),
                ("location", location),
            ],
        ),
    }
}

fn default_local_description(site: &Site, page: &LocalPage) -> String {
    let location = site.locations[page.location].name().to_string();
    let who = match page.subject {
        Subject::Role(ri) => site.t(
            "local_who_role",
            &[("role", site.roles[ri].front.role.clone())],
        ),
        Subject::Skill(si) => site.t(
            "local_who_skill",
            &[("skill", site.skills[si].name.clone())],
        ),
    };
    let count = match page.candidates.len() {
        0 => site.t("local_no_candidates", &[]),
        n => site
            .strings
            .count(&site.config.language, "local_candidates", n),
    };
    site.t(
        "local_description",
        &[("who", who), ("location", location), ("count", count)],
    )
}

/// "Hire Python Developers", unless the skill's copy sets a title.
pub fn skill_title(site: &Site, skill: &Skill) -> String {
    skill
        .copy
        .as_ref()
        .and_then(|c| c.front.title.clone())
        .unwrap_or_else(|| site.t("skill_title", &[("skill", skill.name.clone())]))
}

fn default_skill_description(site: &Site, skill: &Skill) -> String {
    let count = |key: &str, n: usize| site.strings.count(&site.config.language, key, n);
    site.t(
        "skill_description",
        &[
            ("skill", skill.name.clone()),
            (
                "candidates",
                count("candidates_count", skill.candidates.len()),
            ),
            ("roles", count("roles_count", skill.roles.len())),
        ],
    )
}
