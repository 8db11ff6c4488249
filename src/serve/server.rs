//! Answering HTTP requests from the newest snapshot, in memory.
//!
//! Paths are looked up in the snapshot's map of output files, so nothing
//! outside the site can ever be served; a path with a `..` or `.` segment,
//! encoded or not, is refused with 404 before any lookup. On a loopback
//! bind, a request for another host name gets 403: otherwise a web page
//! could rebind its own domain to 127.0.0.1 and read the preview, drafts
//! included. Every answer carries the security headers of `_headers`, so a
//! page that breaks the published CSP breaks in the preview first.

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::json;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use std::io::Read;

use super::preview::{Files, Snapshot};
use super::reload::{self, EVENTS_PATH, Hub, SCRIPT, SCRIPT_PATH};
use crate::editor::{self, Call, Editor};
use crate::output::headers::{SECURITY_HEADERS, content_security_policy};
use crate::url::{media_type, percent_decode};

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// An output file, by its path in the output folder.
    File(String),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// Nothing (or a path that tries to leave the site).
    NotFound,
}

/// Maps a request target (`/hire/x/?a=1`) to an output file.
pub fn resolve(target: &str, files: &Files) -> Resolved {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let path = path.split('#').next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::NotFound;
    };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Resolved::NotFound;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Resolved::NotFound;
    }
    let rel = &decoded[1..];
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if files.contains_key(index.as_str()) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(rel) {
        return Resolved::File(rel.to_string());
    }
    if files.contains_key(format!("{rel}/index.html").as_str()) {
        let mut location = format!("{path}/");
        if let Some(query) = query {
            location.push('?');
            location.push_str(query);
        }
        return Resolved::Redirect(location);
    }
    Resolved::NotFound
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII literals or our own URLs.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("bug: invalid header")
}

/// The `Host` values a request may carry: on a loopback bind, the
/// loopback names with the port; elsewhere (`--bind 0.0.0.0`, shared on
/// purpose) any.
#[derive(Debug, Clone)]
pub struct Hosts(Option<Vec<String>>);

impl Hosts {
    /// The hosts allowed for a server listening on `address`: on
    /// loopback, `127.0.0.1`, `localhost`, `[::1]` and the bound address,
    /// each with the port.
    pub fn for_address(address: SocketAddr) -> Hosts {
        if !address.ip().is_loopback() {
            return Hosts(None);
        }
        // The bound address itself too: `--bind 127.0.0.2` is reached as
        // 127.0.0.2.
        let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .map(|host| format!("{host}:{}", address.port()))
            .collect();
        let bound = address.to_string();
        if !hosts.contains(&bound) {
            hosts.push(bound);
        }
        Hosts(Some(hosts))
    }

    /// The allowed `host:port` values; `None` when any host may ask (not
    /// a loopback bind).
    pub fn names(&self) -> Option<&[String]> {
        self.0.as_deref()
    }

    /// Whether a request with this `Host` header may be answered.
    pub fn allows(&self, host: Option<&str>) -> bool {
        match (&self.0, host) {
            (None, _) => true,
            (Some(hosts), Some(host)) => hosts.iter().any(|h| h.eq_ignore_ascii_case(host.trim())),
            (Some(_), None) => false,
        }
    }
}

/// Answers one request. Event streams and the editor's requests are
/// handed to their own thread (a draft waits for a rebuild to finish; the
/// pages should not).
pub fn handle(
    request: Request,
    snapshot: Arc<Snapshot>,
    hub: &Hub,
    hosts: &Hosts,
    editor: Option<&Arc<Editor>>,
) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if !hosts.allows(host.as_deref()) {
        respond(
            request,
            403,
            "text/plain; charset=utf-8",
            b"403 Forbidden: this preview answers only to 127.0.0.1, localhost and [::1]\n"
                .to_vec(),
        );
        return;
    }
    if request.url().starts_with(editor::PREFIX) {
        match editor {
            Some(editor) => {
                let editor = Arc::clone(editor);
                std::thread::spawn(move || answer_editor(request, &editor));
            }
            None => respond(
                request,
                404,
                "text/plain; charset=utf-8",
                b"404 Not Found: the editor runs only when serve listens on a loopback address\n"
                    .to_vec(),
            ),
        }
        return;
    }
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let response = Response::from_string("method not allowed\n")
            .with_status_code(StatusCode(405))
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let target = request.url().to_string();
    let path = target.split('?').next().unwrap_or("");

    if path == EVENTS_PATH {
        let events = hub.subscribe();
        let first = reload::hello(&snapshot);
        let out = request.into_writer();
        std::thread::spawn(move || reload::stream(out, first, events));
        return;
    }
    if path == SCRIPT_PATH {
        respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            SCRIPT.as_bytes().to_vec(),
        );
        return;
    }
    if path == "/__hirepage/status" {
        let body = json!({
            "build": snapshot.build,
            "rebuilds": snapshot.rebuilds,
            "errors": snapshot.errors,
            "synced": snapshot.synced,
        });
        respond(
            request,
            200,
            "application/json",
            body.to_string().into_bytes(),
        );
        return;
    }

    if snapshot.files.is_empty() {
        // The first build failed: a page that shows the errors and
        // reloads itself once they are fixed.
        let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
            <title>The site did not build</title></head><body></body></html>";
        respond(
            request,
            503,
            media_type(".html"),
            reload::inject(page, &snapshot.build),
        );
        return;
    }

    // `_headers` and `manifest.json` are made when first asked for.
    let name = path.trim_start_matches('/');
    if let Some(bytes) = snapshot.index.file(name) {
        respond(request, 200, media_type(name), bytes.bytes().into_owned());
        return;
    }
    match resolve(&target, &snapshot.files) {
        Resolved::File(file) => {
            let bytes = snapshot.files[file.as_str()].bytes();
            let body = if file.ends_with(".html") {
                reload::inject(&bytes, &snapshot.build)
            } else {
                bytes.into_owned()
            };
            respond(request, 200, media_type(&file), body);
        }
        Resolved::Redirect(location) => {
            let response = Response::empty(StatusCode(301))
                .with_header(header("Location", &location))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        Resolved::NotFound => {
            let body = match snapshot.files.get("404.html") {
                Some(page) => reload::inject(&page.bytes(), &snapshot.build),
                None => b"404 Not Found\n".to_vec(),
            };
            respond(request, 404, media_type(".html"), body);
        }
    }
}

/// Reads an editor request off the socket (its body up to the editor's
/// limit), and sends the editor's reply with the editor's policy.
fn answer_editor(mut request: Request, editor: &Editor) {
    let target = request.url().to_string();
    let limit = editor::body_limit(&target);
    let call = Call {
        method: request.method().as_str().to_ascii_uppercase(),
        headers: request
            .headers()
            .iter()
            .map(|h| {
                let name = h.field.as_str().as_str().to_ascii_lowercase();
                (name, h.value.as_str().to_string())
            })
            .collect(),
        body: if request.body_length().is_some_and(|n| n > limit) {
            // Refused from its length, unread: one byte over the limit says so.
            vec![0; limit + 1]
        } else {
            let mut body = Vec::new();
            let _ = request
                .as_reader()
                .take(limit as u64 + 1)
                .read_to_end(&mut body);
            body
        },
        target,
    };
    let reply = editor.answer(&call);
    let mut response = Response::from_data(reply.body)
        .with_status_code(StatusCode(reply.status))
        .with_header(header("Content-Type", reply.content_type))
        .with_header(header("Cache-Control", "no-store"));
    for (name, value) in SECURITY_HEADERS {
        let value = match *name {
            "Content-Security-Policy" => editor::CONTENT_SECURITY_POLICY,
            // The editor frames its preview; no other site may frame it.
            "X-Frame-Options" => "SAMEORIGIN",
            _ => value,
        };
        response.add_header(header(name, value));
    }
    for (name, value) in &reply.headers {
        response.add_header(header(name, value));
    }
    let _ = request.respond(response);
}

fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let path = request.url().split('?').next().unwrap_or("/");
    let csp = content_security_policy(path.trim_start_matches('/'));
    let mut response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"));
    for (name, value) in SECURITY_HEADERS {
        let value = if *name == "Content-Security-Policy" {
            csp
        } else {
            value
        };
        response.add_header(header(name, value));
    }
    // The tab may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Files {
        [
            "index.html",
            "hire/index.html",
            "hire/a/index.html",
            "css/site.css",
            "404.html",
        ]
        .iter()
        .map(|p| {
            (
                Arc::from(*p),
                Arc::new(crate::output::kept::Kept::new(p, b"x".to_vec())),
            )
        })
        .collect()
    }

    #[test]
    fn folders_files_and_redirects() {
        let files = site();
        assert_eq!(resolve("/", &files), Resolved::File("index.html".into()));
        assert_eq!(
            resolve("/hire/a/", &files),
            Resolved::File("hire/a/index.html".into())
        );
        assert_eq!(
            resolve("/hire/a/index.html", &files),
            Resolved::File("hire/a/index.html".into())
        );
        assert_eq!(
            resolve("/css/site.css?v=1", &files),
            Resolved::File("css/site.css".into())
        );
        assert_eq!(
            resolve("/hire/a?x=1", &files),
            Resolved::Redirect("/hire/a/?x=1".into())
        );
        assert_eq!(resolve("/hire/b/", &files), Resolved::NotFound);
        assert_eq!(
            resolve("/css/", &files),
            Resolved::NotFound,
            "no folder listings"
        );
    }

    #[test]
    fn a_loopback_server_answers_only_to_loopback_names() {
        let hosts = Hosts::for_address("127.0.0.1:1111".parse().unwrap());
        assert!(hosts.allows(Some("127.0.0.1:1111")));
        assert!(hosts.allows(Some("localhost:1111")));
        assert!(hosts.allows(Some("[::1]:1111")));
        assert!(!hosts.allows(Some("evil.example:1111")));
        assert!(!hosts.allows(Some("localhost:2222")));
        assert!(!hosts.allows(None));
        let shared = Hosts::for_address("0.0.0.0:1111".parse().unwrap());
        assert!(shared.allows(Some("192.0.2.7:1111")));
    }

    #[test]
    fn paths_that_leave_the_site_are_not_found() {
        let files = site();
        for target in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/hire/../../Cargo.toml",
            "/hire/%2e%2e/index.html",
            "/./index.html",
            "/..%2fCargo.toml",
            "/%5c..%5cCargo.toml",
            "/%00",
            "/%zz",
            "relative",
        ] {
            assert_eq!(resolve(target, &files), Resolved::NotFound, "{target}");
        }
    }
}
