//! Builds the default theme (`themes/default/`) into the binary, so that a
//! site without a `themes/` folder of its own builds (`hirepage init`).
//! Writes `$OUT_DIR/default_theme.rs`: a sorted list of (path inside the
//! theme, `include_bytes!` of the file), which `src/theme.rs` includes.

use std::path::{Path, PathBuf};

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(theme, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for file in files {
        let rel = file
            .strip_prefix(theme)
            .expect("a theme file is under the theme")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let abs = std::fs::canonicalize(&file).expect("a listed file exists");
        out.push_str(&format!("    ({rel:?}, include_bytes!({abs:?})),\n"));
    }
    out.push_str("]\n");
    let target = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(target.join("default_theme.rs"), out).expect("OUT_DIR is writable");
}

/// Every file under `dir`, editor leftovers and dot-files aside.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
