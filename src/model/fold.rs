//! Folding text to ASCII for slugs and search words, the same on both sides: Latin letters lose their
//! accents ("José" → "Jose", "Nguyễn" → "Nguyen", "ß" → "ss"); digits and ASCII stay; anything else is
//! dropped (it separates words). A 1.6 KB table: a full transliteration table (the deunicode crate) was
//! ~470 KB of the browser's wasm (docs/performance.md).

/// Two ASCII bytes (NUL-padded) per code point from U+00C0 to U+024F (Latin-1 letters, Latin Extended-A
/// and -B), generated from Unicode's compatibility decompositions with a few letters spelt out.
const LATIN: &[u8; 800] =
    b"A\0A\0A\0A\0A\0A\0AEC\0E\0E\0E\0E\0I\0I\0I\0I\0D\0N\0O\0O\0O\0O\0O\0\0\0O\0U\0U\0U\0U\0Y\0THssa\0a\0\
      a\0a\0a\0a\0aec\0e\0e\0e\0e\0i\0i\0i\0i\0d\0n\0o\0o\0o\0o\0o\0\0\0o\0u\0u\0u\0u\0y\0thy\0A\0a\0A\0a\
      \0A\0a\0C\0c\0C\0c\0C\0c\0C\0c\0D\0d\0D\0d\0E\0e\0E\0e\0E\0e\0E\0e\0E\0e\0G\0g\0G\0g\0G\0g\0G\0g\0H\
      \0h\0H\0h\0I\0i\0I\0i\0I\0i\0I\0i\0I\0i\0IJijJ\0j\0K\0k\0q\0L\0l\0L\0l\0L\0l\0L\0l\0L\0l\0N\0n\0N\0n\
      \0N\0n\0n\0NGngO\0o\0O\0o\0O\0o\0OEoeR\0r\0R\0r\0R\0r\0S\0s\0S\0s\0S\0s\0S\0s\0T\0t\0T\0t\0T\0t\0U\0\
      u\0U\0u\0U\0u\0U\0u\0U\0u\0U\0u\0W\0w\0Y\0y\0Y\0Z\0z\0Z\0z\0Z\0z\0s\0b\0B\0B\0b\0\0\0\0\0O\0\0\0c\0D\
      \0D\0D\0d\0\0\0E\0E\0E\0F\0f\0G\0\0\0\0\0\0\0I\0K\0k\0l\0\0\0\0\0N\0n\0O\0O\0o\0\0\0\0\0P\0p\0\0\0\0\
      \0\0\0S\0\0\0t\0T\0t\0T\0U\0u\0\0\0V\0Y\0y\0Z\0z\0Z\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0w\0\0\0\0\0\0\0\0\0\
      DZDzdzLJLjljNJNjnjA\0a\0I\0i\0O\0o\0U\0u\0U\0u\0U\0u\0U\0u\0U\0u\0e\0A\0a\0A\0a\0AEaeG\0g\0G\0g\0K\0\
      k\0O\0o\0O\0o\0Z\0z\0j\0DZDzdzG\0g\0\0\0\0\0N\0n\0A\0a\0AEaeO\0o\0A\0a\0A\0a\0E\0e\0E\0e\0I\0i\0I\0i\
      \0O\0o\0O\0o\0R\0r\0R\0r\0U\0u\0U\0u\0S\0s\0T\0t\0Y\0y\0H\0h\0\0\0d\0OUouZ\0z\0A\0a\0E\0e\0O\0o\0O\0\
      o\0O\0o\0O\0o\0Y\0y\0l\0n\0t\0j\0\0\0\0\0A\0C\0c\0L\0T\0s\0z\0\0\0\0\0B\0U\0\0\0E\0e\0J\0j\0\0\0\0\0\
      R\0r\0Y\0y\0";
/// The same for U+1E00 to U+1EFF (Latin Extended Additional: Vietnamese, Welsh, …).
const LATIN_ADDITIONAL: &[u8; 512] =
    b"A\0a\0B\0b\0B\0b\0B\0b\0C\0c\0D\0d\0D\0d\0D\0d\0D\0d\0D\0d\0E\0e\0E\0e\0E\0e\0E\0e\0E\0e\0F\0f\0G\0g\
      \0H\0h\0H\0h\0H\0h\0H\0h\0H\0h\0I\0i\0I\0i\0K\0k\0K\0k\0K\0k\0L\0l\0L\0l\0L\0l\0L\0l\0M\0m\0M\0m\0M\
      \0m\0N\0n\0N\0n\0N\0n\0N\0n\0O\0o\0O\0o\0O\0o\0O\0o\0P\0p\0P\0p\0R\0r\0R\0r\0R\0r\0R\0r\0S\0s\0S\0s\
      \0S\0s\0S\0s\0S\0s\0T\0t\0T\0t\0T\0t\0T\0t\0U\0u\0U\0u\0U\0u\0U\0u\0U\0u\0V\0v\0V\0v\0W\0w\0W\0w\0W\
      \0w\0W\0w\0W\0w\0X\0x\0X\0x\0Y\0y\0Z\0z\0Z\0z\0Z\0z\0h\0t\0w\0y\0a\0s\0\0\0\0\0SS\0\0A\0a\0A\0a\0A\0\
      a\0A\0a\0A\0a\0A\0a\0A\0a\0A\0a\0A\0a\0A\0a\0A\0a\0A\0a\0E\0e\0E\0e\0E\0e\0E\0e\0E\0e\0E\0e\0E\0e\0E\
      \0e\0I\0i\0I\0i\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0O\0o\0U\0u\0U\0u\
      \0U\0u\0U\0u\0U\0u\0U\0u\0U\0u\0Y\0y\0Y\0y\0Y\0y\0Y\0y\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// The ASCII letters of `c`, a non-ASCII character: its folded letters for a Latin letter with marks, else
/// nothing.
fn fold_char(c: char) -> &'static str {
    let cp = c as usize;
    let (table, base) = match cp {
        0xC0..=0x24F => (LATIN.as_slice(), 0xC0),
        0x1E00..=0x1EFF => (LATIN_ADDITIONAL.as_slice(), 0x1E00),
        _ => return "",
    };
    let pair = &table[(cp - base) * 2..(cp - base) * 2 + 2];
    let len = pair.iter().take_while(|b| **b != 0).count();
    std::str::from_utf8(&pair[..len]).unwrap_or("")
}

/// `text` folded to ASCII (see the module comment).
pub fn to_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(fold_char(c));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_ascii;

    #[test]
    fn latin_letters_lose_their_marks_and_other_scripts_are_dropped() {
        assert_eq!(to_ascii("José Álvarez"), "Jose Alvarez");
        assert_eq!(to_ascii("Nguyễn Văn An"), "Nguyen Van An");
        assert_eq!(to_ascii("Straße Œuvre Æsir Łódź"), "Strasse OEuvre AEsir Lodz");
        assert_eq!(to_ascii("Björn Müller-Lüdenscheidt"), "Bjorn Muller-Ludenscheidt");
        assert_eq!(to_ascii("Dr. Ana (MD) 24/7"), "Dr. Ana (MD) 24/7");
        assert_eq!(to_ascii("Ахмед রহমান 李"), "  ");
    }

    #[test]
    fn the_tables_hold_only_ascii_letters() {
        for t in [super::LATIN.as_slice(), super::LATIN_ADDITIONAL.as_slice()] {
            assert!(t.iter().all(|b| *b == 0 || b.is_ascii_alphanumeric()));
        }
    }
}
