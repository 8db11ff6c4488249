//! Shrinking HTML, CSS and JavaScript when `minify` is on (the default).
//!
//! All three go through the `html-minifier` crate, which removes comments
//! and collapses whitespace but never reorders, unquotes or drops markup:
//! the page stays valid HTML and renders the same. `<pre>`, `<textarea>` and
//! `<code>` keep their whitespace, JSON-LD blocks are left as they are.
//! `minify-html` shrinks more (it drops optional tags and quotes, and
//! rewrites CSS and JS through lightningcss and oxc), but it pulls in about
//! 150 crates and two minutes of compile time on two cores, for 2 % fewer
//! bytes on our pages before compression.
//!
//! A style sheet or script file is minified as the content of a `<style>`
//! or `<script>` element; a file that contains its own end tag, or an HTML
//! comment opener, is published as it is.

use html_minifier::HTMLMinifier;

/// A minified HTML page, or why the minifier gave up (an unfinished tag);
/// the caller then keeps the page as rendered.
pub fn html(page: &[u8]) -> Result<Vec<u8>, String> {
    let mut minifier = HTMLMinifier::new();
    // `<code>` may be styled `white-space: pre`: leave it alone.
    minifier.set_minify_code(false);
    minifier.digest(page).map_err(|e| e.to_string())?;
    minifier.into_html().map_err(|e| e.to_string())
}

/// A minified style sheet, or `None` when it is kept as it is.
pub fn css(css: &str) -> Option<String> {
    embedded(css, "<style>", "</style>")
}

/// A minified script, or `None` when it is kept as it is. `module` is for
/// `.mjs` files, which follow module syntax rules.
pub fn js(js: &str, module: bool) -> Option<String> {
    let open = if module {
        "<script type=\"module\">"
    } else {
        "<script>"
    };
    embedded(js, open, "</script>")
}

fn embedded(code: &str, open: &str, close: &str) -> Option<String> {
    let lower = code.to_ascii_lowercase();
    if lower.contains(&close[..close.len() - 1]) || lower.contains("<!--") {
        return None;
    }
    let page = format!("{open}{code}{close}");
    let out = String::from_utf8(html(page.as_bytes()).ok()?).ok()?;
    let inner = out.strip_prefix(open)?.strip_suffix(close)?;
    Some(inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_quotes_pre_and_code() {
        let page = "<!doctype html>\n<html lang=\"en\">\n  <body>\n    <!-- note -->\n    <p class=\"a\">Hello   <b>big</b>   world</p>\n    <pre>  keep\n   this </pre> <code>a   b</code>\n  </body>\n</html>\n";
        let out = String::from_utf8(html(page.as_bytes()).unwrap()).unwrap();
        assert!(out.len() < page.len());
        assert!(out.contains("<html lang=\"en\">"), "{out}");
        assert!(
            out.contains("<p class=\"a\">Hello <b>big</b> world</p>"),
            "{out}"
        );
        assert!(out.contains("<pre>  keep\n   this </pre>"), "{out}");
        assert!(out.contains("<code>a   b</code>"), "{out}");
        assert!(!out.contains("note"), "{out}");
    }

    #[test]
    fn css_loses_comments_and_whitespace() {
        let out =
            css("/* theme */\nbody {\n  color: red;\n}\n\na::after { content: \"  x  \"; }\n")
                .unwrap();
        assert_eq!(out, "body{color:red;}a::after{content:\"  x  \";}");
    }

    #[test]
    fn js_keeps_strings_and_line_breaks_that_matter() {
        let out = js("// hi\nconst a = 1\nconst b = \"  x  \"\n", false).unwrap();
        assert!(out.contains("\"  x  \""), "{out}");
        assert!(!out.contains("hi"), "{out}");
        assert!(js("document.write('</script>')", false).is_none());
    }
}
