//! Files kept in memory by `serve` (issue 18): text deflated, so that the
//! preview of a large site holds a fraction of its bytes. HTML shrinks to
//! about a fifth; a page is inflated again when it is asked for, which
//! takes a fraction of a millisecond. Images and fonts are kept as they
//! are: they are compressed already.

use std::borrow::Cow;
use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use super::compress::is_text;

/// A file's bytes, as `serve` keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    stored: Box<[u8]>,
    /// `stored` is deflated (raw DEFLATE, the fastest level).
    deflated: bool,
}

impl Kept {
    /// Keeps `bytes`, the file at `path`. Deflate is deterministic, so two
    /// kept files are equal exactly when their bytes are.
    pub fn new(path: &str, bytes: Vec<u8>) -> Kept {
        if is_text(path) && bytes.len() > 256 {
            let mut encoder =
                DeflateEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
            if encoder.write_all(&bytes).is_ok()
                && let Ok(packed) = encoder.finish()
            {
                return Kept {
                    stored: packed.into_boxed_slice(),
                    deflated: true,
                };
            }
        }
        Kept {
            stored: bytes.into_boxed_slice(),
            deflated: false,
        }
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        if !self.deflated {
            return Cow::Borrowed(&self.stored);
        }
        let mut bytes = Vec::with_capacity(self.stored.len() * 5);
        DeflateDecoder::new(&self.stored[..])
            .read_to_end(&mut bytes)
            .expect("bug: inflating what this process deflated cannot fail");
        Cow::Owned(bytes)
    }

    /// How many bytes it takes in memory.
    pub fn stored_len(&self) -> usize {
        self.stored.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_deflated_and_comes_back_the_same() {
        let page = "<p>Hire backend developers</p>\n".repeat(100).into_bytes();
        let kept = Kept::new("hire/index.html", page.clone());
        assert!(kept.stored_len() < page.len() / 4, "{}", kept.stored_len());
        assert_eq!(kept.bytes(), page);
        assert_eq!(kept, Kept::new("hire/index.html", page));
    }

    #[test]
    fn images_and_small_files_are_kept_as_they_are() {
        let image = vec![7; 4096];
        assert_eq!(Kept::new("images/a.png", image.clone()).stored_len(), 4096);
        assert_eq!(
            Kept::new("robots.txt", b"User-agent: *\n".to_vec()).stored_len(),
            14
        );
    }
}
