//! Escaping text for HTML (and XML) written by hand: content and double-quoted attribute values.

/// Escape `&`, `<`, `>` and `"`, so `s` is safe as element content and inside a double-quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out` in one pass (no allocation beyond `out`'s growth).
pub fn escape_into(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_come_out_as_text() {
        assert_eq!(escape(r#"<script>"a" & b</script>"#), "&lt;script&gt;&quot;a&quot; &amp; b&lt;/script&gt;");
        assert_eq!(escape("São Paulo — Zürich"), "São Paulo — Zürich");
        assert_eq!(escape("&&"), "&amp;&amp;");
        assert_eq!(escape(""), "");
        let mut out = String::from("<p>");
        super::escape_into(&mut out, "Ünal & Söhne");
        assert_eq!(out, "<p>Ünal &amp; Söhne");
    }
}
