//! `/patient/appointments`: upcoming and past visits, with cancel, reschedule and add-to-calendar.

use dioxus::prelude::*;

use crate::api::appointments::my_appointments;
use crate::components::{AppointmentCard, Viewer};
use crate::route::Route;

/// The patient's appointments.
#[component]
pub fn PatientAppointments() -> Element {
    let mut lists = use_server_future(my_appointments)?;
    let read = lists.read();
    let body = match &*read {
        Some(Ok(l)) => rsx! {
            section { class: "mt-6", "aria-labelledby": "upcoming",
                h2 { id: "upcoming", class: "text-lg font-semibold", "Upcoming" }
                if l.upcoming.is_empty() {
                    p { class: "mt-2 text-ink-muted", "No upcoming appointments." }
                    Link { to: Route::Doctors { query: Default::default() }, class: "btn-primary mt-3", "Find a doctor" }
                }
                ul { class: "mt-3 space-y-3", "data-testid": "upcoming",
                    for v in l.upcoming.clone() {
                        AppointmentCard { key: "{v.id}", view: v, viewer: Viewer::Patient, on_change: move |_| lists.restart() }
                    }
                }
            }
            section { class: "mt-8", "aria-labelledby": "past",
                h2 { id: "past", class: "text-lg font-semibold", "Past and cancelled" }
                if l.past.is_empty() { p { class: "mt-2 text-ink-muted", "Nothing yet." } }
                ul { class: "mt-3 space-y-3", "data-testid": "past",
                    for v in l.past.clone() {
                        AppointmentCard { key: "{v.id}", view: v, viewer: Viewer::Patient, on_change: move |_| lists.restart() }
                    }
                }
            }
        },
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "My appointments | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "My appointments" }
        {body}
    }
}
