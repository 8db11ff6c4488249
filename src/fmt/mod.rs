//! `hirepage fmt`: every content file in the one form the Git-based CMS
//! writes, so that a CMS save changes only the lines that were edited.
//!
//! The canonical form of a file is what Sveltia CMS would write for it
//! (`src/lib/services/contents/draft/save/serialize.js` and
//! `file/format.js` in its source, with the `output` settings that
//! `hirepage cms` puts in `config.yml`):
//!
//! - keys in model order (the order of the collection's fields); keys the
//!   model does not look into (`extra`) come last, sorted the way the CMS
//!   sorts them;
//! - empty optional fields left out (`omit_empty_optional_fields`), and
//!   `draft: false` written out, since the CMS fills in a boolean;
//! - YAML as [`emit`] writes it;
//! - `---`, the YAML, `---`, a blank line, the Markdown body without
//!   trailing blank lines, one final newline.
//!
//! `fmt` never changes meaning: after formatting, it parses the new text and
//! compares it with the old (the typed front matter for content files, the
//! YAML value for data files); a file that would change is left alone and
//! reported. Comments on their own lines before a top-level field, and at
//! the end of a top-level field's line, are kept (the CMS drops every
//! comment on save); other comments are dropped, and `fmt` says so.

pub(crate) mod emit;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::cms::fields::{Doc, Field, Shape, TextKind, text_kind};
use crate::content::front_matter;
use crate::content::model::{
    CombinationFront, HomeFront, LocationFront, PageFront, RoleFront, SkillFront,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::Kind;
use crate::yaml::{self, YamlSource};

/// What formatting one file gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Formatted {
    /// The canonical text.
    pub text: String,
    /// Comments that have no place in the canonical form, as notes.
    pub dropped: Vec<Diagnostic>,
}

/// What `fmt` did to a site.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose text is not (or was not) canonical, relative to the root.
    pub changed: Vec<PathBuf>,
    /// Files already canonical.
    pub unchanged: usize,
    /// Errors (files left alone) and notes (dropped comments).
    pub diagnostics: Diagnostics,
}

/// Formats every content file under `root`; with `write`, writes the
/// changed ones (atomically: a temporary file, then a rename).
pub fn run(root: &Path, write: bool) -> Report {
    let mut report = Report::default();
    for file in files(root) {
        let text = match crate::files::read_text(root, &file) {
            Ok(text) => text,
            Err(d) => {
                report.diagnostics.push(d);
                continue;
            }
        };
        let Some(doc) = file.to_str().and_then(Doc::of_path) else {
            continue;
        };
        match format(&file, doc, &text) {
            Ok(formatted) => {
                report.diagnostics.extend(formatted.dropped);
                if formatted.text == text {
                    report.unchanged += 1;
                    continue;
                }
                if write && let Err(d) = write_atomic(root, &file, &formatted.text) {
                    report.diagnostics.push(d);
                    continue;
                }
                report.changed.push(file);
            }
            Err(d) => report.diagnostics.push(d),
        }
    }
    report.diagnostics.sort();
    report
}

/// The files `fmt` formats, relative to `root`, sorted.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let home = PathBuf::from("content/_index.md");
    if root.join(&home).is_file() {
        files.push(home);
    }
    // The home page's translations (`_index.es.md`).
    if let Ok(entries) = std::fs::read_dir(root.join(crate::content::CONTENT_DIR)) {
        let mut homes: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .map(|n| Path::new(crate::content::CONTENT_DIR).join(n))
            .filter(|p| {
                crate::content::translation::split_language(p)
                    .is_some_and(|(original, _)| original == Path::new("content/_index.md"))
            })
            .collect();
        homes.sort();
        files.extend(homes);
    }
    let mut folders: Vec<PathBuf> = ["content/pages", "content/roles", "content/skills"]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    // Locations, then the copy of their combinations, folder by folder.
    let locations = Path::new("content/locations");
    if let Ok(entries) = std::fs::read_dir(root.join(locations)) {
        let mut subfolders: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.'))
            .map(|n| locations.join(n))
            .collect();
        subfolders.sort();
        folders.push(locations.to_path_buf());
        folders.extend(subfolders);
    }
    for folder in &folders {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".md") && !n.starts_with('.'))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| folder.join(n)));
    }
    for doc in Doc::DATA {
        let file = PathBuf::from(doc.data_file().unwrap_or_default());
        if root.join(&file).is_file() {
            files.push(file);
        }
    }
    files
}

fn write_atomic(root: &Path, file: &Path, text: &str) -> Result<(), Diagnostic> {
    crate::files::rewrite_text(&root.join(file), text).map_err(|e| {
        Diagnostic::error("io", file, format!("cannot write the file: {e}"))
            .with_hint("check that the folder is writable")
    })
}

/// The canonical text of one file, or why it cannot be given one.
pub(crate) fn format(file: &Path, doc: Doc, text: &str) -> Result<Formatted, Diagnostic> {
    let text = text.replace("\r\n", "\n");
    match doc {
        Doc::Content(kind) => format_content(file, kind, &text),
        _ => format_data(file, doc, &text),
    }
}

fn format_content(file: &Path, kind: Kind, text: &str) -> Result<Formatted, Diagnostic> {
    // The CMS trims the whole file before reading it.
    let split = front_matter::split(file, text.trim_start())?;
    let source = YamlSource {
        file,
        text: split.yaml,
        first_line: split.yaml_first_line,
        has_extra: true,
    };
    let value: Value = yaml::parse(source)?;
    // The typed front matter is what the build reads: it must not change,
    // except for what the CMS trims from Markdown fields, which renders the
    // same (see [`trim_markdown`]).
    let fields = Doc::Content(kind).fields();
    let trimmed = trim_markdown(&value, &fields);
    // A translation sets only some fields (it inherits the others): it
    // must keep the same values, as no typed front matter can say alone.
    let translation = crate::content::translation::split_language(file).is_some();
    let same = |yaml_text: &str| match kind {
        _ if translation => serde_yaml::from_str::<Value>(yaml_text)
            .ok()
            .filter(|back| same_value(back, &trimmed))
            .map(drop)
            .ok_or_else(|| meaning_changed(file)),
        Kind::Role => same_as::<RoleFront>(source, &trimmed, yaml_text),
        Kind::Skill => same_as::<SkillFront>(source, &trimmed, yaml_text),
        Kind::Page => same_as::<PageFront>(source, &trimmed, yaml_text),
        Kind::Home => same_as::<HomeFront>(source, &trimmed, yaml_text),
        Kind::Location => same_as::<LocationFront>(source, &trimmed, yaml_text),
        Kind::Combination => same_as::<CombinationFront>(source, &trimmed, yaml_text),
    };
    // A file the build cannot read is reported as the build reports it
    // (a translation, once laid over its original, by the build only).
    match kind {
        _ if translation => Ok(()),
        Kind::Role => yaml::parse::<RoleFront>(source).map(drop),
        Kind::Skill => yaml::parse::<SkillFront>(source).map(drop),
        Kind::Page => yaml::parse::<PageFront>(source).map(drop),
        Kind::Home => yaml::parse::<HomeFront>(source).map(drop),
        Kind::Location => yaml::parse::<LocationFront>(source).map(drop),
        Kind::Combination => yaml::parse::<CombinationFront>(source).map(drop),
    }?;
    let comments = Comments::scan(split.yaml, split.yaml_first_line, file);
    let mut head = None;
    // Leaving out empty optional fields is what the CMS does; where that
    // would change what the build reads (`slug: ""` is not "no slug"), keep
    // them.
    for drop_empty in [true, false] {
        let canonical = canonical(&trimmed, &fields, drop_empty);
        let yaml_text = comments
            .render(&canonical)
            .map_err(|e| unsupported(file, e))?;
        if same(&format!("{yaml_text}\n")).is_ok() {
            head = Some(yaml_text);
            break;
        }
    }
    let Some(head) = head else {
        return Err(meaning_changed(file));
    };
    // `---`, YAML, `---`, then a blank line and the body, which the CMS
    // trims; fmt trims only its blank lines, since leading spaces can make
    // an indented code block.
    let body = trim_markdown_text(split.body);
    let mut out = format!("---\n{head}\n---\n");
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    Ok(Formatted {
        text: out,
        dropped: comments.dropped,
    })
}

fn format_data(file: &Path, doc: Doc, text: &str) -> Result<Formatted, Diagnostic> {
    let source = YamlSource {
        file,
        text,
        first_line: 1,
        has_extra: false,
    };
    let value: Value = yaml::parse(source)?;
    // Templates see the data as written: keep every value, even empty ones.
    let canonical = canonical(&value, &doc.fields(), false);
    if canonical != value {
        return Err(meaning_changed(file));
    }
    let comments = Comments::scan(text, 1, file);
    let out = comments
        .render(&canonical)
        .map_err(|e| unsupported(file, e))?;
    let back: Value = serde_yaml::from_str(&out).map_err(|_| meaning_changed(file))?;
    if !same_value(&back, &value) {
        return Err(meaning_changed(file));
    }
    Ok(Formatted {
        text: format!("{out}\n"),
        dropped: comments.dropped,
    })
}

/// Whether two values hold the same data, keys in any order.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_value(v, w))
        }
        _ => a == b,
    }
}

/// Checks that `yaml_text` reads as the same typed front matter as
/// `reference` (the original with its Markdown trimmed).
fn same_as<T: DeserializeOwned + PartialEq>(
    source: YamlSource<'_>,
    reference: &Value,
    yaml_text: &str,
) -> Result<(), Diagnostic> {
    let original: T =
        serde_yaml::from_value(reference.clone()).map_err(|_| meaning_changed(source.file))?;
    let new: T = serde_yaml::from_str(yaml_text).map_err(|_| meaning_changed(source.file))?;
    if original == new {
        Ok(())
    } else {
        Err(meaning_changed(source.file))
    }
}

fn meaning_changed(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "fmt-changes-meaning",
        file,
        "fmt cannot write this file in the canonical form without changing what it says; it was left as it is",
    )
    .with_hint("this is a bug in hirepage: please report it with the file")
}

fn unsupported(file: &Path, e: emit::Unsupported) -> Diagnostic {
    Diagnostic::error(
        "fmt-unsupported",
        file,
        format!("{}; the file was left as it is", e.0),
    )
    .with_hint("write the value without a YAML tag (`!…`), as plain text, a number or a list")
}

/// The CMS trims every text it saves (`normalizeFieldValue` in
/// `draft/save/changes.js`). For Markdown fields fmt does the same where
/// it renders the same HTML: blank lines before and whitespace after the
/// text (an answer written as a `|` block ends with a newline, which the
/// CMS would drop on the next save). Other text is left as it is, since a
/// space at the end of a title would show in the page.
fn trim_markdown(value: &Value, fields: &[Field]) -> Value {
    let Value::Mapping(map) = value else {
        return value.clone();
    };
    let mut out = map.clone();
    for field in fields {
        let key = Value::String(field.name.clone());
        if let Some(v) = out.get_mut(&key) {
            *v = trim_shape(v, &field.name, &field.shape);
        }
    }
    Value::Mapping(out)
}

fn trim_shape(value: &Value, name: &str, shape: &Shape) -> Value {
    match (shape, value) {
        (Shape::String, Value::String(s)) if text_kind(name) == TextKind::Markdown => {
            Value::String(trim_markdown_text(s).to_string())
        }
        (Shape::Object(fields), Value::Mapping(_)) => trim_markdown(value, fields),
        (Shape::List(item), Value::Sequence(items)) => {
            Value::Sequence(items.iter().map(|v| trim_shape(v, name, item)).collect())
        }
        _ => value.clone(),
    }
}

/// Markdown without its leading blank lines and trailing whitespace.
fn trim_markdown_text(text: &str) -> &str {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() || !line.ends_with('\n') {
            break;
        }
        start += line.len();
    }
    text[start..].trim_end()
}

/// Whether the CMS counts a value as empty (`isValueEmpty`).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Sequence(s) => s.is_empty(),
        Value::Mapping(m) => m.is_empty(),
        _ => false,
    }
}

/// Whether the CMS config gives this field a widget; `extra` has none (no
/// widget edits a free nested map), so the CMS keeps it as it found it,
/// after the fields, with its keys sorted.
pub(crate) fn has_widget(field: &Field) -> bool {
    !matches!(field.shape, Shape::FreeMap { strings: false })
}

/// `value` rearranged in the CMS's order. With `drop_empty`, empty optional
/// fields are left out, as the CMS does.
fn canonical(value: &Value, fields: &[Field], drop_empty: bool) -> Value {
    let Value::Mapping(map) = value else {
        return value.clone();
    };
    let mut out = Mapping::new();
    let mut rest = map.clone();
    for field in fields.iter().filter(|f| has_widget(f)) {
        let key = Value::String(field.name.clone());
        match rest.shift_remove(&key) {
            Some(v) => {
                let v = canonical_shape(&v, &field.shape, drop_empty);
                if drop_empty && !field.required && is_empty(&v) {
                    continue;
                }
                out.insert(key, v);
            }
            // The CMS fills in a boolean it does not find, with `false`.
            None if drop_empty && field.shape == Shape::Boolean => {
                out.insert(key, Value::Bool(false));
            }
            None => {}
        }
    }
    // What no widget owns comes last, in the CMS's sorted order.
    let rest_value = Value::Mapping(rest);
    let mut paths = Vec::new();
    flatten(&rest_value, &mut paths);
    paths.sort_by(|a, b| collate(&a.0, &b.0));
    for (path, leaf) in paths {
        insert_path(&mut out, &path, leaf);
    }
    Value::Mapping(out)
}

fn canonical_shape(value: &Value, shape: &Shape, drop_empty: bool) -> Value {
    match (shape, value) {
        (Shape::Object(fields), Value::Mapping(_)) => canonical(value, fields, drop_empty),
        (Shape::List(item), Value::Sequence(items)) => Value::Sequence(
            items
                .iter()
                .map(|v| canonical_shape(v, item, drop_empty))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// The key paths of a value as the `flat` npm package writes them
/// (`extra.pitch.points.0`), each with its leaf; empty maps and lists are
/// leaves.
fn flatten(value: &Value, out: &mut Vec<(Vec<PathKey>, Value)>) {
    fn walk(value: &Value, path: Vec<PathKey>, out: &mut Vec<(Vec<PathKey>, Value)>) {
        match value {
            Value::Mapping(m) if !m.is_empty() => {
                for (k, v) in m {
                    let mut p = path.clone();
                    p.push(PathKey::Key(k.clone()));
                    walk(v, p, out);
                }
            }
            Value::Sequence(s) if !s.is_empty() => {
                for (i, v) in s.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(PathKey::Index(i));
                    walk(v, p, out);
                }
            }
            _ => out.push((path, value.clone())),
        }
    }
    if let Value::Mapping(m) = value {
        for (k, v) in m {
            walk(v, vec![PathKey::Key(k.clone())], out);
        }
    }
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq)]
enum PathKey {
    Key(Value),
    Index(usize),
}

impl PathKey {
    fn text(&self) -> String {
        match self {
            PathKey::Key(Value::String(s)) => s.clone(),
            PathKey::Key(other) => serde_yaml::to_string(other)
                .map(|s| s.trim_end().to_string())
                .unwrap_or_default(),
            PathKey::Index(i) => i.to_string(),
        }
    }
}

/// Compares two key paths as the CMS's `compare` does: an
/// `Intl.Collator` with `numeric: true, sensitivity: 'base'` on the dotted
/// path, so case is ignored, digit runs compare as numbers and punctuation
/// sorts before digits and letters.
fn collate(a: &[PathKey], b: &[PathKey]) -> Ordering {
    let join = |p: &[PathKey]| p.iter().map(PathKey::text).collect::<Vec<_>>().join(".");
    collate_text(&join(a), &join(b))
}

fn collate_text(a: &str, b: &str) -> Ordering {
    /// Primary weights: punctuation in the order of Unicode's default
    /// collation, then numbers by value, then letters without case.
    #[derive(PartialEq, PartialOrd)]
    enum Token {
        Space,
        Punct(usize),
        Number(u128, usize),
        Letter(char),
    }
    const PUNCTUATION: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    fn tokens(s: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let run: String = chars[start..i].iter().collect();
                let digits = run.trim_start_matches('0');
                out.push(Token::Number(
                    digits.parse().unwrap_or(u128::MAX),
                    digits.len(),
                ));
                continue;
            }
            out.push(if c.is_whitespace() {
                Token::Space
            } else if let Some(p) = PUNCTUATION.find(c) {
                Token::Punct(p)
            } else {
                Token::Letter(c.to_lowercase().next().unwrap_or(c))
            });
            i += 1;
        }
        out
    }
    let (ta, tb) = (tokens(a), tokens(b));
    for (x, y) in ta.iter().zip(&tb) {
        match x.partial_cmp(y) {
            Some(Ordering::Equal) | None => {}
            Some(o) => return o,
        }
    }
    ta.len().cmp(&tb.len())
}

/// Puts `leaf` at `path` in `map`, creating maps and lists on the way (the
/// `flat` package's `unflatten`: a numeric step makes a list).
fn insert_path(map: &mut Mapping, path: &[PathKey], leaf: Value) {
    fn put(slot: &mut Value, path: &[PathKey], leaf: Value) {
        let Some((first, rest)) = path.split_first() else {
            *slot = leaf;
            return;
        };
        match first {
            PathKey::Index(i) => {
                if !slot.is_sequence() {
                    *slot = Value::Sequence(Vec::new());
                }
                if let Value::Sequence(items) = slot {
                    while items.len() <= *i {
                        items.push(Value::Null);
                    }
                    put(&mut items[*i], rest, leaf);
                }
            }
            PathKey::Key(k) => {
                if !slot.is_mapping() {
                    *slot = Value::Mapping(Mapping::new());
                }
                if let Value::Mapping(m) = slot {
                    let entry = m.entry(k.clone()).or_insert(Value::Null);
                    put(entry, rest, leaf);
                }
            }
        }
    }
    let mut root = Value::Mapping(std::mem::take(map));
    put(&mut root, path, leaf);
    if let Value::Mapping(m) = root {
        *map = m;
    }
}

/// The comments of a YAML text that the canonical form can keep: blocks of
/// whole-line comments before a top-level key (or at the end), and a comment
/// at the end of a top-level key's line.
#[derive(Debug, Default)]
struct Comments {
    /// Top-level key -> the comment lines before it.
    before: Vec<(String, Vec<String>)>,
    /// Top-level key -> the comment at the end of its line.
    trailing: Vec<(String, String)>,
    /// Whole-line comments after the last key.
    end: Vec<String>,
    /// Comments with no place in the canonical form.
    dropped: Vec<Diagnostic>,
}

impl Comments {
    /// Finds the comments of `yaml`, which starts on line `first_line` of
    /// `file`. A small scanner: it knows block scalars (`|`, `>`) and quoted
    /// text, where a `#` is text, not a comment.
    fn scan(yaml: &str, first_line: usize, file: &Path) -> Comments {
        let mut comments = Comments::default();
        let mut pending: Vec<String> = Vec::new();
        // The column a block scalar's lines must be indented beyond.
        let mut block_parent: Option<usize> = None;
        let mut open_quote: Option<char> = None;
        for (n, line) in yaml.lines().enumerate() {
            let line_no = first_line + n;
            let indent = line.len() - line.trim_start_matches(' ').len();
            let trimmed = line.trim();
            if let Some(parent) = block_parent {
                if trimmed.is_empty() || indent > parent {
                    continue;
                }
                block_parent = None;
            }
            let mut scan_from = 0;
            if let Some(q) = open_quote {
                match quote_end(line, 0, q) {
                    Some(end) => {
                        open_quote = None;
                        scan_from = end;
                    }
                    None => continue,
                }
            }
            if trimmed.is_empty() {
                continue;
            }
            if scan_from == 0 && trimmed.starts_with('#') {
                if indent == 0 {
                    pending.push(line.to_string());
                } else {
                    comments.dropped.push(dropped(file, line_no, indent));
                }
                continue;
            }
            // Find a comment at the end of the line, outside quotes.
            let (code, comment, quote) = split_comment(line, scan_from);
            open_quote = quote;
            let top_key = (indent == 0 && scan_from == 0)
                .then(|| top_level_key(line))
                .flatten();
            if let Some(key) = &top_key
                && !pending.is_empty()
            {
                comments
                    .before
                    .push((key.clone(), std::mem::take(&mut pending)));
            }
            if let Some(comment) = comment {
                match &top_key {
                    Some(key) => comments.trailing.push((key.clone(), comment)),
                    None => comments
                        .dropped
                        .push(dropped(file, line_no, code.len() + 1)),
                }
            }
            if open_quote.is_none() && starts_block_scalar(&code) {
                block_parent = Some(block_parent_column(&code));
            }
        }
        comments.end = pending;
        comments
    }

    /// The YAML text of `value` with the comments put back.
    fn render(&self, value: &Value) -> Result<String, emit::Unsupported> {
        let Value::Mapping(map) = value else {
            return emit::document(value);
        };
        let mut out = Vec::new();
        let mut placed_before = Vec::new();
        for (key, v) in map {
            let mut one = Mapping::new();
            one.insert(key.clone(), v.clone());
            let mut text = emit::document(&Value::Mapping(one))?;
            let name = key.as_str().unwrap_or_default();
            if let Some((_, lines)) = self.before.iter().find(|(k, _)| k == name) {
                out.extend(lines.iter().cloned());
                placed_before.push(name.to_string());
            }
            if let Some((_, comment)) = self.trailing.iter().find(|(k, _)| k == name) {
                let first_line_end = text.find('\n').unwrap_or(text.len());
                let first = &text[..first_line_end];
                // Only where the comment cannot fall inside a quoted text.
                let safe =
                    !first.contains('\'') && !first.contains('"') || first_line_end == text.len();
                if safe {
                    text.insert_str(first_line_end, &format!(" {comment}"));
                } else {
                    out.push(comment.clone());
                }
            }
            out.push(text);
        }
        // Comments before keys that are gone go at the end, not lost.
        for (key, lines) in &self.before {
            if !placed_before.contains(key) {
                out.extend(lines.iter().cloned());
            }
        }
        out.extend(self.end.iter().cloned());
        Ok(out.join("\n"))
    }
}

fn dropped(file: &Path, line: usize, column: usize) -> Diagnostic {
    Diagnostic::warning(
        "fmt-dropped-comment",
        file,
        "fmt dropped this comment: inside a nested value, a comment has no place in the form the CMS writes",
    )
    .at(line, column)
    .with_hint("move it onto its own line before the top-level field, or into the Markdown body as <!-- … -->")
}

/// Where a quoted text opened with `quote` ends in `line`, searching from
/// `from`: the byte offset after the closing quote.
fn quote_end(line: &str, from: usize, quote: char) -> Option<usize> {
    let bytes = line.as_bytes();
    let q = quote as u8;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if q == b'"' && b == b'\\' {
            i += 2;
            continue;
        }
        if b == q {
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Splits a line into its code and its end-of-line comment (with `#`);
/// also says which quote is still open at the end of the line.
fn split_comment(line: &str, from: usize) -> (String, Option<String>, Option<char>) {
    let bytes = line.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        // `i` is at a quote, an ASCII byte, so slicing there is safe.
        let at_value_start = || {
            line[..i]
                .trim_end()
                .chars()
                .last()
                .is_none_or(|c| matches!(c, ':' | '-' | '[' | '{' | ',' | '?'))
        };
        if (b == b'\'' || b == b'"') && at_value_start() {
            match quote_end(line, i + 1, b as char) {
                Some(end) => {
                    i = end;
                    continue;
                }
                None => return (line.to_string(), None, Some(b as char)),
            }
        }
        if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
            return (
                line[..i].trim_end().to_string(),
                Some(line[i..].trim_end().to_string()),
                None,
            );
        }
        i += 1;
    }
    (line.to_string(), None, None)
}

/// The key of a top-level `key: …` line, if it is one.
fn top_level_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if " -#?'\"[{".contains(first) {
        return None;
    }
    let colon = line.find(':')?;
    let after = line[colon + 1..].chars().next();
    after
        .is_none_or(|c| c == ' ' || c == '\t')
        .then(|| line[..colon].trim().to_string())
}

/// Whether a line (without its comment) ends with a block scalar header.
fn starts_block_scalar(code: &str) -> bool {
    let code = code.trim_end();
    let header = code.trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
    let Some(before) = header
        .strip_suffix('|')
        .or_else(|| header.strip_suffix('>'))
    else {
        return false;
    };
    let before = before.trim_end();
    before.is_empty() || before.ends_with(':') || before.ends_with('-')
}

/// The column that a block scalar's lines must be indented beyond: the
/// column of the key it belongs to, or of the `-` of a list item.
fn block_parent_column(code: &str) -> usize {
    let indent = code.len() - code.trim_start().len();
    let mut column = indent;
    let mut rest = &code[indent..];
    while let Some(r) = rest.strip_prefix("- ") {
        let spaces = r.len() - r.trim_start().len();
        if r.trim_start().starts_with(['|', '>']) {
            return column;
        }
        column += 2 + spaces;
        rest = r.trim_start();
    }
    column
}

#[cfg(test)]
mod tests;
