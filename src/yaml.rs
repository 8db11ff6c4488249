//! YAML into typed structs, with errors a marketer can act on.
//!
//! serde_yaml reports positions relative to the text it was given; front
//! matter starts on line 2 of a Markdown file, so every position is shifted
//! to count lines in the whole file (Zola issue #1133 shows the bug
//! otherwise). Its messages are also rewritten: "unknown field `skils`,
//! expected one of …" becomes "unknown field `skils`" with the hint
//! "did you mean `skills`?".

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, did_you_mean};

/// Where a YAML text sits inside a file.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    /// The file, relative to the site root.
    pub file: &'a Path,
    /// The YAML text.
    pub text: &'a str,
    /// The 1-based line of the file on which `text` starts.
    pub first_line: usize,
    /// Whether unknown keys may go under `extra` (said in the hint).
    pub has_extra: bool,
}

/// Parses `source` into `T`, or explains in one [`Diagnostic`] why it cannot.
///
/// Input nested too deep or with too many aliases is refused first
/// ([`crate::limits::check_yaml`]): the parser's cost grows faster than
/// the text there.
pub fn parse<T: DeserializeOwned>(source: YamlSource<'_>) -> Result<T, Diagnostic> {
    crate::limits::check_yaml(source.file, source.text, source.first_line)?;
    serde_yaml::from_str(source.text).map_err(|e| to_diagnostic(&e, source))
}

/// Reads `value`, parsed from `source` and then changed (a translation
/// with the fields it inherits laid in), into `T`. serde knows no
/// position in a value: an error points at the key of the field at fault
/// in `source`, or at its first line.
pub fn from_value<T: DeserializeOwned>(
    value: serde_yaml::Value,
    source: YamlSource<'_>,
) -> Result<T, Diagnostic> {
    serde_yaml::from_value(value).map_err(|e| {
        let raw = e.to_string();
        let (path, message) = split_path(&raw);
        let diagnostic = explain(path, message, source);
        let field = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .or_else(|| path.and_then(|p| p.split(['.', '[']).next()));
        match field.and_then(|f| crate::diagnostics::key_value_position(source.text, f)) {
            Some((line, column)) => diagnostic.at(source.first_line + line - 1, column),
            None => diagnostic.at_line(source.first_line),
        }
    })
}

/// Refuses a map key that templates cannot read, anywhere in `map` (the
/// `extra` of front matter or `site.yaml`): Tera's values take text,
/// whole-number and true/false keys only, and panicked on a list, a map, a
/// fraction or `null` as a key (`? [a]: b`), found by the fuzzing test of
/// issue 13. `field` names where the map sits.
pub(crate) fn check_map_keys(
    file: &Path,
    field: &str,
    map: &serde_yaml::Mapping,
) -> Result<(), Diagnostic> {
    refuse_key(file, field, first_bad_key(map))
}

/// [`check_map_keys`] for a whole YAML value (a `_data` file).
pub(crate) fn check_value_keys(
    file: &Path,
    field: &str,
    value: &serde_yaml::Value,
) -> Result<(), Diagnostic> {
    refuse_key(file, field, bad_key_below(value))
}

fn refuse_key(file: &Path, field: &str, problem: Option<&str>) -> Result<(), Diagnostic> {
    match problem {
        None => Ok(()),
        Some(key) => Err(Diagnostic::error(
            "invalid-key",
            file,
            format!("a key in {field} is {key}; templates can read only text keys"),
        )
        .with_hint("write the key as text, in quotes if needed, such as `\"1.5\": …`")),
    }
}

/// What the first unusable key in `map` or below is ("a list", "a map"…).
fn first_bad_key(map: &serde_yaml::Mapping) -> Option<&'static str> {
    map.iter()
        .find_map(|(key, value)| key_problem(key).or_else(|| bad_key_below(value)))
}

fn bad_key_below(value: &serde_yaml::Value) -> Option<&'static str> {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => first_bad_key(map),
        Value::Sequence(items) => items.iter().find_map(bad_key_below),
        Value::Tagged(tagged) => bad_key_below(&tagged.value),
        _ => None,
    }
}

fn key_problem(key: &serde_yaml::Value) -> Option<&'static str> {
    use serde_yaml::Value;
    match key {
        Value::String(_) | Value::Bool(_) => None,
        Value::Number(n) if n.is_i64() || n.is_u64() => None,
        Value::Number(_) => Some("a number with a fraction"),
        Value::Null => Some("empty (`null` or `~`)"),
        Value::Sequence(_) => Some("a list"),
        Value::Mapping(_) => Some("a map"),
        Value::Tagged(_) => Some("a tagged value (`!tag`)"),
    }
}

fn to_diagnostic(error: &serde_yaml::Error, source: YamlSource<'_>) -> Diagnostic {
    let raw = rewrite_positions(&error.to_string(), source.first_line);
    let (path, message) = split_path(&raw);
    let mut diagnostic = explain(path, message, source);
    if let Some(location) = error.location() {
        diagnostic = diagnostic.at(source.first_line + location.line() - 1, location.column());
        if let Some(key) = duplicate_key(message)
            && let Some((first, second, column)) =
                repeated_key(source.text, location.line(), location.column(), key)
        {
            // serde points at the start of the map; the key to remove is
            // the repeat (issue 13).
            diagnostic = Diagnostic::error(
                "duplicate-key",
                source.file,
                format!("`{key}` is written twice in the same map"),
            )
            .at(source.first_line + second - 1, column)
            .with_hint(format!(
                "keep one of the two: the first `{key}:` is on line {}",
                source.first_line + first - 1
            ));
        }
    } else {
        diagnostic = diagnostic.at_line(source.first_line);
    }
    diagnostic
}

/// The key of a "duplicate field `x`" (typed maps) or "duplicate entry
/// with key \"x\"" (free maps) message.
fn duplicate_key(message: &str) -> Option<&str> {
    if let Some(rest) = message.split("duplicate field `").nth(1) {
        return rest.split('`').next();
    }
    let rest = message.split("duplicate entry with key \"").nth(1)?;
    rest.split('"').next()
}

/// The lines (1-based, in `text`) of the first and second `key:` of the
/// block map whose first key is at `line`, `column`, and the column of the
/// second.
fn repeated_key(
    text: &str,
    line: usize,
    column: usize,
    key: &str,
) -> Option<(usize, usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut seen = None;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let first_line = i + 1 == line;
        let own_indent = l.len() - l.trim_start_matches(' ').len();
        let blank = l.trim().is_empty() || l.trim_start().starts_with('#');
        if !first_line {
            if blank || own_indent > indent {
                continue; // inside a value of this map
            }
            if own_indent < indent {
                return None; // the map ended
            }
        }
        // On its first line the map may follow `- ` of a list item.
        let Some(rest) = l.get(indent..) else {
            continue;
        };
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let is_key = rest.strip_prefix(key).is_some_and(|r| {
            let r = r.strip_prefix(['"', '\'']).unwrap_or(r);
            r.trim_start().starts_with(':')
        });
        if is_key {
            match seen {
                None => seen = Some(i + 1),
                Some(first) => return Some((first, i + 1, column)),
            }
        }
    }
    None
}

/// Turns serde's wording into a message and a hint.
fn explain(path: Option<&str>, message: &str, source: YamlSource<'_>) -> Diagnostic {
    let file = source.file;
    let within = |p: Option<&str>| p.map(|p| format!(" in `{p}`")).unwrap_or_default();

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match did_you_mean(field, allowed.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => {
                let mut hint = format!("allowed fields here: {}", allowed.join(", "));
                if source.has_extra && path.is_none() {
                    hint.push_str("; put your own values under `extra:`");
                }
                hint
            }
        };
        return Diagnostic::error(
            "unknown-field",
            file,
            format!("unknown field `{field}`{}", within(path)),
        )
        .with_hint(hint);
    }

    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(
            "missing-field",
            file,
            format!("missing required field `{field}`{}", within(path)),
        )
        .with_hint(format!("add a line `{field}: …`"));
    }

    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let field = path
            .map(|p| format!("`{p}`"))
            .unwrap_or_else(|| "the front matter".into());
        let hint = match expected {
            e if e.contains("sequence") => {
                "write a list: one `- item` per line, or `[a, b, c]`".to_string()
            }
            e if e.contains("map") || e.starts_with("struct") => {
                "write a map: `key: value` lines indented under the field".to_string()
            }
            e if e.contains("string") => {
                "write text, in quotes if it contains `:` or `#`".to_string()
            }
            e if e.contains("bool") => "write `true` or `false`".to_string(),
            e if e.contains("integer") || e.contains("i64") || e.contains("u32") => {
                "write a whole number, such as `10`".to_string()
            }
            _ => format!("expected {expected}"),
        };
        return Diagnostic::error(
            "wrong-type",
            file,
            format!("{field} must be {}, not {found}", article(expected)),
        )
        .with_hint(hint);
    }

    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return Diagnostic::error(
            "invalid-value",
            file,
            format!("invalid value{}: {rest}", within(path)),
        );
    }

    // Custom errors from our own `Deserialize` impls (dates) and YAML syntax.
    if let Some(path) = path {
        return Diagnostic::error(
            "invalid-value",
            file,
            format!("invalid `{path}`: {message}"),
        );
    }
    let hint = if message.contains("flow sequence") {
        "a list written `[a, b` must end with `]` on the same line, or be written one `- item` per line"
    } else if message.contains("flow mapping") {
        "a map written `{a: 1` must end with `}`"
    } else if message.contains("mapping values are not allowed") {
        "put text that contains `: ` in quotes, such as `title: \"Hire: now\"`"
    } else if message.contains("cannot start any token") {
        "indent with spaces, not tabs, and quote values that start with `@` or a backtick"
    } else {
        "check the indentation (the fields of one map start in the same column) and quote \
         values that contain `: ` or start with `*`, `&`, `[`, `{`, `@`"
    };
    Diagnostic::error("yaml-syntax", file, message.to_string()).with_hint(hint)
}

/// "a sequence" / "a string" for serde's bare type names.
fn article(expected: &str) -> String {
    let expected = expected.trim();
    let plain = match expected {
        "a sequence" => "a list",
        e if e.starts_with("struct ") => "a map",
        e if e.starts_with("a map") => "a map",
        "a string" => "text",
        "a boolean" => "true or false",
        e if e.starts_with("i64")
            || e.starts_with("u32")
            || e.starts_with("u64")
            || e.starts_with("i32") =>
        {
            "a whole number"
        }
        e => e,
    };
    plain.to_string()
}

/// Splits "candidates[0].name: invalid type: …" into the path and the rest.
fn split_path(message: &str) -> (Option<&str>, &str) {
    // A path has no spaces and ends at the first ": "; plain messages start
    // with words such as "unknown field".
    match message.split_once(": ") {
        Some((head, rest))
            if !head.is_empty()
                && !head.contains(' ')
                && !matches!(head, "invalid type" | "invalid value") =>
        {
            (Some(head), rest)
        }
        _ => (None, message),
    }
}

/// Rewrites libyaml's positions: the first one (where the problem is) is
/// dropped, since the diagnostic carries it; later ones (where the list or
/// map being read started) become lines of the whole file.
fn rewrite_positions(message: &str, first_line: usize) -> String {
    let number = |s: &str| -> (Option<usize>, usize) {
        let len = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (s[..len].parse().ok(), len)
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut first = true;
    loop {
        let next = [" at line ", " at position "]
            .iter()
            .filter_map(|marker| rest.find(marker).map(|i| (i, *marker)))
            .min();
        let Some((i, marker)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        let (line, len) = number(&rest[i + marker.len()..]);
        rest = &rest[i + marker.len() + len..];
        let mut column = None;
        if let Some(after) = rest.strip_prefix(" column ") {
            let (c, len) = number(after);
            column = c;
            rest = &after[len..];
        }
        if !first && let (Some(line), Some(column)) = (line, column) {
            out.push_str(&format!(
                " that starts on line {}, column {column}",
                line + first_line - 1
            ));
        }
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        skills: Vec<String>,
        #[serde(default)]
        people: Vec<Person>,
        #[serde(default)]
        weight: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
    }

    fn parse_doc(text: &str) -> Result<Doc, Diagnostic> {
        parse(YamlSource {
            file: Path::new("content/roles/a.md"),
            text,
            first_line: 2,
            has_extra: true,
        })
    }

    #[test]
    fn unknown_field_suggests_the_close_one_at_the_right_line() {
        let err = parse_doc("title: T\nskils: [a]\n").unwrap_err();
        assert_eq!(err.code, "unknown-field");
        assert_eq!(err.message, "unknown field `skils`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `skills`?"));
        assert_eq!((err.line, err.column), (Some(3), Some(1)));
    }

    #[test]
    fn missing_field_is_named() {
        let err = parse_doc("title: T\n").unwrap_err();
        assert_eq!(err.code, "missing-field");
        assert_eq!(err.message, "missing required field `skills`");
    }

    #[test]
    fn wrong_type_names_the_field_and_the_fix() {
        let err = parse_doc("title: T\nskills: Python\n").unwrap_err();
        assert_eq!(err.code, "wrong-type");
        assert_eq!(
            err.message,
            "`skills` must be a list, not string \"Python\""
        );
        assert_eq!((err.line, err.column), (Some(3), Some(9)));
    }

    #[test]
    fn nested_errors_keep_their_path() {
        let err = parse_doc("title: T\nskills: []\npeople:\n  - nam: x\n").unwrap_err();
        assert_eq!(err.message, "unknown field `nam` in `people[0]`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `name`?"));
        assert_eq!(err.line, Some(5));
    }

    #[test]
    fn syntax_errors_have_positions_without_repeating_them() {
        let err = parse_doc("title: T\nskills: [a\nweight: 1\n").unwrap_err();
        assert_eq!(err.code, "yaml-syntax");
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert!(
            err.message.contains("starts on line 3, column 9"),
            "{}",
            err.message
        );
        assert!(err.line.is_some());
    }

    #[test]
    fn positions_are_dropped_or_moved_to_file_lines() {
        assert_eq!(
            rewrite_positions(
                "did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1",
                2
            ),
            "did not find expected key, while parsing a block mapping that starts on line 2, column 1"
        );
        assert_eq!(rewrite_positions("x at position 12", 2), "x");
    }
}
