//! `/patient/waitlist`: the patient's waitlist entries; a slot held for them shows with Accept and Decline
//! (accepting books it like any booking), and an entry can be left.

use dioxus::prelude::*;

use crate::api::waitlist::{accept_offer, decline_offer, leave_waitlist, my_waitlist};
use crate::components::{FormAlert, LoadFailed};
use crate::model::booking::ConsultationMode;
use crate::model::waitlist::{times_label, WaitlistStatus};
use crate::route::Route;

#[component]
pub fn PatientWaitlist() -> Element {
    let mut list = use_server_future(my_waitlist)?;
    let mut message = use_signal(|| None::<(String, bool)>);
    let nav = use_navigator();
    let body = match &*list.read() {
        Some(Ok(entries)) if entries.is_empty() => rsx! {
            p { class: "mt-6 text-ink-muted", "You're not on any waitlist. On a doctor's page, join theirs when no time suits you." }
        },
        Some(Ok(entries)) => rsx! {
            ul { class: "mt-6 space-y-3", "data-testid": "waitlist",
                for e in entries.clone() {
                    li { key: "{e.id}", class: "card space-y-2 p-4", "data-testid": "waitlist-entry", "data-status": e.status.label(),
                        div { class: "flex flex-wrap items-baseline justify-between gap-2",
                            Link { class: "font-semibold underline", to: Route::DoctorPage { slug: e.doctor_slug.clone() }, "{e.doctor_name}" }
                            span { class: "badge bg-slate-100 text-ink", "{e.status.label()}" }
                        }
                        p { class: "text-sm text-ink-muted",
                            if e.mode == ConsultationMode::Video { "Video" } else { "In person" }
                            " · {e.from} to {e.to} · {times_label(e.times)} · since {e.since}"
                        }
                        if let Some(o) = e.offer.clone() {
                            div { class: "rounded-lg bg-brand-50 p-3", "data-testid": "offer",
                                p { class: "font-medium", "{o.when_label} is held for you until {o.until_label}." }
                                div { class: "mt-2 flex flex-wrap gap-2",
                                    button { r#type: "button", class: "btn-primary", "data-testid": "accept-offer",
                                        onclick: move |_| async move {
                                            match accept_offer(e.id).await {
                                                Ok(_) => { nav.push(Route::PatientAppointments {}); }
                                                Err(err) => message.set(Some((err.to_string(), false))),
                                            }
                                        },
                                        "Accept and book"
                                    }
                                    button { r#type: "button", class: "btn-ghost", "data-testid": "decline-offer",
                                        onclick: move |_| async move {
                                            match decline_offer(e.id).await {
                                                Ok(()) => { message.set(Some(("Let go: we'll keep looking for another time.".into(), true))); list.restart(); }
                                                Err(err) => message.set(Some((err.to_string(), false))),
                                            }
                                        },
                                        "Decline"
                                    }
                                }
                            }
                        }
                        if matches!(e.status, WaitlistStatus::Waiting | WaitlistStatus::Offered) {
                            button { r#type: "button", class: "btn-ghost text-red-700",
                                onclick: move |_| async move {
                                    match leave_waitlist(e.id).await {
                                        Ok(()) => list.restart(),
                                        Err(err) => message.set(Some((err.to_string(), false))),
                                    }
                                },
                                "Leave this waitlist"
                            }
                        }
                    }
                }
            }
        },
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "My waitlist | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "My waitlist" }
        p { class: "mt-1 text-sm text-ink-muted", "When a matching time frees up, it is held for you for 30 minutes and we tell you at once." }
        if let Some((m, ok)) = message() { div { class: "mt-4", FormAlert { message: m, success: ok } } }
        {body}
    }
}
