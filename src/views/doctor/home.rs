//! `/doctor`: the doctor's dashboard: "online now" switch, whether patients can book them, agenda, how many
//! wait on their waitlist, notifications.

use dioxus::prelude::*;

use crate::api::applications::{get_online, set_online};
use crate::api::schedule::get_schedule;
use crate::components::NotificationsCard;
use crate::route::Route;
use crate::views::doctor::schedule::BookableStatus;

/// Doctor dashboard.
#[component]
pub fn DoctorHome() -> Element {
    let mut online = use_server_future(get_online)?;
    let schedule = use_server_future(get_schedule)?;
    let waiting = use_server_future(crate::api::waitlist::doctor_waitlist_count)?;
    let on = matches!(*online.read(), Some(Ok(true)));
    let mut error = use_signal(|| None::<String>);
    rsx! {
        document::Title { "Doctor dashboard | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Today" }
        section { class: "card mt-6 space-y-2 p-6",
            label { class: "flex items-center gap-3",
                input { r#type: "checkbox", checked: on, "data-testid": "online-now", class: "h-4 w-4",
                    onchange: move |e| async move {
                        match set_online(e.checked()).await {
                            Ok(_) => { error.set(None); online.restart(); }
                            Err(err) => error.set(Some(err.to_string())),
                        }
                    },
                }
                span { class: "font-medium", "Show me as “Online now” to patients" }
            }
            p { class: "text-sm text-ink-muted", "Shown while you are using Carebook (it turns itself off after 10 minutes away)." }
            if let Some(e) = error() { p { role: "alert", class: "text-sm text-red-700", "{e}" } }
            Link { to: Route::Apply {}, class: "btn-ghost", "Edit my public profile" }
        }
        section { class: "card mt-6 p-6",
            h2 { class: "font-semibold", "Agenda" }
            p { class: "mt-2 text-ink-muted", "Your week, pending requests and visits to mark are on the appointments page." }
            if let Some(Ok(view)) = &*schedule.read() {
                div { class: "mt-3", BookableStatus { view: view.clone() } }
            }
            if let Some(Ok(n)) = *waiting.read() {
                p { class: "mt-2 text-sm", "data-testid": "waitlist-count",
                    if n == 0 { "Nobody is on your waitlist." } else if n == 1 { "1 patient is on your waitlist: freed times are offered to them first." } else { "{n} patients are on your waitlist: freed times are offered to them first." }
                }
            }
            div { class: "mt-3 flex gap-2",
                Link { to: Route::DoctorAppointments {}, class: "btn-primary", "Open my agenda" }
                Link { to: Route::DoctorSchedule {}, class: "btn-ghost", "Set my hours" }
            }
        }
        NotificationsCard {}
    }
}
