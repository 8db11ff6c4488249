//! A rebuild reuses the previous output's files instead of writing them
//! again (issue 18), and still publishes exactly the bytes of a fresh
//! build: never a stale file, never a link to a file outside the output.

use std::fs;
use std::path::Path;

use crate::util::{TestSite, tree};

/// The minimal site with a few more roles, so that pages of every kind
/// are reused.
fn site() -> TestSite {
    let site = TestSite::fixture("minimal");
    for i in 0..4 {
        write_role(&site, i, &format!("Text {i}."));
    }
    site
}

/// Writes the role `reused-I` (published at `hire/reused-I/`) with `text`.
fn write_role(site: &TestSite, i: usize, text: &str) {
    site.write(
        &format!("content/roles/reused-{i}.md"),
        format!(
            "---\ntitle: Hire Reused Engineers {i}\nrole: Reused Engineer {i}\n\
             description: Reused role {i}, for the tests of rebuilds that reuse files.\n\
             skills: [Python]\n---\n## What is a reused engineer?\n\n{text}\n"
        ),
    );
}

/// `(kept, linked, written)` from the `reuse:` line of `build -v`.
fn reuse(site: &TestSite) -> (usize, usize, usize) {
    let run = site.build_ok(&["-v"]);
    let line = run
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("reuse: "))
        .unwrap_or_else(|| panic!("no reuse line in:\n{}", run.stdout))
        .to_string();
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

/// The folders under `base`, relative, sorted.
fn folders(base: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(base)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    found
}

/// Builds the site afresh into `fresh/` and checks that `public/` holds
/// exactly the same files, bytes and folders (`diff -r`).
fn same_as_fresh(site: &TestSite) {
    let fresh = site.path().join("fresh");
    let _ = fs::remove_dir_all(&fresh);
    site.build_ok(&["--output", "fresh"]);
    let public = site.path().join("public");
    assert!(
        tree(&public) == tree(&fresh),
        "public/ differs from a fresh build"
    );
    assert_eq!(folders(&public), folders(&fresh));
    fs::remove_dir_all(&fresh).unwrap();
    let _ = fs::remove_dir_all(site.path().join(".fresh.old-spare"));
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

#[test]
fn issue_18_a_rebuild_reuses_every_file_and_writes_the_same_bytes() {
    let site = site();
    let (kept, linked, written) = reuse(&site);
    assert_eq!((kept, linked), (0, 0));
    let files = written;
    // The second build links every file from the first; the third keeps
    // the spare's (the first build's folders and files).
    assert_eq!(reuse(&site), (0, files, 0));
    same_as_fresh(&site);
    assert_eq!(reuse(&site), (files, 0, 0));
    same_as_fresh(&site);
    assert!(site.exists(".public.old-spare/.hirepage-build"));
}

#[test]
fn issue_18_a_changed_file_is_written_not_reused() {
    let site = site();
    site.build_ok(&[]);
    site.build_ok(&[]);
    let page = "public/hire/reused-1/index.html";
    let before = site.read(page);
    write_role(&site, 1, "Changed text.");
    let (_, _, written) = reuse(&site);
    assert!(written > 0, "nothing was written after an edit");
    assert!(site.read(page).contains("Changed text."));
    // The spare, the previous output, still holds what it published.
    assert_eq!(
        site.read(&format!(".public.old-spare/{}", &page[7..])),
        before
    );
    same_as_fresh(&site);
    // Same size, other bytes: still written.
    write_role(&site, 1, "Changed texT.");
    reuse(&site);
    assert!(site.read(page).contains("Changed texT."));
    same_as_fresh(&site);
}

#[cfg(unix)]
#[test]
fn issue_18_an_output_file_edited_in_place_is_not_published_again() {
    use std::io::Write;
    let site = site();
    site.build_ok(&[]);
    site.build_ok(&[]);
    // Its inode is shared with the spare's copy: both change.
    let index = site.path().join("public/index.html");
    let mut file = fs::OpenOptions::new().append(true).open(&index).unwrap();
    file.write_all(b"<!-- edited in place -->").unwrap();
    drop(file);
    site.build_ok(&[]);
    assert!(!site.read("public/index.html").contains("edited in place"));
    same_as_fresh(&site);
    site.build_ok(&[]);
    assert!(!site.read("public/index.html").contains("edited in place"));
    same_as_fresh(&site);
}

#[cfg(unix)]
#[test]
fn issue_18_a_file_linked_from_outside_the_output_is_never_reused() {
    let site = site();
    site.build_ok(&[]);
    // The user's own hard link to a published file.
    let mine = site.path().join("mine.html");
    fs::hard_link(site.path().join("public/index.html"), &mine).unwrap();
    // (The spare, the output as it was, keeps the link until it is
    // recycled; it is never published.)
    for _ in 0..3 {
        site.build_ok(&[]);
        assert_ne!(inode(&mine), inode(&site.path().join("public/index.html")));
    }
    // So editing the user's file never changes the output.
    let published = site.read("public/index.html");
    fs::write(&mine, "the user's edit").unwrap();
    assert_eq!(site.read("public/index.html"), published);
    same_as_fresh(&site);
}

#[test]
fn issue_18_a_spare_of_another_shape_becomes_exactly_the_new_output() {
    let site = site();
    site.build_ok(&[]);
    site.build_ok(&[]);
    // Left in the spare: a stale page, a file where the new build has a
    // folder and a folder where it has a file.
    let spare = ".public.old-spare";
    site.write(&format!("{spare}/hire/gone/index.html"), "stale");
    fs::remove_dir_all(site.path().join(spare).join("hire/reused-2")).unwrap();
    site.write(&format!("{spare}/hire/reused-2"), "a file");
    fs::remove_file(site.path().join(spare).join("index.html")).unwrap();
    site.write(&format!("{spare}/index.html/x"), "a folder");
    site.build_ok(&[]);
    same_as_fresh(&site);
    assert!(!site.exists("public/hire/gone"));
}
