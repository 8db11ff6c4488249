//! Locations and the pages generated from them (issue 14).
//!
//! Every published location file gets a hub, `/hire/developers-in-<slug>/`.
//! A role gets `/hire/<role>-in-<slug>/` when at least
//! `location_pages.min_candidates` of its candidates live there, and a
//! skill `/hire/<skill>-developers-in-<slug>/` when that many candidates
//! with the skill do; copy of its own
//! (`content/locations/<slug>/<role>.md` or `…/<skill>-developers.md`)
//! makes the page whatever the count. A combination below the bar does not
//! exist: it has no [`LocalPage`], so nothing can list, link or map it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::{self, Combination, Content};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::slug::slugify;
use crate::timezone;

use super::{PageKey, Positions, Site};

/// A published location, with the candidates who live there.
#[derive(Debug, Clone)]
pub struct Location {
    /// The location file.
    pub doc: Arc<content::Location>,
    /// `(role index, candidate index)` of its candidates, in role order.
    pub candidates: Vec<(usize, usize)>,
    /// Indexes into [`Site::local_pages`] of its role and skill pages.
    pub pages: Vec<usize>,
}

impl Location {
    /// The display name ("Costa Rica").
    pub fn name(&self) -> &str {
        &self.doc.front.name
    }

    /// The URL segment (`costa-rica`): the file stem.
    pub fn slug(&self) -> &str {
        &self.doc.slug
    }
}

/// What a page in a location is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A role, by index into [`Site::roles`].
    Role(usize),
    /// A skill, by index into [`Site::skills`].
    Skill(usize),
}

/// A role or skill page in one location that exists: it passed the bar or
/// has copy of its own.
#[derive(Debug, Clone)]
pub struct LocalPage {
    /// Index into [`Site::locations`].
    pub location: usize,
    /// The role or skill.
    pub subject: Subject,
    /// `(role index, candidate index)` of the candidates it shows.
    pub candidates: Vec<(usize, usize)>,
    /// Its copy, from `content/locations/<location>/<page>.md`.
    pub copy: Option<Arc<Combination>>,
}

/// `/hire/developers-in-<slug>/`
pub fn hub_path(location: &str) -> String {
    format!("/hire/developers-in-{location}/")
}

impl Site {
    /// Resolves candidates' `location`, checks the location files and the
    /// copy of combinations, and makes the pages that pass the bar.
    /// Runs after roles and skills are indexed.
    pub(super) fn index_locations(
        &mut self,
        content: &Content,
        drafts: bool,
        diagnostics: &mut Diagnostics,
    ) {
        // Every location, drafts too: a candidate in a draft location is
        // no mistake, it just has no page yet.
        let mut by_key: HashMap<String, (&Path, bool)> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        for doc in content.locations.values() {
            let name = &doc.front.name;
            for key in [name.trim().to_lowercase(), doc.slug.clone()] {
                match by_key.get(&key) {
                    Some((first, _)) if *first != doc.file.as_path() => {
                        let (line, column) = doc
                            .front_text(&self.root)
                            .and_then(|text| content::locate(&text, name))
                            .unwrap_or((1, 1));
                        diagnostics.push(
                            Diagnostic::error(
                                "duplicate-location",
                                &doc.file,
                                format!(
                                    "`{name}` names both {} and this location",
                                    first.display()
                                ),
                            )
                            .at(line, column)
                            .with_hint("give every location its own `name` and file name"),
                        );
                    }
                    Some(_) => {}
                    None => {
                        by_key.insert(key, (&doc.file, doc.front.draft));
                    }
                }
            }
            names.push(name);
            self.check_timezone(doc, diagnostics);
        }
        let mut published: Vec<Arc<content::Location>> = content
            .locations
            .values()
            .filter(|l| drafts || !l.front.draft)
            .cloned()
            .collect();
        published.sort_by(|a, b| {
            let key = |l: &content::Location| {
                (
                    l.front.weight.unwrap_or(i64::MAX),
                    l.front.name.to_lowercase(),
                    l.slug.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        let index: HashMap<&Path, usize> = published
            .iter()
            .enumerate()
            .map(|(i, l)| (l.file.as_path(), i))
            .collect();
        let mut locations: Vec<Location> = published
            .iter()
            .map(|doc| Location {
                doc: Arc::clone(doc),
                candidates: Vec::new(),
                pages: Vec::new(),
            })
            .collect();

        let mut positions = Positions::default();
        let find = |written: &str| {
            let lower = written.trim().to_lowercase();
            by_key
                .get(&lower)
                .or_else(|| by_key.get(&slugify(written)))
                .copied()
        };
        for (ri, role) in self.roles.iter().enumerate() {
            for (ci, candidate) in role.front.candidates.iter().enumerate() {
                let Some(written) = candidate.location.as_deref() else {
                    continue;
                };
                match find(written) {
                    Some((file, _)) => {
                        if let Some(&li) = index.get(file) {
                            locations[li].candidates.push((ri, ci));
                        }
                    }
                    None => {
                        let (line, column) = positions.locate(&self.root, role, written);
                        let mut d = Diagnostic::error(
                            "unknown-location",
                            &role.file,
                            format!(
                                "candidate {}: location `{written}` is not in content/locations/",
                                candidate.name
                            ),
                        )
                        .at(line, column);
                        d = match did_you_mean(written, names.iter().copied()) {
                            Some(close) => d.with_hint(format!("did you mean `{close}`?")),
                            None if names.is_empty() => d.with_hint(
                                "add content/locations/<slug>.md with `name:` and `description:`",
                            ),
                            None => d.with_hint(format!(
                                "write the name or file name of a location: {}",
                                names.join(", ")
                            )),
                        };
                        diagnostics.push(d);
                    }
                }
            }
        }

        let copies = self.combination_copies(content, &index, &by_key, diagnostics);
        let min = self.config.location_pages.min_candidates;
        let mut pages = Vec::new();
        for (li, location) in locations.iter_mut().enumerate() {
            let mut by_role: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
            let mut by_skill: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
            for &(ri, ci) in &location.candidates {
                by_role.entry(ri).or_default().push((ri, ci));
                let candidate = &self.roles[ri].front.candidates[ci];
                for name in &candidate.skills {
                    if let Some(si) = self.skill_index(name) {
                        let list = by_skill.entry(si).or_default();
                        if list.last() != Some(&(ri, ci)) {
                            list.push((ri, ci));
                        }
                    }
                }
            }
            let mut subjects: BTreeMap<Subject, Vec<(usize, usize)>> = BTreeMap::new();
            subjects.extend(
                by_role
                    .into_iter()
                    .map(|(ri, list)| (Subject::Role(ri), list)),
            );
            subjects.extend(
                by_skill
                    .into_iter()
                    .map(|(si, list)| (Subject::Skill(si), list)),
            );
            for (subject, list) in subjects.iter() {
                if list.len() >= min || copies.contains_key(&(li, *subject)) {
                    location.pages.push(pages.len());
                    pages.push(LocalPage {
                        location: li,
                        subject: *subject,
                        candidates: list.clone(),
                        copy: copies.get(&(li, *subject)).cloned(),
                    });
                }
            }
            // Copy for a combination without a single candidate there.
            for ((l, subject), copy) in copies.range((li, Subject::Role(0))..) {
                if *l != li {
                    break;
                }
                if !subjects.contains_key(subject) {
                    location.pages.push(pages.len());
                    pages.push(LocalPage {
                        location: li,
                        subject: *subject,
                        candidates: Vec::new(),
                        copy: Some(Arc::clone(copy)),
                    });
                }
            }
            // Roles first, then skills, each in list order.
            location.pages.sort_by_key(|&p| pages[p].subject);
        }
        self.role_pages_in = vec![Vec::new(); self.roles.len()];
        self.skill_pages_in = vec![Vec::new(); self.skills.len()];
        for (pi, page) in pages.iter().enumerate() {
            match page.subject {
                Subject::Role(ri) => self.role_pages_in[ri].push(pi),
                Subject::Skill(si) => self.skill_pages_in[si].push(pi),
            }
        }
        self.locations = locations;
        self.local_pages = pages;
    }

    /// A `timezone` must be one [`timezone`] knows.
    fn check_timezone(&self, doc: &content::Location, diagnostics: &mut Diagnostics) {
        let Some(zone) = doc.front.timezone.as_deref() else {
            return;
        };
        if timezone::is_known(zone) {
            return;
        }
        let (line, column) = doc
            .front_text(&self.root)
            .and_then(|text| content::locate(&text, zone))
            .unwrap_or((1, 1));
        let hint = match did_you_mean(zone, timezone::names()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "hirepage knows the IANA zones of the Americas, such as {}; \
                 leave `timezone` out for another one",
                "`America/Mexico_City`, `America/Bogota` or `America/Sao_Paulo`"
            ),
        };
        diagnostics.push(
            Diagnostic::error(
                "unknown-timezone",
                &doc.file,
                format!("time zone `{zone}` is unknown"),
            )
            .at(line, column)
            .with_hint(hint),
        );
    }

    /// The copy files of combinations, by (location index, subject): the
    /// folder must be a location's file name, the file name a role's slug
    /// or `<skill>-developers`.
    fn combination_copies(
        &self,
        content: &Content,
        index: &HashMap<&Path, usize>,
        by_key: &HashMap<String, (&Path, bool)>,
        diagnostics: &mut Diagnostics,
    ) -> BTreeMap<(usize, Subject), Arc<Combination>> {
        let mut copies = BTreeMap::new();
        let drafts: HashMap<&str, bool> = content
            .roles
            .values()
            .map(|r| (r.slug.as_str(), r.front.draft))
            .collect();
        for copy in content.combinations.values() {
            let folder = copy
                .file
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let Some(&(location_file, _)) = by_key.get(folder) else {
                let slugs = content.locations.values().map(|l| l.slug.as_str());
                let mut d = Diagnostic::error(
                    "unknown-location",
                    &copy.file,
                    format!(
                        "the folder `{folder}` is no location: there is no content/locations/{folder}.md"
                    ),
                );
                d = match did_you_mean(folder, slugs) {
                    Some(close) => d.with_hint(format!(
                        "did you mean content/locations/{close}/? The folder takes the location's file name"
                    )),
                    None => d.with_hint(
                        "put the file in the folder named after a location file (content/locations/mexico.md -> content/locations/mexico/)",
                    ),
                };
                diagnostics.push(d);
                continue;
            };
            let Some(&li) = index.get(location_file) else {
                continue; // a draft location
            };
            let stem = copy.slug.as_str();
            let subject = match self.role_index(stem) {
                Some(ri) => Subject::Role(ri),
                None => match stem
                    .strip_suffix("-developers")
                    .and_then(|s| self.skill_by_slug.get(s))
                {
                    Some(&si) => Subject::Skill(si),
                    None if drafts.get(stem) == Some(&true) => continue,
                    None => {
                        let names: Vec<String> = self
                            .roles
                            .iter()
                            .map(|r| r.slug.clone())
                            .chain(self.skills.iter().map(|s| format!("{}-developers", s.slug)))
                            .collect();
                        let mut d = Diagnostic::error(
                            "unknown-combination",
                            &copy.file,
                            format!("`{stem}` is neither a role's slug nor `<skill>-developers`"),
                        );
                        d = match did_you_mean(stem, names.iter().map(String::as_str)) {
                            Some(close) => d.with_hint(format!("did you mean `{close}.md`?")),
                            None => d.with_hint(
                                "name the file after a role (backend-developers.md) or a skill and `-developers` (python-developers.md)",
                            ),
                        };
                        diagnostics.push(d);
                        continue;
                    }
                },
            };
            copies.insert((li, subject), Arc::clone(copy));
        }
        copies
    }

    /// The newest date of the roles of `(role, candidate)` pairs: the
    /// `lastmod` of a page that shows them.
    pub fn lastmod_of(&self, candidates: &[(usize, usize)]) -> Option<&str> {
        self.lastmod(candidates.iter().map(|&(ri, _)| &self.roles[ri]))
    }

    /// Every page of every location: hubs, then role and skill pages.
    pub fn location_keys(&self) -> Vec<PageKey> {
        (0..self.locations.len())
            .map(PageKey::Location)
            .chain((0..self.local_pages.len()).map(PageKey::LocalPage))
            .collect()
    }

    /// The hub of location `i` and its role and skill pages.
    pub fn keys_of_location(&self, i: usize) -> Vec<PageKey> {
        std::iter::once(PageKey::Location(i))
            .chain(
                self.locations[i]
                    .pages
                    .iter()
                    .map(|&p| PageKey::LocalPage(p)),
            )
            .collect()
    }

    /// The pages of the locations where role `ri` has candidates: what
    /// shows its cards there.
    pub fn location_keys_of_role(&self, ri: usize) -> Vec<PageKey> {
        (0..self.locations.len())
            .filter(|&i| self.locations[i].candidates.iter().any(|&(r, _)| r == ri))
            .flat_map(|i| self.keys_of_location(i))
            .collect()
    }

    /// The site path of a local page.
    pub fn local_path(&self, page: &LocalPage) -> String {
        let location = self.locations[page.location].slug();
        match page.subject {
            Subject::Role(ri) => format!("/hire/{}-in-{location}/", self.roles[ri].slug),
            Subject::Skill(si) => {
                format!("/hire/{}-developers-in-{location}/", self.skills[si].slug)
            }
        }
    }

    /// Where a local page comes from: its copy, or the location file.
    pub fn local_source(&self, page: &LocalPage) -> PathBuf {
        match &page.copy {
            Some(copy) => copy.file.clone(),
            None => self.locations[page.location].doc.file.clone(),
        }
    }
}
