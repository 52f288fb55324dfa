//! `/doctor/appointments`: pending requests to approve, a week agenda as a calendar grid, and past visits
//! to mark completed or no-show.

use dioxus::prelude::*;

use crate::api::appointments::doctor_action;
use crate::api::appointments::doctor_agenda;
use crate::components::{AppointmentCard, Viewer};
use crate::model::booking::{AppointmentView, DoctorAction};

/// The doctor's agenda.
#[component]
pub fn DoctorAppointments() -> Element {
    let from = use_signal(|| None::<String>);
    rsx! {
        document::Title { "Appointments | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Appointments" }
        SuspenseBoundary { fallback: |_| rsx! { div { class: "mt-6 h-64 animate-pulse rounded-2xl bg-slate-100" } },
            Week { from: from(), set_from: from }
        }
    }
}

#[component]
fn Week(from: Option<String>, set_from: Signal<Option<String>>) -> Element {
    let mut agenda = use_server_future(use_reactive!(|from| doctor_agenda(from, Some(7))))?;
    let mut error = use_signal(|| None::<String>);
    let read = agenda.read();
    let a = match &*read {
        Some(Ok(a)) => a.clone(),
        Some(Err(e)) => return rsx! { crate::components::LoadFailed { error: e.clone(), class: "mt-6" } },
        None => return rsx! {},
    };
    let shift = |days: i64| {
        chrono::NaiveDate::parse_from_str(&a.from, "%Y-%m-%d")
            .ok()
            .map(|d| (d + chrono::Duration::days(days)).format("%Y-%m-%d").to_string())
    };
    let (prev, next) = (shift(-7), shift(7));
    let act = move |id: uuid::Uuid, action: DoctorAction| {
        spawn(async move {
            match doctor_action(id, action).await {
                Ok(_) => {
                    error.set(None);
                    agenda.restart();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let list = |items: Vec<AppointmentView>, test: &'static str, marks: bool| {
        rsx! {
            ul { class: "mt-3 space-y-3", "data-testid": test,
                for v in items {
                    AppointmentCard { key: "{v.id}", view: v.clone(), viewer: Viewer::Doctor, on_change: move |_| agenda.restart(),
                        if marks {
                            button { r#type: "button", class: "btn-primary", onclick: move |_| act(v.id, DoctorAction::Completed), "Completed" }
                            button { r#type: "button", class: "btn-ghost", onclick: move |_| act(v.id, DoctorAction::NoShow), "No-show" }
                        } else {
                            button { r#type: "button", class: "btn-primary", "data-testid": "approve", onclick: move |_| act(v.id, DoctorAction::Confirm), "Approve" }
                        }
                    }
                }
            }
        }
    };
    rsx! {
        if let Some(e) = error() { p { role: "alert", class: "mt-4 text-red-700", "{e}" } }
        if !a.pending.is_empty() {
            section { class: "mt-6", "aria-labelledby": "pending",
                h2 { id: "pending", class: "text-lg font-semibold", "Waiting for your approval ({a.pending.len()})" }
                {list(a.pending.clone(), "pending", false)}
            }
        }
        section { class: "mt-6", "aria-labelledby": "week",
            div { class: "flex items-center justify-between",
                h2 { id: "week", class: "text-lg font-semibold", "Week of {a.days.first().map(|d| d.label.clone()).unwrap_or_default()}" }
                div { class: "flex gap-2",
                    button { r#type: "button", class: "btn-ghost", onclick: move |_| set_from.clone().set(prev.clone()), "‹ Previous" }
                    button { r#type: "button", class: "btn-ghost", onclick: move |_| set_from.clone().set(None), "Today" }
                    button { r#type: "button", class: "btn-ghost", onclick: move |_| set_from.clone().set(next.clone()), "Next ›" }
                }
            }
            p { class: "text-sm text-ink-muted", "Times in {a.time_zone}." }
            div { class: "mt-3 grid gap-2 lg:grid-cols-7", "data-testid": "agenda",
                for d in a.days.clone() {
                    div { key: "{d.date}", class: "card min-h-[6rem] p-2",
                        h3 { class: "text-sm font-semibold", "{d.label}" }
                        if d.items.is_empty() { p { class: "text-xs text-ink-muted", "Free" } }
                        ul { class: "mt-1 space-y-1",
                            for v in d.items {
                                li { key: "{v.id}", class: "rounded bg-brand-50 p-1 text-xs text-brand-800", "data-status": v.status.as_str(),
                                    span { class: "font-semibold", "{v.starts_at_label()}" } " {v.patient_name}"
                                    span { class: "block text-ink-muted", "{v.type_name} · {v.status.label()}" }
                                }
                            }
                        }
                    }
                }
            }
        }
        if !a.to_mark.is_empty() {
            section { class: "mt-6", "aria-labelledby": "to-mark",
                h2 { id: "to-mark", class: "text-lg font-semibold", "Mark completed or no-show" }
                {list(a.to_mark.clone(), "to-mark", true)}
            }
        }
    }
}
