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
            PageKey::Directory => "directory.html",
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
        context.insert_value("page", views.page(key));
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

/// `sitemap.xml`, and `robots.txt` unless the theme or the site ships one.
pub fn sitemap_and_robots(site: &Site) -> Vec<OutputFile> {
    let mut files = vec![OutputFile::new(
        "sitemap.xml".into(),
        sitemap(site).into_bytes(),
    )];
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
    if site.redirects.is_empty() {
        return Vec::new();
    }
    let mut list = String::new();
    let mut files = Vec::new();
    for redirect in &site.redirects {
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

/// `sitemap.xml`: every page but the 404, with `lastmod` where known.
pub fn sitemap(site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for key in site.page_keys().filter(|k| *k != PageKey::NotFound) {
        let loc = site.base.permalink(&site.path_of(key));
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&loc));
        xml.push_str("</loc>\n");
        let lastmod = match key {
            PageKey::Role(i) | PageKey::InterviewQuestions(i) => site.lastmod([&site.roles[i]]),
            PageKey::Skill(i) => site.lastmod(site.skills[i].roles.iter().map(|&r| &site.roles[r])),
            PageKey::Home | PageKey::Directory => site.lastmod(&site.roles),
            PageKey::Location(i) => site.lastmod_of(&site.locations[i].candidates),
            PageKey::LocalPage(i) => site.lastmod_of(&site.local_pages[i].candidates),
            PageKey::Page(_) | PageKey::NotFound => None,
        };
        if let Some(date) = lastmod {
            xml.push_str("    <lastmod>");
            xml.push_str(date);
            xml.push_str("</lastmod>\n");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
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
