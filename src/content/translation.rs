//! Translations: `backend-developers.es.md` beside `backend-developers.md`
//! (issue 17).
//!
//! A translation is a file of the same kind whose name carries a language
//! code before its extension. It gives the text of the page in that
//! language; the fields that are not text ([`INHERITED`]) come from the
//! original unless the translation sets them, so a translator never copies
//! skills, weights or photos, and a change to them in the original reaches
//! every language.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};

use crate::config::is_language_code;

/// What a translated file of each kind takes from its original when it
/// does not set it: the fields that are not text. The README's list of
/// inherited fields is this table.
pub const INHERITED: &[(&str, &[&str])] = &[
    (
        "role",
        &[
            "slug", "skills", "related", "weight", "draft", "date", "updated", "template",
        ],
    ),
    ("skill", &["weight", "draft"]),
    ("page", &["slug", "draft", "template"]),
    ("home", &["template"]),
    ("location", &["timezone", "weight", "draft"]),
];

/// What a candidate card of a translated role takes from the card at the
/// same place in the original: who they are, not how they are described.
pub const CANDIDATE_INHERITED: &[&str] = &["name", "photo", "location", "skills"];

/// The fields of kind `kind` a translation inherits.
pub fn inherited(kind: &str) -> &'static [&'static str] {
    INHERITED
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, fields)| fields)
}

/// Splits a content path into the original it translates and the
/// language: `content/roles/x.es.md` gives `content/roles/x.md` and `es`.
/// A file without a language code before its extension gives `None`.
pub fn split_language(file: &Path) -> Option<(PathBuf, String)> {
    let name = file.file_name()?.to_str()?;
    let (rest, ext) = name.rsplit_once('.')?;
    let (stem, code) = rest.rsplit_once('.')?;
    if stem.is_empty() || !is_language_code(code) {
        return None;
    }
    Some((
        file.with_file_name(format!("{stem}.{ext}")),
        code.to_string(),
    ))
}

/// Lays the fields of `original` that a translation of kind `kind`
/// inherits under `translation`, where it does not set them. A role
/// without `candidates` shows the original's; one with them takes each
/// card's name, photo, location and skills from the card at the same
/// place.
pub fn inherit(kind: &str, translation: &mut Mapping, original: &Mapping) {
    for field in inherited(kind) {
        let key = Value::from(*field);
        if translation.contains_key(&key) {
            continue;
        }
        if let Some(value) = original.get(&key).filter(|v| !v.is_null()) {
            translation.insert(key, value.clone());
        }
    }
    if kind != "role" {
        return;
    }
    let key = Value::from("candidates");
    let Some(Value::Sequence(theirs)) = original.get(&key) else {
        return;
    };
    match translation.get_mut(&key) {
        None => {
            translation.insert(key, Value::Sequence(theirs.clone()));
        }
        Some(Value::Sequence(ours)) => {
            for (card, original) in ours.iter_mut().zip(theirs) {
                let (Value::Mapping(card), Value::Mapping(original)) = (card, original) else {
                    continue;
                };
                for field in CANDIDATE_INHERITED {
                    let key = Value::from(*field);
                    if !card.contains_key(&key)
                        && let Some(value) = original.get(&key).filter(|v| !v.is_null())
                    {
                        card.insert(key, value.clone());
                    }
                }
            }
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_translation_is_named_after_its_original_and_language() {
        let split = |p: &str| split_language(Path::new(p));
        assert_eq!(
            split("content/roles/backend-developers.es.md"),
            Some((
                PathBuf::from("content/roles/backend-developers.md"),
                "es".into()
            ))
        );
        assert_eq!(
            split("content/_index.pt-BR.md"),
            Some((PathBuf::from("content/_index.md"), "pt-BR".into()))
        );
        assert_eq!(
            split("content/_data/skills.es.yaml").map(|(_, l)| l),
            Some("es".into())
        );
        assert_eq!(split("content/roles/backend-developers.md"), None);
        assert_eq!(split("content/roles/.es.md"), None);
        assert_eq!(split("content/roles/v2.0.md"), None);
    }

    #[test]
    fn a_translation_inherits_what_is_not_text_and_keeps_its_own() {
        let original = map("title: Hire\nskills: [Go]\nweight: 3\nslug: backend\n\
             candidates:\n- {name: Ana, title: Dev, photo: /a.jpg, skills: [Go]}\n\
             - {name: Bo, title: Ops}\n");
        let mut ours = map(
            "title: Contratar\nslug: backend-es\ncandidates:\n- {title: Desarrolladora}\n- {name: Bob, title: Operaciones}\n",
        );
        inherit("role", &mut ours, &original);
        let get = |m: &Mapping, k: &str| m.get(Value::from(k)).cloned();
        assert_eq!(get(&ours, "title"), Some("Contratar".into()));
        assert_eq!(get(&ours, "slug"), Some("backend-es".into()));
        assert_eq!(get(&ours, "weight"), Some(3.into()));
        assert_eq!(get(&ours, "skills"), get(&original, "skills"));
        let Some(Value::Sequence(cards)) = get(&ours, "candidates") else {
            panic!("candidates")
        };
        let first = cards[0].as_mapping().unwrap();
        assert_eq!(get(first, "name"), Some("Ana".into()));
        assert_eq!(get(first, "photo"), Some("/a.jpg".into()));
        assert_eq!(get(first, "title"), Some("Desarrolladora".into()));
        assert_eq!(
            get(cards[1].as_mapping().unwrap(), "name"),
            Some("Bob".into())
        );

        let mut bare = map("title: Contratar\n");
        inherit("role", &mut bare, &original);
        assert_eq!(get(&bare, "candidates"), get(&original, "candidates"));

        let mut page = map("title: Acerca\n");
        inherit(
            "page",
            &mut page,
            &map("title: About\nweight: 2\nslug: about\n"),
        );
        assert_eq!(get(&page, "slug"), Some("about".into()));
        assert_eq!(
            get(&page, "weight"),
            None,
            "pages have no weight to inherit"
        );
    }
}
