//! The content lint: mistakes that do not stop a build but cost a page its
//! ranking or its reader.
//!
//! `check` and `build` run it on a site that loaded and rendered without
//! error, so it sees the front matter, the Markdown it was made of (links,
//! images, headings) and the rendered pages (for `#fragment` links, which
//! must match an `id` the page really has). Every finding is a warning with
//! a stable code from [`RULES`]; errors (a broken link, a missing image)
//! are [`crate::site::Site::load`]'s job and stop the build before this.
//! `check --deny-warnings` turns the warnings into a failure for CI.

mod duplicates;
mod fragments;
mod report;

use std::collections::HashMap;
use std::path::Path;

use crate::content::source::Source;
use crate::content::{Document, HeadingRef, LinkRef};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::files;
use crate::site::{PageKey, Site};

pub use duplicates::{Signature, Texts, lint as near_duplicates};
pub use fragments::{Anchors, ids_in, targets as fragment_targets};
pub use report::{compact_block, grouped_text};

/// Longest title search results show in full.
pub const TITLE_MAX: usize = 60;
/// Shortest useful meta description.
pub const DESCRIPTION_MIN: usize = 50;
/// Longest meta description search results show in full.
pub const DESCRIPTION_MAX: usize = 160;

/// Every lint code, with what it finds: the table of the README.
pub const RULES: &[(&str, &str)] = &[
    ("long-title", "a title longer than 60 characters"),
    (
        "missing-description",
        "skill copy without `description`, or an empty description",
    ),
    (
        "short-description",
        "a description shorter than 50 characters",
    ),
    (
        "long-description",
        "a description longer than 160 characters",
    ),
    (
        "duplicate-title",
        "two pages with the same title (case and spaces aside)",
    ),
    (
        "duplicate-description",
        "two pages with the same description",
    ),
    (
        "broken-fragment",
        "a link to `#id` (on this page or another) that the rendered page does not have",
    ),
    ("missing-alt", "an image without alt text: `![](…)`"),
    ("no-candidates", "a role without `candidates`"),
    (
        "no-interview-questions",
        "a role without `interview_questions`",
    ),
    (
        "empty-guide",
        "a role with no Markdown body (the hiring guide)",
    ),
    (
        "single-use-skill",
        "a skill named once in the whole site that looks like a typo of another",
    ),
    (
        "h1-in-body",
        "a `# heading` in the body (the theme prints the title as the H1)",
    ),
    (
        "skipped-heading-level",
        "a heading more than one level below the one before (`##` then `####`)",
    ),
    (
        "near-duplicate",
        "two pages whose visible main text is more than 90% alike (generated pages in locations count)",
    ),
];

/// Whether `code` is one of the lint's codes.
pub fn is_lint(code: &str) -> bool {
    RULES.iter().any(|(c, _)| *c == code)
}

/// Lints a loaded site, with the ids of the rendered pages links point into.
pub fn run(site: &Site, anchors: &Anchors) -> Diagnostics {
    lint(site, anchors, None)
}

/// The warnings of one file of a loaded site (the editor's draft): the
/// rules that compare files still see them all.
/// `firsts` is [`Firsts::of`] a site with the same pages in the same
/// order (the site before the draft was laid over it).
pub fn file(site: &Site, anchors: &Anchors, file: &Path, firsts: &Firsts) -> Diagnostics {
    lint(site, anchors, Some((file, firsts)))
}

fn lint(site: &Site, anchors: &Anchors, only: Option<(&Path, &Firsts)>) -> Diagnostics {
    let docs = documents(site);
    let wanted = |file: &Path| only.is_none_or(|(only, _)| files::same(only, file));
    // Of one file, the duplicate rules need only the pages before it that
    // have its title or description (a duplicate is reported on the later
    // page of the two).
    let compared: Vec<&Doc<'_>> = match only.and_then(|(_, firsts)| {
        let at = docs.iter().position(|d| wanted(d.file))?;
        Some((at, firsts))
    }) {
        Some((at, firsts)) => {
            let ours = &docs[at];
            let first = |map: &HashMap<String, usize>, text: Option<&str>| {
                let text = text.map(str::trim).filter(|t| !t.is_empty())?;
                map.get(&normalized(text)).copied().filter(|&i| i < at)
            };
            let mut earlier: Vec<usize> = [
                first(&firsts.titles, ours.title),
                first(&firsts.descriptions, ours.description),
            ]
            .into_iter()
            .flatten()
            .collect();
            earlier.sort_unstable();
            earlier.dedup();
            earlier
                .into_iter()
                .map(|i| &docs[i])
                .chain([ours])
                .collect()
        }
        None => docs.iter().collect(),
    };
    let mut lint = Lint {
        site,
        sources: compared.iter().map(|d| (d.file, d.source)).collect(),
        found: Diagnostics::new(),
    };
    lint.titles_and_descriptions(&compared);
    for doc in docs.iter().filter(|d| wanted(d.file)) {
        lint.links(doc, anchors);
        lint.headings(doc);
    }
    lint.roles(&wanted);
    lint.skills(&wanted);
    lint.found.retain(|d| wanted(&d.file));
    lint.found.sort();
    lint.found
}

/// Where each title and description first appears among a site's
/// pages (by position in the lint's order): what linting one file
/// compares it with. Made once for a loaded site, it makes linting a
/// draft on a 10,000-role site cost one file, not one pass over all.
#[derive(Debug, Default)]
pub struct Firsts {
    titles: HashMap<String, usize>,
    descriptions: HashMap<String, usize>,
}

impl Firsts {
    /// The first pages of `site`.
    pub fn of(site: &Site) -> Firsts {
        let mut firsts = Firsts::default();
        for (i, doc) in documents(site).iter().enumerate() {
            if let Some(title) = doc.title {
                firsts.titles.entry(normalized(title)).or_insert(i);
            }
            if let Some(description) = doc.description.map(str::trim).filter(|d| !d.is_empty()) {
                firsts
                    .descriptions
                    .entry(normalized(description))
                    .or_insert(i);
            }
        }
        firsts
    }
}

/// What the lint reads of one content file, whatever its kind.
struct Doc<'a> {
    file: &'a Path,
    /// The page it makes.
    key: PageKey,
    /// `None` where the kind makes it optional (skill copy).
    title: Option<&'a str>,
    description: Option<&'a str>,
    links: &'a [LinkRef],
    headings: &'a [HeadingRef],
    source: &'a Source,
}

impl<'a> Doc<'a> {
    fn of<F>(
        document: &'a Document<F>,
        key: PageKey,
        title: Option<&'a str>,
        description: Option<&'a str>,
    ) -> Self {
        Doc {
            file: &document.file,
            key,
            title,
            description,
            links: &document.links,
            headings: &document.headings,
            source: &document.source,
        }
    }
}

/// Every published content file, in a stable order.
fn documents(site: &Site) -> Vec<Doc<'_>> {
    let home = site.home.iter().map(|h| {
        let (title, description) = (&h.front.title, &h.front.description);
        Doc::of(h, PageKey::Home, Some(title), Some(description))
    });
    let roles = site.roles.iter().enumerate().map(|(i, r)| {
        let (title, description) = (&r.front.title, &r.front.description);
        Doc::of(r, PageKey::Role(i), Some(title), Some(description))
    });
    let skills = site.skills.iter().enumerate().filter_map(|(i, s)| {
        let copy = s.copy.as_ref()?;
        let (title, description) = (&copy.front.title, &copy.front.description);
        Some(Doc::of(
            copy,
            PageKey::Skill(i),
            title.as_deref(),
            description.as_deref(),
        ))
    });
    let pages = site.pages.iter().enumerate().map(|(i, p)| {
        let (title, description) = (&p.front.title, &p.front.description);
        Doc::of(p, PageKey::Page(i), Some(title), Some(description))
    });
    home.chain(roles).chain(skills).chain(pages).collect()
}

struct Lint<'a> {
    site: &'a Site,
    /// Where the text of each document is, by file.
    sources: HashMap<&'a Path, &'a Source>,
    found: Diagnostics,
}

impl<'a> Lint<'a> {
    /// The front matter text of `file`, read again to point at a value
    /// ([`Source::front_text`]); empty if it cannot be.
    fn text(&self, file: &Path) -> String {
        self.sources
            .get(file)
            .and_then(|source| source.front_text(&self.site.root, file))
            .unwrap_or_default()
    }

    /// Where the value of front matter field `key` starts, or line 1.
    fn field(&mut self, file: &Path, key: &str) -> (usize, usize) {
        field_position(&self.text(file), key).unwrap_or((1, 1))
    }

    fn warn(&mut self, code: &'static str, file: &Path, at: (usize, usize)) -> Finding<'_> {
        Finding {
            found: &mut self.found,
            diagnostic: Diagnostic::warning(code, file, "").at(at.0, at.1),
        }
    }

    fn titles_and_descriptions(&mut self, docs: &[&Doc<'_>]) {
        let mut titles: HashMap<String, &Path> = HashMap::new();
        let mut descriptions: HashMap<String, &Path> = HashMap::new();
        for doc in docs {
            if let Some(title) = doc.title {
                let length = title.trim().chars().count();
                if length > TITLE_MAX {
                    let at = self.field(doc.file, "title");
                    self.warn("long-title", doc.file, at)
                        .say(format!("the title is {length} characters long; search results cut it after about {TITLE_MAX}"))
                        .hint("shorten it, keeping the role and the main keyword first (\"Hire Data Engineers\")");
                }
                if let Some(first) = first_seen(&mut titles, title, doc.file) {
                    let at = self.field(doc.file, "title");
                    self.warn("duplicate-title", doc.file, at)
                        .say(format!("the title is the same as in {}", shown(first)))
                        .hint("give every page its own title: search engines show only one of two pages that look alike");
                }
            }
            match doc.description.map(str::trim) {
                None | Some("") => {
                    let at = self.field(doc.file, "description");
                    self.warn("missing-description", doc.file, at)
                        .say(if doc.description.is_none() {
                            "there is no `description`, so the page gets a generic one"
                        } else {
                            "the description is empty"
                        })
                        .hint(format!(
                            "add `description:` with {DESCRIPTION_MIN} to {DESCRIPTION_MAX} characters that sell this page in search results"
                        ));
                }
                Some(description) => {
                    let length = description.chars().count();
                    let at = self.field(doc.file, "description");
                    if length < DESCRIPTION_MIN {
                        self.warn("short-description", doc.file, at)
                            .say(format!("the description is only {length} characters long"))
                            .hint(format!("write {DESCRIPTION_MIN} to {DESCRIPTION_MAX} characters: search engines replace short descriptions with text of their own choosing"));
                    } else if length > DESCRIPTION_MAX {
                        self.warn("long-description", doc.file, at)
                            .say(format!("the description is {length} characters long; search results cut it after about {DESCRIPTION_MAX}"))
                            .hint("shorten it to one or two sentences, the most important words first");
                    }
                    if let Some(first) = first_seen(&mut descriptions, description, doc.file) {
                        self.warn("duplicate-description", doc.file, at)
                            .say(format!(
                                "the description is the same as in {}",
                                shown(first)
                            ))
                            .hint("describe what this page offers that the other one does not");
                    }
                }
            }
        }
    }

    fn links(&mut self, doc: &Doc<'_>, anchors: &Anchors) {
        for link in doc.links {
            let at = (link.line, link.column);
            if link.is_image && !link.has_alt {
                self.warn("missing-alt", doc.file, at)
                    .say(format!("image `{}` has no alt text", link.url))
                    .hint("describe the image between the brackets, such as `![The team at work](/images/team.jpg)`: screen readers and search engines read it");
            }
            if let Some(miss) = anchors.check(&link.url, &self.site.path_of(doc.key)) {
                let hint = match &miss.close {
                    Some(close) => format!("did you mean `#{close}`?"),
                    None => "link to the id of a heading on that page: `## Why hire?` gets `#why-hire`, or `{#my-id}` after a heading sets one".to_string(),
                };
                self.warn("broken-fragment", doc.file, at)
                    .say(format!(
                        "link to `{}`: {} has no element with id `{}`",
                        link.url, miss.page, miss.fragment
                    ))
                    .hint(hint);
            }
        }
    }

    fn headings(&mut self, doc: &Doc<'_>) {
        // The theme prints the page title as the H1, so the body starts
        // under it.
        let mut previous = 1;
        for heading in doc.headings {
            let at = (heading.line, 1);
            if heading.level == 1 {
                self.warn("h1-in-body", doc.file, at)
                    .say(format!("`# {}` is a second H1 on the page", heading.text))
                    .hint("the theme already shows the title as the page's H1: start sections with `##`");
            } else if heading.level > previous + 1 {
                let hashes = "#".repeat(usize::from(previous) + 1);
                self.warn("skipped-heading-level", doc.file, at)
                    .say(format!(
                        "the heading `{}` jumps from H{previous} to H{}",
                        heading.text, heading.level
                    ))
                    .hint(format!("make it `{hashes} {}`, or add the missing level above it: screen readers use headings as the page's outline", heading.text));
            }
            previous = heading.level;
        }
    }

    fn roles(&mut self, wanted: &dyn Fn(&Path) -> bool) {
        let site = self.site;
        for role in site.roles.iter().filter(|r| wanted(&r.file)) {
            let file = role.file.as_path();
            if role.front.candidates.is_empty() {
                let at = self.field(file, "candidates");
                self.warn("no-candidates", file, at)
                    .say("the role shows no candidates")
                    .hint("add `candidates:` with at least one card (`name`, `title`, `skills`…): profiles are what visitors come for");
            }
            if role.front.interview_questions.is_empty() {
                let at = self.field(file, "interview_questions");
                self.warn("no-interview-questions", file, at)
                    .say("the role has no interview questions, so it has no questions page")
                    .hint("add `interview_questions:` with a few `question`/`answer` pairs");
            }
            if role.empty_body {
                let line = body_line(&self.text(file));
                self.warn("empty-guide", file, (line, 1))
                    .say("the hiring guide (the text below the front matter) is empty")
                    .hint("write the guide after the closing `---`: its `##` headings form the page's table of contents");
            }
        }
    }

    fn skills(&mut self, wanted: &dyn Fn(&Path) -> bool) {
        let site = self.site;
        let uses = |s: &crate::site::Skill| s.roles.len() + s.candidates.len();
        for skill in &site.skills {
            if uses(skill) != 1 || !wanted(&skill.named_in) {
                continue;
            }
            let others = site
                .skills
                .iter()
                .filter(|s| s.slug != skill.slug)
                .map(|s| s.name.as_str());
            let Some(close) = did_you_mean(&skill.name, others) else {
                continue;
            };
            let used = site.skills.iter().find(|s| s.name == close).map_or(0, uses);
            let file = skill.named_in.as_path();
            let text = self.text(file);
            let at = list_item_position(&text, &skill.name)
                .or_else(|| field_position(&text, "skills"))
                .unwrap_or((1, 1));
            self.warn("single-use-skill", file, at)
                .say(format!(
                    "skill `{}` is named only here, and looks like `{close}` ({used} {})",
                    skill.name,
                    if used == 1 { "use" } else { "uses" }
                ))
                .hint(format!(
                    "if it is a typo, write `{close}`; if it is another spelling, add `{}: {close}` under `aliases:` in content/_data/skills.yaml",
                    skill.name
                ));
        }
    }
}

/// A warning being written: [`Finding::say`] sets the message,
/// [`Finding::hint`] the hint and records it.
struct Finding<'a> {
    found: &'a mut Diagnostics,
    diagnostic: Diagnostic,
}

impl Finding<'_> {
    fn say(mut self, message: impl Into<String>) -> Self {
        self.diagnostic.message = message.into();
        self
    }

    fn hint(self, hint: impl Into<String>) {
        self.found.push(self.diagnostic.with_hint(hint));
    }
}

/// Records `value` for `file`; returns the file that had it first.
/// A title or description as duplicates are found: words, lowercase.
fn normalized(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn first_seen<'a>(
    seen: &mut HashMap<String, &'a Path>,
    value: &str,
    file: &'a Path,
) -> Option<&'a Path> {
    let key = normalized(value);
    match seen.get(&key) {
        Some(first) => Some(first),
        None => {
            seen.insert(key, file);
            None
        }
    }
}

fn shown(path: &Path) -> String {
    crate::diagnostics::display_path(path)
}

/// Line and column of the value of top-level front matter field `key`.
fn field_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let prefix = format!("{key}:");
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(rest) = line.strip_prefix(&prefix) {
            let spaces = rest.len() - rest.trim_start().len();
            let column = if rest.trim().is_empty() {
                1
            } else {
                prefix.chars().count() + spaces + 1
            };
            return Some((i + 1, column));
        }
    }
    None
}

/// Where `name` is written as an item of a YAML list (`[a, name]` or
/// `- name`) in the front matter.
fn list_item_position(text: &str, name: &str) -> Option<(usize, usize)> {
    let opens = ['[', ',', '-', '"', '\'', ' '];
    let closes = [']', ',', '"', '\''];
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim_end() == "---" {
            break;
        }
        for (start, _) in line.match_indices(name) {
            let before = line[..start].chars().next_back();
            let after = line[start + name.len()..].trim_end().chars().next();
            if before.is_some_and(|c| opens.contains(&c))
                && after.is_none_or(|c| closes.contains(&c))
            {
                return Some((i + 1, line[..start].chars().count() + 1));
            }
        }
    }
    None
}

/// The line on which the Markdown body starts (after the closing `---`).
fn body_line(text: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(1)
        .find(|(_, line)| line.trim_end() == "---")
        .map_or(1, |(i, _)| i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\ntitle: Hire X\nskills: [Go, Pyhton]\ncandidates:\n  - name: A\n    skills:\n      - Rust\n---\n## Body\n";

    #[test]
    fn fields_are_found_at_their_value() {
        assert_eq!(field_position(TEXT, "title"), Some((2, 8)));
        assert_eq!(field_position(TEXT, "candidates"), Some((4, 1)));
        assert_eq!(field_position(TEXT, "name"), None, "only top-level keys");
        assert_eq!(field_position(TEXT, "Body"), None, "only the front matter");
    }

    #[test]
    fn list_items_are_found_as_whole_items() {
        assert_eq!(list_item_position(TEXT, "Pyhton"), Some((3, 14)));
        assert_eq!(list_item_position(TEXT, "Go"), Some((3, 10)));
        assert_eq!(list_item_position(TEXT, "Rust"), Some((7, 9)));
        assert_eq!(list_item_position(TEXT, "Hire"), None);
    }

    #[test]
    fn the_body_starts_after_the_front_matter() {
        assert_eq!(body_line(TEXT), 9);
    }

    /// Linting one file says what linting the site says of that file,
    /// duplicates of earlier and later pages included.
    #[test]
    fn one_file_is_linted_as_in_the_whole_site() {
        let dir = tempfile::tempdir().unwrap();
        let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint/clean");
        for entry in walkdir::WalkDir::new(&clean) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&clean).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let roles = dir.path().join("content/roles");
        let original = std::fs::read_to_string(roles.join("data-engineers.md")).unwrap();
        // Same title as another role in other spacing, same description,
        // one before and one after it in list order.
        for (name, weight) in [("copy-a", -5), ("copy-b", 99)] {
            let text = original.replacen("title: ", "title:  ", 1).replacen(
                "---\n",
                &format!("---\nslug: {name}\nweight: {weight}\n"),
                1,
            );
            std::fs::write(roles.join(format!("{name}.md")), text).unwrap();
        }
        let site = Site::load(dir.path(), &crate::site::LoadOptions::default()).unwrap();
        let anchors = Anchors::default();
        let all = run(&site, &anchors);
        let firsts = Firsts::of(&site);
        assert!(all.iter().any(|d| d.code == "duplicate-title"));
        for doc in documents(&site) {
            let mut expected = all.clone();
            expected.retain(|d| d.file == doc.file);
            assert_eq!(
                file(&site, &anchors, doc.file, &firsts),
                expected,
                "{}",
                doc.file.display()
            );
        }
    }

    #[test]
    fn duplicates_ignore_case_and_spacing() {
        let mut seen = HashMap::new();
        assert_eq!(first_seen(&mut seen, "Hire  Go", Path::new("a")), None);
        assert_eq!(
            first_seen(&mut seen, "hire go", Path::new("b")),
            Some(Path::new("a"))
        );
    }

    #[test]
    fn every_rule_has_a_unique_code() {
        let mut codes: Vec<&str> = RULES.iter().map(|(c, _)| *c).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
        assert!(is_lint("long-title"));
        assert!(!is_lint("broken-link"));
    }
}
