use super::*;

fn role(text: &str) -> Formatted {
    format(
        Path::new("content/roles/a.md"),
        Doc::Content(Kind::Role),
        text,
    )
    .unwrap()
}

/// Every content and data file of the example site, with its kind.
fn example_files() -> Vec<(PathBuf, Doc, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    files(root)
        .into_iter()
        .map(|file| {
            let doc = Doc::of_path(file.to_str().unwrap()).unwrap();
            let text = std::fs::read_to_string(root.join(&file)).unwrap();
            (file, doc, text)
        })
        .collect()
}

#[test]
fn the_example_site_is_in_canonical_form() {
    let files = example_files();
    assert!(files.len() >= 17, "roles, skills, pages, home and data");
    for (file, doc, text) in files {
        let formatted = format(&file, doc, &text).unwrap();
        assert_eq!(formatted.text, text, "{} is not canonical", file.display());
    }
}

#[test]
fn formatting_is_idempotent() {
    let samples = [
        "---\ntitle: T\nrole: R\ndescription: D\nskills: [A, B]\ndraft: true\n---\nBody\n",
        "---\nskills: [A]\ndescription: D\nrole: R\ntitle: T\n---\n\n\n## Guide\n\n\n",
        "---\ntitle: 'T: x'\nrole: R\ndescription: \"it's\"\nskills: []\nextra: {b: 1, a: {d: [2, 1], c: x}}\n---\n",
    ];
    for text in samples {
        let once = role(text).text;
        let twice = role(&once).text;
        assert_eq!(once, twice, "from {text:?}");
    }
}

/// The same data, written by another YAML writer (serde_yaml: no indented
/// sequences, its own quoting) and with the keys in another order, formats
/// to the same bytes as the original.
#[test]
fn files_written_by_another_yaml_writer_come_back_canonical() {
    for (file, doc, text) in example_files() {
        let canonical = format(&file, doc, &text).unwrap().text;
        let rewritten = match doc {
            Doc::Content(_) => {
                let split = front_matter::split(&file, &text).unwrap();
                let value: Value = serde_yaml::from_str(split.yaml).unwrap();
                let Value::Mapping(map) = value else { panic!() };
                // Reverse the keys: the order must come from the model.
                let mut pairs: Vec<(Value, Value)> = map.into_iter().collect();
                pairs.reverse();
                let reversed: Mapping = pairs.into_iter().collect();
                let yaml = serde_yaml::to_string(&Value::Mapping(reversed)).unwrap();
                format!("---\n{yaml}---\n{}", split.body)
            }
            _ => {
                let value: Value = serde_yaml::from_str(&text).unwrap();
                serde_yaml::to_string(&value).unwrap()
            }
        };
        assert_ne!(
            rewritten,
            canonical,
            "{}: the test must change something",
            file.display()
        );
        let again = format(&file, doc, &rewritten).unwrap();
        // The other writer dropped the comments (of the data files: the
        // example's front matter has none, and `#` starts Markdown headings).
        let uncommented: String = match doc {
            Doc::Content(_) => canonical.clone(),
            _ => canonical
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| format!("{l}\n"))
                .collect(),
        };
        assert_eq!(again.text, uncommented, "{}", file.display());
    }
}

#[test]
fn keys_follow_the_model_and_extra_comes_last_sorted() {
    let out = role(
        "---\nextra: {pitch_b: 2, Pitch: {z: 1, a: 2}, a10: x, a2: y}\nskills: [Go]\n\
         description: D\nrole: R\ntitle: T\n---\n",
    );
    assert_eq!(
        out.text,
        "---\ntitle: T\nrole: R\ndescription: D\nskills:\n  - Go\ndraft: false\n\
         extra:\n  a2: y\n  a10: x\n  pitch_b: 2\n  Pitch:\n    a: 2\n    z: 1\n---\n"
    );
}

#[test]
fn the_cms_collator_sorts_like_intl_collator() {
    // new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'})
    assert_eq!(collate_text("a2", "a10"), Ordering::Less);
    assert_eq!(collate_text("B", "a"), Ordering::Greater);
    assert_eq!(collate_text("a", "A"), Ordering::Equal);
    assert_eq!(collate_text("pitch_x", "pitch.heading"), Ordering::Less);
    assert_eq!(collate_text("x.1", "xa"), Ordering::Less);
}

#[test]
fn empty_optional_fields_go_unless_that_changes_meaning() {
    let out = role(
        "---\ntitle: T\nrole: R\ndescription: D\nskills: [Go]\nrelated: []\nfaq: []\nhero: null\n---\n",
    );
    assert!(!out.text.contains("related"), "{}", out.text);
    assert!(!out.text.contains("faq"));
    assert!(!out.text.contains("hero"));
    // `slug: ''` is not "no slug": both are kept where dropping would
    // change what the build reads.
    let out = role("---\ntitle: T\nrole: R\ndescription: D\nskills: [Go]\nslug: ''\n---\n");
    assert!(out.text.contains("slug: ''"), "{}", out.text);
}

#[test]
fn the_body_follows_one_blank_line_and_ends_with_one_newline() {
    let head = "---\ntitle: T\nrole: R\ndescription: D\nskills: []\ndraft: false\n---\n";
    assert_eq!(
        role(&format!("{head}## A\n\n\n")).text,
        format!("{head}\n## A\n")
    );
    assert_eq!(
        role(&format!("{head}\n## A")).text,
        format!("{head}\n## A\n")
    );
    assert_eq!(role(head).text, head);
    let crlf = format!("{head}\n## A\n").replace('\n', "\r\n");
    assert_eq!(role(&crlf).text, format!("{head}\n## A\n"));
}

#[test]
fn comments_are_kept_where_the_form_allows() {
    let out = role(
        "---\n# A role guide.\ntitle: T   # the H1\nrole: R\ndescription: 'x # y'  # quoted\n\
         skills:\n  # nested\n  - Go  # also nested\ncandidates:\n  - name: N\n    title: T\n\
         \x20   highlights:\n      - |\n        # a Markdown heading, not a comment\n# the end\n---\n",
    );
    assert_eq!(
        out.text,
        "---\n# A role guide.\ntitle: T # the H1\nrole: R\ndescription: 'x # y' # quoted\n\
         skills:\n  - Go\ncandidates:\n  - name: N\n    title: T\n    highlights:\n\
         \x20     - |\n        # a Markdown heading, not a comment\ndraft: false\n# the end\n---\n"
    );
    let lines: Vec<usize> = out
        .dropped
        .iter()
        .map(|d| d.line.unwrap() as usize)
        .collect();
    assert_eq!(lines, [7, 8], "{:?}", out.dropped);
}

#[test]
fn the_scaffold_of_new_formats_without_changing_meaning() {
    let text = crate::scaffold::role_template_for_tests();
    let out = role(&text);
    assert!(out.text.starts_with("---\n# A role guide"), "{}", out.text);
    assert_eq!(role(&out.text).text, out.text);
}

#[test]
fn broken_files_are_reported_not_changed() {
    let err = format(
        Path::new("content/roles/a.md"),
        Doc::Content(Kind::Role),
        "---\ntitle: [\n---\n",
    )
    .unwrap_err();
    assert_eq!(err.file, Path::new("content/roles/a.md"));
    assert!(err.line.is_some());
    let err = format(
        Path::new("content/roles/a.md"),
        Doc::Content(Kind::Role),
        "---\ntitle: T\n---\n",
    )
    .unwrap_err();
    assert!(
        err.message.contains("missing required field `role`"),
        "{}",
        err.message
    );
}

#[test]
fn data_files_keep_every_value() {
    let out = format(
        Path::new("content/_data/process.yaml"),
        Doc::Process,
        "steps:\n  - text: x\n    name: A\nintro: ''\nheading: H\n",
    )
    .unwrap();
    assert_eq!(
        out.text,
        "heading: H\nintro: ''\nsteps:\n  - name: A\n    text: x\n"
    );
}

#[test]
fn trailing_blank_lines_kept_with_a_keep_block_stay() {
    let text = "---\ntitle: T\nrole: R\ndescription: D\nskills: []\ndraft: false\nextra:\n  k: \"x\\n\\n\\n\"\n---\n";
    let out = role(text);
    assert!(out.text.contains("k: |+\n    x\n\n\n---"), "{}", out.text);
}

/// The CMS trims every text it saves; for Markdown fields fmt does the
/// same where the HTML cannot change, so an answer written as a `|` block
/// does not change on its next save in the CMS.
#[test]
fn markdown_answers_lose_the_whitespace_around_them() {
    let out = role(
        "---\ntitle: T\nrole: R\ndescription: D\nskills: []\n\
         faq:\n  - question: 'Q '\n    answer: |\n\n      A.\n\n      ```\n      code\n      ```\n---\n",
    );
    assert!(
        out.text.contains(
            "  - question: 'Q '\n    answer: |-\n      A.\n\n      ```\n      code\n      ```\n"
        ),
        "{}",
        out.text
    );
    // Leading spaces stay: they could make an indented code block.
    let out = role(
        "---\ntitle: T\nrole: R\ndescription: D\nskills: []\nfaq:\n  - {question: Q, answer: '    code'}\n---\n",
    );
    assert!(out.text.contains("answer: '    code'"), "{}", out.text);
}

/// A small deterministic generator of YAML values full of characters YAML
/// treats specially (no crate needed for a few hundred cases).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        // xorshift64
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Go", " ", "  ", "\n", "\n\n", ":", ": ", "#", " #", "'", "\"", "-", "- ", "?",
            "|", ">", "\t", "0", "12", ".", "1.5", "e3", "ü", "✓", "\\", "[", "]", "{", "}", ",",
            "&", "*", "!", "%", "@", "`", "---", "...", "true", "null", "~", "0x1F", "\u{7}",
        ];
        let len = self.below(7);
        (0..len)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }

    fn value(&mut self, depth: u32) -> Value {
        let kinds = if depth == 0 { 5 } else { 7 };
        match self.below(kinds) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 1),
            2 => Value::Number((self.next() as i64 % 100_000).into()),
            3 => {
                let floats = [1.5, 0.1, -2.25, 1.0, 1e-7, 3e21, 1234.5678, f64::INFINITY];
                Value::Number(floats[self.below(floats.len() as u64) as usize].into())
            }
            4 => Value::String(self.text()),
            5 => Value::Sequence((0..self.below(4)).map(|_| self.value(depth - 1)).collect()),
            _ => {
                let mut map = Mapping::new();
                for i in 0..self.below(4) {
                    let key = format!("{}{i}", self.text().replace(['\n', '\t', '\u{7}'], ""));
                    map.insert(Value::String(key), self.value(depth - 1));
                }
                Value::Mapping(map)
            }
        }
    }
}

/// For hundreds of random front matters written by serde_yaml: fmt
/// succeeds, keeps what the build reads, and a second run changes nothing.
#[test]
fn fmt_is_idempotent_and_keeps_meaning_on_random_documents() {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for case in 0..400 {
        let mut front = Mapping::new();
        let title = random.text();
        front.insert("extra".into(), random.value(3));
        front.insert(
            "skills".into(),
            Value::Sequence(vec![Value::String(random.text())]),
        );
        front.insert("description".into(), Value::String(random.text()));
        front.insert("role".into(), "R".into());
        front.insert("title".into(), Value::String(title));
        if !front["extra"].is_mapping() {
            front.insert("extra".into(), Value::Mapping(Mapping::new()));
        }
        let yaml = serde_yaml::to_string(&Value::Mapping(front.clone())).unwrap();
        let text = format!("---\n{yaml}---\nBody\n");
        let original: RoleFront = serde_yaml::from_str(&yaml).unwrap();
        let out = format(Path::new("a.md"), Doc::Content(Kind::Role), &text)
            .unwrap_or_else(|e| panic!("case {case}: {}\n{text}", e.message));
        let split = front_matter::split(Path::new("a.md"), &out.text).unwrap();
        let back: RoleFront = serde_yaml::from_str(split.yaml)
            .unwrap_or_else(|e| panic!("case {case}: {e}\n{}", out.text));
        assert_eq!(back, original, "case {case}:\n{text}\n->\n{}", out.text);
        assert_eq!(
            role(&out.text).text,
            out.text,
            "case {case}: not idempotent"
        );
    }
}
