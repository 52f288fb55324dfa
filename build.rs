//! Build script: stages the generated stylesheet for embedding and versions it by content hash, so the
//! server and the wasm client render the same cache-busting URL (no hydration mismatch).

use std::hash::{Hash, Hasher};

fn main() {
    let css_path = "assets/tailwind.css";
    println!("cargo:rerun-if-changed={css_path}");
    let css = std::fs::read_to_string(css_path).unwrap_or_else(|_| {
        println!("cargo:warning={css_path} is missing: run `cargo make css` (serving an empty stylesheet)");
        String::new()
    });
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    css.hash(&mut hasher);
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/tailwind.css"), &css).expect("OUT_DIR is writable");
    println!("cargo:rustc-env=CAREBOOK_CSS_VERSION={:012x}", hasher.finish() & 0xffff_ffff_ffff);
}
