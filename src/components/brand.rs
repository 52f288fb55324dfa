//! The Carebook logo: mark + wordmark, linking home.

use dioxus::prelude::*;

use super::follow_links;
use crate::route::Route;

/// The brand mark and name; `inverted` for dark backgrounds. A plain link that routes in place
/// ([`follow_links`]) rather than a router `Link` scope: it is on every page, twice on public ones.
#[component]
pub fn Logo(#[props(default)] inverted: bool) -> Element {
    let word = if inverted { "text-white" } else { "text-ink" };
    rsx! {
        a { href: Route::Home { specialty: None }.to_string(), class: "flex items-center gap-2 font-bold tracking-tight",
            "aria-label": "Carebook home", onclick: follow_links,
            svg { class: "h-8 w-8", view_box: "0 0 32 32", "aria-hidden": "true",
                rect { width: "32", height: "32", rx: "9", fill: "#0c7f78" }
                path { d: "M16 24s-7-4.3-7-9.3A3.9 3.9 0 0 1 16 12a3.9 3.9 0 0 1 7 2.7c0 5-7 9.3-7 9.3z", fill: "#fff" }
                path { d: "M14.5 15.5h3M16 14v3", stroke: "#0c7f78", stroke_width: "1.6", stroke_linecap: "round" }
            }
            span { class: "text-xl {word}", "Care" span { class: "text-brand-500", "book" } }
        }
    }
}
