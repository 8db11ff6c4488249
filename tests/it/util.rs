//! Test harness: fixture sites in temporary folders, and the real binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site copied into a temporary folder.
pub struct TestSite {
    dir: TempDir,
}

impl TestSite {
    /// `tests/fixtures/<name>`, with the repository's default theme when the
    /// fixture has no `themes/` of its own.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::Builder::new()
            .prefix("hirepage-test-")
            .tempdir()
            .unwrap();
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        if !dir.path().join("themes").exists() {
            copy_dir(
                &repo().join("themes/default"),
                &dir.path().join("themes/default"),
            );
        }
        TestSite { dir }
    }

    /// The minimal fixture with `tests/fixtures/invalid/<case>` laid over it.
    pub fn invalid(case: &str) -> TestSite {
        let site = TestSite::fixture("minimal");
        copy_dir(
            &repo().join("tests/fixtures/invalid").join(case),
            site.path(),
        );
        site
    }

    /// The example site of the repository.
    pub fn example() -> TestSite {
        let dir = tempfile::Builder::new()
            .prefix("hirepage-example-")
            .tempdir()
            .unwrap();
        for part in ["site.yaml", "content", "themes", "static", "templates"] {
            let from = repo().join(part);
            if from.is_dir() {
                copy_dir(&from, &dir.path().join(part));
            } else if from.is_file() {
                fs::copy(&from, dir.path().join(part)).unwrap();
            }
        }
        TestSite { dir }
    }

    /// A site of `roles` roles made by `examples/gen_site.rs` (the
    /// benchmark's generator), built with cargo on first use.
    pub fn generated(roles: usize) -> TestSite {
        let dir = tempfile::Builder::new()
            .prefix("hirepage-generated-")
            .tempdir()
            .unwrap();
        let out = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--example", "gen_site", "--", "--roles"])
            .arg(roles.to_string())
            .arg("--out")
            .arg(dir.path())
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "gen_site failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        TestSite { dir }
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Reads an output or source file as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Whether a file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Runs `hirepage <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_hirepage"))
            .args(args)
            .arg("--root")
            .arg(self.path())
            .current_dir(self.path())
            .output()
            .unwrap();
        Run::new(output, self.path())
    }

    /// Runs `hirepage build` and expects success.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// Every file under `dir` (relative to the site), sorted, with contents.
    pub fn tree(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        tree(&self.path().join(dir))
    }
}

/// The first role file of the site at `root`, by file name.
pub fn first_role(root: &Path) -> PathBuf {
    let mut roles: Vec<PathBuf> = fs::read_dir(root.join("content/roles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    roles.sort();
    roles.remove(0)
}

/// Every file under `base`, by relative path with `/`, sorted, with contents.
pub fn tree(base: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(base)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The result of running the binary, with the temporary path redacted.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn new(output: Output, root: &Path) -> Run {
        let redact = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes).into_owned();
            text.replace(&root.display().to_string(), "[ROOT]")
        };
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: redact(&output.stdout),
            stderr: redact(&output.stderr),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
