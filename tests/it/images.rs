//! Responsive images (issue 15): every width a preset asks for, decoded to
//! what `srcset` says; no metadata in any published image; orientation
//! applied; a cached build identical to a clean one; bad images refused
//! with the content file and line, the previous output untouched.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Rgb, RgbImage};

use crate::util::{TestSite, tree};

/// A JPEG `width` × `height`, red on its left half and blue on its right.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A PNG `width` × `height` of a gradient.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// `jpeg` with an EXIF segment (APP1) after its start: orientation 6
/// (turn 90° clockwise to show) and a GPS directory whose map datum reads
/// `SECRET-PLACE`, as a phone would write where the photo was taken.
fn with_exif(jpeg: &[u8]) -> Vec<u8> {
    // Big-endian TIFF: IFD0 at 8 with two entries, the GPS IFD after it.
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend(2u16.to_be_bytes());
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1]); // GPSInfo ->
    tiff.extend((gps_ifd as u32).to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    let datum = b"SECRET-PLACE\0";
    let datum_at = gps_ifd + 2 + 12 + 4;
    tiff.extend(1u16.to_be_bytes());
    tiff.extend([0x00, 0x12, 0, 2]); // GPSMapDatum, ASCII
    tiff.extend((datum.len() as u32).to_be_bytes());
    tiff.extend((datum_at as u32).to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(datum);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// The minimal site with David's photo (`/images/david.jpg`, line 15,
/// column 12 of the role) and an image at the end of the role's body.
/// Returns the site and the line of the Markdown image.
fn site_with_images(photo: &[u8], picture: &[u8]) -> (TestSite, usize) {
    let site = TestSite::fixture("minimal");
    site.write("static/images/david.jpg", photo);
    site.write("static/images/team.png", picture);
    let role = site.read("content/roles/backend.md").replace(
        "  - name: David R.\n",
        "  - name: David R.\n    photo: /images/david.jpg\n",
    );
    let role = format!(
        "{}\n![The team at work](/images/team.png)\n",
        role.trim_end()
    );
    let line = role.lines().count();
    site.write("content/roles/backend.md", role);
    (site, line)
}

/// `(url, width)` of each entry of a `srcset`.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|entry| {
            let (url, w) = entry.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The value of `attr="…"` in the first tag after `after` in `html`.
fn attr(html: &str, after: &str, attr: &str) -> String {
    let start = html.find(after).unwrap_or_else(|| panic!("no {after}"));
    let tag = &html[start..start + html[start..].find('>').unwrap()];
    let key = format!(" {attr}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {attr} in {tag}"))
        + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].to_string()
}

fn dimensions(site: &TestSite, url: &str) -> (u32, u32) {
    let bytes =
        std::fs::read(site.path().join("public").join(url.trim_start_matches('/'))).unwrap();
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

#[test]
fn every_width_decodes_to_what_srcset_says_and_never_upscales() {
    let (site, _) = site_with_images(&jpeg(400, 300), &png(1000, 500));
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers/index.html");

    // The photo: cut square (300 × 300), so 64, 128 and 192 all fit.
    let jpegs = srcset(&attr(&html, "<img class=\"avatar\"", "srcset"));
    let webps = srcset(&attr(&html, "<source type=\"image/webp\"", "srcset"));
    assert_eq!(
        jpegs.iter().map(|e| e.1).collect::<Vec<_>>(),
        [64, 128, 192]
    );
    assert_eq!(
        webps.iter().map(|e| e.1).collect::<Vec<_>>(),
        [64, 128, 192]
    );
    for (url, width) in jpegs.iter().chain(&webps) {
        assert_eq!(dimensions(&site, url), (*width, *width), "{url}");
    }
    assert!(jpegs.iter().all(|(u, _)| u.ends_with(".jpg")));
    assert!(webps.iter().all(|(u, _)| u.ends_with(".webp")));

    // The Markdown image: 1000 px wide, so 480 and 960 but no 1440.
    let picture = &html[html.rfind("<picture><source").unwrap()..];
    let content = &picture[..picture.find("</picture>").unwrap()];
    assert!(content.contains("alt=\"The team at work\""), "{content}");
    for expected in [
        "loading=\"lazy\"",
        "decoding=\"async\"",
        "width=\"960\"",
        "height=\"480\"",
    ] {
        assert!(
            content.contains(expected),
            "{expected} missing in {content}"
        );
    }
    let pngs = srcset(&attr(content, "<img", "srcset"));
    assert_eq!(pngs.iter().map(|e| e.1).collect::<Vec<_>>(), [480, 960]);
    for (url, width) in &pngs {
        assert_eq!(dimensions(&site, url), (*width, width / 2), "{url}");
    }
}

#[test]
fn no_published_image_keeps_exif_or_gps_and_orientation_is_applied() {
    let (site, _) = site_with_images(&with_exif(&jpeg(400, 300)), &png(600, 300));
    let source = std::fs::read(site.path().join("static/images/david.jpg")).unwrap();
    assert!(source.windows(12).any(|w| w == b"SECRET-PLACE"));
    site.build_ok(&[]);
    let mut images = 0;
    for (path, bytes) in tree(&site.path().join("public")) {
        if !(path.ends_with(".jpg") || path.ends_with(".png") || path.ends_with(".webp")) {
            continue;
        }
        images += 1;
        // The photo published as is keeps its orientation, alone (below).
        let original = path.starts_with("images/david.");
        let secrets: &[&[u8]] = if original {
            &[b"SECRET-PLACE"]
        } else {
            &[b"Exif", b"SECRET-PLACE"]
        };
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == *secret),
                "{path} keeps {}",
                String::from_utf8_lossy(secret)
            );
        }
    }
    assert!(images > 6, "only {images} images published");
    let original = tree(&site.path().join("public"))
        .into_iter()
        .find(|(path, _)| path.starts_with("images/david."))
        .unwrap()
        .1;
    let mut decoder = ImageReader::new(Cursor::new(original))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    assert_eq!(
        image::ImageDecoder::orientation(&mut decoder).unwrap(),
        image::metadata::Orientation::Rotate90,
        "the photo published as is lost its orientation"
    );

    // Orientation 6 turns the photo a quarter clockwise: its left (red)
    // half is on top.
    let html = site.read("public/hire/backend-developers/index.html");
    let (url, _) = srcset(&attr(&html, "<img class=\"avatar\"", "srcset"))
        .pop()
        .unwrap();
    let bytes =
        std::fs::read(site.path().join("public").join(url.trim_start_matches('/'))).unwrap();
    let photo = image::load_from_memory(&bytes).unwrap().to_rgb8();
    let (top, bottom) = (photo.get_pixel(96, 10), photo.get_pixel(96, 180));
    assert!(top[0] > 150 && top[2] < 100, "top is {top:?}, not red");
    assert!(
        bottom[2] > 150 && bottom[0] < 100,
        "bottom is {bottom:?}, not blue"
    );
}

#[test]
fn a_cached_build_encodes_nothing_and_is_identical_to_a_clean_one() {
    let (site, _) = site_with_images(&jpeg(400, 300), &png(1000, 500));
    let first = site.build_ok(&["-v"]);
    assert!(
        first.stdout.contains("images: 2 encoded, 0 from the cache"),
        "{}",
        first.stdout
    );
    let clean = site.tree("public");

    let second = site.build_ok(&["-v"]);
    assert!(
        second
            .stdout
            .contains("images: 0 encoded, 2 from the cache"),
        "{}",
        second.stdout
    );
    assert!(
        site.tree("public") == clean,
        "a cached build differs from a clean one"
    );

    // A changed photo is encoded again, and only it.
    site.write("static/images/david.jpg", jpeg(380, 300));
    let third = site.build_ok(&["-v"]);
    assert!(
        third.stdout.contains("images: 1 encoded, 1 from the cache"),
        "{}",
        third.stdout
    );

    // Without the cache, the same bytes again.
    std::fs::remove_dir_all(site.path().join(".hirepage-cache")).unwrap();
    site.write("static/images/david.jpg", jpeg(400, 300));
    site.build_ok(&[]);
    assert!(site.tree("public") == clean, "a clean rebuild differs");
}

/// Builds the site once, puts `bytes` at David's photo, and expects exit 1
/// with the old output untouched; returns stderr.
fn refused(bytes: &[u8]) -> String {
    refused_at("images/david.jpg", bytes, "content/roles/backend.md:15:12")
}

/// Builds the site once, puts `bytes` at the static image `image`, and
/// expects exit 1 with the old output untouched and an error about the
/// image at `place` (`file:line:column`, or `file:line`); returns stderr.
fn refused_at(image: &str, bytes: &[u8], place: &str) -> String {
    let (site, _) = site_with_images(&jpeg(200, 200), &png(600, 300));
    site.build_ok(&[]);
    let before = site.tree("public");
    site.write(&format!("static/{image}"), bytes);
    let run = site.run(&["build"]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(site.tree("public") == before, "the previous output changed");
    let error = format!("error: image `/{image}`");
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(&format!("{place}:")) && l.contains(&error)),
        "{}",
        run.stderr
    );
    run.stderr
}

#[test]
fn a_truncated_jpeg_is_refused_at_the_photo() {
    let whole = jpeg(300, 300);
    let err = refused(&whole[..whole.len() / 2]);
    assert!(err.contains("is truncated"), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn a_file_that_is_no_image_is_refused_at_the_photo() {
    let err = refused(b"not an image at all, just text");
    assert!(err.contains("cannot be decoded"), "{err}");
}

#[test]
fn a_header_claiming_too_many_pixels_is_refused_before_decoding() {
    let (site, line) = site_with_images(&jpeg(200, 200), &png(600, 300));
    site.build_ok(&[]);
    let before = site.tree("public");
    site.write("static/images/team.png", bomb());
    let started = std::time::Instant::now();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    assert!(site.tree("public") == before, "the previous output changed");
    let expected = format!("content/roles/backend.md:{line}:1: error: image `/images/team.png`");
    assert!(
        run.stderr.contains(&expected),
        "{expected} not in {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("100000 × 100000 pixels"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_photo_is_refused_at_the_photo() {
    let (site, _) = site_with_images(&jpeg(200, 200), &png(600, 300));
    std::fs::remove_file(site.path().join("static/images/david.jpg")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/roles/backend.md:15:12: error: image `/images/david.jpg` does not exist"
        ),
        "{}",
        run.stderr
    );
}

/// A PNG whose header claims 100,000 × 100,000 pixels, with a few bytes of
/// data: what a decompression bomb looks like before it is decoded.
fn bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let body = [kind, data].concat();
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend(100_000u32.to_be_bytes());
    header.extend(100_000u32.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &[0x78, 0x9c, 0x03, 0x00]);
    chunk(&mut out, b"IEND", b"");
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The tag that starts with `start` (`<img`) after the first `after` in
/// `html`.
fn tag_after<'a>(html: &'a str, after: &str, start: &str) -> &'a str {
    let from = html.find(after).unwrap_or_else(|| panic!("no {after}"));
    let at = from + html[from..].find(start).unwrap();
    &html[at..at + html[at..].find('>').unwrap() + 1]
}

#[test]
fn hero_and_testimonial_images_are_published_with_width_and_height() {
    let site = TestSite::fixture("minimal");
    site.write("static/images/office.jpg", jpeg(1200, 800));
    site.write("static/images/jane.jpg", jpeg(300, 240));
    let role = site
        .read("content/roles/backend.md")
        .replacen(
            "  subheading: Pre-screened engineers for your server side.\n",
            "  subheading: Pre-screened engineers for your server side.\n  image: /images/office.jpg\n  image_alt: Our office\n",
            1,
        )
        .replacen(
            "  company: Example Corp\n",
            "  company: Example Corp\n  photo: /images/jane.jpg\n",
            1,
        );
    site.write("content/roles/backend.md", role);
    let home = site.read("content/_index.md").replacen(
        "  subheading: Vetted engineers for every role.\n",
        "  subheading: Vetted engineers for every role.\n  image: /images/office.jpg\n",
        1,
    );
    site.write("content/_index.md", home);
    site.build_ok(&[]);

    let html = site.read("public/hire/backend-developers/index.html");
    let hero = tag_after(&html, "class=\"hero-picture\"", "<img");
    assert_eq!(
        srcset(&attr(hero, "<img", "srcset"))
            .iter()
            .map(|e| e.1)
            .collect::<Vec<_>>(),
        [320, 640, 960],
        "the theme's hero preset"
    );
    assert_eq!(attr(hero, "<img", "width"), "960");
    assert_eq!(attr(hero, "<img", "height"), "640");
    assert_eq!(attr(hero, "<img", "alt"), "Our office");
    assert_eq!(
        dimensions(&site, &attr(hero, "<img", "src")),
        (960, 640),
        "src is the largest width"
    );

    let quote = tag_after(&html, "class=\"section testimonial\"", "<img");
    assert_eq!(attr(quote, "<img", "alt"), "Photo of Jane Roe");
    assert_eq!(attr(quote, "<img", "width"), "192");
    assert_eq!(attr(quote, "<img", "height"), "192");
    assert_eq!(dimensions(&site, &attr(quote, "<img", "src")), (192, 192));

    let home = site.read("public/index.html");
    let hero = tag_after(&home, "class=\"hero-picture\"", "<img");
    assert_eq!(attr(hero, "<img", "width"), "960");
    assert!(
        hero.contains(" alt ") || hero.contains(" alt=\"\""),
        "no alt given: decoration, {hero}"
    );
}

/// `png` with the pixel data of its first `IDAT` chunk overwritten: the
/// header reads, the pixels do not (the chunk's checksum no longer
/// matches).
fn damaged_png() -> Vec<u8> {
    let mut bytes = png(600, 300);
    let idat = bytes
        .windows(4)
        .position(|w| w == b"IDAT")
        .expect("an IDAT chunk");
    for b in &mut bytes[idat + 8..idat + 200] {
        *b = 0x5A;
    }
    bytes
}

#[test]
fn an_image_damaged_past_its_header_is_refused_where_it_is_named() {
    // The header is read when the images are planned, before the pages;
    // the pixels while the pages render. The error still names the
    // place, and the previous output stays.
    let (_, line) = site_with_images(&[], &[]);
    let err = refused_at(
        "images/team.png",
        &damaged_png(),
        &format!("content/roles/backend.md:{line}"),
    );
    assert!(err.contains("cannot be decoded"), "{err}");
}

#[test]
fn a_variant_is_named_by_its_inputs_so_pages_need_not_wait_for_it() {
    // Pages are rendered while the variants are encoded, so a variant's
    // name cannot be the hash of its bytes: it is the hash of what makes
    // them (encoder settings, preset, source). Shown by changing what the
    // cache holds: the bytes published change, the names do not.
    let (site, _) = site_with_images(&jpeg(400, 300), &png(1000, 500));
    site.build_ok(&[]);
    let names = |site: &TestSite| -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(site.path().join("public/images"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("david-"))
            .collect();
        names.sort();
        names
    };
    let before = names(&site);
    assert!(!before.is_empty());
    let mut touched = 0;
    for entry in walkdir::WalkDir::new(site.path().join(".hirepage-cache/images")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "jpg") {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            bytes.extend_from_slice(b"\0");
            std::fs::write(entry.path(), bytes).unwrap();
            touched += 1;
        }
    }
    assert!(touched > 0, "no cached JPEG variant");
    site.build_ok(&[]);
    assert_eq!(names(&site), before);
}

#[test]
fn a_cache_entry_missing_a_variant_is_made_again() {
    let (site, _) = site_with_images(&jpeg(400, 300), &png(1000, 500));
    site.build_ok(&[]);
    let clean = site.tree("public");
    let removed = walkdir::WalkDir::new(site.path().join(".hirepage-cache/images"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("64x64."))
        .expect("a cached 64 px avatar variant");
    std::fs::remove_file(removed.path()).unwrap();
    let again = site.build_ok(&["-v"]);
    assert!(
        again.stdout.contains("images: 1 encoded, 1 from the cache"),
        "{}",
        again.stdout
    );
    assert!(site.tree("public") == clean, "the rebuild differs");
}
