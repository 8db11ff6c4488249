//! `#fragment` links, checked against the ids the rendered pages really have.
//!
//! A heading's id comes from its text, a theme adds ids of its own (`#faq`,
//! `#candidates`), and `{#custom}` sets one by hand: only the rendered HTML
//! knows them all. Pages are written as soon as they are rendered, so the
//! ids of the pages that links point into ([`targets`]) are read on the
//! way out and kept; the others are never parsed.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::diagnostics::did_you_mean;
use crate::site::{PageKey, Site};
use crate::url::{internal_path, output_path};

/// The ids of the pages that fragment links point into, by output path.
#[derive(Debug, Default)]
pub struct Anchors {
    /// Every page, with its ids when it is a link target.
    pages: HashMap<String, Option<BTreeSet<String>>>,
}

/// A fragment that is not on its page.
#[derive(Debug, PartialEq, Eq)]
pub struct Miss {
    /// The site path of the page linked to.
    pub page: String,
    /// The fragment, without `#`.
    pub fragment: String,
    /// An id of that page close to the fragment.
    pub close: Option<String>,
}

/// The output paths a link with a fragment may lead to, with the page and
/// the fragment; `None` for links without one or leaving the site.
fn resolve(url: &str, page_url: &str) -> Option<([String; 2], String, String)> {
    let (target, fragment) = url.split_once('#')?;
    // `#` and `#top` scroll to the top of any page (HTML spec).
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let page = if target.is_empty() {
        page_url.to_string()
    } else {
        internal_path(url, page_url)?
    };
    let files = [
        output_path(&page),
        format!("{}/index.html", page.trim_end_matches('/')),
    ];
    Some((files, page, fragment.to_string()))
}

/// The output paths of every page some content links into with a
/// `#fragment`: the pages whose ids must be kept.
pub fn targets(site: &Site) -> HashSet<String> {
    let roles = site
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (&r.links, site.path_of(PageKey::Role(i))));
    let skills = site.skills.iter().enumerate().filter_map(|(i, s)| {
        let copy = s.copy.as_ref()?;
        Some((&copy.links, site.path_of(PageKey::Skill(i))))
    });
    let pages = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (&p.links, site.path_of(PageKey::Page(i))));
    let home = site.home.iter().map(|h| (&h.links, "/".to_string()));
    roles
        .chain(skills)
        .chain(pages)
        .chain(home)
        .flat_map(|(links, url)| {
            links
                .iter()
                .filter_map(|l| resolve(&l.url, &url))
                .flat_map(|(files, _, _)| files)
                .collect::<Vec<_>>()
        })
        .collect()
}

impl Anchors {
    /// The pages written, each with its ids when it was a link target.
    pub fn new(pages: impl IntoIterator<Item = (String, Option<BTreeSet<String>>)>) -> Self {
        Anchors {
            pages: pages.into_iter().collect(),
        }
    }

    /// Checks the fragment of `url`, a link written on the page at
    /// `page_url`. Links without a fragment, to other sites, or to files
    /// that are not pages are not its business.
    pub fn check(&self, url: &str, page_url: &str) -> Option<Miss> {
        let (files, page, fragment) = resolve(url, page_url)?;
        let ids = files
            .iter()
            .find_map(|f| self.pages.get(f.as_str()))?
            .as_ref()?;
        if ids.contains(&fragment) {
            return None;
        }
        Some(Miss {
            close: did_you_mean(&fragment, ids.iter().map(String::as_str)).map(str::to_string),
            page,
            fragment,
        })
    }
}

/// Every `id` attribute value in an HTML page, quoted or not (minified HTML
/// drops the quotes).
pub fn ids_in(html: &[u8]) -> BTreeSet<String> {
    let html = String::from_utf8_lossy(html);
    let mut ids = BTreeSet::new();
    for (i, _) in html.match_indices("id=") {
        let preceded_by_space = html[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        if !preceded_by_space {
            continue;
        }
        let rest = &html[i + 3..];
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next(),
            Some(_) => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .map(|v| v.trim_end_matches('/')),
            None => None,
        };
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            ids.insert(value.to_string());
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> (String, Option<BTreeSet<String>>) {
        (path.to_string(), Some(ids_in(html.as_bytes())))
    }

    #[test]
    fn ids_are_read_quoted_or_not() {
        let ids = ids_in(br#"<h2 id="why-hire">x</h2><div class=a id=faq><p data-id="no" id='one'></div><br id=last/>"#);
        let ids: Vec<_> = ids.iter().map(String::as_str).collect();
        assert_eq!(ids, ["faq", "last", "one", "why-hire"]);
    }

    #[test]
    fn fragments_are_checked_on_the_page_they_lead_to() {
        let anchors = Anchors::new([
            page("hire/a/index.html", r#"<h2 id="why-hire">Why</h2>"#),
            page("about/index.html", r#"<section id="team"></section>"#),
        ]);
        let on_a = "/hire/a/";
        assert_eq!(anchors.check("#why-hire", on_a), None);
        assert_eq!(anchors.check("/about/#team", on_a), None);
        assert_eq!(anchors.check("/about#team", on_a), None);
        assert_eq!(anchors.check("#top", on_a), None);
        assert_eq!(anchors.check("/about/", on_a), None, "no fragment");
        assert_eq!(anchors.check("https://x.org/#nope", on_a), None);
        assert_eq!(anchors.check("/css/site.css#x", on_a), None, "not a page");
        let miss = anchors.check("#why-hir", on_a).unwrap();
        assert_eq!(miss.page, "/hire/a/");
        assert_eq!(miss.fragment, "why-hir");
        assert_eq!(miss.close.as_deref(), Some("why-hire"));
        let miss = anchors.check("../../about/#teams", on_a).unwrap();
        assert_eq!(miss.page, "/about/");
        assert_eq!(miss.close.as_deref(), Some("team"));
    }
}
