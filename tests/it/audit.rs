//! The quality bars of the product contract, measured on the example site
//! built with the default theme (issue 3): the Nu HTML Checker (vnu) and
//! axe-core on every page, Lighthouse on the largest page of every kind.
//!
//! The audits live in `tests/audit/audit.mjs` (Node, Debian's chromium,
//! Java for vnu); this test builds the site with the real binary, runs the
//! script and fails with its list of problems. A missing prerequisite is a
//! failure that says how to install it, never a silent skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{TestSite, repo};

/// The npm packages `tests/audit/package.json` pins.
const PACKAGES: [&str; 4] = ["axe-core", "lighthouse", "puppeteer-core", "vnu-jar"];

#[test]
fn the_example_site_passes_vnu_axe_and_lighthouse() {
    let audit = repo().join("tests/audit");
    require_prerequisites(&audit);

    let site = TestSite::example();
    site.build_ok(&[]);
    let output = Command::new("node")
        .arg(audit.join("audit.mjs"))
        .arg(site.path().join("public"))
        .current_dir(&audit)
        .stdin(Stdio::null())
        .output()
        .expect("cannot run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the audits of the example site failed (exit {:?}):\n{stdout}\n{stderr}",
        output.status.code()
    );
    // The figures, shown with `cargo test -- --nocapture`.
    println!("{stdout}");
}

/// Fails with install instructions when node, java, chromium or the npm
/// packages are missing.
fn require_prerequisites(audit: &Path) {
    let mut missing = Vec::new();
    if !runs("node", &["--version"]) {
        missing.push("node: apt-get install nodejs npm".to_string());
    }
    if !runs("java", &["-version"]) {
        missing.push("java 17 or later: apt-get install openjdk-17-jre-headless".to_string());
    }
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        missing.push(format!(
            "{}: apt-get install chromium (or set CHROMIUM to a chromium binary)",
            chromium.display()
        ));
    }
    let absent: Vec<&str> = PACKAGES
        .into_iter()
        .filter(|p| {
            !audit
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        })
        .collect();
    if !absent.is_empty() {
        missing.push(format!(
            "tests/audit/node_modules ({}): npm ci --ignore-scripts --prefix tests/audit",
            absent.join(", ")
        ));
    }
    assert!(
        missing.is_empty(),
        "the audit test cannot run; missing:\n  - {}\n\
         `bash .ci/run` installs all of them (as root), or run the commands above.",
        missing.join("\n  - ")
    );
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
