use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;
use crate::cms::fields::Doc;
use crate::schema::Kind as DocKind;

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
    example_files(false)
}

/// The example site's translations (`x.es.md`), apart from the originals
/// so that the random cases of those keep their seeds.
fn translations() -> Vec<(PathBuf, String, Vec<Field>)> {
    example_files(true)
}

fn example_files(translations: bool) -> Vec<(PathBuf, String, Vec<Field>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut files = vec![PathBuf::from("content/_index.md")];
    for folder in ["content/roles", "content/skills", "content/pages"] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| Path::new(folder).join(p.file_name().unwrap()))
            .filter(|p| crate::content::translation::split_language(p).is_some() == translations)
            .collect();
        names.sort();
        files.extend(names);
    }
    if translations {
        files.retain(|f| f != Path::new("content/_index.md"));
    }
    for file in files {
        let text = std::fs::read_to_string(root.join(&file)).unwrap();
        let doc = Doc::of_path(file.to_str().unwrap()).unwrap();
        out.push((file, front(&text).to_string(), doc.fields()));
    }
    assert!(
        translations || out.len() >= 17,
        "the example site has its content files"
    );
    out
}

fn role_fields() -> Vec<Field> {
    Doc::Content(DocKind::Role).fields()
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

fn edited(old: &str, change: impl FnOnce(&mut Json)) -> Json {
    let mut value = to_json(old).unwrap();
    change(&mut value);
    value
}

fn patched(old: &str, change: impl FnOnce(&mut Json)) -> String {
    let new = edited(old, change);
    let text = apply(old, &new, &role_fields()).unwrap();
    assert!(same(&to_json(&text).unwrap(), &new), "{text}");
    text
}

// ---------------------------------------------------------------------
// The examples.

#[test]
fn saving_an_example_unchanged_writes_the_same_bytes() {
    for (file, old, fields) in examples() {
        let json = to_json(&old).unwrap();
        assert_eq!(
            apply(&old, &json, &fields).unwrap(),
            old,
            "{}",
            file.display()
        );
        assert!(frozen(&old).is_empty(), "{}", file.display());
    }
}

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

/// Texts that test quoting, blocks and indentation.
const TEXTS: &[&str] = &[
    "plain words",
    "Hire Rust developers",
    "2024",
    "true",
    "null",
    "1.5",
    "",
    "x: y",
    "#hash",
    "- dash",
    " leading space",
    "trailing space ",
    "it's",
    "say \"hi\"",
    "both ' and \"",
    "multi\nline",
    "multi\nline\n",
    "para\n\n  indented\n",
    "\n\nstarts with blank lines",
    "ends with blank lines\n\n\n",
    "ünïcödé ✓ 中文",
    "tab\there",
    "[brackets]",
    "{braces}",
    "a, b",
    "~",
    "yes",
    "0x1F",
    "-3",
    "@at",
    "`tick`",
    "line one\nline two # not a comment",
    "% percent",
    "--- marker",
    "---\nmarker line",
    "*star",
    "&amp",
    "!bang",
    "key: |",
    ">",
    "2026-03-01",
    "a long line of more than forty characters, to see what happens with it\nand a second",
    "bell\u{7}",
    "  - indented: list\n  - in text",
];

fn text(rng: &mut Rng) -> String {
    if rng.chance(30) {
        let words = [
            "go", "rust", "team", "api", "remote", "senior", "10+", "C#", "Node.js",
        ];
        let n = 1 + rng.below(5);
        (0..n)
            .map(|_| *rng.pick(&words))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        rng.pick(TEXTS).to_string()
    }
}

/// A value of the given shape.
fn generate(shape: &Shape, rng: &mut Rng) -> Json {
    match shape {
        Shape::String => json!(text(rng)),
        Shape::Date => json!(format!("2026-0{}-1{}", 1 + rng.below(9), rng.below(10))),
        Shape::Integer => json!(rng.below(200) as i64 - 20),
        Shape::Number => json!(rng.below(1000) as f64 / 8.0),
        Shape::Boolean => json!(rng.chance(50)),
        Shape::Choice(options) => json!(rng.pick(options)),
        Shape::Object(fields) => {
            let mut map = serde_json::Map::new();
            for f in fields {
                if f.required || rng.chance(50) {
                    map.insert(f.name.clone(), generate(&f.shape, rng));
                }
            }
            Json::Object(map)
        }
        Shape::List(item) => {
            Json::Array((0..1 + rng.below(3)).map(|_| generate(item, rng)).collect())
        }
        Shape::FreeMap { .. } => json!({ "note": text(rng) }),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Every value under `value` with its path.
fn paths(value: &Json, path: &mut Vec<Seg>, out: &mut Vec<(Vec<Seg>, Json)>) {
    out.push((path.clone(), value.clone()));
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                path.push(Seg::Key(k.clone()));
                paths(v, path, out);
                path.pop();
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(value: &'v mut Json, path: &[Seg]) -> &'v mut Json {
    path.iter().fold(value, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

/// The model's shape of the value at `path`.
fn shape_at<'s>(root: &'s Shape, path: &[Seg]) -> Option<&'s Shape> {
    path.iter().try_fold(root, |shape, seg| match (shape, seg) {
        (Shape::Object(fields), Seg::Key(k)) => {
            fields.iter().find(|f| &f.name == k).map(|f| &f.shape)
        }
        (Shape::List(item), Seg::Index(_)) => Some(item.as_ref()),
        _ => None,
    })
}

/// One random edit of `value`; returns the top-level key it touched.
fn edit(value: &mut Json, root: &Shape, rng: &mut Rng) -> Option<String> {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    let all: Vec<(Vec<Seg>, Json)> = all.into_iter().filter(|(p, _)| !p.is_empty()).collect();
    let top = |p: &[Seg]| match p.first() {
        Some(Seg::Key(k)) => Some(k.clone()),
        _ => None,
    };
    match rng.below(7) {
        // A text, anywhere.
        0 | 1 => {
            let strings: Vec<&(Vec<Seg>, Json)> =
                all.iter().filter(|(_, v)| v.is_string()).collect();
            if strings.is_empty() {
                // A value with no text at all (every optional field left out).
                return None;
            }
            let (path, _) = (*rng.pick(&strings)).clone();
            *at(value, &path) = json!(text(rng));
            top(&path)
        }
        // A number or a boolean.
        2 => {
            let leaves: Vec<&(Vec<Seg>, Json)> = all
                .iter()
                .filter(|(_, v)| v.is_number() || v.is_boolean())
                .collect();
            if leaves.is_empty() {
                value["weight"] = json!(rng.below(50));
                return Some("weight".into());
            }
            let (path, old) = (*rng.pick(&leaves)).clone();
            *at(value, &path) = if old.is_boolean() {
                json!(!old.as_bool().unwrap())
            } else {
                json!(rng.below(100))
            };
            top(&path)
        }
        // A list: add, remove, move.
        3 | 4 => {
            let lists: Vec<&(Vec<Seg>, Json)> = all.iter().filter(|(_, v)| v.is_array()).collect();
            if lists.is_empty() {
                return None;
            }
            let (path, _) = (*rng.pick(&lists)).clone();
            let item_shape = shape_at(root, &path).and_then(|s| match s {
                Shape::List(item) => Some(item.as_ref().clone()),
                _ => None,
            });
            let Json::Array(items) = at(value, &path) else {
                unreachable!()
            };
            let n = items.len();
            match rng.below(5) {
                0 if n > 0 => {
                    items.remove(rng.below(n));
                }
                1 if n > 0 => {
                    items.pop();
                }
                2 if n > 1 => {
                    let (a, b) = (rng.below(n), rng.below(n));
                    items.swap(a, b);
                }
                3 if n > 1 => {
                    let item = items.remove(rng.below(n));
                    items.insert(rng.below(n), item);
                }
                _ => {
                    let new = match (&item_shape, n) {
                        (Some(shape), _) if rng.chance(50) || n == 0 => generate(shape, rng),
                        (_, 0) => json!(text(rng)),
                        _ => {
                            let mut copy = items[rng.below(n)].clone();
                            if let Json::Object(m) = &mut copy
                                && let Some(k) = m.keys().next().cloned()
                            {
                                m[&k] = json!(text(rng));
                            } else {
                                copy = json!(text(rng));
                            }
                            copy
                        }
                    };
                    items.insert(rng.below(n + 1), new);
                }
            }
            top(&path)
        }
        // A key the value lacks, or one removed: at the top or in an object.
        _ => {
            let objects: Vec<&(Vec<Seg>, Json)> =
                all.iter().filter(|(_, v)| v.is_object()).collect();
            let path = if objects.is_empty() || rng.chance(50) {
                Vec::new()
            } else {
                rng.pick(&objects).0.clone()
            };
            let Some(Shape::Object(fields)) = shape_at(root, &path) else {
                return None;
            };
            let fields = fields.clone();
            let Json::Object(map) = at(value, &path) else {
                unreachable!()
            };
            let missing: Vec<&Field> = fields
                .iter()
                .filter(|f| !map.contains_key(&f.name))
                .collect();
            let optional: Vec<&Field> = fields
                .iter()
                .filter(|f| !f.required && map.contains_key(&f.name))
                .collect();
            let touched = if rng.chance(50) && !missing.is_empty() {
                let f = *rng.pick(&missing);
                map.insert(f.name.clone(), generate(&f.shape, rng));
                f.name.clone()
            } else if !optional.is_empty() {
                let f = *rng.pick(&optional);
                map.remove(&f.name);
                f.name.clone()
            } else {
                return None;
            };
            match path.first() {
                Some(Seg::Key(k)) => Some(k.clone()),
                _ => Some(touched),
            }
        }
    }
}

/// The top-level entries of a front matter: key, and its lines up to its
/// last line that is neither blank nor a comment.
fn top_blocks(yaml: &str) -> Vec<(String, String)> {
    // Lines with their `\r`, so that a block is the file's bytes.
    let lines: Vec<&str> = yaml.split('\n').collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let l = lines[i];
            !l.trim().is_empty() && !l.starts_with([' ', '#', '-'])
        })
        .collect();
    let mut out = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let mut e = starts.get(n + 1).copied().unwrap_or(lines.len());
        while e > s + 1 && (lines[e - 1].trim().is_empty() || lines[e - 1].starts_with('#')) {
            e -= 1;
        }
        let key = lines[s].split(':').next().unwrap_or_default().to_string();
        out.push((key, lines[s..e].join("\n")));
    }
    out
}

/// The comment lines at the top level.
fn top_comments(yaml: &str) -> Vec<&str> {
    yaml.lines().filter(|l| l.starts_with('#')).collect()
}

fn check_edits(
    name: &str,
    old: &str,
    fields: &[Field],
    seed: u64,
    count: usize,
    levels: &mut HashMap<Level, usize>,
) {
    let root = Shape::Object(fields.to_vec());
    let base = to_json(old).unwrap();
    let blocks = top_blocks(old);
    let mut rng = Rng(seed);
    for n in 0..count {
        let mut new = base.clone();
        let mut touched = Vec::new();
        for _ in 0..1 + rng.below(3) {
            if let Some(key) = edit(&mut new, &root, &mut rng) {
                touched.push(key);
            }
        }
        let (text, level) =
            apply_at(old, &new, fields).unwrap_or_else(|e| panic!("{name} #{n}: {e}\n{new:#}"));
        *levels.entry(level).or_default() += 1;
        let back = to_json(&text).unwrap_or_else(|e| panic!("{name} #{n}: {e}\n{text}"));
        assert!(
            same(&back, &new),
            "{name} #{n}: reads back otherwise\n{text}"
        );
        if level == Level::Whole {
            continue;
        }
        // Untouched entries keep their bytes, in order.
        let mut from = 0;
        for (key, block) in &blocks {
            if touched.contains(key) {
                continue;
            }
            let found = text[from..].find(block.as_str());
            let Some(found) = found else {
                panic!("{name} #{n}: `{key}` lost its bytes (touched {touched:?})\n{text}");
            };
            from += found + block.len();
        }
        for comment in top_comments(old) {
            assert!(
                text.contains(comment),
                "{name} #{n}: lost `{comment}`\n{text}"
            );
        }
    }
}

#[test]
fn random_edits_read_back_and_keep_the_rest() {
    let mut cases: Vec<(String, String, Vec<Field>, usize)> = examples()
        .into_iter()
        .map(|(file, old, fields)| (file.display().to_string(), old, fields, 200))
        .collect();
    cases.push(("COMMENTED".into(), COMMENTED.into(), role_fields(), 400));
    cases.push((
        "COMMENTED (CRLF)".into(),
        COMMENTED.replace('\n', "\r\n"),
        role_fields(),
        200,
    ));
    cases.extend(
        translations()
            .into_iter()
            .map(|(file, old, fields)| (file.display().to_string(), old, fields, 100)),
    );
    // Two threads: reading YAML back is slow in a debug build.
    let halves: Vec<HashMap<Level, usize>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..2)
            .map(|half| {
                let cases = &cases;
                scope.spawn(move || {
                    let mut levels = HashMap::new();
                    for (i, (name, old, fields, count)) in
                        cases.iter().enumerate().skip(half).step_by(2)
                    {
                        check_edits(
                            name,
                            old,
                            fields,
                            0x9e37_79b9 + i as u64,
                            *count,
                            &mut levels,
                        );
                    }
                    levels
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let mut levels: HashMap<Level, usize> = HashMap::new();
    for (level, n) in halves.into_iter().flatten() {
        *levels.entry(level).or_default() += n;
    }
    eprintln!("levels: {levels:?}");
    // Every edit is made in place: the fallbacks are for what the tests
    // do not reach.
    assert_eq!(levels.get(&Level::Entries), None, "{levels:?}");
    assert_eq!(levels.get(&Level::Whole), None, "{levels:?}");
}

// ---------------------------------------------------------------------
// By hand.

#[test]
fn comments_stay_next_to_their_values() {
    let text = patched(COMMENTED, |v| {
        v["title"] = json!("Hire Golang Developers");
        v["hero"]["cta"]["label"] = json!("Book a call");
        v["candidates"][0]["name"] = json!("Ana Q.");
        v["hero"]["heading"] = json!("Hire Gophers");
    });
    assert!(text.starts_with("# The page for hiring Go developers.\ntitle: Hire Golang Developers   # shown in the browser tab\n"));
    assert!(
        text.contains("  # The big heading.\n  heading: \"Hire Gophers\"\n"),
        "double quotes kept"
    );
    assert!(text.contains("    label: Book a call  # button text\n"));
    assert!(text.contains("  - name: Ana Q.   # anonymised\n"));
    assert!(text.contains("\n# What search engines show.\ndescription:"));
    assert!(text.contains("      - Built payment APIs\n      # more to come\n"));
}

#[test]
fn the_only_change_is_the_edited_value() {
    let text = patched(COMMENTED, |v| v["weight"] = json!(20));
    assert_eq!(text, COMMENTED.replace("weight: 10", "weight: 20"));
    let text = patched(COMMENTED, |v| v["description"] = json!("it's new"));
    assert_eq!(
        text,
        COMMENTED.replace("'Senior Go engineers: vetted, nearshore.'", "'it''s new'"),
        "single quotes kept"
    );
}

#[test]
fn texts_that_read_as_other_types_stay_texts() {
    for s in [
        "2024",
        "true",
        "null",
        "1.5",
        "",
        "~",
        "0x1F",
        "2026-03-01",
        "- x",
        "#1",
    ] {
        let text = patched("title: Old\nweight: 3\n", |v| v["title"] = json!(s));
        assert_eq!(to_json(&text).unwrap()["title"], json!(s), "{text}");
    }
    let text = patched("title: Old\nweight: 3\n", |v| v["title"] = json!("2024"));
    assert_eq!(text, "title: '2024'\nweight: 3\n");
    assert_eq!(
        to_json("weight: 10\nd: 2026-03-01\nf: 1.5\n").unwrap(),
        json!({"weight": 10, "d": "2026-03-01", "f": 1.5})
    );
}

#[test]
fn a_new_key_goes_after_the_last_key_before_it_in_the_model() {
    let text = patched(COMMENTED, |v| v["slug"] = json!("go"));
    assert!(
        text.contains("description: 'Senior Go engineers: vetted, nearshore.'\nslug: go\nhero:\n"),
        "{text}"
    );
    let text = patched(COMMENTED, |v| v["hero"]["subheading"] = json!("Fast"));
    assert!(
        text.contains("  heading: \"Hire Go developers\"\n  subheading: Fast\n  cta:\n"),
        "{text}"
    );
    // Model order inside a new object, and after the last earlier key when
    // the key just before it in the model is missing.
    let text = patched("title: T\nrole: R\ndraft: true\n", |v| {
        v["hero"] = json!({"cta": {"url": "/c/", "label": "Go"}, "heading": "H"});
        v["weight"] = json!(4);
    });
    assert_eq!(
        text,
        "title: T\nrole: R\nhero:\n  heading: H\n  cta:\n    label: Go\n    url: /c/\nweight: 4\ndraft: true\n"
    );
    // In a list item, at the item's indentation (4 columns here).
    let text = patched(COMMENTED, |v| {
        v["candidates"][1]["photo"] = json!("/img/luis.jpg")
    });
    assert!(text.contains("      experience: 10+ years\n"), "{text}");
    assert_eq!(
        to_json(&text).unwrap()["candidates"][1]["photo"],
        json!("/img/luis.jpg")
    );
}

#[test]
fn multi_line_text_is_a_literal_block_at_its_indentation() {
    let text = patched(COMMENTED, |v| {
        v["candidates"][0]["summary"] = json!("Line one.\nLine two.")
    });
    // `summary` is not in the model: it goes last.
    assert!(
        text.contains(
            "      - Led a team of 4\n    summary: |-\n      Line one.\n      Line two.\n  -   name"
        ),
        "{text}"
    );
    let text = patched(COMMENTED, |v| v["title"] = json!("Two\nlines\n"));
    assert!(
        text.contains("title: |   # shown in the browser tab\n  Two\n  lines\nrole:"),
        "{text}"
    );
    // A block edited into one line.
    let text = patched(COMMENTED, |v| {
        v["interview_questions"][0]["answer"] = json!("Short.")
    });
    assert!(
        text.contains("- question: Why Go?\n  answer: Short.\nfaq: []\n"),
        "{text}"
    );
}

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
    let fields = role_fields();
    let change = |f: &dyn Fn(&mut Json)| apply(ANCHORED, &edited(ANCHORED, f), &fields);
    assert_eq!(
        change(&|v| v["hero"]["heading"] = json!("Hello")),
        Err(PatchError::Frozen("hero".into()))
    );
    assert_eq!(
        change(&|v| v["extra"]["tag"] = json!({"!custom": "other"})),
        Err(PatchError::Frozen("extra/tag".into()))
    );
    assert_eq!(
        change(&|v| v["candidates"][0]["name"] = json!("Ann")),
        Err(PatchError::Frozen("candidates/0".into()))
    );
    let text = change(&|v| {
        v["title"] = json!("New");
        v["candidates"][1]["name"] = json!("Bob");
    })
    .unwrap();
    assert_eq!(
        text,
        ANCHORED
            .replace("title: T", "title: New")
            .replace("Bo\n", "Bob\n")
    );
    // The anchored item can move with its bytes.
    let text = change(&|v| v["candidates"].as_array_mut().unwrap().swap(0, 1)).unwrap();
    assert!(
        text.contains("  - name: Bo\n    title: Dev\n  - &ana\n    name: Ana\n"),
        "{text}"
    );
    // Removing an anchor an alias needs is refused; removing an alias is not.
    assert_eq!(
        change(&|v| {
            v.as_object_mut().unwrap().remove("hero");
        }),
        Err(PatchError::FrozenRemoved("hero".into()))
    );
    let text = change(&|v| {
        v["extra"].as_object_mut().unwrap().remove("copy");
    })
    .unwrap();
    assert!(!text.contains("copy:"));
}

#[test]
fn flow_lists_are_edited_as_flow_lists() {
    let text = patched(COMMENTED, |v| {
        v["skills"].as_array_mut().unwrap().push(json!("Rust"))
    });
    assert!(
        text.contains("\nskills: [Go, Kubernetes, gRPC, Rust]\ncandidates:"),
        "{text}"
    );
    let text = patched(COMMENTED, |v| v["skills"] = json!(["a, b", "x: y", "it's"]));
    assert!(
        text.contains("\nskills: ['a, b', 'x: y', it's]\n"),
        "{text}"
    );
    let text = patched(COMMENTED, |v| {
        v["faq"] = json!([{"question": "Q?", "answer": "A."}])
    });
    assert!(
        text.contains("\nfaq:\n  - question: Q?\n    answer: A.\nweight: 10\n"),
        "{text}"
    );
    let text = patched(COMMENTED, |v| v["skills"] = json!([]));
    assert!(text.contains("\nskills: []\n"), "{text}");
}

#[test]
fn crlf_line_endings_are_kept() {
    let old = COMMENTED.replace('\n', "\r\n");
    let text = patched(&old, |v| {
        v["title"] = json!("A\nB");
        v["slug"] = json!("go");
        v["skills"] = json!(["Go"]);
        v["candidates"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "C", "title": "D", "summary": "x\ny"}));
        v["hero"].as_object_mut().unwrap().remove("heading");
    });
    assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
    assert!(
        text.contains("title: |-   # shown in the browser tab\r\n  A\r\n  B\r\n"),
        "{text:?}"
    );
    assert_eq!(
        apply(&old, &to_json(&old).unwrap(), &role_fields()).unwrap(),
        old
    );
}

#[test]
fn empty_front_matter() {
    assert_eq!(to_json("").unwrap(), json!({}));
    assert!(frozen("").is_empty());
    assert_eq!(apply("", &json!({}), &role_fields()).unwrap(), "");
    assert_eq!(
        apply("", &json!({"title": "T", "role": "R"}), &role_fields()).unwrap(),
        "title: T\nrole: R\n"
    );
    assert_eq!(
        apply("# nothing yet\n", &json!({"title": "T"}), &role_fields()).unwrap(),
        "# nothing yet\ntitle: T\n"
    );
    assert_eq!(apply("title: T\n", &json!({}), &role_fields()).unwrap(), "");
}

#[test]
fn a_value_on_the_line_after_its_key() {
    let old = "title:\n  Hire Go\n  Developers\nrole: R\nhero:\n  heading:\n    \"Hi\"\n";
    assert_eq!(to_json(old).unwrap()["title"], json!("Hire Go Developers"));
    let text = patched(old, |v| v["title"] = json!("New"));
    assert_eq!(text, "title: New\nrole: R\nhero:\n  heading:\n    \"Hi\"\n");
    let text = patched(old, |v| v["hero"]["heading"] = json!("Ho"));
    assert_eq!(
        text,
        "title:\n  Hire Go\n  Developers\nrole: R\nhero:\n  heading: \"Ho\"\n"
    );
}

#[test]
fn deleting_list_items() {
    let old = "title: T\nskills:\n  - Go\n  - Rust\n  - SQL\nweight: 1\n";
    assert_eq!(
        patched(old, |v| {
            v["skills"].as_array_mut().unwrap().pop();
        }),
        "title: T\nskills:\n  - Go\n  - Rust\nweight: 1\n"
    );
    assert_eq!(
        patched(old, |v| {
            v["skills"].as_array_mut().unwrap().remove(0);
        }),
        "title: T\nskills:\n  - Rust\n  - SQL\nweight: 1\n"
    );
    assert_eq!(
        patched(old, |v| v["skills"] = json!([])),
        "title: T\nskills: []\nweight: 1\n"
    );
    // The last item of the last key: the text ends after the item before.
    let old = "title: T\nskills:\n  - Go\n  - Rust\n";
    assert_eq!(
        patched(old, |v| {
            v["skills"].as_array_mut().unwrap().pop();
        }),
        "title: T\nskills:\n  - Go\n"
    );
    // An item removed from a list of objects takes its lines along.
    let text = patched(COMMENTED, |v| {
        v["candidates"].as_array_mut().unwrap().remove(0);
    });
    assert!(
        text.contains("candidates:\n  -   name: Luis M.\n"),
        "{text}"
    );
}

#[test]
fn removing_a_key_removes_its_lines_only() {
    let text = patched(COMMENTED, |v| {
        v.as_object_mut().unwrap().remove("role");
    });
    assert_eq!(text, COMMENTED.replace("role: Go Developer\n", ""));
    let old = "title: T\n\nrole: R\n\nweight: 1\n";
    let text = patched(old, |v| {
        v.as_object_mut().unwrap().remove("role");
    });
    assert_eq!(
        text, "title: T\n\nweight: 1\n",
        "one blank line left between"
    );
    let text = patched(COMMENTED, |v| {
        v["candidates"][0].as_object_mut().unwrap().remove("name");
    });
    assert!(
        text.contains("candidates:\n  - title: Go Engineer\n"),
        "{text}"
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
    let fields = role_fields();
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
    let mut originals = Vec::new();
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
        originals.push(to_json(&old).unwrap());
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
        let json = to_json(text);
        let _ = to_json_text(text);
        for new in [json!([1]), rng.pick(&originals).clone()] {
            if let Ok(out) = apply(text, &new, &fields) {
                assert!(same(&to_json(&out).unwrap(), &new), "{text:?} -> {out:?}");
            }
        }
        if let Ok(json) = json {
            assert_eq!(apply(text, &json, &fields).as_deref(), Ok(text.as_str()));
        }
    }
}

#[test]
fn errors_say_what_went_wrong() {
    let fields = role_fields();
    assert_eq!(
        apply("- a\n- b\n", &json!({}), &fields),
        Err(PatchError::NotAMapping)
    );
    assert!(matches!(
        apply("a: [\n", &json!({}), &fields),
        Err(PatchError::Unreadable(_))
    ));
    assert_eq!(
        apply("a: 1\n", &json!([]), &fields),
        Err(PatchError::DraftNotAnObject)
    );
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
