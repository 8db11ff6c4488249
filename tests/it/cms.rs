//! `hirepage fmt` and `hirepage cms`: the canonical form, the generated
//! CMS config, and the drift check of `check`.

use crate::util::{TestSite, repo};

/// The front matter of every content file rewritten by another YAML
/// writer (serde_yaml: other quoting, no indented lists), keys reversed.
fn rewrite_front_matter(site: &TestSite) -> usize {
    let mut rewritten = 0;
    for (path, bytes) in site.tree("content") {
        if !path.ends_with(".md") {
            continue;
        }
        let rel = format!("content/{path}");
        let text = String::from_utf8(bytes).unwrap();
        let rest = text.strip_prefix("---\n").unwrap();
        let (yaml, body) = rest.split_once("\n---\n").unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let serde_yaml::Value::Mapping(map) = value else {
            panic!("{rel}")
        };
        let mut pairs: Vec<_> = map.into_iter().collect();
        pairs.reverse();
        let map: serde_yaml::Mapping = pairs.into_iter().collect();
        let yaml = serde_yaml::to_string(&map).unwrap();
        site.write(&rel, format!("---\n{yaml}---\n{}", body.trim_start()));
        rewritten += 1;
    }
    rewritten
}

#[test]
fn fmt_check_lists_the_files_it_would_change_and_fmt_fixes_them() {
    let site = TestSite::example();
    let run = site.run(&["fmt", "--check"]);
    assert_eq!(
        run.code, 0,
        "the example site is canonical:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("in canonical form"), "{}", run.stderr);

    assert!(rewrite_front_matter(&site) > 15);
    let run = site.run(&["fmt", "--check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("content/roles/backend-developers.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("not in canonical form; run `hirepage fmt`")
    );
    let before = site.read("content/roles/backend-developers.md");

    let run = site.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(site.read("content/roles/backend-developers.md"), before);
    assert_eq!(site.run(&["fmt", "--check"]).code, 0);
    // Back to the bytes of the repository.
    for (path, bytes) in site.tree("content") {
        let original = std::fs::read(repo().join("content").join(&path)).unwrap();
        assert!(
            bytes == original,
            "content/{path} differs from the repository's"
        );
    }
}

/// A file that starts with a byte-order mark keeps it when fmt rewrites
/// it: only the front matter's form changes.
#[test]
fn fmt_keeps_a_byte_order_mark() {
    let site = TestSite::example();
    let file = "content/roles/backend-developers.md";
    let text = site.read(file).replacen("title: ", "title:   ", 1);
    site.write(file, [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat());
    let run = site.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(site.path().join(file)).unwrap();
    let original = std::fs::read(repo().join(file)).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "the mark stays");
    assert!(bytes[3..] == original[..], "the rest is the canonical text");
}

/// fmt never changes meaning: the built site is the same, byte for byte,
/// before and after, from files another writer wrote.
#[test]
fn fmt_leaves_the_built_site_byte_identical() {
    let site = TestSite::example();
    rewrite_front_matter(&site);
    site.build_ok(&["--output", "before"]);
    assert_eq!(site.run(&["fmt"]).code, 0);
    site.build_ok(&["--output", "after"]);
    let (before, after) = (site.tree("before"), site.tree("after"));
    assert_eq!(before.len(), after.len());
    for ((p, a), (q, b)) in before.iter().zip(&after) {
        assert_eq!(p, q);
        assert!(a == b, "{p} differs after fmt");
    }
}

#[test]
fn fmt_reports_a_broken_file_and_formats_the_others() {
    let site = TestSite::example();
    rewrite_front_matter(&site);
    site.write("content/roles/broken.md", "---\ntitle: [\n---\n");
    let run = site.run(&["fmt"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/roles/broken.md:3:1: error"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(site.read("content/roles/broken.md"), "---\ntitle: [\n---\n");
    let backend = site.read("content/roles/backend-developers.md");
    assert_eq!(
        backend,
        std::fs::read_to_string(repo().join("content/roles/backend-developers.md")).unwrap()
    );
}

#[test]
fn cms_writes_the_admin_folder_and_check_accepts_it() {
    let site = TestSite::example();
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "config.yml",
        "index.html",
        "preview.js",
        "sveltia-cms.js",
        "sveltia-cms.LICENSE.txt",
    ] {
        assert!(site.exists(&format!("static/admin/{file}")), "{file}");
    }
    assert!(site.read("site.yaml").contains("keep_names: [admin/]"));
    let config = site.read("static/admin/config.yml");
    assert!(config.contains("repo: cordillera/hire-site"));
    assert!(config.contains("publish_mode: editorial_workflow"));
    // The CMS's own JSON Schema accepts the config of the example site.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("src/cms/vendor/sveltia-cms.schema.json")).unwrap(),
    )
    .unwrap();
    let as_json: serde_json::Value =
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(&config).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&as_json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let index = site.read("static/admin/index.html");
    assert!(index.contains(r#"<script src="sveltia-cms.js"></script>"#));
    assert!(
        !index.contains("https://"),
        "no third-party script: {index}"
    );

    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build_ok(&[]);
    assert!(site.exists("public/admin/sveltia-cms.js"), "kept its name");
    assert!(site.exists("public/admin/config.yml"));
    let headers = site.read("public/_headers");
    assert!(headers.contains("/admin/*\n  Content-Security-Policy: "));

    // Again: the same bytes, and hand-made settings stay.
    let with_logo = format!("{config}logo_url: /favicon.svg\n");
    site.write("static/admin/config.yml", &with_logo);
    assert_eq!(site.run(&["cms"]).code, 0);
    let again = site.read("static/admin/config.yml");
    assert!(again.contains("logo_url: /favicon.svg"));
    assert_eq!(again, with_logo);
}

#[test]
fn check_fails_when_the_cms_config_drifts_from_the_model() {
    let site = TestSite::example();
    assert_eq!(site.run(&["cms"]).code, 0);
    let config = site.read("static/admin/config.yml");
    // Drop the role's `weight` field and make `role` optional.
    let weight_start = config.find("      - name: weight\n").unwrap();
    let weight_end = weight_start
        + config[weight_start..]
            .find("      - name: draft\n")
            .unwrap();
    let mut drifted = format!("{}{}", &config[..weight_start], &config[weight_end..]);
    drifted = drifted.replacen(
        "      - name: role\n        label: Role\n        widget: string\n",
        "      - name: role\n        label: Role\n        widget: string\n        required: false\n",
        1,
    );
    site.write("static/admin/config.yml", &drifted);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`roles` has no field `weight`, which the content model has"),
        "{}",
        run.stderr
    );
    let role_line = drifted
        .lines()
        .position(|l| l == "      - name: role")
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!(
            "static/admin/config.yml:{role_line}:7: error: field `roles.role` is optional in the CMS config but required in the content model"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: run `hirepage cms`"));
    // Regenerating fixes it.
    assert_eq!(site.run(&["cms"]).code, 0);
    assert_eq!(site.run(&["check"]).code, 0);
}

#[test]
fn cms_needs_the_repository_in_site_yaml() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("cms: {repo: owner/name, branch: main}"));
    assert!(!site.exists("static/admin"));
}

/// What the CMS writes for a file, by the CMS's own YAML library
/// (`tests/audit/cms-yaml.mjs`): one JSON line per file.
fn cms_would_write(site: &TestSite, files: &[String]) -> Vec<serde_json::Value> {
    let script = repo().join("tests/audit/cms-yaml.mjs");
    let output = std::process::Command::new("node")
        .arg(&script)
        .args(files)
        .current_dir(site.path())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run node ({e}); install it and run `npm ci --ignore-scripts --prefix tests/audit`")
        });
    assert!(
        output.status.success(),
        "{}\nhint: npm ci --ignore-scripts --prefix tests/audit",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `hirepage fmt` writes the bytes the CMS writes: every example file, and
/// a file full of text that YAML must quote, fold or escape.
#[test]
#[ignore = "needs node: run by .ci/run"]
fn fmt_writes_what_the_cms_yaml_library_writes() {
    let site = TestSite::example();
    let tricky = [
        "x: y",
        "#1",
        "C#",
        "it's",
        "'a' \"b\"",
        "\"quoted\" start",
        "true",
        "False",
        "42",
        "-7",
        "1.5",
        ".5",
        "1e3",
        "0x1F",
        "0o17",
        "null",
        "~",
        "",
        " lead",
        "trail ",
        "multi\nline",
        "multi\nline\n\n",
        "  indented\nblock",
        "a\n  b",
        "tab\tx",
        "bell\u{7}",
        "- x",
        "? x",
        "-",
        "@at",
        "`tick",
        "%p",
        "---doc",
        "...dots",
        "ünïcödé ✓",
        "x\n#y",
        "a: b\nc",
        "a long line that is longer than forty characters\n  with an indented second line",
        "trailing space before newline \nnext",
        "2026-01-15",
        "10+ years",
        "[not a list]",
        "{nor a map}",
        "*star",
        "&amp",
        "!bang",
        "|pipe",
        ">gt",
        "a, b",
        "end:",
        "x #y",
    ];
    let mut extra = serde_yaml::Mapping::new();
    for (i, text) in tricky.iter().enumerate() {
        extra.insert(format!("k{i:02}").into(), (*text).into());
    }
    extra.insert("key with: colon".into(), "v".into());
    extra.insert(
        "nested".into(),
        serde_yaml::from_str(
            "{list: [a, [b, c], {d: e}], empty: [], none: {}, n: 3, f: 2.5, t: true, z: null}",
        )
        .unwrap(),
    );
    let yaml = serde_yaml::to_string(&serde_yaml::Value::Mapping(extra)).unwrap();
    let indented: String = yaml.lines().map(|l| format!("  {l}\n")).collect();
    site.write(
        "content/pages/tricky.md",
        format!(
            "---\ntitle: Tricky\ndescription: Text YAML must quote\nextra:\n{indented}---\nBody\n"
        ),
    );
    let run = site.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut files: Vec<String> = site
        .tree("content")
        .into_iter()
        .map(|(p, _)| format!("content/{p}"))
        .collect();
    files.sort();
    let results = cms_would_write(&site, &files);
    assert_eq!(results.len(), files.len());
    for r in &results {
        assert_eq!(
            r["same"],
            true,
            "{}:\n--- fmt wrote\n{}\n--- the CMS writes\n{}",
            r["file"],
            r["mine"].as_str().unwrap(),
            r["expected"].as_str().unwrap()
        );
    }
}

/// Serves a built site like a CDN that reads `_headers`: `/dir/` is
/// `dir/index.html`, and `/admin/` gets the policy `_headers` gives it, so
/// the CMS runs under the Content-Security-Policy it is published with.
struct StaticSite {
    url: String,
    server: std::sync::Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticSite {
    fn start(public: std::path::PathBuf) -> StaticSite {
        let headers = std::fs::read_to_string(public.join("_headers")).unwrap();
        let admin_csp = headers
            .split("\n/admin/*\n")
            .nth(1)
            .and_then(|block| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix("  Content-Security-Policy: "))
            })
            .expect("_headers gives /admin/* a Content-Security-Policy")
            .to_string();
        // Content types as the build published them, from its manifest.
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(public.join("manifest.json")).unwrap()).unwrap();
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let serving = server.clone();
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let path = request
                    .url()
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let mut rel = path.trim_start_matches('/').to_string();
                if rel.is_empty() || rel.ends_with('/') {
                    rel.push_str("index.html");
                }
                let file = public.join(&rel);
                let response = match std::fs::read(&file) {
                    Ok(bytes) if !rel.contains("..") => {
                        let mut r = tiny_http::Response::from_data(bytes).with_header(
                            tiny_http::Header::from_bytes(
                                "Content-Type",
                                manifest["files"][&rel]["content_type"]
                                    .as_str()
                                    .unwrap_or("application/octet-stream"),
                            )
                            .unwrap(),
                        );
                        if rel.starts_with("admin/") {
                            r = r.with_header(
                                tiny_http::Header::from_bytes(
                                    "Content-Security-Policy",
                                    admin_csp.as_str(),
                                )
                                .unwrap(),
                            );
                        }
                        r
                    }
                    _ => {
                        tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                    }
                };
                let _ = request.respond(response);
            }
        });
        StaticSite {
            url,
            server,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs an async script in the page and waits for its result (the
/// WebDriver client only runs synchronous scripts).
fn run_async(browser: &crate::browser::Browser, what: &str, body: &str) -> serde_json::Value {
    browser.eval(&format!(
        "window.__done = undefined; (async () => {{ {body} }})().then(\
           r => window.__done = {{ok: r === undefined ? null : r}}, \
           e => window.__done = {{error: String(e)}});"
    ));
    browser.wait_for(
        what,
        "return window.__done !== undefined;",
        std::time::Duration::from_secs(180),
    );
    let done = browser.eval("return window.__done;");
    assert!(done.get("error").is_none(), "{what}: {}", done["error"]);
    done["ok"].clone()
}

/// The CMS itself, in Chromium, on the site `hirepage cms` and `build`
/// made: its test backend (files in the browser's private file system)
/// holds the example's roles; the editor shows every field of a role; one
/// edit and a save give a file that `fmt` finds canonical, that differs
/// from the original in that one line, and that builds to the edited page.
#[test]
#[ignore = "needs chromium: run by .ci/run"]
fn the_cms_edits_a_role_and_saves_the_canonical_form() {
    use std::time::Duration;
    // Polling stops as soon as the page is ready; the limit is for a
    // machine busy with other builds (the CMS is a 2 MB script).
    const WAIT: Duration = Duration::from_secs(180);
    let site = TestSite::example();
    assert_eq!(site.run(&["cms"]).code, 0);
    // The test backend instead of GitHub (no network, no account); it has
    // no editorial workflow, so it saves at once.
    let config = site
        .read("static/admin/config.yml")
        .replace(
            "  name: github\n  repo: cordillera/hire-site\n  branch: main\n",
            "  name: test-repo\n",
        )
        .replace(
            "publish_mode: editorial_workflow\n",
            "publish_mode: simple\n",
        );
    assert!(config.contains("name: test-repo"));
    site.write("static/admin/config.yml", &config);
    site.build_ok(&[]);
    let server = StaticSite::start(site.path().join("public"));
    let browser = crate::browser::Browser::start();
    browser.goto(&format!("{}/admin/", server.url));

    // The example's role files, in the test backend's folder.
    let role_file = "content/roles/backend-developers.md";
    let original = site.read(role_file);
    let mut files = serde_json::Map::new();
    for (path, bytes) in site.tree("content") {
        files.insert(
            format!("content/{path}"),
            String::from_utf8(bytes).unwrap().into(),
        );
    }
    let files = serde_json::Value::Object(files).to_string();
    run_async(
        &browser,
        "the test repository",
        &format!(
            "const files = {files};
             const root = await (await navigator.storage.getDirectory())
               .getDirectoryHandle('sveltia-cms-test', {{create: true}});
             for (const [path, text] of Object.entries(files)) {{
               const parts = path.split('/'); let dir = root;
               for (const d of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(d, {{create: true}});
               const w = await (await dir.getFileHandle(parts.at(-1), {{create: true}})).createWritable();
               await w.write(text); await w.close();
             }}"
        ),
    );
    browser.goto(&format!("{}/admin/", server.url));
    let button = "[...document.querySelectorAll('button')].find(b => b.innerText.includes('Test Repository'))";
    browser.wait_for("the sign-in page", &format!("return !!{button};"), WAIT);
    browser.eval(&format!("{button}.click();"));
    browser.wait_for(
        "the role collection",
        "return document.body.innerText.includes('Hire Backend Developers');",
        WAIT,
    );
    browser.goto(&format!(
        "{}/admin/#/collections/roles/entries/backend-developers",
        server.url
    ));
    let role_input =
        "[...document.querySelectorAll('input')].find(i => i.value === 'Backend Developer')";
    browser.wait_for(
        "the role's editor",
        &format!("return !!{role_input};"),
        WAIT,
    );

    // Every field of the role has its label in the form (it renders in
    // steps: wait until all are there, or say which are not).
    let labels = [
        "Title",
        "Role",
        "Description",
        "Slug",
        "Hero",
        "Skills",
        "Candidates",
        "Interview questions",
        "FAQ",
        "Testimonial",
        "Related",
        "Weight",
        "Draft",
        "Date",
        "Updated",
        "Template",
        "Hiring guide",
    ];
    let started = std::time::Instant::now();
    let text = loop {
        // The form mounts the fields below the fold as they scroll into
        // view: scroll every scrolling box a screen further each time.
        browser.eval(
            "for (const e of document.querySelectorAll('*')) \
               if (e.scrollHeight > e.clientHeight + 10) e.scrollTop += 800;",
        );
        let text = browser
            .eval("return document.body.textContent;")
            .as_str()
            .unwrap()
            .to_string();
        let missing: Vec<&str> = labels
            .iter()
            .copied()
            .filter(|l| !text.contains(l))
            .collect();
        if missing.is_empty() {
            break text;
        }
        assert!(
            started.elapsed() < WAIT,
            "no field {missing:?} in the editor:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        text.contains("Singular noun"),
        "the model's doc comments are the hints"
    );
    // The preview pane has the theme's stylesheet, under its hashed name.
    let stylesheet = crate::publish::published(&site, "css/site.css");
    browser.wait_for(
        "the theme's stylesheet in the preview pane",
        &format!(
            "return [...document.querySelectorAll('iframe')].some(f => {{
               try {{ return [...f.contentDocument.querySelectorAll('link[rel=stylesheet]')]
                 .some(l => l.getAttribute('href').endsWith('/{stylesheet}')); }}
               catch (e) {{ return false; }} }});"
        ),
        WAIT,
    );

    // One edit, one save.
    browser.eval(&format!(
        "const i = {role_input}; i.focus(); i.value = 'Backend Wizard';
         i.dispatchEvent(new Event('input', {{bubbles: true}}));"
    ));
    let save = "[...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'Save')";
    browser.wait_for(
        "the Save button",
        &format!("const b = {save}; return !!b && !b.disabled;"),
        WAIT,
    );
    browser.eval(&format!("{save}.click();"));
    // While the CMS writes the file, reading it can fail: that is "not
    // saved yet", and the loop reads again.
    let read = "try {
                  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test');
                  const roles = await (await root.getDirectoryHandle('content')).getDirectoryHandle('roles');
                  return await (await (await roles.getFileHandle('backend-developers.md')).getFile()).text();
                } catch (e) { return ''; }";
    let mut saved = String::new();
    let started = std::time::Instant::now();
    while !saved.contains("Backend Wizard") {
        assert!(started.elapsed() < WAIT, "the CMS did not save:\n{saved}");
        saved = run_async(&browser, "the saved file", read)
            .as_str()
            .unwrap()
            .to_string();
    }

    // The save changed that one line, and fmt has nothing to add.
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [("role: Backend Developer", "role: Backend Wizard")]
    );
    assert_eq!(original.lines().count(), saved.lines().count());
    site.write(role_file, &saved);
    let run = site.run(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    site.build_ok(&[]);
    let page = site.read("public/hire/backend-developers/index.html");
    assert!(page.contains("Backend Wizard"), "the edit is on the page");
}
