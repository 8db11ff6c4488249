//! Syntax highlighting of fenced code blocks, as CSS classes.
//!
//! The syntax definitions (syntect's plus the ones `two-face` adds, such as
//! TypeScript and TOML) are loaded once, on the first code block that names
//! a language, so a site without code pays nothing for them. The output uses
//! `hl-` prefixed classes; the theme ships the matching stylesheet.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The prefix of every highlighting class (`hl-keyword`).
pub const CLASS_PREFIX: &str = "hl-";

/// Highlights `code` as `lang`, returning the inner HTML of the `<code>`
/// element, or `None` when the language is unknown (the caller then shows the
/// block as plain, escaped text: an unknown language is not an error).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes
        .find_syntax_by_token(lang)
        .or_else(|| syntaxes.find_syntax_by_name(lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed {
            prefix: CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        // A grammar that fails on some input is a syntect limitation, not
        // the author's mistake: fall back to plain text.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_including_two_face_ones() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("hl-"), "{html}");
        assert!(highlight("let x: number = 1;\n", "typescript").is_some());
        assert!(highlight("[a]\nb = 1\n", "toml").is_some());
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn escapes_html_in_code() {
        let html = highlight("<script>alert(1)</script>\n", "python").unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }
}
