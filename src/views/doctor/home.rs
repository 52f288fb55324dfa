//! `/doctor`: the doctor's dashboard (agenda and approvals arrive with booking).

use dioxus::prelude::*;

/// Doctor dashboard.
#[component]
pub fn DoctorHome() -> Element {
    rsx! {
        document::Title { "Doctor dashboard | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Today" }
        section { class: "card mt-6 p-6",
            h2 { class: "font-semibold", "Agenda" }
            p { class: "mt-2 text-ink-muted", "No visits scheduled today." }
        }
        crate::components::NotificationsCard {}
    }
}
