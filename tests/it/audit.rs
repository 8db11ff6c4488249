//! The quality bars of the product contract, measured on the example site
//! built with the default theme (issue 3): the Nu HTML Checker (vnu) and
//! axe-core on every page, Lighthouse on the largest page of every kind.
//!
//! The audits live in `tests/audit/audit.mjs` (Node, Debian's chromium,
//! Java for vnu); this test builds the site with the real binary, runs the
//! script and fails with its list of problems. A missing prerequisite is a
//! failure that says how to install it, never a silent skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{TestSite, repo};

/// The npm packages `tests/audit/package.json` pins.
const PACKAGES: [&str; 4] = ["axe-core", "lighthouse", "puppeteer-core", "vnu-jar"];

#[test]
#[ignore = "needs node, java, chromium and tests/audit/node_modules: bash .ci/run runs it"]
fn the_example_site_passes_vnu_axe_and_lighthouse() {
    let audit = repo().join("tests/audit");
    require_prerequisites(&audit);

    let site = TestSite::example();
    site.build_ok(&[]);
    let output = Command::new("node")
        .arg(audit.join("audit.mjs"))
        .arg(site.path().join("public"))
        .current_dir(&audit)
        .stdin(Stdio::null())
        .output()
        .expect("cannot run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the audits of the example site failed (exit {:?}):\n{stdout}\n{stderr}",
        output.status.code()
    );
    // The figures, shown with `cargo test -- --nocapture`.
    println!("{stdout}");
}

/// Fails with install instructions when node, java, chromium or the npm
/// packages are missing.
fn require_prerequisites(audit: &Path) {
    let mut missing = Vec::new();
    if !runs("node", &["--version"]) {
        missing.push("node: apt-get install nodejs npm".to_string());
    }
    if !runs("java", &["-version"]) {
        missing.push("java 17 or later: apt-get install openjdk-17-jre-headless".to_string());
    }
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        missing.push(format!(
            "{}: apt-get install chromium (or set CHROMIUM to a chromium binary)",
            chromium.display()
        ));
    }
    let absent: Vec<&str> = PACKAGES
        .into_iter()
        .filter(|p| {
            !audit
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        })
        .collect();
    if !absent.is_empty() {
        missing.push(format!(
            "tests/audit/node_modules ({}): npm ci --ignore-scripts --prefix tests/audit",
            absent.join(", ")
        ));
    }
    assert!(
        missing.is_empty(),
        "the audit test cannot run; missing:\n  - {}\n\
         `bash .ci/run` installs all of them (as root), or run the commands above.",
        missing.join("\n  - ")
    );
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What search engines and link previews read, checked on every page of
/// the example site without a browser: one `lang`, a unique title and
/// description, canonical, Open Graph and Twitter tags, JSON-LD with
/// Organization and BreadcrumbList, FAQPage exactly where questions are
/// shown, one `h1` and no skipped heading level.
#[test]
fn every_page_has_search_and_sharing_metadata() {
    let site = TestSite::example();
    site.build_ok(&[]);
    let public = site.path().join("public");
    let mut titles = BTreeMap::new();
    let mut descriptions = BTreeMap::new();
    let mut problems = Vec::new();
    let mut pages = 0;
    let mut redirects = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let page = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .display()
            .to_string();
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let mut problem = |what: String| problems.push(format!("{page}: {what}"));
        // A redirect page: no page of the site, but it must say where the
        // page went and keep itself out of search results.
        if html.contains("<meta http-equiv=\"refresh\"") {
            redirects += 1;
            if !html.contains("<meta name=\"robots\" content=\"noindex\">")
                || !html.contains("<link rel=\"canonical\" href=\"https://")
            {
                problem("a redirect page without noindex or a canonical link".into());
            }
            continue;
        }

        // The pages of the other languages live under /<code>/.
        let lang = ["es", "pt"]
            .into_iter()
            .find(|code| page.starts_with(&format!("{code}/")))
            .unwrap_or("en");
        let home = match lang {
            "en" => "https://hire.cordillera.example/".to_string(),
            code => format!("https://hire.cordillera.example/{code}/"),
        };
        if !html.starts_with(&format!("<!doctype html>\n<html lang=\"{lang}\">")) {
            problem(format!(
                "no doctype or <html lang=\"{lang}\"> (its language)"
            ));
        }
        match between(&html, "<title>", "</title>") {
            Some(title) if !title.trim().is_empty() => {
                if let Some(other) = titles.insert(title.to_string(), page.clone()) {
                    problem(format!("same <title> as {other}: {title}"));
                }
            }
            _ => problem("no <title>".into()),
        }
        match meta(&html, "name", "description") {
            Some(d) if !d.is_empty() => {
                if let Some(other) = descriptions.insert(d.to_string(), page.clone()) {
                    problem(format!("same meta description as {other}"));
                }
            }
            _ => problem("no meta description".into()),
        }
        let canonical = between(&html, "<link rel=\"canonical\" href=\"", "\"");
        match canonical {
            Some(url) if url.starts_with("https://hire.cordillera.example/") => {}
            other => problem(format!("canonical is not absolute on base_url: {other:?}")),
        }
        if meta(&html, "property", "og:url") != canonical {
            problem("og:url differs from the canonical URL".into());
        }
        for (attr, name) in [
            ("property", "og:type"),
            ("property", "og:site_name"),
            ("property", "og:title"),
            ("property", "og:description"),
            ("name", "twitter:card"),
            ("name", "twitter:title"),
            ("name", "twitter:description"),
        ] {
            if meta(&html, attr, name).is_none_or(str::is_empty) {
                problem(format!("no {name}"));
            }
        }

        let json_ld = between(&html, "<script type=\"application/ld+json\">", "</script>")
            .map(serde_json::from_str::<serde_json::Value>);
        let graph = match json_ld {
            Some(Ok(value)) => value["@graph"].as_array().cloned().unwrap_or_default(),
            Some(Err(e)) => {
                problem(format!("JSON-LD does not parse: {e}"));
                Vec::new()
            }
            None => {
                problem("no JSON-LD".into());
                Vec::new()
            }
        };
        let node = |kind: &str| graph.iter().find(|n| n["@type"] == kind).cloned();
        if node("Organization").is_none() {
            problem("no Organization in JSON-LD".into());
        }
        match node("BreadcrumbList") {
            Some(list) if list["itemListElement"][0]["item"] == home.as_str() => {}
            _ => problem("no BreadcrumbList starting at the home page".into()),
        }
        let shown = html.matches("<details class=\"question\">").count()
            + html.matches("<li class=\"question-item\">").count();
        let in_json = node("FAQPage").map_or(0, |f| f["mainEntity"].as_array().map_or(0, Vec::len));
        if shown != in_json {
            problem(format!(
                "{shown} questions shown, {in_json} in the FAQPage JSON-LD"
            ));
        }

        let levels = heading_levels(&html);
        if levels.iter().filter(|&&l| l == 1).count() != 1 || levels.first() != Some(&1) {
            problem(format!("not exactly one h1, first: {levels:?}"));
        }
        if let Some(w) = levels.windows(2).find(|w| w[1] > w[0] + 1) {
            problem(format!("heading level skipped: h{} then h{}", w[0], w[1]));
        }
    }
    assert!(pages > 50, "only {pages} pages");
    assert!(
        redirects >= 2,
        "the example's alias and redirect: {redirects}"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The text between the first `start` and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// The content of `<meta {attr}="{name}" content="…">`.
fn meta<'a>(html: &'a str, attr: &str, name: &str) -> Option<&'a str> {
    between(html, &format!("<meta {attr}=\"{name}\" content=\""), "\"")
}

/// The levels of the `<h1>`…`<h6>` elements, in document order.
fn heading_levels(html: &str) -> Vec<u32> {
    html.match_indices("<h")
        .filter_map(|(at, _)| {
            let rest = &html.as_bytes()[at + 2..];
            let level = (*rest.first()? as char).to_digit(10)?;
            ((1..=6).contains(&level) && matches!(rest.get(1), Some(b' ' | b'>'))).then_some(level)
        })
        .collect()
}

/// A candidate photo is an image with a text alternative, a fixed size (no
/// layout shift) and lazy loading; without a photo the card shows initials
/// hidden from screen readers.
#[test]
fn candidate_photos_have_alt_size_and_lazy_loading() {
    let site = TestSite::fixture("minimal");
    site.write("static/images/ana.png", crate::images::png(200, 200));
    let role = site.read("content/roles/backend.md").replace(
        "  - name: Ana P.\n",
        "  - name: Ana P.\n    photo: /images/ana.png\n",
    );
    site.write("content/roles/backend.md", role);
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers/index.html");
    let img =
        between(&html, "<img class=\"avatar\" src=\"/images/ana", ">").expect("no candidate photo");
    for attr in [
        "alt=\"Photo of Ana P.\"",
        // The largest variant of the avatar preset (64/128/192): the shape,
        // which is what prevents a layout shift; CSS shows it 56 px.
        "width=\"192\"",
        "height=\"192\"",
        "loading=\"lazy\"",
    ] {
        assert!(img.contains(attr), "{attr} missing in <img {img}>");
    }
    assert!(html.contains("<span class=\"avatar\" aria-hidden=\"true\">DR</span>"));
}
