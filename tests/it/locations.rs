//! Locations and redirects (issue 14), on `tests/fixtures/locations`: a
//! bar of 2 candidates (`location_pages.min_candidates`), three locations
//! (Peru without candidates), one combination with copy of its own below
//! the bar, an alias and a redirect in `site.yaml`.

use std::collections::BTreeSet;

use crate::util::TestSite;

fn site() -> TestSite {
    TestSite::fixture("locations")
}

/// Every page the build wrote, as site paths.
fn pages(site: &TestSite) -> BTreeSet<String> {
    walkdir::WalkDir::new(site.path().join("public"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e.path().strip_prefix(site.path().join("public")).unwrap();
            let dir = rel.parent().unwrap().to_string_lossy().replace('\\', "/");
            if dir.is_empty() {
                "/".to_string()
            } else {
                format!("/{dir}/")
            }
        })
        .collect()
}

/// Every `href` of every page.
fn all_links(site: &TestSite) -> BTreeSet<String> {
    let mut links = BTreeSet::new();
    for page in pages(site) {
        let html = site.read(&format!("public{page}index.html"));
        for part in html.split("href=").skip(1) {
            let part = part.trim_start_matches(['"', '\'']);
            let end = part.find(['"', '\'', ' ', '>']).unwrap_or(part.len());
            links.insert(part[..end].to_string());
        }
    }
    links
}

/// The combinations of the fixture: which pass the bar of 2, or have copy.
const MADE: [&str; 7] = [
    "/hire/developers-in-mexico/",
    "/hire/developers-in-chile/",
    "/hire/developers-in-peru/",
    "/hire/backend-developers-in-mexico/",
    "/hire/frontend-developers-in-chile/",
    "/hire/python-developers-in-mexico/",
    "/hire/python-developers-in-chile/",
];
const BELOW_THE_BAR: [&str; 5] = [
    "/hire/backend-developers-in-chile/",
    "/hire/frontend-developers-in-mexico/",
    "/hire/sql-developers-in-mexico/",
    "/hire/react-developers-in-mexico/",
    "/hire/react-developers-in-chile/",
];

#[test]
fn pages_in_locations_exist_exactly_where_the_bar_or_copy_says() {
    let site = site();
    site.build_ok(&[]);
    let pages = pages(&site);
    for url in MADE {
        assert!(pages.contains(url), "{url} missing: {pages:#?}");
    }
    let sitemap = site.read("public/sitemap.xml");
    let links = all_links(&site);
    for url in BELOW_THE_BAR {
        assert!(!pages.contains(url), "{url} is below the bar");
        assert!(!sitemap.contains(url), "{url} is in the sitemap");
        assert!(!links.contains(url), "{url} is linked");
    }
    for url in MADE {
        assert!(
            sitemap.contains(&format!("https://talent.example.com{url}")),
            "{url} not in the sitemap"
        );
        assert!(links.contains(url), "nothing links to {url}");
    }
}

#[test]
fn the_bar_comes_from_site_yaml() {
    let site = site();
    let config = site
        .read("site.yaml")
        .replace("min_candidates: 2", "min_candidates: 1");
    site.write("site.yaml", config);
    site.build_ok(&[]);
    let pages = pages(&site);
    for url in BELOW_THE_BAR {
        assert!(pages.contains(url), "{url} passes a bar of 1");
    }
    let site = TestSite::fixture("locations");
    let config = site
        .read("site.yaml")
        .replace("min_candidates: 2", "min_candidates: 0");
    site.write("site.yaml", config);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("site.yaml:7") && run.stderr.contains("min_candidates"),
        "{}",
        run.stderr
    );
}

#[test]
fn role_skill_and_directory_pages_link_to_the_location_pages_that_exist() {
    let site = site();
    site.build_ok(&[]);
    let role = site.read("public/hire/backend-developers/index.html");
    assert!(role.contains(r#"href="/hire/backend-developers-in-mexico/""#));
    assert!(!role.contains("backend-developers-in-chile"));
    let skill = site.read("public/hire/python-developers/index.html");
    assert!(skill.contains(r#"href="/hire/python-developers-in-mexico/""#));
    assert!(skill.contains(r#"href="/hire/python-developers-in-chile/""#));
    let directory = site.read("public/hire/index.html");
    for hub in &MADE[..3] {
        assert!(directory.contains(&format!("href=\"{hub}\"")), "{hub}");
    }
    // The hub lists the roles with candidates there: the role's page in the
    // location when it exists, else the role page.
    let hub = site.read("public/hire/developers-in-mexico/index.html");
    assert!(hub.contains(r#"href="/hire/backend-developers-in-mexico/""#));
    assert!(hub.contains(r#"href="/hire/frontend-developers/""#));
    assert!(hub.contains("About 700,000 developers"), "facts");
    assert!(hub.contains("US Eastern"), "time zone overlap");
    let peru = site.read("public/hire/developers-in-peru/index.html");
    assert!(
        !peru.contains("ready to interview"),
        "no candidates in Peru"
    );
}

/// The JSON-LD graph of a page.
fn graph(html: &str) -> Vec<serde_json::Value> {
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let doc: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    doc["@graph"].as_array().unwrap().clone()
}

#[test]
fn breadcrumbs_faq_and_area_served_follow_the_locations() {
    let site = site();
    site.build_ok(&[]);
    let html = site.read("public/hire/backend-developers-in-mexico/index.html");
    let graph = graph(&html);
    let node = |kind: &str| graph.iter().find(|n| n["@type"] == kind).unwrap().clone();
    let crumbs = node("BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Home",
            "Hire developers",
            "Mexico",
            "Hire Backend Developers in Mexico"
        ]
    );
    assert_eq!(
        items[2]["item"],
        "https://talent.example.com/hire/developers-in-mexico/"
    );
    let organization = node("Organization");
    let served: Vec<&str> = organization["areaServed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(served, ["Chile", "Mexico", "Peru"]);
    let hub = site.read("public/hire/developers-in-mexico/index.html");
    let faq = self::graph(&hub);
    assert!(faq.iter().any(|n| n["@type"] == "FAQPage"), "the hub's FAQ");
    let copy = site.read("public/hire/frontend-developers-in-chile/index.html");
    assert!(copy.contains("<title>Frontend Developers from Santiago | Test Talent</title>"));
    assert!(copy.contains("Copy of its own"));
}

/// Builds and expects exit 1; returns stderr.
fn fails(site: &TestSite) -> String {
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn an_unknown_location_is_an_error_at_its_line_with_a_hint() {
    let site = site();
    let role = site
        .read("content/roles/frontend-developers.md")
        .replace("location: Chile", "location: Chille")
        .replace("location: Mexico", "location: Chille");
    site.write("content/roles/frontend-developers.md", role);
    let stderr = fails(&site);
    // Each card's mistake at its own line, though both read the same.
    assert!(
        stderr.contains("content/roles/frontend-developers.md:9:15: error: candidate "),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/roles/frontend-developers.md:13:15: error: candidate Elena C.: location `Chille` is not in content/locations/"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `Chile`?"), "{stderr}");
}

#[test]
fn bad_location_files_are_errors_naming_them() {
    let site = site();
    let text = site
        .read("content/locations/chile.md")
        .replace("America/Santiago", "America/Santigo");
    site.write("content/locations/chile.md", text);
    site.write(
        "content/locations/chile/fronted-developers.md",
        "---\ntitle: Typo\n---\nBody.\n",
    );
    site.write(
        "content/locations/chiel/backend-developers.md",
        "---\ntitle: Typo\n---\nBody.\n",
    );
    site.write(
        "content/locations/mexico-2.md",
        "---\nname: MEXICO\ndescription: The same name twice, in capitals.\n---\n",
    );
    let stderr = fails(&site);
    for expected in [
        "content/locations/chile.md:4:11: error: time zone `America/Santigo` is unknown",
        "did you mean `America/Santiago`?",
        "content/locations/chile/fronted-developers.md: error: `fronted-developers` is neither a role's slug nor `<skill>-developers`",
        "did you mean `frontend-developers.md`?",
        "content/locations/chiel/backend-developers.md: error: the folder `chiel` is no location",
        "did you mean content/locations/chile/?",
        "content/locations/mexico.md:2:7: error: `Mexico` names both content/locations/mexico-2.md and this location",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
}

#[test]
fn a_location_page_that_takes_another_pages_url_names_both_files() {
    let site = site();
    // A role whose slug is a hub's URL segment.
    let role = site.read("content/roles/frontend-developers.md").replace(
        "title: Hire Frontend",
        "slug: developers-in-peru\ntitle: Hire Frontend",
    );
    site.write("content/roles/frontend-developers.md", role);
    let stderr = fails(&site);
    assert!(
        stderr.contains("/hire/developers-in-peru/ is produced by both content/roles/frontend-developers.md and content/locations/peru.md")
            || stderr.contains("/hire/developers-in-peru/ is produced by both content/locations/peru.md and content/roles/frontend-developers.md"),
        "{stderr}"
    );
}

#[test]
fn redirects_are_published_as_redirects_and_pages() {
    let site = site();
    site.build_ok(&[]);
    assert_eq!(
        site.read("public/_redirects"),
        "/company/ /about/ 301\n/hire/server-developers/ /hire/backend-developers/ 301\n"
    );
    let page = site.read("public/hire/server-developers/index.html");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(page.contains(
        r#"<link rel="canonical" href="https://talent.example.com/hire/backend-developers/">"#
    ));
    assert!(
        page.contains(r#"<meta http-equiv="refresh" content="0; url=/hire/backend-developers/">"#)
    );
    let manifest = site.read("public/manifest.json");
    assert!(manifest.contains("\"_redirects\""));
    assert!(manifest.contains("\"hire/server-developers/index.html\""));
    assert!(
        !site
            .read("public/sitemap.xml")
            .contains("server-developers")
    );
    // A link to an old URL is not broken: it redirects.
    let about =
        site.read("content/pages/about.md") + "\nSee [our engineers](/hire/server-developers/).\n";
    site.write("content/pages/about.md", about);
    site.build_ok(&[]);
    // Under a sub-path, both sides move.
    site.build_ok(&["--base-url", "https://talent.example.com/preview/"]);
    assert!(
        site.read("public/_redirects")
            .contains("/preview/company/ /preview/about/ 301")
    );
}

#[test]
fn bad_redirects_are_errors_naming_the_file_and_line() {
    let site = site();
    let config = site.read("site.yaml").replace(
        "  /company/: /about/\n",
        "  /company/: /about/\n  /hire/backend-developers/: /about/\n  /team/: /nowhere/\n  /a/: /b/\n  /b/: /a/\n  /x/: /company/\n  no-slash: /about/\n  /hire/server-developers/: /about/\n",
    );
    site.write("site.yaml", config);
    let stderr = fails(&site);
    for expected in [
        "site.yaml:11:3: error: /hire/backend-developers/ is a page of the site (from content/roles/backend-developers.md), so it cannot redirect",
        "site.yaml:12:3: error: /team/ redirects to `/nowhere/`, which the site does not have",
        "site.yaml:13:3: error: /a/ and /b/ redirect to each other",
        "site.yaml:15:3: error: /x/ redirects to /company/, which redirects to /about/",
        "site.yaml:16:3: error: `no-slash` cannot be redirected",
        "site.yaml:17:3: error: /hire/server-developers/ already redirects to /hire/backend-developers/ (in content/roles/backend-developers.md)",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    let site = TestSite::fixture("locations");
    let role = site.read("content/roles/backend-developers.md").replace(
        "/hire/server-developers/]",
        "/hire/server-developers/, /about/]",
    );
    site.write("content/roles/backend-developers.md", role);
    let stderr = fails(&site);
    assert!(
        stderr.contains("content/roles/backend-developers.md:19:37: error: /about/ is a page of the site (from content/pages/about.md)"),
        "{stderr}"
    );
}

#[test]
fn near_duplicate_generated_pages_are_named_with_what_would_tell_them_apart() {
    let site = site();
    // Ten systems engineers in Mexico who all know Go and Rust: the Go and
    // Rust pages in Mexico show the same cards and differ by little else.
    let mut role = String::from(
        "---\ntitle: Hire Systems Engineers\nrole: Systems Engineer\ndescription: Hire systems engineers who build storage engines, networks and the tools under your platform.\nskills: [Go, Rust]\ncandidates:\n",
    );
    for name in [
        "Ana", "Bruno", "Carla", "Dario", "Eva", "Fabio", "Gala", "Hugo", "Inés", "Jon",
    ] {
        role.push_str(&format!(
            "  - name: {name} G.\n    title: Systems Engineer\n    location: Mexico\n    highlights:\n      - {name} wrote the storage engine of a time series database at {name}Corp\n      - Maintains {name}Log, an open source library for structured logging\n    skills: [Go, Rust]\n"
        ));
    }
    role.push_str("---\n## What is a systems engineer?\n\nThey build the lower layers.\n");
    site.write("content/roles/systems-engineers.md", role);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "near-duplicate")
        .collect();
    let local = found
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("/hire/rust-developers-in-mexico/ and /hire/go-developers-in-mexico/")
        })
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(local["file"], "content/locations/mexico.md");
    assert_eq!(local["severity"], "warning");
    assert!(
        local["hint"]
            .as_str()
            .unwrap()
            .contains("content/locations/mexico/rust-developers.md"),
        "{local:#}"
    );
    // Copy of its own tells them apart.
    site.write(
        "content/locations/mexico/rust-developers.md",
        "---\ntitle: Rust Engineers from Guadalajara\ndescription: Rust engineers from Guadalajara who write storage and networking code.\n---\n## Rust in Guadalajara\n\nGuadalajara's embedded and networking firms were early to adopt Rust for firmware and \\\nproxies, and several of the engineers here have contributed to the async ecosystem, \\\nwritten drivers for industrial sensors, and taught the language at meetups that now \\\ngather a few hundred people every month. They review unsafe code with care, measure \\\nbefore they optimise, and document the invariants their abstractions rely on, which \\\nis what a team that is new to the language needs most from its first Rust hires.\n",
    );
    let run = site.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        !json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"]
                .as_str()
                .unwrap()
                .contains("rust-developers-in-mexico/ and")),
        "{json:#}"
    );
}
