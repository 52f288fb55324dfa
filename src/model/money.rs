//! Money display. Amounts are integers in minor units (cents) with an ISO 4217 currency code.

/// Format a fee for display: whole amounts without decimals ("$250"), others with two ("$99.50").
pub fn format_fee(minor: i32, currency: &str) -> String {
    let symbol = match currency {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "BDT" => "৳",
        "INR" => "₹",
        _ => "",
    };
    let major = minor / 100;
    let cents = (minor % 100).abs();
    let amount = if cents == 0 { group(major) } else { format!("{}.{cents:02}", group(major)) };
    if symbol.is_empty() {
        format!("{amount} {currency}")
    } else {
        format!("{symbol}{amount}")
    }
}

/// Thousands separators: 12500 → "12,500".
fn group(n: i32) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_fee;

    #[test]
    fn formats_whole_and_fractional_amounts() {
        assert_eq!(format_fee(25_000, "USD"), "$250");
        assert_eq!(format_fee(9_950, "USD"), "$99.50");
        assert_eq!(format_fee(1_250_000, "EUR"), "€12,500");
        assert_eq!(format_fee(500, "CHF"), "5 CHF");
        assert_eq!(format_fee(0, "USD"), "$0");
    }
}
