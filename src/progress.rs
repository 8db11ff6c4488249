//! The progress line of long work, on a terminal only.
//!
//! A build or a `serve` start-up that takes longer than [`DELAY`] shows one
//! line on stderr (the phase, and pages done of total while rendering),
//! overwritten in place and cleared at the end. Without a terminal (CI, a
//! pipe, a file) nothing is printed at all: indicatif's stderr target hides
//! itself there, so logs never fill with progress lines.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this shows no progress: a flash of a bar is noise.
pub const DELAY: Duration = Duration::from_secs(1);

/// The progress of one build.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    /// Set once the work is done: the bar must not appear after that.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// Starts counting; the line appears after [`DELAY`], if the work is
    /// still going on and stderr is a terminal.
    pub fn start() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let progress = Progress {
            bar,
            done: Arc::new(Mutex::new(false)),
        };
        let later = progress.clone();
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            let done = later.done.lock().unwrap_or_else(|e| e.into_inner());
            if !*done {
                later.bar.set_draw_target(ProgressDrawTarget::stderr());
                later.bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
        progress
    }

    /// A progress that never shows (for work nobody waits on).
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            done: Arc::new(Mutex::new(true)),
        }
    }

    /// Enters a phase: `loading content`, or `rendering pages` with the
    /// number of steps it has.
    pub fn phase(&self, name: &'static str, steps: usize) {
        self.bar.set_length(steps as u64);
        self.bar.set_position(0);
        let template = if steps == 0 {
            "{spinner} {msg}"
        } else {
            "{spinner} {msg} {pos}/{len}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
        self.bar.set_message(name);
    }

    /// One step of the phase done (called from any thread).
    pub fn step(&self) {
        self.bar.inc(1);
    }

    /// Removes the line, for good.
    pub fn finish(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        self.bar.finish_and_clear();
    }
}
