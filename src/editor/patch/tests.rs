use std::path::{Path, PathBuf};

use super::*;
use crate::cms::fields::{Doc, Field};

/// The front matter of a content file: the text between its `---` lines.
fn front(text: &str) -> &str {
    let rest = text
        .strip_prefix("---\n")
        .expect("a content file opens with ---");
    let end = rest.find("\n---\n").expect("and closes its front matter");
    &rest[..=end]
}

/// Every example content file: its path, front matter and model fields.
fn examples() -> Vec<(PathBuf, String, Vec<Field>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut files = vec![PathBuf::from("content/_index.md")];
    for folder in ["content/roles", "content/skills", "content/pages"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| Path::new(folder).join(p.file_name().unwrap()))
            .collect();
        names.sort();
        files.extend(names);
    }
    for file in files {
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        let doc = Doc::of_path(file.to_str().unwrap()).unwrap();
        out.push((file, front(&text).to_string(), doc.fields()));
    }
    assert!(out.len() >= 17, "the example site has its content files");
    out
}

/// A role's front matter with what the examples lack: comments of both
/// kinds, blank lines, quotes, a flow list, an unindented list, a wide
/// item indentation, a folded block and a `#` inside a block.
const COMMENTED: &str = r#"# The page for hiring Go developers.
title: Hire Go Developers   # shown in the browser tab
role: Go Developer

# What search engines show.
description: 'Senior Go engineers: vetted, nearshore.'
hero:
  # The big heading.
  heading: "Hire Go developers"
  cta:
    label: Talk to us  # button text
    url: /contact/
skills: [Go, Kubernetes, "gRPC"]
candidates:
  - name: Ana P.   # anonymised
    title: Go Engineer
    experience: 5-10 years
    highlights:
      - Built payment APIs
      # more to come
      - Led a team of 4
  -   name: Luis M.
      title: Backend Engineer
      experience: 10+ years
      summary: >
        Folded text
        over two lines.
interview_questions:
- question: Why Go?
  answer: |
    Because it is simple.

    # Not a comment: a Markdown heading.
    And fast.
faq: []
weight: 10
draft: false
date: 2026-03-01
"#;

// ---------------------------------------------------------------------
// The examples.

#[test]
fn every_example_scans_whole_and_as_serde_yaml_reads_it() {
    for (file, old, _) in examples() {
        assert!(Tree::read(&old).unwrap().0.clean, "{}", file.display());
        assert!(frozen(&old).is_empty(), "{}", file.display());
    }
}

#[test]
fn json_text_has_the_keys_in_file_order() {
    for (file, old, _) in examples() {
        let text = to_json_text(&old).unwrap();
        let value: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(value, to_json(&old).unwrap(), "{}", file.display());
        let keys: Vec<usize> = to_json(&old)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .map(|k| old.find(&format!("\n{k}:")).unwrap_or(0))
            .collect();
        let in_text: Vec<usize> = to_json(&old)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .map(|k| {
                text.find(&format!("{{\"{k}\":"))
                    .or(text.find(&format!(",\"{k}\":")))
                    .unwrap()
            })
            .collect();
        let order = |v: &[usize]| {
            let mut idx: Vec<usize> = (0..v.len()).collect();
            idx.sort_by_key(|&i| v[i]);
            idx
        };
        assert_eq!(order(&keys), order(&in_text), "{}", file.display());
    }
    assert_eq!(
        to_json_text("b: 1\na: [x, {d: 2, c: 3}]\n").unwrap(),
        r#"{"b":1,"a":["x",{"d":2,"c":3}]}"#
    );
}

// ---------------------------------------------------------------------
// Property tests: random edits of every example and of `COMMENTED`.

/// xorshift64*: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------
// By hand.

const ANCHORED: &str = "title: T
hero: &hero
  heading: Hi
  cta:
    label: Go
    url: /x/
extra:
  copy: *hero
  tag: !custom value
  list: [a, *hero]
  <<: {merged: 1}
candidates:
  - &ana
    name: Ana
    title: Dev
  - name: Bo
    title: Dev
weight: 1
";

#[test]
fn anchors_aliases_tags_and_merges_are_frozen() {
    assert_eq!(
        frozen(ANCHORED),
        [
            "hero",
            "extra/copy",
            "extra/tag",
            "extra/list",
            "extra/<<",
            "candidates/0"
        ]
    );
}

// ---------------------------------------------------------------------
// field_at

/// Checks `field_at` on the line of `text` holding each needle (and the
/// lines after it, by an offset).
fn check_field_at(text: &str, cases: &[(&str, usize, Option<&str>)]) {
    for &(needle, offset, expected) in cases {
        let line = text.lines().position(|l| l.contains(needle)).unwrap() + 1 + offset;
        assert_eq!(
            field_at(text, line).as_deref(),
            expected,
            "{needle:?} + {offset}"
        );
    }
}

#[test]
fn field_at_names_the_value_of_a_line() {
    let answer = Some("interview_questions/0/answer");
    check_field_at(
        COMMENTED,
        &[
            ("title: Hire", 0, Some("title")),
            ("name: Luis", 0, Some("candidates/1/name")),
            ("over two lines", 0, Some("candidates/1/summary")),
            ("Led a team", 0, Some("candidates/0/highlights/1")),
            ("Because it", 0, answer),
            // A blank line, and a `#` line, inside the block.
            ("Because it", 1, answer),
            ("# Not a comment", 0, answer),
            ("hero:", 0, Some("hero")),
            ("# The big heading", 0, None),
            ("# What search", 0, None),
            ("# more to come", 0, None),
            // A blank line between keys.
            ("role:", 1, None),
        ],
    );
    assert_eq!(field_at(COMMENTED, 0), None);
    assert_eq!(field_at(COMMENTED, 1000), None);
    // A text with a YAML error: the lines before and after it still tell.
    let broken = "title: T\nrole: [oops\ndescription: D\n";
    assert_eq!(field_at(broken, 1).as_deref(), Some("title"));
    assert_eq!(field_at(broken, 2).as_deref(), Some("role"));
}

#[test]
fn field_at_in_an_example() {
    let old = examples()
        .into_iter()
        .find(|(f, _, _)| f.ends_with("backend-developers.md"))
        .unwrap()
        .1;
    check_field_at(
        &old,
        &[
            ("title: Hire", 0, Some("title")),
            ("name: Carlos", 0, Some("candidates/1/name")),
            ("label: Hire", 0, Some("hero/cta/label")),
            ("def create_charge", 0, Some("interview_questions/2/answer")),
        ],
    );
}

// ---------------------------------------------------------------------
// No input makes it panic.

#[test]
fn garbage_and_truncated_files_do_not_panic() {
    let mut inputs: Vec<String> = Vec::new();
    let mut rng = Rng(42);
    let pieces = [
        " ", "  ", "\n", "\r\n", ":", ": ", "-", "- ", "#", " #", "'", "\"", "|", "|+", ">-", "[",
        "]", "{", "}", ",", "&a", "*a", "!t", "?", "? ", "\t", "key", "é", "<<", "\\", "2", "%",
        "@", "---", "...",
    ];
    for _ in 0..200 {
        let n = rng.below(40);
        inputs.push((0..n).map(|_| *rng.pick(&pieces)).collect());
    }
    for (_, old, _) in examples() {
        let lines: Vec<usize> = old.match_indices('\n').map(|(i, _)| i + 1).collect();
        for &end in lines.iter().step_by(7) {
            inputs.push(old[..end].to_string());
        }
        for _ in 0..6 {
            let mut end = rng.below(old.len());
            while !old.is_char_boundary(end) {
                end -= 1;
            }
            inputs.push(old[..end].to_string());
        }
    }
    inputs.push(COMMENTED.to_string());
    inputs.push(ANCHORED.to_string());
    // Deeper than anything reads: the scan must not run out of stack.
    inputs.push("- ".repeat(20_000));
    inputs.push(
        (0..3_000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect(),
    );
    for text in &inputs {
        let n = text.lines().count();
        for line in [0, 1, n / 2, n, n + 1] {
            let _ = field_at(text, line);
        }
        let _ = frozen(text);
        let _ = to_json(text);
        let _ = to_json_text(text);
    }
}

#[test]
fn errors_say_what_went_wrong() {
    assert_eq!(to_json("- a\n- b\n"), Err(PatchError::NotAMapping));
    assert!(matches!(to_json("a: [\n"), Err(PatchError::Unreadable(_))));
    let message = PatchError::Frozen("hero/cta".into()).to_string();
    assert!(
        message.contains("`hero/cta`") && message.contains("anchor"),
        "{message}"
    );
    assert!(
        PatchError::NotAMapping
            .to_string()
            .contains("not a list of fields")
    );
}
