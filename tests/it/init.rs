//! `hirepage init`, then `check`, `build` and `serve`, in a folder that has
//! no theme of its own: the default theme is built into the binary.

use std::process::Command;

use crate::browser::Server;

fn hirepage(args: &[&str], dir: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hirepage"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn init_writes_a_site_that_checks_builds_and_serves_without_a_theme_folder() {
    let parent = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = hirepage(&["init", "my-site"], parent.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("hirepage serve"), "{stdout}");
    let site = parent.path().join("my-site");
    assert!(!site.join("themes").exists());

    let (code, stdout, stderr) = hirepage(&["check", "--deny-warnings"], &site);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("No problems found."), "{stdout}");

    let (code, _, stderr) = hirepage(&["build"], &site);
    assert_eq!(code, 0, "{stderr}");
    let page =
        std::fs::read_to_string(site.join("public/hire/backend-developers/index.html")).unwrap();
    assert!(page.contains("Hire Backend Developers"));
    assert!(
        page.contains("/css/site."),
        "the theme's stylesheet is linked"
    );

    let server = Server::start(&site, 0);
    assert_eq!(server.get("/hire/backend-developers/").0, 200);
    assert_eq!(server.get("/about/").0, 200);
}

#[test]
fn a_site_overrides_the_built_in_theme_file_by_file() {
    let parent = tempfile::tempdir().unwrap();
    assert_eq!(hirepage(&["init", "s"], parent.path()).0, 0);
    let site = parent.path().join("s");
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<p>My own page template.</p>{% endblock %}",
    )
    .unwrap();
    let (code, _, stderr) = hirepage(&["build"], &site);
    assert_eq!(code, 0, "{stderr}");
    let about = std::fs::read_to_string(site.join("public/about/index.html")).unwrap();
    assert!(about.contains("My own page template."), "{about}");
    let role =
        std::fs::read_to_string(site.join("public/hire/backend-developers/index.html")).unwrap();
    assert!(
        role.contains("Hire Backend Developers"),
        "the other templates stay built in"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "keep me").unwrap();
    let (code, _, stderr) = hirepage(&["init"], dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("is not empty (notes.md)"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        "keep me"
    );
    assert!(!dir.path().join("site.yaml").exists());
}
