//! URLs and paths: what a link in a page points to, where a page is
//! written, the URL of a written file, and the media type it is served
//! with. `build` (links, `_headers`, the manifest) and `serve` (requests,
//! responses) share these, so the two always agree; and which URLs a page
//! may carry at all ([`is_safe_url`]).

use std::borrow::Cow;

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `javascript:`).
pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            i > 0
                && url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Decodes `%xx` escapes; `None` for a malformed escape or a result that
/// is not UTF-8.
pub fn percent_decode(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains('%') {
        return Some(Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Whether `url` is relative or uses one of the schemes a page may link to.
///
/// Issue 13: `javascript:` links in a call to action, a Markdown link or a
/// photo were published as they were.
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

/// The site path a link points to, or `None` for external links, e-mail
/// addresses and same-page fragments. Relative links are resolved against
/// the page's own URL; query strings and fragments are dropped.
pub fn internal_path(url: &str, page_url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") || has_scheme(url) {
        return None;
    }
    let end = url.find(['#', '?']).unwrap_or(url.len());
    let path = &url[..end];
    if path.is_empty() {
        return None;
    }
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    Some(normalize(&joined))
}

/// Resolves `.` and `..` segments, keeping a trailing slash.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if path.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

/// Where a site path is written: `/hire/x/` -> `hire/x/index.html`.
pub fn output_path(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The URL path of an output file: `hire/x/index.html` -> `/hire/x/`.
pub fn url_of(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{path}"),
    }
}

/// The `Content-Type` of a published file, by extension.
pub fn media_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "eot" => "application/vnd.ms-fontobject",
        "pdf" => "application/pdf",
        "gz" => "application/gzip",
        "br" => "application/x-brotli",
        _ => "application/octet-stream",
    }
}

/// `site.css` -> `site.3f9a1c2b.css`: the hash goes before the last
/// extension of the file name (the last segment of `path`).
pub fn hashed_name(path: &str, hash: &str) -> String {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let dot = name_start + dot;
            format!("{}.{hash}{}", &path[..dot], &path[dot..])
        }
        _ => format!("{path}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_paths_are_resolved() {
        let page = "/hire/backend-developers/";
        assert_eq!(internal_path("/hire/", page).as_deref(), Some("/hire/"));
        assert_eq!(internal_path("/hire/#top", page).as_deref(), Some("/hire/"));
        assert_eq!(
            internal_path("interview-questions/", page).as_deref(),
            Some("/hire/backend-developers/interview-questions/")
        );
        assert_eq!(internal_path("../", page).as_deref(), Some("/hire/"));
        assert_eq!(internal_path("https://x.org/", page), None);
        assert_eq!(internal_path("mailto:a@b.c", page), None);
        assert_eq!(internal_path("#faq", page), None);
        assert_eq!(internal_path("//cdn.example/x.js", page), None);
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("javascript:alert(1)"));
        assert!(has_scheme("mailto:a@b.c"));
        assert!(!has_scheme(":x"));
        assert!(!has_scheme("/a:b"), "a colon after a slash is in the path");
    }

    #[test]
    fn escapes_are_decoded_strictly() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/plain").as_deref(), Some("/plain"));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%"), None);
        assert_eq!(percent_decode("/%ff"), None, "not UTF-8");
    }

    #[test]
    fn every_url_is_an_index_file() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/hire/"), "hire/index.html");
        assert_eq!(
            output_path("/hire/a/interview-questions/"),
            "hire/a/interview-questions/index.html"
        );
        assert_eq!(output_path("/404.html"), "404.html");
    }

    #[test]
    fn url_of_output_paths() {
        assert_eq!(url_of("index.html"), "/");
        assert_eq!(url_of("hire/x/index.html"), "/hire/x/");
        assert_eq!(url_of("404.html"), "/404.html");
        assert_eq!(url_of("css/site.css"), "/css/site.css");
    }

    #[test]
    fn the_hash_goes_before_the_last_extension() {
        assert_eq!(
            hashed_name("css/site.css", "3f9a1c2b"),
            "css/site.3f9a1c2b.css"
        );
        assert_eq!(
            hashed_name("js/app.min.js", "3f9a1c2b"),
            "js/app.min.3f9a1c2b.js"
        );
        assert_eq!(hashed_name("v1.2/LICENSE", "ab"), "v1.2/LICENSE.ab");
        assert_eq!(hashed_name(".env", "ab"), ".env.ab");
    }

    #[test]
    fn media_types() {
        assert_eq!(media_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(media_type("css/site.3f9a.css"), "text/css; charset=utf-8");
        assert_eq!(media_type("favicon.svg"), "image/svg+xml");
        assert_eq!(media_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(media_type("a/B.WOFF2"), "font/woff2");
        assert_eq!(media_type("_headers"), "application/octet-stream");
        assert_eq!(media_type("unknown.bin"), "application/octet-stream");
    }

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
