//! `/patient`: the patient's dashboard (appointments arrive with booking).

use dioxus::prelude::*;

use crate::route::Route;

/// Patient dashboard.
#[component]
pub fn PatientHome() -> Element {
    rsx! {
        document::Title { "My care | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "My care" }
        section { class: "card mt-6 p-6",
            h2 { class: "font-semibold", "Upcoming appointments" }
            p { class: "mt-2 text-ink-muted", "You have no upcoming appointments." }
            Link { to: Route::Doctors { query: Default::default() }, class: "btn-primary mt-4", "Find a doctor" }
        }
        crate::components::NotificationsCard {}
    }
}
