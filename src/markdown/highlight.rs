//! Syntax highlighting of fenced code blocks, as CSS classes.
//!
//! The syntax definitions (syntect's plus the ones `two-face` adds, such as
//! TypeScript and TOML) are loaded once, on the first code block that names
//! a language, so a site without code pays nothing for them. The output uses
//! `hl-` prefixed classes; the theme ships the matching stylesheet.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The prefix of every highlighting class (`hl-keyword`).
pub const CLASS_PREFIX: &str = "hl-";

/// Highlighted blocks by language and code. Sites repeat their code
/// blocks (the same snippet in several guides, every guide in `serve`'s
/// rebuilds), and syntect is the costliest step of rendering Markdown: a
/// block is highlighted once per process. The cache stops growing at
/// [`CACHE_BYTES`], so memory stays bounded on a site of distinct blocks.
static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);

/// The most the cache holds, code and HTML counted.
const CACHE_BYTES: usize = 32 << 20;

/// A block: its language and its code.
type Block = (Box<str>, Box<str>);

#[derive(Default)]
struct Cache {
    /// The HTML of each block, `None` for a language syntect lacks.
    blocks: HashMap<Block, Option<Box<str>>>,
    bytes: usize,
}

/// Highlights `code` as `lang`, returning the inner HTML of the `<code>`
/// element, or `None` when the language is unknown (the caller then shows the
/// block as plain, escaped text: an unknown language is not an error).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let cache = || CACHE.lock().unwrap_or_else(|e| e.into_inner());
    // Looked up by borrowed parts would need a custom key type; the two
    // small allocations cost nothing next to highlighting.
    let key = (Box::from(lang), Box::from(code));
    if let Some(hit) = cache().blocks.get(&key) {
        return hit.as_deref().map(String::from);
    }
    let html = highlight_uncached(code, lang);
    let mut cache = cache();
    let size = lang.len() + code.len() + html.as_ref().map_or(0, String::len);
    if cache.bytes + size <= CACHE_BYTES {
        cache.bytes += size;
        cache.blocks.insert(key, html.as_deref().map(Box::from));
    }
    html
}

fn highlight_uncached(code: &str, lang: &str) -> Option<String> {
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
    fn a_cached_block_is_the_same_html() {
        let code = "def cached():\n    return 1\n";
        let first = highlight(code, "python").unwrap();
        assert_eq!(highlight_uncached(code, "python").unwrap(), first);
        assert_eq!(highlight(code, "python").unwrap(), first);
        assert!(
            CACHE
                .lock()
                .unwrap()
                .blocks
                .contains_key(&(Box::from("python"), Box::from(code)))
        );
        // Another language, another entry.
        assert_ne!(highlight(code, "ruby"), Some(first));
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
