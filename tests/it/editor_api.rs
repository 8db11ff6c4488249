//! The editor's JSON API, through the real `hirepage serve`: every status
//! code of the contract, the security rules, and what a save writes.

use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::{Server, free_port, request};
use crate::util::TestSite;

const ROLE: &str = "content/roles/backend-developers.md";

/// A running editor on a copy of the example site.
struct Editor {
    site: TestSite,
    server: Server,
    token: String,
}

impl Editor {
    fn start() -> Editor {
        let site = TestSite::example();
        let server = Server::start(site.path(), free_port());
        let url = server.editor_url();
        let token = url.split("token=").nth(1).expect("a token").to_string();
        Editor {
            site,
            server,
            token,
        }
    }

    /// A request with the token and the given extra headers.
    fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Value) {
        let mut all = vec![("X-Hirepage-Token", self.token.as_str())];
        all.extend_from_slice(headers);
        let (status, _, body) = request(method, &self.server.address, path, &all, body);
        let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        (status, value)
    }

    fn json(&self, method: &str, path: &str, body: &Value) -> (u16, Value) {
        self.call(
            method,
            path,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
    }

    fn get(&self, path: &str) -> (u16, Value) {
        self.call("GET", path, &[], b"")
    }

    fn open(&self, path: &str) -> Value {
        let (status, file) = self.get(&format!("/_hirepage/api/file?path={path}"));
        assert_eq!(status, 200, "{file}");
        file
    }
}

#[test]
fn api_requests_need_the_token_and_the_servers_own_origin() {
    let editor = Editor::start();
    let address = &editor.server.address;
    let files = "/_hirepage/api/files";
    let status = |headers: &[(&str, &str)]| request("GET", address, files, headers, b"").0;

    assert_eq!(status(&[]), 401, "no token");
    assert_eq!(status(&[("X-Hirepage-Token", "0123")]), 401, "wrong token");
    assert_eq!(status(&[("X-Hirepage-Token", &editor.token)]), 200);

    // The token URL sets an HttpOnly, SameSite=Strict cookie and sends
    // the browser on without the token in the address.
    let (code, head, _) = request(
        "GET",
        address,
        &format!("/_hirepage/edit/?token={}", editor.token),
        &[],
        b"",
    );
    assert_eq!(code, 303);
    assert!(head.contains("Location: /_hirepage/edit/\r\n"), "{head}");
    let cookie_line = head
        .lines()
        .find(|l| l.starts_with("Set-Cookie: "))
        .expect("a cookie");
    assert!(cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Strict"));
    let cookie = cookie_line["Set-Cookie: ".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(status(&[("Cookie", &cookie)]), 200, "the cookie is a token");
    let page = |headers: &[(&str, &str)]| request("GET", address, "/_hirepage/edit/", headers, b"");
    assert_eq!(page(&[]).0, 401, "the editor page needs the cookie");
    let (code, head, body) = page(&[("Cookie", &cookie)]);
    assert_eq!(code, 200);
    assert!(String::from_utf8_lossy(&body).contains("editor.js"));
    assert!(head.contains("frame-ancestors 'self'"), "{head}");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("access-control-allow-origin")
    );

    // Another site's page: refused even with the cookie.
    let token = ("X-Hirepage-Token", editor.token.as_str());
    let other_port = format!("http://127.0.0.1:{}", free_port());
    for headers in [
        vec![token, ("Origin", "http://evil.example")],
        vec![token, ("Origin", other_port.as_str())],
        vec![
            ("Cookie", cookie.as_str()),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        vec![token, ("Sec-Fetch-Site", "same-site")],
    ] {
        assert_eq!(status(&headers), 403, "{headers:?}");
    }
    let own = editor.server.url.trim_end_matches('/').to_string();
    assert_eq!(
        status(&[token, ("Origin", &own), ("Sec-Fetch-Site", "same-origin")]),
        200
    );
    // A DNS-rebinding page reaches the server under its own name.
    assert_eq!(status(&[token, ("Host", "evil.example")]), 403);
}

#[test]
fn paths_are_confined_to_content_files() {
    let editor = Editor::start();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: x\n---\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        editor.site.path().join("content/roles/linked.md"),
    )
    .unwrap();
    for path in [
        "site.yaml",
        "content/../site.yaml",
        "content/roles/../../site.yaml",
        "/etc/passwd",
        "content/_data/skills.yaml",
        "content/roles/notes.txt",
        "static/css/site.css",
        "content%2F..%2Fsite.yaml",
        "content/roles/linked.md",
        // Real files, spelled in a way other than the one the site uses.
        "content/./roles/backend-developers.md",
        "content//roles/backend-developers.md",
        "content/roles/backend-developers.md/",
    ] {
        let (status, body) = editor.get(&format!("/_hirepage/api/file?path={path}"));
        assert_eq!(status, 403, "{path}: {body}");
        let (status, _) = editor.json(
            "PUT",
            &format!("/_hirepage/api/file?path={path}"),
            &json!({"version": "x", "fields": {}, "body": ""}),
        );
        assert_eq!(status, 403, "PUT {path}");
    }
    let (status, _) = editor.get("/_hirepage/api/file?path=content/roles/nobody.md");
    assert_eq!(status, 404);
    let (status, _) = editor.get("/_hirepage/api/nothing");
    assert_eq!(status, 404);
    let (status, _) = editor.call("DELETE", "/_hirepage/api/file?path=x", &[], b"");
    assert_eq!(status, 405, "nothing deletes");
}

#[test]
fn bodies_are_json_and_limited() {
    let editor = Editor::start();
    let file = editor.open(ROLE);
    let put = format!("/_hirepage/api/file?path={ROLE}");
    let body = json!({"version": file["version"], "fields": file["fields"], "body": file["body"]});
    let (status, _) = editor.call(
        "PUT",
        &put,
        &[("Content-Type", "text/plain")],
        body.to_string().as_bytes(),
    );
    assert_eq!(status, 415);
    let (status, _) = editor.call(
        "PUT",
        &put,
        &[("Content-Type", "application/json")],
        b"{not json",
    );
    assert_eq!(status, 400);
    let huge =
        json!({"version": file["version"], "fields": file["fields"], "body": "x".repeat(5 << 20)});
    let (status, _) = editor.json("PUT", &put, &huge);
    assert_eq!(status, 413);
    assert_eq!(
        editor.site.read(ROLE),
        std::fs::read_to_string(crate::util::repo().join(ROLE)).unwrap()
    );
}

#[test]
fn files_and_model_describe_the_site() {
    let editor = Editor::start();
    let (status, files) = editor.get("/_hirepage/api/files");
    assert_eq!(status, 200);
    let files = files["files"].as_array().unwrap();
    let role = files
        .iter()
        .find(|f| f["path"] == ROLE)
        .expect("the role is listed");
    assert_eq!(role["kind"], "role");
    assert_eq!(role["title"], "Hire Backend Developers");
    assert_eq!(role["url"], "/hire/backend-developers/");
    assert_eq!(role["draft"], false);
    for kind in ["home", "role", "skill", "page", "location", "combination"] {
        assert!(files.iter().any(|f| f["kind"] == kind), "{kind}");
    }
    let listed = |path: &str| files.iter().find(|f| f["path"] == path).unwrap();
    let location = listed("content/locations/mexico.md");
    assert_eq!(location["title"], "Mexico");
    assert_eq!(location["url"], "/hire/developers-in-mexico/");
    let copy = listed("content/locations/costa-rica/qa-automation-engineers.md");
    assert_eq!(copy["title"], "Hire QA Automation Engineers in Costa Rica");
    assert_eq!(copy["url"], "/hire/qa-automation-engineers-in-costa-rica/");

    let (status, model) = editor.get("/_hirepage/api/model");
    assert_eq!(status, 200);
    let fields = model["kinds"]["role"].as_array().unwrap();
    assert_eq!(fields[0]["name"], "title");
    assert!(
        model["skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Python")
    );
    assert!(
        model["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["slug"] == "backend-developers")
    );
    assert!(
        model["templates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "role.html")
    );
    assert!(
        model["locations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == "Costa Rica")
    );
    let location = model["kinds"]["location"].as_array().unwrap();
    assert_eq!(location[0]["name"], "name");
    let candidate = &model["kinds"]["role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "candidates")
        .unwrap()["item"]["fields"];
    let place = candidate
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "location")
        .expect("candidates have a location");
    assert_eq!(place["widget"], "location");
}

/// Locations and the copy of a page in a location are edited like the
/// other files: previewed on their own pages, and a role's card moved to
/// a location that does not exist is an error at its field.
#[test]
fn locations_are_previewed_on_their_pages() {
    let editor = Editor::start();
    for (path, url) in [
        ("content/locations/mexico.md", "/hire/developers-in-mexico/"),
        (
            "content/locations/costa-rica/qa-automation-engineers.md",
            "/hire/qa-automation-engineers-in-costa-rica/",
        ),
    ] {
        let file = editor.open(path);
        let body = format!(
            "{}\n\nA zqdraft sentence.\n",
            file["body"].as_str().unwrap()
        );
        let (status, preview) = editor.json(
            "POST",
            "/_hirepage/api/preview",
            &json!({"path": path, "fields": file["fields"], "body": body}),
        );
        assert_eq!(status, 200, "{preview}");
        assert_eq!(preview["url"], url);
        assert!(
            preview["html"].as_str().unwrap().contains("zqdraft"),
            "{path}: the draft's copy is on its page"
        );
    }

    let file = editor.open(ROLE);
    let mut fields = file["fields"].clone();
    let card = fields["candidates"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c.get("location").is_some())
        .expect("a card with a location");
    card["location"] = json!("Atlantis");
    let (_, preview) = editor.json(
        "POST",
        "/_hirepage/api/preview",
        &json!({"path": ROLE, "fields": fields, "body": file["body"]}),
    );
    assert_eq!(preview["html"], Value::Null, "{preview}");
    let error = &preview["diagnostics"][0];
    assert_eq!(error["severity"], "error", "{preview}");
    assert!(
        error["field"].as_str().unwrap().ends_with("/location"),
        "{error}"
    );
}

#[test]
fn a_preview_renders_the_draft_and_writes_nothing() {
    let editor = Editor::start();
    let before = editor.site.read(ROLE);
    let file = editor.open(ROLE);
    assert_eq!(file["kind"], "role");
    assert_eq!(file["readonly"], json!([]));
    let mut fields = file["fields"].clone();
    fields["hero"]["heading"] = json!("Hire backend developers <now>");
    let (status, preview) = editor.json(
        "POST",
        "/_hirepage/api/preview",
        &json!({"path": ROLE, "fields": fields, "body": file["body"]}),
    );
    assert_eq!(status, 200, "{preview}");
    let html = preview["html"].as_str().unwrap();
    assert!(
        html.contains("Hire backend developers &lt;now&gt;"),
        "escaped, as built"
    );
    assert_eq!(preview["url"], "/hire/backend-developers/");
    assert_eq!(editor.site.read(ROLE), before, "a preview writes nothing");

    let (_, questions) = editor.json(
        "POST",
        "/_hirepage/api/preview",
        &json!({"path": ROLE, "fields": fields, "body": file["body"], "page": "questions"}),
    );
    assert_eq!(
        questions["url"],
        "/hire/backend-developers/interview-questions/"
    );

    // A draft that does not load: its errors at their fields, no page.
    let mut broken = file["fields"].clone();
    broken["weight"] = json!("heavy");
    let (status, preview) = editor.json(
        "POST",
        "/_hirepage/api/preview",
        &json!({"path": ROLE, "fields": broken, "body": file["body"]}),
    );
    assert_eq!(status, 200);
    assert_eq!(preview["html"], Value::Null);
    let error = &preview["diagnostics"][0];
    assert_eq!(error["severity"], "error", "{preview}");
    assert_eq!(error["field"], "weight", "{error}");

    // The lint's warnings come with the page.
    let mut warned = file["fields"].clone();
    warned["description"] = json!("Too short.");
    let (_, preview) = editor.json(
        "POST",
        "/_hirepage/api/preview",
        &json!({"path": ROLE, "fields": warned, "body": file["body"]}),
    );
    assert!(preview["html"].is_string());
    let warning = preview["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "short-description")
        .expect("the lint ran on the draft");
    assert_eq!(warning["field"], "description");
}

#[test]
fn a_save_writes_the_edit_and_the_served_page_follows() {
    let editor = Editor::start();
    let before = editor.site.read(ROLE);
    let file = editor.open(ROLE);
    let put = format!("/_hirepage/api/file?path={ROLE}");

    // No change: the same bytes, the same version.
    let (status, saved) = editor.json(
        "PUT",
        &put,
        &json!({"version": file["version"], "fields": file["fields"], "body": file["body"]}),
    );
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], file["version"]);
    assert_eq!(editor.site.read(ROLE), before);

    // A draft that would not load is refused, and the file stays.
    let mut broken = file["fields"].clone();
    broken.as_object_mut().unwrap().remove("title");
    let (status, refused) = editor.json(
        "PUT",
        &put,
        &json!({"version": file["version"], "fields": broken, "body": file["body"]}),
    );
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["diagnostics"][0]["code"], "missing-field");
    assert_eq!(refused["diagnostics"][0]["field"], "title", "at its field");
    assert_eq!(editor.site.read(ROLE), before);

    let mut fields = file["fields"].clone();
    fields["hero"]["heading"] = json!("Hire backend engineers who ship");
    let (status, saved) = editor.json(
        "PUT",
        &put,
        &json!({"version": file["version"], "fields": fields, "body": file["body"]}),
    );
    assert_eq!(status, 200, "{saved}");
    assert_ne!(saved["version"], file["version"]);
    let after = editor.site.read(ROLE);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "  heading: Hire remote backend developers from vetted Latin American talent",
            "  heading: Hire backend engineers who ship"
        )],
        "only the edited line changes"
    );
    assert_eq!(before.lines().count(), after.lines().count());
    editor.server.settle(Duration::from_secs(60));
    let (_, _, page) = editor.server.get("/hire/backend-developers/");
    assert!(String::from_utf8_lossy(&page).contains("Hire backend engineers who ship"));

    // The old version is stale now: 409, with the current one.
    let (status, stale) = editor.json(
        "PUT",
        &put,
        &json!({"version": file["version"], "fields": file["fields"], "body": file["body"]}),
    );
    assert_eq!(status, 409);
    assert_eq!(stale["version"], saved["version"]);
    assert_eq!(editor.site.read(ROLE), after);
}

/// A save changes what was edited and nothing else: a byte-order mark at
/// the start of the file stays.
#[test]
fn a_save_keeps_a_byte_order_mark() {
    let editor = Editor::start();
    let bom = b"\xEF\xBB\xBF";
    let before = editor.site.read(ROLE);
    editor
        .site
        .write(ROLE, [&bom[..], before.as_bytes()].concat());
    let file = editor.open(ROLE);
    let mut fields = file["fields"].clone();
    fields["hero"]["heading"] = json!("Hire backend engineers who ship");
    let (status, saved) = editor.json(
        "PUT",
        &format!("/_hirepage/api/file?path={ROLE}"),
        &json!({"version": file["version"], "fields": fields, "body": file["body"]}),
    );
    assert_eq!(status, 200, "{saved}");
    let after = std::fs::read(editor.site.path().join(ROLE)).unwrap();
    assert_eq!(&after[..3], bom, "the mark stays");
    let after = String::from_utf8(after[3..].to_vec()).unwrap();
    assert_eq!(
        after,
        before.replace(
            "  heading: Hire remote backend developers from vetted Latin American talent",
            "  heading: Hire backend engineers who ship"
        )
    );
}

#[test]
fn new_files_are_made_as_hirepage_new_makes_them() {
    let editor = Editor::start();
    for (kind, title, path) in [
        (
            "role",
            "Rust Developers",
            "content/roles/rust-developers.md",
        ),
        ("skill", "Elixir", "content/skills/elixir.md"),
        (
            "page",
            "Terms of Service",
            "content/pages/terms-of-service.md",
        ),
        ("location", "Uruguay", "content/locations/uruguay.md"),
    ] {
        let (status, created) = editor.json(
            "POST",
            "/_hirepage/api/file",
            &json!({"kind": kind, "title": title}),
        );
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["path"], path);
        assert!(editor.site.read(path).contains("draft: true"));
        let (status, _) = editor.json(
            "POST",
            "/_hirepage/api/file",
            &json!({"kind": kind, "title": title}),
        );
        assert_eq!(status, 409, "never overwritten");
    }
    let (status, _) = editor.json(
        "POST",
        "/_hirepage/api/file",
        &json!({"kind": "role", "title": "!!!"}),
    );
    assert_eq!(status, 422);
    let (status, _) = editor.json(
        "POST",
        "/_hirepage/api/file",
        &json!({"kind": "theme", "title": "x"}),
    );
    assert_eq!(status, 400);
}

#[test]
fn photos_are_uploaded_into_static_images() {
    let editor = Editor::start();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-first".to_vec();
    let other = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-second".to_vec();
    let upload = |name: &str, media_type: &str, bytes: &[u8]| {
        editor.call(
            "POST",
            &format!("/_hirepage/api/images?name={name}"),
            &[("Content-Type", media_type)],
            bytes,
        )
    };
    let (status, saved) = upload("David%20R.%20(2).PNG", "image/png", &png);
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["path"], "static/images/david-r-2.png", "a safe name");
    assert_eq!(saved["url"], "/images/david-r-2.png");
    assert_eq!(
        std::fs::read(editor.site.path().join("static/images/david-r-2.png")).unwrap(),
        png
    );

    assert_eq!(
        upload("david-r-2.png", "image/png", &png).0,
        200,
        "the same file again"
    );
    let (status, conflict) = upload("david-r-2.png", "image/png", &other);
    assert_eq!(status, 409, "another file of that name is not overwritten");
    assert_eq!(conflict["suggestion"], "david-r-2-2.png");
    assert_eq!(
        std::fs::read(editor.site.path().join("static/images/david-r-2.png")).unwrap(),
        png
    );
    assert_eq!(
        upload("david-r-2.png&overwrite=1", "image/png", &other).0,
        201,
        "when asked"
    );

    assert_eq!(
        upload("../../evil.png", "image/png", &png).1["path"],
        "static/images/evil.png"
    );
    assert_eq!(upload("x.svg", "image/svg+xml", b"<svg/>").0, 415);
    assert_eq!(
        upload("x.jpg", "image/jpeg", b"GIF89a").0,
        422,
        "the bytes must match the type"
    );
    let huge = [png.as_slice(), &vec![0; 11 << 20]].concat();
    assert_eq!(upload("big.png", "image/png", &huge).0, 413);
    let (_, model) = editor.get("/_hirepage/api/model");
    assert!(
        model["images"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "/images/david-r-2.png")
    );
}

#[test]
fn the_editor_is_off_unless_serve_binds_loopback() {
    let site = TestSite::example();
    let port = free_port();
    let server = Server::start_with(
        site.path(),
        &["--bind", "0.0.0.0", "--port", &port.to_string()],
        &[],
    );
    let line = server.wait_for_line("Editor:", Duration::from_secs(60));
    assert!(line.contains("off"), "{line}");
    let (status, _, _) = request("GET", &server.address, "/_hirepage/api/files", &[], b"");
    assert_eq!(status, 404);
}
