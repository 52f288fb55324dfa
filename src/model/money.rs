//! Money: amounts are integers in minor units (cents, paisa) with a `Currency`, never floats.

use serde::{Deserialize, Serialize};

/// The currencies fees and payments can be in (ISO 4217; Postgres enum `currency_code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "currency_code", rename_all = "UPPERCASE"))]
pub enum Currency {
    #[default]
    Usd,
    Eur,
    Gbp,
    Bdt,
    Inr,
}

impl Currency {
    pub const ALL: [Currency; 5] = [Currency::Usd, Currency::Eur, Currency::Gbp, Currency::Bdt, Currency::Inr];

    /// The ISO 4217 code ("USD").
    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Bdt => "BDT",
            Currency::Inr => "INR",
        }
    }

    /// A code typed or picked by a person (a form's select); None for anything else.
    pub fn parse(code: &str) -> Option<Currency> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
            Currency::Bdt => "৳",
            Currency::Inr => "₹",
        }
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Format a fee for display: whole amounts without decimals ("$250"), others with two ("$99.50").
pub fn format_fee(minor: i32, currency: Currency) -> String {
    format_money(i64::from(minor), currency)
}

/// [`format_fee`] for any amount of money (totals, refunds): "$12,500", "-$3.50".
pub fn format_money(minor: i64, currency: Currency) -> String {
    let major = (minor / 100).abs();
    let cents = (minor % 100).abs();
    let amount = if cents == 0 { group(major) } else { format!("{}.{cents:02}", group(major)) };
    format!("{}{}{amount}", if minor < 0 { "-" } else { "" }, currency.symbol())
}

/// Exact to the minor unit, as a receipt or a spreadsheet wants it: 25000 → "250.00", -350 → "-3.50".
pub fn decimal(minor: i64) -> String {
    format!("{}{}.{:02}", if minor < 0 { "-" } else { "" }, (minor / 100).abs(), (minor % 100).abs())
}

/// "250.00" (or "250", "250.5") → 25000; anything else (signs, more decimals, junk) → None. The same
/// rule reads an amount typed in a form and one a payment provider sends.
pub fn parse_decimal(s: &str) -> Option<i64> {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// Thousands separators: 12500 → "12,500".
fn group(n: i64) -> String {
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
    use super::{decimal, format_fee, format_money, Currency};

    #[test]
    fn formats_whole_and_fractional_amounts() {
        assert_eq!(format_fee(25_000, Currency::Usd), "$250");
        assert_eq!(format_fee(9_950, Currency::Usd), "$99.50");
        assert_eq!(format_fee(1_250_000, Currency::Eur), "€12,500");
        assert_eq!(format_fee(150_000, Currency::Bdt), "৳1,500");
        assert_eq!(format_fee(0, Currency::Usd), "$0");
        assert_eq!(format_money(-350, Currency::Usd), "-$3.50");
        assert_eq!(format_money(12_345_678_900, Currency::Inr), "₹123,456,789");
        assert_eq!((decimal(25_000), decimal(-350), decimal(7)), ("250.00".into(), "-3.50".into(), "0.07".into()));
    }

    #[test]
    fn codes_cross_the_wire_as_iso_4217() {
        assert_eq!(serde_json::to_string(&Currency::Bdt).unwrap(), "\"BDT\"");
        assert_eq!(Currency::parse("GBP"), Some(Currency::Gbp));
        assert_eq!(Currency::parse("gbp"), None, "only the exact code");
        assert!(Currency::ALL.iter().all(|c| Currency::parse(c.code()) == Some(*c)));
    }
}
