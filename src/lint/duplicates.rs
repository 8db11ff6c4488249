//! `near-duplicate`: two pages whose visible main text is more than 90%
//! alike (issue 14). Search engines show one of two such pages and may
//! treat a site full of them as thin; generated pages in locations are the
//! usual culprits, so every rendered page counts, not only content files.
//!
//! Each page's text inside `<main>` (tags, scripts and styles left out) is
//! read in one pass over its bytes ([`main_words`]) and cut into shingles
//! of [`SHINGLE`] words, the words of the page's own
//! name (its `<h1>`) counting as one, and summarised by a MinHash
//! signature made with one permutation ([`Signature::of`]: one hash per
//! shingle, [`BINS`] bins, empty bins filled from their neighbours), which
//! the page pipeline computes as each page leaves, in parallel. The lint
//! then groups signatures by bands (locality-sensitive hashing): two pages
//! are compared only when a whole band of their signatures agrees, and in
//! a crowded bucket each page only with its nearest predecessors, so the
//! whole site costs time close to linear in its pages.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::{PageKey, Site, Subject};

/// Words per shingle.
const SHINGLE: usize = 5;
/// Values in a signature.
const BINS: usize = 128;
/// Values per band: two pages whose signatures agree on a whole band are
/// compared. With 16 bands of 8, pages 90% alike meet with a probability
/// above 99.9%, pages 50% alike with about 6%.
const ROWS: usize = 8;
/// How many earlier pages of a bucket each page is compared with.
const WINDOW: usize = 8;
/// Pages with fewer shingles than this are too short to judge.
const MIN_SHINGLES: usize = 40;
/// The share of equal signature values above which two pages are reported.
pub const THRESHOLD: f64 = 0.9;

/// The MinHash signature of a page's visible main text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    values: Box<[u64; BINS]>,
}

impl Signature {
    /// The signature of a rendered page, or `None` when its main text is
    /// too short to compare.
    pub fn of(html: &[u8]) -> Option<Signature> {
        // The words of the page's own name (its `<h1>`) are one word: two
        // pages that differ only by the name they repeat ("Hire Go
        // Developers in Mexico", "Hire Rust Developers in Mexico") are
        // the doorway pages search engines treat as one.
        let (mut words, name) = main_words(html);
        for w in &mut words {
            if name.contains(w) {
                *w = NAME;
            }
        }
        if words.len() < SHINGLE + MIN_SHINGLES {
            return None;
        }
        let mut values = Box::new([u64::MAX; BINS]);
        for window in words.windows(SHINGLE) {
            let h = window.iter().fold(0x9e37_79b9_7f4a_7c15_u64, |acc, &w| {
                (acc.rotate_left(23) ^ w).wrapping_mul(0xff51_afd7_ed55_8ccd)
            });
            let h = mix(h);
            let bin = (h >> 57) as usize; // the top 7 bits: 128 bins
            let value = h & ((1 << 57) - 1);
            if value < values[bin] {
                values[bin] = value;
            }
        }
        densify(&mut values);
        Some(Signature { values })
    }

    /// The share of values two signatures agree on: an estimate of the
    /// Jaccard similarity of their shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self
            .values
            .iter()
            .zip(other.values.iter())
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / BINS as f64
    }
}

/// The hash that stands for every word of the page's own name.
const NAME: u64 = 0x6e61_6d65;

/// Fills each empty bin from the next non-empty one (rotating), with an
/// offset per distance so that two pages agree on it only when they agree
/// on the bin it came from (Shrivastava and Li, 2014).
fn densify(values: &mut [u64; BINS]) {
    let empty = u64::MAX;
    if values.iter().all(|&v| v == empty) {
        return;
    }
    let original = *values;
    for i in 0..BINS {
        if original[i] != empty {
            continue;
        }
        for distance in 1..BINS {
            let v = original[(i + distance) % BINS];
            if v != empty {
                values[i] = mix(v ^ (distance as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
                break;
            }
        }
    }
}

/// The hashes of the words of the visible text inside `<main>` (tags,
/// entities and the content of `<script>`, `<style>` and `<svg>` left
/// out), and those of the first `<h1>`. Read as bytes in one pass, without
/// copying the page (unless it is not UTF-8): this runs on every page of a
/// build. A word is a run of letters and digits, lowercased.
fn main_words(html: &[u8]) -> (Vec<u64>, Vec<u64>) {
    let start = find(html, b"<main").unwrap_or(0);
    let end = find(&html[start..], b"</main>").map_or(html.len(), |e| start + e);
    let main = &html[start..end];
    // Pages are rendered from Rust strings, so the lossy copy is for
    // pages a theme broke; `from_utf8` checks much faster than it.
    let text = std::str::from_utf8(main).map_or_else(
        |_| String::from_utf8_lossy(main),
        std::borrow::Cow::Borrowed,
    );
    let main = text.as_bytes();
    let mut words = Vec::with_capacity(main.len() / 8);
    let mut name = Vec::new();
    let (mut in_h1, mut h1_seen) = (false, false);
    let mut word: Option<u64> = None;
    let fnv = |h: u64, byte: u8| (h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    let mut i = 0;
    while i < main.len() {
        let b = main[i];
        // Runs of ASCII letters and digits, the bulk of the text, in a
        // tight loop.
        if b.is_ascii_alphanumeric() {
            let mut h = word.unwrap_or(0xcbf2_9ce4_8422_2325);
            while let Some(&c) = main.get(i).filter(|c| c.is_ascii_alphanumeric()) {
                h = fnv(h, c.to_ascii_lowercase());
                i += 1;
            }
            word = Some(h);
            continue;
        }
        // Non-ASCII: a letter or digit (`ã`) is part of a word, any other
        // character (`·`, `—`) is a separator.
        let wide = if b >= 0x80 {
            text[i..].chars().next()
        } else {
            None
        };
        if let Some(c) = wide.filter(|c| c.is_alphanumeric()) {
            let mut h = word.unwrap_or(0xcbf2_9ce4_8422_2325);
            for lower in c.to_lowercase() {
                let mut buf = [0; 4];
                for &byte in lower.encode_utf8(&mut buf).as_bytes() {
                    h = fnv(h, byte);
                }
            }
            word = Some(h);
            i += c.len_utf8();
            continue;
        }
        if let Some(w) = word.take() {
            words.push(w);
            if in_h1 {
                name.push(w);
            }
        }
        match b {
            b'<' => {
                let rest = &main[i + 1..];
                let starts = |tag: &[u8]| {
                    rest.get(..tag.len())
                        .is_some_and(|r| r.eq_ignore_ascii_case(tag))
                };
                if let Some(tag) = [&b"script"[..], b"style", b"svg"]
                    .into_iter()
                    .find(|t| starts(t))
                {
                    // Skip to the end of the closing tag.
                    let mut close = b"</".to_vec();
                    close.extend_from_slice(tag);
                    i = find(&main[i..], &close).map_or(main.len(), |j| i + j + close.len());
                } else if starts(b"h1") && !h1_seen {
                    in_h1 = true;
                } else if starts(b"/h1") && in_h1 {
                    in_h1 = false;
                    h1_seen = true;
                }
                i = memchr::memchr(b'>', &main[i.min(main.len())..])
                    .map_or(main.len(), |j| i + j + 1);
            }
            // `&amp;`, `&#39;`: a separator, like the character it stands for.
            b'&' => {
                let entity = main[i..].iter().take(10).position(|&c| c == b';');
                i += entity.map_or(1, |j| j + 1);
            }
            _ => i += wide.map_or(1, char::len_utf8),
        }
    }
    if let Some(w) = word {
        words.push(w);
    }
    (words, name)
}

/// Where `needle` starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The hash [`main_words`] gives `word` (for tests).
#[cfg(test)]
fn hash_word(word: &str) -> u64 {
    word.to_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// splitmix64's finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The signatures of the rendered pages, by page: the hand-off from the
/// page pipeline to the lint.
#[derive(Debug, Default)]
pub struct Texts {
    pages: Vec<(PageKey, Signature)>,
}

impl Texts {
    /// The signatures of `pages` (in any order; they are sorted by page).
    pub fn new(pages: impl IntoIterator<Item = (PageKey, Signature)>) -> Texts {
        let mut pages: Vec<(PageKey, Signature)> = pages.into_iter().collect();
        pages.sort_by_key(|(key, _)| *key);
        Texts { pages }
    }

    /// The pairs of pages more than [`THRESHOLD`] alike: for each page at
    /// most one, the most alike earlier page, as `(earlier, later,
    /// similarity)`, in page order.
    pub fn near_duplicates(&self) -> Vec<(PageKey, PageKey, f64)> {
        let mut best: Vec<Option<(usize, f64)>> = vec![None; self.pages.len()];
        let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
        for (i, (_, signature)) in self.pages.iter().enumerate() {
            for band in 0..BINS / ROWS {
                let rows = &signature.values[band * ROWS..(band + 1) * ROWS];
                let key = rows.iter().fold(band as u64, |acc, &v| mix(acc ^ v));
                let bucket = buckets.entry((band, key)).or_default();
                for &j in bucket.iter().rev().take(WINDOW) {
                    let similarity = signature.similarity(&self.pages[j].1);
                    if similarity > THRESHOLD && best[i].is_none_or(|(_, s)| similarity > s) {
                        best[i] = Some((j, similarity));
                    }
                }
                bucket.push(i);
            }
        }
        best.into_iter()
            .enumerate()
            .filter_map(|(i, b)| {
                b.map(|(j, similarity)| (self.pages[j].0, self.pages[i].0, similarity))
            })
            .collect()
    }
}

/// The `near-duplicate` warnings of a site whose pages gave `texts`.
pub fn lint(site: &Site, texts: &Texts) -> Diagnostics {
    let mut found = Diagnostics::new();
    for (first, second, similarity) in texts.near_duplicates() {
        let (file, other) = (site.source_of(second), site.source_of(first));
        let percent = (similarity * 100.0).floor();
        // At the body of the file, where the words to change are; line 1
        // of a location file for a page generated from it.
        let line = match (second, site.front_text_of(second)) {
            (PageKey::Location(_) | PageKey::LocalPage(_), _) | (_, None) => 1,
            (_, Some(text)) => text.lines().count() + 1,
        };
        found.push(
            Diagnostic::warning(
                "near-duplicate",
                &file,
                format!(
                    "{} and {} (from {}) are about {percent}% alike in their visible text",
                    site.path_of(second),
                    site.path_of(first),
                    crate::diagnostics::display_path(&other),
                ),
            )
            .at(line, 1)
            .with_hint(hint(site, second, first)),
        );
    }
    found
}

/// What would make two pages differ.
fn hint(site: &Site, page: PageKey, other: PageKey) -> String {
    let generated = |key: PageKey| match key {
        PageKey::LocalPage(i) if site.local_pages[i].copy.is_none() => Some(i),
        _ => None,
    };
    let bare_skill = |key: PageKey| match key {
        PageKey::Skill(i) if site.skills[i].copy.is_none() => Some(i),
        _ => None,
    };
    if let Some(i) = bare_skill(page).or_else(|| bare_skill(other)) {
        let skill = &site.skills[i];
        return format!(
            "the page of {} has no copy of its own: write content/skills/{}.md (a description, \
             a body about what {} developers do, an FAQ)",
            skill.name, skill.slug, skill.name
        );
    }
    match generated(page).or_else(|| generated(other)) {
        Some(i) => {
            let local = &site.local_pages[i];
            let location = site.locations[local.location].slug();
            let stem = match local.subject {
                Subject::Role(ri) => site.roles[ri].slug.clone(),
                Subject::Skill(si) => format!("{}-developers", site.skills[si].slug),
            };
            format!(
                "{} is generated and shows little of its own: give it copy in \
                 content/locations/{location}/{stem}.md (a body and an FAQ about this role or \
                 skill in this location), or raise `location_pages.min_candidates` in site.yaml \
                 so that such thin pages are not made",
                site.path_of(PageKey::LocalPage(i))
            )
        }
        None => String::from(
            "write what is particular to each page (its guide, candidates, FAQ); or, if they \
             are one page, keep one and list the other's URL under its `aliases` so that it \
             redirects",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(words: &str) -> Vec<u8> {
        format!("<html><body><header>Menu</header><main><h1>T</h1><script>var x = 1;</script><p>{words}</p></main><footer>F</footer></body></html>").into_bytes()
    }

    fn text(n: usize, seed: usize) -> String {
        (0..n)
            .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn only_the_main_text_counts() {
        let html = "<p>out</p><main class=x><h1>In &amp; ON</h1><script>no()</script><svg><text>no</text></svg>yes</a> · São<br></main><p>out</p>";
        let (words, name) = main_words(html.as_bytes());
        let expected: Vec<u64> = ["in", "on", "yes", "são"]
            .iter()
            .map(|w| hash_word(w))
            .collect();
        assert_eq!(words, expected);
        assert_eq!(name, expected[..2]);
    }

    #[test]
    fn a_copy_is_alike_and_other_text_is_not() {
        let a = Signature::of(&page(&text(400, 1))).unwrap();
        let b = Signature::of(&page(&text(400, 1))).unwrap();
        let c = Signature::of(&page(&text(400, 2))).unwrap();
        assert_eq!(a.similarity(&b), 1.0);
        assert!(a.similarity(&c) < 0.1);
        // The same text with a twentieth changed is still more than 90% alike.
        let mut edited = text(400, 1);
        edited.push_str(" extra words at the end of the page");
        let d = Signature::of(&page(&edited)).unwrap();
        assert!(a.similarity(&d) > THRESHOLD, "{}", a.similarity(&d));
        assert!(Signature::of(&page("too short to judge")).is_none());
    }

    #[test]
    fn pages_that_differ_only_by_their_name_are_alike() {
        let body = text(300, 3);
        let named = |name: &str| {
            format!(
                "<main><h1>Hire {name} Developers</h1><p>{name} developers: {body}. Hire {name} developers today.</p></main>"
            )
        };
        let go = Signature::of(named("Go").as_bytes()).unwrap();
        let rust = Signature::of(named("Rust").as_bytes()).unwrap();
        assert_eq!(go.similarity(&rust), 1.0);
    }

    #[test]
    fn pairs_are_found_without_comparing_everything() {
        let pages: Vec<(PageKey, Signature)> = (0..200)
            .map(|i| {
                // Pages 10 and 150 share their text; the others differ.
                let seed = if i == 150 { 10 } else { i };
                (
                    PageKey::Page(i),
                    Signature::of(&page(&text(300, seed))).unwrap(),
                )
            })
            .collect();
        let found = Texts::new(pages).near_duplicates();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0, found[0].1),
            (PageKey::Page(10), PageKey::Page(150))
        );
    }
}
