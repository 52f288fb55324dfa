//! URL slugs: ASCII, lowercase, hyphen-separated; accents folded ("José Álvarez" → "jose-alvarez").

/// Turn any text into a canonical slug. Idempotent: `slugify(slugify(x)) == slugify(x)`.
pub fn slugify(text: &str) -> String {
    let ascii = super::fold::to_ascii(text).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(slugify("Dr. José Álvarez"), "dr-jose-alvarez");
        assert_eq!(slugify("Rebecca O'Connor"), "rebecca-o-connor");
        assert_eq!(slugify("Nguyễn Văn An"), "nguyen-van-an");
        assert_eq!(slugify("  Obstetrics & Gynecology  "), "obstetrics-gynecology");
        assert_eq!(slugify("Björn Lindqvist"), "bjorn-lindqvist");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn is_idempotent() {
        for s in ["Zoë Laurent", "a--b", "-x-", "Chloé Dubois"] {
            assert_eq!(slugify(&slugify(s)), slugify(s));
        }
    }
}
