//! Exit codes and messages of the command line.

use crate::util::TestSite;

#[test]
fn usage_errors_exit_2() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("unexpected argument '--no-such-flag'"),
        "{}",
        run.stderr
    );

    let run = site.run(&["publish"]);
    assert_eq!(run.code, 2, "{}", run.stderr);

    let run = site.run(&["build", "--base-url", "example.com"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --base-url `example.com` is not an absolute http(s) URL, such as https://example.com/preview/\n"
    );
    assert!(!site.exists("public"), "a usage error writes nothing");
}

#[test]
fn help_and_version_exit_0() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["--help"]);
    assert_eq!(run.code, 0);
    for command in ["build", "serve", "check", "new", "schema", "diff"] {
        assert!(run.stdout.contains(command), "--help lists {command}");
    }
    assert_eq!(site.run(&["--version"]).code, 0);
}

#[test]
fn missing_site_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hirepage"))
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("site.yaml: error: cannot read the file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: create the file, or run hirepage in the site's folder (--root DIR)"),
        "{stderr}"
    );
}

#[test]
fn output_folder_cannot_swallow_the_site() {
    let site = TestSite::fixture("minimal");
    let root = site.path().to_string_lossy().into_owned();
    let parent = site.path().parent().unwrap().to_string_lossy().into_owned();
    // `..` and any folder that contains the site: issue 13.
    let outputs = [
        ".",
        "..",
        "../",
        &parent,
        &root,
        &format!("{root}/content/out"),
    ];
    for output in outputs {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("the output folder would replace the site's own files"),
            "{}",
            run.stderr
        );
    }
    assert!(site.exists("content/roles/backend.md"));
}

#[test]
fn check_validates_without_writing() {
    let site = TestSite::fixture("minimal");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.exists("public"));

    let broken = TestSite::invalid("unknown-key");
    let run = broken.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/roles/broken.md:5:1: error: unknown field `skils`"),
        "{}",
        run.stderr
    );
    assert!(!broken.exists("public"));

    let run = broken.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["diagnostics"][0]["file"], "content/roles/broken.md");
    assert_eq!(json["diagnostics"][0]["line"], 5);
    assert_eq!(json["diagnostics"][0]["code"], "unknown-field");
    assert_eq!(json["diagnostics"][0]["hint"], "did you mean `skills`?");
}

#[test]
fn verbose_build_prints_phases() {
    let site = TestSite::fixture("minimal");
    let run = site.build_ok(&["-v"]);
    for phase in [
        "load",
        "static",
        "templates",
        "pages",
        "signing",
        "files",
        "write",
        "lint",
        "duplicates",
    ] {
        assert!(
            run.stdout.contains(&format!("  {phase} ")),
            "{}",
            run.stdout
        );
    }
}

/// A build of more than a second shows its progress on a terminal (here a
/// pseudo-terminal made by `script`), overwritten in place and cleared at
/// the end; through a pipe it prints none.
#[test]
#[ignore = "needs script(1) from util-linux: bash .ci/run runs it"]
fn a_long_build_shows_progress_on_a_terminal_only() {
    let site = crate::util::TestSite::generated(400);
    let command = format!(
        "{} build --root {} --output {}",
        env!("CARGO_BIN_EXE_hirepage"),
        site.path().display(),
        site.path().join("tty-out").display()
    );
    let tty = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script(1) runs");
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{shown}");
    let last = shown
        .rfind("rendering pages")
        .expect("no progress line on a terminal");
    let built = shown.find("Built ").unwrap();
    assert!(
        shown[last..built].contains("\x1b[2K"),
        "the progress line is cleared before the summary: {:?}",
        &shown[last..built]
    );

    let piped = site.build_ok(&["--output", "piped-out"]);
    assert!(
        !piped.stderr.contains("rendering pages"),
        "{}",
        piped.stderr
    );
    assert!(!piped.stderr.contains('\r'), "{}", piped.stderr);
}

/// Issue 13: `hirepage schema | head -c 10` panicked on the broken pipe.
#[test]
fn issue_13_a_reader_that_goes_away_ends_the_command_quietly() {
    let site = TestSite::fixture("minimal");
    for args in [&["schema"][..], &["check", "--format", "json"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hirepage"))
            .args(args)
            .arg("--root")
            .arg(site.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the command writes a byte.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Issue 13: a first build that fails promised "the last good version".
#[test]
fn issue_13_serve_says_nothing_is_served_when_nothing_ever_built() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexistent");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hirepage"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&missing)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("nothing is served yet"), "{stdout}");
    assert!(!stdout.contains("last good version"), "{stdout}");
}
