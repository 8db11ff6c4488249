//! Responsive images: the photos and pictures that content names, in every
//! width the theme asks for.
//!
//! Each image that front matter (a candidate's `photo`) or Markdown names
//! is decoded once, turned upright (EXIF orientation), cut square where its
//! preset says so, scaled down (never up) to each width of its preset in
//! `theme.yaml`, and encoded as WebP and in its own format (JPEG or PNG).
//! Encoding from pixels leaves every piece of metadata behind (EXIF, GPS,
//! XMP, comments). Issue 15.
//!
//! Decoding and encoding is the slow part of a build, so its results are
//! kept in [`CACHE_DIR`] under the SHA-256 of everything that decides
//! their bytes ([`SETTINGS`], the preset, the source bytes): a rebuild
//! reads them back instead of encoding again, and gets the same bytes.
//!
//! A file whose header claims more than [`MAX_PIXELS`] is refused before
//! its pixels are decoded (a 100 KB PNG can claim 100,000 × 100,000
//! pixels and ask for 40 GB).

pub mod cards;
pub mod strip;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use fast_image_resize::{FilterType as ResizeFilter, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::BaseUrl;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::output::fingerprint::{HASH_LEN, sha256_hex};
use crate::url::hashed_name;

/// The folder, under the site root, that keeps encoded images between
/// builds. Safe to delete; git-ignored.
pub const CACHE_DIR: &str = ".hirepage-cache";

/// The most pixels an image may have (width × height, after decoding):
/// 50 megapixels, more than any phone camera writes.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Everything besides the preset and the source that decides the bytes of
/// a variant. Change it whenever an encoder or its settings change, so
/// that the cache is not used for results it would no longer give.
const SETTINGS: &str = "hirepage-images-3 jpeg-q82 webp-q80 png-best-adaptive fir6-lanczos3-8bit";
const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;

/// A use of images in the theme (`theme.yaml`, `images:`): the widths to
/// publish and how the layout shows them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Widths in CSS pixels; wider than the source are left out.
    pub widths: Vec<u32>,
    /// Cut to a centred square first (avatars).
    #[serde(default)]
    pub square: bool,
    /// The `sizes` attribute: how wide the layout shows the image.
    #[serde(default = "full_width")]
    pub sizes: String,
}

fn full_width() -> String {
    "100vw".into()
}

/// The presets a theme without an `images:` section gets: the ones front
/// matter and Markdown images are shown in.
pub fn default_presets() -> BTreeMap<String, Preset> {
    BTreeMap::from([
        (
            AVATAR.to_string(),
            Preset {
                widths: vec![64, 128, 192],
                square: true,
                sizes: "64px".into(),
            },
        ),
        (
            CONTENT.to_string(),
            Preset {
                widths: vec![480, 960, 1440],
                square: false,
                sizes: "(min-width: 48rem) 48rem, 100vw".into(),
            },
        ),
        (
            HERO.to_string(),
            Preset {
                widths: vec![320, 640, 960],
                square: false,
                sizes: "(min-width: 64rem) 16rem, min(100vw, 32rem)".into(),
            },
        ),
        (
            SOCIAL.to_string(),
            Preset {
                widths: vec![1200],
                square: false,
                sizes: "1200px".into(),
            },
        ),
    ])
}

/// The extensions of the images that are published in widths; others
/// (SVG, GIF) are published as they are.
pub const RESIZED: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// The preset of candidate photos.
pub const AVATAR: &str = "avatar";
/// The preset of images in Markdown.
pub const CONTENT: &str = "content";
/// The preset of the hero's picture (`hero.image`).
pub const HERO: &str = "hero";
/// The preset of an `og_image`: the size link previews show.
pub const SOCIAL: &str = "social";

/// One place where content names an image.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Request {
    /// The static path (`images/ana.jpg`).
    pub key: String,
    /// The preset's name.
    pub preset: String,
    /// The content file, relative to the root.
    pub file: PathBuf,
    /// 1-based line and column of the name in `file`.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// An image as published for one preset: what `image(path, preset)` gives
/// templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageSet {
    /// URL of the largest variant in the source's format.
    pub src: String,
    /// Its width and height.
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// `url 64w, url 128w` in the source's format.
    pub srcset: String,
    /// The same widths as WebP (empty for a WebP source).
    pub webp_srcset: String,
    /// The preset's `sizes`.
    pub sizes: String,
    /// The media type of `src` (`image/jpeg`).
    #[serde(rename = "type")]
    pub media_type: &'static str,
}

/// Every image content names, planned from its header before a pixel is
/// decoded: each variant's size and published name are known, so pages
/// can be rendered while [`Plan::encode`] makes the files.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// (static path, preset) -> the published set, for `image()`.
    pub sets: BTreeMap<(String, String), ImageSet>,
    jobs: Vec<Job>,
}

/// One image in one preset, planned.
#[derive(Debug, Clone)]
struct Job {
    key: String,
    preset: Preset,
    format: Format,
    header: Header,
    /// The cache entry: SHA-256 of [`SETTINGS`], the preset and the source.
    digest: String,
    /// The variants in the order [`render`] makes them, with their paths.
    variants: Vec<(Size, String)>,
    /// Where content names the image, for errors found while decoding.
    places: Vec<Request>,
}

/// A variant's width, height and format.
type Size = (u32, u32, Format);

/// What [`Plan::encode`] made.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    /// The variants, under their published paths.
    pub files: Vec<OutputFile>,
    /// Variant sets encoded by this build.
    pub encoded: usize,
    /// Variant sets read from the cache.
    pub cached: usize,
}

/// What an image's header says: its size once upright, and how to turn it.
#[derive(Debug, Clone, Copy)]
struct Header {
    width: u32,
    height: u32,
    orientation: image::metadata::Orientation,
}

/// The format of a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::WebP => ImageFormat::WebP,
        }
    }

    fn from_ext(ext: &str) -> Option<Format> {
        match ext {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::WebP),
            _ => None,
        }
    }
}

/// One encoded variant.
#[derive(Debug, Clone)]
struct Variant {
    width: u32,
    height: u32,
    format: Format,
    bytes: Vec<u8>,
}

/// Why an image could not be published.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refusal {
    message: String,
    hint: &'static str,
}

/// Plans every requested image in its preset's widths from its header
/// (`sources`: the bytes of the static files by static path). Every image
/// that cannot be published is reported at each place that names it; on
/// error nothing is returned.
pub fn plan(
    requests: &[Request],
    sources: &BTreeMap<&str, &[u8]>,
    presets: &BTreeMap<String, Preset>,
    base: &BaseUrl,
) -> Result<Plan, Diagnostics> {
    let mut wanted: BTreeMap<(&str, &str), Vec<&Request>> = BTreeMap::new();
    for request in requests {
        wanted
            .entry((&request.key, &request.preset))
            .or_default()
            .push(request);
    }
    let results: Vec<_> = wanted
        .par_iter()
        .map(|(&(key, preset_name), places)| {
            let refuse = |refusal: Refusal| refusals(key, places.iter().copied(), &refusal);
            let Some(bytes) = sources.get(key) else {
                // A missing file is reported by the link check already.
                return Ok(None);
            };
            let Some(preset) = presets.get(preset_name) else {
                return Err(refuse(Refusal {
                    message: format!("the theme has no image preset `{preset_name}`"),
                    hint: "add it under `images:` in the theme's theme.yaml",
                }));
            };
            let format = Format::from_ext(&extension(key)).ok_or_else(|| {
                refuse(Refusal {
                    message: "is not a JPEG, PNG or WebP file".into(),
                    hint: "convert it to JPEG (photos) or PNG (drawings) and name it .jpg or .png",
                })
            })?;
            let header = header(bytes, format).map_err(refuse)?;
            let digest = sha256_hex(
                &[
                    SETTINGS.as_bytes(),
                    &serde_json::to_vec(preset).unwrap_or_default(),
                    &sha256_hex(bytes).into_bytes(),
                ]
                .concat(),
            );
            let variants = sizes(&header, format, preset)
                .1
                .into_iter()
                .map(|size| (size, variant_path(key, &digest, size)))
                .collect();
            let job = Job {
                key: key.to_string(),
                preset: preset.clone(),
                format,
                header,
                digest,
                variants,
                places: places.iter().map(|&r| r.clone()).collect(),
            };
            let set = image_set(&job, base);
            Ok(Some(((key.to_string(), preset_name.to_string()), set, job)))
        })
        .collect();
    let mut plan = Plan::default();
    let mut errors = Diagnostics::new();
    for result in results {
        match result {
            Ok(Some((name, set, job))) => {
                plan.sets.insert(name, set);
                plan.jobs.push(job);
            }
            Ok(None) => {}
            Err(ds) => errors.extend(ds),
        }
    }
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    Ok(plan)
}

impl Plan {
    /// The published path of every variant.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.jobs
            .iter()
            .flat_map(|job| job.variants.iter().map(|(_, path)| path.as_str()))
    }

    /// Makes every variant, in parallel, reading and filling the cache under
    /// `root`. `bytes_of` gives an image's bytes by static path: the
    /// published ones do, since removing metadata leaves the pixels alone
    /// and the orientation comes from the plan.
    pub fn encode<'a>(
        &self,
        bytes_of: impl Fn(&str) -> Option<&'a [u8]> + Sync,
        root: &Path,
    ) -> Result<Encoded, Diagnostics> {
        let cache = root.join(CACHE_DIR).join("images");
        let encoded = AtomicUsize::new(0);
        let cached = AtomicUsize::new(0);
        let results: Vec<Result<Vec<OutputFile>, Vec<Diagnostic>>> = self
            .jobs
            .par_iter()
            .map(|job| {
                let refuse = |refusal: Refusal| refusals(&job.key, job.places.iter(), &refusal);
                let dir = cache.join(&job.digest);
                let planned: Vec<Size> = job.variants.iter().map(|(size, _)| *size).collect();
                let sizes = |variants: &[Variant]| -> Vec<Size> {
                    variants
                        .iter()
                        .map(|v| (v.width, v.height, v.format))
                        .collect()
                };
                // An entry that is not what the plan says (a cache folder
                // edited by hand) is made again rather than trusted.
                let kept = read_cache(&dir).filter(|variants| sizes(variants) == planned);
                let variants = match kept {
                    Some(variants) => {
                        cached.fetch_add(1, Ordering::Relaxed);
                        variants
                    }
                    None => {
                        let bytes = bytes_of(&job.key).ok_or_else(|| {
                            refuse(Refusal {
                                message: "was not read".into(),
                                hint: "this is a bug in hirepage: please report it",
                            })
                        })?;
                        let variants =
                            render(bytes, job.format, &job.preset, &job.header).map_err(refuse)?;
                        // A cache that cannot be written costs time, not output.
                        let _ = write_cache(&dir, &variants);
                        encoded.fetch_add(1, Ordering::Relaxed);
                        variants
                    }
                };
                if sizes(&variants) != planned {
                    return Err(refuse(Refusal {
                        message: "decodes to another size than its header says".into(),
                        hint: "the file is damaged: export it again",
                    }));
                }
                Ok(variants
                    .into_iter()
                    .zip(&job.variants)
                    .map(|(variant, (_, path))| OutputFile::new(path.clone(), variant.bytes))
                    .collect())
            })
            .collect();
        let mut out = Encoded::default();
        let mut errors = Diagnostics::new();
        for result in results {
            match result {
                Ok(files) => out.files.extend(files),
                Err(ds) => errors.extend(ds),
            }
        }
        if errors.has_errors() {
            errors.sort();
            return Err(errors);
        }
        out.files.sort_by(|a, b| a.path.cmp(&b.path));
        out.files.dedup_by(|a, b| a.path == b.path);
        out.encoded = encoded.into_inner();
        out.cached = cached.into_inner();
        Ok(out)
    }
}

/// `refusal` of the image `key` at each place that names it.
fn refusals<'a>(
    key: &str,
    places: impl Iterator<Item = &'a Request>,
    refusal: &Refusal,
) -> Vec<Diagnostic> {
    places
        .map(|place| {
            Diagnostic::error(
                "invalid-image",
                &place.file,
                format!("image `/{key}`: {}", refusal.message),
            )
            .at(place.line, place.column)
            .with_hint(refusal.hint)
        })
        .collect()
}

/// The published path of a variant of `key` (`images/ana-128.3f9a1c2b.webp`),
/// named by the hash of what decides its bytes (the cache entry's digest,
/// its size and format), so that it is known before it is encoded.
fn variant_path(key: &str, digest: &str, (width, height, format): Size) -> String {
    let stem = match key.rfind('.') {
        Some(dot) => &key[..dot],
        None => key,
    };
    let hash = sha256_hex(format!("{digest} {width}x{height} {}", format.ext()).as_bytes());
    hashed_name(
        &format!("{stem}-{width}.{}", format.ext()),
        &hash[..HASH_LEN],
    )
}

/// What `image(path, preset)` gives templates for a planned image.
fn image_set(job: &Job, base: &BaseUrl) -> ImageSet {
    let mut srcset = Vec::new();
    let mut webp_srcset = Vec::new();
    let mut largest: Option<(String, u32, u32)> = None;
    for &((width, height, format), ref path) in &job.variants {
        let url = base.url(path);
        let entry = format!("{url} {width}w");
        if format == job.format {
            srcset.push(entry);
            if largest.as_ref().is_none_or(|(_, w, _)| width > *w) {
                largest = Some((url, width, height));
            }
        } else {
            webp_srcset.push(entry);
        }
    }
    let (src, width, height) = largest.unwrap_or_default();
    ImageSet {
        src,
        width,
        height,
        srcset: srcset.join(", "),
        webp_srcset: webp_srcset.join(", "),
        sizes: job.preset.sizes.clone(),
        media_type: job.format.media_type(),
    }
}

/// The lower-case extension of a path.
pub fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[dot + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The crop (left, top, width, height) of an upright image of `header`'s
/// size for `preset`, and the variants to make of it, smallest first: each
/// width of the preset that fits (the image's own width when none does, so
/// that nothing is blown up), in `format` and (unless it is WebP already)
/// WebP.
fn sizes(header: &Header, format: Format, preset: &Preset) -> ((u32, u32, u32, u32), Vec<Size>) {
    let (width, height) = (header.width, header.height);
    // The centred square of an avatar.
    let crop = if preset.square {
        let side = width.min(height);
        ((width - side) / 2, (height - side) / 2, side, side)
    } else {
        (0, 0, width, height)
    };
    let (src_width, src_height) = (crop.2, crop.3);
    let mut widths: Vec<u32> = preset
        .widths
        .iter()
        .copied()
        .filter(|&w| w > 0 && w <= src_width)
        .collect();
    if widths.is_empty() {
        widths.push(src_width);
    }
    widths.sort_unstable();
    widths.dedup();
    let mut out = Vec::new();
    for width in widths {
        let height = if preset.square {
            width
        } else {
            let h = u64::from(src_height) * u64::from(width) / u64::from(src_width);
            u32::try_from(h.max(1)).unwrap_or(u32::MAX)
        };
        out.push((width, height, format));
        if format != Format::WebP {
            out.push((width, height, Format::WebP));
        }
    }
    (crop, out)
}

/// Decodes `bytes` (refusing a header that claims too many pixels), turns
/// the image upright and encodes every variant of [`sizes`] (for tests).
#[cfg(test)]
fn variants(bytes: &[u8], format: Format, preset: &Preset) -> Result<Vec<Variant>, Refusal> {
    render(bytes, format, preset, &header(bytes, format)?)
}

/// Decodes `bytes`, turns the pixels upright as `header` says and encodes
/// every variant of [`sizes`].
fn render(
    bytes: &[u8],
    format: Format,
    preset: &Preset,
    header: &Header,
) -> Result<Vec<Variant>, Refusal> {
    let image = eight_bit(decode(bytes, format, header.orientation)?);
    let ((left, top, src_width, src_height), sizes) = sizes(header, format, preset);
    let mut resizer = Resizer::new();
    let mut out = Vec::new();
    let mut scaled: Option<DynamicImage> = None;
    for (width, height, variant_format) in sizes {
        // A WebP follows the variant of the same size in the source's
        // format: scaled once for both.
        let fresh = scaled
            .as_ref()
            .is_none_or(|s| (s.width(), s.height()) != (width, height));
        if fresh {
            scaled = Some(
                if (left, top, width, height) == (0, 0, image.width(), image.height()) {
                    image.clone()
                } else {
                    let mut resized = DynamicImage::new(width, height, image.color());
                    let options = ResizeOptions::new()
                        .resize_alg(ResizeAlg::Convolution(ResizeFilter::Lanczos3))
                        .crop(
                            f64::from(left),
                            f64::from(top),
                            f64::from(src_width),
                            f64::from(src_height),
                        );
                    resizer
                        .resize(&image, &mut resized, &options)
                        .map_err(|e| Refusal {
                            message: format!("cannot be resized: {e}"),
                            hint: "export it again as 8-bit RGB",
                        })?;
                    resized
                },
            );
        }
        let pixels = scaled.as_ref().expect("scaled above");
        out.push(Variant {
            width,
            height,
            format: variant_format,
            bytes: encode(pixels, variant_format)?,
        });
    }
    Ok(out)
}

/// `image` with 8 bits a channel, RGB or RGBA: what every encoder here
/// writes, and the layout the resizer has its fastest (SIMD) code for.
fn eight_bit(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// A reader of `bytes` as `format`, with a limit on what decoding may
/// allocate: room for the decoded pixels, 4 bytes each, and the decoder's
/// own.
fn reader(bytes: &[u8], format: Format) -> ImageReader<Cursor<&[u8]>> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    reader
}

fn damaged(e: image::ImageError) -> Refusal {
    Refusal {
        message: format!("cannot be decoded: {e}"),
        hint: "the file is damaged, truncated or not what its name says: export it again",
    }
}

/// Reads the header of an image whose extension says `format`: refuses a
/// file that is something else, a truncated JPEG and a size over
/// [`MAX_PIXELS`], all before a pixel is decoded.
fn header(bytes: &[u8], format: Format) -> Result<Header, Refusal> {
    let guessed = image::guess_format(bytes).map_err(damaged)?;
    if guessed != format.image_format() {
        return Err(Refusal {
            message: format!(
                "is a {} file, but its name says {}",
                guessed.extensions_str().first().unwrap_or(&"other"),
                format.ext()
            ),
            hint: "rename it to what it is, or convert it to JPEG or PNG",
        });
    }
    if format == Format::Jpeg && !ends_like_jpeg(bytes) {
        // The decoder fills a cut-off scan with grey rather than fail.
        return Err(Refusal {
            message: "is truncated: it stops before the end of its pixel data".into(),
            hint: "the upload or copy was cut off: copy or export the file again",
        });
    }
    let mut decoder = reader(bytes, format).into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(Refusal {
            message: format!(
                "its header says {width} × {height} pixels ({} megapixels), more than the limit of {} megapixels",
                pixels / 1_000_000,
                MAX_PIXELS / 1_000_000
            ),
            hint: "scale it down (a photo needs at most a few thousand pixels across) and export it again",
        });
    }
    use image::metadata::Orientation;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    // A quarter turn swaps the sides.
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Header {
        width,
        height,
        orientation,
    })
}

/// Decodes an image whose [`header`] was read, turned by `orientation`.
fn decode(
    bytes: &[u8],
    format: Format,
    orientation: image::metadata::Orientation,
) -> Result<DynamicImage, Refusal> {
    let decoder = reader(bytes, format).into_decoder().map_err(damaged)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Whether a JPEG ends with its end-of-image marker (some writers add a
/// little padding after it).
fn ends_like_jpeg(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// Encodes `image` in `format`, with no metadata.
fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, Refusal> {
    let failed = |e: String| Refusal {
        message: format!("cannot be encoded: {e}"),
        hint: "export it again as 8-bit RGB",
    };
    let mut out = Vec::new();
    let alpha = image.color().has_alpha();
    match format {
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(&rgb)
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::Png => {
            let converted = if alpha {
                DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8())
            };
            converted
                .write_with_encoder(PngEncoder::new_with_quality(
                    &mut out,
                    CompressionType::Best,
                    PngFilter::Adaptive,
                ))
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::WebP => {
            let (w, h) = (image.width(), image.height());
            let memory = if alpha {
                let rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, w, h).encode(WEBP_QUALITY)
            } else {
                let rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, w, h).encode(WEBP_QUALITY)
            };
            out.extend_from_slice(&memory);
        }
    }
    Ok(out)
}

/// The variants kept in `dir` (`<width>x<height>.<ext>` each), or `None`
/// when it holds none.
fn read_cache(dir: &Path) -> Option<Vec<Variant>> {
    let mut variants = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        let (size, ext) = name.split_once('.')?;
        let (w, h) = size.split_once('x')?;
        variants.push(Variant {
            width: w.parse().ok()?,
            height: h.parse().ok()?,
            format: Format::from_ext(ext)?,
            bytes: std::fs::read(entry.path()).ok()?,
        });
    }
    if variants.is_empty() {
        return None;
    }
    variants.sort_by_key(|v| (v.width, v.format.ext()));
    Some(variants)
}

/// Keeps `variants` in `dir`, written beside it and renamed into place, so
/// that a build killed halfway leaves no half-filled entry.
fn write_cache(dir: &Path, variants: &[Variant]) -> std::io::Result<()> {
    let parent = dir.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)?;
    let temp = parent.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        dir.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir(&temp)?;
    for v in variants {
        let name = format!("{}x{}.{}", v.width, v.height, v.format.ext());
        std::fs::write(temp.join(name), &v.bytes)?;
    }
    match std::fs::rename(&temp, dir) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90)
            .encode_image(&image)
            .unwrap();
        out
    }

    #[test]
    fn widths_above_the_source_are_left_out_and_squares_are_square() {
        let preset = Preset {
            widths: vec![64, 128, 192],
            square: true,
            sizes: "64px".into(),
        };
        let variants = variants(&jpeg(150, 100), Format::Jpeg, &preset).unwrap();
        let sizes: Vec<_> = variants
            .iter()
            .map(|v| (v.width, v.height, v.format))
            .collect();
        assert_eq!(
            sizes,
            [(64, 64, Format::Jpeg), (64, 64, Format::WebP)],
            "100 px tall: cut to 100 × 100, so only 64 fits"
        );
    }

    #[test]
    fn a_small_image_keeps_its_size() {
        let preset = Preset {
            widths: vec![480, 960],
            square: false,
            sizes: "100vw".into(),
        };
        let variants = variants(&jpeg(40, 20), Format::Jpeg, &preset).unwrap();
        assert_eq!((variants[0].width, variants[0].height), (40, 20));
    }

    #[test]
    fn encoding_is_deterministic() {
        let preset = &default_presets()[CONTENT];
        let source = jpeg(600, 400);
        let a = variants(&source, Format::Jpeg, preset).unwrap();
        let b = variants(&source, Format::Jpeg, preset).unwrap();
        assert!(a.iter().zip(&b).all(|(a, b)| a.bytes == b.bytes));
    }
}
