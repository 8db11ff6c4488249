//! Removing metadata from an image without decoding it.
//!
//! A static image is published as it was given, but a phone writes where
//! and when a photo was taken into it (EXIF, GPS, XMP), and an editor its
//! comments: [`strip`] drops those parts of a JPEG, PNG or WebP file and
//! keeps the pixels byte for byte. A JPEG's orientation stays, in an
//! EXIF segment of its own, so the photo still shows upright. Colour profiles (ICC) stay, since they
//! change how the image looks. A file whose structure cannot be followed
//! is returned unchanged: the variants of an image that content names are
//! decoded and encoded again, and report a damaged file there.

/// `bytes` without EXIF, XMP, IPTC and comments, for a file with extension
/// `ext` (lower case); unchanged for other types or unreadable structure.
pub fn strip(bytes: &[u8], ext: &str) -> Option<Vec<u8>> {
    match ext {
        "jpg" | "jpeg" => jpeg(bytes),
        "png" => png(bytes),
        "webp" => webp(bytes),
        _ => None,
    }
}

/// JPEG: the segments before the scan, without APP1 (EXIF, XMP), APP13
/// (IPTC) and the other application segments but JFIF (APP0), ICC (APP2)
/// and Adobe (APP14), and without comments (COM).
fn jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        if bytes.get(at)? != &0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        // Markers without a length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let end = at.checked_add(2)?.checked_add(len)?;
        if len < 2 || end > bytes.len() {
            return None;
        }
        let keep = match marker {
            0xE0 | 0xE2 | 0xEE => true,
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(&bytes[at..end]);
        } else if marker == 0xE1 {
            // The orientation is how the photo is shown, not about who took
            // it: a new EXIF segment keeps it alone.
            out.extend(orientation_segment(&bytes[at + 4..end]));
        }
        at = end;
        if marker == 0xDA {
            // Start of scan: the entropy-coded data and the rest follow.
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
    }
}

/// An APP1 segment holding only the orientation of the EXIF `segment`
/// (`Exif\0\0` and a TIFF structure), or nothing when it has none or the
/// image needs no turning.
fn orientation_segment(segment: &[u8]) -> Vec<u8> {
    let Some(tiff) = segment.strip_prefix(b"Exif\0\0") else {
        return Vec::new();
    };
    let value = match image::metadata::Orientation::from_exif_chunk(tiff) {
        Some(orientation) => orientation.to_exif(),
        None => return Vec::new(),
    };
    if value == 1 {
        return Vec::new();
    }
    // Big-endian TIFF, one IFD with one SHORT entry: 0x0112 = value.
    let mut app1: Vec<u8> = vec![0xFF, 0xE1, 0x00, 34];
    app1.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01");
    app1.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0, value, 0, 0]);
    app1.extend_from_slice(&[0, 0, 0, 0]);
    app1
}

/// PNG: every chunk but text (`tEXt`, `zTXt`, `iTXt`), `eXIf` and `tIME`.
fn png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut at = SIGNATURE.len();
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at
            .checked_add(12)?
            .checked_add(usize::try_from(len).ok()?)?;
        if end > bytes.len() {
            return None;
        }
        if !matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
    Some(out)
}

/// WebP: every RIFF chunk but `EXIF` and `XMP `, with their flags cleared
/// in the `VP8X` header.
fn webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..12]);
    let mut at = 12;
    while at < bytes.len() {
        let kind = bytes.get(at..at + 4)?;
        let len = usize::try_from(u32::from_le_bytes(
            bytes.get(at + 4..at + 8)?.try_into().ok()?,
        ))
        .ok()?;
        let end = at.checked_add(8)?.checked_add(len)?.checked_add(len % 2)?;
        let end = end.min(bytes.len());
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let start = out.len();
                out.extend_from_slice(&bytes[at..end]);
                if let Some(flags) = out.get_mut(start + 8) {
                    *flags &= !0x0C;
                }
            }
            _ => out.extend_from_slice(&bytes[at..end]),
        }
        at = end;
    }
    let size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_loses_exif_and_comments_but_keeps_jfif_and_the_scan() {
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend([0xFF, 0xE0, 0x00, 0x04, b'J', b'F']);
        jpeg.extend([0xFF, 0xE1, 0x00, 0x06, b'E', b'x', b'i', b'f']);
        jpeg.extend([0xFF, 0xFE, 0x00, 0x04, b'h', b'i']);
        jpeg.extend([0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9]);
        let out = strip(&jpeg, "jpg").unwrap();
        assert_eq!(
            out,
            [
                0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F', 0xFF, 0xDA, 0x00, 0x02, 1, 2, 3,
                0xFF, 0xD9
            ]
        );
    }

    #[test]
    fn png_loses_text_chunks() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in [(b"IHDR", &b"abcd"[..]), (b"tEXt", b"k\0v"), (b"IEND", b"")] {
            png.extend((data.len() as u32).to_be_bytes());
            png.extend(kind);
            png.extend(data);
            png.extend([0, 0, 0, 0]);
        }
        let out = strip(&png, "png").unwrap();
        assert!(!out.windows(4).any(|w| w == b"tEXt"));
        assert!(out.windows(4).any(|w| w == b"IEND"));
    }

    #[test]
    fn unreadable_files_are_left_alone() {
        assert_eq!(strip(b"\x89PNG", "png"), None);
        assert_eq!(strip(b"GIF89a", "jpg"), None);
    }
}
