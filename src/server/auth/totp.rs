//! TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) with ±1 step of clock skew and replay protection,
//! plus one-time recovery codes and the otpauth URI / QR code for enrolment.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

/// Seconds per time step.
pub const STEP_SECS: i64 = 30;
/// Accepted steps before and after the current one (phone clocks drift).
pub const SKEW_STEPS: i64 = 1;

/// A fresh 160-bit secret (RFC 4226 recommends at least 128 bits).
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

/// The secret in the base32 form authenticator apps accept for manual entry.
pub fn secret_base32(secret: &[u8]) -> String {
    BASE32_NOPAD.encode(secret)
}

/// The 6-digit code for time step `step` (HOTP with dynamic truncation, RFC 4226 §5.3).
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    value % 1_000_000
}

/// The step matched by `code` at unix time `now`, if any step within the skew window newer than
/// `last_used_step` matches (a code can't be used twice).
pub fn verify(secret: &[u8], code: &str, now_unix: i64, last_used_step: i64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = now_unix.div_euclid(STEP_SECS);
    (current - SKEW_STEPS..=current + SKEW_STEPS)
        .filter(|step| *step > last_used_step)
        .find(|step| format!("{:06}", code_at(secret, *step)) == code)
}

/// `otpauth://` URI for authenticator apps.
pub fn otpauth_uri(secret: &[u8], account: &str, issuer: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        secret_base32(secret),
        enc(issuer)
    )
}

/// The URI as an SVG QR code.
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build(),
        Err(_) => String::new(),
    }
}

/// Ten recovery codes like `k7q2m-x9d4t` (50 bits each), shown once.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..10)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let chars: String = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// Canonical form of a typed recovery code (case, spaces and dashes don't matter).
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 Appendix B (8 digits there; the last 6 here).
        for (t, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
        ] {
            assert_eq!(code_at(RFC_SECRET, t / STEP_SECS), code, "t = {t}");
        }
    }

    #[test]
    fn accepts_one_step_of_skew_and_refuses_replays() {
        let now = 1_234_567_890;
        let step = now / STEP_SECS;
        let code = |s: i64| format!("{:06}", code_at(RFC_SECRET, s));
        assert_eq!(verify(RFC_SECRET, &code(step), now, 0), Some(step));
        assert_eq!(verify(RFC_SECRET, &code(step - 1), now, 0), Some(step - 1), "30 s slow phone");
        assert_eq!(verify(RFC_SECRET, &code(step + 1), now, 0), Some(step + 1), "30 s fast phone");
        assert_eq!(verify(RFC_SECRET, &code(step - 2), now, 0), None, "too old");
        assert_eq!(verify(RFC_SECRET, &code(step), now, step), None, "already used");
        assert_eq!(verify(RFC_SECRET, "12345", now, 0), None);
        assert_eq!(verify(RFC_SECRET, "abcdef", now, 0), None);
    }

    #[test]
    fn recovery_codes_and_uri() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'));
        assert_eq!(normalize_recovery_code(" K7Q2M-x9d4t "), "k7q2mx9d4t");
        let uri = otpauth_uri(b"12345678901234567890", "pat@carebook.test", "Carebook");
        assert!(
            uri.starts_with("otpauth://totp/Carebook:pat%40carebook.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"),
            "{uri}"
        );
        assert!(qr_svg(&uri).contains("<svg"));
    }
}
