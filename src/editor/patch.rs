//! Writing the editor's form back into a front matter, changing only what
//! was edited.
//!
//! The editor sends the whole front matter as JSON; [`apply`] lays it over
//! the text of the file the way Lektor's admin lays edited fields over a
//! record (see `STYLE.md`, "Edits that keep the file"): every value that
//! did not change keeps its bytes, with its comments, blank lines, key
//! order and quoting, and a save with no change writes the same bytes.
//! Decap and Sveltia re-serialise the whole file on save and lose all of
//! that.
//!
//! # How
//!
//! 1. serde_yaml reads the old text (what the build reads), and [`scan`]
//!    finds where each value is: a tree of byte spans by indentation. The
//!    two must agree on every mapping and sequence, or the text is not
//!    patched in place (step 4).
//! 2. The new JSON is compared with the old value node by node. An equal
//!    value keeps its bytes. Two mappings: each changed entry is patched in
//!    place, a removed entry's lines go, and a new key goes after the last
//!    key before it in the model's field order (at every level:
//!    `Shape::Object` and the items of a `Shape::List` of objects), at its
//!    siblings' indentation. Two sequences: items equal in both keep their
//!    bytes (a longest common subsequence); an item that only moved is
//!    moved with its bytes; the rest are paired, in order, by how many
//!    fields they share, and patched; what is left is inserted or deleted.
//!    Anything else (a changed scalar, a scalar become a list…) is written
//!    anew with [`crate::fmt::emit`], the form the Git CMS writes, so a
//!    multi-line text is a `|` block at the right indentation and a text
//!    that reads as another type (`'2024'`, `'true'`) is quoted. A changed
//!    text that was in quotes keeps its kind of quotes when they can hold
//!    it, a comment after a value stays after it, and a flow list
//!    (`[Go, Rust]`) of texts stays a flow list.
//! 3. The result is read back and compared with the JSON. If it differs
//!    (a case the patcher gets wrong: none in the tests), the changed
//!    top-level entries are written anew whole, and read back again.
//! 4. As a last resort the whole front matter is written anew with
//!    [`crate::fmt::emit::document`], keys in the file's order and new ones
//!    in model order; comments are lost then. It is only reached for YAML
//!    the scanner does not read (complex `?` keys, an anchor on a key…)
//!    and never for the site's content files. What [`apply`] returns always
//!    reads back as the JSON it was given, or it is an error.
//!
//! # What a round trip cannot keep
//!
//! Anchors (`&a`), aliases (`*a`), tags (`!t`) and `<<` merge keys have no
//! JSON form: [`frozen`] lists their field paths so the form shows them
//! read-only, and [`apply`] refuses to change one. It may still move or
//! delete them with their bytes (an item removed from a list), as long as
//! the result reads back as the JSON; when it does not (a removed anchor
//! that an alias needs), the error says so. Numbers JSON cannot hold
//! (`.inf`, `.nan`, shown as `null`) and maps whose keys collide once
//! turned into JSON text (`1:` and `'1':`) are frozen too.
//!
//! # JSON
//!
//! [`to_json`] reads values as serde_yaml does: `weight: 10` is `10`,
//! `1.5` is `1.5`, `2026-03-01` is the text `"2026-03-01"` (serde_yaml has
//! no date type), non-text keys become text (`1:` is `"1"`), and a tagged
//! value is `{"!tag": value}`. Numbers are compared by value, so `1` from
//! the browser (JavaScript writes `1.0` as `1`) leaves `1.0` as it is.
//! serde_json is built without `preserve_order`, so a `serde_json::Value`
//! keeps its keys sorted: [`to_json_text`] writes the same JSON with keys
//! in file order, for the API's `fields`.
//!
//! # Line endings
//!
//! The text is handled as bytes: a file with CRLF line endings keeps them,
//! and the lines the patcher writes get the line ending of the file's first
//! line. A byte order mark is not the patcher's business: the file's
//! front matter starts after it.

mod scan;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

use crate::cms::fields::{Field, Shape};
use crate::fmt::emit;
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

/// The front matter text after an edit.
///
/// `old` is the YAML between the `---` lines, as in the file; `new` the
/// whole front matter as the editor sends it (keys it leaves out are
/// removed); `fields` the model's fields of this kind of document, which
/// say where a new key goes. See the module doc for how.
pub(crate) fn apply(old: &str, new: &Json, fields: &[Field]) -> Result<String, PatchError> {
    apply_at(old, new, fields).map(|(text, _)| text)
}

/// How much of the text [`apply`] had to write anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Level {
    /// Nothing changed: the old text.
    Same,
    /// Only what changed (step 2 of the module doc).
    InPlace,
    /// The changed top-level entries whole (step 3).
    Entries,
    /// The whole text (step 4).
    Whole,
}

fn apply_at(old: &str, new: &Json, fields: &[Field]) -> Result<(String, Level), PatchError> {
    let Json::Object(new_map) = new else {
        return Err(PatchError::DraftNotAnObject);
    };
    let (tree, _) = Tree::read(old)?;
    if same(&tree.json, new) {
        return Ok((old.to_string(), Level::Same));
    }
    let root_shape = Shape::Object(fields.to_vec());
    let mut removed = None;
    if tree.clean {
        for (shallow, level) in [(false, Level::InPlace), (true, Level::Entries)] {
            let mut patch = Patch {
                t: &tree.text,
                eol: tree.eol,
                shallow,
                edits: Vec::new(),
                removed_frozen: None,
            };
            match patch.entries(&tree.root, new_map, Some(&root_shape), "", 0) {
                Ok(()) => {}
                Err(Fail::Frozen(path)) => return Err(PatchError::Frozen(path)),
                Err(Fail::Rewrite) => continue,
            }
            removed = removed.or(patch.removed_frozen.take());
            if let Some(text) = patch.finish()
                && reads_as(&text, new)
            {
                return Ok((text, level));
            }
        }
    }
    if let Some(path) = removed {
        return Err(PatchError::FrozenRemoved(path));
    }
    // Writing everything anew would expand aliases and drop anchors.
    if let Some(path) = tree.frozen().into_iter().next() {
        return Err(PatchError::Frozen(path));
    }
    let order = tree.clean.then_some(&tree.root);
    let value = to_yaml(new, order, Some(&root_shape));
    let text = emit::document(&value).map_err(|_| PatchError::Unwritable)?;
    let text = format!("{}{}", text.replace('\n', tree.eol), tree.eol);
    if reads_as(&text, new) {
        Ok((text, Level::Whole))
    } else {
        Err(PatchError::Unwritable)
    }
}

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

/// Whether `text` reads as `new`.
fn reads_as(text: &str, new: &Json) -> bool {
    to_json(text).is_ok_and(|v| same(&v, new))
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

/// The path of the first frozen node at or under `node`.
fn first_frozen(node: &Node, path: &str) -> Option<String> {
    let mut out = Vec::new();
    collect_frozen(node, path, &mut out);
    out.into_iter().next()
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

/// Whether the old value of `node` is `new`.
fn same_node(node: &Node, new: &Json) -> bool {
    match (&node.kind, new) {
        _ if node.frozen => same(&node.old, new),
        (Kind::Map(entries), Json::Object(map)) => {
            entries.len() == map.len()
                && entries
                    .iter()
                    .all(|(k, s)| map.get(k).is_some_and(|v| same_node(&s.value, v)))
        }
        (Kind::Seq(items), Json::Array(array)) => {
            items.len() == array.len()
                && items.iter().zip(array).all(|(s, v)| same_node(&s.value, v))
        }
        (Kind::Map(_) | Kind::Seq(_), _) => false,
        (Kind::Scalar(_), _) => same(&node.old, new),
    }
}

/// Whether two JSON values hold the same data; numbers compare by value
/// (`1` and `1.0` are the same: the browser cannot tell them apart).
fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The fields of an object shape.
fn fields_of(shape: Option<&Shape>) -> Option<&[Field]> {
    match shape {
        Some(Shape::Object(fields)) => Some(fields),
        _ => None,
    }
}

/// The shape of the field `key` of an object shape.
fn field_shape<'s>(shape: Option<&'s Shape>, key: &str) -> Option<&'s Shape> {
    fields_of(shape)?
        .iter()
        .find(|f| f.name == key)
        .map(|f| &f.shape)
}

/// The shape of a list shape's items.
fn item_shape(shape: Option<&Shape>) -> Option<&Shape> {
    match shape {
        Some(Shape::List(item)) => Some(item),
        _ => None,
    }
}

/// The keys of a mapping in the order they are written: `kept` (in file
/// order), with each of `added` after the last key that comes before it in
/// the model's order (first when none does); keys the model does not know
/// go last, sorted. Each key comes with whether it is added.
fn key_order<'k>(
    kept: &[&'k str],
    added: &[&'k str],
    fields: Option<&[Field]>,
) -> Vec<(&'k str, bool)> {
    let index = |key: &str| fields.and_then(|f| f.iter().position(|field| field.name == key));
    let mut out: Vec<(&str, bool)> = kept.iter().map(|k| (*k, false)).collect();
    let mut added = added.to_vec();
    added.sort_by_key(|k| (index(k).is_none(), index(k), *k));
    for key in added {
        match index(key) {
            Some(at) => {
                let before = out
                    .iter()
                    .rposition(|(k, _)| index(k).is_some_and(|i| i < at));
                out.insert(before.map_or(0, |p| p + 1), (key, true));
            }
            None => out.push((key, true)),
        }
    }
    out
}

/// The JSON as a YAML value to write: objects' keys in the order of the
/// `old` node where there is one (file order), new keys in model order.
fn to_yaml(new: &Json, old: Option<&Node>, shape: Option<&Shape>) -> Yaml {
    match new {
        Json::Null => Yaml::Null,
        Json::Bool(b) => Yaml::Bool(*b),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                Yaml::Number(u.into())
            } else if let Some(i) = n.as_i64() {
                Yaml::Number(i.into())
            } else {
                Yaml::Number(n.as_f64().unwrap_or(f64::NAN).into())
            }
        }
        Json::String(s) => Yaml::String(s.clone()),
        Json::Array(items) => {
            let old_items = match old.map(|n| &n.kind) {
                Some(Kind::Seq(items)) => items.as_slice(),
                _ => &[],
            };
            Yaml::Sequence(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| to_yaml(v, old_items.get(i).map(|s| &s.value), item_shape(shape)))
                    .collect(),
            )
        }
        Json::Object(map) => {
            let old_entries = match old.map(|n| &n.kind) {
                Some(Kind::Map(entries)) => entries.as_slice(),
                _ => &[],
            };
            let kept: Vec<&str> = old_entries
                .iter()
                .map(|(k, _)| k.as_str())
                .filter(|k| map.contains_key(*k))
                .collect();
            let added: Vec<&str> = map
                .keys()
                .map(String::as_str)
                .filter(|k| !kept.contains(k))
                .collect();
            let mut out = serde_yaml::Mapping::new();
            for (key, _) in key_order(&kept, &added, fields_of(shape)) {
                let old_child = old_entries
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, s)| &s.value);
                out.insert(
                    Yaml::String(key.to_string()),
                    to_yaml(&map[key], old_child, field_shape(shape, key)),
                );
            }
            Yaml::Mapping(out)
        }
    }
}

/// Why a value could not be patched in place.
enum Fail {
    /// It changes a frozen value (its path): the save is refused.
    Frozen(String),
    /// The edit cannot be made inside this value: write it anew whole.
    Rewrite,
}

/// One replacement of bytes of the old text.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// The edits that turn the old text into the new.
struct Patch<'t, 'a> {
    t: &'t Text<'a>,
    eol: &'static str,
    /// Whether changed top-level values are written anew whole.
    shallow: bool,
    edits: Vec<Edit>,
    /// The first frozen value deleted, for the error if the result does not
    /// read back.
    removed_frozen: Option<String>,
}

impl Patch<'_, '_> {
    fn edit(&mut self, range: Range<usize>, text: String) {
        self.edits.push(Edit { range, text });
    }

    /// Text from [`emit`], with the file's line endings.
    fn lines(&self, text: &str) -> String {
        text.replace('\n', self.eol)
    }

    /// The old text with the edits made, or `None` if two overlap.
    fn finish(mut self) -> Option<String> {
        self.edits.sort_by_key(|e| (e.range.start, e.range.end));
        let text = self.t.text;
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for edit in &self.edits {
            if edit.range.start < at {
                return None;
            }
            out.push_str(&text[at..edit.range.start]);
            out.push_str(&edit.text);
            at = edit.range.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }

    fn note_removed(&mut self, node: &Node, path: &str) {
        if self.removed_frozen.is_none() {
            self.removed_frozen = first_frozen(node, path);
        }
    }

    /// Patches the value of `slot` into `new`.
    fn value(
        &mut self,
        slot: &Slot,
        new: &Json,
        shape: Option<&Shape>,
        path: &str,
        depth: usize,
    ) -> Result<(), Fail> {
        let node = &slot.value;
        if same_node(node, new) {
            return Ok(());
        }
        if node.frozen {
            return Err(Fail::Frozen(path.to_string()));
        }
        let deeper = !self.shallow;
        let mark = (self.edits.len(), self.removed_frozen.clone());
        let tried = match (&node.kind, new) {
            (Kind::Map(entries), Json::Object(map))
                if deeper && !map.is_empty() && !entries.is_empty() =>
            {
                self.entries(node, map, shape, path, depth + 1)
            }
            (Kind::Seq(items), Json::Array(array))
                if deeper && !array.is_empty() && !items.is_empty() =>
            {
                self.items(items, array, shape, path, depth + 1)
            }
            _ => Err(Fail::Rewrite),
        };
        match tried {
            Err(Fail::Rewrite) => {
                self.edits.truncate(mark.0);
                self.removed_frozen = mark.1;
                self.replace(slot, new, shape, path)
            }
            done => done,
        }
    }

    /// Patches a block mapping into `new`, key by key.
    fn entries(
        &mut self,
        node: &Node,
        new: &serde_json::Map<String, Json>,
        shape: Option<&Shape>,
        path: &str,
        depth: usize,
    ) -> Result<(), Fail> {
        let Kind::Map(entries) = &node.kind else {
            return Err(Fail::Rewrite);
        };
        let kept: Vec<bool> = entries.iter().map(|(k, _)| new.contains_key(k)).collect();
        for ((key, slot), keep) in entries.iter().zip(&kept) {
            if *keep {
                self.value(
                    slot,
                    &new[key],
                    field_shape(shape, key),
                    &join(path, key),
                    depth,
                )?;
            }
        }
        let slots: Vec<&Slot> = entries.iter().map(|(_, s)| s).collect();
        let paths: Vec<String> = entries.iter().map(|(k, _)| join(path, k)).collect();
        self.delete(&slots, &kept, &paths)?;
        let added: Vec<&str> = new
            .keys()
            .map(String::as_str)
            .filter(|k| !entries.iter().any(|(e, _)| e == k))
            .collect();
        if added.is_empty() {
            return Ok(());
        }
        let kept_keys: Vec<&str> = entries
            .iter()
            .zip(&kept)
            .filter(|(_, keep)| **keep)
            .map(|((k, _), _)| k.as_str())
            .collect();
        let column = slots.first().map_or(0, |s| s.column);
        let indent = " ".repeat(column);
        let mut groups: Vec<(Option<usize>, Vec<String>)> = Vec::new();
        let mut anchor = None;
        for (key, is_new) in key_order(&kept_keys, &added, fields_of(shape)) {
            if !is_new {
                anchor = entries.iter().position(|(k, _)| k == key);
                continue;
            }
            let value = to_yaml(&new[key], None, field_shape(shape, key));
            let text = emit::entry(key, &value, &indent).map_err(|_| Fail::Rewrite)?;
            match groups.last_mut() {
                Some((a, texts)) if *a == anchor => texts.push(self.lines(&text)),
                _ => groups.push((anchor, vec![self.lines(&text)])),
            }
        }
        if entries.is_empty() {
            // Only the top level can be an empty block mapping: an empty
            // (or all-comment) front matter. New keys go at its end.
            let mut text = String::new();
            let end = self.t.text.len();
            if end > 0 && !self.t.text.ends_with('\n') {
                text.push_str(self.eol);
            }
            for (_, texts) in groups {
                for t in texts {
                    text.push_str(&t);
                    text.push_str(self.eol);
                }
            }
            self.edit(end..end, text);
            return Ok(());
        }
        self.insert(&slots, &kept, groups, column)
    }

    /// Deletes the slots (entries or items) not `kept`.
    fn delete(&mut self, slots: &[&Slot], kept: &[bool], paths: &[String]) -> Result<(), Fail> {
        let mut i = 0;
        while i < slots.len() {
            if kept[i] {
                i += 1;
                continue;
            }
            self.note_removed(&slots[i].value, &paths[i]);
            if slots[i].line_start {
                self.delete_lines(slots[i]);
                i += 1;
                continue;
            }
            // The first entry of `- name: x` (or item of `- - x`) shares its
            // line with the dash: cut up to the next kept one, which moves
            // up after the dash.
            let Some(next) = (i + 1..slots.len()).find(|&j| kept[j]) else {
                return Err(Fail::Rewrite);
            };
            for j in i + 1..next {
                self.note_removed(&slots[j].value, &paths[j]);
            }
            self.edit(slots[i].start..slots[next].start, String::new());
            i = next;
        }
        Ok(())
    }

    /// Deletes the lines of a slot, and a blank line with it where it sat
    /// between two blank lines.
    fn delete_lines(&mut self, slot: &Slot) {
        let t = self.t;
        let (first, last) = (slot.first_line, slot.end_line());
        let mut start = t.lines[first].start;
        let mut end = t.next_start(last);
        if first > 0 && t.blank(first - 1) {
            let mut k = last + 1;
            while k < t.lines.len() && t.blank(k) {
                k += 1;
            }
            if k > last + 1 {
                end = t.next_start(k - 1);
            } else if k == t.lines.len() {
                let mut f = first;
                while f > 0 && t.blank(f - 1) {
                    f -= 1;
                }
                start = t.lines[f].start;
            }
        }
        self.edit(start..end, String::new());
    }

    /// Where text goes after a slot: the end of its last line, and of the
    /// comment lines right after it that are indented into it; when its
    /// last lines are deleted (its last nested entry removed), the end of
    /// the line before them.
    fn after(&self, slot: &Slot) -> Option<usize> {
        let t = self.t;
        let mut last = slot.end_line();
        while last + 1 < t.lines.len() && t.comment(last + 1) && t.indent(last + 1) > slot.column {
            last += 1;
        }
        let mut at = t.end(last);
        while let Some(cut) = self
            .edits
            .iter()
            .find(|e| e.text.is_empty() && e.range.start < at && at < e.range.end)
        {
            let start = cut.range.start;
            let line_start = t.lines[t.line_of(start)].start == start;
            if !line_start || start < self.eol.len() || !t.text[..start].ends_with(self.eol) {
                return None;
            }
            at = start - self.eol.len();
        }
        Some(at)
    }

    /// Inserts groups of new entries or items (each already written for
    /// `column`), each after the slot it follows, or before the first kept
    /// slot.
    fn insert(
        &mut self,
        slots: &[&Slot],
        kept: &[bool],
        groups: Vec<(Option<usize>, Vec<String>)>,
        column: usize,
    ) -> Result<(), Fail> {
        let indent = " ".repeat(column);
        let eol = self.eol;
        for (anchor, texts) in groups {
            match anchor {
                Some(a) => {
                    let at = self.after(slots[a]).ok_or(Fail::Rewrite)?;
                    let text: String = texts.iter().map(|t| format!("{eol}{indent}{t}")).collect();
                    self.edit(at..at, text);
                }
                None => {
                    let first = kept.iter().position(|k| *k).unwrap_or(0);
                    let slot = slots[first];
                    if slot.line_start {
                        let at = self.t.lines[slot.first_line].start;
                        let text: String =
                            texts.iter().map(|t| format!("{indent}{t}{eol}")).collect();
                        self.edit(at..at, text);
                    } else if kept[first] {
                        let text: String =
                            texts.iter().map(|t| format!("{t}{eol}{indent}")).collect();
                        self.edit(slot.start..slot.start, text);
                    } else {
                        return Err(Fail::Rewrite);
                    }
                }
            }
        }
        Ok(())
    }

    /// Patches a block sequence into `new` (see the module doc).
    fn items(
        &mut self,
        items: &[Slot],
        new: &[Json],
        shape: Option<&Shape>,
        path: &str,
        depth: usize,
    ) -> Result<(), Fail> {
        let item_shape = item_shape(shape);
        let old: Vec<&Node> = items.iter().map(|s| &s.value).collect();
        let equal = align(old.len(), new.len(), |i, j| {
            same_node(old[i], &new[j]).then_some(1)
        });
        let mut old_used = vec![false; old.len()];
        let mut new_pair: Vec<Option<usize>> = vec![None; new.len()];
        for &(i, j) in &equal {
            old_used[i] = true;
            new_pair[j] = Some(i);
        }
        // An item that only moved takes its bytes along.
        let mut moved: Vec<Option<usize>> = vec![None; new.len()];
        for j in 0..new.len() {
            if new_pair[j].is_some() {
                continue;
            }
            if let Some(i) = (0..old.len()).find(|&i| !old_used[i] && same_node(old[i], &new[j])) {
                old_used[i] = true;
                moved[j] = Some(i);
            }
        }
        // Between two equal items, pair the rest by what they share.
        let mut bounds: Vec<(usize, usize)> = vec![(0, 0)];
        bounds.extend(equal.iter().map(|&(i, j)| (i + 1, j + 1)));
        let mut ends: Vec<(usize, usize)> = equal.clone();
        ends.push((old.len(), new.len()));
        let mut changed = Vec::new();
        for (&(oi, nj), &(oe, ne)) in bounds.iter().zip(&ends) {
            let olds: Vec<usize> = (oi..oe).filter(|&i| !old_used[i]).collect();
            let news: Vec<usize> = (nj..ne).filter(|&j| moved[j].is_none()).collect();
            let pairs = align(olds.len(), news.len(), |a, b| {
                Some(1 + shared(old[olds[a]], &new[news[b]]))
            });
            for (a, b) in pairs {
                changed.push((olds[a], news[b]));
            }
        }
        for &(i, j) in &changed {
            old_used[i] = true;
            new_pair[j] = Some(i);
        }
        for &(i, j) in &changed {
            self.value(
                &items[i],
                &new[j],
                item_shape,
                &join(path, &i.to_string()),
                depth,
            )?;
        }
        let slots: Vec<&Slot> = items.iter().collect();
        let kept: Vec<bool> = (0..items.len())
            .map(|i| new_pair.contains(&Some(i)))
            .collect();
        let paths: Vec<String> = (0..items.len())
            .map(|i| join(path, &i.to_string()))
            .collect();
        self.delete(&slots, &kept, &paths)?;
        let column = items.first().map_or(0, |s| s.column);
        let indent = " ".repeat(column);
        let mut groups: Vec<(Option<usize>, Vec<String>)> = Vec::new();
        let mut anchor = None;
        for (j, value) in new.iter().enumerate() {
            if let Some(i) = new_pair[j] {
                anchor = Some(i);
                continue;
            }
            let text = match moved[j] {
                Some(i) => self.t.text[items[i].start..self.t.end(items[i].end_line())].to_string(),
                None => {
                    let value = to_yaml(value, None, item_shape);
                    self.lines(&emit::item(&value, &indent).map_err(|_| Fail::Rewrite)?)
                }
            };
            match groups.last_mut() {
                Some((a, texts)) if *a == anchor => texts.push(text),
                _ => groups.push((anchor, vec![text])),
            }
        }
        self.insert(&slots, &kept, groups, column)
    }

    /// Writes the value of `slot` anew.
    fn replace(
        &mut self,
        slot: &Slot,
        new: &Json,
        shape: Option<&Shape>,
        path: &str,
    ) -> Result<(), Fail> {
        let node = &slot.value;
        if let Some(frozen) = first_frozen(node, path) {
            return Err(Fail::Frozen(frozen));
        }
        let t = self.t;
        let value = to_yaml(new, Some(node), shape);
        let child = " ".repeat(slot.column + 2);
        let comment = slot
            .head_tail
            .clone()
            .or_else(|| node.tail.clone())
            .map(|r| &t.text[r]);
        let end = t.end(slot.end_line());
        let collection = match &value {
            Yaml::Mapping(m) => !m.is_empty(),
            Yaml::Sequence(s) => !s.is_empty(),
            _ => false,
        };
        let flow = self.flow_list(node, &value, &child);
        if collection && flow.is_none() {
            let body = self.lines(&emit::value(&value, &child).map_err(|_| Fail::Rewrite)?);
            let text = if slot.item {
                // `- name: x` on the dash's line; a comment has no safe
                // place there.
                format!(" {body}")
            } else {
                format!("{}{}{child}{body}", comment.unwrap_or(""), self.eol)
            };
            self.edit(slot.head..end, text);
            return Ok(());
        }
        let text = match flow {
            Some(text) => text,
            None => {
                self.lines(&scalar(node.kind_style(), &value, &child).map_err(|_| Fail::Rewrite)?)
            }
        };
        let text = with_comment(&text, comment);
        let inline = slot.head_tail.is_none()
            && matches!(node.kind, Kind::Scalar(s) if s != Style::Empty)
            && t.line_of(node.span.start) == slot.first_line;
        if inline && !text.contains('\n') {
            self.edit(node.span.start..end, text);
        } else {
            self.edit(slot.head..end, format!(" {text}"));
        }
        Ok(())
    }

    /// A flow list (`[Go, Rust]`) written again as one, for a list of
    /// single-line texts and numbers that replaces one.
    fn flow_list(&self, node: &Node, value: &Yaml, child: &str) -> Option<String> {
        let Yaml::Sequence(items) = value else {
            return None;
        };
        let was_list = matches!(&node.old, Json::Array(a) if !a.is_empty());
        if node.kind_style() != Some(Style::Flow) || !was_list || items.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for item in items {
            let text = match item {
                Yaml::String(s) => {
                    let text = emit::value(item, child).ok()?;
                    // In a flow list these are indicators; quote them.
                    let quoted = text.starts_with(['\'', '"']);
                    if !quoted && text.contains([',', '[', ']', '{', '}', ':', '#']) {
                        fits_quotes(s).then(|| format!("'{}'", s.replace('\'', "''")))?
                    } else {
                        text
                    }
                }
                Yaml::Number(_) | Yaml::Bool(_) => emit::value(item, child).ok()?,
                _ => return None,
            };
            if text.contains('\n') {
                return None;
            }
            out.push(text);
        }
        Some(format!("[{}]", out.join(", ")))
    }
}

impl Node {
    /// The style of a leaf.
    fn kind_style(&self) -> Option<Style> {
        match self.kind {
            Kind::Scalar(style) => Some(style),
            _ => None,
        }
    }
}

/// The text of a new scalar: in the old text's quotes when it was quoted
/// and they can hold it, else as [`emit`] writes it.
fn scalar(old: Option<Style>, value: &Yaml, child: &str) -> Result<String, emit::Unsupported> {
    match (old, value) {
        (Some(Style::Single), Yaml::String(s)) if fits_quotes(s) => {
            Ok(format!("'{}'", s.replace('\'', "''")))
        }
        // JSON's escapes are YAML's.
        (Some(Style::Double), Yaml::String(s)) if fits_quotes(s) => {
            Ok(Json::String(s.clone()).to_string())
        }
        _ => emit::value(value, child),
    }
}

/// Whether a text fits on one line in quotes: no line break and no
/// control character (which [`emit`] writes escaped).
fn fits_quotes(s: &str) -> bool {
    !s.chars()
        .any(|c| (c < ' ' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c))
}

/// `text` with a comment that followed the old value: after a block
/// scalar's header, else at the end.
fn with_comment(text: &str, comment: Option<&str>) -> String {
    let Some(comment) = comment else {
        return text.to_string();
    };
    if text.starts_with(['|', '>'])
        && let Some(nl) = text.find(['\r', '\n'])
    {
        return format!("{}{comment}{}", &text[..nl], &text[nl..]);
    }
    format!("{text}{comment}")
}

/// How many fields an old mapping and a new object have in common (0 for
/// anything else).
fn shared(old: &Node, new: &Json) -> u64 {
    match (&old.kind, new) {
        (Kind::Map(entries), Json::Object(map)) => entries
            .iter()
            .filter(|(k, s)| map.get(k).is_some_and(|v| same_node(&s.value, v)))
            .count() as u64,
        _ => 0,
    }
}

/// The pairs `(i, j)`, increasing in both, of most total weight, where
/// `weight(i, j)` is `None` for a pair that cannot be made. Ties keep the
/// earlier pairs. Lists too long for the table are paired by index.
fn align(n: usize, m: usize, weight: impl Fn(usize, usize) -> Option<u64>) -> Vec<(usize, usize)> {
    const CELLS: usize = 1 << 20;
    if n.saturating_mul(m) > CELLS {
        return (0..n.min(m))
            .filter(|&i| weight(i, i).is_some())
            .map(|i| (i, i))
            .collect();
    }
    let w = m + 1;
    let mut best = vec![0u64; (n + 1) * w];
    for i in 1..=n {
        for j in 1..=m {
            let mut b = best[(i - 1) * w + j].max(best[i * w + j - 1]);
            if let Some(x) = weight(i - 1, j - 1) {
                b = b.max(best[(i - 1) * w + j - 1] + x);
            }
            best[i * w + j] = b;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let here = best[i * w + j];
        if best[(i - 1) * w + j] == here {
            i -= 1;
        } else if best[i * w + j - 1] == here {
            j -= 1;
        } else {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}
