//! Writing the editor's form back into a front matter, changing only what
//! was edited. This first part reads: the front matter as the editor's
//! JSON, where each value is, and what a save cannot keep.
//!
//! serde_yaml reads the text (what the build reads), and [`scan`] finds
//! where each value is: a tree of byte spans by indentation. The two must
//! agree on every mapping and sequence.
//!
//! # What a round trip cannot keep
//!
//! Anchors (`&a`), aliases (`*a`), tags (`!t`) and `<<` merge keys have no
//! JSON form: [`frozen`] lists their field paths so the form shows them
//! read-only. Numbers JSON cannot hold (`.inf`, `.nan`, shown as `null`)
//! and maps whose keys collide once turned into JSON text (`1:` and
//! `'1':`) are frozen too.
//!
//! # JSON
//!
//! [`to_json`] reads values as serde_yaml does: `weight: 10` is `10`,
//! `1.5` is `1.5`, `2026-03-01` is the text `"2026-03-01"` (serde_yaml has
//! no date type), non-text keys become text (`1:` is `"1"`), and a tagged
//! value is `{"!tag": value}`. serde_json is built without
//! `preserve_order`, so a `serde_json::Value` keeps its keys sorted:
//! [`to_json_text`] writes the same JSON with keys in file order, for the
//! API's `fields`.

#![expect(
    dead_code,
    reason = "the editor's server, which calls these, and the writer come next"
)]

mod scan;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use scan::{Kind, Node, Scanner, Slot, Style, Text};

/// Why the front matter could not be read or saved, said for a marketer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatchError {
    /// The old text is not YAML (serde_yaml's message).
    Unreadable(String),
    /// The old text is YAML, but not a mapping of fields.
    NotAMapping,
    /// The old text is beyond [`crate::limits`] (its message).
    TooComplex(String),
    /// The draft is not a JSON object.
    DraftNotAnObject,
    /// The draft changes a value the file writes with an anchor, alias,
    /// tag or merge key (its field path).
    Frozen(String),
    /// The draft removes a value that others share (its field path).
    FrozenRemoved(String),
    /// No text that reads as the draft could be written: a bug.
    Unwritable,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchError::Unreadable(e) => write!(
                f,
                "the front matter is not valid YAML ({e}); fix it in a text editor, then reload the page"
            ),
            PatchError::NotAMapping => f.write_str(
                "the front matter is not a list of fields (`name: value` lines); fix it in a text editor, then reload the page",
            ),
            PatchError::TooComplex(e) => write!(f, "{e}; simplify it in a text editor"),
            PatchError::DraftNotAnObject => f.write_str(
                "the editor sent fields that are not an object; this is a bug in hirepage: please report it",
            ),
            PatchError::Frozen(path) => write!(
                f,
                "`{path}` is written with a YAML anchor, alias, tag or merge key (`&`, `*`, `!`, `<<`), which the editor cannot rewrite; change it in a text editor"
            ),
            PatchError::FrozenRemoved(path) => write!(
                f,
                "removing `{path}` would break other fields that share its value through a YAML anchor (`&`); change it in a text editor"
            ),
            PatchError::Unwritable => f.write_str(
                "hirepage could not write this change without changing other fields, so nothing was saved; this is a bug in hirepage: please report it with the file",
            ),
        }
    }
}

impl std::error::Error for PatchError {}

/// The field paths of the values a round trip cannot keep (anchors,
/// aliases, tags, `<<` merge keys, numbers JSON cannot hold), outermost
/// only; empty for a text that does not read.
pub(crate) fn frozen(old: &str) -> Vec<String> {
    Tree::read(old).map(|(t, _)| t.frozen()).unwrap_or_default()
}

/// The field path of the deepest value whose lines include the 1-based
/// `line` of `text`, for putting a diagnostic next to its field; `None`
/// for a line in no value (a blank line, a comment between keys).
///
/// It works on a text with a YAML error too, as far as it can read it.
pub(crate) fn field_at(text: &str, line: usize) -> Option<String> {
    let t = Text::new(text);
    let i = line.checked_sub(1)?;
    if i >= t.lines.len() {
        return None;
    }
    let root = Scanner::new(&t).document();
    let bare = t.blank(i) || t.comment(i);
    deepest(&t, &root, "", i, bare)
}

/// The front matter as the editor's JSON. The keys of a
/// `serde_json::Value` are sorted (no `preserve_order`): for the file's
/// order, see [`to_json_text`].
pub(crate) fn to_json(old: &str) -> Result<Json, PatchError> {
    read(old).map(|v| json_of(&v))
}

/// [`to_json`] as JSON text with every mapping's keys in file order, for
/// the `fields` of `GET /_hirepage/api/file`. serde_json's `Value` cannot
/// hold that order, so the server writes this text into its answer as it
/// is (`{"path":…,"fields":<this>,…}`).
pub(crate) fn to_json_text(old: &str) -> Result<String, PatchError> {
    let value = read(old)?;
    let mut out = String::new();
    write_json(&value, &mut out);
    Ok(out)
}

/// The old text read by serde_yaml; an empty text is an empty mapping.
fn read(text: &str) -> Result<Yaml, PatchError> {
    crate::limits::check_yaml(Path::new("front matter"), text, 1)
        .map_err(|d| PatchError::TooComplex(d.message))?;
    let value: Yaml =
        serde_yaml::from_str(text).map_err(|e| PatchError::Unreadable(e.to_string()))?;
    match value {
        Yaml::Null => Ok(Yaml::Mapping(serde_yaml::Mapping::new())),
        Yaml::Mapping(_) => Ok(value),
        _ => Err(PatchError::NotAMapping),
    }
}

/// The old text, scanned and checked against serde_yaml's reading.
struct Tree<'a> {
    text: Text<'a>,
    /// The whole value, as [`to_json`] gives it.
    json: Json,
    root: Node,
    /// Whether the scan read everything and agrees with serde_yaml.
    clean: bool,
    /// The line ending of the first line.
    eol: &'static str,
    /// The top-level keys, as serde_yaml read them.
    top_keys: Vec<String>,
    /// Whether the text has a character that could start an anchor, alias
    /// or tag, or a merge key.
    suspicious: bool,
}

impl<'a> Tree<'a> {
    fn read(old: &'a str) -> Result<(Tree<'a>, Yaml), PatchError> {
        let value = read(old)?;
        let text = Text::new(old);
        let mut scanner = Scanner::new(&text);
        let mut root = scanner.document();
        let trouble = scanner.trouble.is_some();
        let clean = !trouble && attach(&mut root, &value);
        let eol = match old.find('\n') {
            Some(i) if i > 0 && old.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        let top_keys = match &value {
            Yaml::Mapping(m) => m.keys().map(json_key).collect(),
            _ => Vec::new(),
        };
        let suspicious = old.contains(['&', '*', '!']) || old.contains("<<");
        Ok((
            Tree {
                text,
                json: json_of(&value),
                root,
                clean,
                eol,
                top_keys,
                suspicious,
            },
            value,
        ))
    }

    /// The frozen field paths. Where the scan does not read the text, every
    /// top-level field of a text that may hold an anchor, alias or tag is
    /// frozen: better read-only than rewritten wrong.
    fn frozen(&self) -> Vec<String> {
        if !self.clean {
            return if self.suspicious {
                self.top_keys.clone()
            } else {
                Vec::new()
            };
        }
        let mut out = Vec::new();
        if self.root.frozen {
            return self.top_keys.clone();
        }
        collect_frozen(&self.root, "", &mut out);
        out
    }
}

/// Fills in the `old` value of each leaf and frozen node from serde_yaml's
/// reading (a mapping or sequence is compared through its children, see
/// [`same_node`]), and checks that the scan's mappings and sequences are
/// serde_yaml's.
fn attach(node: &mut Node, value: &Yaml) -> bool {
    if !matches!(node.kind, Kind::Map(_) | Kind::Seq(_)) {
        node.old = json_of(value);
    }
    if let Yaml::Number(n) = value
        && !n.is_i64()
        && !n.is_u64()
        && !n.as_f64().is_some_and(f64::is_finite)
    {
        node.frozen = true;
    }
    if node.frozen {
        node.old = json_of(value);
        return true;
    }
    match (&mut node.kind, value) {
        (Kind::Map(entries), Yaml::Mapping(map)) => {
            if entries.len() != map.len() {
                return false;
            }
            let mut seen = HashSet::new();
            let mut odd_keys = false;
            for ((key, _), k) in entries.iter().zip(map.keys()) {
                if let Yaml::String(s) = k
                    && s != key
                {
                    return false;
                }
                let plain_key = matches!(k, Yaml::String(_) | Yaml::Number(_) | Yaml::Bool(_));
                odd_keys |= !plain_key || !seen.insert(json_key(k));
            }
            if odd_keys {
                node.frozen = true;
                node.old = json_of(value);
                return true;
            }
            entries.iter_mut().zip(map).all(|((key, slot), (k, v))| {
                *key = json_key(k);
                attach(&mut slot.value, v)
            })
        }
        (Kind::Seq(items), Yaml::Sequence(seq)) => {
            items.len() == seq.len()
                && items
                    .iter_mut()
                    .zip(seq)
                    .all(|(slot, v)| attach(&mut slot.value, v))
        }
        (Kind::Scalar(Style::Flow | Style::Alias), _) => true,
        (Kind::Scalar(Style::Empty), Yaml::Null) => true,
        (Kind::Scalar(Style::Plain), v) => !matches!(v, Yaml::Mapping(_) | Yaml::Sequence(_)),
        (Kind::Scalar(Style::Single | Style::Double | Style::Block), Yaml::String(_)) => true,
        _ => false,
    }
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_string()
    } else {
        format!("{path}/{segment}")
    }
}

/// The children of a node, each with its path segment.
fn children(node: &Node) -> Vec<(String, &Slot)> {
    match &node.kind {
        Kind::Map(entries) => entries.iter().map(|(k, s)| (k.clone(), s)).collect(),
        Kind::Seq(items) => items
            .iter()
            .enumerate()
            .map(|(i, s)| (i.to_string(), s))
            .collect(),
        Kind::Scalar(_) => Vec::new(),
    }
}

fn collect_frozen(node: &Node, path: &str, out: &mut Vec<String>) {
    if node.frozen {
        out.push(path.to_string());
        return;
    }
    for (segment, slot) in children(node) {
        collect_frozen(&slot.value, &join(path, &segment), out);
    }
}

/// The field path of the deepest slot under `node` whose lines include
/// line `i`; `bare` when that line is blank or a comment, which counts only
/// inside a scalar (a blank line of a `|` block).
fn deepest(t: &Text<'_>, node: &Node, path: &str, i: usize, bare: bool) -> Option<String> {
    let (segment, slot) = children(node)
        .into_iter()
        .find(|(_, s)| s.first_line <= i && i <= s.end_line())?;
    let path = join(path, &segment);
    if let Some(deeper) = deepest(t, &slot.value, &path, i, bare) {
        return Some(deeper);
    }
    let value = &slot.value;
    let in_scalar = matches!(value.kind, Kind::Scalar(_))
        && t.line_of(value.span.start) <= i
        && i <= value.end_line;
    (!bare || in_scalar).then_some(path)
}

/// A YAML value as the editor's JSON (see the module doc).
fn json_of(value: &Yaml) -> Json {
    match value {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(*b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Json::Null, Json::Number)
            }
        }
        Yaml::String(s) => Json::String(s.clone()),
        Yaml::Sequence(items) => Json::Array(items.iter().map(json_of).collect()),
        Yaml::Mapping(map) => {
            Json::Object(map.iter().map(|(k, v)| (json_key(k), json_of(v))).collect())
        }
        Yaml::Tagged(tagged) => {
            let mut map = serde_json::Map::new();
            map.insert(tagged.tag.to_string(), json_of(&tagged.value));
            Json::Object(map)
        }
    }
}

/// A mapping key as JSON text: as written for text, numbers and booleans;
/// the JSON text of anything else.
fn json_key(key: &Yaml) -> String {
    match key {
        Yaml::String(s) => s.clone(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        Yaml::Tagged(tagged) => tagged.tag.to_string(),
        other => json_of(other).to_string(),
    }
}

/// [`json_of`] written out, mapping keys in file order.
fn write_json(value: &Yaml, out: &mut String) {
    match value {
        Yaml::Sequence(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Yaml::Mapping(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Json::String(json_key(k)).to_string());
                out.push(':');
                write_json(v, out);
            }
            out.push('}');
        }
        Yaml::Tagged(tagged) => {
            out.push('{');
            out.push_str(&Json::String(tagged.tag.to_string()).to_string());
            out.push(':');
            write_json(&tagged.value, out);
            out.push('}');
        }
        leaf => out.push_str(&json_of(leaf).to_string()),
    }
}
