//! Icons are CSS, not markup: `span { class: "icon icon-pin h-4 w-4", "aria-hidden": "true" }`.
//!
//! Each `.icon-*` class in `input.css` sets an SVG mask that `.icon` fills with `currentColor`, so an
//! icon is one empty element with a literal class: part of its component's static template, with no
//! dynamic node, no hydration id and no path data repeated in every card. (As inline `<svg>`s the
//! icons were 5 of a card's 20 dynamic nodes and about a fifth of a results page's HTML.) Icons are
//! decorative: the text next to them says the same thing, so they are hidden from screen readers.
//!
//! Names are checked by the test below rather than by the compiler: every `icon-*` class written in
//! `src/` (in rsx, or in the bench reference's hand-written HTML) must be defined in `input.css`, on an
//! element hidden from screen readers.

/// The icon classes `input.css` defines.
pub const DEFINED: &[&str] = &["star", "pin", "video", "clock", "calendar", "lang", "menu"];

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_icon_used_is_defined_in_the_stylesheet_and_hidden_from_screen_readers() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let css = std::fs::read_to_string(root.join("input.css")).unwrap();
        for name in super::DEFINED {
            assert!(
                css.contains(&format!(".icon-{name} {{ --icon: url(\"data:image/svg+xml,")),
                "icon-{name} is not in input.css"
            );
        }
        let mut files = Vec::new();
        rust_files(&root.join("src"), &mut files);
        let mut uses = 0;
        for file in files.iter().filter(|f| !f.ends_with("components/icons.rs")) {
            for line in std::fs::read_to_string(file).unwrap().lines().filter(|l| l.contains("\"icon icon-")) {
                let name: String =
                    line.split("\"icon icon-").nth(1).unwrap().chars().take_while(|c| c.is_ascii_lowercase()).collect();
                assert!(super::DEFINED.contains(&name.as_str()), "{}: icon-{name} is not defined", file.display());
                // In rsx, or in hand-written markup (the bench reference's HTML strings).
                assert!(
                    line.contains("\"aria-hidden\": \"true\"") || line.contains("aria-hidden=\\\"true\\\""),
                    "{}: icon-{name} is not aria-hidden",
                    file.display()
                );
                uses += 1;
            }
        }
        assert!(uses >= 7, "the scan found the icons in use ({uses})");
    }
}
