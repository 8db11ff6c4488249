//! The editor's JSON API (the table in the module doc of [`super`]): what
//! each request reads, renders or writes.
//!
//! Files are read from disk on every request, which is the truth a save
//! is checked against (`version`); drafts are rendered by the preview
//! ([`Preview::draft`]), which holds the loaded site. Writes go only to
//! content files under `content/` and photos under `static/images/`, each
//! atomically ([`crate::files::write_atomic`]); the watcher then rebuilds
//! the served pages as for any other save.

use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{Call, Editor, Reply, form, patch};
use crate::cms::fields::Doc;
use crate::content::front_matter;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, display_path};
use crate::output::fingerprint::sha256_hex;
use crate::scaffold;
use crate::serve::preview::{DraftPage, Preview, kind_of};

/// Where uploaded photos go, and the URL path they are published under.
const IMAGES_DIR: &str = "static/images";
const IMAGES_URL: &str = "/images";

/// The photo formats accepted, by media type: extension and magic bytes.
const IMAGE_TYPES: &[(&str, &str)] = &[
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/webp", "webp"),
    ("image/avif", "avif"),
];

pub(super) fn route(editor: &Editor, call: &Call) -> Reply {
    let endpoint = call.path().trim_start_matches(super::API_PREFIX);
    match (call.method.as_str(), endpoint) {
        ("GET", "files") => files(editor),
        ("GET", "model") => model(editor),
        ("GET", "file") => with_path(editor, call, |file| read(&file)),
        ("PUT", "file") => with_json(call, |body| {
            with_path(editor, call, |file| save(editor, &file, body))
        }),
        ("POST", "file") => with_json(call, |body| create(editor, body)),
        ("POST", "preview") => with_json(call, |body| preview(editor, body)),
        ("POST", "images") => upload(editor, call),
        (_, "files" | "model" | "file" | "preview" | "images") => {
            Reply::error(405, "this method is not allowed here")
        }
        _ => Reply::error(404, "no such request in the editor's API"),
    }
}

/// Runs `then` with the JSON body, or refuses a body that is not JSON.
fn with_json(call: &Call, then: impl FnOnce(&Value) -> Reply) -> Reply {
    let is_json = call
        .header("content-type")
        .is_some_and(|t| t.split(';').next().unwrap_or_default().trim() == "application/json");
    if !is_json {
        return Reply::error(415, "send JSON, with Content-Type: application/json");
    }
    match serde_json::from_slice::<Value>(&call.body) {
        Ok(value) if value.is_object() => then(&value),
        Ok(_) => Reply::error(400, "the body must be a JSON object"),
        Err(e) => Reply::error(400, format!("the body is not valid JSON: {e}")),
    }
}

/// Runs `then` with the `path` of the query, once it is known to name a
/// content file inside `content/`.
fn with_path(editor: &Editor, call: &Call, then: impl FnOnce(ContentFile) -> Reply) -> Reply {
    let Some(path) = call.query("path") else {
        return Reply::error(400, "say which file: ?path=content/roles/….md");
    };
    match ContentFile::of(&editor.root, &path) {
        Ok(file) => then(file),
        Err(refusal) => refusal,
    }
}

/// A content file the editor may read and write.
struct ContentFile {
    /// Relative to the site root, with `/`: `content/roles/x.md`.
    path: String,
    /// `role`, `skill`, `page` or `home`.
    kind: &'static str,
    /// The site's root, which `path` is relative to.
    root: PathBuf,
    /// Its place on disk.
    absolute: PathBuf,
}

impl ContentFile {
    /// Checks that `path` names a content file (by where it is and how it
    /// is named) and stays under `content/` once `..` and symbolic links
    /// are resolved: 403 otherwise.
    fn of(root: &Path, path: &str) -> Result<ContentFile, Reply> {
        let forbidden = || Reply::error(403, format!("`{path}` is not a content file"));
        let relative = Path::new(path);
        // Spelled plainly (no `//`, `.` or `..` anywhere) as well as made
        // of plain names: the rest of the editor compares paths by their
        // bytes (`files::same`).
        let plain = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
            && path.split('/').all(|name| !matches!(name, "" | "." | ".."));
        if !plain || path.contains(['\\', '\0']) {
            return Err(forbidden());
        }
        let kind = kind_of(path).ok_or_else(forbidden)?;
        let absolute = root.join(relative);
        let content = root.join("content");
        let confined = if absolute.exists() {
            is_inside(&absolute, &content)
        } else {
            absolute.parent().is_some_and(|p| is_inside(p, &content))
        };
        if !confined {
            return Err(forbidden());
        }
        Ok(ContentFile {
            path: path.to_string(),
            kind,
            root: root.to_path_buf(),
            absolute,
        })
    }

    fn doc(&self) -> Doc {
        Doc::of_path(&self.path).expect("bug: checked in ContentFile::of")
    }

    /// The file's text, or 404/422 when it cannot be read.
    fn text(&self) -> Result<String, Reply> {
        if !self.absolute.is_file() {
            return Err(Reply::error(404, format!("there is no file {}", self.path)));
        }
        crate::files::read_text(&self.root, Path::new(&self.path)).map_err(|d| {
            Reply::json(
                422,
                &json!({ "error": d.message, "diagnostics": [diagnostic_json(&d, None)] }),
            )
        })
    }
}

/// A content file's text cut where the editor edits it: the YAML of the
/// front matter, and the Markdown body after the blank lines that follow
/// the closing `---`. What lies between (the fences, those blank lines)
/// is kept byte for byte.
struct Parts<'a> {
    text: &'a str,
    /// Byte range of the YAML, or `None` for a file without front matter.
    yaml: Option<std::ops::Range<usize>>,
    /// Byte offset of the body.
    body: usize,
}

impl<'a> Parts<'a> {
    fn of(path: &str, text: &'a str) -> Parts<'a> {
        match front_matter::split(Path::new(path), text) {
            Ok(split) => {
                let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
                let blank = split.body.len() - split.body.trim_start_matches(['\r', '\n']).len();
                Parts {
                    text,
                    yaml: Some(start..start + split.yaml.len()),
                    body: split.body_offset + blank,
                }
            }
            Err(_) => Parts {
                text,
                yaml: None,
                body: 0,
            },
        }
    }

    fn yaml(&self) -> &'a str {
        self.yaml.clone().map_or("", |range| &self.text[range])
    }

    fn body(&self) -> &'a str {
        &self.text[self.body..]
    }

    /// The text with `fields` written into the YAML and `body` as the body.
    fn compose(&self, doc: Doc, fields: &Value, body: &str) -> Result<Composed, String> {
        let mut yaml =
            patch::apply(self.yaml(), fields, &doc.fields()).map_err(|e| e.to_string())?;
        if !yaml.is_empty() && !yaml.ends_with('\n') {
            yaml.push('\n');
        }
        let (before, between) = match &self.yaml {
            Some(range) => (&self.text[..range.start], &self.text[range.end..self.body]),
            None => ("---\n", "---\n\n"),
        };
        let text = format!("{before}{yaml}{between}{body}");
        let yaml_line = before.matches('\n').count() + 1;
        let body_line = yaml_line + yaml.matches('\n').count() + between.matches('\n').count();
        Ok(Composed {
            text,
            yaml,
            yaml_line,
            body_line,
        })
    }
}

/// A draft's text, and where its parts start, to put diagnostics at the
/// field they are about.
struct Composed {
    text: String,
    yaml: String,
    /// The 1-based line of the file where the YAML starts.
    yaml_line: usize,
    /// The 1-based line where the body starts.
    body_line: usize,
}

impl Composed {
    /// The field path of a line of the draft.
    fn field_at(&self, line: usize) -> Option<String> {
        if line >= self.body_line {
            return Some("body".into());
        }
        let in_yaml = line.checked_sub(self.yaml_line)? + 1;
        patch::field_at(&self.yaml, in_yaml)
    }
}

/// An opaque string that changes whenever the file's bytes do.
fn version(text: &str) -> String {
    sha256_hex(text.as_bytes())[..20].to_string()
}

fn files(editor: &Editor) -> Reply {
    let listing = lock(editor).listing();
    let files: Vec<Value> = listing
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "kind": f.kind,
                "title": f.title,
                "url": f.url,
                "draft": f.draft,
            })
        })
        .collect();
    Reply::json(200, &json!({ "files": files }))
}

fn model(editor: &Editor) -> Reply {
    let choices = lock(editor).choices();
    let aliases: Map<String, Value> = choices
        .aliases
        .into_iter()
        .map(|(alias, name)| (alias, name.into()))
        .collect();
    let roles: Vec<Value> = choices
        .roles
        .into_iter()
        .map(|(slug, title)| json!({ "slug": slug, "title": title }))
        .collect();
    Reply::json(
        200,
        &json!({
            "kinds": form::kinds(),
            "skills": choices.skills,
            "aliases": aliases,
            "roles": roles,
            "locations": choices.locations,
            "images": images(&editor.root),
            "templates": choices.templates,
        }),
    )
}

/// The URLs of the photos under `static/images/`, sorted.
fn images(root: &Path) -> Vec<String> {
    let dir = root.join(IMAGES_DIR);
    let mut urls: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e
                .path()
                .strip_prefix(&dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            let extension = relative.rsplit('.').next()?.to_ascii_lowercase();
            let is_image = matches!(
                extension.as_str(),
                "jpg" | "jpeg" | "png" | "webp" | "avif" | "gif" | "svg"
            );
            (is_image && !crate::files::is_ignored_name(&relative))
                .then(|| format!("{IMAGES_URL}/{relative}"))
        })
        .collect();
    urls.sort();
    urls
}

fn read(file: &ContentFile) -> Reply {
    let text = match file.text() {
        Ok(text) => text,
        Err(refusal) => return refusal,
    };
    let parts = Parts::of(&file.path, &text);
    // `fields` keeps the file's key order, which a `serde_json::Value`
    // cannot hold: its text goes into the answer as it is.
    let fields = match patch::to_json_text(parts.yaml()) {
        Ok(fields) => fields,
        Err(e) => {
            let d = Diagnostic::error("yaml-syntax", &file.path, e.to_string()).with_hint(
                "the form cannot show front matter that does not read as YAML: fix it in a text editor (hirepage check says where)",
            );
            return Reply::json(
                422,
                &json!({ "error": d.message, "diagnostics": [diagnostic_json(&d, None)] }),
            );
        }
    };
    let text_of = |value: Value| value.to_string();
    let body = format!(
        "{{\"path\":{},\"kind\":{},\"version\":{},\"fields\":{fields},\"body\":{},\"readonly\":{}}}",
        text_of(json!(file.path)),
        text_of(json!(file.kind)),
        text_of(json!(version(&text))),
        text_of(json!(parts.body())),
        text_of(json!(patch::frozen(parts.yaml()))),
    );
    Reply {
        status: 200,
        content_type: "application/json",
        headers: Vec::new(),
        body: body.into_bytes(),
    }
}

/// The draft of a request body (`fields`, `body`) laid over the file's
/// text on disk (or a new file's).
fn draft_of(file: &ContentFile, text: &str, request: &Value) -> Result<Composed, Reply> {
    let fields = &request["fields"];
    if !fields.is_object() {
        return Err(Reply::error(400, "`fields` must be an object"));
    }
    let body = request["body"].as_str().unwrap_or_default();
    let parts = Parts::of(&file.path, text);
    parts.compose(file.doc(), fields, body).map_err(|message| {
        let d = Diagnostic::error("read-only-value", &file.path, message)
            .with_hint("values that use YAML anchors, aliases or tags are edited in a text editor");
        Reply::json(422, &json!({ "diagnostics": [diagnostic_json(&d, None)] }))
    })
}

fn preview(editor: &Editor, request: &Value) -> Reply {
    let path = request["path"].as_str().unwrap_or_default();
    let file = match ContentFile::of(&editor.root, path) {
        Ok(file) => file,
        Err(refusal) => return refusal,
    };
    let text = if file.absolute.is_file() {
        match file.text() {
            Ok(text) => text,
            Err(refusal) => return refusal,
        }
    } else {
        String::new()
    };
    let composed = match draft_of(&file, &text, request) {
        Ok(composed) => composed,
        Err(refusal) => {
            return Reply {
                status: 200,
                ..refusal
            };
        }
    };
    let page = match request["page"].as_str() {
        Some("questions") => DraftPage::Questions,
        _ => DraftPage::Main,
    };
    let draft = lock(editor).draft(Path::new(&file.path), &composed.text, page);
    Reply::json(
        200,
        &json!({
            "html": draft.html.map(|html| String::from_utf8_lossy(&html).into_owned()),
            "url": draft.url,
            "diagnostics": diagnostics_json(&draft.diagnostics, &file, &composed),
        }),
    )
}

fn save(editor: &Editor, file: &ContentFile, request: &Value) -> Reply {
    let text = match file.text() {
        Ok(text) => text,
        Err(refusal) => return refusal,
    };
    let current = version(&text);
    if request["version"].as_str() != Some(current.as_str()) {
        return Reply::json(
            409,
            &json!({
                "error": "the file changed on disk since it was opened (another editor, a git pull): reload it, then make your change again",
                "version": current,
            }),
        );
    }
    let composed = match draft_of(file, &text, request) {
        Ok(composed) => composed,
        Err(refusal) => return refusal,
    };
    // The draft must load; warnings (the lint) do not stop a save.
    let draft = lock(editor).draft(Path::new(&file.path), &composed.text, DraftPage::Main);
    let own_errors = draft.diagnostics.iter().any(|d| {
        d.severity == Severity::Error && crate::files::same(&d.file, Path::new(&file.path))
    });
    if own_errors {
        return Reply::json(
            422,
            &json!({ "diagnostics": diagnostics_json(&draft.diagnostics, file, &composed) }),
        );
    }
    if composed.text != text
        && let Err(e) = crate::files::rewrite_text(&file.absolute, &composed.text)
    {
        return Reply::error(500, format!("cannot write {}: {e}", file.path));
    }
    Reply::json(200, &json!({ "version": version(&composed.text) }))
}

fn create(editor: &Editor, request: &Value) -> Reply {
    let kind = match request["kind"].as_str() {
        Some("role") => scaffold::Kind::Role,
        Some("skill") => scaffold::Kind::Skill,
        Some("page") => scaffold::Kind::Page,
        Some("location") => scaffold::Kind::Location,
        _ => return Reply::error(400, "`kind` is role, skill, page or location"),
    };
    let title = request["title"].as_str().unwrap_or_default();
    match scaffold::create(&editor.root, kind, title, None) {
        Ok(created) => Reply::json(201, &json!({ "path": display_path(&created.file) })),
        Err(scaffold::Refusal::BadName(message)) => Reply::error(422, message),
        Err(scaffold::Refusal::Problem(d)) if d.code == "file-exists" => Reply::json(
            409,
            &json!({
                "error": d.message,
                "path": display_path(&d.file),
            }),
        ),
        Err(scaffold::Refusal::Problem(d)) => Reply::error(500, d.message),
    }
}

/// Saves a photo under `static/images/`, from the bytes of the body.
fn upload(editor: &Editor, call: &Call) -> Reply {
    let media_type = call
        .header("content-type")
        .and_then(|t| t.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some(&(_, extension)) = IMAGE_TYPES.iter().find(|(t, _)| *t == media_type) else {
        return Reply::error(415, "send a JPEG, PNG, WebP or AVIF image");
    };
    if !looks_like(&call.body, extension) {
        return Reply::error(
            422,
            format!("the file is not a {} image", extension.to_uppercase()),
        );
    }
    let name = call.query("name").unwrap_or_default();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    let stem = crate::slug::slugify(stem);
    let stem = if stem.is_empty() {
        "photo".to_string()
    } else {
        stem
    };
    let file_name = format!("{stem}.{extension}");

    let dir = editor.root.join(IMAGES_DIR);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return Reply::error(500, format!("cannot create {IMAGES_DIR}/: {e}"));
    }
    // `static/images` may not lead out of the site through a link.
    if !is_inside(&dir, &editor.root) {
        return Reply::error(403, format!("{IMAGES_DIR}/ leads outside the site"));
    }
    let target = dir.join(&file_name);
    let answer = |status| {
        Reply::json(
            status,
            &json!({
                "path": format!("{IMAGES_DIR}/{file_name}"),
                "url": format!("{IMAGES_URL}/{file_name}"),
            }),
        )
    };
    if let Ok(existing) = std::fs::read(&target) {
        if existing == call.body {
            return answer(200);
        }
        if call.query("overwrite").as_deref() != Some("1") {
            let free = (2..)
                .map(|n| format!("{stem}-{n}.{extension}"))
                .find(|n| !dir.join(n).exists())
                .unwrap_or_default();
            return Reply::json(
                409,
                &json!({
                    "error": format!("{IMAGES_DIR}/{file_name} exists with other content"),
                    "suggestion": free,
                }),
            );
        }
    }
    match crate::files::write_atomic(&target, &call.body) {
        Ok(()) => answer(201),
        Err(e) => Reply::error(500, format!("cannot write {IMAGES_DIR}/{file_name}: {e}")),
    }
}

/// Whether `path` is inside `dir` once both are resolved (`..`, symbolic
/// links); `false` when either does not exist.
fn is_inside(path: &Path, dir: &Path) -> bool {
    let resolve = |p: &Path| std::fs::canonicalize(p).ok();
    resolve(path)
        .zip(resolve(dir))
        .is_some_and(|(path, dir)| path.starts_with(dir))
}

/// Whether `bytes` start the way files of this format do.
fn looks_like(bytes: &[u8], extension: &str) -> bool {
    match extension {
        "jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "webp" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "avif" => bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && &bytes[8..12] == b"avif",
        _ => false,
    }
}

fn diagnostics_json(diagnostics: &Diagnostics, file: &ContentFile, draft: &Composed) -> Vec<Value> {
    diagnostics
        .iter()
        .map(|d| {
            let own = crate::files::same(&d.file, Path::new(&file.path));
            diagnostic_json(d, own.then_some(draft))
        })
        .collect()
}

fn diagnostic_json(d: &Diagnostic, draft: Option<&Composed>) -> Value {
    let field = draft
        .zip(d.line)
        .and_then(|(draft, line)| draft.field_at(line as usize));
    // A missing field is reported where its object starts, at one of its
    // siblings: put it at the field itself.
    let field = match (d.code, d.message.split('`').nth(1)) {
        ("missing-field", Some(name)) => {
            Some(match field.as_deref().and_then(|f| f.rsplit_once('/')) {
                Some((parent, _)) => format!("{parent}/{name}"),
                None => name.to_string(),
            })
        }
        _ => field,
    };
    json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "code": d.code,
        "file": display_path(&d.file),
        "message": d.message,
        "hint": d.hint,
        "line": d.line,
        "column": d.column,
        "field": field,
    })
}

fn lock(editor: &Editor) -> std::sync::MutexGuard<'_, Preview> {
    // A panic while rendering a draft leaves the preview as it was: it is
    // only read here.
    editor.preview.lock().unwrap_or_else(|e| e.into_inner())
}
