//! Escaping text for HTML (and XML) written by hand: content and double-quoted attribute values.

/// Escape `&`, `<`, `>` and `"`, so `s` is safe as element content and inside a double-quoted attribute.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_come_out_as_text() {
        assert_eq!(escape(r#"<script>"a" & b</script>"#), "&lt;script&gt;&quot;a&quot; &amp; b&lt;/script&gt;");
        assert_eq!(escape("São Paulo — Zürich"), "São Paulo — Zürich");
    }
}
