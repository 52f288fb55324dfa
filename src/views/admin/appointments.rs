//! `/admin/appointments`: every appointment, filtered by status, name or email, and date range.

use dioxus::prelude::*;

use crate::api::appointments::admin_appointments;
use crate::components::{AppointmentCard, Viewer};
use crate::model::booking::{AppointmentFilter, AppointmentStatus};

/// All appointments with filters.
#[component]
pub fn AdminAppointments() -> Element {
    let mut filter = use_signal(AppointmentFilter::default);
    let mut applied = use_signal(AppointmentFilter::default);
    rsx! {
        document::Title { "Appointments | Carebook admin" }
        h1 { class: "text-2xl font-bold tracking-tight", "Appointments" }
        form { class: "card mt-6 grid items-end gap-3 p-4 sm:grid-cols-2 lg:grid-cols-5", novalidate: true,
            onsubmit: move |e| { e.prevent_default(); filter.with_mut(|f| f.page = 0); applied.set(filter()); },
            div { label { r#for: "f-status", class: "block text-sm font-medium", "Status" }
                select { id: "f-status", class: "input w-full",
                    onchange: move |e| filter.with_mut(|f| f.status = AppointmentStatus::parse(&e.value())),
                    option { value: "", "Any" }
                    for s in AppointmentStatus::ALL { option { key: "{s.as_str()}", value: s.as_str(), "{s.label()}" } }
                }
            }
            div { label { r#for: "f-who", class: "block text-sm font-medium", "Doctor or patient" }
                input { id: "f-who", class: "input w-full", value: "{filter.read().who}", oninput: move |e| filter.with_mut(|f| f.who = e.value()) } }
            div { label { r#for: "f-from", class: "block text-sm font-medium", "From" }
                input { id: "f-from", r#type: "date", class: "input w-full", value: "{filter.read().from}", oninput: move |e| filter.with_mut(|f| f.from = e.value()) } }
            div { label { r#for: "f-to", class: "block text-sm font-medium", "To" }
                input { id: "f-to", r#type: "date", class: "input w-full", value: "{filter.read().to}", oninput: move |e| filter.with_mut(|f| f.to = e.value()) } }
            button { r#type: "submit", class: "btn-primary", "Filter" }
        }
        SuspenseBoundary { fallback: |_| rsx! { div { class: "mt-6 h-40 animate-pulse rounded-2xl bg-slate-100" } },
            Results { filter: applied(), set: applied }
        }
    }
}

#[component]
fn Results(filter: AppointmentFilter, set: Signal<AppointmentFilter>) -> Element {
    let mut rows = use_server_future(use_reactive!(|filter| admin_appointments(filter)))?;
    let read = rows.read();
    let page = filter.page;
    match &*read {
        Some(Ok(list)) => rsx! {
            if list.is_empty() { p { class: "mt-6 text-ink-muted", "No appointments match." } }
            ul { class: "mt-6 space-y-3", "data-testid": "admin-appointments",
                for v in list.clone() {
                    AppointmentCard { key: "{v.id}", view: v, viewer: Viewer::Admin, on_change: move |_| rows.restart() }
                }
            }
            div { class: "mt-4 flex gap-2",
                if page > 0 { button { r#type: "button", class: "btn-ghost", onclick: move |_| set.clone().with_mut(|f| f.page -= 1), "‹ Newer" } }
                if list.len() == 50 { button { r#type: "button", class: "btn-ghost", onclick: move |_| set.clone().with_mut(|f| f.page += 1), "Older ›" } }
            }
        },
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    }
}
