//! The 404 page: a helpful page with status 404 (set on the server response during SSR).

use dioxus::prelude::*;

use crate::route::Route;

/// Any URL no route matches.
#[component]
pub fn NotFound(segments: Vec<String>) -> Element {
    #[cfg(feature = "server")]
    dioxus::fullstack::FullstackContext::commit_http_status(dioxus::fullstack::StatusCode::NOT_FOUND, None);
    let path = format!("/{}", segments.join("/"));
    rsx! {
        document::Title { "Page not found | Carebook" }
        document::Meta { name: "robots", content: "noindex" }
        section { class: "container-page flex flex-col items-center py-24 text-center",
            p { class: "text-sm font-semibold text-brand-700", "404" }
            h1 { class: "mt-2 text-3xl font-bold tracking-tight", "We couldn't find that page" }
            p { class: "mt-3 max-w-md text-ink-muted",
                "Nothing lives at "
                code { class: "rounded bg-slate-100 px-1.5 py-0.5 text-sm", "{path}" }
                ". It may have moved, or the link may be mistyped."
            }
            Link { to: Route::Home { specialty: None }, class: "btn-primary mt-8", "Find a doctor" }
        }
    }
}
