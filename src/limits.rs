//! Limits on the size and shape of input, checked before the expensive work.
//!
//! libyaml keeps one entry per open flow collection and looks at all of
//! them for every token, so YAML nested 100,000 deep (a 200 KB line of
//! `[`) took 40 s to be refused, and an alias that points at a list of
//! aliases multiplies the work at every level (issue 13). A linear scan of
//! the text refuses such input first, so that the worst file of a given
//! size is refused in time proportional to its size. The limits are far
//! above what a content file needs (front matter nests about 5 levels).

use std::path::Path;

use crate::diagnostics::{Diagnostic, line_col};

/// The largest text file hirepage reads (content, data, configuration,
/// templates): 1 MiB. A long role guide is about 20 KB.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How deep YAML may nest: maps and lists inside each other.
pub(crate) const MAX_YAML_DEPTH: usize = 32;

/// How many aliases (`*name`) one YAML text may use. Each one may repeat a
/// whole anchored node, so a few nested ones already multiply the work.
pub(crate) const MAX_YAML_ALIASES: usize = 10;

/// How much YAML text all aliases of one file may repeat, in bytes, the
/// nodes repeated by aliases inside them included: 10 aliases to a list
/// of 100 KB that holds aliases itself would otherwise make the parser
/// build millions of values.
pub(crate) const MAX_YAML_ALIAS_BYTES: usize = 256 * 1024;

/// Refuses a file larger than [`MAX_FILE_BYTES`], from its size on disk.
pub(crate) fn check_file_size(file: &Path, size: u64) -> Result<(), Diagnostic> {
    if size <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Diagnostic::error(
        "file-too-large",
        file,
        format!(
            "the file is {:.1} MB; hirepage reads text files of at most 1 MB",
            size as f64 / (1024.0 * 1024.0)
        ),
    )
    .with_hint("split it into several pages, or move large data out of content/"))
}

/// Refuses YAML nested deeper than [`MAX_YAML_DEPTH`] or with more than
/// [`MAX_YAML_ALIASES`] aliases, in one pass over `text`.
///
/// The scan over-estimates the depth a little (it counts every `- ` and
/// `? ` that opens a line and every indentation step), never under-
/// estimates it, and leaves everything else to the YAML parser: text in
/// quotes, comments and block scalars (`|`, `>`) is skipped.
/// `first_line` is the line of the file where `text` starts.
pub(crate) fn check_yaml(file: &Path, text: &str, first_line: usize) -> Result<(), Diagnostic> {
    let at = |offset: usize| {
        let (line, column) = line_col(text, offset);
        (line + first_line - 1, column)
    };
    let mut scan = Scan::default();
    let mut indents: Vec<usize> = Vec::new();
    let mut offset = 0;
    // The indentation of the line that opened a block scalar: its text is
    // every following line indented further (or blank).
    let mut block_scalar: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        if let Some(parent) = block_scalar {
            if rest.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut depth_here = 0;
        if !scan.in_quotes() && scan.flow == 0 && !rest.is_empty() && !rest.starts_with('#') {
            scan.close_block_anchors(indent, start);
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            depth_here = indents.len();
        }
        let opens_block = scan.line(rest, depth_here, (start + indent, indent));
        if let Some(column) = scan.too_deep {
            let (line, column) = at(start + indent + column);
            return Err(Diagnostic::error(
                "yaml-too-deep",
                file,
                format!("the YAML nests more than {MAX_YAML_DEPTH} levels deep here"),
            )
            .at(line, column)
            .with_hint("flatten the data: lists and maps inside each other, at most 32 levels"));
        }
        if let Some(column) = scan.too_many_aliases {
            let (line, column) = at(start + indent + column);
            return Err(Diagnostic::error(
                "yaml-too-many-aliases",
                file,
                format!("more than {MAX_YAML_ALIASES} aliases (`*name`) in one file"),
            )
            .at(line, column)
            .with_hint("write the repeated values out, or keep them in content/_data/"));
        }
        if let Some(column) = scan.too_much_repeated {
            let (line, column) = at(start + indent + column);
            return Err(Diagnostic::error(
                "yaml-too-many-aliases",
                file,
                format!(
                    "the aliases (`*name`) repeat more than {} KB of YAML",
                    MAX_YAML_ALIAS_BYTES / 1024
                ),
            )
            .at(line, column)
            .with_hint("write the repeated values out, or keep them in content/_data/"));
        }
        if opens_block {
            block_scalar = Some(indent);
        }
    }
    Ok(())
}

/// An anchored node (`&name`) whose end the scan has not reached yet.
#[derive(Debug)]
struct OpenAnchor {
    name: String,
    /// Offset in the text where the anchor is written.
    start: usize,
    end: AnchorEnd,
    /// What the aliases inside it repeat.
    repeated: usize,
}

/// Where an anchored node ends, as far as the scan can tell (it may count
/// a node a little longer than it is, never shorter).
#[derive(Debug, Clone, Copy)]
enum AnchorEnd {
    /// When the open `[`/`{` go back down to this many.
    Flow(usize),
    /// At the next line indented this much or less.
    Block(usize),
}

/// The state of [`check_yaml`] that carries from line to line.
#[derive(Debug, Default)]
struct Scan {
    /// Open `[` and `{`.
    flow: usize,
    /// Inside a quoted scalar that goes on past the end of the line.
    quote: Option<char>,
    /// Aliases seen so far.
    aliases: usize,
    /// The column where the current line first nests too deep.
    too_deep: Option<usize>,
    /// The column of the first alias too many, in the current line.
    too_many_aliases: Option<usize>,
    /// Anchored nodes not yet ended, outermost first.
    open: Vec<OpenAnchor>,
    /// Ended anchored nodes: the bytes an alias to each repeats.
    anchors: std::collections::HashMap<String, usize>,
    /// Bytes repeated by the aliases so far.
    repeated: usize,
    /// The column of the alias that repeats too much, in the current line.
    too_much_repeated: Option<usize>,
}

impl Scan {
    fn in_quotes(&self) -> bool {
        self.quote.is_some()
    }

    /// Ends the anchored nodes of block style that a line indented
    /// `indent`, starting at `offset`, is no longer part of.
    fn close_block_anchors(&mut self, indent: usize, offset: usize) {
        while let Some(top) = self.open.last() {
            match top.end {
                AnchorEnd::Block(i) if indent <= i => self.close_anchor(offset),
                _ => break,
            }
        }
    }

    /// Ends the innermost anchored node at `offset`.
    fn close_anchor(&mut self, offset: usize) {
        if let Some(anchor) = self.open.pop() {
            let size = offset.saturating_sub(anchor.start) + anchor.repeated;
            self.anchors.insert(anchor.name, size);
        }
    }

    /// Counts what the alias `*name` repeats, for every node it is in too.
    fn repeat(&mut self, name: &str) -> bool {
        // An alias of an anchor still open is recursive: YAML refuses it.
        let bytes = self.anchors.get(name).copied().unwrap_or(0);
        self.repeated += bytes;
        for anchor in &mut self.open {
            anchor.repeated += bytes;
        }
        self.repeated > MAX_YAML_ALIAS_BYTES
    }

    /// Scans one line (without its indentation), whose block depth is
    /// `block`; `(offset, indent)` are where the line's text starts in the
    /// whole text and its indentation. Returns whether it opens a block
    /// scalar.
    fn line(&mut self, rest: &str, block: usize, (offset, indent): (usize, usize)) -> bool {
        let bytes = rest.as_bytes();
        let mut depth = block;
        let mut i = 0;
        // Whether the next character starts a node: where `[`, `{`, `*`,
        // quotes, `- ` and `? ` mean something.
        let mut token_start = true;
        // Where the code of the line ends (a comment may follow).
        let mut end = bytes.len();
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = self.quote {
                if c == b'\\' && q == '"' {
                    i += 2;
                    continue;
                }
                if c == q as u8 {
                    // '' inside single quotes is an escaped quote.
                    if q == '\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                }
                i += 1;
                continue;
            }
            // An anchor (`&name`) or a tag (`!tag`) comes before its node:
            // the node still starts after it.
            if token_start && (c == b'&' || c == b'!') {
                let name = anchor_name(&bytes[i + 1..]);
                if c == b'&' {
                    let after = rest[i + 1 + name.len()..].trim_start();
                    let end = if after.starts_with(['[', '{']) {
                        AnchorEnd::Flow(self.flow)
                    } else if self.flow > 0 {
                        // A value inside a flow list: counted to its end.
                        AnchorEnd::Flow(self.flow - 1)
                    } else {
                        AnchorEnd::Block(indent)
                    };
                    self.open.push(OpenAnchor {
                        name: name.to_string(),
                        start: offset + i,
                        end,
                        repeated: 0,
                    });
                }
                i += 1 + name.len();
                continue;
            }
            let next_is_space = bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t');
            let after_space = i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t';
            match c {
                b'#' if after_space => {
                    end = i;
                    break;
                }
                b'\'' | b'"' if token_start => self.quote = Some(c as char),
                b'[' | b'{' if token_start => {
                    self.flow += 1;
                    self.note_depth(i, depth + self.flow);
                }
                b']' | b'}' if self.flow > 0 => {
                    self.flow -= 1;
                    while let Some(top) = self.open.last() {
                        match top.end {
                            AnchorEnd::Flow(depth) if self.flow <= depth => {
                                self.close_anchor(offset + i + 1);
                            }
                            _ => break,
                        }
                    }
                }
                b'-' | b'?' if token_start && next_is_space && self.flow == 0 => {
                    depth += 1;
                    self.note_depth(i, depth + self.flow);
                }
                b'*' if token_start => {
                    self.aliases += 1;
                    if self.aliases > MAX_YAML_ALIASES {
                        self.too_many_aliases = Some(i);
                        break;
                    }
                    if self.repeat(anchor_name(&bytes[i + 1..])) {
                        self.too_much_repeated = Some(i);
                        break;
                    }
                }
                _ => {}
            }
            // A node starts after `[`, `{`, `,`, and after `: `, `- `,
            // `? `; spaces keep the state; anything else is inside a
            // scalar (`Hire [senior]` has no list).
            token_start = match c {
                b' ' | b'\t' => token_start,
                b'[' | b'{' | b',' => true,
                b':' => next_is_space,
                b'-' | b'?' => token_start && next_is_space,
                _ => false,
            };
            if self.too_deep.is_some() {
                break;
            }
            i += 1;
        }
        if block + self.flow > MAX_YAML_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(0);
        }
        // `key: |`, `- >-`, `key: |2`: a block scalar starts on the next line.
        // `end` is 0, the length, or the index of an ASCII `#`: a boundary.
        let tail = rest[..end].trim_end().rsplit(' ').next().unwrap_or("");
        !self.in_quotes()
            && self.flow == 0
            && (tail.starts_with('|') || tail.starts_with('>'))
            && tail[1..]
                .chars()
                .all(|c| matches!(c, '-' | '+' | '0'..='9'))
    }

    fn note_depth(&mut self, column: usize, depth: usize) {
        if depth > MAX_YAML_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(column);
        }
    }
}

/// The name after `&` or `*`: up to a space or a flow indicator.
fn anchor_name(bytes: &[u8]) -> &str {
    let len = bytes
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}'))
        .unwrap_or(bytes.len());
    // The cut is at an ASCII byte or the end: a character boundary.
    std::str::from_utf8(&bytes[..len]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), Diagnostic> {
        check_yaml(Path::new("content/roles/a.md"), text, 2)
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let text = "title: Hire [senior] devs # C# and C++\nskills: [Python, \"C#\", 'it''s']\n\
                    hero:\n  cta: {label: Go, url: /x/}\ncandidates:\n  - name: A\n    skills:\n      - Go\n\
                    extra:\n  text: |\n    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n    *a *b\n  more: >-\n    - - -\n\
                    footnote: 5 * 3 = 15\n";
        check(text).unwrap();
    }

    #[test]
    fn deep_flow_nesting_is_refused_where_it_gets_too_deep() {
        let text = format!("title: A\nextra: {}\n", "[".repeat(100_000));
        let err = check(&text).unwrap_err();
        assert_eq!(err.code, "yaml-too-deep");
        assert_eq!(err.line, Some(3));
        let ok = format!("extra: {}{}\n", "[".repeat(20), "]".repeat(20));
        check(&ok).unwrap();
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let dashes = format!("extra:\n  x: {}a\n", "- ".repeat(40));
        assert_eq!(check(&dashes).unwrap_err().code, "yaml-too-deep");
        let mut indented = String::new();
        for i in 0..40 {
            indented.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert_eq!(check(&indented).unwrap_err().code, "yaml-too-deep");
    }

    #[test]
    fn quoted_and_multi_line_quoted_brackets_do_not_count() {
        let text = format!("a: \"{}\n{}\"\nb: ok\n", "[".repeat(50), "{".repeat(50));
        check(&text).unwrap();
    }

    #[test]
    fn too_many_aliases_are_refused() {
        let mut text = String::from("a: &a [x, y]\nb: [");
        text.push_str(&["*a"; 11].join(", "));
        text.push_str("]\n");
        let err = check(&text).unwrap_err();
        assert_eq!(err.code, "yaml-too-many-aliases");
        assert_eq!(err.line, Some(3));
        check("a: &a [x]\nb: [*a, *a]\n").unwrap();
    }

    #[test]
    fn aliases_that_repeat_too_much_are_refused() {
        // 36 copies of a 100 KB list with 10 aliases; refused at the third
        // alias of `b`, which already repeats 300 KB.
        let list = vec!["x"; 50_000].join(",");
        let text = format!(
            "a: &a [{list}]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c, *c]\n"
        );
        let err = check(&text).unwrap_err();
        assert_eq!(err.code, "yaml-too-many-aliases");
        assert!(
            err.message.contains("repeat more than 256 KB"),
            "{}",
            err.message
        );
        assert_eq!((err.line, err.column), (Some(3), Some(16)));
        // Block style counts the same way.
        let block = format!("a: &a\n  - [{list}]\nb:\n  - *a\n  - *a\n  - *a\n");
        assert_eq!(check(&block).unwrap_err().code, "yaml-too-many-aliases");
        // A call to action used twice is fine.
        check("cta: &cta {label: Go, url: /contact/}\nhero:\n  cta: *cta\nx:\n  cta: *cta\n")
            .unwrap();
    }
}
