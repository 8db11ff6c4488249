//! YAML text in the exact form the Git-based CMS writes.
//!
//! Sveltia CMS serialises front matter with the `yaml` npm package (2.9.1 in
//! `@sveltia/cms` 0.221.1, `src/lib/services/contents/file/format.js`):
//!
//! ```js
//! stringify(obj, null, { indent: 2, indentSeq: true, lineWidth: 0,
//!   defaultKeyType: 'PLAIN', defaultStringType: 'PLAIN', singleQuote: true }).trim()
//! ```
//!
//! This module ports the parts of that stringifier such a document reaches
//! (`stringify/stringifyString.js`, `stringifyPair.js`,
//! `stringifyCollection.js`, `stringifyNumber.js`), so that a file
//! `hirepage fmt` wrote and the same file saved by the CMS are the same
//! bytes. In short: block collections everywhere except empty ones (`[]`,
//! `{}`), sequences indented under their key, plain scalars where YAML
//! allows them, single quotes otherwise (double quotes when the text holds a
//! `'` and no `"`, or a control character), `|` blocks for multi-line text,
//! and no line folding (`lineWidth: 0`). One deviation: a block whose
//! first line starts with a tab (or is only spaces) gets an indentation
//! indicator (`|2`), which the `yaml` package leaves out but libyaml needs.

use serde_yaml::Value;

/// The indentation step (`indent: 2`).
const STEP: &str = "  ";

/// Why a value has no CMS form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported(pub String);

/// The YAML text of a mapping, without a final newline.
///
/// The CMS trims the text, which is the same except after a last value
/// kept with `|+`, whose final blank lines the trim would lose: those stay.
pub(crate) fn document(value: &Value) -> Result<String, Unsupported> {
    node(value, "", false)
}

/// `key: value` as one entry of a mapping whose keys sit at `indent`
/// (the first line without it, the next ones with it), as [`document`]
/// writes each entry; the editor's patcher adds one entry to a map this way.
pub(crate) fn entry(key: &str, value: &Value, indent: &str) -> Result<String, Unsupported> {
    pair(&Value::String(key.to_string()), value, indent, false)
}

/// `- value` as one item of a sequence whose dashes sit at `indent`.
pub(crate) fn item(value: &Value, indent: &str) -> Result<String, Unsupported> {
    Ok(format!(
        "- {}",
        node(value, &format!("{indent}{STEP}"), false)?
    ))
}

/// A value alone, where its entry's or item's content is indented by
/// `indent` (two spaces past its key or dash): a scalar is the text after
/// `key: `, a collection the lines under it (the first without `indent`).
pub(crate) fn value(value: &Value, indent: &str) -> Result<String, Unsupported> {
    node(value, indent, false)
}

/// One node, at the indentation `indent` of its context (`ctx.indent`).
/// `key` is true for a mapping key (`implicitKey`).
fn node(value: &Value, indent: &str, key: bool) -> Result<String, Unsupported> {
    Ok(match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => string(s, indent, key),
        Value::Sequence(items) => {
            if items.is_empty() {
                return Ok("[]".into());
            }
            let lines = items
                .iter()
                .map(|v| item(v, indent))
                .collect::<Result<Vec<_>, _>>()?;
            lines.join(&format!("\n{indent}"))
        }
        Value::Mapping(map) => {
            if map.is_empty() {
                return Ok("{}".into());
            }
            // A map whose values are all null is written as a set (`? key`).
            let all_null = map.values().all(Value::is_null);
            let lines = map
                .iter()
                .map(|(k, v)| pair(k, v, indent, all_null))
                .collect::<Result<Vec<_>, _>>()?;
            lines.join(&format!("\n{indent}"))
        }
        Value::Tagged(tagged) => {
            return Err(Unsupported(format!(
                "the YAML tag `{}` has no form in the CMS",
                tagged.tag
            )));
        }
    })
}

/// `key: value`, with the value on the next lines when it is a collection.
fn pair(key: &Value, value: &Value, indent: &str, all_null: bool) -> Result<String, Unsupported> {
    let inner = format!("{indent}{STEP}");
    let key_text = match key {
        Value::String(s) => string(s, &inner, true),
        Value::Null | Value::Bool(_) | Value::Number(_) => node(key, &inner, true)?,
        _ => return Err(Unsupported("a map key that is not text".into())),
    };
    if all_null {
        return Ok(format!("? {key_text}"));
    }
    let value_text = node(value, &inner, false)?;
    let non_empty_collection = match value {
        Value::Sequence(s) => !s.is_empty(),
        Value::Mapping(m) => !m.is_empty(),
        _ => false,
    };
    let gap = if non_empty_collection {
        format!("\n{inner}")
    } else {
        " ".to_string()
    };
    Ok(format!("{key_text}:{gap}{value_text}"))
}

/// A number as JavaScript prints it, except that a float with no fraction
/// keeps its `.0`: JavaScript has one number type and would write `1`,
/// which YAML then reads as an integer, a change of meaning `fmt` must not
/// make.
fn number(n: &serde_yaml::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(f64::NAN);
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f < 0.0 { "-.inf" } else { ".inf" }.into()
    } else if f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.1}")
    } else if f.abs() >= 1e21 || f.abs() < 1e-6 {
        // JavaScript switches to exponent notation here, with a sign.
        let text = format!("{f:e}");
        match text.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => text,
        }
    } else {
        f.to_string()
    }
}

/// `stringifyString`: plain when possible, else quoted or a block.
fn string(value: &str, indent: &str, key: bool) -> String {
    if has_control_characters(value) {
        return double_quoted(value, indent, key);
    }
    plain(value, indent, key)
}

fn has_control_characters(value: &str) -> bool {
    value.chars().any(|c| {
        let c = c as u32;
        c <= 0x08 || (0x0b..=0x1f).contains(&c) || (0x7f..=0x9f).contains(&c)
    })
}

/// `containsDocumentMarker`: a line starting with `%`, `---` or `...`.
fn contains_document_marker(value: &str) -> bool {
    value
        .split('\n')
        .any(|l| l.starts_with('%') || l.starts_with("---") || l.starts_with("..."))
}

/// The test of `plainString` for text that cannot be written plain.
fn needs_quotes(value: &str) -> bool {
    let first = value.chars().next();
    let last = value.chars().last();
    let starts_with_indicator = first.is_some_and(|c| "\n\t ,[]{}#&*!|>'\"%@`".contains(c));
    let lone_indicator = value == "?" || value == "-";
    let indicator_then_space = ["? ", "?\t", "- ", "-\t"]
        .iter()
        .any(|p| value.starts_with(p));
    let inner = [
        ": ", ":\t", "\n ", "\n\t", " \n", "\t\n", "\n#", "\t#", " #",
    ]
    .iter()
    .any(|p| value.contains(p));
    let ends_badly = last.is_some_and(|c| "\n\t :".contains(c));
    starts_with_indicator || lone_indicator || indicator_then_space || inner || ends_badly
}

/// Whether plain text would be read as something other than a string: by
/// the CMS (YAML 1.2's core schema, [`core_schema_non_string`]) or by
/// hirepage (serde_yaml, [`serde_yaml_non_string`], which also reads `-0x1F`,
/// `0b101` and `1e3`-like floats as numbers).
fn resolves_to_non_string(s: &str) -> bool {
    core_schema_non_string(s) || serde_yaml_non_string(s)
}

/// serde_yaml's resolution of a plain scalar (`visit_untagged_scalar` in
/// its `de.rs`): null, booleans, integers in four bases with a sign, and
/// whatever Rust reads as a finite float.
fn serde_yaml_non_string(s: &str) -> bool {
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        return true;
    }
    if matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return true;
    }
    let unsigned = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return false,
        Some(rest) => rest,
        None => s,
    };
    let magnitude = unsigned.strip_prefix('-').unwrap_or(unsigned);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = magnitude.strip_prefix(prefix)
            && !rest.starts_with(['+', '-'])
            && u128::from_str_radix(rest, radix).is_ok()
        {
            return true;
        }
    }
    // A leading zero before digits is a string in YAML 1.2 (`0123`).
    let leading_zero = magnitude.len() > 1
        && magnitude.starts_with('0')
        && magnitude[1..].bytes().all(|b| b.is_ascii_digit());
    if !leading_zero && !magnitude.starts_with(['+', '-']) && magnitude.parse::<u128>().is_ok() {
        return true;
    }
    if matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | "-.inf" | "-.Inf" | "-.INF"
    ) || matches!(s, ".nan" | ".NaN" | ".NAN")
    {
        return true;
    }
    unsigned.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Whether YAML 1.2's core schema, which the CMS's `yaml` package uses,
/// would read the plain text as something other than a string.
fn core_schema_non_string(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = |t: &str| t.strip_prefix(['-', '+']).unwrap_or(t).to_string();
    let null = matches!(s, "" | "~" | "null" | "Null" | "NULL");
    let boolean = matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
    let int = digits(&unsigned(s));
    let oct = s
        .strip_prefix("0o")
        .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| (b'0'..=b'7').contains(&b)));
    let hex = s
        .strip_prefix("0x")
        .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_hexdigit()));
    let special = {
        let u = unsigned(s);
        matches!(u.as_str(), ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN")
    };
    // `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)` with an optional exponent; without
    // an exponent a dot is required (else it is an int, tested above).
    let float = {
        let u = unsigned(s);
        let (mantissa, exponent) = match u.find(['e', 'E']) {
            Some(i) => (&u[..i], Some(&u[i + 1..])),
            None => (u.as_str(), None),
        };
        let mantissa_ok = match mantissa.split_once('.') {
            Some(("", frac)) => digits(frac),
            Some((whole, frac)) => digits(whole) && (frac.is_empty() || digits(frac)),
            None => exponent.is_some() && digits(mantissa),
        };
        let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
        mantissa_ok && exponent_ok
    };
    null || boolean || int || oct || hex || special || float
}

/// `plainString`.
fn plain(value: &str, indent: &str, key: bool) -> String {
    if key && value.contains('\n') {
        return quoted(value, indent, key);
    }
    if needs_quotes(value) {
        return if key || !value.contains('\n') {
            quoted(value, indent, key)
        } else {
            block(value, indent, key)
        };
    }
    if !key && value.contains('\n') {
        return block(value, indent, key);
    }
    if contains_document_marker(value) && key && indent == STEP {
        return quoted(value, indent, key);
    }
    if resolves_to_non_string(value) {
        return quoted(value, indent, key);
    }
    value.to_string()
}

/// `quotedString`: single quotes unless the text has a `'` and no `"`.
fn quoted(value: &str, indent: &str, key: bool) -> String {
    let has_double = value.contains('"');
    let has_single = value.contains('\'');
    if has_single && !has_double {
        double_quoted(value, indent, key)
    } else {
        single_quoted(value, indent, key)
    }
}

/// The indentation used inside quoted and block scalars.
fn scalar_indent(value: &str, indent: &str) -> String {
    if indent.is_empty() && contains_document_marker(value) {
        STEP.to_string()
    } else {
        indent.to_string()
    }
}

/// Appends `suffix` after every run of newlines in `text` (`/\n+/g`).
fn after_newline_runs(text: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '\n' && chars.peek() != Some(&'\n') {
            out.push_str(suffix);
        }
    }
    out
}

/// `singleQuotedString`.
fn single_quoted(value: &str, indent: &str, key: bool) -> String {
    let space_around_newline = ["\n ", "\n\t", " \n", "\t\n"]
        .iter()
        .any(|p| value.contains(p));
    if (key && value.contains('\n')) || space_around_newline {
        return double_quoted(value, indent, key);
    }
    let indent = scalar_indent(value, indent);
    let escaped = value.replace('\'', "''");
    format!("'{}'", after_newline_runs(&escaped, &format!("\n{indent}")))
}

/// `JSON.stringify` of a string.
fn json_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `doubleQuotedString` (its `doubleQuotedMinMultiLineLength` is 40).
fn double_quoted(value: &str, indent: &str, key: bool) -> String {
    let json: Vec<char> = json_string(value).chars().collect();
    let json_len_utf16: usize = json.iter().map(|c| c.len_utf16()).sum();
    let indent = scalar_indent(value, indent);
    let at = |i: usize| json.get(i).copied().unwrap_or('\0');
    let slice = |a: usize, b: usize| {
        json[a.min(json.len())..b.min(json.len())]
            .iter()
            .collect::<String>()
    };
    let mut out = String::new();
    let mut start = 0;
    let mut i = 0;
    while i < json.len() {
        let mut ch = json[i];
        if ch == ' ' && at(i + 1) == '\\' && at(i + 2) == 'n' {
            // A space before a newline is escaped, or folding would eat it.
            out.push_str(&slice(start, i));
            out.push_str("\\ ");
            i += 1;
            start = i;
            ch = '\\';
        }
        if ch == '\\' {
            match at(i + 1) {
                'u' => {
                    out.push_str(&slice(start, i));
                    let code = slice(i + 2, i + 6);
                    match code.as_str() {
                        "0000" => out.push_str("\\0"),
                        "0007" => out.push_str("\\a"),
                        "000b" => out.push_str("\\v"),
                        "001b" => out.push_str("\\e"),
                        "0085" => out.push_str("\\N"),
                        "00a0" => out.push_str("\\_"),
                        "2028" => out.push_str("\\L"),
                        "2029" => out.push_str("\\P"),
                        c if c.starts_with("00") => {
                            out.push_str("\\x");
                            out.push_str(&c[2..]);
                        }
                        _ => out.push_str(&slice(i, i + 6)),
                    }
                    i += 5;
                    start = i + 1;
                }
                'n' => {
                    if key || at(i + 2) == '"' || json_len_utf16 < 40 {
                        i += 1;
                    } else {
                        // A line break in a double-quoted scalar: a real
                        // newline, doubled, since one alone folds to a space.
                        out.push_str(&slice(start, i));
                        out.push_str("\n\n");
                        while at(i + 2) == '\\' && at(i + 3) == 'n' && at(i + 4) != '"' {
                            out.push('\n');
                            i += 2;
                        }
                        out.push_str(&indent);
                        if at(i + 2) == ' ' {
                            out.push('\\');
                        }
                        i += 1;
                        start = i + 1;
                    }
                }
                _ => i += 1,
            }
        }
        i += 1;
    }
    if start > 0 {
        out.push_str(&slice(start, json.len()));
        out
    } else {
        json.into_iter().collect()
    }
}

/// `blockString` with `lineWidth: 0`, which always picks a literal `|`.
fn block(value: &str, indent: &str, key: bool) -> String {
    // A last line of only spaces cannot end a block.
    if let Some(last_newline) = value.rfind('\n') {
        let tail = &value[last_newline + 1..];
        if !tail.is_empty() && tail.chars().all(|c| c == ' ' || c == '\t') {
            return quoted(value, indent, key);
        }
    }
    let indent = scalar_indent(value, indent);
    let first_line_indented = value.trim_start_matches('\n').starts_with([' ', '\t']);
    // Chomping, from the whitespace at the end.
    let end_start = value.trim_end_matches(['\n', '\t', ' ']).len();
    let mut end = value[end_start..].to_string();
    let chomp = match end.find('\n') {
        None => "-",
        Some(nl) if value.len() == end.len() || nl != end.len() - 1 => "+",
        Some(_) => "",
    };
    let mut body = value[..end_start].to_string();
    if !end.is_empty() {
        if end.ends_with('\n') {
            end.pop();
        }
        end = indent_inner_newline_runs(&end, &indent);
    }
    // An indentation indicator when the text starts with a space.
    let mut start_with_space = false;
    let mut start_nl: Option<usize> = None;
    for (i, c) in body.char_indices() {
        match c {
            ' ' => start_with_space = true,
            '\n' => start_nl = Some(i),
            _ => break,
        }
    }
    let mut start = String::new();
    if let Some(nl) = start_nl {
        start = body[..=nl].to_string();
        body = body[nl + 1..].to_string();
        start = after_newline_runs(&start, &indent);
    }
    // The one place fmt leaves the CMS's form: libyaml, which hirepage
    // reads YAML with, rejects a block whose first line starts with a tab,
    // or misreads one of only spaces, unless the indentation is given, so
    // fmt gives it (`|2`).
    let header = format!(
        "{}{chomp}",
        if start_with_space || first_line_indented {
            if indent.is_empty() { "1" } else { "2" }
        } else {
            ""
        }
    );
    let body = after_newline_runs(&body, &indent);
    format!("|{header}\n{indent}{start}{body}{end}")
}

/// `end.replace(blockEndNewlines, '$&' + indent)`: indents after each run
/// of newlines that is followed by something other than the end.
fn indent_inner_newline_runs(end: &str, indent: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = end.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if c == '\n' && i + 1 < chars.len() && chars[i + 1] != '\n' {
            out.push_str(indent);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> String {
        let value: Value = serde_yaml::from_str(text).unwrap();
        document(&value).unwrap()
    }

    /// Expected outputs are those of `yaml` 2.9.1's `stringify` with the
    /// CMS's options, run in Node.
    #[test]
    fn collections_are_block_style_with_indented_sequences() {
        assert_eq!(
            yaml("a: [x, y]\nb: {c: 1, d: [p]}\ne: []\nf: {}\ng: [[1, 2], {h: i, j: k}]\n"),
            "a:\n  - x\n  - y\nb:\n  c: 1\n  d:\n    - p\ne: []\nf: {}\ng:\n  - - 1\n    - 2\n  - h: i\n    j: k"
        );
    }

    #[test]
    fn strings_are_plain_unless_yaml_needs_quotes() {
        assert_eq!(yaml("a: 10+ years"), "a: 10+ years");
        assert_eq!(yaml("a: 'true'"), "a: 'true'");
        assert_eq!(yaml("a: '42'"), "a: '42'");
        assert_eq!(yaml("a: '1.5'"), "a: '1.5'");
        assert_eq!(yaml("a: ''"), "a: ''");
        assert_eq!(yaml("a: 'x: y'"), "a: 'x: y'");
        assert_eq!(yaml("a: \"it's\""), "a: it's");
        assert_eq!(yaml("a: \"'it' x\""), "a: \"'it' x\"");
        assert_eq!(yaml("a: '#1'"), "a: '#1'");
        assert_eq!(yaml("a: 'C#'"), "a: C#");
        assert_eq!(yaml("a: '2026-01-15'"), "a: 2026-01-15");
        assert_eq!(yaml("a: '- x'"), "a: '- x'");
        assert_eq!(yaml("a: 'x '"), "a: 'x '");
        assert_eq!(yaml("a: 'say \"hi\"'"), "a: say \"hi\"");
        assert_eq!(yaml("a: '\"hi\" she said'"), "a: '\"hi\" she said'");
        assert_eq!(yaml("a: \"tab\\tx\""), "a: tab\tx");
        assert_eq!(yaml("a: \"\\abell\""), "a: \"\\abell\"");
    }

    #[test]
    fn multi_line_text_is_a_literal_block() {
        assert_eq!(yaml("a: |\n  x\n  y\n"), "a: |\n  x\n  y");
        assert_eq!(yaml("a: |-\n  x\n\n  y"), "a: |-\n  x\n\n  y");
        assert_eq!(yaml("a: |+\n  x\n\n"), "a: |+\n  x\n");
        assert_eq!(yaml("a: \"  x\\ny\\n\""), "a: |2\n    x\n  y");
        assert_eq!(
            yaml("l:\n  - q: |\n      x\n      y\n"),
            "l:\n  - q: |\n      x\n      y"
        );
    }

    #[test]
    fn numbers_keep_their_type() {
        assert_eq!(
            yaml("a: 10\nb: -3\nc: 1.5\nd: 1.0\ne: .inf"),
            "a: 10\nb: -3\nc: 1.5\nd: 1.0\ne: .inf"
        );
    }

    #[test]
    fn all_null_maps_are_sets() {
        assert_eq!(yaml("a: {b: null, c: null}"), "a:\n  ? b\n  ? c");
        assert_eq!(yaml("a: null\nb: 1"), "a: null\nb: 1");
    }

    #[test]
    fn every_emitted_document_reads_back_the_same() {
        for text in [
            "a: \"x\\n  y\"",
            "a: \"a long line that is longer than forty characters\\nand another\\n\\n  third\"",
            "a: 'it''s \"both\"'",
            "a: \"\\u0007bell\"",
            "a: ' leading'",
            "a: \"\\n\\nx\"",
            "a: \"x\\n \\ny\"",
            "'a: b': 1",
            "a: '---'",
            "a: \"--- x\\ny\"",
            "a: 'null'",
            "a: 0o17",
            "a: '0x1F'",
            "a: '.5'",
            "a: '1e3'",
            "a: '@x'",
            "a: \"\\tx\\n\"",
            "a: [\"\\n\\tx\\ny\"]",
            "'-0x1F': 1",
            "a: ['0b101', '+12', '1.', '-.5', '0123', '1E3', 'inf', 'NaN', '+-1']",
        ] {
            let value: Value = serde_yaml::from_str(text).unwrap();
            let out = document(&value).unwrap();
            // Files end the YAML with a newline (then `---`).
            let back: Value = serde_yaml::from_str(&format!("{out}\n"))
                .unwrap_or_else(|e| panic!("{text:?} -> {out:?}: {e}"));
            assert_eq!(back, value, "{text:?} -> {out:?}");
        }
    }
}
