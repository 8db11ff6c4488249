//! What `serve` answers for every URL is what `hirepage build --drafts
//! --base-url http://127.0.0.1:PORT/` writes for it, byte for byte, except
//! the injected reload script: after each kind of edit, on the example site
//! (locations and redirects included) and on a generated 1,000-role site.

use std::path::Path;
use std::time::Duration;

use crate::browser::Server;
use crate::util::{TestSite, first_role, tree};

const WAIT: Duration = Duration::from_secs(120);

/// One edit of the series, as a user would make it in an editor.
type Edit = (&'static str, fn(&Path));

const EDITS: &[Edit] = &[
    ("a role body", |root| {
        let role = first_role(root);
        let text = std::fs::read_to_string(&role).unwrap();
        std::fs::write(&role, format!("{text}\n\nA closing paragraph, added.\n")).unwrap();
    }),
    ("a role title", |root| {
        let role = first_role(root);
        let text = std::fs::read_to_string(&role).unwrap();
        let line = text.lines().find(|l| l.starts_with("title: ")).unwrap();
        std::fs::write(
            &role,
            text.replacen(line, "title: Hire Renamed Engineers", 1),
        )
        .unwrap();
    }),
    ("a stylesheet", |root| {
        append(
            root,
            "themes/default/static/css/site.css",
            "\nbody { color: #111; }\n",
        )
    }),
    ("a template", |root| {
        let path = root.join("themes/default/templates/partials/footer.html");
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen(
            "<p class=\"footer-brand\">",
            "<p>Edited.</p><p class=\"footer-brand\">",
            1,
        );
        assert_ne!(text, edited, "the footer template changed shape");
        std::fs::write(path, edited).unwrap();
    }),
    ("shared data", |root| {
        let path = root.join("content/_data/process.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, text.replacen("heading: ", "heading: Edited, ", 1)).unwrap();
    }),
];

/// Edits of locations and redirects (issue 14), on the example site.
const LOCATION_EDITS: &[Edit] = &[
    // Issue 17: a translation's edit shows in its language's pages (the
    // whole site is built again).
    ("a translation's title", |root| {
        replace(
            root,
            "content/roles/backend-developers.es.md",
            "title: Contrata desarrolladores backend",
            "title: Contrata desarrolladores de servidor",
        );
    }),
    ("a theme string of a language", |root| {
        replace(
            root,
            "themes/default/i18n/pt.yaml",
            "skip_to_content: Pular para o conteúdo",
            "skip_to_content: Ir para o conteúdo",
        );
    }),
    ("a candidate card shown in a location", |root| {
        replace(
            root,
            "content/roles/backend-developers.md",
            "Built a 0-to-1 product at Lyft",
            "Built a product from scratch at Lyft",
        );
    }),
    ("a candidate moving to another location", |root| {
        // Mexico keeps two backend developers: its backend page goes, and
        // Chile gets one more candidate.
        replace(
            root,
            "content/roles/backend-developers.md",
            "location: Mexico",
            "location: Chile",
        );
    }),
    ("a candidate moving back", |root| {
        replace(
            root,
            "content/roles/backend-developers.md",
            "location: Chile",
            "location: Mexico",
        );
    }),
    ("a location's facts", |root| {
        replace(
            root,
            "content/locations/chile.md",
            "About 80,000 developers",
            "About 85,000 developers",
        );
    }),
    ("the copy of a page in a location", |root| {
        append(
            root,
            "content/locations/costa-rica/qa-automation-engineers.md",
            "\nA closing line, added.\n",
        );
    }),
    ("an alias", |root| {
        replace(
            root,
            "content/pages/about.md",
            "title:",
            "aliases: [/company/]\ntitle:",
        );
    }),
    ("a new location", |root| {
        std::fs::write(
            root.join("content/locations/peru.md"),
            "---\nname: Peru\ndescription: Hire vetted developers in Lima, on US Eastern winter time all year round.\ntimezone: America/Lima\n---\nLima's developer community is growing.\n",
        )
        .unwrap();
    }),
];

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let old = std::fs::read_to_string(&path).unwrap();
    let new = old.replacen(from, to, 1);
    assert_ne!(old, new, "{file} has no {from:?}");
    std::fs::write(path, new).unwrap();
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let old = std::fs::read_to_string(&path).unwrap();
    std::fs::write(path, old + text).unwrap();
}

/// Removes the reload script `serve` adds to every page.
fn without_reload_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let Some(start) = text.find("<script src=\"/__hirepage/reload.js\"") else {
        return body.to_vec();
    };
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    let mut out = body[..start].to_vec();
    out.extend_from_slice(&body[end..]);
    out
}

/// Compares every file of a fresh build with what the server answers.
fn compare(site: &TestSite, server: &Server, after: &str) {
    let output = tempfile::tempdir().unwrap();
    let output = output.path().join("public");
    let out = output.to_str().unwrap();
    site.build_ok(&["--drafts", "--base-url", &server.url, "--output", out]);
    let files = tree(&output);
    assert!(
        files.len() > 10,
        "{after}: the build wrote {} files",
        files.len()
    );
    // `manifest.json` is one of the files, and it lists all of them: equal
    // manifests mean equal sets of files.
    let mut differences = Vec::new();
    for (path, expected) in &files {
        let url = match path.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{path}"),
        };
        let (status, _, body) = server.get(&url);
        if status != 200 {
            differences.push(format!("{url}: status {status}"));
        } else if &without_reload_script(&body) != expected {
            differences.push(format!("{url}: different bytes"));
        }
    }
    assert!(
        differences.is_empty(),
        "after {after}, serve differs from build in {} of {} files:\n{}",
        differences.len(),
        files.len(),
        differences.join("\n")
    );
}

/// Applies [`EDITS`] one by one to the site under a running server,
/// comparing with a fresh build at the start and after each edit, or, with
/// `each` false (a large site), after the last.
fn serve_equals_build(site: &TestSite, each: bool) {
    let server = Server::start(site.path(), 0);
    compare(site, &server, "start");
    let locations = if each { LOCATION_EDITS } else { &[] };
    for (what, edit) in EDITS.iter().chain(locations) {
        let before = server.status()["rebuilds"].as_u64().unwrap();
        edit(site.path());
        let status = server.settle(WAIT);
        assert!(
            status["rebuilds"].as_u64().unwrap() > before,
            "{what} caused no rebuild"
        );
        assert_eq!(status["errors"], serde_json::json!([]), "after {what}");
        if each {
            compare(site, &server, what);
        }
    }
    if !each {
        compare(site, &server, "every edit");
    }
}

#[test]
fn serve_answers_what_build_writes_on_the_example_site() {
    serve_equals_build(&TestSite::example(), true);
}

#[test]
fn serve_answers_what_build_writes_on_a_1000_role_site() {
    serve_equals_build(&TestSite::generated(1000), false);
}
