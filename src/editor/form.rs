//! The editor's form, described from the content model: the same field
//! tree ([`Doc::fields`], read from the JSON Schema of `hirepage schema`)
//! that `hirepage cms` makes widgets from. A field added to a struct of
//! the model appears in the form with its doc comment as help, and no
//! change to the page's script.

use serde_json::{Map, Value, json};

use crate::cms::fields::{Doc, Field, Shape, TextKind, text_kind};
use crate::cms::label;
use crate::schema::Kind;

/// The fields of every kind of content file: `{"role": [Field…], …}`.
pub(super) fn kinds() -> Value {
    let kinds: Map<String, Value> = Kind::ALL
        .iter()
        .map(|kind| {
            let fields = Doc::Content(*kind).fields();
            (kind.name().to_string(), fields_json(&fields))
        })
        .collect();
    Value::Object(kinds)
}

fn fields_json(fields: &[Field]) -> Value {
    fields.iter().map(field_json).collect()
}

fn field_json(field: &Field) -> Value {
    let mut out = shape_json(&field.name, &field.shape);
    out.insert("name".into(), field.name.clone().into());
    out.insert("label".into(), label(&field.name).into());
    out.insert("required".into(), field.required.into());
    if let Some(description) = &field.description {
        out.insert("description".into(), description.replace('\n', " ").into());
    }
    Value::Object(out)
}

/// The widget of a value named `name` with this shape, and what it needs.
fn shape_json(name: &str, shape: &Shape) -> Map<String, Value> {
    let widget = |w: &str| json!({ "widget": w });
    let value = match shape {
        Shape::String if name == "template" => widget("template"),
        // A candidate's location: completed from the site's locations.
        Shape::String if name == "location" => widget("location"),
        Shape::String => widget(match text_kind(name) {
            TextKind::Line => "line",
            TextKind::Text => "text",
            TextKind::Markdown => "markdown",
            TextKind::Image => "image",
            TextKind::Slug => "slug",
        }),
        Shape::Date => widget("date"),
        Shape::Integer => widget("integer"),
        Shape::Number => widget("number"),
        Shape::Boolean => widget("boolean"),
        Shape::Choice(options) => json!({ "widget": "choice", "options": options }),
        Shape::Object(fields) => json!({ "widget": "object", "fields": fields_json(fields) }),
        Shape::FreeMap { .. } => widget("map"),
        Shape::List(item) => match (name, item.as_ref()) {
            ("skills", Shape::String) => widget("skills"),
            ("related", Shape::String) => widget("related"),
            (_, item) => {
                let mut item = shape_json("item", item);
                item.insert("label".into(), label(name).into());
                json!({ "widget": "list", "item": item })
            }
        },
    };
    match value {
        Value::Object(map) => map,
        _ => unreachable!("every widget is an object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
        fields
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    #[test]
    fn the_role_form_follows_the_model() {
        let kinds = kinds();
        let role = &kinds["role"];
        let names: Vec<&str> = role
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[..3], ["title", "role", "description"], "model order");
        assert_eq!(field(role, "title")["widget"], "line");
        assert_eq!(field(role, "title")["required"], true);
        assert!(
            field(role, "title")["description"]
                .as_str()
                .unwrap()
                .contains("<title>"),
            "doc comments are the help text"
        );
        assert_eq!(field(role, "description")["widget"], "text");
        assert_eq!(field(role, "slug")["widget"], "slug");
        assert_eq!(field(role, "skills")["widget"], "skills");
        assert_eq!(field(role, "related")["widget"], "related");
        assert_eq!(field(role, "template")["widget"], "template");
        assert_eq!(field(role, "date")["widget"], "date");
        assert_eq!(field(role, "weight")["widget"], "integer");
        assert_eq!(field(role, "draft")["widget"], "boolean");
        assert_eq!(field(role, "extra")["widget"], "map");
        let hero = field(role, "hero");
        assert_eq!(hero["widget"], "object");
        assert_eq!(field(&hero["fields"], "cta")["widget"], "object");
        let candidates = field(role, "candidates");
        assert_eq!(candidates["widget"], "list");
        let candidate = &candidates["item"];
        assert_eq!(candidate["widget"], "object");
        assert_eq!(field(&candidate["fields"], "photo")["widget"], "image");
        assert_eq!(field(&candidate["fields"], "skills")["widget"], "skills");
        let questions = &field(role, "interview_questions")["item"];
        assert_eq!(field(&questions["fields"], "answer")["widget"], "markdown");
    }

    #[test]
    fn every_kind_has_a_form() {
        let kinds = kinds();
        for kind in Kind::ALL {
            assert!(
                field(&kinds[kind.name()], "title")["widget"] == "line",
                "{}",
                kind.name()
            );
        }
    }
}
