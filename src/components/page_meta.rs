//! The head tags every public page sets: title, description, OpenGraph, and the canonical URL.

use dioxus::prelude::*;

/// `<title>`, meta description, `og:*`, and (when given) `<link rel=canonical>` plus `og:url`.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    #[props(default)] canonical: Option<String>,
    #[props(default = "website")] og_type: &'static str,
) -> Element {
    rsx! {
        document::Title { "{title}" }
        document::Meta { name: "description", content: "{description}" }
        document::Meta { property: "og:title", content: "{title}" }
        document::Meta { property: "og:description", content: "{description}" }
        document::Meta { property: "og:type", content: "{og_type}" }
        if let Some(url) = canonical {
            document::Link { rel: "canonical", href: "{url}" }
            document::Meta { property: "og:url", content: "{url}" }
        }
    }
}
