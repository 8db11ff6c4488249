//! Where a document's text is. A loaded document keeps its front matter
//! parsed and its outline (links, headings), not its text: the file is
//! read again when its page is rendered, so a build holds the HTML of the
//! pages it is rendering, not of the whole site (issue 18: on generated
//! roles, the body's HTML and the front matter's text were 40% of what a
//! loaded role held). A draft from the editor is not on disk: its text is
//! held.

use std::borrow::Cow;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::files::read_text;

/// How to find a document's text again.
#[derive(Debug, Clone)]
pub struct Source {
    /// Byte offset of the Markdown body: the front matter is before it.
    body_offset: usize,
    /// Length and hash of the text as loaded: a file read again that
    /// differs changed since, and its outline no longer describes it.
    len: usize,
    digest: u64,
    /// The text of a draft, which is not on disk.
    draft: Option<Arc<str>>,
}

impl Source {
    /// The source of `text`, loaded from its file, whose body starts at
    /// `body_offset`.
    pub(super) fn on_disk(text: &str, body_offset: usize) -> Source {
        Source {
            body_offset,
            len: text.len(),
            digest: digest(text),
            draft: None,
        }
    }

    /// The source of a draft's `text`, held.
    pub(super) fn draft(text: &str, body_offset: usize) -> Source {
        Source {
            draft: Some(text.into()),
            ..Source::on_disk(text, body_offset)
        }
    }

    /// The whole text of `file` (under `root`), as it was loaded; an
    /// error if it cannot be read or has changed since.
    pub fn text(&self, root: &Path, file: &Path) -> Result<Cow<'_, str>, Diagnostic> {
        if let Some(text) = &self.draft {
            return Ok(Cow::Borrowed(text));
        }
        let text = read_text(root, file)?;
        if text.len() != self.len || digest(&text) != self.digest {
            return Err(Diagnostic::error(
                "changed-while-building",
                file,
                "the file changed while the site was being built",
            )
            .with_hint("build again: this build read it twice and found two versions"));
        }
        Ok(Cow::Owned(text))
    }

    /// The front matter of `file` as it was loaded, from its first line
    /// through the closing `---`, to find where a value is written;
    /// `None` if it cannot be read as it was loaded.
    pub fn front_text(&self, root: &Path, file: &Path) -> Option<String> {
        let text = self.text(root, file).ok()?;
        Some(text[..self.body_offset].to_string())
    }

    /// Byte offset of the body in the text.
    pub fn body_offset(&self) -> usize {
        self.body_offset
    }
}

/// A hash of `text`, the same in every process (SipHash with fixed keys).
fn digest(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_again_as_it_was_loaded() {
        let root = tempfile::tempdir().unwrap();
        let text = "---\ntitle: A\n---\nBody\n";
        std::fs::write(root.path().join("a.md"), text).unwrap();
        let source = Source::on_disk(text, 17);
        let again = source.text(root.path(), Path::new("a.md")).unwrap();
        assert_eq!(again, text);
        assert_eq!(&again[source.body_offset()..], "Body\n");
    }

    #[test]
    fn a_file_that_changed_since_it_was_loaded_is_an_error() {
        let root = tempfile::tempdir().unwrap();
        let text = "---\ntitle: A\n---\nBody\n";
        std::fs::write(root.path().join("a.md"), "---\ntitle: B\n---\nBody\n").unwrap();
        let error = Source::on_disk(text, 17)
            .text(root.path(), Path::new("a.md"))
            .unwrap_err();
        assert_eq!(error.code, "changed-while-building");
        std::fs::remove_file(root.path().join("a.md")).unwrap();
        let error = Source::on_disk(text, 17)
            .text(root.path(), Path::new("a.md"))
            .unwrap_err();
        assert_eq!(error.code, "io");
    }

    #[test]
    fn a_draft_is_held() {
        let root = tempfile::tempdir().unwrap();
        let text = "---\ntitle: A\n---\nDraft\n";
        let source = Source::draft(text, 17);
        assert_eq!(source.text(root.path(), Path::new("a.md")).unwrap(), text);
    }
}
