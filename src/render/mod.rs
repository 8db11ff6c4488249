//! Turning the loaded [`Site`] into files, in memory.
//!
//! [`Renderer::new`] compiles the theme's templates once and fills Tera's
//! global context with what every page shares; [`Renderer::page`] renders
//! one page; [`site`] renders them all, in parallel, plus `sitemap.xml` and
//! `robots.txt`. Nothing here touches the disk except to read static files:
//! writing is [`crate::output`]'s job.

pub mod context;
pub mod functions;
mod images;
pub mod social;
pub mod templates;

use std::sync::Arc;

use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::cards::Rasterizer;
use crate::output::OutputFile;
use crate::pipeline::Statics;
use crate::site::{PageKey, Site};
use crate::url::output_path;
use context::Views;
use functions::Links;
pub use social::Card;

/// Compiled templates, ready to render pages of one [`Site`].
pub struct Renderer {
    tera: Tera,
    links: Arc<Links>,
    /// Draws the social cards; `None` when the site has them off or the
    /// theme has no card template.
    cards: Option<Arc<Rasterizer>>,
}

impl Renderer {
    /// Compiles the templates and sets up the shared context.
    ///
    /// `statics` maps each static file path to its published path (the same
    /// path, or a fingerprinted one) and holds the published images.
    pub fn new(site: &Site, statics: &Statics) -> Result<Renderer, Diagnostics> {
        let links = Arc::new(Links::new(
            site,
            statics.published.clone(),
            Arc::clone(&statics.images),
        ));
        let mut tera = templates::compile(&site.theme, |tera| {
            functions::register(tera, Arc::clone(&links))
        })?;
        let views = Views::new(site, &links);
        let globals = tera.global_context();
        globals.insert_value("site", views.site_global());
        globals.insert_value("roles", views.roles_global());
        globals.insert_value("skills", views.skills_global());
        globals.insert_value("data", views.data_global());
        globals.insert_value("locations", views.locations_global());
        let cards = social::rasterizer(site)?.map(Arc::new);
        Ok(Renderer { tera, links, cards })
    }

    /// What draws the social cards, if the site has them.
    pub fn cards(&self) -> Option<&Rasterizer> {
        self.cards.as_deref()
    }

    /// The compiled templates.
    pub fn templates(&self) -> &Tera {
        &self.tera
    }

    /// The template a page is rendered with.
    pub fn template_of(site: &Site, key: PageKey) -> &str {
        let chosen = match key {
            PageKey::Role(i) => site.roles[i].front.template.as_deref(),
            PageKey::Page(i) => site.pages[i].front.template.as_deref(),
            PageKey::Home => site.home.as_ref().and_then(|h| h.front.template.as_deref()),
            _ => None,
        };
        chosen.unwrap_or(match key {
            PageKey::Home => "index.html",
            PageKey::Directory(_) => "directory.html",
            PageKey::Role(_) => "role.html",
            PageKey::InterviewQuestions(_) => "interview_questions.html",
            PageKey::Skill(_) => "skill.html",
            PageKey::Page(_) => "page.html",
            PageKey::Location(_) => "location.html",
            PageKey::LocalPage(i) => match site.local_pages[i].subject {
                crate::site::Subject::Role(_) => "role_location.html",
                crate::site::Subject::Skill(_) => "skill_location.html",
            },
            PageKey::NotFound => "404.html",
        })
    }

    /// The views of `site` for one rendering pass: create them once and
    /// render every page of the pass with them (they share work between
    /// pages).
    pub fn views<'s>(&'s self, site: &'s Site) -> Views<'s> {
        Views::new(site, &self.links)
    }

    /// Renders one page, and the SVG of its social card when it gets one
    /// (drawing it is [`Rasterizer::png`]'s job).
    pub fn page(
        &self,
        views: &Views<'_>,
        key: PageKey,
    ) -> Result<(OutputFile, Option<Card>), Vec<Diagnostic>> {
        let site = views.site();
        let template = Self::template_of(site, key);
        if !site.theme.has_template(template) {
            return Err(templates::to_diagnostics(
                &tera::Error::new(tera::ErrorKind::TemplateNotFound(template.to_string())),
                &site.theme,
            ));
        }
        let mut context = Context::new();
        context.insert_value("page", views.page(key).map_err(|d| vec![d])?);
        let card = match social::chosen_image(site, key) {
            Some(path) => {
                let set = self.links.image(path, crate::images::SOCIAL);
                context.insert("og_image", &social::OgImage::of(&set, &self.links));
                None
            }
            None if self.cards.is_some() && social::has_card(key) => {
                let card = self.card(site, key, &context)?;
                context.insert("og_image", &card.og_image(&site.base));
                Some(card)
            }
            None => {
                context.insert_value("og_image", Value::none());
                None
            }
        };
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| templates::to_diagnostics(&e, &site.theme))?;
        let html = images::responsive(&html, &self.links);
        let page = OutputFile::new(output_path(&site.path_of(key)), html.into_bytes());
        Ok((page, card))
    }

    /// The card of page `key`: its SVG, from the card template with the
    /// page's `context`, and where its PNG is published.
    fn card(&self, site: &Site, key: PageKey, context: &Context) -> Result<Card, Vec<Diagnostic>> {
        let rasterizer = self
            .cards
            .as_deref()
            .expect("bug: a card is rendered only when the site draws cards");
        let svg = self
            .tera
            .render(crate::images::cards::TEMPLATE, context)
            .map_err(|e| templates::to_diagnostics(&e, &site.theme))?;
        Ok(Card::new(&site.path_of(key), svg, rasterizer))
    }
}

/// `sitemap.xml` (and its parts, past the limits of one sitemap), and
/// `robots.txt` unless the theme or the site ships one.
pub fn sitemap_and_robots(site: &Site) -> Vec<OutputFile> {
    let mut files = sitemaps(site, SITEMAP_LIMITS);
    if site.theme.static_file("robots.txt").is_none() {
        files.push(OutputFile::new(
            "robots.txt".into(),
            robots(site).into_bytes(),
        ));
    }
    files
}

/// The name of the redirects file Netlify and Cloudflare Pages read.
pub const REDIRECTS_FILE: &str = "_redirects";

/// `_redirects` (`/old/ /new/ 301`, one a line, sorted) and, at each old
/// URL, a page that sends browsers and crawlers on (for hosts that read no
/// `_redirects`, such as S3): a meta refresh, a canonical link to the new
/// URL and `noindex`. Nothing when the site has no redirects.
pub fn redirects(site: &Site) -> Vec<OutputFile> {
    let mut all: Vec<(&Site, &crate::site::Redirect)> = site
        .languages()
        .flat_map(|language| language.redirects.iter().map(move |r| (language, r)))
        .collect();
    if all.is_empty() {
        return Vec::new();
    }
    all.sort_by(|a, b| a.1.from.cmp(&b.1.from));
    let mut list = String::new();
    let mut files = Vec::new();
    for (site, redirect) in all {
        let (to, permalink) = if redirect.is_external() {
            (redirect.to.clone(), redirect.to.clone())
        } else {
            (
                site.base.url(&redirect.to),
                site.base.permalink(&redirect.to),
            )
        };
        list.push_str(&format!("{} {to} 301\n", site.base.url(&redirect.from)));
        let to = escape_xml(&to);
        let permalink = escape_xml(&permalink);
        let html = format!(
            "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Moved to {permalink}</title>\n\
             <meta name=\"robots\" content=\"noindex\">\n\
             <link rel=\"canonical\" href=\"{permalink}\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n\
             <body>\n<p>This page has moved to <a href=\"{to}\">{permalink}</a>.</p>\n</body>\n</html>\n",
            lang = escape_xml(&site.config.language),
        );
        files.push(OutputFile::new(
            output_path(&redirect.from),
            html.into_bytes(),
        ));
    }
    files.push(OutputFile::new(REDIRECTS_FILE.into(), list.into_bytes()));
    files
}

/// How much one sitemap may hold: sitemaps.org allows 50,000 URLs and
/// 50 MB (uncompressed), and search engines ignore a file past either.
#[derive(Clone, Copy)]
struct SitemapLimits {
    urls: usize,
    bytes: usize,
}

const SITEMAP_LIMITS: SitemapLimits = SitemapLimits {
    urls: 50_000,
    bytes: 50 * 1024 * 1024,
};

const URLSET_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
const URLSET_HEAD_LANGUAGES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_TAIL: &str = "</urlset>\n";

/// Whether `path` (in the output) is `sitemap.xml` or one of its parts.
pub fn is_sitemap(path: &str) -> bool {
    path == "sitemap.xml"
        || path
            .strip_prefix("sitemap-")
            .and_then(|rest| rest.strip_suffix(".xml"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `sitemap.xml`: every page but the 404, with `lastmod` where known. A
/// site past `limits` gets a sitemap index there instead, pointing at
/// `sitemap-1.xml`, `sitemap-2.xml`, …, each within the limits.
fn sitemaps(site: &Site, limits: SitemapLimits) -> Vec<OutputFile> {
    // Each part: its entries and the newest lastmod among them.
    let mut parts: Vec<(String, usize, Option<&str>)> = Vec::new();
    // With languages, each page lists its translations (`xhtml:link`),
    // which needs the namespace; a site in one language keeps the plain form.
    let head = if site.translations.is_empty() {
        URLSET_HEAD
    } else {
        URLSET_HEAD_LANGUAGES
    };
    let room = limits.bytes - head.len() - URLSET_TAIL.len();
    let keys = site.languages().flat_map(|language| {
        language
            .page_keys()
            .filter(|k| *k != PageKey::NotFound)
            .map(move |key| (language, key))
    });
    for (site, key) in keys {
        let lastmod = lastmod_of(site, key);
        let entry = sitemap_entry(site, key, lastmod);
        match parts.last_mut() {
            Some((xml, count, newest))
                if *count < limits.urls && xml.len() + entry.len() <= room =>
            {
                xml.push_str(&entry);
                *count += 1;
                *newest = (*newest).max(lastmod);
            }
            _ => parts.push((entry, 1, lastmod)),
        }
    }
    let urlset = |entries: &str| format!("{head}{entries}{URLSET_TAIL}").into_bytes();
    if parts.len() <= 1 {
        let entries = parts.first().map_or("", |(xml, ..)| xml.as_str());
        return vec![OutputFile::new("sitemap.xml".into(), urlset(entries))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (n, (entries, _, newest)) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str("  <sitemap>\n    <loc>");
        index.push_str(&escape_xml(&site.base.permalink(&format!("/{name}"))));
        index.push_str("</loc>\n");
        if let Some(date) = newest {
            index.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        index.push_str("  </sitemap>\n");
        files.push(OutputFile::new(name, urlset(entries)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, OutputFile::new("sitemap.xml".into(), index.into_bytes()));
    files
}

/// The newest `updated` or `date` behind a page.
fn lastmod_of(site: &Site, key: PageKey) -> Option<&str> {
    match key {
        PageKey::Role(i) | PageKey::InterviewQuestions(i) => site.lastmod([&site.roles[i]]),
        PageKey::Skill(i) => site.lastmod(site.skills[i].roles.iter().map(|&r| &site.roles[r])),
        PageKey::Home => site.lastmod(&site.roles),
        PageKey::Directory(n) => site.directory_lastmod(n),
        PageKey::Location(i) => site.lastmod_of(&site.locations[i].candidates),
        PageKey::LocalPage(i) => site.lastmod_of(&site.local_pages[i].candidates),
        PageKey::Page(_) | PageKey::NotFound => None,
    }
}

/// One `<url>` of a sitemap.
fn sitemap_entry(site: &Site, key: PageKey, lastmod: Option<&str>) -> String {
    let loc = site.base.permalink(&site.path_of(key));
    let mut xml = String::from("  <url>\n    <loc>");
    xml.push_str(&escape_xml(&loc));
    xml.push_str("</loc>\n");
    if let Some(date) = lastmod {
        xml.push_str("    <lastmod>");
        xml.push_str(date);
        xml.push_str("</lastmod>\n");
    }
    // Google's form: every language's page, itself included, and
    // `x-default` for the default language's.
    let alternates = site.translations_of(key);
    for (i, (code, path)) in alternates.iter().enumerate() {
        let href = escape_xml(&site.base.permalink(path));
        let mut link = |lang: &str| {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>\n",
                escape_xml(lang)
            ));
        };
        link(code);
        if i == 0 {
            link("x-default");
        }
    }
    xml.push_str("  </url>\n");
    xml
}

/// `robots.txt`: allow everything and point at the sitemap. A site's own
/// `static/robots.txt` replaces it.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.base.permalink("/sitemap.xml")
    )
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::site::LoadOptions;

    fn minimal() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        Site::load(&root, &LoadOptions::default()).unwrap()
    }

    fn text(file: &OutputFile) -> String {
        String::from_utf8(file.bytes.clone()).unwrap()
    }

    /// The `<loc>`s of a sitemap or sitemap index, in order.
    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>")
            .skip(1)
            .map(|rest| &rest[..rest.find("</loc>").unwrap()])
            .collect()
    }

    #[test]
    fn a_sitemap_past_its_limits_becomes_an_index_of_parts_within_them() {
        let site = minimal();
        let whole = sitemaps(&site, SITEMAP_LIMITS);
        assert_eq!(whole.len(), 1);
        let all = text(&whole[0]);
        assert!(all.contains("<urlset"));
        let pages = locs(&all);
        assert!(pages.len() >= 5, "{all}");

        // Two URLs a part.
        let limits = SitemapLimits {
            urls: 2,
            bytes: SITEMAP_LIMITS.bytes,
        };
        let files = sitemaps(&site, limits);
        let index = text(&files[0]);
        assert_eq!(files[0].path, "sitemap.xml");
        assert!(index.contains("<sitemapindex"), "{index}");
        let parts: Vec<String> = (1..files.len())
            .map(|n| format!("{}sitemap-{n}.xml", site.base.permalink("/")))
            .collect();
        assert_eq!(locs(&index), parts);
        assert_eq!(files.len() - 1, pages.len().div_ceil(2));
        let mut again = Vec::new();
        for (n, file) in files[1..].iter().enumerate() {
            assert_eq!(file.path, format!("sitemap-{}.xml", n + 1));
            assert!(is_sitemap(&file.path));
            let xml = text(file);
            assert!(locs(&xml).len() <= 2);
            again.extend(locs(&xml).into_iter().map(String::from));
        }
        assert_eq!(again, pages, "every URL once, in order");

        // A byte limit that fits about two entries.
        let entry = all.len() / pages.len();
        let limits = SitemapLimits {
            urls: 50_000,
            bytes: URLSET_HEAD.len() + URLSET_TAIL.len() + 2 * entry + 40,
        };
        let files = sitemaps(&site, limits);
        assert!(files.len() > 2);
        for file in &files[1..] {
            assert!(file.bytes.len() <= limits.bytes, "{}", text(file));
        }
        assert!(!is_sitemap("sitemap-.xml") && !is_sitemap("sitemap-a.xml"));
    }
}
