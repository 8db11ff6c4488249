//! Social cards (issue 15): a 1200 × 630 PNG for every role, skill,
//! location, combination, home and directory page, drawn from the theme's
//! `social-card.svg` and named by `og:image` and `twitter:image`; an
//! `og_image` replaces it; a site's template replaces the theme's; a
//! cached build equals a clean one; bad input is refused at its line.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Rgb, RgbImage};

use crate::util::TestSite;

/// The `content` of `<meta property|name="key" …>` in `html`.
fn meta(html: &str, key: &str) -> Option<String> {
    let start = html
        .find(&format!("property=\"{key}\""))
        .or_else(|| html.find(&format!("name=\"{key}\"")))?;
    let tag_start = html[..start].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let at = tag.find("content=\"")? + "content=\"".len();
    Some(tag[at..at + tag[at..].find('"')?].to_string())
}

/// The published file an absolute URL of the site names.
fn published(site: &TestSite, url: &str, origin: &str) -> Vec<u8> {
    let path = url
        .strip_prefix(origin)
        .unwrap_or_else(|| panic!("{url} is not on {origin}"));
    std::fs::read(
        site.path()
            .join("public")
            .join(path.trim_start_matches('/')),
    )
    .unwrap_or_else(|e| panic!("{url}: {e}"))
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let image = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Png)
        .decode()
        .expect("a card decodes as PNG");
    (image.width(), image.height())
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, _| Rgb([(x % 256) as u8, 40, 90]));
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The card URL of a built page.
fn card_of(site: &TestSite, page: &str) -> String {
    let html = site.read(&format!("public/{page}"));
    meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image"))
}

const ORIGIN: &str = "https://talent.example.com";

#[test]
fn every_page_kind_has_a_1200_by_630_card_that_og_image_names() {
    let site = TestSite::fixture("locations");
    site.build_ok(&[]);
    let pages = [
        "index.html",
        "hire/index.html",
        "hire/backend-developers/index.html",
        "hire/python-developers/index.html",
        "hire/developers-in-chile/index.html",
        "hire/frontend-developers-in-chile/index.html",
    ];
    let origin = meta(&site.read("public/index.html"), "og:url")
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let mut cards = Vec::new();
    for page in pages {
        assert!(site.exists(&format!("public/{page}")), "no page {page}");
        let html = site.read(&format!("public/{page}"));
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{page}: no og:image"));
        assert!(
            url.contains("/cards/") && url.ends_with(".png"),
            "{page}: {url}"
        );
        assert_eq!(
            png_size(&published(&site, &url, &origin)),
            (1200, 630),
            "{page}"
        );
        assert_eq!(meta(&html, "og:image:width").as_deref(), Some("1200"));
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("630"));
        assert!(meta(&html, "og:image:alt").is_some_and(|a| !a.is_empty()));
        assert_eq!(meta(&html, "twitter:image"), Some(url.clone()));
        assert_eq!(
            meta(&html, "twitter:card").as_deref(),
            Some("summary_large_image")
        );
        cards.push(url);
    }
    cards.sort();
    cards.dedup();
    assert_eq!(cards.len(), pages.len(), "each page has a card of its own");

    // A plain page has none of its own.
    let about = site.read("public/about/index.html");
    assert_eq!(meta(&about, "og:image"), None);
    assert_eq!(meta(&about, "twitter:card").as_deref(), Some("summary"));
}

#[test]
fn a_cached_build_draws_nothing_and_equals_a_clean_one() {
    let site = TestSite::fixture("minimal");
    let first = site.build_ok(&["-v"]);
    let drawn = first
        .stdout
        .lines()
        .find(|l| l.contains("cards:"))
        .unwrap()
        .to_string();
    assert!(!drawn.contains("cards: 0 drawn"), "{drawn}");
    let clean = site.tree("public");

    let second = site.build_ok(&["-v"]);
    assert!(
        second.stdout.contains("cards: 0 drawn"),
        "{}",
        second.stdout
    );
    assert!(site.tree("public") == clean, "a cached build differs");

    // A new title draws that one card again, and only it.
    let role = site.read("content/roles/backend.md");
    site.write(
        "content/roles/backend.md",
        role.replace(
            "title: Hire Backend Developers",
            "title: Hire Server Developers",
        ),
    );
    let third = site.build_ok(&["-v"]);
    assert!(third.stdout.contains("cards: 1 drawn"), "{}", third.stdout);

    site.write("content/roles/backend.md", role);
    std::fs::remove_dir_all(site.path().join(".hirepage-cache")).unwrap();
    site.build_ok(&[]);
    assert!(site.tree("public") == clean, "a clean rebuild differs");
}

#[test]
fn og_image_in_front_matter_or_site_yaml_replaces_the_card() {
    let site = TestSite::fixture("minimal");
    site.write("static/images/share.png", png(1600, 900));
    let role = site.read("content/roles/backend.md").replacen(
        "slug: backend-developers\n",
        "slug: backend-developers\nog_image: /images/share.png\n",
        1,
    );
    site.write("content/roles/backend.md", role);
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers/index.html");
    let url = meta(&html, "og:image").unwrap();
    assert!(url.contains("/images/share-1200."), "{url}");
    assert_eq!(png_size(&published(&site, &url, ORIGIN)), (1200, 675));
    assert_eq!(meta(&html, "og:image:height").as_deref(), Some("675"));
    assert_eq!(meta(&html, "twitter:image"), Some(url));
    assert!(
        !site
            .tree("public/cards")
            .iter()
            .any(|(p, _)| p.starts_with("hire/backend-developers.")),
        "no card is drawn for a page with its own og_image"
    );
    // The other pages keep theirs, until site.yaml names one for all.
    assert!(card_of(&site, "index.html").contains("/cards/home."));
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}og_image: /images/share.png\n"),
    );
    site.build_ok(&[]);
    assert!(card_of(&site, "index.html").contains("/images/share-1200."));
    assert!(!site.exists("public/cards"));
}

#[test]
fn a_missing_og_image_is_an_error_at_its_line_and_the_output_stays() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    let before = site.tree("public");
    let role = site.read("content/roles/backend.md").replacen(
        "slug: backend-developers\n",
        "slug: backend-developers\nog_image: /images/gone.png\n",
        1,
    );
    let line = role
        .lines()
        .position(|l| l.starts_with("og_image:"))
        .unwrap()
        + 1;
    site.write("content/roles/backend.md", role);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let at = format!("content/roles/backend.md:{line}:11: error: image `/images/gone.png`");
    assert!(run.stderr.contains(&at), "{at} not in\n{}", run.stderr);
    assert!(site.tree("public") == before, "the previous output changed");

    // In site.yaml too.
    let role = site.read("content/roles/backend.md");
    site.write(
        "content/roles/backend.md",
        role.replace("og_image: /images/gone.png\n", ""),
    );
    let config = site.read("site.yaml");
    let line = config.lines().count() + 1;
    site.write("site.yaml", format!("{config}og_image: /images/gone.png\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let at = format!("site.yaml:{line}:11: error: image `/images/gone.png`");
    assert!(run.stderr.contains(&at), "{at} not in\n{}", run.stderr);
}

#[test]
fn a_site_template_replaces_the_themes_card_and_escapes_titles() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    let theme_card = card_of(&site, "hire/backend-developers/index.html");

    // Markup characters in a title are text in the card, not SVG.
    site.write(
        "templates/social-card.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" fill="#ff0000"/><text x="40" y="300" font-size="60">{{ page.title }} &amp; {{ site.title }}</text></svg>"##,
    );
    let role = site.read("content/roles/backend.md").replacen(
        "title: Hire Backend Developers",
        "title: \"Hire <Backend> & 'C++' Developers\"",
        1,
    );
    site.write("content/roles/backend.md", role);
    site.build_ok(&[]);
    let url = card_of(&site, "hire/backend-developers/index.html");
    assert_ne!(url, theme_card);
    let bytes = published(&site, &url, ORIGIN);
    let image = image::load_from_memory(&bytes).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1200, 630));
    assert_eq!(
        image.get_pixel(5, 5),
        &Rgb([255, 0, 0]),
        "the site's template"
    );
}

#[test]
fn a_card_template_that_is_not_svg_is_an_error_naming_it() {
    let site = TestSite::fixture("minimal");
    site.write(
        "templates/social-card.svg",
        "<svg><text>{{ page.title }}</svg>",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("templates/social-card.svg: error: the social card of"),
        "{}",
        run.stderr
    );
    let check = site.run(&["check"]);
    assert_eq!(
        check.code, 1,
        "check draws nothing but parses: {}",
        check.stderr
    );
}

#[test]
fn social_cards_false_draws_none() {
    let site = TestSite::fixture("minimal");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}social_cards: false\n"));
    site.build_ok(&[]);
    assert!(!site.exists("public/cards"));
    let html = site.read("public/hire/backend-developers/index.html");
    assert_eq!(meta(&html, "og:image"), None);
    assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary"));
}
