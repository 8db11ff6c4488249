//! A seeded random-input driver (issue 13): mutates one file of the
//! minimal site at a time (front matter, Markdown body, `site.yaml`,
//! `_data`, a template), runs `check` on it in this process, and fails on
//! a panic, on an input that takes too long, or on an error that names no
//! file.
//!
//! `cargo test` runs a short pass. For a longer one:
//!
//! ```sh
//! HIREPAGE_FUZZ_INPUTS=5000 HIREPAGE_FUZZ_SEED=7 cargo test --test it -- --nocapture fuzz
//! ```
//!
//! A failure prints the seed and the input number; the same seed replays
//! the same inputs.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use hirepage::{BuildOptions, LoadOptions};

use crate::util::TestSite;

/// The files mutated, one per input.
const TARGETS: [&str; 6] = [
    "content/roles/backend.md",
    "content/pages/about.md",
    "content/_index.md",
    "site.yaml",
    "content/_data/skills.yaml",
    "themes/default/templates/page.html",
];

/// Pieces that mean something to YAML, Markdown, Tera or URLs, inserted at
/// random places (some repeated many times, to nest deep).
const TOKENS: [&str; 40] = [
    "---\n",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    "*a",
    "&a ",
    "!!binary ",
    "|\n",
    ">-\n",
    "\t",
    "'",
    "\"",
    "#",
    "\n  ",
    "\r\n",
    "\u{feff}",
    "\0",
    "\u{1F600}",
    "日本語",
    "são",
    "> ",
    "* ",
    "1. ",
    "```\n",
    "](javascript:alert(1))",
    "![](",
    "<div>",
    "[^1]",
    "{#id}",
    "{{ ",
    " }}",
    "{% if x %}",
    "{% endif %}",
    "{{ page.nope }}",
    "slug: \"日本語\"\n",
    "skills: []\n",
];

/// Longest time one input may take to be checked (debug build, busy
/// 2-core machine): far above the slowest input seen, far below a hang.
const PER_INPUT: Duration = Duration::from_secs(10);

#[test]
fn issue_13_random_input_never_panics_hangs_or_loses_the_file_name() {
    let inputs: usize = env_number("HIREPAGE_FUZZ_INPUTS").unwrap_or(40);
    let seed = env_number("HIREPAGE_FUZZ_SEED").unwrap_or(13) as u64;
    let site = TestSite::fixture("minimal");
    let originals: Vec<Vec<u8>> = TARGETS
        .iter()
        .map(|t| fs::read(site.path().join(t)).unwrap())
        .collect();
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        output: site.path().join("public"),
        load: LoadOptions {
            drafts: true,
            base_url: None,
        },
        force: false,
    };
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, 0);
    let mut errors = 0;
    for input in 0..inputs {
        let target = rng.below(TARGETS.len());
        let bytes = mutate(&originals[target], &mut rng);
        fs::write(site.path().join(TARGETS[target]), &bytes).unwrap();
        let clock = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| hirepage::check(&options)));
        let took = clock.elapsed();
        let replay = format!(
            "seed {seed}, input {input}, {}:\n{}",
            TARGETS[target],
            String::from_utf8_lossy(&bytes[..bytes.len().min(2000)])
        );
        let diagnostics = match result {
            Ok(Ok(d)) | Ok(Err(d)) => d,
            Err(_) => panic!("check panicked on {replay}"),
        };
        assert!(took < PER_INPUT, "check took {took:?} on {replay}");
        if took > slowest.0 {
            slowest = (took, input);
        }
        errors += diagnostics.error_count();
        for d in diagnostics.iter() {
            assert!(
                !d.file.as_os_str().is_empty(),
                "a diagnostic without a file ({}) on {replay}",
                d.message
            );
        }
        fs::write(site.path().join(TARGETS[target]), &originals[target]).unwrap();
    }
    eprintln!(
        "fuzz: {inputs} inputs (seed {seed}) in {:.1} s, {errors} errors reported, \
         slowest input {} took {} ms",
        started.elapsed().as_secs_f64(),
        slowest.1,
        slowest.0.as_millis()
    );
}

/// One to four random edits of `original`.
fn mutate(original: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                splice(&mut bytes, at, token.as_bytes());
            }
            1 => {
                // Deep nesting or a long run: one token many times.
                let token = TOKENS[rng.below(TOKENS.len())];
                let times = 1 + rng.below(5000);
                splice(&mut bytes, at, token.repeat(times).as_bytes());
            }
            2 if !bytes.is_empty() => {
                let end = (at + rng.below(200)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] = rng.below(256) as u8;
            }
            4 if !bytes.is_empty() => {
                // A copy of a piece of the file somewhere else.
                let from = rng.below(bytes.len());
                let end = (from + rng.below(300)).min(bytes.len());
                let piece = bytes[from..end].to_vec();
                splice(&mut bytes, at, &piece);
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

fn splice(bytes: &mut Vec<u8>, at: usize, piece: &[u8]) {
    let at = at.min(bytes.len());
    bytes.splice(at..at, piece.iter().copied());
}

/// xorshift64*: small, seeded, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok()
}
