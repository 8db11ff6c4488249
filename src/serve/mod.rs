//! `hirepage serve`: the live-reload preview.
//!
//! Three threads share one state: the HTTP server answers from the newest
//! [`preview::Snapshot`]; the watcher turns file events into batches
//! ([`watch`]); the rebuild loop applies each batch, swaps in the new
//! snapshot and tells open tabs what changed ([`reload`]). No error in the
//! content or templates stops the server: it keeps the last good pages and
//! shows the errors in the browser and in the terminal.

mod deps;
pub mod preview;
mod reload;
mod server;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::editor::Editor;

use preview::{Preview, Update};
use reload::Hub;
use watch::SourceWatcher;

/// What `serve` needs to know.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// First port to try; 0 for any free port.
    pub port: u16,
    /// What to open in the default browser, if anything.
    pub open: Option<Open>,
}

/// What `serve --open` opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// The site's home page.
    Site,
    /// The editor (logged in with this run's token).
    Editor,
}

/// How many ports after the requested one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 20;

/// Runs the preview until the process is stopped. Returns an error message
/// only when the server cannot start (usage error).
pub fn run(options: &ServeOptions) -> Result<(), String> {
    let (server, address) = bind(options.bind, options.port)?;
    let url = local_url(address);
    if options.port != 0 && address.port() != options.port {
        println!(
            "Port {} is taken; using {} instead.",
            options.port,
            address.port()
        );
    }

    let (preview, update) = Preview::new(&options.root, &url);
    report(&update, None, !preview.snapshot().files.is_empty());
    let state = Arc::new(RwLock::new(preview.snapshot()));
    let hub = Arc::new(Hub::default());
    // The rebuild loop and the editor's drafts take turns with the preview.
    let preview = Arc::new(Mutex::new(preview));
    let hosts = server::Hosts::for_address(address);
    // Editing writes files: only for this machine's own browser.
    let editor = hosts.names().map(|names| {
        Arc::new(Editor::new(
            options.root.clone(),
            address,
            names,
            Arc::clone(&preview),
        ))
    });

    let mut watcher = SourceWatcher::start(&options.root)
        .map_err(|e| format!("cannot watch {}: {e}", options.root.display()))?;
    println!(
        "Serving {} at {url} (Ctrl+C to stop)",
        display_root(&options.root)
    );
    match &editor {
        Some(editor) => println!("Editor: {}", editor.url(&url)),
        None => println!(
            "Editor: off (serve listens on {}; the editor runs only on a loopback address such as 127.0.0.1)",
            address.ip()
        ),
    }
    match (options.open, &editor) {
        (Some(Open::Site), _) => open_browser(&url),
        (Some(Open::Editor), Some(editor)) => open_browser(&editor.url(&url)),
        (Some(Open::Editor), None) => open_browser(&url),
        (None, _) => {}
    }

    {
        let state = Arc::clone(&state);
        let hub = Arc::clone(&hub);
        std::thread::spawn(move || {
            while let Some(batch) = watcher.next_batch() {
                let mut preview = preview.lock().unwrap_or_else(|e| e.into_inner());
                if !batch.is_empty() {
                    let update = preview.rebuild(&batch);
                    let snapshot = preview.snapshot();
                    *state.write().unwrap_or_else(|e| e.into_inner()) = Arc::clone(&snapshot);
                    report(&update, Some(&batch.describe()), !snapshot.files.is_empty());
                    hub.announce(&update, &snapshot);
                }
                if let Some(marker) = &batch.sync {
                    preview.synced(marker);
                    *state.write().unwrap_or_else(|e| e.into_inner()) = preview.snapshot();
                }
            }
        });
    }

    for request in server.incoming_requests() {
        let snapshot = Arc::clone(&state.read().unwrap_or_else(|e| e.into_inner()));
        server::handle(request, snapshot, &hub, &hosts, editor.as_ref());
    }
    Ok(())
}

/// Binds `ip:port`, or the next free port.
fn bind(ip: IpAddr, port: u16) -> Result<(tiny_http::Server, SocketAddr), String> {
    let attempts = if port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut last_error = String::new();
    for offset in 0..attempts {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match tiny_http::Server::http(SocketAddr::new(ip, candidate)) {
            Ok(server) => {
                let address = server
                    .server_addr()
                    .to_ip()
                    .unwrap_or(SocketAddr::new(ip, candidate));
                return Ok((server, address));
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    Err(format!(
        "cannot listen on {ip}:{port} or the {} ports after it: {last_error}",
        attempts - 1
    ))
}

/// `http://127.0.0.1:1111/`, with brackets around IPv6 addresses.
fn local_url(address: SocketAddr) -> String {
    let host = match address.ip() {
        // Listening on every interface: link to this machine.
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    format!("http://{host}:{}/", address.port())
}

fn display_root(root: &Path) -> String {
    std::fs::canonicalize(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .display()
        .to_string()
}

/// One line per rebuild, or the errors; `serving` says whether any build
/// succeeded, so a failure does not promise a "last good version" that
/// never was.
fn report(update: &Update, cause: Option<&str>, serving: bool) {
    let ms = update.elapsed.as_secs_f64() * 1000.0;
    let cause = cause.map(|c| format!(" after {c}")).unwrap_or_default();
    if update.errors.is_empty() {
        eprint!("{}", update.warnings.to_text());
        let mut what = Vec::new();
        if !update.pages.is_empty() {
            what.push(plural(update.pages.len(), "page"));
        }
        if !update.stylesheets.is_empty() {
            what.push(plural(update.stylesheets.len(), "stylesheet"));
        }
        let what = if what.is_empty() {
            "nothing changed".to_string()
        } else {
            format!("{} changed", what.join(", "))
        };
        if cause.is_empty() {
            println!("Built the site in {ms:.0} ms");
        } else {
            println!("Rebuilt in {ms:.0} ms{cause}: {what}");
        }
    } else {
        eprint!("{}", update.errors.to_text());
        let serving = if serving {
            "still serving the last good version"
        } else {
            "nothing is served yet: pages appear once it builds"
        };
        println!(
            "Build failed{cause} with {}; {serving}",
            update.errors.summary()
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Opens `url` in the default browser; a failure is only a warning.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({command}: {e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_urls() {
        assert_eq!(
            local_url("127.0.0.1:1111".parse().unwrap()),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            local_url("0.0.0.0:80".parse().unwrap()),
            "http://127.0.0.1:80/"
        );
        assert_eq!(
            local_url("[::1]:1111".parse().unwrap()),
            "http://[::1]:1111/"
        );
    }

    #[test]
    fn a_taken_port_moves_to_the_next_one() {
        let (first, a) = bind("127.0.0.1".parse().unwrap(), 0).unwrap();
        let (_second, b) = bind("127.0.0.1".parse().unwrap(), a.port()).unwrap();
        assert_ne!(a.port(), b.port());
        drop(first);
    }
}
