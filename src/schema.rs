//! `hirepage schema`: the JSON Schema of the front matter, for editors and CI.
//!
//! The schemas are generated (with schemars) from the very serde types the
//! parser reads front matter into ([`crate::content::model`]): a field added
//! to a struct appears in the schema with its doc comment as description,
//! and the schema cannot drift from what a build accepts. Some rules are
//! only checked by the build (a date such as `2026-02-30`, a `related` slug
//! that names no role). The schema reads YAML types as an editor does:
//! `title: 2024` is a number to it, so quote such values.

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};

use crate::content::model::{
    CombinationFront, HomeFront, LocationFront, PageFront, RoleFront, SkillFront,
};

/// A kind of content file, each with its own front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/roles/*.md`
    Role,
    /// `content/skills/*.md`
    Skill,
    /// `content/pages/*.md`
    Page,
    /// `content/_index.md`
    Home,
    /// `content/locations/*.md`
    Location,
    /// `content/locations/*/*.md`
    Combination,
}

impl Kind {
    /// Every kind, in the order the README lists them.
    pub const ALL: [Kind; 6] = [
        Kind::Role,
        Kind::Skill,
        Kind::Page,
        Kind::Home,
        Kind::Location,
        Kind::Combination,
    ];

    /// The files this kind of front matter is for, as a glob.
    pub fn files(self) -> &'static str {
        match self {
            Kind::Role => "content/roles/*.md",
            Kind::Skill => "content/skills/*.md",
            Kind::Page => "content/pages/*.md",
            Kind::Home => "content/_index.md",
            Kind::Location => "content/locations/*.md",
            Kind::Combination => "content/locations/*/*.md",
        }
    }

    /// Lowercase name, as typed after `hirepage schema`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Skill => "skill",
            Kind::Page => "page",
            Kind::Home => "home",
            Kind::Location => "location",
            Kind::Combination => "combination",
        }
    }

    fn title(self) -> String {
        format!("hirepage {} front matter ({})", self.name(), self.files())
    }

    fn subschema(self, generator: &mut SchemaGenerator) -> Schema {
        match self {
            Kind::Role => generator.subschema_for::<RoleFront>(),
            Kind::Skill => generator.subschema_for::<SkillFront>(),
            Kind::Page => generator.subschema_for::<PageFront>(),
            Kind::Home => generator.subschema_for::<HomeFront>(),
            Kind::Location => generator.subschema_for::<LocationFront>(),
            Kind::Combination => generator.subschema_for::<CombinationFront>(),
        }
    }
}

/// What every schema is generated with: draft 2020-12, describing what the
/// parser accepts (fields with a default are optional).
fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

fn root<T: JsonSchema>(kind: Kind) -> Value {
    let mut schema = generator().into_root_schema_for::<T>();
    schema.insert("title".into(), kind.title().into());
    schema.to_value()
}

/// The schema of one kind of front matter, standalone: what an editor is
/// pointed at for files of that kind.
pub fn of(kind: Kind) -> Value {
    match kind {
        Kind::Role => root::<RoleFront>(kind),
        Kind::Skill => root::<SkillFront>(kind),
        Kind::Page => root::<PageFront>(kind),
        Kind::Home => root::<HomeFront>(kind),
        Kind::Location => root::<LocationFront>(kind),
        Kind::Combination => root::<CombinationFront>(kind),
    }
}

/// One document with every kind under `$defs` (`#/$defs/role`, …): the
/// document as a whole accepts the front matter of any kind.
pub fn all() -> Value {
    let mut generator = generator();
    let refs: Vec<(Kind, Schema)> = Kind::ALL
        .iter()
        .map(|&kind| (kind, kind.subschema(&mut generator)))
        .collect();
    let mut defs = generator.take_definitions(true);
    let mut any_of = Vec::new();
    for (kind, reference) in refs {
        // Each kind under its own short name, next to the shared types.
        let mut entry = json!({ "title": kind.title() });
        entry["allOf"] = json!([reference.to_value()]);
        defs.insert(kind.name().into(), entry);
        any_of.push(json!({ "$ref": format!("#/$defs/{}", kind.name()) }));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hirepage front matter",
        "description": "Front matter of hirepage content files. Each kind is under $defs: \
                        role (content/roles/*.md), skill (content/skills/*.md), \
                        page (content/pages/*.md), home (content/_index.md). \
                        `hirepage schema role` prints one kind on its own.",
        "anyOf": any_of,
        "$defs": defs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_schema_lists_the_contract() {
        let schema = of(Kind::Role);
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(required, ["title", "role", "description", "skills"]);
        assert_eq!(schema["additionalProperties"], false);
        assert!(
            schema["properties"]["title"]["description"]
                .as_str()
                .unwrap()
                .contains("<title>"),
            "doc comments become descriptions"
        );
        assert_eq!(schema["properties"]["extra"]["type"], "object");
    }

    #[test]
    fn every_kind_is_in_the_combined_document() {
        let doc = all();
        for kind in Kind::ALL {
            assert!(doc["$defs"][kind.name()].is_object(), "{}", kind.name());
        }
        assert_eq!(doc["anyOf"].as_array().unwrap().len(), Kind::ALL.len());
    }
}
