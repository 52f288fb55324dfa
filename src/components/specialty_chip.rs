//! A specialty filter chip: a real link (works without JavaScript), routed in place after hydration.

use dioxus::prelude::*;

use crate::route::Route;

/// A chip linking to the home page narrowed to `slug` (None = all specialties).
#[component]
pub fn SpecialtyChip(label: String, slug: Option<String>, count: Option<i64>, active: bool) -> Element {
    let style = if active {
        "border-brand-600 bg-brand-600 text-white"
    } else {
        "border-slate-200 bg-white text-ink hover:border-brand-400 hover:text-brand-700"
    };
    rsx! {
        Link {
            to: Route::Home { specialty: slug.clone() },
            class: "chip {style}",
            "aria-current": if active { "true" } else { "false" },
            "data-testid": "specialty-chip",
            "{label}"
            if let Some(n) = count {
                span { class: if active { "text-brand-100" } else { "text-ink-muted" }, "{n}" }
            }
        }
    }
}
