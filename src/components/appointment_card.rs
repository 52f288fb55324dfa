//! One appointment as a card: when (in the viewer's zone, named), who, where or the video link, status,
//! the history on demand, and the actions the caller may take (each re-checked by the server).

use dioxus::prelude::*;

use crate::api::appointments::{cancel_appointment, get_appointment, reschedule_appointment};
use crate::components::SlotPicker;
use crate::model::booking::{validate_cancel_reason, AppointmentStatus, AppointmentView, ConsultationMode};

/// Whose view the card is (what the other party is called, which actions show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Patient,
    Doctor,
    Admin,
}

fn badge(status: AppointmentStatus) -> &'static str {
    match status {
        AppointmentStatus::Confirmed | AppointmentStatus::Completed => "badge bg-brand-100 text-brand-800",
        AppointmentStatus::Pending
        | AppointmentStatus::Held
        | AppointmentStatus::AwaitingPayment
        | AppointmentStatus::AwaitingCompletion => "badge bg-amber-100 text-amber-900",
        _ => "badge",
    }
}

/// An appointment card; `on_change` fires after a successful cancel or move (the parent reloads).
#[component]
pub fn AppointmentCard(
    view: AppointmentView,
    viewer: Viewer,
    on_change: EventHandler<()>,
    children: Element,
) -> Element {
    let mut mode = use_signal(|| 0u8); // 0 idle, 1 cancelling, 2 rescheduling
    let mut reason = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut reload = use_signal(|| 0u32);
    let mut history = use_signal(|| None::<Vec<crate::model::booking::AppointmentEvent>>);
    let id = view.id;
    // A doctor answering a request declines it (the patient is told why); a booked visit is cancelled.
    let declining = viewer == Viewer::Doctor && view.status == AppointmentStatus::Pending;
    let other = match viewer {
        Viewer::Patient => view.doctor_name.clone(),
        Viewer::Doctor => view.patient_name.clone(),
        Viewer::Admin => format!("{} with {}", view.patient_name, view.doctor_name),
    };
    let where_ = match view.mode {
        ConsultationMode::Video => "Video call".to_string(),
        ConsultationMode::InPerson => view.place.clone(),
    };
    rsx! {
        li { class: "card space-y-2 p-4", id: "appointment-{id}", "data-testid": "appointment", "data-status": view.status.as_str(),
            div { class: "flex flex-wrap items-baseline justify-between gap-2",
                p { class: "font-semibold", "{view.when_label}" }
                span { class: badge(view.status), "{view.status.label()}" }
            }
            p { class: "text-sm", "{view.type_name} · {other} · {view.fee_label}" }
            p { class: "text-sm text-ink-muted", "{where_} · times in {view.time_zone}" }
            if viewer != Viewer::Patient && !view.reason.is_empty() {
                p { class: "text-sm", span { class: "font-medium", "Reason: " } "{view.reason}" }
            }
            if let (Some(url), AppointmentStatus::Confirmed) = (view.meeting_url.clone(), view.status) {
                p { class: "text-sm", "data-testid": "meeting-link", "Video link: " a { class: "underline", href: "{url}", "{url}" } }
            }
            div { class: "flex flex-wrap gap-2",
                if view.status == AppointmentStatus::AwaitingPayment && viewer == Viewer::Patient {
                    Link { class: "btn-primary", "data-testid": "pay-link", to: crate::route::Route::PatientPayment { id }, "Pay to confirm" }
                }
                if view.status == AppointmentStatus::Completed && viewer == Viewer::Patient {
                    Link { class: "btn-ghost", "data-testid": "review-link", to: crate::route::Route::PatientReview { id }, "Review this visit" }
                }
                if view.status.is_upcoming() {
                    a { class: "btn-ghost", href: "/api/appointments/{id}/ics", download: "appointment.ics", "Add to calendar" }
                }
                if view.can_change {
                    button { r#type: "button", class: "btn-ghost", onclick: move |_| mode.set(2), "Reschedule" }
                    button { r#type: "button", class: "btn-ghost text-red-700", onclick: move |_| mode.set(1), if declining { "Decline" } else { "Cancel" } }
                }
                {children}
                button { r#type: "button", class: "btn-ghost", "aria-expanded": if history.read().is_some() { "true" } else { "false" },
                    onclick: move |_| async move {
                        if history.read().is_some() {
                            history.set(None);
                        } else {
                            match get_appointment(id).await {
                                Ok(v) => history.set(Some(v.history)),
                                Err(e) => error.set(Some(e.to_string())),
                            }
                        }
                    },
                    "History"
                }
            }
            if let Some(events) = history() {
                ol { class: "space-y-1 border-l-2 border-slate-200 pl-3 text-xs text-ink-muted", "data-testid": "history",
                    for (i, e) in events.into_iter().enumerate() {
                        li { key: "{i}",
                            span { class: "font-medium text-ink", "{e.at_label}" }
                            " · {e.actor}: "
                            if let Some(from) = e.from { "{from.label()} → " }
                            "{e.to.label()}"
                            if let Some(m) = e.moved_from { " (moved from {m})" }
                            if let Some(r) = e.reason { " — {r}" }
                        }
                    }
                }
            }
            if mode() == 1 {
                form { class: "space-y-2", novalidate: true,
                    onsubmit: move |e| {
                        e.prevent_default();
                        if let Err(errs) = validate_cancel_reason(&reason()) {
                            error.set(errs.get("reason").cloned());
                            return;
                        }
                        spawn(async move {
                            match cancel_appointment(id, reason()).await {
                                Ok(_) => { mode.set(0); on_change.call(()); }
                                Err(e) => error.set(Some(e.to_string())),
                            }
                        });
                    },
                    label { r#for: "cancel-{id}", class: "block text-sm font-medium", if declining { "Why are you declining? (the patient sees this)" } else { "Why are you cancelling?" } }
                    input { id: "cancel-{id}", class: "input w-full", value: "{reason}", oninput: move |e| reason.set(e.value()) }
                    div { class: "flex gap-2",
                        button { r#type: "submit", class: "btn-primary", if declining { "Decline request" } else { "Cancel appointment" } }
                        button { r#type: "button", class: "btn-ghost", onclick: move |_| mode.set(0), "Keep it" }
                    }
                }
            }
            if mode() == 2 {
                div { class: "space-y-2 rounded-lg border border-slate-200 p-3",
                    p { class: "text-sm font-medium", "Pick a new time" }
                    SlotPicker { slug: view.doctor_slug.clone(), fixed_type: Some(view.type_id), fixed_location: view.location, reload: reload(),
                        on_pick: move |p: crate::components::PickedSlot| {
                            spawn(async move {
                                match reschedule_appointment(id, p.slot.start).await {
                                    Ok(_) => { mode.set(0); error.set(None); on_change.call(()); }
                                    Err(e) => { error.set(Some(e.to_string())); *reload.write() += 1; }
                                }
                            });
                        }
                    }
                    button { r#type: "button", class: "btn-ghost", onclick: move |_| mode.set(0), "Keep the current time" }
                }
            }
            if let Some(e) = error() { p { role: "alert", class: "text-sm text-red-700", "{e}" } }
        }
    }
}
