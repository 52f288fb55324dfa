//! The root component: document defaults (title, meta, stylesheet, icons) and the router.

use dioxus::prelude::*;

use crate::route::Route;

/// The compiled stylesheet's URL, versioned by content hash (see build.rs): cacheable forever.
pub const STYLESHEET_HREF: &str =
    concat!("/static/carebook-", env!("CAREBOOK_CSS_VERSION"), ".css");

/// Product name used in titles.
pub const BRAND: &str = "Carebook";

/// Root of the app on both sides.
#[component]
pub fn App() -> Element {
    // Effects only run in the browser, after hydration: mark the document so tests (and CSS) can tell.
    use_effect(|| {
        document::eval("document.documentElement.dataset.hydrated = 'true'");
    });
    rsx! {
        document::Meta { name: "theme-color", content: "#0c7f78" }
        document::Stylesheet { href: STYLESHEET_HREF }
        document::Link { rel: "icon", r#type: "image/svg+xml", href: "/favicon.svg" }
        Router::<Route> {}
    }
}
