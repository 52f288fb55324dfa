//! SSLCommerz's hash and amounts against the public sandbox vector, so the verifier and the test gateway
//! (which signs with [`sign`]) cannot be wrong together.

use super::*;

const PASSWORD: &str = "test_testemi@ssl";

/// The sandbox IPN in Jawwad-Fida/HealthStack-System's `test.py` (sslcommerz_lib usage); its md5 and sha256
/// signatures checked with Python's hashlib (../shared/research/wave2.md §2.2).
fn vector() -> Vec<(String, String)> {
    [
        ("tran_id", "5E121A0D01F92"),
        ("val_id", "200105225826116qFnATY9sHIwo"),
        ("amount", "10.00"),
        ("card_type", "VISA-Dutch Bangla"),
        ("store_amount", "9.75"),
        ("card_no", "418117XXXXXX6675"),
        ("bank_tran_id", "200105225825DBgSoRGLvczhFjj"),
        ("status", "VALID"),
        ("tran_date", "2020-01-05 22:58:21"),
        ("currency", "BDT"),
        ("card_issuer", "TRUST BANK, LTD."),
        ("card_brand", "VISA"),
        ("card_issuer_country", "Bangladesh"),
        ("card_issuer_country_code", "BD"),
        ("store_id", "test_testemi"),
        ("verify_sign", "d42fab70ae0bcbda5280e7baffef60b0"),
        ("verify_key", "amount,bank_tran_id,base_fair,card_brand,card_issuer,card_issuer_country,card_issuer_country_code,card_no,card_type,currency,currency_amount,currency_rate,currency_type,risk_level,risk_title,status,store_amount,store_id,tran_date,tran_id,val_id,value_a,value_b,value_c,value_d"),
        ("verify_sign_sha2", "02c0417ff467c109006382d56eedccecd68382e47245266e7b47abbb3d43976e"),
        ("currency_type", "BDT"),
        ("currency_amount", "10.00"),
        ("currency_rate", "1.0000"),
        ("base_fair", "0.00"),
        ("value_a", ""),
        ("value_b", ""),
        ("value_c", ""),
        ("value_d", ""),
        ("risk_level", "0"),
        ("risk_title", "Safe"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn set(post: &mut [(String, String)], key: &str, value: &str) {
    post.iter_mut().find(|(k, _)| k == key).unwrap().1 = value.to_string();
}

#[test]
fn the_public_vector_verifies_and_signing_reproduces_it() {
    assert_eq!(verify(&vector(), PASSWORD), Ok(()));
    let mut unsigned: Vec<(String, String)> = vector().into_iter().filter(|(k, _)| !k.starts_with("verify_")).collect();
    // Sign the same fields in verify_key's order: the same two signatures come out.
    let order: Vec<String> =
        vector().iter().find(|(k, _)| k == "verify_key").unwrap().1.split(',').map(String::from).collect();
    unsigned.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
    sign(&mut unsigned, PASSWORD);
    let got = |k: &str| unsigned.iter().find(|(n, _)| n == k).unwrap().1.clone();
    assert_eq!(got("verify_sign"), "d42fab70ae0bcbda5280e7baffef60b0");
    assert_eq!(got("verify_sign_sha2"), "02c0417ff467c109006382d56eedccecd68382e47245266e7b47abbb3d43976e");
}

#[test]
fn a_tampered_field_a_wrong_password_or_a_missing_hash_is_refused() {
    let mut tampered = vector();
    set(&mut tampered, "amount", "1000.00");
    assert_eq!(verify(&tampered, PASSWORD), Err(HashError::Mismatch));
    assert_eq!(verify(&vector(), "another_password"), Err(HashError::Mismatch));
    // A good md5 with a wrong sha256 is refused too.
    let mut half = vector();
    set(&mut half, "verify_sign_sha2", &"0".repeat(64));
    assert_eq!(verify(&half, PASSWORD), Err(HashError::Mismatch));
    let bare: Vec<_> = vector().into_iter().filter(|(k, _)| k != "verify_sign").collect();
    assert_eq!(verify(&bare, PASSWORD), Err(HashError::Missing));
}

#[test]
fn amounts_are_exact_minor_units() {
    assert_eq!(format_amount(25_000), "250.00");
    assert_eq!(format_amount(1_005), "10.05");
    assert_eq!(parse_amount("250.00"), Some(25_000));
    assert_eq!(parse_amount("10.5"), Some(1_050));
    assert_eq!(parse_amount("10"), Some(1_000));
    for junk in ["", "-1.00", "1.005", "1e3", ".50", "1,000.00", "12.3a"] {
        assert_eq!(parse_amount(junk), None, "{junk}");
    }
}

#[test]
fn transaction_ids_fit_and_differ() {
    let a = tran_id(Uuid::from_u128(u128::MAX));
    assert!(a.len() <= 30 && a.starts_with("cb"), "{a}");
    assert_ne!(tran_id(Uuid::from_u128(1)), tran_id(Uuid::from_u128(2)));
    assert_eq!(tran_id(Uuid::from_u128(35)), "cbz");
}

#[test]
fn a_converted_payment_is_read_in_the_currency_it_was_started_in() {
    let t = Transaction {
        status: "VALID".into(),
        tran_id: "cb1".into(),
        amount: Some("29500.00".into()),
        currency: Some("BDT".into()),
        currency_type: Some("USD".into()),
        currency_amount: Some("250.00".into()),
        bank_tran_id: Some("b1".into()),
        value_a: Some("appt".into()),
        ..Default::default()
    };
    let c = t.checkout();
    assert_eq!((c.state, c.amount_minor, c.currency.as_deref()), (CheckoutState::Paid, Some(25_000), Some("USD")));
    assert_eq!(Transaction { status: "FAILED".into(), ..Default::default() }.checkout().state, CheckoutState::Failed);
}
