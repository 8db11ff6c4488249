//! The CMS's languages (issue 17): Sveltia CMS (and Decap) edit one file
//! per language, `backend-developers.es.md` beside `backend-developers.md`,
//! which is hirepage's own naming of translations.

use serde_yaml::{Mapping, Value};

use crate::config::SiteConfig;
use crate::content::translation::{CANDIDATE_INHERITED, inherited};

/// Adds the site's languages to a generated `config`: the `i18n` settings
/// at the top, and on each translatable collection and field. A field that
/// a translation inherits is `duplicate` (the CMS copies it, read-only in
/// the other languages); text is translated. A site in one language is
/// left as it is.
pub fn add(config: &mut Value, site: &SiteConfig) {
    if site.languages.is_empty() {
        return;
    }
    let Value::Mapping(root) = config else {
        return;
    };
    let mut i18n = Mapping::new();
    i18n.insert("structure".into(), "multiple_files".into());
    let locales: Vec<Value> = site.language_codes().map(Value::from).collect();
    i18n.insert("locales".into(), Value::Sequence(locales));
    i18n.insert("default_locale".into(), site.language.clone().into());
    // The default language's file keeps its plain name (`x.md`).
    i18n.insert("omit_default_locale_from_filename".into(), true.into());
    root.insert("i18n".into(), Value::Mapping(i18n));
    let Some(Value::Sequence(collections)) = root.get_mut("collections") else {
        return;
    };
    for collection in collections {
        let Value::Mapping(c) = collection else {
            continue;
        };
        let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
        match kind_of(name) {
            Some(kind) => translate(c, kind),
            None => {
                // The file collection: only the home page is translated.
                if let Some(Value::Sequence(files)) = c.get_mut("files") {
                    for file in files {
                        if let Value::Mapping(f) = file
                            && f.get("name").and_then(Value::as_str) == Some("home")
                        {
                            translate(f, "home");
                        }
                    }
                }
            }
        }
    }
}

/// The kind of content of a folder collection, by its name.
fn kind_of(collection: &str) -> Option<&'static str> {
    match collection {
        "roles" => Some("role"),
        "skills" => Some("skill"),
        "pages" => Some("page"),
        "locations" => Some("location"),
        _ => None,
    }
}

fn translate(collection: &mut Mapping, kind: &str) {
    collection.insert("i18n".into(), true.into());
    let Some(Value::Sequence(fields)) = collection.get_mut("fields") else {
        return;
    };
    for field in fields {
        mark(field, inherited(kind));
    }
}

/// Marks a field, and the fields of a list of candidates.
fn mark(field: &mut Value, inherited: &[&str]) {
    let Value::Mapping(f) = field else {
        return;
    };
    let name = f.get("name").and_then(Value::as_str).unwrap_or_default();
    let value: Value = if inherited.contains(&name) {
        "duplicate".into()
    } else {
        true.into()
    };
    let candidates = name == "candidates";
    f.insert("i18n".into(), value);
    if candidates && let Some(Value::Sequence(subfields)) = f.get_mut("fields") {
        for sub in subfields {
            mark(sub, CANDIDATE_INHERITED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inherited_fields_are_duplicated_and_text_translated() {
        let mut config: Value = serde_yaml::from_str(
            "collections:\n- name: roles\n  fields:\n  - {name: title}\n  - {name: skills}\n  - name: candidates\n    fields: [{name: name}, {name: title}]\n\
             - name: site\n  files:\n  - {name: home, fields: [{name: title}, {name: template}]}\n  - {name: fluency, fields: [{name: levels}]}\n",
        )
        .unwrap();
        let mut site: SiteConfig = serde_yaml::from_str(
            "title: T\nbase_url: https://x.example/\nlanguages: {es: {}, pt: {}}\n",
        )
        .unwrap();
        add(&mut config, &site);
        let yaml = serde_yaml::to_string(&config).unwrap();
        assert!(yaml.contains("structure: multiple_files"), "{yaml}");
        assert!(yaml.contains("- en\n  - es\n  - pt"), "{yaml}");
        let roles = &config["collections"][0];
        assert_eq!(roles["i18n"], Value::from(true));
        assert_eq!(roles["fields"][0]["i18n"], Value::from(true));
        assert_eq!(roles["fields"][1]["i18n"], Value::from("duplicate"));
        assert_eq!(
            roles["fields"][2]["fields"][0]["i18n"],
            Value::from("duplicate")
        );
        assert_eq!(roles["fields"][2]["fields"][1]["i18n"], Value::from(true));
        let files = &config["collections"][1]["files"];
        assert_eq!(files[0]["fields"][1]["i18n"], Value::from("duplicate"));
        assert!(
            files[1].get("i18n").is_none(),
            "data files are not translated"
        );

        site.languages.clear();
        let mut plain: Value = serde_yaml::from_str("collections: []\n").unwrap();
        add(&mut plain, &site);
        assert!(plain.get("i18n").is_none());
    }
}
