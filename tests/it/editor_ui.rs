//! The editor page of `hirepage serve` (`src/editor/ui/`) in a real
//! Chromium: open a role, see the draft's page change before any save,
//! save one line, a stale save, an error next to its field, axe, and the
//! keyboard alone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::{Browser, Server};
use crate::util::{TestSite, repo};

const WAIT: Duration = Duration::from_secs(30);
const ROLE: &str = "content/roles/backend-developers.md";
const HEADING: &str = "Hire remote backend developers from vetted Latin American talent";

const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';
const CONTROL: char = '\u{E009}';
const END: char = '\u{E010}';

/// The example site served, and a browser signed in to its editor.
struct Editor {
    site: TestSite,
    server: Server,
    browser: Browser,
}

impl Editor {
    fn start() -> Editor {
        let site = TestSite::example();
        let server = Server::start(site.path(), 0);
        let url = server.editor_url();
        let browser = Browser::start();
        browser.goto(&url);
        browser.wait_for(
            "the file list",
            &format!(
                "return document.querySelector('a.file[data-path={}]') !== null;",
                js(ROLE)
            ),
            WAIT,
        );
        Editor {
            site,
            server,
            browser,
        }
    }

    /// Opens `path` from the file list and waits for its form and preview.
    fn open(&self, path: &str) {
        self.browser.eval(&format!(
            "document.querySelector('a.file[data-path={}]').click(); return true;",
            js(path)
        ));
        self.wait_loaded(path);
    }

    fn wait_loaded(&self, path: &str) {
        self.browser.wait_for(
            &format!("the form of {path}"),
            &format!(
                "return document.getElementById('current').textContent === {} \
                 && document.querySelector('#doc [data-path=\"title\"] input') !== null;",
                js(path)
            ),
            WAIT,
        );
        self.wait_preview("the first preview", "");
    }

    /// Waits until the preview frame shows a page containing `text`.
    fn wait_preview(&self, what: &str, text: &str) {
        self.browser.wait_for(
            what,
            &format!(
                "const f = document.getElementById('preview'); const d = f.contentDocument; \
                 return !f.classList.contains('loading') && d !== null && d.body !== null \
                 && d.querySelector('h1') !== null && d.body.textContent.includes({});",
                js(text)
            ),
            WAIT,
        );
    }

    /// Focuses the control of the field at `path` and selects its text.
    fn focus_field(&self, path: &str) {
        let focused = self.browser.eval(&format!(
            "const c = document.querySelector('#doc [data-path={}] :is(input, textarea)'); \
             c.focus(); return document.activeElement === c;",
            js(path)
        ));
        assert_eq!(focused, true, "cannot focus the field {path}");
        self.browser.chord(CONTROL, 'a');
    }

    fn field_value(&self, path: &str) -> String {
        self.browser
            .eval(&format!(
                "return document.querySelector('#doc [data-path={}] :is(input, textarea)').value;",
                js(path)
            ))
            .as_str()
            .unwrap()
            .to_string()
    }

    fn status(&self) -> String {
        text(
            &self
                .browser
                .eval("return document.getElementById('status').textContent;"),
        )
    }

    fn wait_status(&self, starts: &str) {
        self.browser.wait_for(
            &format!("the status {starts:?}"),
            &format!(
                "return document.getElementById('status').textContent.startsWith({});",
                js(starts)
            ),
            WAIT,
        );
    }

    fn save_with_keyboard(&self) {
        self.browser.chord(CONTROL, 's');
    }
}

/// `s` as a JavaScript string literal.
fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// The lines of `after` that differ from `before`'s, as (before, after).
fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len(), "the number of lines changed:\n{after}");
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect()
}

/// Polls `GET path` until its body contains `needle`.
fn wait_served(server: &Server, path: &str, needle: &str) {
    let started = Instant::now();
    loop {
        let (status, _, body) = server.get(path);
        if status == 200 && String::from_utf8_lossy(&body).contains(needle) {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "{path} never showed {needle:?} (last status {status}); output:\n{}",
            server.output.lock().unwrap().join("\n")
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn a_draft_is_previewed_before_it_is_saved_and_a_save_changes_one_line() {
    let editor = Editor::start();
    let original = editor.site.read(ROLE);
    editor.open(ROLE);
    editor.wait_preview("the saved heading in the preview", HEADING);
    assert_eq!(editor.field_value("hero/heading"), HEADING);

    // Type, as a person would: the page of the draft changes, the file not.
    let heading = "Hire remote backend engineers who ship on US hours";
    editor.focus_field("hero/heading");
    editor.browser.keys(heading);
    editor.wait_preview("the draft's heading in the preview", heading);
    assert_eq!(
        editor.site.read(ROLE),
        original,
        "the file changed before a save"
    );
    assert_eq!(
        editor.browser.eval("return window.hirepageEditor.dirty();"),
        true
    );
    assert_eq!(
        editor
            .browser
            .eval("return !document.getElementById('dirty').hidden;"),
        true,
        "no unsaved-changes indicator"
    );

    // Save with the keyboard: exactly that line changes on disk.
    editor.save_with_keyboard();
    editor.wait_status("Saved");
    let saved = editor.site.read(ROLE);
    assert_eq!(
        changed_lines(&original, &saved),
        vec![(
            format!("  heading: {HEADING}"),
            format!("  heading: {heading}")
        )]
    );
    assert_eq!(
        editor.browser.eval("return window.hirepageEditor.dirty();"),
        false
    );
    assert_eq!(
        editor
            .browser
            .eval("return document.getElementById('dirty').hidden;"),
        true
    );
    // And the site follows.
    wait_served(&editor.server, "/hire/backend-developers/", heading);
}

#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn a_stale_save_offers_to_reload_the_file_from_disk() {
    let editor = Editor::start();
    editor.open(ROLE);
    editor.focus_field("hero/heading");
    editor.browser.keys("A heading typed in the browser");

    // Someone else changes the file behind the editor's back.
    let on_disk = editor
        .site
        .read(ROLE)
        .replace("role: Backend Developer\n", "role: Backend Engineer\n");
    editor.site.write(ROLE, &on_disk);

    editor
        .browser
        .eval("document.getElementById('save').click(); return true;");
    editor.browser.wait_for(
        "the offer to reload from disk",
        "return document.getElementById('reload-disk') !== null;",
        WAIT,
    );
    assert!(
        editor.status().contains("changed on disk"),
        "{}",
        editor.status()
    );
    // Nothing was written, and the draft is kept until the user chooses.
    assert_eq!(editor.site.read(ROLE), on_disk);
    assert_eq!(
        editor.field_value("hero/heading"),
        "A heading typed in the browser"
    );

    editor
        .browser
        .eval("document.getElementById('reload-disk').click(); return true;");
    editor.browser.wait_for(
        "the disk version in the form",
        "const r = document.querySelector('#doc [data-path=\"role\"] input'); \
         return r !== null && r.value === 'Backend Engineer';",
        WAIT,
    );
    assert_eq!(editor.field_value("hero/heading"), HEADING);
    assert_eq!(
        editor.browser.eval("return window.hirepageEditor.dirty();"),
        false
    );
    assert_eq!(
        editor
            .browser
            .eval("return document.getElementById('banner').hidden;"),
        true
    );
}

/// Whether the field at `path` shows an error, referenced by its control.
fn field_error_shown(path: &str) -> String {
    format!(
        "const f = document.querySelector('#doc [data-path={}]'); \
         const e = f.querySelector('.field-error'); const i = f.querySelector('input, textarea'); \
         return !e.hidden && e.textContent.includes('Error') && i.getAttribute('aria-invalid') === 'true' \
         && i.getAttribute('aria-describedby').split(' ').includes(e.id);",
        js(path)
    )
}

#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn an_error_in_the_draft_is_shown_next_to_its_field_and_the_server_stays_up() {
    let editor = Editor::start();
    let original = editor.site.read(ROLE);
    editor.open(ROLE);
    editor.wait_preview("the saved page", HEADING);

    // A weight must be a whole number.
    editor.focus_field("weight");
    editor.browser.keys("1.5");
    editor.browser.wait_for(
        "the error next to the weight",
        &field_error_shown("weight"),
        WAIT,
    );
    let message = text(&editor.browser.eval(
        "return document.querySelector('#doc [data-path=\"weight\"] .field-error').textContent;",
    ));
    assert!(message.contains("whole number"), "{message}");
    // Listed at the top too; a click there focuses the field.
    editor.browser.eval(
        "for (const b of document.querySelectorAll('#problem-list button.problem')) \
           if (b.textContent.includes('whole number')) b.click(); \
         return true;",
    );
    assert_eq!(
        editor.browser.eval(
            "return document.activeElement === document.querySelector('#doc [data-path=\"weight\"] input');"
        ),
        true,
        "the problem does not lead to its field"
    );
    // The last good page stays in the preview.
    editor.wait_preview("the last good page", HEADING);
    assert!(
        editor.server.status()["errors"].as_array().is_some(),
        "the server does not answer"
    );

    // A save is refused with the same problem, and nothing is written.
    editor.save_with_keyboard();
    editor.wait_status("Not saved");
    assert_eq!(editor.site.read(ROLE), original);
    editor.browser.wait_for(
        "the error after the refused save",
        &field_error_shown("weight"),
        WAIT,
    );

    // The server is fine: it serves pages and previews a good draft again.
    assert_eq!(editor.server.get("/hire/backend-developers/").0, 200);
    editor.browser.chord(CONTROL, 'a');
    editor.browser.keys("12");
    editor.browser.wait_for(
        "the error to go",
        "return document.querySelector('#doc [data-path=\"weight\"] .field-error').hidden \
         && document.getElementById('preview-state').textContent.startsWith('Draft');",
        WAIT,
    );
}

/// axe-core, as `tests/audit` installs it.
fn axe_source() -> String {
    let path: PathBuf = repo().join("tests/audit/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; install it with `npm ci --ignore-scripts --prefix tests/audit`",
            path.display()
        )
    })
}

/// The violations axe finds on the editor page (not inside the preview,
/// which is the site's page, audited by `audit.rs`).
fn axe_violations(browser: &Browser, axe: &str, state: &str) -> Vec<String> {
    browser.eval(&format!("{axe}\nreturn true;"));
    let result = browser.eval_async(
        "const done = arguments[arguments.length - 1]; \
         axe.run(document, { iframes: false, resultTypes: ['violations'] }) \
           .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' \
             + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')))) \
           .catch(e => done(['axe failed: ' + e]));",
    );
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{state}: {}", text(v)))
        .collect()
}

#[test]
#[ignore = "needs chromium, chromedriver and tests/audit/node_modules: bash .ci/run runs it"]
fn the_editor_passes_axe_with_the_list_a_role_and_an_error() {
    let axe = axe_source();
    let editor = Editor::start();
    let mut violations = axe_violations(&editor.browser, &axe, "the file list");

    editor.open(ROLE);
    // Open a candidate and an interview question, so their fields count.
    editor.browser.eval(
        "for (const t of document.querySelectorAll('#doc .items > li:first-child .item-toggle')) t.click(); \
         return true;",
    );
    violations.extend(axe_violations(&editor.browser, &axe, "a role"));
    // A card's location is completed from the site's locations.
    let offered = editor.browser.eval(
        "const c = document.querySelector('#doc [data-path=\"candidates/0/location\"] input'); \
         return c && c.list ? Array.from(c.list.options, (o) => o.value) : null;",
    );
    assert!(
        offered
            .as_array()
            .is_some_and(|o| o.iter().any(|v| v == "Costa Rica")),
        "{offered}"
    );

    editor.focus_field("weight");
    editor.browser.keys("1.5");
    editor
        .browser
        .wait_for("the error", &field_error_shown("weight"), WAIT);
    violations.extend(axe_violations(&editor.browser, &axe, "an error"));
    assert!(
        violations.is_empty(),
        "axe found {} violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn the_editor_works_with_the_keyboard_alone() {
    let editor = Editor::start();
    let browser = &editor.browser;
    let active = "const a = document.activeElement; \
                  return a.id || a.getAttribute('data-path') || a.getAttribute('name') || a.tagName;";
    // Tab from the top of the page until `is` holds for the focused element.
    let tab_to = |what: &str, is: &str| {
        for _ in 0..80 {
            browser.keys(&TAB.to_string());
            if browser.eval(&format!("const a = document.activeElement; return {is};")) == true {
                let ring = browser.eval(
                    "const s = getComputedStyle(document.activeElement); \
                     return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;",
                );
                assert_eq!(ring, true, "no visible focus on {what}");
                return;
            }
        }
        panic!(
            "Tab never reached {what}; stopped at {}",
            browser.eval(active)
        );
    };

    browser.eval("document.activeElement.blur(); return true;");
    tab_to("the search box", "a.id === 'search'");
    browser.keys("data scien");
    browser.wait_for(
        "the search to filter the list",
        "return document.querySelectorAll('#files a.file').length === 1;",
        WAIT,
    );
    tab_to(
        "the file found",
        "a.matches('a.file') && a.dataset.path === 'content/roles/data-scientists.md'",
    );
    browser.keys(&ENTER.to_string());
    editor.wait_loaded("content/roles/data-scientists.md");

    tab_to(
        "a field of the form",
        "a.closest('#doc') !== null && a.matches('input, textarea, select')",
    );
    // Save is reachable from the top, past the skip link.
    let from_top = "document.querySelector('.skip').focus(); return true;";
    browser.eval(from_top);
    tab_to("the Save button", "a.id === 'save'");
    // Type into a field and save, all from the keyboard.
    let role = "content/roles/data-scientists.md";
    let before = editor.site.read(role);
    editor.focus_field("role");
    browser.keys(&format!("{END} Lead"));
    let dirty = "return window.hirepageEditor.dirty();";
    browser.wait_for("the draft to be dirty", dirty, WAIT);
    browser.eval(from_top);
    tab_to("the Save button", "a.id === 'save'");
    browser.keys(&ENTER.to_string());
    editor.wait_status("Saved");
    let after = editor.site.read(role);
    assert_eq!(changed_lines(&before, &after).len(), 1, "{after}");
}

/// Keystroke-to-preview latency: types into a role's body in the editor,
/// one key at a time, and measures with the browser's clock from each key
/// down to the preview showing it (debounce, request, render, paint). Not a
/// test: `bench/run.sh` and the README run it.
///
/// `HIREPAGE_BENCH_SITE` is a site folder (default: a copy of the example
/// site); `HIREPAGE_BENCH_ROLE` the role file to edit (default: the first
/// one, by name).
#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn editor_latency() {
    let example;
    let root = match std::env::var_os("HIREPAGE_BENCH_SITE") {
        Some(dir) => PathBuf::from(dir),
        None => {
            example = TestSite::example();
            example.path().to_path_buf()
        }
    };
    let role = match std::env::var("HIREPAGE_BENCH_ROLE") {
        Ok(file) => file,
        Err(_) => crate::util::first_role(&root)
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/"),
    };
    let before = std::fs::read_to_string(root.join(&role)).unwrap();
    let server = Server::start(&root, 0);
    let browser = Browser::start();
    browser.goto(&server.editor_url());
    let link = format!("document.querySelector('a.file[data-path={}]')", js(&role));
    browser.wait_for("the file list", &format!("return {link} !== null;"), WAIT);
    browser.eval(&format!("{link}.click(); return true;"));
    browser.wait_for(
        "the first preview",
        "const d = document.getElementById('preview').contentDocument; \
         return d !== null && d.querySelector('h1') !== null;",
        WAIT,
    );
    // A word at the end of the body, then one key at a time after it, as
    // a person types: each key is timed until the preview shows it.
    browser.eval(
        "const area = document.querySelector('#doc [data-path=\"body\"] textarea'); \
         area.focus(); area.setSelectionRange(area.value.length, area.value.length); \
         window.addEventListener('keydown', () => { window.__typedAt = performance.now(); }, { capture: true }); \
         return true;",
    );
    let mut typed = String::from(" zqmark");
    browser.keys(&typed);
    let mut latencies = Vec::new();
    for key in "abcdefghijklmnopqrst".chars() {
        typed.push(key);
        browser.eval(&format!(
            "delete window.__shownAt; \
             const watch = () => {{ \
               const d = document.getElementById('preview').contentDocument; \
               if (d && d.body && d.body.textContent.includes({marker})) {{ window.__shownAt = performance.now(); }} \
               else {{ requestAnimationFrame(watch); }} }}; \
             requestAnimationFrame(watch); return true;",
            marker = js(typed.trim())
        ));
        browser.keys(&key.to_string());
        browser.wait_for(
            "the key in the preview",
            "return typeof window.__shownAt === 'number';",
            WAIT,
        );
        let ms = browser.eval("return window.__shownAt - window.__typedAt;");
        latencies.push(ms.as_f64().unwrap());
    }
    // Of which the preview requests (Resource Timing, same clock).
    let mut requests: Vec<f64> = browser
        .eval(
            "return performance.getEntriesByType('resource') \
               .filter(e => e.name.includes('/_hirepage/api/preview')) \
               .slice(-20).map(e => e.duration);",
        )
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    requests.sort_by(f64::total_cmp);
    let after = std::fs::read_to_string(root.join(&role)).unwrap();
    assert_eq!(after, before, "typing writes nothing");
    latencies.sort_by(f64::total_cmp);
    println!(
        "site: {} ({} roles)\nkeystroke-to-preview in Chromium: median {:.0} ms, min {:.0} ms, max {:.0} ms\n\
         of which the preview request: median {:.0} ms",
        root.display(),
        std::fs::read_dir(root.join("content/roles"))
            .unwrap()
            .count(),
        latencies[latencies.len() / 2],
        latencies[0],
        latencies[latencies.len() - 1],
        requests
            .get(requests.len() / 2)
            .copied()
            .unwrap_or(f64::NAN),
    );
}

/// A page of another origin (another port of the same machine: the same
/// *site* to a browser, so the `SameSite=Strict` cookie goes along) that
/// calls the editor's API is refused: reading fails, and a write it sends
/// blindly (`no-cors`) changes nothing.
#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn a_page_on_another_port_cannot_use_the_editor() {
    use std::io::{Read, Write};
    let editor = Editor::start();
    let api = editor.server.url.trim_end_matches('/').to_string();

    // The other page, served without any policy of its own.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let other_url = format!("http://{}/", other.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in other.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut head = [0; 2048];
            let _ = stream.read(&mut head);
            let page = "<!doctype html><title>Another site</title><p>hello</p>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    editor.browser.goto(&other_url);
    editor.browser.wait_for(
        "the other page",
        "return document.title === 'Another site';",
        WAIT,
    );
    let read = editor.browser.eval_async(&format!(
        "const done = arguments[arguments.length - 1]; \
         fetch({}, {{ credentials: 'include' }}) \
           .then(r => done('read ' + r.status), e => done('refused: ' + e.name));",
        js(&format!("{api}/_hirepage/api/files"))
    ));
    assert_eq!(
        text(&read),
        "refused: TypeError",
        "no Access-Control-Allow-Origin"
    );
    let write = editor.browser.eval_async(&format!(
        "const done = arguments[arguments.length - 1]; \
         fetch({}, {{ method: 'POST', mode: 'no-cors', credentials: 'include', \
           headers: {{ 'Content-Type': 'text/plain' }}, \
           body: JSON.stringify({{ kind: 'role', title: 'Injected Engineers' }}) }}) \
           .then(r => done('answered ' + r.type), e => done('failed: ' + e.name));",
        js(&format!("{api}/_hirepage/api/file"))
    ));
    // The answer arrived, so the server has handled the request.
    assert_eq!(text(&write), "answered opaque");
    assert!(!editor.site.exists("content/roles/injected-engineers.md"));
    let (status, _, _) = crate::browser::request(
        "POST",
        &editor.server.address,
        "/_hirepage/api/file",
        &[
            ("Origin", other_url.trim_end_matches('/')),
            ("Content-Type", "application/json"),
        ],
        br#"{"kind": "role", "title": "Injected Engineers"}"#,
    );
    assert_eq!(
        status, 403,
        "refused for its origin, before the token is looked at"
    );
}
