//! Splitting a content file into its YAML front matter and Markdown body.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// A content file cut in two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The 1-based line of the file where the YAML starts (2).
    pub yaml_first_line: usize,
    /// The Markdown after the closing `---` line.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Cuts `text` at its `---` lines.
///
/// The file must open with a `---` line; the front matter ends at the next
/// line that is exactly `---`. Errors say which fence is missing.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = LineIter::new(text);
    let first = lines.next().map(|(_, l)| l.trim_end()).unwrap_or("");
    if first != "---" {
        let d = Diagnostic::error(
            "missing-front-matter",
            file,
            "the file does not start with front matter",
        )
        .at(1, 1);
        let hint = if first == "+++" {
            "hirepage reads YAML front matter between `---` lines, not TOML between `+++` lines"
        } else {
            "start the file with a line `---`, then the fields (`title: …`), then another line `---`"
        };
        return Err(d.with_hint(hint));
    }
    let yaml_start = lines.offset;
    for (start, line) in lines.by_ref() {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_first_line: 2,
                body: &text[lines.offset..],
                body_offset: lines.offset,
            });
        }
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        file,
        "the front matter opened on line 1 is never closed",
    )
    .at(1, 1)
    .with_hint("add a line with only `---` after the last field, before the Markdown text"))
}

/// Lines with the byte offset where each starts; `offset` is where the next
/// line would start.
struct LineIter<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> LineIter<'a> {
    fn new(text: &'a str) -> Self {
        LineIter { text, offset: 0 }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let start = self.offset;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.offset += advance;
        Some((start, line.trim_end_matches('\r')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f() -> &'static Path {
        Path::new("content/roles/a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split(f(), "---\ntitle: A\n---\n## Body\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "## Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn accepts_crlf_and_empty_bodies() {
        let s = split(f(), "---\r\ntitle: A\r\n---\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "");
        let s = split(f(), "---\ntitle: A\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_closing_fence_is_reported_with_a_fix() {
        let err = split(f(), "---\ntitle: A\n\n## Body\n").unwrap_err();
        assert_eq!(err.code, "unclosed-front-matter");
        assert!(err.hint.unwrap().contains("---"));
    }

    #[test]
    fn missing_front_matter_mentions_toml_when_it_sees_it() {
        let err = split(f(), "+++\ntitle = 'A'\n+++\n").unwrap_err();
        assert_eq!(err.code, "missing-front-matter");
        assert!(err.hint.unwrap().contains("TOML"));
        let err = split(f(), "# Just markdown\n").unwrap_err();
        assert_eq!(err.code, "missing-front-matter");
    }
}
