//! Markdown to HTML ([`render`]), and what a text links to and is made of
//! without rendering it ([`outline`]).
//!
//! The event stream of pulldown-cmark is changed on the way to HTML, the
//! way cobalt's `DecoratedParser` does it: headings get stable ids, fenced
//! code is highlighted, and root-relative links get the site's base path
//! (so a preview deployed under `/preview/pr-42/` keeps its links inside
//! it). [`outline`] finds links and headings with their byte offsets, for
//! link checking and lint: the build outlines every document when it loads
//! and renders each one when its page is rendered, so it never holds the
//! HTML of the whole site. This module knows nothing about files.

mod highlight;

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::slug::slugify;

/// The Markdown extensions hirepage enables, listed so nobody has to guess.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What rendering needs to know about the site.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Path every root-relative link is prefixed with: `/` or `/preview/pr-42/`.
    pub base_path: &'a str,
}

/// The HTML of a Markdown text, made when its page is rendered.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// The H2 headings, each with its H3 children.
    pub toc: Vec<TocEntry>,
}

/// What a Markdown text links to and is made of, found without rendering
/// it: what the build keeps of a document between loading it and
/// rendering its page (link checks, fragment ids, the lint).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outline {
    /// Every link and image, in source order.
    pub links: Vec<Link>,
    /// Every heading, in source order.
    pub headings: Vec<Heading>,
    /// Whether the text renders to nothing (white space, or nothing at all).
    pub is_empty: bool,
}

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 for an H2, 3 for an H3.
    pub level: u8,
    /// The heading's `id`, to link as `#id`.
    pub id: String,
    /// The heading's text, without markup.
    pub title: String,
    /// H3 entries under an H2.
    pub children: Vec<TocEntry>,
}

/// A heading found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its `id` attribute.
    pub id: String,
    /// Its text, without markup.
    pub text: String,
    /// Byte offset of the heading in the source.
    pub offset: usize,
}

/// A link or image found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The destination exactly as written.
    pub url: String,
    /// Whether this is an image (`![alt](src)`).
    pub is_image: bool,
    /// For images: whether there is alt text.
    pub has_alt: bool,
    /// Byte offset of the link in the source.
    pub offset: usize,
}

/// The events of `source`, each with its byte range.
fn events(source: &str) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    Parser::new_ext(source, parser_options())
        .into_offset_iter()
        .collect()
}

/// Finds the links, images and headings of `source`. Parsing is the
/// cheap part of rendering: no HTML is written and no code highlighted.
pub fn outline(source: &str) -> Outline {
    let events = events(source);
    let headings = collect_headings(&events);
    let mut links: Vec<Link> = Vec::new();
    let mut open_image: Option<usize> = None; // index into `links` of an open image
    for (event, range) in &events {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                if is_image {
                    open_image = Some(links.len());
                }
                links.push(Link {
                    url: dest_url.to_string(),
                    is_image,
                    has_alt: false,
                    offset: range.start,
                });
            }
            Event::End(TagEnd::Image) => open_image = None,
            Event::Text(t) | Event::Code(t) => {
                if let Some(i) = open_image
                    && !t.trim().is_empty()
                {
                    links[i].has_alt = true;
                }
            }
            _ => {}
        }
    }
    Outline {
        links,
        headings,
        is_empty: events.is_empty(),
    }
}

/// Renders `source` to HTML.
pub fn render(source: &str, options: &RenderOptions<'_>) -> Rendered {
    let events = events(source);
    let headings = collect_headings(&events);
    let mut heading_ids = headings.iter().map(|h| h.id.clone());
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut code: Option<(String, String)> = None; // (language, text) of an open fenced block

    for (event, _) in events {
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    out.push(Event::Html(code_block(&lang, &text).into()));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id: _,
                classes,
                attrs,
            }) => {
                let id = heading_ids.next().map(CowStr::from);
                out.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .to_string();
                code = Some((lang, String::new()));
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                out.push(Event::Start(rebase_link(tag, options.base_path)));
            }
            other => out.push(other),
        }
    }

    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Rendered {
        html,
        toc: build_toc(&headings),
    }
}

/// Finds every heading, its text and a unique id.
///
/// An explicit id (`## Title {#my-id}`) is kept; otherwise the id is the
/// slug of the text. Repeats get `-1`, `-2`… so every anchor is unique on
/// the page, and ids do not change when an unrelated heading is edited.
fn collect_headings(events: &[(Event<'_>, std::ops::Range<usize>)]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut current: Option<(u8, Option<String>, String, usize)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    heading_level(*level),
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                    range.start,
                ));
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) if current.is_some() => {
                if let Some((_, _, text, _)) = current.as_mut()
                    && !matches!(event, Event::InlineHtml(_))
                {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, offset)) = current.take() {
                    let base = explicit.unwrap_or_else(|| {
                        let slug = slugify(&text);
                        if slug.is_empty() {
                            "section".into()
                        } else {
                            slug
                        }
                    });
                    let count = used.entry(base.clone()).or_insert(0);
                    let id = if *count == 0 {
                        base.clone()
                    } else {
                        format!("{base}-{count}")
                    };
                    *count += 1;
                    used.entry(id.clone()).or_insert(1);
                    headings.push(Heading {
                        level,
                        id,
                        text: text.trim().to_string(),
                        offset,
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// H2s with their H3s: the page's table of contents.
fn build_toc(headings: &[Heading]) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
            children: Vec::new(),
        };
        match h.level {
            2 => toc.push(entry),
            3 => {
                if let Some(parent) = toc.last_mut() {
                    parent.children.push(entry);
                }
            }
            _ => {}
        }
    }
    toc
}

/// Gives a link or image the base path.
fn rebase_link<'a>(tag: Tag<'a>, base_path: &str) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: with_base_path(dest_url, base_path),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: with_base_path(dest_url, base_path),
            title,
            id,
        },
        other => other,
    }
}

/// Prefixes a root-relative URL (`/hire/`) with the base path.
fn with_base_path<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if base_path != "/" && url.starts_with('/') && !url.starts_with("//") {
        CowStr::from(format!("{}{}", base_path, &url[1..]))
    } else {
        url
    }
}

/// A fenced code block: highlighted when the language is known, plain and
/// escaped otherwise. `tabindex="0"` lets keyboard users scroll a long
/// line into view (WCAG 2.1.1; axe's `scrollable-region-focusable`).
fn code_block(lang: &str, code: &str) -> String {
    let body = if lang.is_empty() {
        None
    } else {
        highlight::highlight(code, lang)
    };
    let lang_attr = escape_attr(lang);
    match body {
        Some(body) => format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{body}</code></pre>\n"
        ),
        None => {
            let mut escaped = String::with_capacity(code.len());
            escape_into(&mut escaped, code);
            if lang.is_empty() {
                format!("<pre class=\"code\" tabindex=\"0\"><code>{escaped}</code></pre>\n")
            } else {
                format!(
                    "<pre class=\"code\" data-lang=\"{lang_attr}\" tabindex=\"0\"><code class=\"language-{lang_attr}\">{escaped}</code></pre>\n"
                )
            }
        }
    }
}

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(source: &str) -> Rendered {
        render(source, &RenderOptions { base_path: "/" })
    }

    #[test]
    fn headings_get_unique_stable_ids_and_h2s_form_the_toc() {
        let r = md("## Why hire?\n\ntext\n\n### Cost\n\n## Why hire?\n\n## Custom {#mine}\n");
        assert!(
            r.html.contains("<h2 id=\"why-hire\">Why hire?</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"cost\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"why-hire-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"mine\">"), "{}", r.html);
        let ids: Vec<_> = r.toc.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["why-hire", "why-hire-1", "mine"]);
        assert_eq!(r.toc[0].children[0].title, "Cost");
    }

    #[test]
    fn heading_text_without_markup() {
        let r = outline("## Use `Rust` **now**\n");
        assert_eq!(r.headings[0].text, "Use Rust now");
        assert_eq!(r.headings[0].id, "use-rust-now");
    }

    #[test]
    fn extensions_are_on() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn fenced_code_is_highlighted_and_unknown_languages_are_plain() {
        let r = md("```python\nprint('<hi>')\n```\n\n```nope\n<b>x</b>\n```\n");
        assert!(
            r.html.contains("data-lang=\"python\" tabindex=\"0\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;x&lt;/b&gt;"), "{}", r.html);
    }

    #[test]
    fn raw_html_passes_through() {
        let r = md("<div class=\"note\">hi</div>\n");
        assert!(r.html.contains("<div class=\"note\">hi</div>"));
    }

    #[test]
    fn links_are_recorded_and_prefixed_with_the_base_path() {
        let source =
            "See [roles](/hire/) and [x](https://x.org) and ![logo](/img/a.png) ![](/img/b.png).\n";
        let r = render(
            source,
            &RenderOptions {
                base_path: "/preview/",
            },
        );
        assert!(r.html.contains("href=\"/preview/hire/\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.org\""));
        assert!(r.html.contains("src=\"/preview/img/a.png\""));
        let found = outline(source);
        assert!(!found.is_empty);
        let urls: Vec<_> = found
            .links
            .iter()
            .map(|l| (l.url.as_str(), l.is_image, l.has_alt))
            .collect();
        assert_eq!(
            urls,
            [
                ("/hire/", false, false),
                ("https://x.org", false, false),
                ("/img/a.png", true, true),
                ("/img/b.png", true, false)
            ]
        );
        assert_eq!(
            &source[found.links[0].offset..found.links[0].offset + 1],
            "["
        );
    }

    #[test]
    fn an_outline_has_the_ids_the_html_has() {
        let source = "## Why hire?\n\n## Why hire?\n\n```rust\nfn main() {}\n```\n";
        let ids: Vec<_> = outline(source).headings.into_iter().map(|h| h.id).collect();
        assert_eq!(ids, ["why-hire", "why-hire-1"]);
        for id in ids {
            assert!(md(source).html.contains(&format!("id=\"{id}\"")));
        }
        assert!(outline(" \n\n").is_empty);
        assert!(!outline("<!-- note -->\n").is_empty);
    }
}
