//! `hirepage serve` against a real browser: live reload, stylesheet swap,
//! error overlay, and the server's HTTP behaviour.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::browser::{Browser, Server, free_port};
use crate::util::TestSite;
use hirepage::serve::watch::{MAX_WAIT, QUIET};

const WAIT: Duration = Duration::from_secs(15);

#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn live_reload_stylesheet_swap_and_error_overlay_in_chromium() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(site.path(), 0);
    let browser = Browser::start();
    let page = format!("{}hire/backend-developers/", server.url);
    browser.goto(&page);
    browser.wait_for(
        "the role page",
        "return document.querySelector('h1') !== null && document.querySelector('h1').textContent === 'Hire Backend Developers';",
        WAIT,
    );

    // 1. Edit the Markdown: the new text appears, with no reload from the
    // test, and in place: no navigation, so the scroll position and page
    // state stay.
    browser.eval("window.scrollTo({ top: 400, behavior: 'instant' }); window.__hirepageState = 'kept'; return true;");
    assert_eq!(
        browser.eval("return window.scrollY;").as_f64().unwrap(),
        400.0
    );
    let role = site.read("content/roles/backend.md");
    site.write(
        "content/roles/backend.md",
        role.replace(
            "Because **data** matters.",
            "Because **live reload** works.",
        ),
    );
    browser.wait_for(
        "the edited text",
        "return document.body.textContent.includes('Because live reload works.');",
        WAIT,
    );
    assert_eq!(browser.eval("return window.__hirepageState;"), "kept");
    assert!(browser.eval("return window.scrollY;").as_f64().unwrap() > 300.0);

    // 2. Edit the stylesheet: the style changes and page state survives.
    browser.eval("window.__hirepageMarker = 42; return true;");
    let css_path = "themes/default/static/css/site.css";
    let css = site.read(css_path);
    site.write(
        css_path,
        format!("{css}\nbody {{ background-color: rgb(1, 2, 3) !important; }}\n"),
    );
    browser.wait_for(
        "the new background",
        "return getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)';",
        WAIT,
    );
    assert_eq!(
        browser.eval("return window.__hirepageMarker;"),
        42,
        "the page was reloaded"
    );

    // 3. Break the front matter: an overlay names the file and line.
    let fixed = site.read("content/roles/backend.md");
    site.write(
        "content/roles/backend.md",
        fixed.replace("role: Backend Developer", "role: [Backend Developer"),
    );
    browser.wait_for(
        "the error overlay",
        "const o = document.getElementById('hirepage-overlay'); \
         return o !== null && o.innerText.includes('content/roles/backend.md:3:') ;",
        WAIT,
    );
    // The last good page is still there under the overlay.
    assert_eq!(
        browser.eval("return document.body.textContent.includes('Because live reload works.');"),
        true
    );
    let overlay = browser.eval("return document.getElementById('hirepage-overlay').innerText;");
    assert!(overlay.as_str().unwrap().contains("hint:"), "{overlay}");

    // 4. Fix it: the overlay goes away and the page is current.
    site.write(
        "content/roles/backend.md",
        fixed.replace("Because **live reload** works.", "Fixed and back."),
    );
    browser.wait_for(
        "the overlay to go and the fixed page",
        "return document.getElementById('hirepage-overlay') === null && document.body.textContent.includes('Fixed and back.');",
        WAIT,
    );
    assert_eq!(server.status()["errors"].as_array().unwrap().len(), 0);
}

#[test]
#[ignore = "needs chromium and chromedriver: bash .ci/run runs it"]
fn only_tabs_whose_page_changed_reload() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(site.path(), 0);
    let browser = Browser::start();
    // The about page does not show the backend role's body text.
    browser.goto(&format!("{}about/", server.url));
    browser.eval("window.__stay = 1; return true;");
    let role = site.read("content/roles/backend.md");
    site.write(
        "content/roles/backend.md",
        role.replace("Milliseconds count.", "Microseconds count."),
    );
    let build = server.settle(WAIT)["build"].clone();
    // The tab has handled the rebuild's event once it knows the new build.
    browser.wait_for(
        "the tab to hear of the rebuild",
        &format!("return window.__hirepageBuild === {build};"),
        WAIT,
    );
    assert_eq!(
        browser.eval("return window.__stay;"),
        1,
        "an unrelated tab reloaded"
    );
}

#[test]
fn a_save_through_rename_is_one_rebuild() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(site.path(), 0);
    let before = server.status()["rebuilds"].as_u64().unwrap();
    let path = site.path().join("content/roles/backend.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // What vim, JetBrains and gedit do: write a temporary file, rename it.
    let temp = site.path().join("content/roles/backend.md___jb_tmp___");
    std::fs::write(
        &temp,
        text.replace("Milliseconds count.", "Renamed into place."),
    )
    .unwrap();
    std::fs::rename(&temp, &path).unwrap();
    let after = server.settle(WAIT)["rebuilds"].as_u64().unwrap();
    let output = || server.output.lock().unwrap().join("\n");
    assert_eq!(after - before, 1, "a save through rename:\n{}", output());
    // And an editor that writes twice in a row.
    let other = site.path().join("content/pages/about.md");
    let about = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, "").unwrap();
    std::fs::write(&other, about.replace("A test fixture.", "Written twice.")).unwrap();
    let last = server.settle(WAIT)["rebuilds"].as_u64().unwrap();
    assert_eq!(last - after, 1, "a save written twice:\n{}", output());
    let (_, _, body) = server.get("/hire/backend-developers/");
    assert!(String::from_utf8_lossy(&body).contains("Renamed into place."));
    let (_, _, body) = server.get("/about/");
    assert!(String::from_utf8_lossy(&body).contains("Written twice."));
}

#[test]
fn a_burst_of_changes_is_one_or_two_rebuilds() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(site.path(), 0);
    let before = server.status()["rebuilds"].as_u64().unwrap();
    // Like a `git checkout`: many files at once, created and deleted.
    let started = Instant::now();
    let mut last = started;
    // Pauses of this writer longer than the quiet time a batch waits for:
    // each may rightly end a batch (a loaded machine stalls the writer).
    let mut pauses = 0;
    let mut note_pause = || {
        let now = Instant::now();
        if now - last > QUIET {
            pauses += 1;
        }
        last = now;
    };
    for i in 0..100 {
        site.write(
            &format!("content/pages/p{i}.md"),
            format!("---\ntitle: Page {i}\ndescription: Generated page number {i} of a burst of one hundred.\n---\nText {i}.\n"),
        );
        note_pause();
    }
    std::fs::remove_file(site.path().join("content/pages/p7.md")).unwrap();
    note_pause();
    let took = started.elapsed();
    let rebuilds = server.settle(WAIT)["rebuilds"].as_u64().unwrap() - before;
    // A batch also ends after MAX_WAIT of changes without quiet: a slow
    // burst may take one more for each.
    let most = 2 + pauses + (took.as_millis() / MAX_WAIT.as_millis()) as u64;
    assert!(
        (1..=most).contains(&rebuilds),
        "{rebuilds} rebuilds for a burst of {took:?} with {pauses} pauses"
    );
    assert_eq!(server.get("/p99/").0, 200);
    assert_eq!(server.get("/p7/").0, 404, "a deleted file's page is gone");
}

/// Sends a raw request line, so that no client normalises `..` away.
fn raw_status(address: &str, target: &str) -> u16 {
    raw_status_for_host(address, target, Some(address))
}

/// Like [`raw_status`], with this `Host` header (or none).
fn raw_status_for_host(address: &str, target: &str, host: Option<&str>) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn http_behaviour() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(site.path(), 0);

    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/hire/../../site.yaml",
    ] {
        assert_eq!(raw_status(&server.address, target), 404, "{target}");
    }
    // Unknown paths get the site's 404 page with status 404.
    let (status, head, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(head.contains("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    // No folder listing.
    assert_eq!(server.get("/css/").0, 404);
    // A folder without its slash is redirected.
    let (status, head, _) = server.get("/hire/backend-developers");
    assert_eq!(status, 301);
    assert!(
        head.contains("Location: /hire/backend-developers/")
            || head.contains("location: /hire/backend-developers/"),
        "{head}"
    );
    // Stylesheets under their published, fingerprinted names, with their
    // content type; the source name is not served, as in the build.
    let home = String::from_utf8(server.get("/").2).unwrap();
    let at = home.find("/css/site.").expect("a stylesheet link");
    let css = &home[at..at + home[at..].find(".css").unwrap() + 4];
    assert_ne!(
        css, "/css/site.css",
        "the preview fingerprints like the build"
    );
    let (status, head, body) = server.get(css);
    assert_eq!(status, 200, "{css}");
    assert!(head.contains("text/css"), "{head}");
    assert!(!String::from_utf8_lossy(&body).contains("reload.js"));
    assert_eq!(server.get("/css/site.css").0, 404);
    // The security headers of `_headers`, the CSP included.
    let lower = head.to_ascii_lowercase();
    assert!(
        lower.contains("content-security-policy: default-src 'self'"),
        "{head}"
    );
    assert!(lower.contains("x-frame-options: deny"), "{head}");
    assert!(server.get("/sitemap.xml").1.contains("application/xml"));
    // Pages get the reload script; drafts are shown.
    let (_, _, body) = server.get("/hire/draft/");
    let html = String::from_utf8_lossy(&body);
    assert!(
        html.contains(r#"<script src="/__hirepage/reload.js""#),
        "{html}"
    );
    // The base URL is the local address.
    assert!(
        html.contains(&format!(
            r#"<link rel="canonical" href="{}hire/draft/">"#,
            server.url
        )),
        "{html}"
    );
}

#[test]
fn foreign_host_names_are_refused() {
    let site = TestSite::fixture("minimal");
    let server = Server::start(site.path(), 0);
    let port = server.address.rsplit(':').next().unwrap();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            raw_status_for_host(&server.address, "/", Some(&host)),
            200,
            "{host}"
        );
    }
    // DNS rebinding: a page of evil.example whose name now resolves to
    // 127.0.0.1 must not read the preview.
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        "localhost:1".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        for target in ["/", "/__hirepage/status", "/hire/draft/"] {
            assert_eq!(
                raw_status_for_host(&server.address, target, Some(&host)),
                403,
                "{host} {target}"
            );
        }
    }
    assert_eq!(
        raw_status_for_host(&server.address, "/", None),
        403,
        "no Host"
    );
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = TestSite::fixture("minimal");
    let port = free_port();
    let _taken = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let server = Server::start(site.path(), port);
    assert_ne!(server.address, format!("127.0.0.1:{port}"));
    assert!(
        server
            .output
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains(&format!("Port {port} is taken")))
    );
}

#[test]
fn serve_listens_on_127_0_0_1_port_1111_by_default() {
    let site = TestSite::fixture("minimal");
    let server = Server::start_with(site.path(), &[], &[]);
    // 1111, or the next free port when something else holds it.
    let (host, port) = server.address.split_once(':').unwrap();
    assert_eq!(host, "127.0.0.1");
    let port: u16 = port.parse().unwrap();
    assert!((1111..1111 + 100).contains(&port), "{}", server.address);
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn bind_chooses_the_address() {
    let site = TestSite::fixture("minimal");
    let port = free_port();
    let server = Server::start_with(
        site.path(),
        &["--bind", "127.0.0.2", "--port", &port.to_string()],
        &[],
    );
    assert_eq!(server.address, format!("127.0.0.2:{port}"));
    assert_eq!(server.get("/hire/").0, 200);
}

#[test]
fn open_starts_the_desktop_browser_on_the_site() {
    let site = TestSite::fixture("minimal");
    // A stand-in for xdg-open that writes down the URL it was given.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$1\" > '{0}.tmp' && mv '{0}.tmp' '{0}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let port = free_port();
    let server = Server::start_with(
        site.path(),
        &["--open", "--port", &port.to_string()],
        &[("PATH", &path)],
    );
    let started = std::time::Instant::now();
    while !opened.exists() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let url = std::fs::read_to_string(&opened).expect("xdg-open was not run");
    assert_eq!(url.trim(), server.url);
}

#[test]
fn build_output_has_no_reload_script() {
    let site = TestSite::fixture("minimal");
    site.build_ok(&[]);
    for (path, bytes) in site.tree("public") {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__hirepage"),
            "{path}"
        );
    }
}

#[test]
fn a_first_build_that_fails_is_fixed_live() {
    let site = TestSite::invalid("unknown-key");
    let server = Server::start(site.path(), 0);
    let status = server.status();
    assert_eq!(status["errors"][0]["code"], "unknown-field");
    assert_eq!(server.get("/").0, 503);
    std::fs::remove_file(site.path().join("content/roles/broken.md")).unwrap();
    let started = Instant::now();
    while server.get("/").0 != 200 {
        assert!(started.elapsed() < WAIT, "the fixed site was not served");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Benchmark, not a test: the time from saving a role file to the new
/// text being painted in Chromium, measured with the browser's own clock
/// (`performance.timeOrigin` and the paint timing of the reloaded page).
/// It prints figures and asserts nothing about time:
///
/// ```sh
/// cargo test --release --test it -- --ignored --nocapture reload_latency
/// HIREPAGE_BENCH_SITE=/tmp/site-10000 cargo test --release --test it -- --ignored --nocapture reload_latency
/// ```
///
/// `HIREPAGE_BENCH_SITE` is a site folder (default: a copy of the example
/// site); `HIREPAGE_BENCH_ROLE` the role file to edit (default: the first
/// one, by name).
#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn reload_latency() {
    let example;
    let root = match std::env::var_os("HIREPAGE_BENCH_SITE") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => {
            example = TestSite::example();
            example.path().to_path_buf()
        }
    };
    let role = match std::env::var_os("HIREPAGE_BENCH_ROLE") {
        Some(file) => root.join(file),
        None => crate::util::first_role(&root),
    };
    let original = std::fs::read_to_string(&role).unwrap();
    let slug = original
        .lines()
        .find_map(|l| l.strip_prefix("slug: "))
        .map(str::to_string)
        .unwrap_or_else(|| role.file_stem().unwrap().to_string_lossy().into_owned());

    let server = Server::start(&root, 0);
    let browser = Browser::start();
    browser.goto(&format!("{}hire/{slug}/", server.url));
    let mut latencies = Vec::new();
    let mut rebuilds = Vec::new();
    for i in 0..10 {
        let marker = format!("Latency marker {i}.");
        let saved = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
            * 1000.0;
        std::fs::write(&role, format!("{original}\n\n{marker}\n")).unwrap();
        browser.wait_for(
            "the edited text",
            &format!("return document.body.textContent.includes('{marker}');"),
            Duration::from_secs(60),
        );
        // The reload script records when it painted the new body.
        browser.wait_for(
            "the paint",
            "return typeof window.__hirepageRefreshedAt === 'number';",
            Duration::from_secs(10),
        );
        let painted = browser.eval("const t = window.__hirepageRefreshedAt; delete window.__hirepageRefreshedAt; return t;");
        latencies.push(painted.as_f64().unwrap() - saved);
        let line = server.wait_for_line("Rebuilt in", Duration::from_secs(60));
        let ms: f64 = line["Rebuilt in ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        rebuilds.push(ms);
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(&role, original).unwrap();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let pages = server.get("/__hirepage/status");
    assert_eq!(pages.0, 200);
    println!(
        "site: {} ({} roles)\nsave-to-visible in Chromium: median {:.0} ms, min {:.0} ms, max {:.0} ms\nrebuild: median {:.0} ms",
        root.display(),
        std::fs::read_dir(root.join("content/roles"))
            .unwrap()
            .count(),
        median(&mut latencies.clone()),
        latencies.iter().copied().fold(f64::MAX, f64::min),
        latencies.iter().copied().fold(0.0, f64::max),
        median(&mut rebuilds),
    );
}

/// The preview sends each file the Content-Security-Policy `_headers`
/// gives it: the CMS's under `/admin/`, the site's elsewhere.
#[test]
fn the_preview_sends_the_published_policy_of_each_file() {
    let site = TestSite::fixture("minimal");
    site.write("static/admin/notes.txt", "the CMS lives here");
    let server = Server::start(site.path(), 0);
    let (status, head, _) = server.get("/admin/notes.txt");
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(head.contains("style-src 'self' 'unsafe-inline'"), "{head}");
    let (_, home, _) = server.get("/");
    let home = home.to_ascii_lowercase();
    assert!(
        home.contains("content-security-policy: default-src 'self'"),
        "{home}"
    );
    assert!(!home.contains("unsafe-inline"), "{home}");
    // And the same policies are in the built `_headers`.
    let output = tempfile::tempdir().unwrap();
    let out = output.path().join("public");
    site.build_ok(&["--output", out.to_str().unwrap()]);
    let headers = std::fs::read_to_string(out.join("_headers")).unwrap();
    assert!(
        headers.contains("/admin/*\n  Content-Security-Policy: "),
        "{headers}"
    );
}
