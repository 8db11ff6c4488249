//! Just enough HTTP and WebDriver to drive Debian's Chromium from tests:
//! `chromedriver` speaks JSON over HTTP, so no client crate is needed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The browser and driver the tests use (installed by `.ci/run`).
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A free TCP port on the loopback interface.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 request with a JSON body; returns the status,
/// headers and body.
pub fn http(
    method: &str,
    host_port: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, String, Vec<u8>) {
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    request(
        method,
        host_port,
        path,
        &[("Content-Type", "application/json")],
        payload.as_bytes(),
    )
}

/// A minimal HTTP/1.1 request with the given headers (`Host` is
/// `host_port` unless given) and body; returns the status, headers and body.
pub fn request(
    method: &str,
    host_port: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(host_port).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {host_port}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    // A server may answer (413) before reading all of a large body.
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body));
    // Read the head, then exactly the body: chromedriver keeps connections
    // open whatever the request says, so reading to the end would hang.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let lower = head.to_ascii_lowercase();
    let length = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let mut body = Vec::new();
    if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body).unwrap();
    } else if lower.contains("transfer-encoding: chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).unwrap();
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader.read_to_end(&mut body).unwrap();
    }
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, body)
}

/// A headless Chromium session driven through chromedriver.
pub struct Browser {
    driver: Child,
    address: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium. Fails the test with the
    /// fix when they are not installed.
    pub fn start() -> Browser {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                std::path::Path::new(tool).exists(),
                "{tool} is missing: install Debian's chromium and chromium-driver (`bash .ci/run` does)"
            );
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let address = format!("127.0.0.1:{port}");
        let started = Instant::now();
        while TcpStream::connect(&address).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let (status, _, body) = http("POST", &address, "/session", Some(&capabilities));
        let reply: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, 200, "cannot start Chromium: {reply}");
        let session = reply["value"]["sessionId"].as_str().unwrap().to_string();
        Browser {
            driver,
            address,
            session,
            _profile: profile,
        }
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let (status, _, reply) = http(method, &self.address, &path, Some(&body));
        let reply: Value = serde_json::from_slice(&reply).unwrap_or(Value::Null);
        assert_eq!(status, 200, "WebDriver {method} {path} failed: {reply}");
        reply["value"].clone()
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    /// Runs `script` (a function body; `return` gives the result) in the page.
    pub fn eval(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": [] }),
        )
    }

    /// Runs `script` asynchronously: it gets a callback as its last
    /// argument (`arguments[arguments.length - 1]`) and calls it with the result.
    pub fn eval_async(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": [] }),
        )
    }

    /// Types `text` into the focused element, key by key, as a person
    /// would: WebDriver's special keys (`\u{E004}` Tab, `\u{E007}` Enter,
    /// `\u{E003}` Backspace) are pressed as keys.
    pub fn keys(&self, text: &str) {
        let actions: Vec<Value> = text
            .chars()
            .flat_map(|c| {
                let key = c.to_string();
                [
                    json!({"type": "keyDown", "value": key}),
                    json!({"type": "keyUp", "value": key}),
                ]
            })
            .collect();
        self.key_actions(actions);
    }

    /// Presses `key` while holding `modifier` (`\u{E009}` Control).
    pub fn chord(&self, modifier: char, key: char) {
        let (modifier, key) = (modifier.to_string(), key.to_string());
        self.key_actions(vec![
            json!({"type": "keyDown", "value": modifier}),
            json!({"type": "keyDown", "value": key}),
            json!({"type": "keyUp", "value": key}),
            json!({"type": "keyUp", "value": modifier}),
        ]);
    }

    fn key_actions(&self, actions: Vec<Value>) {
        self.command(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
    }

    /// Polls `script` until it returns `true`; panics with `what` after `timeout`.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) {
        let started = Instant::now();
        loop {
            // A page that is reloading can make a script fail: try again.
            let path = format!("/session/{}/execute/sync", self.session);
            let (status, _, reply) = http(
                "POST",
                &self.address,
                &path,
                Some(&json!({ "script": script, "args": [] })),
            );
            if status == 200 {
                let reply: Value = serde_json::from_slice(&reply).unwrap_or(Value::Null);
                if reply["value"] == Value::Bool(true) {
                    return;
                }
            }
            assert!(started.elapsed() < timeout, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = std::panic::catch_unwind(|| http("DELETE", &self.address, &path, None));
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// How long `serve` may take to build a site before it listens (a
/// generated 10,000-role site takes tens of seconds on 2 cores).
const STARTUP: Duration = Duration::from_secs(300);

/// A running `hirepage serve`, stopped when dropped.
pub struct Server {
    child: Child,
    root: std::path::PathBuf,
    syncs: std::cell::Cell<u32>,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub address: String,
    lines: std::sync::mpsc::Receiver<String>,
    /// Everything printed so far.
    pub output: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `hirepage serve --port <port> --root <root>` and waits until it listens.
    pub fn start(root: &std::path::Path, port: u16) -> Server {
        Server::start_with(root, &["--port", &port.to_string()], &[])
    }

    /// Starts `hirepage serve <args> --root <root>` with the extra
    /// environment variables `env`, and waits until it listens.
    pub fn start_with(root: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hirepage"))
            .arg("serve")
            .args(args)
            .arg("--root")
            .arg(root)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (tx, lines) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            let output = std::sync::Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push(line.clone());
                    let _ = tx.send(line);
                }
            });
        }
        let started = Instant::now();
        let url = loop {
            let line = lines
                .recv_timeout(STARTUP)
                .expect("hirepage serve printed nothing");
            if let Some(at) = line.find("http://")
                && line.starts_with("Serving")
            {
                break line[at..].split_whitespace().next().unwrap().to_string();
            }
            assert!(started.elapsed() < STARTUP, "serve did not start");
        };
        let address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            root: root.to_path_buf(),
            syncs: std::cell::Cell::new(0),
            url,
            address,
            lines,
            output,
        }
    }

    /// The `Editor:` URL serve printed (with this run's token).
    pub fn editor_url(&self) -> String {
        let printed = self
            .output
            .lock()
            .unwrap()
            .iter()
            .find_map(|l| l.strip_prefix("Editor: ").map(str::to_string));
        let line = printed.unwrap_or_else(|| {
            let line = self.wait_for_line("Editor: ", STARTUP);
            line.trim_start_matches("Editor: ").to_string()
        });
        line.trim().to_string()
    }

    /// Waits for a line of output containing `needle`.
    pub fn wait_for_line(&self, needle: &str, timeout: Duration) -> String {
        let started = Instant::now();
        loop {
            let left = timeout.saturating_sub(started.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!(
                    "no line with {needle:?} within {timeout:?}; output:\n{}",
                    self.output.lock().unwrap().join("\n")
                ),
            }
        }
    }

    /// `GET path` on the server.
    pub fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        http("GET", &self.address, path, None)
    }

    /// The server's status: build id, number of rebuilds, errors.
    pub fn status(&self) -> Value {
        serde_json::from_slice(&self.get("/__hirepage/status").2).unwrap()
    }

    /// Waits until every change made to the site so far has been handled:
    /// writes a synchronisation marker at the site root and waits for the
    /// status to name it (file events arrive in order). Returns the status.
    pub fn settle(&self, timeout: Duration) -> Value {
        let n = self.syncs.get() + 1;
        self.syncs.set(n);
        let name = format!(".hirepage-sync-{n}");
        std::fs::write(self.root.join(&name), b"").unwrap();
        let started = Instant::now();
        loop {
            let status = self.status();
            if status["synced"] == name.as_str() {
                return status;
            }
            assert!(
                started.elapsed() < timeout,
                "the server did not reach {name}; output:\n{}",
                self.output.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
