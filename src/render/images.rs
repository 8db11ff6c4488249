//! Markdown images made responsive in the rendered page.
//!
//! The Markdown of a page is rendered when the site loads, before its
//! images are published, so its `<img src alt>` tags are completed here,
//! after the template ran: each one whose file was published in the
//! `content` preset becomes a `<picture>` with a WebP `<source>`, a
//! `srcset`, `sizes`, `width` and `height` (no layout shift), and
//! `loading="lazy"`: the guide is below the hero. A tag that already has a
//! `srcset` or a `width` (one a template wrote) is left as it is.

use super::functions::Links;
use crate::images::ImageSet;

/// `html` with every Markdown image that has published variants turned
/// into a `<picture>`.
pub fn responsive(html: &str, links: &Links) -> String {
    if !html.contains("<img ") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        match picture(tag, links) {
            Some(picture) => out.push_str(&picture),
            None => out.push_str(tag),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The `<picture>` for one `<img …>` tag, if it needs one.
fn picture(tag: &str, links: &Links) -> Option<String> {
    let attrs = attributes(tag);
    if attrs
        .iter()
        .any(|(name, _)| matches!(*name, "srcset" | "width" | "height"))
    {
        return None;
    }
    let src = attrs.iter().find(|(name, _)| *name == "src")?.1;
    let set = links.content_image(&unescape(src))?;
    let mut html = String::from("<picture>");
    if !set.webp_srcset.is_empty() {
        html.push_str(&format!(
            r#"<source type="image/webp" srcset="{}" sizes="{}">"#,
            escape(&set.webp_srcset),
            escape(&set.sizes)
        ));
    }
    html.push_str(&img(set));
    for (name, value) in attrs.iter().filter(|(n, _)| matches!(*n, "alt" | "title")) {
        // Already escaped by the Markdown renderer.
        html.push_str(&format!(r#" {name}="{value}""#));
    }
    html.push_str(r#" loading="lazy" decoding="async"></picture>"#);
    Some(html)
}

fn img(set: &ImageSet) -> String {
    format!(
        r#"<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}""#,
        escape(&set.src),
        escape(&set.srcset),
        escape(&set.sizes),
        set.width,
        set.height
    )
}

/// The `name="value"` pairs of a tag the Markdown renderer wrote (double
/// quotes only).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut attrs = Vec::new();
    let mut rest = tag.trim_start_matches("<img");
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim();
        let after = &rest[eq + 2..];
        let Some(end) = after.find('"') else { break };
        attrs.push((name, &after[..end]));
        rest = &after[end + 1..];
    }
    attrs
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_of_a_markdown_image() {
        assert_eq!(
            attributes(r#"<img src="/a.jpg" alt="A &amp; B" title="t" />"#),
            [("src", "/a.jpg"), ("alt", "A &amp; B"), ("title", "t")]
        );
    }
}
