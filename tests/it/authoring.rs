//! Authoring commands: `check` with the content lint, `new` and `schema`.
//!
//! The lint fixtures: `tests/fixtures/lint/clean/` is a site the lint has
//! nothing to say about, with boundary cases (a 60-character title, a
//! 160-character description, a skill named once that looks like no
//! other, valid `#fragment` links); each `tests/fixtures/lint/cases/<code>/`
//! lays one file over it that triggers the rule `<code>` and nothing else.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::util::{TestSite, repo};

/// The clean lint fixture with `tests/fixtures/lint/<overlay>` laid over it.
fn lint_site(overlay: Option<&str>) -> TestSite {
    let site = TestSite::fixture("lint/clean");
    if let Some(overlay) = overlay {
        let dir = repo().join("tests/fixtures/lint").join(overlay);
        assert!(dir.is_dir(), "no fixture {}", dir.display());
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap();
                site.write(&rel.to_string_lossy(), std::fs::read(entry.path()).unwrap());
            }
        }
    }
    site
}

/// `check --format json` (plus `args`), parsed.
fn check_json(site: &TestSite, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().unwrap()
}

fn codes(json: &Value) -> BTreeSet<String> {
    diagnostics(json)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_clean_fixture_has_no_findings() {
    let site = lint_site(None);
    let (code, json) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["ok"], true);
    assert_eq!(diagnostics(&json).len(), 0, "{json:#}");
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "No problems found.\n");
    assert_eq!(run.stderr, "");
}

#[test]
fn the_example_content_has_no_findings() {
    let site = TestSite::example();
    let (code, json) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(diagnostics(&json).len(), 0, "{json:#}");
}

#[test]
fn every_rule_has_a_fixture_that_triggers_it_alone() {
    for (rule, _) in hirepage::LINT_RULES {
        let site = lint_site(Some(&format!("cases/{rule}")));
        let (code, json) = check_json(&site, &[]);
        assert_eq!(code, 0, "{rule}: warnings do not fail check\n{json:#}");
        assert_eq!(json["ok"], true);
        assert_eq!(
            codes(&json),
            BTreeSet::from([rule.to_string()]),
            "{rule}: {json:#}"
        );
        for d in diagnostics(&json) {
            assert_eq!(d["severity"], "warning", "{d:#}");
            assert!(d["line"].as_u64().unwrap() >= 1, "{d:#}");
            assert!(d["column"].as_u64().unwrap() >= 1, "{d:#}");
            assert!(d["file"].as_str().unwrap().starts_with("content/"), "{d:#}");
            assert!(!d["message"].as_str().unwrap().is_empty(), "{d:#}");
            assert!(!d["hint"].as_str().unwrap().is_empty(), "{d:#}");
        }
        let (code, json) = check_json(&site, &["--deny-warnings"]);
        assert_eq!(code, 1, "{rule}: --deny-warnings fails on warnings");
        assert_eq!(json["ok"], false);
    }
}

/// The one finding of a case, as `(file:line:column, message, hint)`.
fn findings(case: &str) -> Vec<(String, String, String)> {
    let (_, json) = check_json(&lint_site(Some(&format!("cases/{case}"))), &[]);
    diagnostics(&json)
        .iter()
        .map(|d| {
            (
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
                d["message"].as_str().unwrap().to_string(),
                d["hint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn titles_and_descriptions_point_at_the_field() {
    let f = findings("long-title");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, "content/pages/about.md:2:8");
    assert!(f[0].1.contains("63 characters"), "{f:?}");

    let f = findings("short-description");
    assert_eq!(f[0].0, "content/pages/about.md:3:14");
    assert!(f[0].1.contains("48 characters"), "{f:?}");

    let f = findings("long-description");
    assert!(f[0].1.contains("163 characters"), "{f:?}");

    let f = findings("missing-description");
    assert_eq!(f[0].0, "content/skills/python.md:1:1");

    // Case and spacing do not make two titles different.
    let f = findings("duplicate-title");
    assert_eq!(f[0].0, "content/pages/about.md:2:8");
    assert!(
        f[0].1.contains("content/roles/backend-developers.md"),
        "{f:?}"
    );
    let f = findings("duplicate-description");
    assert_eq!(f[0].0, "content/pages/about.md:3:14");
    assert!(f[0].1.contains("content/_index.md"), "{f:?}");
}

#[test]
fn fragments_are_checked_against_the_rendered_pages() {
    let f = findings("broken-fragment");
    // `#top` and `/hire/data-engineers/#what-is-a-data-engineer` are fine.
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].0, "content/pages/about.md:7:17");
    assert!(
        f[0].1
            .contains("/about/ has no element with id `who-we-ar`")
    );
    assert_eq!(f[0].2, "did you mean `#who-we-are`?");
    assert!(
        f[1].1
            .contains("/hire/data-engineers/ has no element with id `why-hire`")
    );
}

#[test]
fn images_headings_roles_and_skills() {
    // One image of two lacks alt text.
    let f = findings("missing-alt");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "content/pages/about.md:7:41");

    let f = findings("h1-in-body");
    assert_eq!(f[0].0, "content/pages/about.md:5:1");

    // H2 -> H3 -> H2 is fine; H2 -> H4 is not.
    let f = findings("skipped-heading-level");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "content/pages/about.md:11:1");
    assert!(f[0].2.starts_with("make it `### Interviews`"), "{f:?}");

    for case in ["no-candidates", "no-interview-questions", "empty-guide"] {
        let f = findings(case);
        assert_eq!(f.len(), 1, "{case}: {f:?}");
        assert!(f[0].0.starts_with("content/roles/backend-developers.md:"));
    }
    assert_eq!(
        findings("empty-guide")[0].0,
        "content/roles/backend-developers.md:14:1"
    );

    // `Pyhton` is named once and close to `Python`; `Airflow`, named once
    // in the clean fixture, is close to nothing, and `Postgres` is an alias.
    let f = findings("single-use-skill");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "content/roles/backend-developers.md:9:14");
    assert!(f[0].1.contains("`Pyhton`") && f[0].1.contains("`Python`"));
    assert!(f[0].2.contains("`Pyhton: Python`"), "{f:?}");
}

#[test]
fn check_reports_several_problems_as_text_and_json() {
    let site = lint_site(Some("several"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "warnings only");
    assert_eq!(run.stdout, "No errors found (9 warnings in 1 file).\n");
    insta::assert_snapshot!("several_text", run.stderr);

    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["warnings"], 9);
    insta::assert_snapshot!("several_json", run.stdout);

    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .ends_with("error: check found 9 warnings in 1 file (--deny-warnings)\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_groups_text_by_file() {
    let site = lint_site(Some("several"));
    site.write(
        "content/pages/about.md",
        std::fs::read(repo().join("tests/fixtures/lint/cases/h1-in-body/content/pages/about.md"))
            .unwrap(),
    );
    let run = site.run(&["check"]);
    let groups: Vec<&str> = run.stderr.trim_end().split("\n\n").collect();
    assert_eq!(groups.len(), 2, "{}", run.stderr);
    assert!(groups[0].starts_with("content/pages/about.md:5:1: warning:"));
    assert!(groups[1].starts_with("content/roles/machine-learning-engineers.md:"));
}

#[test]
fn errors_fail_check_and_the_lint_still_runs() {
    let site = TestSite::invalid("broken-link");
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["ok"], false);
    assert_eq!(json["errors"], 2);
    assert_eq!(
        codes(&json),
        BTreeSet::from(
            [
                "broken-link",
                "missing-image",
                "no-candidates",
                "no-interview-questions"
            ]
            .map(String::from)
        )
    );
}

#[test]
fn build_shows_lint_findings_in_one_compact_block() {
    let site = lint_site(Some("several"));
    let run = site.build_ok(&[]);
    assert!(site.exists("public/hire/machine-learning-engineers/index.html"));
    assert!(run.stdout.contains(", 9 warnings"), "{}", run.stdout);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "warning: the content lint found 9 things to improve (`hirepage check` explains each):"
    );
    assert_eq!(lines.len(), 10, "one line per finding:\n{}", run.stderr);
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.starts_with("  content/roles/machine-learning-engineers.md:")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hint:"), "hints are for check");
}

#[test]
fn readme_documents_every_lint_code() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for (rule, _) in hirepage::LINT_RULES {
        assert!(
            readme.contains(&format!("| `{rule}` |")),
            "README misses {rule}"
        );
    }
}

// `hirepage new`

#[test]
fn new_role_builds_and_passes_check() {
    let site = TestSite::example();
    let run = site.run(&["new", "role", "Site Reliability Engineers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("Created [ROOT]/content/roles/site-reliability-engineers.md\n"),
        "{}",
        run.stdout
    );
    let text = site.read("content/roles/site-reliability-engineers.md");
    assert!(
        text.contains("\ntitle: Hire Site Reliability Engineers "),
        "{text}"
    );
    assert!(
        text.contains("\nrole: Site Reliability Engineer "),
        "{text}"
    );

    // A draft: linted with --drafts, built with --drafts.
    let run = site.run(&["check", "--drafts", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // After the count of files without a translation (the example site
    // is in three languages).
    assert!(
        run.stdout.ends_with("\nNo problems found.\n"),
        "{}",
        run.stdout
    );
    site.build_ok(&["--drafts"]);
    let html = site.read("public/hire/site-reliability-engineers/index.html");
    assert!(html.contains("Hire Site Reliability Engineers"));
    assert!(site.exists("public/hire/site-reliability-engineers/interview-questions/index.html"));
}

#[test]
fn new_skill_uses_aliases_and_passes_check() {
    let site = lint_site(None);
    let run = site.run(&["new", "skill", "postgres"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = site.read("content/skills/postgresql.md");
    assert!(
        text.contains("\ntitle: Hire PostgreSQL Developers "),
        "{text}"
    );
    let run = site.run(&["check", "--drafts", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build_ok(&["--drafts"]);
    let html = site.read("public/hire/postgresql-developers/index.html");
    assert!(html.contains("Why hire PostgreSQL developers?"), "{html}");
}

#[test]
fn new_never_overwrites() {
    let site = TestSite::example();
    let before = site.read("content/roles/data-engineers.md");
    let run = site.run(&["new", "role", "Data Engineers"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "content/roles/data-engineers.md: error: the file already exists; hirepage new never overwrites a file\n  hint: edit that file, or choose another name\n"
    );
    assert_eq!(site.read("content/roles/data-engineers.md"), before);

    let run = site.run(&["new", "skill", "Go"]);
    assert_eq!(run.code, 1, "content/skills/go.md exists");
}

#[test]
fn new_needs_a_name_and_a_site() {
    let site = lint_site(None);
    let run = site.run(&["new", "role", "???"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("has no letters or digits"));
    let run = site.run(&["new", "city", "Mexico"]);
    assert_eq!(run.code, 2, "only roles, skills, pages and locations");
    let run = site.run(&["new", "page", "Terms of Service"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("content/pages/terms-of-service.md"));

    let empty = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hirepage"))
        .args(["new", "role", "Data Engineers", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no site.yaml"));
    assert!(!empty.path().join("content").exists());
}

// `hirepage schema`

/// `hirepage schema [kind]`, compiled into a validator.
fn validator(site: &TestSite, kind: Option<&str>) -> jsonschema::Validator {
    let mut args = vec!["schema"];
    args.extend(kind);
    let run = site.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// The front matter of a content file, as JSON.
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split("\n---").next())
        .unwrap_or_else(|| panic!("no front matter in {}", path.display()));
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The schema kind of a content file, from its folder.
fn kind_of(path: &Path) -> &'static str {
    match path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
    {
        Some("roles") => "role",
        Some("skills") => "skill",
        Some("pages") => "page",
        Some("locations") => "location",
        _ if path.components().any(|c| c.as_os_str() == "locations") => "combination",
        _ => "home",
    }
}

/// Whether a file's name carries a language (`x.es.md`).
fn is_translation(file: &Path) -> bool {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    stem.rsplit_once('.')
        .is_some_and(|(_, code)| ["es", "pt"].contains(&code))
}

fn markdown_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

#[test]
fn the_schema_accepts_every_example_file() {
    // A translation sets only its text and inherits the rest: the schema
    // describes whole files, which translations are only once laid over
    // their originals (tests/it/languages.rs covers them).
    let site = TestSite::example();
    let all = validator(&site, None);
    let files = [
        markdown_files(&repo().join("content")),
        markdown_files(&repo().join("tests/fixtures/minimal/content")),
        markdown_files(&repo().join("tests/fixtures/lint/clean/content")),
    ]
    .concat();
    let files: Vec<_> = files.into_iter().filter(|f| !is_translation(f)).collect();
    assert!(files.len() > 20);
    let by_kind: std::collections::HashMap<&str, jsonschema::Validator> =
        ["role", "skill", "page", "home", "location", "combination"]
            .into_iter()
            .map(|kind| (kind, validator(&site, Some(kind))))
            .collect();
    for file in files {
        let front = front_matter(&file);
        let one = &by_kind[kind_of(&file)];
        let errors: Vec<String> = one.iter_errors(&front).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        assert!(all.is_valid(&front), "{}", file.display());
    }
}

#[test]
fn the_schema_accepts_what_new_writes() {
    let site = lint_site(None);
    assert_eq!(site.run(&["new", "role", "Data Scientists"]).code, 0);
    assert_eq!(site.run(&["new", "skill", "Rust"]).code, 0);
    let role = front_matter(&site.path().join("content/roles/data-scientists.md"));
    assert!(validator(&site, Some("role")).is_valid(&role), "{role:#}");
    let skill = front_matter(&site.path().join("content/skills/rust.md"));
    assert!(
        validator(&site, Some("skill")).is_valid(&skill),
        "{skill:#}"
    );
}

#[test]
fn the_schema_rejects_wrong_types_and_fields() {
    let site = TestSite::example();
    let role = validator(&site, Some("role"));
    let all = validator(&site, None);
    let invalid = repo().join("tests/fixtures/invalid");
    // Every bad-input fixture whose problem is a type or a field; the
    // others are YAML syntax, encodings, templates or cross-file checks.
    for case in [
        "wrong-type/content/roles/broken.md",
        "missing-field/content/roles/broken.md",
        "unknown-key/content/roles/broken.md",
        "bad-date/content/roles/broken.md",
        "several-files/content/roles/unknown-key.md",
        "several-files/content/roles/wrong-type.md",
    ] {
        let front = front_matter(&invalid.join(case));
        assert!(!role.is_valid(&front), "{case} passes the role schema");
        assert!(!all.is_valid(&front), "{case} passes the combined schema");
    }
    let bad_candidate = serde_json::json!({
        "title": "T", "role": "R", "description": "D", "skills": [],
        "candidates": [{"name": "A"}]
    });
    assert!(!role.is_valid(&bad_candidate), "candidate without title");
}

#[test]
fn loading_warns_of_ignored_files_unused_skill_copy_and_draft_related_roles() {
    let site = lint_site(None);
    site.write("content/roles/notes.txt", "ideas for new roles");
    site.write(
        "content/skills/cobol.md",
        "---\ndescription: COBOL developers who keep the mainframe running.\n---\nCopy.\n",
    );
    site.write(
        "content/roles/draft-role.md",
        "---\ntitle: Hire Draft Developers\nrole: Draft Developer\ndescription: A role that is still a draft, listed as related by another role.\nskills: [Python]\ndraft: true\n---\n",
    );
    let role = site.read("content/roles/data-engineers.md").replacen(
        "---\n",
        "---\nrelated: [draft-role]\n",
        1,
    );
    site.write("content/roles/data-engineers.md", role);

    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 0, "warnings do not fail check: {json:#}");
    let found: BTreeSet<(String, String)> = diagnostics(&json)
        .iter()
        .map(|d| {
            assert_eq!(d["severity"], "warning", "{d:#}");
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("ignored-file", "content/roles/notes.txt"),
        ("unused-skill-copy", "content/skills/cobol.md"),
        ("related-draft", "content/roles/data-engineers.md"),
    ]
    .into_iter()
    .map(|(c, f)| (c.to_string(), f.to_string()))
    .collect();
    assert_eq!(found, expected, "{json:#}");
    let (code, _) = check_json(&site, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

/// An error in one file does not hide the lint warnings of the others.
#[test]
fn check_lints_the_other_files_when_one_has_an_error() {
    let site = lint_site(None);
    site.write(
        "content/roles/broken.md",
        "---\ntitle: Hire Broken Developers\nrole: [Broken\n---\nBody.\n",
    );
    let path = "content/roles/backend-developers.md";
    let text = site.read(path);
    site.write(
        path,
        text.replace(
            "title: Hire Backend Developers",
            "title: Hire Backend Developers Who Build Every API And Database You Need",
        ),
    );
    let (code, json) = check_json(&site, &[]);
    assert_eq!(code, 1, "{json:#}");
    let found: Vec<(String, String)> = diagnostics(&json)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("content/roles/broken.md".into(), "wrong-type".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(path.into(), "long-title".into())),
        "the lint warning of another file is reported too: {found:?}"
    );
}

#[test]
fn readme_documents_every_error_code() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for (code, _) in hirepage::ERROR_CODES {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README misses {code}"
        );
    }
}

/// Issue 13: `new role "Desarrolladores en São Paulo"` wrote "Hire
/// Desarrolladores en São Paulos" without a word.
#[test]
fn issue_13_new_says_how_it_made_the_names_and_takes_the_singular() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["new", "role", "Desarrolladores en São Paulo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "Names: title \"Hire Desarrolladores en São Paulos\", role \"Desarrolladores en São \
             Paulo\", derived with English plural rules; if they are wrong, run again with \
             --role \"<singular>\""
        ),
        "{}",
        run.stdout
    );
    std::fs::remove_file(
        site.path()
            .join("content/roles/desarrolladores-en-sao-paulo.md"),
    )
    .unwrap();

    let run = site.run(&[
        "new",
        "role",
        "Desarrolladores en São Paulo",
        "--role",
        "Desarrollador en São Paulo",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("(the singular from --role)"),
        "{}",
        run.stdout
    );
    let text = site.read("content/roles/desarrolladores-en-sao-paulo.md");
    assert!(
        text.contains("\ntitle: Hire Desarrolladores en São Paulo "),
        "{text}"
    );
    assert!(
        text.contains("\nrole: Desarrollador en São Paulo "),
        "{text}"
    );

    let run = site.run(&["new", "skill", "Rust", "--role", "x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
