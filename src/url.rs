//! Which URLs a page may carry.
//!
//! Issue 13: `javascript:` links in a call to action, a Markdown link or a
//! photo were published as they were. A link is safe when it is relative
//! (`/contact/`, `#faq`, `../x`) or its scheme is `http`, `https`,
//! `mailto` or `tel`.

/// Whether `url` is relative or uses one of the schemes a page may link to.
///
/// Browsers drop tabs and newlines inside a URL and ignore leading
/// whitespace and control characters, and schemes are case-insensitive, so
/// ` Java\tScript:` is read as `javascript:`: the scheme is read the same way.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return true;
    };
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `a/b:c` or `?q=a:b`: the colon is past the path's start, no scheme.
    !is_scheme
        || ["http", "https", "mailto", "tel"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
}

#[cfg(test)]
mod tests {
    use super::is_safe_url;

    #[test]
    fn relative_and_web_urls_are_safe() {
        for url in [
            "/contact/",
            "#faq",
            "../x",
            "images/a.png",
            "https://example.com/",
            "HTTP://example.com",
            "mailto:a@example.com",
            "tel:+1555",
            "/search?q=a:b",
            "",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
    }

    #[test]
    fn other_schemes_are_not_even_in_disguise() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:x",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(url), "{url:?}");
        }
    }
}
