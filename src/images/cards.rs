//! Social cards: the 1200 × 630 PNG each page shows when a link to it is
//! shared (`og:image`), drawn from the theme's SVG template.
//!
//! The template (`social-card.svg`, a Tera template like the others, so a
//! site's `templates/social-card.svg` replaces the theme's) is rendered by
//! [`crate::render`]; this module turns the SVG text into a PNG with resvg.
//! Text is drawn only with the fonts the theme (or the site) ships in
//! `fonts/`, loaded from their bytes: never a system font, so that a card
//! comes out the same on every machine.
//!
//! Drawing a card costs milliseconds, so the PNG is kept in
//! `.hirepage-cache/cards/` under [`Rasterizer::key`], the SHA-256 of all
//! that decides its bytes: the SVG text, the fonts and [`RENDERER`]. The
//! same key names the published file, so a page knows the URL of its card
//! before the card is drawn, and pages and cards are made on the same
//! threads in one pass.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use crate::output::fingerprint::sha256_hex;

/// The width of a card, in pixels: what LinkedIn, Slack, X and Facebook
/// show large.
pub const WIDTH: u32 = 1200;
/// The height of a card, in pixels (1.91 : 1).
pub const HEIGHT: u32 = 630;
/// The template a card is rendered from.
pub const TEMPLATE: &str = "social-card.svg";
/// The published folder of the cards.
pub const DIR: &str = "cards";
/// Everything besides the SVG and the fonts that decides the bytes of a
/// card. Change it when the renderer or the PNG settings change, so that
/// the cache is not used for cards it would no longer draw alike.
const RENDERER: &str = "hirepage-cards-2 resvg-0.49 png-rgb-adaptive-level3";

/// Whether a published path is a card's.
pub fn is_card(path: &str) -> bool {
    path.strip_prefix(DIR)
        .is_some_and(|rest| rest.starts_with('/') && rest.ends_with(".png"))
}

/// Draws cards with one set of fonts, and keeps them in the cache.
pub struct Rasterizer {
    options: usvg::Options<'static>,
    /// SHA-256 of the fonts, in name order.
    fonts: String,
    /// `.hirepage-cache/cards` under the site root.
    cache: PathBuf,
}

impl Rasterizer {
    /// A rasterizer with `fonts` (name, bytes) and its cache under `root`.
    /// The first font's family is the one text without a known
    /// `font-family` is drawn in.
    pub fn new(fonts: &[(String, Vec<u8>)], root: &Path) -> Rasterizer {
        let mut db = fontdb::Database::new();
        let mut digest = Vec::new();
        for (name, bytes) in fonts {
            db.load_font_data(bytes.clone());
            digest.extend_from_slice(name.as_bytes());
            digest.extend_from_slice(sha256_hex(bytes).as_bytes());
        }
        let family = db
            .faces()
            .next()
            .and_then(|face| face.families.first())
            .map(|(name, _)| name.clone());
        let mut options = usvg::Options::default();
        if let Some(family) = family {
            db.set_sans_serif_family(&family);
            db.set_serif_family(&family);
            db.set_monospace_family(&family);
            db.set_cursive_family(&family);
            db.set_fantasy_family(&family);
            options.font_family = family;
        }
        options.fontdb = Arc::new(db);
        // A card is drawn from its template alone: an `<image>` naming a
        // file would read the disk of whoever builds the site.
        options.image_href_resolver.resolve_string = Box::new(|_, _| None);
        Rasterizer {
            options,
            fonts: sha256_hex(&digest),
            cache: root.join(super::CACHE_DIR).join("cards"),
        }
    }

    /// The SHA-256 (hex) of everything that decides the PNG of `svg`.
    pub fn key(&self, svg: &str) -> String {
        sha256_hex(&[RENDERER.as_bytes(), self.fonts.as_bytes(), svg.as_bytes()].concat())
    }

    /// Whether `svg` parses (what `check` asks, without drawing).
    pub fn parse(&self, svg: &str) -> Result<(), String> {
        usvg::Tree::from_str(svg, &self.options)
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// The PNG of `svg` whose [`Self::key`] is `key`, and whether it came
    /// from the cache (else it was drawn, and is kept there now).
    pub fn png(&self, svg: &str, key: &str) -> Result<(Vec<u8>, bool), String> {
        let file = self.cache.join(format!("{key}.png"));
        if let Ok(bytes) = std::fs::read(&file) {
            return Ok((bytes, true));
        }
        let bytes = self.draw(svg)?;
        // A cache that cannot be written costs time, not output.
        let _ = keep(&file, &bytes);
        Ok((bytes, false))
    }

    /// Draws `svg` at [`WIDTH`] × [`HEIGHT`], whatever size it says it is
    /// (scaled to fit), on white where it leaves the canvas transparent.
    fn draw(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
            .expect("bug: the card size is a valid pixmap size");
        pixmap.fill(tiny_skia::Color::WHITE);
        let size = tree.size();
        let scale = (WIDTH as f32 / size.width()).min(HEIGHT as f32 / size.height());
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        encode_png(&pixmap)
    }
}

/// The PNG of a pixmap, RGB with adaptive filters, which turn the flat
/// areas and the edges of a card into runs that deflate packs tightly. A
/// card is opaque (filled white first), so its pixels need no
/// demultiplying and its alpha channel is left out: a quarter less for
/// deflate to read.
///
/// Deflate was half of the time of drawing a card. Measured on the example
/// site's 89 cards (release build): level 6 (`Default`) of RGBA took 1.52 s
/// for 4.04 MB, level 3 of RGB 0.88 s for 3.94 MB; level 1 was 0.68 s but
/// 5.6 MB, `Fast` (fdeflate) 0.53 s but 7.9 MB.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Level(3), FilterType::Adaptive)
        .write_image(
            &rgb,
            pixmap.width(),
            pixmap.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes `bytes` beside `file` and renames it into place, so that a build
/// killed halfway leaves no half-written card.
fn keep(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(file);
    std::fs::create_dir_all(dir)?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("card");
    let temp = dir.join(format!(".tmp-{}-{name}", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// `text` broken into lines of at most `width` characters, at spaces
/// (a word longer than a line gets a line of its own, cut), at most `max`
/// lines, the last one ending in "…" when the text does not fit. SVG text
/// does not wrap by itself: the card template draws one `<tspan>` a line.
pub fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word: String = if word.chars().count() > width {
            word.chars().take(width - 1).chain(['…']).collect()
        } else {
            word.to_string()
        };
        let needed = line.chars().count() + 1 + word.chars().count();
        if line.is_empty() {
            line = word;
        } else if needed <= width {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if max > 0 && lines.len() > max {
        lines.truncate(max);
        let last = &mut lines[max - 1];
        while last.chars().count() + 1 > width {
            // Room for the ellipsis: drop the last word (or character).
            match last.rfind(' ') {
                Some(space) => last.truncate(space),
                None => {
                    last.pop();
                }
            }
        }
        last.push('…');
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_marks_what_does_not_fit() {
        assert_eq!(
            wrap("Hire Backend Developers", 30, 3),
            ["Hire Backend Developers"]
        );
        assert_eq!(
            wrap("Hire Backend Developers in Costa Rica", 20, 3),
            ["Hire Backend", "Developers in Costa", "Rica"]
        );
        assert_eq!(wrap("one two three four", 9, 2), ["one two", "three…"]);
        assert_eq!(wrap("Supercalifragilistic", 8, 2), ["Superca…"]);
        assert!(wrap("   ", 10, 2).is_empty());
    }

    fn svg(text: &str) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" fill="#0b1433"/><text x="80" y="300" font-size="72" fill="#fff">{text}</text></svg>"##
        )
    }

    fn rasterizer(root: &Path) -> Rasterizer {
        let theme = crate::theme::Theme::load(root, crate::theme::DEFAULT_THEME).unwrap();
        let fonts: Vec<_> = theme
            .fonts()
            .map(|(name, f)| (name.to_string(), f.read().unwrap()))
            .collect();
        Rasterizer::new(&fonts, root)
    }

    #[test]
    fn a_card_is_1200_by_630_drawn_with_the_theme_font_and_kept() {
        let root = tempfile::tempdir().unwrap();
        let r = rasterizer(root.path());
        let source = svg("Hire Rust Developers");
        let key = r.key(&source);
        let (png, cached) = r.png(&source, &key).unwrap();
        assert!(!cached);
        let image = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
        let white = image.pixels().filter(|p| p.0[0] > 200).count();
        assert!(white > 1000, "the text was drawn: {white} light pixels");
        assert_eq!(r.png(&source, &key).unwrap(), (png.clone(), true));
        let blank = r.draw(&svg("")).unwrap();
        assert_ne!(blank, png);
    }

    #[test]
    fn a_broken_svg_is_an_error_not_a_panic() {
        let root = tempfile::tempdir().unwrap();
        let r = rasterizer(root.path());
        assert!(r.parse("<svg><text>").is_err());
        assert!(r.png("not xml", "k").is_err());
    }
}
