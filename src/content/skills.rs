//! Skill names: aliases and identity.
//!
//! Two spellings name the same skill when their slugs are equal after
//! aliases are applied: `golang`, `Golang` and `Go` are one skill when
//! `content/_data/skills.yaml` says `aliases: {Golang: Go}`. `Node.js` and
//! `NodeJS` are one skill too, because both slug to `nodejs`, but spellings
//! that differ beyond case get a warning unless an alias says so
//! ([`same_slug_warning`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::slug::slugify;

/// The data file that holds skill aliases, and its stem.
pub const SKILLS_DATA: &str = "skills";

/// Alternative spellings of skill names and the names they stand for.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Slug of the alias -> canonical name.
    map: HashMap<String, String>,
}

impl Aliases {
    /// Reads `aliases:` from `data.skills`, if present.
    pub fn from_data(data: &BTreeMap<String, serde_yaml::Value>) -> Result<Aliases, Diagnostic> {
        let file = Path::new("content/_data/skills.yaml");
        let Some(value) = data.get(SKILLS_DATA) else {
            return Ok(Aliases::default());
        };
        let aliases = match value.get("aliases") {
            None | Some(serde_yaml::Value::Null) => return Ok(Aliases::default()),
            Some(serde_yaml::Value::Mapping(m)) => m,
            Some(_) => {
                return Err(Diagnostic::error(
                    "wrong-type",
                    file,
                    "`aliases` must be a map of alternative spelling to skill name",
                )
                .with_hint("write one `Golang: Go` line per alias under `aliases:`"));
            }
        };
        let mut map = HashMap::new();
        for (alias, name) in aliases {
            let (Some(alias), Some(name)) = (alias.as_str(), name.as_str()) else {
                return Err(Diagnostic::error(
                    "wrong-type",
                    file,
                    "every alias and skill name under `aliases` must be text",
                )
                .with_hint("write one `Golang: Go` line per alias under `aliases:`"));
            };
            map.insert(slugify(alias), name.trim().to_string());
        }
        Ok(Aliases { map })
    }

    /// The canonical spelling of `name`: its alias target, or itself.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        let name = name.trim();
        self.map.get(&slugify(name)).map_or(name, String::as_str)
    }

    /// The identity of a skill: the slug of its canonical name.
    pub fn key(&self, name: &str) -> String {
        slugify(self.canonical(name))
    }
}

/// The warning for two spellings that differ beyond case but share a slug
/// (`CSharp` and `C#`) and are merged into one skill: said once, with the
/// alias line that makes the merge explicit (issue 13). `first_file` is
/// where `first` was met, when that is another file.
pub(crate) fn same_slug_warning(
    file: &Path,
    spelling: &str,
    first: &str,
    first_file: Option<&Path>,
) -> Diagnostic {
    let slug = slugify(first);
    let elsewhere = first_file
        .map(|f| format!(" (in {})", f.display()))
        .unwrap_or_default();
    Diagnostic::warning(
        "same-skill-slug",
        file,
        format!(
            "skills `{spelling}` and `{first}`{elsewhere} have the same URL \
             /hire/{slug}-developers/, so they are one skill, shown as `{first}`"
        ),
    )
    .with_hint(format!(
        "if they are one skill, add `{spelling}: {first}` under `aliases:` in \
         content/_data/skills.yaml; if not, rename one"
    ))
}

/// Whether two canonical spellings differ beyond letter case.
pub(crate) fn differ_beyond_case(a: &str, b: &str) -> bool {
    a.to_lowercase() != b.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(yaml: &str) -> Aliases {
        let mut data = BTreeMap::new();
        data.insert(SKILLS_DATA.to_string(), serde_yaml::from_str(yaml).unwrap());
        Aliases::from_data(&data).unwrap()
    }

    #[test]
    fn aliases_are_case_insensitive() {
        let a = aliases("aliases:\n  Golang: Go\n  JS: JavaScript\n");
        assert_eq!(a.canonical("golang"), "Go");
        assert_eq!(a.canonical("GoLang "), "Go");
        assert_eq!(a.canonical("js"), "JavaScript");
        assert_eq!(a.canonical("Rust"), "Rust");
        assert_eq!(a.key("Golang"), "go");
        assert_eq!(a.key("NodeJS"), a.key("Node.js"));
    }

    #[test]
    fn malformed_aliases_are_errors() {
        let mut data = BTreeMap::new();
        data.insert(
            SKILLS_DATA.into(),
            serde_yaml::from_str("aliases: [Go]").unwrap(),
        );
        assert_eq!(Aliases::from_data(&data).unwrap_err().code, "wrong-type");
    }
}
