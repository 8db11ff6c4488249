//! Telling open tabs what changed, over Server-Sent Events.
//!
//! SSE is plain HTTP on the page's own origin and port: it passes proxies,
//! containers and Codespaces that break a second port or a WebSocket
//! upgrade, and the browser reconnects by itself when the server restarts.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use serde_json::{Value, json};

use super::preview::{Snapshot, Update};

/// The script added to every served page.
pub const SCRIPT: &str = include_str!("reload.js");
/// Where the script is served.
pub const SCRIPT_PATH: &str = "/__hirepage/reload.js";
/// Where tabs listen for events.
pub const EVENTS_PATH: &str = "/__hirepage/events";

/// How often an idle stream sends a comment, so that proxies keep it open
/// and a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// Registers a new stream.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.lock().push(tx);
        rx
    }

    /// Sends an event to every open stream, forgetting closed ones.
    pub fn send(&self, event: &str, data: &Value) {
        let message = format_event(event, data);
        self.lock()
            .retain(|client| client.send(message.clone()).is_ok());
    }

    /// Tells the tabs about a rebuild.
    pub fn announce(&self, update: &Update, snapshot: &Snapshot) {
        if !update.errors.is_empty() {
            self.send("errors", &json!({ "errors": update.errors }));
        } else if update.reload_all || !update.pages.is_empty() {
            self.send(
                "reload",
                &json!({ "build": snapshot.build, "pages": update.pages, "all": update.reload_all }),
            );
        } else if !update.stylesheets.is_empty() {
            self.send(
                "css",
                &json!({ "build": snapshot.build, "stylesheets": update.stylesheets }),
            );
        } else {
            // Nothing visible changed, but a previous error may be fixed.
            self.send("errors", &json!({ "errors": [] }));
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Sender<String>>> {
        // A panic while holding this lock cannot leave the list invalid.
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The `hello` event a new stream starts with.
pub fn hello(snapshot: &Snapshot) -> String {
    format_event(
        "hello",
        &json!({ "build": snapshot.build, "errors": snapshot.errors }),
    )
}

/// Writes an event stream to `out` until the tab goes away.
pub fn stream(mut out: Box<dyn Write + Send>, first: String, events: Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\n\
                retry: 500\n\n";
    if out.write_all(head.as_bytes()).is_err() || write_flush(&mut out, &first).is_err() {
        return;
    }
    loop {
        let message = match events.recv_timeout(KEEP_ALIVE) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if write_flush(&mut out, &message).is_err() {
            return;
        }
    }
}

fn write_flush(out: &mut Box<dyn Write + Send>, message: &str) -> std::io::Result<()> {
    out.write_all(message.as_bytes())?;
    out.flush()
}

fn format_event(event: &str, data: &Value) -> String {
    format!("event: {event}\ndata: {data}\n\n")
}

/// `html` with the reload script added before `</body>`.
pub fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\" defer></script>");
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", "7");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__hirepage/reload.js\" data-build=\"7\" defer></script></BODY></html>"
        );
        let out = inject(b"<p>no body</p>", "7");
        assert!(String::from_utf8(out).unwrap().ends_with("defer></script>"));
    }

    #[test]
    fn events_reach_every_open_stream_and_closed_ones_are_dropped() {
        let hub = Hub::default();
        let a = hub.subscribe();
        let b = hub.subscribe();
        drop(b);
        hub.send("reload", &json!({"pages": ["/"]}));
        assert_eq!(
            a.try_recv().unwrap(),
            "event: reload\ndata: {\"pages\":[\"/\"]}\n\n"
        );
        assert_eq!(hub.lock().len(), 1);
    }
}
