//! Finding and rewriting references to static files in HTML and CSS.
//!
//! Fingerprinting renames `css/site.css` to `css/site.3f9a1c2b.css`, so every
//! reference to it must follow: `href`, `src`, `srcset`, `poster`, Open
//! Graph `content` URLs and inline CSS in HTML; `url(…)` and `@import` in
//! CSS; URL strings in JSON-LD. Only the file name changes, so a reference
//! keeps its form (relative, root-relative or absolute, with its query and
//! fragment). A root-relative reference that escapes the base path (CSS
//! written for a site at `/`, built for `/preview/pr-42/`) gets the base
//! path in front.
//!
//! The scanners are deliberately small: hirepage writes the HTML itself,
//! and only attribute values and raw-text elements are ever changed, so
//! prose that merely mentions `/css/site.css` is left alone.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::config::BaseUrl;
use crate::url::{has_scheme, hashed_name, internal_path, percent_decode};

/// Maps URLs found in published files to static files and their new names.
pub struct Resolver<'a> {
    base: &'a BaseUrl,
    /// Static path -> content hash (`None`: the file keeps its name).
    hashes: &'a BTreeMap<String, Option<String>>,
    /// File names of the static files a reference to which can change.
    names: HashSet<&'a str>,
    /// A name could hide behind percent-encoding (or has no dot): every
    /// text must be parsed.
    parse_all: bool,
}

/// How a URL names its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `https://example.com/base/css/site.css`
    Absolute,
    /// `/base/css/site.css`
    RootRelative,
    /// `/css/site.css` when the base path is `/base/`: it escapes the base.
    Escaping,
    /// `../css/site.css`
    Relative,
}

/// A URL that points into the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The static path it names (`css/site.css`), percent-decoded.
    pub key: String,
    form: Form,
    /// The byte range of the URL's path (before `?` or `#`).
    path: Range<usize>,
}

impl<'a> Resolver<'a> {
    /// A resolver for a site published at `base`.
    pub fn new(base: &'a BaseUrl, hashes: &'a BTreeMap<String, Option<String>>) -> Self {
        // A reference changes when its file is fingerprinted, or, under a
        // sub-path, when it may be written without the base path.
        let names: HashSet<&str> = hashes
            .iter()
            .filter(|(_, hash)| hash.is_some() || base.path != "/")
            .map(|(key, _)| key.rsplit('/').next().unwrap_or(key))
            .collect();
        let parse_all = names.iter().any(|n| {
            !n.contains('.')
                || !n
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        });
        Resolver {
            base,
            hashes,
            names,
            parse_all,
        }
    }

    /// Whether `text` may name a static file whose URL changes. Pages that
    /// name none (most pages, since `asset()` already gives the published
    /// names) are published without being parsed.
    pub fn may_rewrite(&self, text: &str) -> bool {
        if self.parse_all {
            return true;
        }
        if self.names.is_empty() {
            return false;
        }
        let bytes = text.as_bytes();
        let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
        // Every file name has a dot: look at the word around each dot.
        let mut from = 0;
        while let Some(dot) = memchr_dot(&bytes[from..]).map(|i| from + i) {
            let start = bytes[..dot]
                .iter()
                .rposition(|&b| !is_name(b))
                .map_or(0, |i| i + 1);
            let end = bytes[dot..]
                .iter()
                .position(|&b| !is_name(b))
                .map_or(bytes.len(), |i| dot + i);
            if self.names.contains(&text[start..end]) {
                return true;
            }
            from = end.max(dot + 1);
        }
        false
    }

    /// Where `url`, found in the file published at `from` (`hire/x/index.html`),
    /// points inside the site; `None` for other sites, `data:` URLs, fragments.
    pub fn target(&self, url: &str, from: &str) -> Option<Target> {
        let end = url.find(['?', '#']).unwrap_or(url.len());
        let path = &url[..end];
        if path.is_empty() {
            return None;
        }
        let (site_path, form) = if let Some(rest) = path.strip_prefix(&self.base.origin) {
            (
                rest.strip_prefix(&self.base.path)?.to_string(),
                Form::Absolute,
            )
        } else if has_scheme(path) || path.starts_with("//") {
            return None;
        } else if let Some(rest) = path.strip_prefix(&self.base.path) {
            (rest.to_string(), Form::RootRelative)
        } else if let Some(rest) = path.strip_prefix('/') {
            (rest.to_string(), Form::Escaping)
        } else {
            let resolved = internal_path(path, &format!("/{from}"))?;
            (resolved.trim_start_matches('/').to_string(), Form::Relative)
        };
        Some(Target {
            key: percent_decode(&site_path).map_or(site_path.clone(), Cow::into_owned),
            form,
            path: 0..end,
        })
    }

    /// The published form of `url`, or `None` when it stays as it is.
    pub fn rewrite(&self, url: &str, from: &str) -> Option<String> {
        let target = self.target(url, from)?;
        let hash = self.hashes.get(&target.key)?;
        let path = &url[target.path.clone()];
        let mut path = match target.form {
            Form::Escaping => format!("{}{}", self.base.path, &path[1..]),
            _ => path.to_string(),
        };
        if let Some(hash) = hash {
            let name_start = path.rfind('/').map_or(0, |i| i + 1);
            let name = hashed_name(&path[name_start..], hash);
            path.replace_range(name_start.., &name);
        } else if target.form != Form::Escaping {
            return None;
        }
        Some(format!("{path}{}", &url[target.path.end..]))
    }
}

fn memchr_dot(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'.')
}

/// A URL in a CSS file: its byte range and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    /// Where the URL is, without quotes or `url(`.
    pub range: Range<usize>,
    /// The URL.
    pub url: String,
}

/// Every `url(…)` and `@import "…"` in a style sheet, outside comments.
/// URLs with CSS escapes are skipped (they are never asset paths we wrote).
pub fn css_urls(css: &str) -> Vec<CssUrl> {
    let bytes = css.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    let mut after_import = false;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |j| i + 2 + j + 2);
                continue;
            }
            b'"' | b'\'' => {
                let end = string_end(bytes, i);
                if after_import {
                    push_url(&mut urls, css, i + 1..end.saturating_sub(1).max(i + 1));
                }
                after_import = false;
                i = end;
                continue;
            }
            b'@' if css[i..].len() >= 7 && css[i + 1..i + 7].eq_ignore_ascii_case("import") => {
                after_import = true;
                i += 7;
                continue;
            }
            b'(' if i >= 3
                && css[i - 3..i].eq_ignore_ascii_case("url")
                && (i == 3 || !is_name_byte(bytes[i - 4])) =>
            {
                let mut start = i + 1;
                while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                    start += 1;
                }
                if matches!(bytes.get(start), Some(b'"' | b'\'')) {
                    let end = string_end(bytes, start);
                    push_url(
                        &mut urls,
                        css,
                        start + 1..end.saturating_sub(1).max(start + 1),
                    );
                    i = end;
                } else {
                    let close = css[start..].find(')').map_or(bytes.len(), |j| start + j);
                    let mut end = close;
                    while end > start && bytes[end - 1].is_ascii_whitespace() {
                        end -= 1;
                    }
                    push_url(&mut urls, css, start..end);
                    i = close;
                }
                after_import = false;
                continue;
            }
            b';' | b'{' => after_import = false,
            _ => {}
        }
        i += 1;
    }
    urls
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') || b >= 0x80
}

/// The index just past the string that starts with the quote at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn push_url(urls: &mut Vec<CssUrl>, css: &str, range: Range<usize>) {
    let Some(url) = css.get(range.clone()) else {
        return;
    };
    if !url.is_empty() && !url.contains('\\') && !url.starts_with("data:") {
        urls.push(CssUrl {
            range,
            url: url.to_string(),
        });
    }
}

/// `css` with every reference to a static file rewritten, as found in the
/// file published at `from`.
pub fn css(css: &str, from: &str, resolver: &Resolver) -> String {
    replace_all(
        css,
        css_urls(css)
            .into_iter()
            .filter_map(|u| Some((u.range, resolver.rewrite(&u.url, from)?))),
    )
}

/// Replaces each range (in order, not overlapping) with its new text.
fn replace_all(text: &str, edits: impl IntoIterator<Item = (Range<usize>, String)>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut copied = 0;
    for (range, new) in edits {
        out.push_str(&text[copied..range.start]);
        out.push_str(&new);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "data", "xlink:href"];
/// Attributes whose value is a list of image candidates.
const SRCSET_ATTRIBUTES: &[&str] = &["srcset", "imagesrcset"];

/// `html` with every reference to a static file rewritten; `from` is the
/// page's path in the output (`hire/x/index.html`).
pub fn html(html: &str, from: &str, resolver: &Resolver) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |j| start + j + 3);
            continue;
        }
        if !rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
            i = if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
                rest.find('>').map_or(html.len(), |j| start + j + 1)
            } else {
                start + 1
            };
            continue;
        }
        let tag = Tag::parse(html, start);
        for attr in &tag.attributes {
            let value = decode_entities(&html[attr.value.clone()]);
            if let Some(new) = rewrite_attribute(&tag, attr, &value, from, resolver) {
                edits.push((attr.value.clone(), encode_attribute(&new, attr.quote)));
            }
        }
        i = tag.end;
        if matches!(
            tag.name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp"
        ) {
            let close = find_closing(html, i, &tag.name);
            let content = &html[i..close];
            let new = match tag.name.as_str() {
                "style" => Some(css(content, from, resolver)),
                "script" if tag.is_json_script(html) => Some(json(content, from, resolver)),
                _ => None,
            };
            if let Some(new) = new.filter(|n| n != content) {
                edits.push((i..close, new));
            }
            i = close;
        }
    }
    replace_all(html, edits)
}

/// A start tag: its name and attribute ranges.
struct Tag {
    name: String,
    attributes: Vec<Attribute>,
    /// Just past the `>`.
    end: usize,
}

struct Attribute {
    name: String,
    value: Range<usize>,
    quote: Option<u8>,
}

impl Tag {
    fn parse(html: &str, start: usize) -> Tag {
        let bytes = html.as_bytes();
        let mut j = start + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() {
                break;
            }
            if bytes[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            while j < bytes.len() && !matches!(bytes[j], b'>' | b'/' | b'=') {
                if bytes[j].is_ascii_whitespace() {
                    break;
                }
                j += 1;
            }
            if j == name_start {
                j += 1;
                continue;
            }
            let attr_name = html[name_start..j].to_ascii_lowercase();
            let mut k = j;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            if bytes.get(k) != Some(&b'=') {
                continue;
            }
            k += 1;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            let (value, quote) = match bytes.get(k) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[k + 1..]
                        .find(q as char)
                        .map_or(bytes.len(), |e| k + 1 + e);
                    j = (end + 1).min(bytes.len());
                    (k + 1..end, Some(q))
                }
                _ => {
                    let mut end = k;
                    while end < bytes.len()
                        && !bytes[end].is_ascii_whitespace()
                        && bytes[end] != b'>'
                    {
                        end += 1;
                    }
                    j = end;
                    (k..end, None)
                }
            };
            attributes.push(Attribute {
                name: attr_name,
                value,
                quote,
            });
        }
        Tag {
            name,
            attributes,
            end: j,
        }
    }

    fn attribute<'h>(&self, html: &'h str, name: &str) -> Option<&'h str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| &html[a.value.clone()])
    }

    fn is_json_script(&self, html: &str) -> bool {
        self.attribute(html, "type")
            .is_some_and(|t| t.trim().to_ascii_lowercase().ends_with("json"))
    }
}

fn rewrite_attribute(
    tag: &Tag,
    attr: &Attribute,
    value: &str,
    from: &str,
    resolver: &Resolver,
) -> Option<String> {
    let name = attr.name.as_str();
    if URL_ATTRIBUTES.contains(&name) {
        resolver.rewrite(value.trim(), from)
    } else if SRCSET_ATTRIBUTES.contains(&name) {
        let mut changed = false;
        let candidates: Vec<String> = value
            .split(',')
            .map(|candidate| {
                let trimmed = candidate.trim();
                let (url, descriptor) = trimmed
                    .split_once(char::is_whitespace)
                    .unwrap_or((trimmed, ""));
                match resolver.rewrite(url, from) {
                    Some(new) => {
                        changed = true;
                        format!("{new} {}", descriptor.trim())
                            .trim_end()
                            .to_string()
                    }
                    None => trimmed.to_string(),
                }
            })
            .collect();
        changed.then(|| candidates.join(", "))
    } else if name == "style" {
        Some(css(value, from, resolver)).filter(|new| new != value)
    } else if name == "content" && tag.name == "meta" {
        // Open Graph and Twitter images: absolute URLs.
        let v = value.trim();
        if v.starts_with("http") || v.starts_with('/') {
            resolver.rewrite(v, from)
        } else {
            None
        }
    } else {
        None
    }
}

/// Rewrites URL strings in a JSON data block (JSON-LD).
fn json(text: &str, from: &str, resolver: &Resolver) -> String {
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let end = string_end(bytes, i);
            let inner = i + 1..end.saturating_sub(1).max(i + 1);
            let s = &text[inner.clone()];
            if !s.contains('\\')
                && (s.starts_with('/') || s.starts_with("http"))
                && let Some(new) = resolver.rewrite(s, from)
                && !new.contains(['"', '\\', '<', '>', '&'])
            {
                edits.push((inner, new));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    replace_all(text, edits)
}

/// Where the raw text of `<name>` that starts at `from` ends.
fn find_closing(html: &str, from: usize, name: &str) -> usize {
    let needle = format!("</{name}");
    let lower = html[from..].to_ascii_lowercase();
    lower.find(&needle).map_or(html.len(), |j| from + j)
}

/// Decodes the character references that can appear in a URL attribute.
fn decode_entities(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Escapes a new attribute value for its quotes (or adds quotes).
fn encode_attribute(value: &str, quote: Option<u8>) -> String {
    let escaped = value.replace('&', "&amp;");
    match quote {
        Some(b'\'') => escaped.replace('\'', "&#39;"),
        Some(_) => escaped.replace('"', "&quot;"),
        None if escaped.contains(|c: char| c.is_ascii_whitespace() || "\"'=<>`".contains(c)) => {
            format!("\"{}\"", escaped.replace('"', "&quot;"))
        }
        None => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_base_url;

    fn hashes() -> BTreeMap<String, Option<String>> {
        BTreeMap::from([
            ("css/site.css".to_string(), Some("11111111".to_string())),
            ("fonts/a b.woff2".to_string(), Some("22222222".to_string())),
            ("images/x.png".to_string(), Some("33333333".to_string())),
            ("favicon.ico".to_string(), None),
        ])
    }

    #[test]
    fn urls_keep_their_form_and_only_the_name_changes() {
        let base = parse_base_url("https://example.com/").unwrap();
        let h = hashes();
        let r = Resolver::new(&base, &h);
        let page = "hire/x/index.html";
        assert_eq!(
            r.rewrite("/css/site.css", page).as_deref(),
            Some("/css/site.11111111.css")
        );
        assert_eq!(
            r.rewrite("../../css/site.css?v=1#top", page).as_deref(),
            Some("../../css/site.11111111.css?v=1#top")
        );
        assert_eq!(
            r.rewrite("https://example.com/images/x.png", page)
                .as_deref(),
            Some("https://example.com/images/x.33333333.png")
        );
        assert_eq!(
            r.rewrite("../fonts/a%20b.woff2", "css/site.css").as_deref(),
            Some("../fonts/a%20b.22222222.woff2")
        );
        assert_eq!(r.rewrite("/favicon.ico", page), None);
        assert_eq!(r.rewrite("https://other.org/css/site.css", page), None);
        assert_eq!(r.rewrite("/hire/", page), None);
        assert_eq!(r.rewrite("#css/site.css", page), None);
        assert_eq!(r.rewrite("data:image/png;base64,AAA", page), None);
    }

    #[test]
    fn root_relative_urls_get_the_base_path() {
        let base = parse_base_url("https://example.com/pr-42/").unwrap();
        let h = hashes();
        let r = Resolver::new(&base, &h);
        assert_eq!(
            r.rewrite("/pr-42/css/site.css", "index.html").as_deref(),
            Some("/pr-42/css/site.11111111.css")
        );
        assert_eq!(
            r.rewrite("/images/x.png", "css/site.css").as_deref(),
            Some("/pr-42/images/x.33333333.png")
        );
        assert_eq!(
            r.rewrite("/favicon.ico", "css/site.css").as_deref(),
            Some("/pr-42/favicon.ico")
        );
        assert_eq!(r.rewrite("https://example.com/css/site.css", "x"), None);
    }

    #[test]
    fn css_urls_and_imports_are_found_outside_comments() {
        let css = r#"@import "a.css"; @import url(b.css);
/* url(no.png) */ .x { background: URL( 'c.png' ) } .y{mask:url(d.svg#m)}
.z::before { content: "url(no.png)"; } .w { background-image: my-url(no.png) }"#;
        let urls: Vec<String> = css_urls(css).into_iter().map(|u| u.url).collect();
        assert_eq!(urls, ["a.css", "b.css", "c.png", "d.svg#m"]);
    }

    #[test]
    fn html_attributes_style_and_json_ld_are_rewritten() {
        let base = parse_base_url("https://example.com/").unwrap();
        let h = hashes();
        let r = Resolver::new(&base, &h);
        let page = r#"<!doctype html><link rel="stylesheet" href="/css/site.css">
<!-- <img src="/images/x.png"> -->
<p>See /css/site.css</p><img src=/images/x.png alt='x'>
<img srcset="/images/x.png 1x, /images/x.png 2x" src='/images/x.png?a=1&amp;b=2'>
<meta property="og:image" content="https://example.com/images/x.png">
<meta name="description" content="/css/site.css is great">
<div style="background:url(/images/x.png)"></div>
<style>.a{background:url("../images/x.png")}</style>
<script type="application/ld+json">{"logo":"https://example.com/images/x.png"}</script>
<script>var s = "/images/x.png";</script>"#;
        let out = html(page, "about/index.html", &r);
        let expected = r#"<!doctype html><link rel="stylesheet" href="/css/site.11111111.css">
<!-- <img src="/images/x.png"> -->
<p>See /css/site.css</p><img src=/images/x.33333333.png alt='x'>
<img srcset="/images/x.33333333.png 1x, /images/x.33333333.png 2x" src='/images/x.33333333.png?a=1&amp;b=2'>
<meta property="og:image" content="https://example.com/images/x.33333333.png">
<meta name="description" content="/css/site.css is great">
<div style="background:url(/images/x.33333333.png)"></div>
<style>.a{background:url("../images/x.33333333.png")}</style>
<script type="application/ld+json">{"logo":"https://example.com/images/x.33333333.png"}</script>
<script>var s = "/images/x.png";</script>"#;
        assert_eq!(out, expected);
    }

    #[test]
    fn entities_are_decoded_for_matching() {
        assert_eq!(decode_entities("/a&#x2F;b?x=1&amp;y=2"), "/a/b?x=1&y=2");
        assert_eq!(decode_entities("a & b"), "a & b");
    }
}

#[cfg(test)]
mod prefilter_tests {
    use super::*;
    use crate::config::parse_base_url;

    fn hashes(entries: &[(&str, Option<&str>)]) -> BTreeMap<String, Option<String>> {
        entries
            .iter()
            .map(|(k, h)| (k.to_string(), h.map(str::to_string)))
            .collect()
    }

    #[test]
    fn pages_that_name_no_changing_file_are_not_parsed() {
        let base = parse_base_url("https://example.com/").unwrap();
        let h = hashes(&[("css/site.css", Some("3f9a1c2b")), ("robots.txt", None)]);
        let r = Resolver::new(&base, &h);
        assert!(r.may_rewrite(r#"<link href="/css/site.css">"#));
        assert!(r.may_rewrite(r#"<link href="../css/site.css?v=1">"#));
        assert!(!r.may_rewrite(r#"<link href="/css/site.3f9a1c2b.css"> site.cssx, a.site.css.b"#));
        // Files that keep their names only matter under a sub-path.
        assert!(!r.may_rewrite(r#"<a href="/robots.txt">"#));
        let sub = parse_base_url("https://example.com/pr-1/").unwrap();
        assert!(Resolver::new(&sub, &h).may_rewrite(r#"<a href="/robots.txt">"#));
    }

    #[test]
    fn names_that_may_be_encoded_make_every_page_parsed() {
        let base = parse_base_url("https://example.com/").unwrap();
        let h = hashes(&[("images/team photo.png", Some("11112222"))]);
        assert!(Resolver::new(&base, &h).may_rewrite("<p>nothing here</p>"));
    }
}
