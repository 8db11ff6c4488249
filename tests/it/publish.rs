//! Publishing to a CDN: content-hashed names, rewritten references,
//! `_headers`, minification, precompression, `manifest.json` and `diff`.
//!
//! The checks here read the output the way a browser or a CDN would, with
//! their own small parsers, not with hirepage's.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use sha2::Digest;

use crate::util::TestSite;

const HASHED_EXTENSIONS: &[&str] = &[
    "css", "js", "mjs", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "woff", "woff2",
    "ttf", "otf",
];

/// Whether a file name carries a content hash: `name.<8+ hex>.ext`.
fn has_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && {
        let hash = parts[parts.len() - 2];
        hash.len() >= 8
            && hash
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    }
}

/// The published path of the static file `key` (`css/site.css` ->
/// `css/site.3f9a1c2b.css`), found by listing the output folder.
pub fn published(site: &TestSite, key: &str) -> String {
    let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
    let (stem, ext) = name.rsplit_once('.').unwrap();
    let folder = site.path().join("public").join(dir);
    let mut found: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("no folder {}: {e}", folder.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(&format!("{stem}."))
                .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
                .is_some_and(|hash| has_hash(&format!("x.{hash}.y")))
        })
        .collect();
    assert_eq!(found.len(), 1, "one published name for {key}: {found:?}");
    let name = found.pop().unwrap();
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// The minimal site with static files that reference each other: a style
/// sheet importing another, fonts and images from CSS, images from Markdown
/// and raw HTML, and files that keep their names.
fn site_with_assets() -> TestSite {
    let site = TestSite::fixture("minimal");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}keep_names: [images/og.png, downloads/]\n"),
    );
    site.write(
        "static/css/extra.css",
        "@import \"base.css\";\n/* url(../images/not-there.png) */\n.hero { background: url(../images/hero.png) }\n@font-face { font-family: Inter; src: url(\"/fonts/inter.woff2\") format(\"woff2\"); }\n",
    );
    site.write(
        "static/css/base.css",
        "body { background: url('/images/dot.svg') }\n",
    );
    site.write("static/images/hero.png", b"\x89PNG hero");
    site.write("static/images/team.png", crate::images::png(40, 30));
    site.write("static/images/a.png", "hello\n");
    site.write("static/images/og.png", b"\x89PNG og");
    site.write(
        "static/images/dot.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("static/fonts/inter.woff2", b"wOF2 font");
    site.write("static/favicon.ico", b"\0\0\x01\0");
    site.write("static/downloads/guide.pdf", b"%PDF-1.4");
    site.write(
        "content/pages/team.md",
        "---\ntitle: Our team\ndescription: The people who vet every engineer we introduce to you.\n---\n\
         ![The team](/images/team.png)\n\n\
         <img srcset=\"/images/team.png 1x, /images/hero.png 2x\" src=\"../images/team.png\" alt=\"\">\n\n\
         [Our guide](/downloads/guide.pdf) and [a picture](../images/a.png).\n",
    );
    site
}

/// Every URL in the `href`, `src`, `srcset` and `content` attributes of an
/// HTML page, and in `url()` and `@import` of its inline CSS.
fn html_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["href", "src", "srcset", "content"] {
        for quote in ['"', '\''] {
            let needle = format!(" {attr}={quote}");
            for (at, _) in html.match_indices(&needle) {
                let start = at + needle.len();
                let end = start + html[start..].find(quote).unwrap();
                let value = html[start..end].replace("&amp;", "&");
                if attr == "srcset" {
                    for candidate in value.split(',') {
                        urls.push(candidate.split_whitespace().next().unwrap().to_string());
                    }
                } else if attr != "content" || value.starts_with("http") || value.starts_with('/') {
                    urls.push(value);
                }
            }
        }
    }
    urls.extend(css_urls(html));
    urls
}

/// Every URL in `url(…)` and `@import "…"` of a style sheet.
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (at, _) in lower.match_indices("url(") {
        let rest = &css[at + 4..];
        let end = rest.find(')').unwrap();
        urls.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
    }
    for (at, _) in lower.match_indices("@import") {
        let rest = css[at + 7..].trim_start();
        if let Some(q @ ('"' | '\'')) = rest.chars().next() {
            let end = rest[1..].find(q).unwrap();
            urls.push(rest[1..1 + end].to_string());
        }
    }
    urls
}

/// A reference that leaves the site or its base path.
#[derive(Debug)]
enum Resolved {
    /// Inside the site: the output path it names.
    File(String),
    /// Another site, a fragment, `mailto:` and the like.
    Elsewhere,
    /// On the site's host, outside its base path.
    Escapes,
}

/// Resolves `url`, found in the output file `from`, for a site published at
/// `origin` + `base_path` (`https://example.com`, `/preview/pr-42/`).
fn resolve(url: &str, from: &str, origin: &str, base_path: &str) -> Resolved {
    let url = url.split(['#', '?']).next().unwrap();
    if url.is_empty() || url.starts_with("data:") || url.starts_with("mailto:") {
        return Resolved::Elsewhere;
    }
    let absolute = if let Some(rest) = url.strip_prefix(origin) {
        if rest.is_empty() {
            "/".to_string()
        } else {
            rest.to_string()
        }
    } else if url.contains("://") || url.starts_with("//") {
        return Resolved::Elsewhere;
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        let dir = format!("{base_path}{from}");
        let dir = &dir[..dir.rfind('/').unwrap() + 1];
        let joined = format!("{dir}{url}");
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                p => parts.push(p),
            }
        }
        let trailing = if url.ends_with('/') || url.ends_with("..") {
            "/"
        } else {
            ""
        };
        format!("/{}{trailing}", parts.join("/")).replace("//", "/")
    };
    match absolute.strip_prefix(base_path) {
        Some(rest) if rest.is_empty() || rest.ends_with('/') => {
            Resolved::File(format!("{rest}index.html"))
        }
        Some(rest) => Resolved::File(rest.to_string()),
        None if format!("{absolute}/") == base_path => Resolved::File("index.html".into()),
        None => Resolved::Escapes,
    }
}

/// Every (file, URL, resolution) of the HTML and CSS files of `public/`.
fn references(site: &TestSite, origin: &str, base_path: &str) -> Vec<(String, String, Resolved)> {
    let mut refs = Vec::new();
    for (path, bytes) in site.tree("public") {
        let urls = if path.ends_with(".html") {
            html_urls(&String::from_utf8(bytes).unwrap())
        } else if path.ends_with(".css") {
            css_urls(&String::from_utf8(bytes).unwrap())
        } else {
            continue;
        };
        for url in urls {
            let resolved = resolve(&url, &path, origin, base_path);
            refs.push((path.clone(), url, resolved));
        }
    }
    refs
}

/// Asserts that every reference of the output names a file that exists and
/// that no reference names a static file by its unhashed name.
fn assert_references_resolve(site: &TestSite, origin: &str, base_path: &str, kept: &[&str]) {
    let refs = references(site, origin, base_path);
    assert!(refs.len() > 100, "too few references found: {}", refs.len());
    let mut assets = 0;
    for (file, url, resolved) in refs {
        match resolved {
            Resolved::File(target) => {
                assert!(
                    site.exists(&format!("public/{target}")),
                    "{file}: `{url}` points to {target}, which is not in the output"
                );
                let ext = target.rsplit('.').next().unwrap();
                if HASHED_EXTENSIONS.contains(&ext) {
                    assets += 1;
                    assert!(
                        has_hash(&target) || kept.contains(&target.as_str()),
                        "{file}: `{url}` names an asset without its content hash"
                    );
                }
            }
            Resolved::Escapes => panic!("{file}: `{url}` leaves {base_path}"),
            Resolved::Elsewhere => {}
        }
    }
    assert!(assets > 0, "no asset references were checked");
}

/// The published names that carry a content hash.
fn hashed_names(site: &TestSite) -> BTreeSet<String> {
    site.tree("public")
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| has_hash(p))
        .collect()
}

/// The names in one set and not the other, without their hashes.
fn renamed(before: &BTreeSet<String>, after: &BTreeSet<String>) -> BTreeSet<String> {
    before
        .symmetric_difference(after)
        .map(|p| {
            let mut parts: Vec<&str> = p.split('.').collect();
            parts.remove(parts.len() - 2);
            parts.join(".")
        })
        .collect()
}

#[test]
fn hashed_names_change_exactly_when_the_bytes_change() {
    let site = site_with_assets();
    site.build_ok(&[]);
    let first = hashed_names(&site);
    // SHA-256 of "hello\n" starts with 5891b5b5, on every machine.
    assert!(first.contains("images/a.5891b5b5.png"), "{first:?}");
    for key in [
        "css/site.css",
        "css/extra.css",
        "css/base.css",
        "favicon.svg",
        "images/hero.png",
        "images/dot.svg",
        "fonts/inter.woff2",
    ] {
        assert_ne!(published(&site, key), key);
        assert!(
            !site.exists(&format!("public/{key}")),
            "{key} is also published unhashed"
        );
    }
    for kept in [
        "favicon.ico",
        "robots.txt",
        "images/og.png",
        "downloads/guide.pdf",
    ] {
        assert!(
            site.exists(&format!("public/{kept}")),
            "{kept} keeps its name"
        );
    }

    // Same bytes, same names.
    site.build_ok(&[]);
    assert_eq!(hashed_names(&site), first);

    // An image that only pages show: only its own name changes.
    site.write("static/images/a.png", "hello, again\n");
    site.build_ok(&[]);
    let second = hashed_names(&site);
    assert_eq!(
        renamed(&first, &second),
        BTreeSet::from(["images/a.png".into()])
    );

    // An image named by a style sheet, which another one imports: the
    // style sheets' bytes name the new image, so their names change too.
    site.write(
        "static/images/dot.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
    );
    site.build_ok(&[]);
    let third = hashed_names(&site);
    assert_eq!(
        renamed(&second, &third),
        BTreeSet::from([
            "css/base.css".into(),
            "css/extra.css".into(),
            "images/dot.svg".into()
        ])
    );
    let base = site.read(&format!("public/{}", published(&site, "css/base.css")));
    assert!(
        base.contains(&format!("/{}", published(&site, "images/dot.svg"))),
        "{base}"
    );

    // Back to the first bytes, back to the first names.
    site.write("static/images/a.png", "hello\n");
    site.write(
        "static/images/dot.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok(&[]);
    assert_eq!(hashed_names(&site), first);
}

#[test]
fn every_referenced_asset_exists_under_its_hashed_name() {
    let site = site_with_assets();
    site.build_ok(&[]);
    assert_references_resolve(
        &site,
        "https://talent.example.com",
        "/",
        &["favicon.ico", "images/og.png"],
    );
    let team = site.read("public/team/index.html");
    let hero = published(&site, "images/hero.png");
    let photo = published(&site, "images/team.png");
    // The Markdown image is published in its widths (`images.rs`), the
    // raw HTML ones under the original's hashed name.
    assert!(team.contains("src=\"/images/team-40."), "{team}");
    assert!(
        team.contains(&format!("srcset=\"/{photo} 1x, /{hero} 2x\"")),
        "{team}"
    );
    assert!(team.contains(&format!("src=\"../{photo}\"")), "{team}");
    assert!(team.contains("href=\"/downloads/guide.pdf\""), "{team}");
    let extra = site.read(&format!("public/{}", published(&site, "css/extra.css")));
    let base_name = published(&site, "css/base.css");
    assert!(
        extra.contains(&format!(
            "@import \"{}\"",
            base_name.trim_start_matches("css/")
        )),
        "{extra}"
    );
    assert!(!extra.contains("not-there"), "comments are minified away");

    let example = TestSite::example();
    example.build_ok(&[]);
    assert_references_resolve(&example, "https://hire.cordillera.example", "/", &[]);
}

#[test]
fn a_style_sheet_naming_a_missing_file_is_an_error() {
    let site = TestSite::fixture("minimal");
    site.write(
        "static/css/extra.css",
        "body {\n  background: url(../images/missing.png);\n}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "static/css/extra.css:2:19: error: `../images/missing.png` points to images/missing.png, which is not a static file"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn sub_path_builds_have_no_link_that_escapes_the_sub_path() {
    let site = TestSite::example();
    site.build_ok(&["--base-url", "https://example.com/preview/pr-42/"]);
    assert_references_resolve(&site, "https://example.com", "/preview/pr-42/", &[]);
    // Absolute URLs anywhere (JSON-LD, sitemap, robots.txt) stay inside too.
    for (path, bytes) in site.tree("public") {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for (at, _) in text.match_indices("https://example.com") {
            assert!(
                text[at..].starts_with("https://example.com/preview/pr-42/"),
                "{path}: {}",
                &text[at..(at + 60).min(text.len())]
            );
        }
    }
    let html = site.read("public/hire/backend-developers/index.html");
    assert!(html.contains(&format!(
        "href=\"/preview/pr-42/{}\"",
        published(&site, "css/site.css")
    )));

    // A theme style sheet written for a site at `/` follows the sub-path.
    let site = site_with_assets();
    site.build_ok(&["--base-url", "https://example.com/preview/pr-42/"]);
    assert_references_resolve(
        &site,
        "https://example.com",
        "/preview/pr-42/",
        &["favicon.ico", "images/og.png"],
    );
}

/// The `(pattern, headers)` rules of a `_headers` file.
fn header_rules(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix("  ") {
            let (name, value) = header.split_once(": ").unwrap();
            let rule = rules.last_mut().expect("a header before any path");
            rule.1.push((name.to_string(), value.to_string()));
        } else {
            rules.push((line.to_string(), Vec::new()));
        }
    }
    rules
}

/// The values of `name` that the rules give to the URL path `url`.
fn headers_for<'a>(
    rules: &'a [(String, Vec<(String, String)>)],
    url: &str,
    name: &str,
) -> Vec<&'a str> {
    rules
        .iter()
        .filter(|(pattern, _)| match pattern.strip_suffix('*') {
            Some(prefix) => url.starts_with(prefix),
            None => url == pattern,
        })
        .flat_map(|(_, headers)| {
            headers
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        })
        .collect()
}

#[test]
fn headers_cache_hashed_files_forever_and_the_rest_briefly() {
    let site = site_with_assets();
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}precompress: true\n"));
    site.build_ok(&[]);
    let rules = header_rules(&site.read("public/_headers"));
    let mut checked = 0;
    for (path, _) in site.tree("public") {
        if path == "_headers" || path.ends_with(".gz") || path.ends_with(".br") {
            continue;
        }
        // How a browser asks for it: `hire/index.html` is `/hire/`.
        let url = format!("/{}", path.strip_suffix("index.html").unwrap_or(&path));
        let cache = headers_for(&rules, &url, "Cache-Control");
        assert_eq!(
            cache.len(),
            1,
            "{url}: Cache-Control set {} times",
            cache.len()
        );
        if has_hash(&path) {
            assert_eq!(cache[0], "public, max-age=31536000, immutable", "{url}");
        } else {
            assert!(cache[0].contains("must-revalidate"), "{url}: {}", cache[0]);
            assert!(!cache[0].contains("immutable"), "{url}");
        }
        assert_eq!(
            headers_for(&rules, &url, "X-Content-Type-Options"),
            ["nosniff"]
        );
        assert_eq!(headers_for(&rules, &url, "Referrer-Policy").len(), 1);
        let csp = headers_for(&rules, &url, "Content-Security-Policy");
        assert_eq!(csp.len(), 1, "{url}");
        assert!(csp[0].contains("script-src 'self'") && !csp[0].contains("unsafe-inline"));
        checked += 1;
    }
    assert!(checked > 20);
    // Compressed copies of hashed files are just as immutable.
    let css = published(&site, "css/site.css");
    assert_eq!(
        headers_for(&rules, &format!("/{css}.br"), "Cache-Control"),
        ["public, max-age=31536000, immutable"]
    );
}

#[test]
fn the_default_theme_satisfies_the_content_security_policy() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let csp = site
        .read("public/_headers")
        .lines()
        .find_map(|l| l.strip_prefix("  Content-Security-Policy: "))
        .unwrap()
        .to_string();
    for directive in [
        "script-src 'self'",
        "style-src 'self'",
        "default-src 'self'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    for (path, bytes) in site.tree("public") {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if path.ends_with(".html") {
            let lower = text.to_ascii_lowercase();
            for (at, _) in lower.match_indices("<script") {
                let tag = &lower[at..at + lower[at..].find('>').unwrap()];
                assert!(
                    tag.contains(" src=") || tag.contains("type=\"application/ld+json\""),
                    "{path}: inline script `{tag}>` is blocked by script-src 'self'"
                );
            }
            assert!(
                !lower.contains("<style"),
                "{path}: inline <style> is blocked"
            );
            assert!(
                !lower.contains(" style="),
                "{path}: style attributes are blocked"
            );
            assert!(
                !lower.contains("javascript:"),
                "{path}: javascript: URLs are blocked"
            );
            for needle in [
                " onclick=",
                " onload=",
                " onerror=",
                " onchange=",
                " onsubmit=",
            ] {
                assert!(
                    !lower.contains(needle),
                    "{path}: event handler attributes are blocked"
                );
            }
        }
        if path.ends_with(".html") || path.ends_with(".css") {
            // Scripts, styles, images and fonts come from the site itself.
            let urls = if path.ends_with(".css") {
                css_urls(&text)
            } else {
                let mut urls = Vec::new();
                for needle in [
                    " src=\"",
                    "stylesheet\" href=\"",
                    "icon\" href=\"",
                    "preload\" href=\"",
                ] {
                    for (at, _) in text.match_indices(needle) {
                        let start = at + needle.len();
                        urls.push(
                            text[start..start + text[start..].find('"').unwrap()].to_string(),
                        );
                    }
                }
                urls
            };
            for url in urls {
                assert!(
                    !url.contains("://") && !url.starts_with("//"),
                    "{path}: `{url}` is another origin"
                );
            }
        }
    }
}

/// The text a reader sees: tags dropped, whitespace collapsed.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn minified_pages_are_smaller_and_read_the_same() {
    let minified = TestSite::example();
    minified.build_ok(&[]);
    let plain = TestSite::example();
    let config = plain.read("site.yaml");
    plain.write("site.yaml", format!("{config}minify: false\n"));
    plain.build_ok(&[]);

    let (small, large): (BTreeMap<_, _>, BTreeMap<_, _>) = (
        minified.tree("public").into_iter().collect(),
        plain.tree("public").into_iter().collect(),
    );
    let mut pages = 0;
    for (path, bytes) in &large {
        if !path.ends_with(".html") {
            continue;
        }
        let (a, b) = (
            String::from_utf8(small[path].clone()).unwrap(),
            String::from_utf8(bytes.clone()).unwrap(),
        );
        // A redirect page (a few lines at an old URL) is written as it is.
        if b.contains("<meta http-equiv=\"refresh\"") {
            assert_eq!(a, b, "{path}");
            continue;
        }
        assert!(a.len() < b.len(), "{path} is not smaller minified");
        assert!(a.starts_with("<!doctype html>"), "{path}");
        assert_eq!(
            visible_text(&a),
            visible_text(&b),
            "{path} reads differently"
        );
        pages += 1;
    }
    assert!(pages > 80);
    let css = |site: &TestSite| site.read(&format!("public/{}", published(site, "css/site.css")));
    assert!(css(&minified).len() < css(&plain).len());
    assert!(!css(&minified).contains("/*"));
}

#[test]
fn precompressed_copies_decompress_to_their_originals() {
    let site = site_with_assets();
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}precompress: true\n"));
    site.build_ok(&[]);
    let files: BTreeMap<String, Vec<u8>> = site.tree("public").into_iter().collect();
    let mut copies = 0;
    for (path, bytes) in &files {
        let (original, decoded) = if let Some(original) = path.strip_suffix(".gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .unwrap();
            (original, out)
        } else if let Some(original) = path.strip_suffix(".br") {
            let mut out = Vec::new();
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_end(&mut out)
                .unwrap();
            (original, out)
        } else {
            continue;
        };
        let source = files
            .get(original)
            .unwrap_or_else(|| panic!("{path} has no original"));
        assert!(
            decoded == *source,
            "{path} does not decompress to {original}"
        );
        assert!(bytes.len() < source.len(), "{path} is not smaller");
        let ext = original.rsplit('.').next().unwrap();
        assert!(
            ["html", "css", "js", "xml", "json", "txt", "svg"].contains(&ext),
            "{path}: only text files are compressed"
        );
        copies += 1;
    }
    // Every page, the style sheets and the sitemap have both copies.
    for (path, _) in files.iter().filter(|(p, b)| {
        (p.ends_with(".html") || p.ends_with(".css") || p.ends_with(".xml")) && b.len() > 1024
    }) {
        assert!(files.contains_key(&format!("{path}.gz")), "{path}.gz");
        assert!(files.contains_key(&format!("{path}.br")), "{path}.br");
    }
    assert!(copies > 30, "{copies}");
    assert!(
        !files
            .keys()
            .any(|p| p.contains(".png.") || p.contains(".woff2."))
    );
}

#[test]
fn two_builds_are_byte_identical_with_every_option_on() {
    let site = site_with_assets();
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}precompress: true\nminify: true\n"),
    );
    site.build_ok(&[]);
    let first = site.tree("public");
    site.build_ok(&[]);
    let second = site.tree("public");
    assert!(first.len() > 40);
    assert!(first == second, "two builds differ");
}

#[test]
fn the_manifest_lists_every_file_with_its_size_and_hash() {
    let site = site_with_assets();
    site.build_ok(&[]);
    let text = site.read("public/manifest.json");
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = manifest["files"].as_object().unwrap();
    let tree = site.tree("public");
    let listed: Vec<&String> = entries.keys().collect();
    let on_disk: Vec<&String> = tree
        .iter()
        .map(|(p, _)| p)
        .filter(|p| *p != "manifest.json")
        .collect();
    assert_eq!(listed, on_disk);
    // Sorted in the file itself, not only by the JSON reader.
    let positions: Vec<usize> = on_disk
        .iter()
        .map(|p| text.find(&format!("\"{p}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    for (path, bytes) in &tree {
        let Some(entry) = entries.get(path) else {
            continue;
        };
        assert_eq!(entry["size"], bytes.len(), "{path}");
        let sha = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        assert_eq!(entry["sha256"], sha, "{path}");
        // A social card's name carries the hash of what decides its bytes
        // (its SVG, fonts and renderer), known before it is drawn; so does
        // an image variant's (`team-40.<hash>.webp`: settings, preset,
        // source), known before it is encoded.
        let variant = path
            .rsplit('.')
            .nth(2)
            .and_then(|stem| stem.rsplit_once('-'))
            .is_some_and(|(_, width)| width.bytes().all(|b| b.is_ascii_digit()));
        if has_hash(path) && !path.starts_with("cards/") && !variant {
            assert!(
                sha.starts_with(path.rsplit('.').nth(1).unwrap()),
                "{path}: the name's hash is the content's"
            );
        }
    }
    assert_eq!(
        entries["index.html"]["content_type"],
        "text/html; charset=utf-8"
    );
    assert_eq!(
        entries["downloads/guide.pdf"]["content_type"],
        "application/pdf"
    );
}

/// Runs `hirepage diff` and returns (uploads, deletes) of its text output.
fn diff(site: &TestSite, old: &str) -> (Vec<String>, Vec<String>, String) {
    let run = site.run(&["diff", old]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut upload = Vec::new();
    let mut delete = Vec::new();
    for line in run.stdout.lines() {
        match line.split_once(' ') {
            Some(("upload", path)) => upload.push(path.to_string()),
            Some(("delete", path)) => delete.push(path.to_string()),
            _ => panic!("unexpected line `{line}`"),
        }
    }
    (upload, delete, run.stdout + &run.stderr)
}

/// The files whose bytes differ between two trees, and the files gone.
fn changed(
    before: &[(String, Vec<u8>)],
    after: &[(String, Vec<u8>)],
) -> (Vec<String>, Vec<String>) {
    let before: BTreeMap<_, _> = before.iter().cloned().collect();
    let after: BTreeMap<_, _> = after.iter().cloned().collect();
    let mut upload: Vec<String> = after
        .iter()
        .filter(|(p, b)| *p != "manifest.json" && before.get(*p) != Some(b))
        .map(|(p, _)| p.clone())
        .collect();
    upload.sort();
    let delete = before
        .keys()
        .filter(|p| !after.contains_key(*p))
        .cloned()
        .collect();
    (upload, delete)
}

#[test]
fn diff_after_a_one_role_edit_lists_only_what_changed() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let before = site.tree("public");
    site.write("old-manifest.json", site.read("public/manifest.json"));

    let role = "content/roles/backend-developers.md";
    let text = site.read(role);
    site.write(
        role,
        text.replacen(
            "## Why hire a backend developer?\n",
            "## Why hire a backend developer?\n\nA sentence added for this test.\n",
            1,
        ),
    );
    site.build_ok(&[]);
    let after = site.tree("public");
    let (upload, delete, output) = diff(&site, "old-manifest.json");
    assert_eq!((upload.clone(), delete.clone()), changed(&before, &after));
    assert_eq!(upload, ["hire/backend-developers/index.html"], "{output}");
    assert!(delete.is_empty());
    assert!(
        output.starts_with("upload hire/backend-developers/index.html\n1 to upload ("),
        "{output}"
    );
    assert!(
        output.ends_with(&format!(
            " KB), 0 to delete, {} unchanged\n",
            after.len() - 2
        )),
        "{output}"
    );

    let json = site.run(&["diff", "old-manifest.json", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        json["upload"][0]["path"],
        "hire/backend-developers/index.html"
    );
    assert_eq!(
        json["upload"][0]["content_type"],
        "text/html; charset=utf-8"
    );
    assert_eq!(json["delete"], serde_json::json!([]));
    assert_eq!(json["unchanged"], after.len() - 2);
}

#[test]
fn diff_after_a_style_sheet_edit_uploads_it_first_and_deletes_the_old_one() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    let before = site.tree("public");
    let old_css = published(&site, "css/site.css");
    site.write("old.json", site.read("public/manifest.json"));
    let css = site.read("themes/default/static/css/site.css");
    site.write(
        "themes/default/static/css/site.css",
        format!("{css}\n.new {{ color: red }}\n"),
    );
    site.build_ok(&[]);
    let new_css = published(&site, "css/site.css");
    assert_ne!(old_css, new_css);

    let (upload, delete, _) = diff(&site, "old.json");
    let mut sorted = upload.clone();
    sorted.sort();
    assert_eq!(
        (sorted, delete.clone()),
        changed(&before, &site.tree("public"))
    );
    // The new style sheet goes up before the pages that name it.
    assert_eq!(upload[0], new_css);
    assert!(upload.contains(&"index.html".to_string()));
    assert_eq!(delete, [old_css]);
}

#[test]
fn diff_needs_two_manifests() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["diff", "old.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("public/manifest.json does not exist"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: run `hirepage build` first"),
        "{}",
        run.stderr
    );

    site.build_ok(&[]);
    let run = site.run(&["diff", "old.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cannot read old.json"),
        "{}",
        run.stderr
    );

    site.write("old.json", "{\"pages\": []}");
    let run = site.run(&["diff", "old.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("old.json is not a hirepage manifest"),
        "{}",
        run.stderr
    );

    // A first deploy compares with an empty manifest: everything uploads.
    site.write("old.json", "{\"files\": {}}");
    let (upload, delete, _) = diff(&site, "old.json");
    assert_eq!(upload.len(), site.tree("public").len() - 1);
    assert!(delete.is_empty());
}
