//! The content model as a tree of fields, read from the JSON Schema that
//! `hirepage schema` prints.
//!
//! Both `hirepage cms` (one widget per field) and `hirepage fmt` (key order,
//! which empty values can go) walk this tree, so they cannot disagree with
//! each other or with the parser: the schema is generated from the very
//! structs front matter is read into.

use schemars::JsonSchema;
use serde_json::Value;

use crate::content::data_model::{FluencyData, ProcessData, SkillsData};
use crate::schema::{self, Kind};

/// One field of a front matter or data file, as the model defines it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The YAML key.
    pub name: String,
    /// The doc comment of the struct field.
    pub description: Option<String>,
    /// Whether the parser rejects a file without it.
    pub required: bool,
    /// What it holds.
    pub shape: Shape,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Text.
    String,
    /// A date written `YYYY-MM-DD`.
    Date,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of a closed set of strings.
    Choice(Vec<String>),
    /// A map with known fields, in model order.
    Object(Vec<Field>),
    /// A list of items of one shape.
    List(Box<Shape>),
    /// A map the model does not look into (`extra`); `strings` when its
    /// values are text (skill aliases).
    FreeMap {
        /// Whether every value is a string.
        strings: bool,
    },
}

/// What a text field holds, beyond being text: how the Git CMS's widgets
/// and the editor's form let it be written. The model's types say only
/// "string", so this goes by the field's name, the same in every struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// One line.
    Line,
    /// Several lines of plain text.
    Text,
    /// Markdown.
    Markdown,
    /// The path of an image under `static/`.
    Image,
    /// A URL segment.
    Slug,
}

/// The kind of text a field named `name` holds.
pub(crate) fn text_kind(name: &str) -> TextKind {
    match name {
        "description" | "subheading" | "quote" | "intro" | "summary" | "text" => TextKind::Text,
        "answer" => TextKind::Markdown,
        "photo" | "image" | "og_image" => TextKind::Image,
        "slug" => TextKind::Slug,
        _ => TextKind::Line,
    }
}

/// A file whose shape the model knows: the four kinds of content file and
/// the `_data` files the theme reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    /// A kind of Markdown content file.
    Content(Kind),
    /// `content/_data/fluency.yaml`
    Fluency,
    /// `content/_data/process.yaml`
    Process,
    /// `content/_data/skills.yaml`
    SkillAliases,
}

impl Doc {
    /// The `_data` files with a known shape.
    pub const DATA: [Doc; 3] = [Doc::Fluency, Doc::Process, Doc::SkillAliases];

    /// The data file this is, relative to the site root, if it is one.
    pub fn data_file(self) -> Option<&'static str> {
        match self {
            Doc::Content(_) => None,
            Doc::Fluency => Some("content/_data/fluency.yaml"),
            Doc::Process => Some("content/_data/process.yaml"),
            Doc::SkillAliases => Some("content/_data/skills.yaml"),
        }
    }

    /// The kind a path names (`content/roles/x.md`), if it has a known shape.
    pub fn of_path(path: &str) -> Option<Doc> {
        if let Some(doc) = Doc::DATA.into_iter().find(|d| d.data_file() == Some(path)) {
            return Some(doc);
        }
        if path == "content/_index.md" {
            return Some(Doc::Content(Kind::Home));
        }
        // A translation (`x.es.md`) is a file of its original's kind.
        if let Some((original, _)) =
            crate::content::translation::split_language(std::path::Path::new(path))
            && path.ends_with(".md")
        {
            return original.to_str().and_then(Doc::of_path);
        }
        let (folder, name) = path.rsplit_once('/')?;
        if !name.ends_with(".md") || name.starts_with('.') {
            return None;
        }
        match folder {
            "content/roles" => Some(Doc::Content(Kind::Role)),
            "content/skills" => Some(Doc::Content(Kind::Skill)),
            "content/pages" => Some(Doc::Content(Kind::Page)),
            "content/locations" => Some(Doc::Content(Kind::Location)),
            _ => match folder.strip_prefix("content/locations/") {
                Some(location) if !location.is_empty() && !location.contains('/') => {
                    Some(Doc::Content(Kind::Combination))
                }
                _ => None,
            },
        }
    }

    /// The JSON Schema of the file.
    pub fn schema(self) -> Value {
        fn data<T: JsonSchema>() -> Value {
            schemars::generate::SchemaSettings::draft2020_12()
                .for_deserialize()
                .into_generator()
                .into_root_schema_for::<T>()
                .to_value()
        }
        match self {
            Doc::Content(kind) => schema::of(kind),
            Doc::Fluency => data::<FluencyData>(),
            Doc::Process => data::<ProcessData>(),
            Doc::SkillAliases => data::<SkillsData>(),
        }
    }

    /// The fields of the file, in model order.
    pub fn fields(self) -> Vec<Field> {
        let schema = self.schema();
        fields_of(&schema, &schema, self.type_name())
    }

    /// The name of the struct the file is read into.
    fn type_name(self) -> &'static str {
        match self {
            Doc::Content(Kind::Role) => "RoleFront",
            Doc::Content(Kind::Skill) => "SkillFront",
            Doc::Content(Kind::Page) => "PageFront",
            Doc::Content(Kind::Home) => "HomeFront",
            Doc::Content(Kind::Location) => "LocationFront",
            Doc::Content(Kind::Combination) => "CombinationFront",
            Doc::Fluency => "FluencyData",
            Doc::Process => "ProcessData",
            Doc::SkillAliases => "SkillsData",
        }
    }
}

/// The fields of a struct in the order it declares them, by struct name.
///
/// The JSON Schema lists properties alphabetically (serde_json's maps are
/// sorted), so the order comes from serde instead: a derived
/// `Deserialize` hands its field list to `deserialize_struct`, which
/// [`FieldNames`] records. A new struct of the model must be listed here;
/// a test fails until it is.
pub(crate) fn declared_order(type_name: &str) -> Option<&'static [&'static str]> {
    use crate::content::data_model::{FluencyLevel, ProcessStep};
    use crate::content::model::{
        CallToAction, Candidate, CombinationFront, Fact, Hero, HomeFront, LocationFront, PageFront,
        Question, RoleFront, SkillFront, Testimonial,
    };
    fn names<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
        let mut found = None;
        let _ = T::deserialize(FieldNames(&mut found));
        found.unwrap_or(&[])
    }
    let order = match type_name {
        "RoleFront" => names::<RoleFront>(),
        "SkillFront" => names::<SkillFront>(),
        "PageFront" => names::<PageFront>(),
        "HomeFront" => names::<HomeFront>(),
        "LocationFront" => names::<LocationFront>(),
        "CombinationFront" => names::<CombinationFront>(),
        "Fact" => names::<Fact>(),
        "Hero" => names::<Hero>(),
        "CallToAction" => names::<CallToAction>(),
        "Candidate" => names::<Candidate>(),
        "Question" => names::<Question>(),
        "Testimonial" => names::<Testimonial>(),
        "FluencyData" => names::<FluencyData>(),
        "FluencyLevel" => names::<FluencyLevel>(),
        "ProcessData" => names::<ProcessData>(),
        "ProcessStep" => names::<ProcessStep>(),
        "SkillsData" => names::<SkillsData>(),
        _ => return None,
    };
    Some(order)
}

/// A deserializer that only records the field names a struct asks for.
struct FieldNames<'a>(&'a mut Option<&'static [&'static str]>);

#[derive(Debug)]
struct Recorded;

impl std::fmt::Display for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Recorded {}

impl serde::de::Error for Recorded {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Recorded
    }
}

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = Recorded;

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Recorded> {
        *self.0 = Some(fields);
        Err(Recorded)
    }

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Recorded> {
        Err(Recorded)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The fields of an object schema, in the order the struct `type_name`
/// declares them.
pub(crate) fn fields_of(object: &Value, root: &Value, type_name: &str) -> Vec<Field> {
    let object = resolve(object, root);
    let required: Vec<&str> = object["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = object["properties"].as_object() else {
        return Vec::new();
    };
    let mut ordered: Vec<(&String, &Value)> = properties.iter().collect();
    if let Some(order) = declared_order(type_name) {
        let position = |name: &str| order.iter().position(|n| *n == name).unwrap_or(usize::MAX);
        ordered.sort_by_key(|(name, _)| position(name));
    }
    ordered
        .into_iter()
        .map(|(name, property)| Field {
            name: name.clone(),
            description: property["description"]
                .as_str()
                .or_else(|| resolve(property, root)["description"].as_str())
                .map(str::to_string),
            required: required.contains(&name.as_str()),
            shape: shape_of(property, root),
        })
        .collect()
}

/// The struct name a `$ref` names (`#/$defs/Hero` -> `Hero`).
fn type_name_of(schema: &Value) -> &str {
    schema["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or_default()
}

/// Follows a local `$ref` (`#/$defs/Hero`) to its definition.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            root.pointer(pointer).map_or(schema, |s| resolve(s, root))
        }
        None => schema,
    }
}

/// The shape of one property; `Option<T>` (`anyOf: [T, null]` or
/// `type: [t, "null"]`) has the shape of `T`.
fn shape_of(property: &Value, root: &Value) -> Shape {
    let original = property;
    let property = resolve(property, root);
    if let Some(variants) = property["anyOf"]
        .as_array()
        .or(property["oneOf"].as_array())
    {
        let not_null: Vec<&Value> = variants.iter().filter(|v| v["type"] != "null").collect();
        if let [only] = not_null.as_slice() {
            return shape_of(only, root);
        }
    }
    if let Some(choices) = property["enum"].as_array() {
        let strings: Vec<String> = choices
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        if !strings.is_empty() {
            return Shape::Choice(strings);
        }
    }
    let ty = match &property["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string"),
        _ => "string",
    };
    match ty {
        "boolean" => Shape::Boolean,
        "integer" => Shape::Integer,
        "number" => Shape::Number,
        "array" => Shape::List(Box::new(shape_of(&property["items"], root))),
        "object" if property["properties"].is_object() => {
            Shape::Object(fields_of(property, root, type_name_of(original)))
        }
        "object" => Shape::FreeMap {
            strings: property["additionalProperties"]["type"] == "string",
        },
        _ if property["pattern"]
            .as_str()
            .is_some_and(|p| p.starts_with("^[0-9]{4}-")) =>
        {
            Shape::Date
        }
        _ => Shape::String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
        fields.iter().find(|f| f.name == name).unwrap()
    }

    #[test]
    fn role_fields_follow_the_struct() {
        let fields = Doc::Content(Kind::Role).fields();
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "title",
                "role",
                "description",
                "slug",
                "hero",
                "skills",
                "candidates",
                "interview_questions",
                "faq",
                "testimonial",
                "related",
                "weight",
                "draft",
                "date",
                "updated",
                "template",
                "og_image",
                "aliases",
                "extra"
            ],
            "model order, not alphabetical"
        );
        assert!(field(&fields, "title").required);
        assert!(!field(&fields, "slug").required);
        assert_eq!(field(&fields, "date").shape, Shape::Date);
        assert_eq!(field(&fields, "weight").shape, Shape::Integer);
        assert_eq!(field(&fields, "draft").shape, Shape::Boolean);
        assert_eq!(
            field(&fields, "extra").shape,
            Shape::FreeMap { strings: false }
        );
        let Shape::List(item) = &field(&fields, "candidates").shape else {
            panic!("candidates is a list")
        };
        let Shape::Object(candidate) = item.as_ref() else {
            panic!("of objects")
        };
        assert!(field(candidate, "name").required);
        assert!(!field(candidate, "photo").required);
        let Shape::Object(hero) = &field(&fields, "hero").shape else {
            panic!("hero is an object")
        };
        assert!(!field(hero, "cta").required);
        assert!(matches!(field(hero, "cta").shape, Shape::Object(_)));
    }

    /// Every struct of the model is in [`declared_order`], or its fields
    /// would come out in alphabetical order.
    #[test]
    fn every_struct_of_the_model_has_its_field_order() {
        let docs = [
            Doc::Content(Kind::Role),
            Doc::Content(Kind::Skill),
            Doc::Content(Kind::Page),
            Doc::Content(Kind::Home),
            Doc::Fluency,
            Doc::Process,
            Doc::SkillAliases,
        ];
        for doc in docs {
            assert!(declared_order(doc.type_name()).is_some_and(|o| !o.is_empty()));
            let schema = doc.schema();
            for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
                if def["properties"].is_object() {
                    assert!(
                        declared_order(name).is_some(),
                        "add `{name}` to declared_order in src/cms/fields.rs"
                    );
                }
            }
        }
    }

    #[test]
    fn data_files_have_shapes() {
        let aliases = Doc::SkillAliases.fields();
        assert_eq!(aliases[0].shape, Shape::FreeMap { strings: true });
        assert_eq!(
            Doc::of_path("content/_data/process.yaml"),
            Some(Doc::Process)
        );
        assert_eq!(
            Doc::of_path("content/roles/a.md"),
            Some(Doc::Content(Kind::Role))
        );
        assert_eq!(Doc::of_path("content/roles/notes.txt"), None);
        assert_eq!(Doc::of_path("content/_data/other.yaml"), None);
    }
}
