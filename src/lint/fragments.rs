//! `#fragment` links, checked against the ids the rendered pages really have.
//!
//! A heading's id comes from its text, a theme adds ids of its own (`#faq`,
//! `#candidates`), and `{#custom}` sets one by hand: only the rendered HTML
//! knows them all. A page's ids are read the first time a link points at it.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::did_you_mean;
use crate::output::OutputFile;
use crate::render::output_path;
use crate::site::internal_path;

/// The rendered pages, and the ids of those read so far.
pub struct Anchors<'a> {
    pages: HashMap<&'a str, &'a [u8]>,
    ids: HashMap<&'a str, BTreeSet<String>>,
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

impl<'a> Anchors<'a> {
    /// Indexes the HTML pages among `files`.
    pub fn new(files: &'a [OutputFile]) -> Self {
        let pages = files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        Anchors {
            pages,
            ids: HashMap::new(),
        }
    }

    /// Checks the fragment of `url`, a link written on the page at
    /// `page_url`. Links without a fragment, to other sites, or to files
    /// that are not pages are not its business.
    pub fn check(&mut self, url: &str, page_url: &str) -> Option<Miss> {
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
        let file = [
            output_path(&page),
            format!("{}/index.html", page.trim_end_matches('/')),
        ]
        .into_iter()
        .find_map(|p| self.pages.get_key_value(p.as_str()).map(|(k, v)| (*k, *v)))?;
        let ids = self.ids.entry(file.0).or_insert_with(|| ids_in(file.1));
        if ids.contains(fragment) {
            return None;
        }
        Some(Miss {
            page,
            fragment: fragment.to_string(),
            close: did_you_mean(fragment, ids.iter().map(String::as_str)).map(str::to_string),
        })
    }
}

/// Every `id` attribute value in an HTML page, quoted or not (minified HTML
/// drops the quotes).
fn ids_in(html: &[u8]) -> BTreeSet<String> {
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

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile::new(path.into(), html.as_bytes().to_vec())
    }

    #[test]
    fn ids_are_read_quoted_or_not() {
        let ids = ids_in(br#"<h2 id="why-hire">x</h2><div class=a id=faq><p data-id="no" id='one'></div><br id=last/>"#);
        let ids: Vec<_> = ids.iter().map(String::as_str).collect();
        assert_eq!(ids, ["faq", "last", "one", "why-hire"]);
    }

    #[test]
    fn fragments_are_checked_on_the_page_they_lead_to() {
        let files = [
            page("hire/a/index.html", r#"<h2 id="why-hire">Why</h2>"#),
            page("about/index.html", r#"<section id="team"></section>"#),
            page("css/site.css", "#x {}"),
        ];
        let mut anchors = Anchors::new(&files);
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
