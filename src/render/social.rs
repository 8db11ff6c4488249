//! Which image a page shares (`og:image`, `twitter:image`): the
//! `og_image` its front matter or `site.yaml` names, else its own social
//! card, drawn from the theme's `social-card.svg` ([`crate::images::cards`]).

use std::path::PathBuf;

use serde::Serialize;

use super::functions::Links;
use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images::ImageSet;
use crate::images::cards::{self, Rasterizer};
use crate::output::fingerprint::HASH_LEN;
use crate::site::{PageKey, Site};
use crate::theme::FONTS_DIR;
use crate::url::hashed_name;

/// The shared image as templates see it (`og_image`): `none` when the
/// page shares none.
#[derive(Debug, Clone, Serialize)]
pub struct OgImage {
    /// Its absolute URL.
    pub url: String,
    /// Its width in pixels; 0 when not known (an SVG).
    pub width: u32,
    /// Its height in pixels; 0 when not known.
    pub height: u32,
    /// Its media type (`image/png`); empty when not known.
    #[serde(rename = "type")]
    pub media_type: &'static str,
}

impl OgImage {
    /// The largest variant of an `og_image` in its own format (link
    /// previews read JPEG and PNG everywhere, WebP not).
    pub fn of(set: &ImageSet, links: &Links) -> OgImage {
        OgImage {
            url: links.absolute(&set.src),
            width: set.width,
            height: set.height,
            media_type: set.media_type,
        }
    }
}

/// A page's social card before it is drawn.
#[derive(Debug, Clone)]
pub struct Card {
    /// The published path (`cards/hire/backend-developers.3f9a1c2b.png`).
    pub path: String,
    /// The SVG the template gave.
    pub svg: String,
    /// [`Rasterizer::key`] of `svg`.
    pub key: String,
}

impl Card {
    /// The card of the page at `page_path` (`/hire/x/`), drawn from `svg`.
    ///
    /// Its name carries the start of its cache key, the hash of all that
    /// decides its bytes, rather than of the bytes themselves: a page can
    /// name its card before the card is drawn, and the same key gives the
    /// same PNG.
    pub fn new(page_path: &str, svg: String, rasterizer: &Rasterizer) -> Card {
        let key = rasterizer.key(&svg);
        let name = page_path.trim_matches('/');
        let name = if name.is_empty() { "home" } else { name };
        let path = hashed_name(&format!("{}/{name}.png", cards::DIR), &key[..HASH_LEN]);
        Card { path, svg, key }
    }

    /// What the page's `og_image` is.
    pub fn og_image(&self, base: &BaseUrl) -> OgImage {
        OgImage {
            url: base.permalink(&self.path),
            width: cards::WIDTH,
            height: cards::HEIGHT,
            media_type: "image/png",
        }
    }
}

/// Whether page `key` gets a card of its own when it names no
/// `og_image`: the pages a recruiter shares (not a plain page, an
/// interview-questions page or the 404).
pub fn has_card(key: PageKey) -> bool {
    matches!(
        key,
        PageKey::Home
            | PageKey::Directory(_)
            | PageKey::Role(_)
            | PageKey::Skill(_)
            | PageKey::Location(_)
            | PageKey::LocalPage(_)
    )
}

/// The `og_image` page `key` shares instead of a card: its own front
/// matter's (a role's also on its interview questions), else `site.yaml`'s.
pub fn chosen_image(site: &Site, key: PageKey) -> Option<&str> {
    let own = match key {
        PageKey::Role(i) | PageKey::InterviewQuestions(i) => site.roles[i].front.og_image.as_ref(),
        PageKey::Skill(i) => site.skills[i]
            .copy
            .as_ref()
            .and_then(|c| c.front.og_image.as_ref()),
        PageKey::Page(i) => site.pages[i].front.og_image.as_ref(),
        PageKey::Home => site.home.as_ref().and_then(|h| h.front.og_image.as_ref()),
        PageKey::Location(i) => site.locations[i].doc.front.og_image.as_ref(),
        PageKey::LocalPage(i) => site.local_pages[i]
            .copy
            .as_ref()
            .and_then(|c| c.front.og_image.as_ref()),
        PageKey::Directory(_) | PageKey::NotFound => None,
    };
    own.or(site.config.og_image.as_ref()).map(String::as_str)
}

/// The rasterizer of the site's cards, with the fonts of its theme; `None`
/// when `social_cards` is off or the theme has no card template.
pub fn rasterizer(site: &Site) -> Result<Option<Rasterizer>, Diagnostics> {
    if !site.config.social_cards || !site.theme.has_template(cards::TEMPLATE) {
        return Ok(None);
    }
    let mut fonts = Vec::new();
    let mut errors = Diagnostics::new();
    for (name, file) in site.theme.fonts() {
        match file.read() {
            Ok(bytes) => fonts.push((name.to_string(), bytes)),
            Err(e) => errors.push(Diagnostic::error(
                "io",
                &file.file,
                format!("cannot read: {e}"),
            )),
        }
    }
    if fonts.is_empty() && errors.is_empty() {
        let template = site
            .theme
            .template(cards::TEMPLATE)
            .map_or_else(|| PathBuf::from(cards::TEMPLATE), |t| t.file.clone());
        errors.push(
            Diagnostic::error(
                "missing-font",
                template,
                "the social card template has no font to draw its text with",
            )
            .with_hint(format!(
                "put a .ttf or .otf font in the theme's {FONTS_DIR}/ folder (or the site's), \
                 or set `social_cards: false` in site.yaml"
            )),
        );
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(Some(Rasterizer::new(&fonts, &site.root)))
}
