//! `/admin`: the admin dashboard (verification queue and stats arrive with the doctors issue).

use dioxus::prelude::*;

/// Admin dashboard.
#[component]
pub fn AdminHome() -> Element {
    rsx! {
        document::Title { "Admin | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Administration" }
        section { class: "card mt-6 p-6",
            h2 { class: "font-semibold", "Doctor applications" }
            p { class: "mt-2 text-ink-muted", "No applications are waiting for review." }
        }
    }
}
