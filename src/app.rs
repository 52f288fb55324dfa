//! The root component: document defaults (title, meta, stylesheet, icons) and the router.

use dioxus::prelude::*;

use crate::layouts::session::AuthEpoch;
use crate::route::Route;

/// The compiled stylesheet's URL, versioned by content hash (see build.rs): cacheable forever.
pub const STYLESHEET_HREF: &str = concat!("/static/carebook-", env!("CAREBOOK_CSS_VERSION"), ".css");

/// Product name used in titles.
pub const BRAND: &str = "Carebook";

/// Root of the app on both sides.
#[component]
pub fn App() -> Element {
    use_context_provider(|| AuthEpoch(Signal::new(0)));
    // In the browser, head updates go through a document that needs no `eval` (strict CSP).
    #[cfg(target_arch = "wasm32")]
    use_hook(|| {
        let doc: std::rc::Rc<dyn document::Document> =
            std::rc::Rc::new(crate::head::CspSafeDocument(document::document()));
        provide_context(doc)
    });
    // The document's fixed head tags are written by the server alone: they never change after the page
    // loads, so the browser needs no components (nor hydration entries) for them.
    #[cfg(feature = "server")]
    use_hook(fixed_head);
    // Effects only run in the browser, after hydration: tell the server this browser's zone (its next
    // render uses it), then mark the document so tests (and CSS) can tell.
    use_effect(|| {
        crate::components::zone::remember_browser_zone();
        mark_hydrated();
    });
    rsx! {
        Router::<Route> {}
    }
}

/// Theme colour, stylesheet and icon, into the server-rendered `<head>`.
#[cfg(feature = "server")]
fn fixed_head() {
    use document::{LinkProps, MetaProps};
    let head = document::document();
    head.create_meta(MetaProps::builder().name("theme-color".to_string()).content("#0c7f78".to_string()).build());
    let link = |rel: &str, r#type: &str, href: &str| {
        LinkProps::builder().rel(rel.to_string()).r#type(r#type.to_string()).href(href.to_string()).build()
    };
    head.create_link(link("stylesheet", "text/css", STYLESHEET_HREF));
    head.create_link(link("icon", "image/svg+xml", "/favicon.svg"));
}

/// Set `data-hydrated="true"` on `<html>` (without eval, which the CSP does not allow).
fn mark_hydrated() {
    #[cfg(target_arch = "wasm32")]
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
