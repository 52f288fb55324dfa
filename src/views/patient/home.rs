//! `/patient`: the patient's dashboard: the next appointments and notifications.

use dioxus::prelude::*;

use crate::api::appointments::my_appointments;
use crate::route::Route;

/// Patient dashboard.
#[component]
pub fn PatientHome() -> Element {
    let lists = use_server_future(my_appointments)?;
    let upcoming = match &*lists.read() {
        Some(Ok(l)) => l.upcoming.iter().take(3).cloned().collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    rsx! {
        document::Title { "My care | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "My care" }
        section { class: "card mt-6 p-6",
            h2 { class: "font-semibold", "Upcoming appointments" }
            if upcoming.is_empty() {
                p { class: "mt-2 text-ink-muted", "You have no upcoming appointments." }
            }
            ul { class: "mt-2 space-y-2",
                for v in upcoming {
                    li { key: "{v.id}", class: "text-sm",
                        span { class: "font-medium", "{v.when_label}" } " · {v.doctor_name} · {v.status.label()}"
                    }
                }
            }
            div { class: "mt-4 flex gap-2",
                Link { to: Route::PatientAppointments {}, class: "btn-ghost", "All appointments" }
                Link { to: Route::Doctors { query: Default::default() }, class: "btn-primary", "Find a doctor" }
            }
        }
        crate::components::NotificationsCard {}
    }
}
