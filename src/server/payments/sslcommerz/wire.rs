//! SSLCommerz's wire details: amounts as it writes them and the hash on its IPN and browser callbacks.

use md5::{Digest as _, Md5};
use sha2::Sha256;

/// Amounts as SSLCommerz writes them ("250.00"): exact decimals in minor units, shared with our forms.
pub use crate::model::money::{decimal as format_amount, parse_decimal as parse_amount};

/// Why a callback's hash was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("no verify_sign / verify_key")]
    Missing,
    #[error("the hash does not match")]
    Mismatch,
}

/// Check an IPN or callback the way SSLCommerz's own libraries do: the fields named in `verify_key`, plus
/// `store_passwd` = md5(password), sorted by name, joined `k=v` with `&`, md5 → `verify_sign`; and, when
/// sent, the same with sha256 → `verify_sign_sha2`.
pub fn verify(post: &[(String, String)], store_password: &str) -> Result<(), HashError> {
    let get = |k: &str| post.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (Some(keys), Some(sign)) = (get("verify_key"), get("verify_sign")) else { return Err(HashError::Missing) };
    let fields: Vec<(&str, &str)> = keys.split(',').filter_map(|k| get(k).map(|v| (k, v))).collect();
    if !same(&hashes(&fields, store_password).0, sign) {
        return Err(HashError::Mismatch);
    }
    match get("verify_sign_sha2") {
        Some(sha2) if !same(&hashes(&fields, store_password).1, sha2) => Err(HashError::Mismatch),
        _ => Ok(()),
    }
}

/// Sign `fields` as SSLCommerz does (the test gateway uses it): adds `verify_key`, `verify_sign`, `verify_sign_sha2`.
pub fn sign(fields: &mut Vec<(String, String)>, store_password: &str) {
    let keys: Vec<String> = fields.iter().map(|(k, _)| k.clone()).collect();
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (md5, sha2) = hashes(&borrowed, store_password);
    fields.push(("verify_key".into(), keys.join(",")));
    fields.push(("verify_sign".into(), md5));
    fields.push(("verify_sign_sha2".into(), sha2));
}

fn hashes(fields: &[(&str, &str)], password: &str) -> (String, String) {
    let joined = |passwd: String| {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("store_passwd", &passwd));
        all.sort();
        all.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    };
    let md5 = hex(&Md5::digest(joined(hex(&Md5::digest(password))).as_bytes()));
    let sha2 = hex(&Sha256::digest(joined(hex(&Sha256::digest(password))).as_bytes()));
    (md5, sha2)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Equal in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
