//! Precompressed copies (`.gz`, `.br`) of text files, when `precompress` is on.
//!
//! Servers that serve precompressed files (nginx `gzip_static` and
//! `brotli_static`, Caddy's `precompressed`, many CDNs' origins) then never
//! compress on the fly, and always at the highest level: gzip level 9 and
//! Brotli quality 11. A copy is written only where it is smaller than the
//! file. Both encoders are deterministic (the gzip header carries no time
//! and no file name), so two builds stay byte-identical.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

use super::OutputFile;

/// Extensions of the files that get compressed copies.
const TEXT_EXTENSIONS: &[&str] = &[
    "html",
    "css",
    "js",
    "mjs",
    "xml",
    "json",
    "txt",
    "svg",
    "webmanifest",
    "map",
];

/// Whether `path` is a text file worth compressing.
pub fn is_text(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && TEXT_EXTENSIONS.contains(&ext))
}

/// The `.gz` and `.br` copies of `file` when it is a text file, each only
/// where it is smaller than the file.
pub fn copies(file: &OutputFile) -> Vec<OutputFile> {
    if !is_text(&file.path) {
        return Vec::new();
    }
    [("gz", gzip(&file.bytes)), ("br", brotli(&file.bytes))]
        .into_iter()
        .filter(|(_, packed)| packed.len() < file.bytes.len())
        .map(|(ext, packed)| OutputFile::new(format!("{}.{ext}", file.path), packed))
        .collect()
}

/// gzip at level 9, with no time stamp or file name in the header.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder
        .write_all(bytes)
        .expect("bug: writing to a Vec cannot fail");
    encoder.finish().expect("bug: writing to a Vec cannot fail")
}

/// Brotli at quality 11, with a window as large as the file (up to the
/// largest standard window, 24 bits): a larger one gains nothing and costs
/// time and memory.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let lgwin = (usize::BITS - bytes.len().leading_zeros()).clamp(10, 24);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: lgwin as i32,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("bug: compressing into a Vec cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_original_and_are_smaller() {
        let page = "<p>hello hello hello hello hello hello hello</p>\n".repeat(20);
        let files = [
            OutputFile::new("index.html".into(), page.clone().into_bytes()),
            OutputFile::new("robots.txt".into(), b"x".to_vec()),
            OutputFile::new("a.png".into(), page.clone().into_bytes()),
        ];
        let copies: Vec<OutputFile> = files.iter().flat_map(copies).collect();
        let names: Vec<&str> = copies.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(names, ["index.html.gz", "index.html.br"]);
        let mut text = String::new();
        flate2::read::GzDecoder::new(&copies[0].bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, page);
        let mut text = String::new();
        brotli::Decompressor::new(&copies[1].bytes[..], 4096)
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, page);
    }

    #[test]
    fn text_files_are_known_by_extension() {
        assert!(is_text("hire/index.html"));
        assert!(is_text("css/site.3f9a1c2b.css"));
        assert!(!is_text("images/a.png"));
        assert!(!is_text("_headers"));
        assert!(!is_text(".html"));
    }
}
