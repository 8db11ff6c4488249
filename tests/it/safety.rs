//! A build never deletes what it did not write (issue 13): the output
//! guard, the clean-up after killed builds, and a build killed at many
//! points of its publishing.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::TestSite;

/// The name of the marker file inside hirepage's own temporary folders.
const MARKER: &str = ".hirepage-build";

#[test]
fn issue_13_an_output_folder_that_is_not_a_build_is_refused() {
    let site = TestSite::fixture("minimal");
    site.write("docs/publishing.md", "how we publish");
    site.write("docs/ci/s3.yml", "steps: []");
    let run = site.run(&["build", "--output", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "docs: error: the output folder is not an earlier hirepage build (it has no \
             manifest.json): building would delete its 2 files (ci/s3.yml, publishing.md)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.read("docs/publishing.md"), "how we publish");
    assert_eq!(site.read("docs/ci/s3.yml"), "steps: []");

    // Asked for, it is replaced.
    site.build_ok(&["--output", "docs", "--force"]);
    assert!(site.exists("docs/manifest.json"));
    assert!(!site.exists("docs/publishing.md"));
}

#[test]
fn issue_13_an_empty_folder_or_an_earlier_build_is_replaced() {
    let site = TestSite::fixture("minimal");
    fs::create_dir_all(site.path().join("out/empty-subfolder")).unwrap();
    site.build_ok(&["--output", "out"]);
    site.write("out/stale.html", "from an earlier build");
    site.build_ok(&["--output", "out"]);
    assert!(!site.exists("out/stale.html"));
}

#[test]
fn issue_13_a_failed_first_build_says_the_folder_did_not_exist() {
    let site = TestSite::invalid("unknown-key");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("public did not exist and was not created"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("left unchanged"), "{}", run.stderr);
}

#[test]
fn issue_13_leftovers_of_killed_builds_are_removed_and_nothing_else() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    // No process has these ids: they are above Linux's largest pid_max.
    for leftover in [".public.tmp-4194399", ".public.old-4194398"] {
        site.write(&format!("{leftover}/{MARKER}"), "");
        site.write(&format!("{leftover}/hire/index.html"), "half written");
    }
    // Named like ours, but without the marker: someone else's.
    site.write(".public.tmp-4194397/keep.txt", "mine");
    site.write(".public.old-notapid/keep.txt", "mine");
    site.build_ok(&[]);
    // One of ours was recycled as the staging folder (issue 18), the other
    // removed; the previous output is the spare.
    assert_eq!(
        beside_output(site.path()),
        [
            ".public.old-notapid",
            ".public.old-spare",
            ".public.tmp-4194397",
            "public"
        ]
    );
    assert_eq!(site.read(".public.tmp-4194397/keep.txt"), "mine");
    assert_eq!(
        complete_build(site.path()),
        verified(&site.path().join(SPARE))
    );
}

/// The folder beside the output where the previous output is kept for the
/// next build to reuse (issue 18).
const SPARE: &str = ".public.old-spare";

#[test]
fn issue_18_a_folder_named_like_the_spare_but_not_ours_is_left_alone() {
    let site = TestSite::fixture("minimal");
    site.write(&format!("{SPARE}/keep.txt"), "mine");
    site.build_ok(&[]);
    site.build_ok(&[]);
    site.build_ok(&[]);
    assert_eq!(site.read(&format!("{SPARE}/keep.txt")), "mine");
    assert!(!site.exists(&format!("{SPARE}/{MARKER}")));
    assert_eq!(beside_output(site.path()), [SPARE, "public"]);
    assert!(!site.exists("public/keep.txt"));
}

/// Kills the build at many points of its publishing (the test hook
/// `HIREPAGE_TEST_PAUSE_AT` stops it there, then it gets SIGKILL) and
/// checks after each that the output is a complete build, the previous one
/// or the new one (or, killed between the two renames of the swap, that
/// the retired previous one is complete), and that the next build, even a
/// failed one, puts it back and cleans up.
#[test]
fn issue_13_a_build_killed_at_any_point_leaves_a_complete_output() {
    let site = generated_site(12);
    site.build_ok(&[]);
    let previous = complete_build(site.path());
    let files = previous.len();
    assert!(files > 40, "{files} files");
    let mut points: Vec<String> = [1, files / 3, files - 1, files + 1]
        .iter()
        .map(|n| format!("staged:{n}"))
        .collect();
    // Pruning removes what the recycled spare holds that the build does
    // not write (the page of an earlier round); removing, a leftover that
    // cannot be the spare because there is one.
    points.extend(["retired", "swapped", "kept", "pruning:1", "removing:1"].map(String::from));

    for (i, point) in points.iter().enumerate() {
        // Each round publishes a different build over the last one, with a
        // page at a new address.
        if i > 0 {
            fs::remove_file(
                site.path()
                    .join(format!("content/pages/round-{}.md", i - 1)),
            )
            .unwrap();
        }
        site.write(
            &format!("content/pages/round-{i}.md"),
            format!("---\ntitle: Round {i}\ndescription: A page that changes on every round of the test.\n---\nRound {i}.\n"),
        );
        if point.starts_with("removing") {
            let leftover = ".public.tmp-4194399";
            site.write(&format!("{leftover}/{MARKER}"), "");
            for n in 0..3 {
                site.write(&format!("{leftover}/hire/{n}.html"), "half written");
            }
        }
        let before = complete_build_or_restorable(site.path());
        kill_at(&site, point);

        let after = complete_build_or_restorable(site.path());
        let round = format!("round-{i}/index.html");
        let state_is_known = after == before || after.contains_key(&round);
        assert!(state_is_known, "{point}: the output is neither build");

        // A build that fails still puts a swapped-out output back and
        // clears the leftovers, keeping one as the spare, without touching
        // the output.
        site.write("content/roles/zz-broken.md", "---\ntitle: [\n---\n");
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{point}: {}", run.stderr);
        assert_eq!(complete_build(site.path()), after, "{point}");
        assert_eq!(beside_output(site.path()), [SPARE, "public"], "{point}");
        fs::remove_file(site.path().join("content/roles/zz-broken.md")).unwrap();
    }
    site.build_ok(&[]);
    assert!(!site.exists(&format!("public/{MARKER}")));
    assert_eq!(beside_output(site.path()), [SPARE, "public"]);
    assert_eq!(complete_build(site.path()).len(), files + 1);
}

/// The minimal site with `roles` more role guides.
fn generated_site(roles: usize) -> TestSite {
    let site = TestSite::fixture("minimal");
    for i in 0..roles {
        site.write(
            &format!("content/roles/generated-{i}.md"),
            format!(
                "---\ntitle: Hire Generated Engineers {i}\nrole: Generated Engineer {i}\n\
                 description: Generated role {i}, one of many, for the crash test of the build.\n\
                 skills: [Python, Skill{i}]\n---\n## What is a generated engineer?\n\nText {i}.\n"
            ),
        );
    }
    site
}

/// Runs `hirepage build` until the hook pauses it at `point`, then kills it.
fn kill_at(site: &TestSite, point: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hirepage"))
        .args(["build", "--root"])
        .arg(site.path())
        .env("HIREPAGE_TEST_PAUSE_AT", point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        if line == format!("paused at {}", point.split(':').next().unwrap()) {
            child.kill().unwrap();
            child.wait().unwrap();
            return;
        }
        seen.push(line);
    }
    let status = child.wait().unwrap();
    panic!(
        "the build never reached {point} ({status}):\n{}",
        seen.join("\n")
    );
}

/// Names of the dot-folders and the output in the site folder.
fn beside_output(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n == "public" || n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

/// The output as a complete build (every file of its manifest, with the
/// right bytes, and nothing else but the manifest and at most the marker),
/// path -> SHA-256.
fn complete_build(root: &Path) -> BTreeMap<String, String> {
    verified(&root.join("public"))
}

/// Like [`complete_build`]; if the output is missing, a build was killed
/// between the two renames of its swap: the retired folder must be complete.
fn complete_build_or_restorable(root: &Path) -> BTreeMap<String, String> {
    if root.join("public").exists() {
        return complete_build(root);
    }
    let retired: Vec<String> = beside_output(root)
        .into_iter()
        .filter(|n| n.starts_with(".public.old-") && n != SPARE)
        .collect();
    assert_eq!(
        retired.len(),
        1,
        "no output and no retired one: {retired:?}"
    );
    verified(&root.join(&retired[0]))
}

fn verified(dir: &Path) -> BTreeMap<String, String> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let listed: BTreeMap<String, String> = manifest["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, entry)| (path.clone(), entry["sha256"].as_str().unwrap().to_string()))
        .collect();
    let mut on_disk = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy();
        if rel == "manifest.json" || rel == MARKER {
            continue;
        }
        let hash = sha256_hex(&fs::read(entry.path()).unwrap());
        on_disk.insert(rel.replace('\\', "/"), hash);
    }
    assert_eq!(on_disk, listed, "{} is not a complete build", dir.display());
    listed
}

/// The hex SHA-256 of `bytes`, as `sha256sum` prints it and the manifest
/// lists it.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
