//! Profile photos: the type is decided by magic bytes (JPEG, PNG, WebP only), decoding is bounded
//! (dimensions and memory), and the image is re-encoded as a 512×512 JPEG — which also drops EXIF.

use std::io::Cursor;

use image::{imageops::FilterType, ImageFormat, ImageReader, Limits};

use crate::error::AppError;

/// Side of the stored square photo, in pixels.
pub const SIZE: u32 = 512;

/// The accepted format of `bytes`, by signature.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some(ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageFormat::Png),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageFormat::WebP),
        _ => None,
    }
}

/// Decode, centre-crop to a square, resize and re-encode as JPEG. CPU-bound: call on the blocking pool.
pub fn normalize(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
    let format = sniff(bytes).ok_or_else(|| AppError::field("photo", "Use a JPEG, PNG or WebP image."))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(8000);
    limits.max_image_height = Some(8000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let img =
        reader.decode().map_err(|_| AppError::field("photo", "This image could not be read. Try another file."))?;
    let side = img.width().min(img.height());
    let square = img.crop_imm((img.width() - side) / 2, (img.height() - side) / 2, side, side);
    let resized = square.resize_exact(SIZE, SIZE, FilterType::Lanczos3).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&resized)
        .map_err(AppError::internal)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn sniffs_by_content_not_by_name() {
        assert_eq!(sniff(&png(2, 2)), Some(ImageFormat::Png));
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageFormat::WebP));
    }

    #[test]
    fn normalizes_to_a_square_jpeg() {
        let out = normalize(&png(900, 600)).unwrap();
        assert_eq!(sniff(&out), Some(ImageFormat::Jpeg));
        let decoded = image::load_from_memory(&out).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (SIZE, SIZE));
    }

    #[test]
    fn rejects_garbage_with_a_field_error() {
        assert!(matches!(normalize(b"\x89PNG\r\n\x1a\nnot really"), Err(AppError::Validation(_))));
        assert!(matches!(normalize(b"hello"), Err(AppError::Validation(_))));
    }
}
