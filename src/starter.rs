//! `hirepage init`: the files of a new site that builds and passes `check`
//! as it is. It has no `themes/` folder: the default theme is built into
//! the binary ([`crate::theme`]), and the site overrides it file by file
//! when it needs to.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The starter site: path in the new folder, contents.
const FILES: &[(&str, &str)] = &[
    (".gitignore", include_str!("starter/gitignore")),
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    (
        "content/roles/backend-developers.md",
        include_str!("starter/content/roles/backend-developers.md"),
    ),
    (
        "content/pages/about.md",
        include_str!("starter/content/pages/about.md"),
    ),
];

/// Writes a new site into `dir`, which must not exist or be empty, so that
/// nothing of the user's is ever overwritten. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!("{} exists and is not a folder", dir.display()));
        }
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if !names.is_empty() {
            names.sort();
            let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let more = if names.len() > 3 { ", …" } else { "" };
            return Err(format!(
                "{} is not empty ({shown}{more}): hirepage init writes a new site only \
                 into a new or empty folder; name one, such as `hirepage init my-site`",
                dir.display()
            ));
        }
    }
    let mut written = Vec::with_capacity(FILES.len());
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // create_new: a file that appeared meanwhile is not overwritten.
        std::fs::File::create_new(&path)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_anything_in_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = init(dir.path()).unwrap_err();
        assert!(err.contains("is not empty (notes.txt)"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(!dir.path().join("site.yaml").exists());
    }

    #[test]
    fn a_new_folder_gets_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("new-site");
        let written = init(&site).unwrap();
        assert_eq!(written.len(), FILES.len());
        assert!(site.join("content/roles/backend-developers.md").is_file());
    }
}
