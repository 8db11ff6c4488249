//! Redirects: `aliases` in front matter and `redirects` in `site.yaml`
//! (issue 14). The build publishes them as `_redirects` (Netlify,
//! Cloudflare Pages) and as a small HTML page at each old URL (S3 and any
//! other host); see [`crate::render::redirects`].

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config;
use crate::content::locate;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};

use super::{PageKey, Site};

/// One old URL and where it leads now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old site path (`/hire/golang-developers/`).
    pub from: String,
    /// The site path (or absolute URL) it leads to.
    pub to: String,
    /// The file that asks for it (a content file, or `site.yaml`).
    pub file: PathBuf,
    /// 1-based line and column of the old URL in that file.
    pub at: (usize, usize),
}

impl Redirect {
    /// Whether the target is on another site.
    pub fn is_external(&self) -> bool {
        self.to.starts_with("https://") || self.to.starts_with("http://")
    }
}

impl Site {
    /// Collects the aliases of every published page and the redirects of
    /// `site.yaml`, and checks them: an old URL must be a site path that
    /// no page has and no other redirect claims; a target must exist and
    /// not redirect again. Runs after [`Site::check_urls`].
    pub(super) fn index_redirects(&mut self, diagnostics: &mut Diagnostics) {
        let mut wanted: Vec<Redirect> = Vec::new();
        let keys: Vec<PageKey> = self.page_keys().collect();
        for key in keys {
            let Some(aliases) = self.aliases_of(key).filter(|a| !a.is_empty()) else {
                continue;
            };
            // Read only for pages with aliases: a loaded document keeps no text.
            let text = self.front_text_of(key).unwrap_or_default();
            let to = self.path_of(key);
            let file = self.source_of(key);
            for alias in aliases {
                let at = locate(&text, alias).unwrap_or((1, 1));
                wanted.push(Redirect {
                    from: alias.clone(),
                    to: to.clone(),
                    file: file.clone(),
                    at,
                });
            }
        }
        // `redirects:` of site.yaml belong to the default language's site:
        // one `_redirects` line each, however many languages there are.
        let configured = if self.is_translation() {
            None
        } else {
            Some(&self.config.redirects)
        };
        for (from, to) in configured.into_iter().flatten() {
            let at = key_position(&self.config.source, from)
                .or_else(|| locate(&self.config.source, from))
                .unwrap_or((1, 1));
            wanted.push(Redirect {
                from: from.clone(),
                to: to.clone(),
                file: PathBuf::from(config::CONFIG_FILE),
                at,
            });
        }

        let mut claimed: HashMap<String, usize> = HashMap::new();
        let mut kept: Vec<Redirect> = Vec::new();
        for redirect in wanted {
            let error = |code: &'static str, message: String| {
                Diagnostic::error(code, &redirect.file, message).at(redirect.at.0, redirect.at.1)
            };
            if let Some(problem) = malformed(&redirect.from) {
                diagnostics.push(
                    error(
                        "invalid-redirect",
                        format!("`{}` cannot be redirected: {problem}", redirect.from),
                    )
                    .with_hint("write an old URL of this site as a path, such as `/hire/golang-developers/`"),
                );
                continue;
            }
            if self.has_target(&redirect.from) {
                let page = self
                    .page_keys()
                    .find(|&k| self.path_of(k) == redirect.from)
                    .map_or_else(
                        || String::from("a static file"),
                        |k| self.source_of(k).display().to_string(),
                    );
                diagnostics.push(
                    error(
                        "duplicate-url",
                        format!(
                            "{} is a page of the site (from {page}), so it cannot redirect",
                            redirect.from
                        ),
                    )
                    .with_hint("remove the old URL, or change the page's URL first"),
                );
                continue;
            }
            if let Some(&first) = claimed.get(&redirect.from) {
                let other = &kept[first];
                diagnostics.push(
                    error(
                        "duplicate-url",
                        format!(
                            "{} already redirects to {} (in {})",
                            redirect.from,
                            other.to,
                            other.file.display()
                        ),
                    )
                    .with_hint("one old URL can lead to one page only: remove one of the two"),
                );
                continue;
            }
            claimed.insert(redirect.from.clone(), kept.len());
            kept.push(redirect);
        }

        for redirect in &kept {
            let (line, column) = redirect.at;
            let error = |code: &'static str, message: String| {
                Diagnostic::error(code, &redirect.file, message).at(line, column)
            };
            if redirect.is_external() {
                continue;
            }
            if let Some(&next) = claimed.get(&redirect.to) {
                let next = &kept[next];
                let message = if next.to == redirect.from {
                    format!(
                        "{} and {} redirect to each other",
                        redirect.from, redirect.to
                    )
                } else {
                    format!(
                        "{} redirects to {}, which redirects to {}",
                        redirect.from, redirect.to, next.to
                    )
                };
                diagnostics.push(error("redirect-chain", message).with_hint(format!(
                    "point {} straight at the page it should end on",
                    redirect.from
                )));
                continue;
            }
            if !redirect.to.starts_with('/') || !self.has_target(&redirect.to) {
                let mut urls: Vec<&str> = self.urls.iter().map(String::as_str).collect();
                urls.sort_unstable();
                let hint = match did_you_mean(&redirect.to, urls) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => String::from(
                        "redirect to a page of this site (`/hire/`) or to a full https:// URL",
                    ),
                };
                diagnostics.push(
                    error(
                        "broken-redirect",
                        format!(
                            "{} redirects to `{}`, which the site does not have",
                            redirect.from, redirect.to
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
        kept.sort_by(|a, b| a.from.cmp(&b.from));
        self.redirects = kept;
    }

    /// The `aliases` of the file a page is made from.
    fn aliases_of(&self, key: PageKey) -> Option<&[String]> {
        let aliases = match key {
            PageKey::Home => &self.home.as_ref()?.front.aliases,
            PageKey::Role(i) => &self.roles[i].front.aliases,
            PageKey::Skill(i) => &self.skills[i].copy.as_ref()?.front.aliases,
            PageKey::Page(i) => &self.pages[i].front.aliases,
            PageKey::Location(i) => &self.locations[i].doc.front.aliases,
            PageKey::LocalPage(i) => &self.local_pages[i].copy.as_ref()?.front.aliases,
            PageKey::Directory(_) | PageKey::InterviewQuestions(_) | PageKey::NotFound => {
                return None;
            }
        };
        Some(aliases)
    }

    /// Whether a site path is the old URL of a redirect.
    pub fn redirects_from(&self, path: &str) -> bool {
        self.redirects
            .binary_search_by(|r| r.from.as_str().cmp(path))
            .is_ok()
    }
}

/// Line and column of `key` written as a mapping key (`  /old/: /new/`,
/// quoted or not) in `text`.
fn key_position(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let column = line.len() - trimmed.len() + 1;
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| trimmed.starts_with(k.as_str()))
        .then_some((i + 1, column))
    })
}

/// What is wrong with `from` as an old URL, if anything.
fn malformed(from: &str) -> Option<&'static str> {
    if !from.starts_with('/') || from.starts_with("//") {
        return Some("it is not a path of this site (it must start with `/`)");
    }
    if from.contains(['?', '#', ' ', '\t', '"', '<', '>', '\\']) {
        return Some("a path cannot hold `?`, `#`, spaces, quotes or backslashes");
    }
    if from.split('/').any(|part| part == ".." || part == ".") {
        return Some("a path cannot hold `.` or `..` segments");
    }
    if from == "/" {
        return Some("the home page is always a page");
    }
    if from.starts_with("/_hirepage/") {
        return Some("/_hirepage/ belongs to the editor of `hirepage serve`");
    }
    if !from.ends_with('/') && !from.ends_with(".html") {
        return Some("end it with `/` (`/old/`) or `.html` (`/old.html`)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_as_keys() {
        let text = "redirects:\n  /b/: /a/\n  \"/a/\": /b/\n";
        assert_eq!(key_position(text, "/a/"), Some((3, 3)));
        assert_eq!(key_position(text, "/b/"), Some((2, 3)));
        assert_eq!(key_position(text, "/c/"), None);
    }

    #[test]
    fn old_urls_must_be_clean_site_paths() {
        assert_eq!(malformed("/hire/golang-developers/"), None);
        assert_eq!(malformed("/old.html"), None);
        assert!(malformed("hire/x/").is_some());
        assert!(malformed("//evil.example/").is_some());
        assert!(malformed("/a/../b/").is_some());
        assert!(malformed("/x?y=1").is_some());
        assert!(malformed("/").is_some());
        assert!(malformed("/_hirepage/edit/").is_some());
        assert!(malformed("/no-slash").is_some());
    }
}
