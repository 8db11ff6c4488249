//! Where each value of a front matter text is: a tree of byte spans.
//!
//! A scanner for the block YAML that content files are written in, by
//! indentation: block mappings and sequences (compact ones in a sequence
//! item too, `- name: x`), plain, quoted and block (`|`, `>`) scalars, and
//! flow collections (`[a, b]`), which it keeps as leaves. It reads no
//! value (serde_yaml does, and the patcher checks the tree against what
//! serde_yaml read); it only says which bytes hold which value, and marks
//! what a rewrite cannot keep (anchors, aliases, tags, `<<` keys).
//!
//! It never fails: on a line it does not understand it notes the place
//! ([`Scanner::trouble`]) and goes on with the next line it can read, which
//! is what [`super::field_at`] wants for a text with a syntax error; the
//! patcher refuses to rewrite in place a text with trouble.

use std::ops::Range;

use serde_json::Value as Json;

/// How a scalar (or a leaf kept whole) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// Plain text, maybe over several lines.
    Plain,
    /// `'…'`
    Single,
    /// `"…"`
    Double,
    /// `|` or `>`, with the lines under it.
    Block,
    /// `[…]` or `{…}`, kept whole.
    Flow,
    /// `*name`
    Alias,
    /// Nothing after the key or the dash: null.
    Empty,
}

/// What a node holds.
#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// A block mapping: its entries in file order, each with its key.
    Map(Vec<(String, Slot)>),
    /// A block sequence: its items.
    Seq(Vec<Slot>),
    /// A leaf.
    Scalar(Style),
}

/// One value of the text.
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// Its bytes, properties (`&a`, `!t`) included, trailing comment not.
    pub span: Range<usize>,
    /// The index of the last line it (or its trailing comment) is on.
    pub end_line: usize,
    /// What it holds.
    pub kind: Kind,
    /// Whether a rewrite cannot keep it (anchor, alias, tag, `<<` key, or
    /// something JSON cannot hold, which the patcher adds).
    pub frozen: bool,
    /// A leaf's comment and the blanks before it: after the value on its
    /// last line, or after a block scalar's header.
    pub tail: Option<Range<usize>>,
    /// The value as JSON, filled in by the patcher from serde_yaml's
    /// reading (null until then).
    pub old: Json,
}

/// A place that holds a value: a mapping entry (`key:`) or a sequence
/// item (`-`).
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// Whether it is a sequence item (else a mapping entry).
    pub item: bool,
    /// The first byte of the key or of the dash.
    pub start: usize,
    /// Whether only indentation comes before `start` on its line (else it
    /// follows a dash: the first entry of `- name: x`, or `- - x`).
    pub line_start: bool,
    /// The column of `start`.
    pub column: usize,
    /// The index of the line of `start`.
    pub first_line: usize,
    /// Just after the `:` or the `-`.
    pub head: usize,
    /// A comment on the key's line when the value is on the next lines
    /// (`hero: # the top`), with the blanks before it.
    pub head_tail: Option<Range<usize>>,
    /// The value.
    pub value: Node,
}

impl Slot {
    /// The index of the slot's last line.
    pub fn end_line(&self) -> usize {
        self.value.end_line.max(self.first_line)
    }
}

/// The text cut into lines.
#[derive(Debug)]
pub(super) struct Text<'a> {
    /// The whole text.
    pub text: &'a str,
    /// Each line's bytes, without its `\n` or `\r\n`.
    pub lines: Vec<Range<usize>>,
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let content = piece.strip_suffix('\n').unwrap_or(piece);
            let content = content.strip_suffix('\r').unwrap_or(content);
            lines.push(start..start + content.len());
            start += piece.len();
        }
        Text { text, lines }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The index of the line `offset` is on (an offset at a line's end
    /// counts as on it).
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    }

    /// Where line `i` ends, before its line break.
    pub fn end(&self, i: usize) -> usize {
        self.lines.get(i).map_or(self.text.len(), |l| l.end)
    }

    /// Where the line after `i` starts (the end of the text after the last).
    pub fn next_start(&self, i: usize) -> usize {
        self.lines.get(i + 1).map_or(self.text.len(), |l| l.start)
    }

    /// The number of spaces that start line `i`.
    pub fn indent(&self, i: usize) -> usize {
        let line = &self.bytes()[self.lines[i].clone()];
        line.iter().take_while(|&&b| b == b' ').count()
    }

    /// Whether line `i` holds only blanks.
    pub fn blank(&self, i: usize) -> bool {
        self.bytes()[self.lines[i].clone()]
            .iter()
            .all(|&b| b == b' ' || b == b'\t')
    }

    /// Whether line `i` holds only a comment.
    pub fn comment(&self, i: usize) -> bool {
        let line = &self.bytes()[self.lines[i].clone()];
        line.iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b'#')
    }

    /// The first line from `i` on that is neither blank nor a comment.
    pub fn next_content(&self, i: usize) -> Option<usize> {
        (i..self.lines.len()).find(|&k| !self.blank(k) && !self.comment(k))
    }
}

/// A mapping key found at a position.
struct Key {
    text: String,
    plain: bool,
    colon: usize,
}

/// The scanner over one text.
pub(super) struct Scanner<'t, 'a> {
    t: &'t Text<'a>,
    /// Where the first thing the scanner did not understand is.
    pub trouble: Option<usize>,
    /// How many slots deep the scan is.
    depth: usize,
}

/// How deep the scan goes: past [`crate::limits::MAX_YAML_DEPTH`], which
/// serde_yaml is never given, but bounded, since [`super::field_at`] scans
/// texts nothing else has checked and each level is a call.
const MAX_DEPTH: usize = 4 * crate::limits::MAX_YAML_DEPTH;

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl<'t, 'a> Scanner<'t, 'a> {
    pub fn new(t: &'t Text<'a>) -> Self {
        Scanner {
            t,
            trouble: None,
            depth: 0,
        }
    }

    fn b(&self) -> &'a [u8] {
        self.t.bytes()
    }

    fn flag(&mut self, at: usize) {
        self.trouble.get_or_insert(at);
    }

    fn skip_blanks(&self, mut p: usize, end: usize) -> usize {
        while p < end && is_blank(self.b()[p]) {
            p += 1;
        }
        p
    }

    fn column(&self, p: usize) -> usize {
        p - self.t.lines[self.t.line_of(p)].start
    }

    /// Whether a block sequence item starts at `p` (`-` then a blank or
    /// the end of the line).
    fn dash_at(&self, p: usize) -> bool {
        let b = self.b();
        b.get(p) == Some(&b'-')
            && b.get(p + 1)
                .is_none_or(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    }

    /// The mapping key at `p`, if a key starts there (`key:`, `"key":`).
    fn key_at(&self, p: usize) -> Option<Key> {
        let b = self.b();
        let end = self.t.end(self.t.line_of(p));
        let first = *b.get(p)?;
        let colon_ok = |q: usize| q < end && b[q] == b':' && (q + 1 == end || is_blank(b[q + 1]));
        if first == b'"' || first == b'\'' {
            let close = self.quote_end(p, first, Some(end))?;
            let q = self.skip_blanks(close, end);
            if !colon_ok(q) {
                return None;
            }
            let raw = &self.t.text[p..close];
            let text = serde_yaml::from_str::<String>(raw)
                .unwrap_or_else(|_| raw[1..raw.len() - 1].to_string());
            return Some(Key {
                text,
                plain: false,
                colon: q,
            });
        }
        let next_blank = b
            .get(p + 1)
            .is_none_or(|&c| is_blank(c) || c == b'\r' || c == b'\n');
        match first {
            b'-' | b'?' | b':' if next_blank => return None,
            b'-' | b'?' | b':' => {}
            c if b",[]{}#&*!|>%@`".contains(&c) || is_blank(c) => return None,
            _ => {}
        }
        let mut i = p;
        while i < end {
            if colon_ok(i) {
                let text = self.t.text[p..i].trim_end_matches([' ', '\t']);
                return Some(Key {
                    text: text.to_string(),
                    plain: true,
                    colon: i,
                });
            }
            if b[i] == b'#' && i > p && is_blank(b[i - 1]) {
                return None;
            }
            i += 1;
        }
        None
    }

    /// The offset after the quote that closes the one at `p`, searching up
    /// to `limit` (the whole text when `None`).
    fn quote_end(&self, p: usize, quote: u8, limit: Option<usize>) -> Option<usize> {
        let b = self.b();
        let limit = limit.unwrap_or(b.len());
        let mut i = p + 1;
        while i < limit {
            match b[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
                c if c == quote => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// The whole text: its top-level mapping, however much of it reads.
    pub fn document(&mut self) -> Node {
        let mut entries = Vec::new();
        let mut column = None;
        let mut i = 0;
        while let Some(j) = self.t.next_content(i) {
            let col = self.t.indent(j);
            let start = self.t.lines[j].start + col;
            if column.is_some_and(|c| c != col) || self.key_at(start).is_none() {
                self.flag(start);
                i = j + 1;
                continue;
            }
            column = Some(col);
            let more = self.entries(j, col, start);
            i = more.last().map_or(j, |(_, s)| s.end_line()) + 1;
            entries.extend(more);
        }
        Node {
            span: 0..self.t.text.len(),
            end_line: self.t.lines.len().saturating_sub(1),
            kind: Kind::Map(entries),
            frozen: false,
            tail: None,
            old: Json::Null,
        }
    }

    /// The entries of a block mapping whose keys are at `col`, the first at
    /// `first` on line `line`.
    fn entries(&mut self, mut line: usize, col: usize, mut pos: usize) -> Vec<(String, Slot)> {
        let mut entries = Vec::new();
        loop {
            let Some(key) = self.key_at(pos) else {
                self.flag(pos);
                break;
            };
            let mut slot = self.slot(line, pos, key.colon + 1, col, true);
            // A merge key's meaning is the mapping it pulls in, which the
            // editor's JSON cannot say.
            if key.plain && key.text == "<<" {
                slot.value.frozen = true;
            }
            let after = slot.end_line() + 1;
            entries.push((key.text, slot));
            match self.t.next_content(after) {
                Some(n) if self.t.indent(n) == col => {
                    let start = self.t.lines[n].start + col;
                    if self.dash_at(start) {
                        break;
                    }
                    line = n;
                    pos = start;
                }
                Some(n) if self.t.indent(n) > col => {
                    self.flag(self.t.lines[n].start);
                    break;
                }
                _ => break,
            }
        }
        entries
    }

    fn map(&mut self, line: usize, col: usize, first: usize) -> Node {
        let entries = self.entries(line, col, first);
        let end_line = entries.last().map_or(line, |(_, s)| s.end_line());
        Node {
            span: first..self.t.end(end_line),
            end_line,
            kind: Kind::Map(entries),
            frozen: false,
            tail: None,
            old: Json::Null,
        }
    }

    fn seq(&mut self, mut line: usize, col: usize, first: usize) -> Node {
        let mut items = Vec::new();
        let mut pos = first;
        loop {
            let slot = self.slot(line, pos, pos + 1, col, false);
            let after = slot.end_line() + 1;
            items.push(slot);
            match self.t.next_content(after) {
                Some(n) if self.t.indent(n) == col && self.dash_at(self.t.lines[n].start + col) => {
                    line = n;
                    pos = self.t.lines[n].start + col;
                }
                Some(n) if self.t.indent(n) > col => {
                    self.flag(self.t.lines[n].start);
                    break;
                }
                _ => break,
            }
        }
        let end_line = items.last().map_or(line, Slot::end_line);
        Node {
            span: first..self.t.end(end_line),
            end_line,
            kind: Kind::Seq(items),
            frozen: false,
            tail: None,
            old: Json::Null,
        }
    }

    /// The slot whose key or dash starts at `start` on `line` (at column
    /// `col`), its value after `head`.
    fn slot(&mut self, line: usize, start: usize, head: usize, col: usize, entry: bool) -> Slot {
        let end = self.t.end(line);
        let p = self.skip_blanks(head, end);
        let mut head_tail = None;
        self.depth += 1;
        let value = if self.depth > MAX_DEPTH {
            self.flag(start);
            leaf(head..head, line, Style::Empty, None)
        } else if p == end || self.b()[p] == b'#' {
            if p < end {
                head_tail = Some(head..end);
            }
            self.following(line, col, entry, head)
        } else if !entry && self.dash_at(p) {
            self.seq(line, self.column(p), p)
        } else if !entry && self.key_at(p).is_some() {
            self.map(line, self.column(p), p)
        } else {
            self.inline(p, col, entry)
        };
        self.depth -= 1;
        Slot {
            item: !entry,
            start,
            line_start: self.t.lines[line].start + self.t.indent(line) == start,
            column: col,
            first_line: line,
            head,
            head_tail,
            value,
        }
    }

    /// The value of a slot on `line` whose value is on the next lines, or
    /// nothing (null) at `at`.
    fn following(&mut self, line: usize, col: usize, entry: bool, at: usize) -> Node {
        if let Some(n) = self.t.next_content(line + 1) {
            let ind = self.t.indent(n);
            let start = self.t.lines[n].start + ind;
            if ind > col {
                return self.block_node(n, ind, col, entry);
            }
            // `key:` then `- item` at the key's own column.
            if ind == col && entry && self.dash_at(start) {
                return self.seq(n, col, start);
            }
        }
        leaf(at..at, line, Style::Empty, None)
    }

    /// The node that starts line `n` at column `ind`, inside a slot at
    /// column `parent`.
    fn block_node(&mut self, n: usize, ind: usize, parent: usize, entry: bool) -> Node {
        let start = self.t.lines[n].start + ind;
        if self.dash_at(start) {
            self.seq(n, ind, start)
        } else if self.key_at(start).is_some() {
            self.map(n, ind, start)
        } else {
            self.inline(start, parent, entry)
        }
    }

    /// A value that starts at `p`, in a slot at column `col`.
    fn inline(&mut self, p: usize, col: usize, entry: bool) -> Node {
        let b = self.b();
        let line = self.t.line_of(p);
        let end = self.t.end(line);
        match b[p] {
            b'&' | b'!' => {
                let mut q = p;
                while q < end && (b[q] == b'&' || b[q] == b'!') {
                    while q < end && !is_blank(b[q]) {
                        q += 1;
                    }
                    q = self.skip_blanks(q, end);
                }
                let mut node = if q == end || b[q] == b'#' {
                    let node = self.following(line, col, entry, q);
                    if matches!(node.kind, Kind::Scalar(Style::Empty)) {
                        leaf(p..q, line, Style::Empty, None)
                    } else {
                        node
                    }
                } else {
                    self.inline(q, col, entry)
                };
                node.span.start = p;
                node.frozen = true;
                node
            }
            b'*' => {
                let mut q = p;
                while q < end && !is_blank(b[q]) {
                    q += 1;
                }
                let tail = self.tail(q);
                let mut node = leaf(p..q, line, Style::Alias, tail);
                node.frozen = true;
                node
            }
            b'|' | b'>' => self.block_scalar(p, col),
            b'"' | b'\'' => {
                let style = if b[p] == b'"' {
                    Style::Double
                } else {
                    Style::Single
                };
                let close = self.quote_end(p, b[p], None).unwrap_or_else(|| {
                    self.flag(p);
                    end
                });
                let tail = self.tail(close);
                leaf(p..close, self.t.line_of(close), style, tail)
            }
            b'[' | b'{' => self.flow(p),
            _ => self.plain(p, col),
        }
    }

    /// The comment after a value that ends at `at`, if any; anything else
    /// there is trouble.
    fn tail(&mut self, at: usize) -> Option<Range<usize>> {
        let end = self.t.end(self.t.line_of(at));
        let q = self.skip_blanks(at, end);
        if q == end {
            return None;
        }
        if self.b()[q] != b'#' || q == at {
            self.flag(q);
        }
        Some(at..end)
    }

    fn block_scalar(&mut self, p: usize, col: usize) -> Node {
        let b = self.b();
        let line = self.t.line_of(p);
        let end = self.t.end(line);
        let mut q = p + 1;
        while q < end && (b[q] == b'+' || b[q] == b'-' || b[q].is_ascii_digit()) {
            q += 1;
        }
        let header = &self.t.text[p + 1..q];
        let keep = header.contains('+');
        let explicit = header
            .bytes()
            .find(u8::is_ascii_digit)
            .map(|d| col + usize::from(d - b'0'));
        let tail = self.tail(q);
        let mut content_indent = explicit;
        let mut last = line;
        let mut k = line + 1;
        while k < self.t.lines.len() {
            if self.t.blank(k) {
                k += 1;
                continue;
            }
            let ind = self.t.indent(k);
            if ind < content_indent.unwrap_or(col + 1) {
                break;
            }
            content_indent.get_or_insert(ind);
            last = k;
            k += 1;
        }
        // With `+` the blank lines after the text are part of it.
        if keep {
            last = last.max(k - 1);
        }
        let span_end = if last == line { q } else { self.t.end(last) };
        leaf(p..span_end, last, Style::Block, tail)
    }

    fn flow(&mut self, p: usize) -> Node {
        let b = self.b();
        let mut depth = 0usize;
        let mut token_start = true;
        let mut frozen = false;
        let mut i = p;
        let mut close = None;
        while i < b.len() {
            let c = b[i];
            if (c == b'"' || c == b'\'') && token_start {
                match self.quote_end(i, c, None) {
                    Some(e) => {
                        i = e;
                        token_start = false;
                        continue;
                    }
                    None => break,
                }
            }
            match c {
                b'#' if i > 0 && b[i - 1].is_ascii_whitespace() => {
                    i = self.t.end(self.t.line_of(i));
                    continue;
                }
                b'[' | b'{' => {
                    depth += 1;
                    token_start = true;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(i + 1);
                        break;
                    }
                    token_start = false;
                }
                b',' | b':' => token_start = true,
                c if c.is_ascii_whitespace() => token_start = true,
                b'&' | b'*' | b'!' if token_start => {
                    frozen = true;
                    token_start = false;
                }
                _ => token_start = false,
            }
            i += 1;
        }
        let close = close.unwrap_or_else(|| {
            self.flag(p);
            self.t.end(self.t.line_of(p))
        });
        let tail = self.tail(close);
        let mut node = leaf(p..close, self.t.line_of(close), Style::Flow, tail);
        node.frozen = frozen;
        node
    }

    /// Plain text from `p`, continued on the next lines indented past `col`.
    fn plain(&mut self, p: usize, col: usize) -> Node {
        let mut line = self.t.line_of(p);
        let mut from = p;
        let mut last_end;
        loop {
            let (text_end, comment) = self.plain_line(from);
            last_end = text_end;
            if let Some(tail) = comment {
                return leaf(p..last_end, line, Style::Plain, Some(tail));
            }
            // The next line continues the text if it is indented past the
            // slot and is not a comment (blank lines fold into it).
            let Some(n) = (line + 1..self.t.lines.len()).find(|&k| !self.t.blank(k)) else {
                break;
            };
            let ind = self.t.indent(n);
            if ind <= col || self.t.comment(n) {
                break;
            }
            line = n;
            from = self.t.lines[n].start + ind;
        }
        leaf(p..last_end, line, Style::Plain, None)
    }

    /// Where plain text that starts at `from` ends on its line, and the
    /// comment after it.
    fn plain_line(&self, from: usize) -> (usize, Option<Range<usize>>) {
        let b = self.b();
        let end = self.t.end(self.t.line_of(from));
        let mut i = from;
        while i < end {
            if b[i] == b'#' && i > from && is_blank(b[i - 1]) {
                break;
            }
            i += 1;
        }
        let mut text_end = i;
        while text_end > from && is_blank(b[text_end - 1]) {
            text_end -= 1;
        }
        let comment = (i < end).then_some(text_end..end);
        (text_end, comment)
    }
}

fn leaf(span: Range<usize>, end_line: usize, style: Style, tail: Option<Range<usize>>) -> Node {
    Node {
        span,
        end_line,
        kind: Kind::Scalar(style),
        frozen: false,
        tail,
        old: Json::Null,
    }
}
