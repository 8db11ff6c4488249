//! The editor in `serve`: marketing edits content files in the browser, and
//! sees the page of the unsaved draft rendered by the same pipeline that
//! builds the site.
//!
//! Everything of the editor lives under `/_hirepage/` (no page of a site
//! can have a URL there: the `_` prefix is refused for slugs).
//!
//! # Pages
//!
//! - `GET /_hirepage/edit/?token=T` sets the cookie `hirepage_token_<port>`
//!   (`HttpOnly; SameSite=Strict; Path=/_hirepage/`) and redirects to
//!   `/_hirepage/edit/`, so the token leaves the address bar and history.
//!   The port is in the cookie's name because cookies ignore ports: two
//!   `serve`s on one machine would otherwise log each other out.
//! - `GET /_hirepage/edit/` (with the cookie) is the editor, a page with
//!   no build step whose HTML, CSS and JS (`src/editor/ui/`) are in the binary:
//!   `/_hirepage/edit/editor.css`, `/_hirepage/edit/editor.js`.
//!
//! # The JSON API
//!
//! Every request needs the token (header `X-Hirepage-Token` or the cookie):
//! else 401. A request whose `Origin` (or `Sec-Fetch-Site`) says another
//! site sent it: 403. Bodies are JSON (`Content-Type: application/json`,
//! else 415) of at most 4 MiB (else 413), except image uploads. Errors are
//! `{"error": "…"}`.
//!
//! | request | answer |
//! |---|---|
//! | `GET /_hirepage/api/files` | `{"files": [{"path", "kind", "title", "url", "draft"}]}` |
//! | `GET /_hirepage/api/model` | `{"kinds": {"role": [Field…], "skill", "page", "home", "location", "combination"}, "skills": [name…], "aliases": {alias: name}, "roles": [{"slug", "title"}], "locations": [name…], "images": [url…], "templates": [name…]}` |
//! | `GET /_hirepage/api/file?path=content/roles/x.md` | `{"path", "kind", "version", "fields", "body", "readonly": [field path…]}` |
//! | `POST /_hirepage/api/preview` `{"path", "fields", "body", "page"}` | `{"html", "url", "diagnostics"}` |
//! | `PUT /_hirepage/api/file?path=…` `{"version", "fields", "body"}` | 200 `{"version"}`; 409 `{"error", "version"}`; 422 `{"diagnostics"}` |
//! | `POST /_hirepage/api/file` `{"kind", "title"}` | 201 `{"path"}`; 409 if the file exists |
//! | `POST /_hirepage/api/images?name=x.jpg[&overwrite=1]`, the image's bytes | 201 `{"path", "url"}`; 200 for identical bytes already there; 409 `{"error", "suggestion"}` for a different file of that name |
//!
//! - `kind` is `role`, `skill`, `page`, `home`, `location` or `combination`
//!   (`POST /_hirepage/api/file` makes a role, skill, page or location).
//! - `fields` is the front matter as JSON, keys in file order; `body` the
//!   Markdown after it. A field the draft leaves out is removed from the
//!   file; `null` is not a value the editor sends.
//! - `version` is opaque and changes whenever the file's bytes do.
//! - A field path names a value inside `fields`, segments joined by `/`:
//!   `title`, `hero/cta/label`, `candidates/0/name`. `readonly` lists the
//!   values a save cannot keep (YAML anchors, aliases, tags): the form shows
//!   them without letting them be edited.
//! - `page` is `main` (the default) or `questions` (a role's
//!   interview-questions page).
//! - `html` is the whole page, or `null` when the draft does not load;
//!   `url` is its URL on the preview server.
//! - A diagnostic is `{"severity": "error"|"warning", "code", "file",
//!   "message", "hint", "line", "column", "field"}`; `field` is the field
//!   path the line falls in, `body` for the Markdown body, or `null` (and
//!   always for a diagnostic of another `file`: an error elsewhere that
//!   stops the site from building).
//! - A `Field` of the model: `{"name", "label", "description", "required",
//!   "widget", …}`, in model order, where `widget` is one of `line`, `text`
//!   (several lines), `markdown`, `slug`, `image`, `date`, `integer`,
//!   `number`, `boolean`, `choice` (with `options`), `object` (with
//!   `fields`), `list` (with `item`, a `Field` without `name`), `skills`
//!   (names, completed from `skills` and `aliases`), `related` (role slugs,
//!   chosen from `roles`), `template` (chosen from `templates`), `map` (a
//!   free map, shown read-only as YAML).

mod api;
mod form;
mod patch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::serve::preview::Preview;

/// Where everything of the editor lives.
pub const PREFIX: &str = "/_hirepage/";
const EDIT_PATH: &str = "/_hirepage/edit/";
const API_PREFIX: &str = "/_hirepage/api/";

/// The largest JSON body accepted: a role file is at most 1 MiB
/// ([`crate::limits::MAX_FILE_BYTES`]), and JSON escaping can double it.
const MAX_JSON_BYTES: usize = 4 << 20;
/// The largest photo accepted.
const MAX_IMAGE_BYTES: usize = 10 << 20;

/// The editor's page, embedded: no build step, nothing from a CDN.
const PAGE: &str = include_str!("ui/index.html");
const STYLESHEET: &str = include_str!("ui/editor.css");
const SCRIPT: &str = include_str!("ui/editor.js");

/// The editor page's policy: its own files only, and frames of its own
/// origin (the preview). Unlike the site's pages, it may be framed by
/// itself, never by another site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; base-uri 'none'; \
    connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'self'; \
    frame-src 'self'; img-src 'self' data: blob:; object-src 'none'; script-src 'self'; \
    style-src 'self'";

/// One HTTP request to the editor, read off the socket by the server.
#[derive(Debug, Default)]
pub struct Call {
    /// `GET`, `PUT`…
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// Header names in lowercase, with their values.
    pub headers: Vec<(String, String)>,
    /// The body, at most [`body_limit`] bytes plus one (so that a larger
    /// body can be told apart and refused).
    pub body: Vec<u8>,
}

impl Call {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The decoded value of query parameter `name`.
    fn query(&self, name: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = value.replace('+', " ");
            (key == name).then(|| crate::url::percent_decode(&value).map(|v| v.into_owned()))?
        })
    }
}

/// The editor's answer to a [`Call`].
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Extra headers (`Location`, `Set-Cookie`).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            headers: Vec::new(),
            body: value.to_string().into_bytes(),
        }
    }

    fn error(status: u16, message: impl std::fmt::Display) -> Reply {
        Reply::json(status, &json!({ "error": message.to_string() }))
    }

    fn file(content_type: &'static str, text: &str) -> Reply {
        Reply {
            status: 200,
            content_type,
            headers: Vec::new(),
            body: text.as_bytes().to_vec(),
        }
    }
}

/// The largest body read for a request to `target`.
pub fn body_limit(target: &str) -> usize {
    if target.starts_with("/_hirepage/api/images") {
        MAX_IMAGE_BYTES
    } else {
        MAX_JSON_BYTES
    }
}

/// The editor of one `serve` run.
pub struct Editor {
    root: PathBuf,
    token: String,
    /// `hirepage_token_<port>`.
    cookie: String,
    /// The origins a browser gives the server's own pages.
    origins: Vec<String>,
    preview: Arc<Mutex<Preview>>,
}

impl Editor {
    /// The editor of the site at `root`, served at `address`, whose allowed
    /// `Host` values are `hosts` (`127.0.0.1:1111`…), with a new token.
    pub fn new(
        root: PathBuf,
        address: SocketAddr,
        hosts: &[String],
        preview: Arc<Mutex<Preview>>,
    ) -> Editor {
        Editor {
            root,
            token: new_token(),
            cookie: format!("hirepage_token_{}", address.port()),
            origins: hosts.iter().map(|h| format!("http://{h}")).collect(),
            preview,
        }
    }

    /// The URL that opens the editor and logs the browser in.
    pub fn url(&self, base: &str) -> String {
        format!(
            "{}{}?token={}",
            base.trim_end_matches('/'),
            EDIT_PATH,
            self.token
        )
    }

    /// Answers a request for a path under [`PREFIX`].
    pub fn answer(&self, call: &Call) -> Reply {
        let path = call.path();
        if let Some(asset) = path.strip_prefix(EDIT_PATH) {
            return self.page(call, asset);
        }
        if !path.starts_with(API_PREFIX) {
            return Reply::error(404, "no such page of the editor");
        }
        if let Some(refusal) = self.refuse(call) {
            return refusal;
        }
        if call.body.len() > body_limit(&call.target) {
            return Reply::error(
                413,
                format!(
                    "the request is larger than {} MB",
                    body_limit(&call.target) >> 20
                ),
            );
        }
        api::route(self, call)
    }

    /// Why an API call is refused, if it is: another site's page sent it
    /// (403), or it lacks the token (401).
    fn refuse(&self, call: &Call) -> Option<Reply> {
        // Browsers send `Origin` with every cross-origin request and with
        // same-origin ones that change something; `Sec-Fetch-Site` with
        // all of them. Either naming another site is enough to refuse.
        if let Some(origin) = call.header("origin")
            && !self.origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
        {
            return Some(Reply::error(
                403,
                format!("requests from {origin} may not use the editor"),
            ));
        }
        if let Some(site) = call.header("sec-fetch-site")
            && site != "same-origin"
            && site != "none"
        {
            return Some(Reply::error(
                403,
                "requests from other sites may not use the editor",
            ));
        }
        if !self.has_token(call) {
            return Some(Reply::error(
                401,
                "open the editor with the Editor URL that `hirepage serve` printed",
            ));
        }
        None
    }

    fn has_token(&self, call: &Call) -> bool {
        let from_header = call.header("x-hirepage-token");
        let from_cookie = call.header("cookie").and_then(|cookies| {
            cookies.split(';').find_map(|c| {
                let (name, value) = c.trim().split_once('=')?;
                (name == self.cookie).then_some(value)
            })
        });
        [from_header, from_cookie]
            .into_iter()
            .flatten()
            .any(|t| same_secret(t.trim(), &self.token))
    }

    /// The editor's page and its two files. The token URL sets the cookie
    /// and sends the browser on without the token in its address bar.
    fn page(&self, call: &Call, asset: &str) -> Reply {
        if call.method != "GET" && call.method != "HEAD" {
            return Reply::error(405, "the editor's page is only read");
        }
        match asset {
            "editor.css" => return Reply::file("text/css; charset=utf-8", STYLESHEET),
            "editor.js" => return Reply::file("text/javascript; charset=utf-8", SCRIPT),
            "" => {}
            _ => return Reply::error(404, "no such file of the editor"),
        }
        if let Some(token) = call.query("token") {
            if !same_secret(&token, &self.token) {
                return login_page(
                    "This editor link is from an earlier run of hirepage serve: each run prints a new one.",
                );
            }
            return Reply {
                status: 303,
                content_type: "text/plain; charset=utf-8",
                headers: vec![
                    ("Location", EDIT_PATH.to_string()),
                    (
                        "Set-Cookie",
                        format!(
                            "{}={}; Path={PREFIX}; HttpOnly; SameSite=Strict",
                            self.cookie, self.token
                        ),
                    ),
                ],
                body: Vec::new(),
            };
        }
        if !self.has_token(call) {
            return login_page("Open the editor with the Editor link that hirepage serve printed.");
        }
        Reply::file("text/html; charset=utf-8", PAGE)
    }
}

/// The page a browser without the token gets.
fn login_page(message: &str) -> Reply {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>hirepage editor</title></head><body><main><h1>hirepage editor</h1>\
         <p>{message}</p><p>It looks like <code>Editor: http://127.0.0.1:1111/_hirepage/edit/?token=…</code> \
         in the terminal where <code>hirepage serve</code> runs.</p></main></body></html>"
    );
    Reply {
        status: 401,
        content_type: "text/html; charset=utf-8",
        headers: Vec::new(),
        body: page.into_bytes(),
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

/// 128 random bits, as hex: from the operating system's generator, or,
/// where there is no `/dev/urandom`, from the random keys the standard
/// library seeds its hash maps with.
fn new_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::io::Read;
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_usize(i);
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            chunk.copy_from_slice(&hasher.finish().to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
