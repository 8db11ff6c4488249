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
