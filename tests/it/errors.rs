//! Every bad input of the contract gives exit code 1, a message naming the
//! file (and line:column where known), no panic, and leaves the previous
//! output untouched. The messages are pinned as snapshots.

use crate::util::TestSite;

/// Builds `site` over a previous output and checks the failure contract;
/// returns stderr.
fn fails(site: &TestSite) -> String {
    // An earlier build: the output guard lets a build replace it.
    site.write("public/manifest.json", r#"{"files": {}}"#);
    site.write("public/index.html", "previous build");
    let run = site.run(&["build"]);
    assert_eq!(
        run.code, 1,
        "expected exit 1, got {}:\n{}",
        run.code, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        site.read("public/index.html"),
        "previous build",
        "previous output was touched"
    );
    assert_eq!(
        site.tree("public").len(),
        2,
        "files were added to the previous output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
    run.stderr
}

fn case(name: &str) -> String {
    fails(&TestSite::invalid(name))
}

#[test]
fn malformed_yaml() {
    let err = case("malformed-yaml");
    assert!(err.contains("content/roles/broken.md:6:7: error:"), "{err}");
    assert!(
        err.contains("flow sequence that starts on line 5, column 9"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn missing_closing_fence() {
    let err = case("unclosed-front-matter");
    assert!(
        err.contains(
            "content/roles/broken.md:1:1: error: the front matter opened on line 1 is never closed"
        ),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn wrong_type() {
    let err = case("wrong-type");
    assert!(
        err.contains("content/roles/broken.md:5:9: error: `skills` must be a list"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn missing_required_field() {
    let err = case("missing-field");
    assert!(
        err.contains("content/roles/broken.md:2:1: error: missing required field `role`"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn unknown_key_with_hint() {
    let err = case("unknown-key");
    assert!(
        err.contains("content/roles/broken.md:5:1: error: unknown field `skils`"),
        "{err}"
    );
    assert!(err.contains("hint: did you mean `skills`?"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn empty_file() {
    let err = case("empty-file");
    assert!(
        err.contains("content/roles/empty.md: error: the file is empty"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn non_utf8_file() {
    let err = case("non-utf8");
    assert!(
        err.contains("content/roles/latin1.md:2:16: error: the file is not UTF-8 text"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn binary_file() {
    let err = case("binary-file");
    assert!(
        err.contains("content/roles/image.md: error: this is a binary file"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn template_syntax_error() {
    let err = case("template-syntax");
    assert!(err.contains("templates/page.html:6:"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn template_unknown_variable() {
    let err = case("template-unknown-variable");
    assert!(err.contains("templates/page.html:4:"), "{err}");
    assert!(err.contains("subtitle"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn unknown_related_slug() {
    let err = case("unknown-related");
    assert!(
        err.contains(
            "content/roles/broken.md:8:5: error: related role `frontend-developer` does not exist"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `frontend-developers`?"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn two_sources_for_one_url() {
    let err = case("duplicate-url");
    assert!(err.contains("content/roles/backend.md"), "{err}");
    // At the `slug:` line that claims the URL.
    assert!(err.contains("content/roles/copy.md:5:1: error"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn broken_internal_link_and_missing_image() {
    let err = case("broken-link");
    assert!(
        err.contains(
            "content/pages/links.md:7:5: error: link to `/hire/data-engineers/` leads nowhere"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/pages/links.md:7:53: error: image `/images/team.png` does not exist"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn impossible_date() {
    let err = case("bad-date");
    assert!(err.contains("content/roles/broken.md:6:7: error:"), "{err}");
    assert!(err.contains("2026-13-01"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn unknown_key_in_site_yaml() {
    let err = case("bad-config");
    assert!(
        err.contains("site.yaml:3:1: error: unknown field `tittle`"),
        "{err}"
    );
    assert!(err.contains("did you mean `title`?"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn several_broken_files_are_all_listed() {
    let err = case("several-files");
    for file in ["unclosed.md:1:1", "unknown-key.md:5:1", "wrong-type.md:5:9"] {
        assert!(
            err.contains(&format!("content/roles/{file}: error:")),
            "{file} missing in:\n{err}"
        );
    }
    assert!(
        err.contains("build failed with 3 errors in 3 files"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let site = TestSite::fixture("minimal");
    std::os::unix::fs::symlink("..", site.path().join("content/roles/loop")).unwrap();
    let err = fails(&site);
    assert!(
        err.contains("content/roles/loop: error: symbolic link loop"),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn missing_candidate_photo_and_broken_call_to_action() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/roles/photo.md",
        "---\ntitle: Hire Photo Developers\nrole: Photo Developer\ndescription: A role whose candidate photo and button lead nowhere.\nskills: [Python]\nhero:\n  cta: {label: Go, url: /nowhere/}\ncandidates:\n  - name: A\n    title: B\n    photo: /images/a.jpg\n---\n",
    );
    let err = fails(&site);
    assert!(
        err.contains("content/roles/photo.md:7:25: error: link to `/nowhere/` leads nowhere"),
        "{err}"
    );
    assert!(
        err.contains("content/roles/photo.md:11:12: error: image `/images/a.jpg` does not exist"),
        "{err}"
    );
}

/// A role whose front matter does not load is reported once: the roles
/// that name it as related or link to its page do not get errors too.
#[test]
fn a_role_that_fails_to_load_is_one_error_not_a_cascade() {
    let err = case("unloaded-related");
    assert!(
        err.contains("content/roles/frontend.md:3:7: error: `role` must be text"),
        "{err}"
    );
    assert!(!err.contains("related role"), "{err}");
    assert!(!err.contains("leads nowhere"), "{err}");
    assert!(err.contains("build failed with 1 error in 1 file"), "{err}");
}

/// Issue 13: YAML nested 100,000 deep (200 KB) took 40 s to be refused.
#[test]
fn issue_13_deep_yaml_is_refused_at_once() {
    let site = TestSite::fixture("minimal");
    let deep = format!(
        "---\ntitle: Hire Deep\nrole: Deep\ndescription: Nested far too deep.\nskills: [Go]\nextra:\n  x: {}\n---\n",
        "[".repeat(100_000)
    );
    site.write("content/roles/deep.md", deep);
    let clock = std::time::Instant::now();
    let err = fails(&site);
    assert!(clock.elapsed().as_secs() < 5, "{:?}", clock.elapsed());
    assert!(
        err.contains(
            "content/roles/deep.md:7:36: error: the YAML nests more than 32 levels deep here"
        ),
        "{err}"
    );
}

#[test]
fn issue_13_alias_bomb_is_refused_before_expanding() {
    let err = case("alias-bomb");
    assert!(
        err.contains(
            "content/roles/bomb.md:9:10: error: more than 10 aliases (`*name`) in one file"
        ),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

#[test]
fn issue_13_a_file_over_1_mb_is_refused_unread() {
    let site = TestSite::fixture("minimal");
    let mut big =
        String::from("---\ntitle: Hire Big\nrole: Big\ndescription: Too big.\nskills: [Go]\n---\n");
    big.push_str(&"All work and no play. ".repeat(50_000));
    site.write("content/roles/big.md", big);
    let err = fails(&site);
    assert!(
        err.contains("content/roles/big.md: error: the file is 1.0 MB; hirepage reads text files of at most 1 MB"),
        "{err}"
    );
}

/// Found by the fuzzing test of issue 13: a list as a map key panicked
/// when the data was handed to the templates.
#[test]
fn issue_13_a_list_as_a_map_key_is_an_error_not_a_panic() {
    let err = case("complex-key");
    assert!(
        err.contains("content/_data/levels.yaml: error: a key in the data is a list; templates can read only text keys"),
        "{err}"
    );
}

/// Issue 13: `skills: []` built, although `skills` is required.
#[test]
fn issue_13_an_empty_skill_list_is_an_error() {
    let err = case("empty-skills");
    assert!(
        err.contains(
            "content/roles/nobody.md:5:9: error: `skills` is empty; it needs at least one item"
        ),
        "{err}"
    );
    insta::assert_snapshot!(err);
}

/// Issue 13: one slug rule: `slug: "日本語"` built and put raw non-ASCII
/// into the sitemap, while `são-paulo` was refused, at the `title:` line.
#[test]
fn issue_13_one_slug_rule_and_the_error_points_at_the_slug() {
    let err = case("non-ascii-slug");
    assert!(
        err.contains("content/roles/tokyo.md:6:7: error: slug `日本語` cannot be used in a URL"),
        "{err}"
    );
    let err = case("quoted-slug");
    assert!(
        err.contains("content/roles/sao.md:6:7: error: slug `são-paulo` cannot be used in a URL"),
        "{err}"
    );
    assert!(err.contains("`slug: sao-paulo`"), "{err}");
    insta::assert_snapshot!(err);
}

/// Issue 13: a duplicate key was reported at the start of its map.
#[test]
fn issue_13_a_duplicate_key_is_reported_at_its_repeat() {
    let err = case("duplicate-key");
    assert!(
        err.contains(
            "content/roles/twice.md:6:1: error: `description` is written twice in the same map"
        ),
        "{err}"
    );
    assert!(
        err.contains("the first `description:` is on line 4"),
        "{err}"
    );
}

/// Issue 13: `javascript:` URLs in a call to action, a photo or a Markdown
/// link were published without a word: errors in front matter, a warning
/// in Markdown.
#[test]
fn issue_13_unsafe_url_schemes_are_refused_in_front_matter() {
    let err = case("unsafe-urls");
    for expected in [
        "content/roles/unsafe.md:7:29: error: `JavaScript:alert(1)` is not a web, mail or phone link",
        "content/roles/unsafe.md:11:13: error: `javascript:alert(2)` is not a web, mail or phone link",
        "content/roles/unsafe.md:15:6: warning: `javascript:alert(3)` is not a web, mail or phone link",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    insta::assert_snapshot!(err);
}

/// Issue 13: errors were positioned and hinted at a cost per error that
/// grew with the file: 140,000 broken links on one line took 105 s, 20,000
/// unknown skill names 10 s per 100 KB. Now linear: a few seconds at most.
#[test]
fn issue_13_many_errors_in_one_file_are_reported_in_linear_time() {
    let site = TestSite::fixture("minimal");
    let links = "[a](/nowhere/) ".repeat(30_000);
    let related: Vec<String> = (0..5_000).map(|i| format!("r{i}")).collect();
    let skills: Vec<String> = (0..5_000)
        .map(|i| char::from_u32(0x4e00 + i).unwrap().to_string())
        .collect();
    site.write(
        "content/roles/many.md",
        format!(
            "---\ntitle: Hire Many\nrole: Many\ndescription: Many errors in one file.\n\
             skills: [{}]\nrelated: [{}]\n---\n{links}\n",
            skills.join(", "),
            related.join(", ")
        ),
    );
    let clock = std::time::Instant::now();
    let err = fails(&site);
    assert!(clock.elapsed().as_secs() < 10, "{:?}", clock.elapsed());
    assert!(
        err.contains("content/roles/many.md:8:1: error: link to `/nowhere/` leads nowhere"),
        "{}",
        &err[..2000]
    );
    assert!(
        err.contains("content/roles/many.md:6:11: error: related role `r0` does not exist"),
        "{}",
        &err[..2000]
    );
    assert!(
        err.contains("content/roles/many.md:5:10: error: skill `一` has no letters or digits"),
        "{}",
        &err[..2000]
    );
}

/// Issue 13: the slug rule holds for file names too: a file name with no
/// Latin letter or digit has no slug.
#[test]
fn issue_13_a_file_name_without_a_slug_is_an_error() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/pages/日本語.md",
        "---\ntitle: Japanese\ndescription: A page whose file name has no slug.\n---\nText.\n",
    );
    let err = fails(&site);
    assert!(
        err.contains("content/pages/日本語.md: error: the file name has no letters or digits to make a URL from"),
        "{err}"
    );
}
