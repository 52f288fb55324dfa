//! `/booking-link/manage?token=…&action=cancel|reschedule`: cancel or move a visit from a reminder email,
//! without signing in, within the same policy as in the app. The link dies once the visit moves or starts.

use dioxus::prelude::*;

use super::{DeadLink, LinkPage, VisitSummary};
use crate::api::booking_links::{cancel_by_link, open_manage_link, reschedule_by_link};
use crate::components::{FormAlert, PickedSlot, SlotPicker};
use crate::model::booking::{validate_cancel_reason, AppointmentStatus, AppointmentView};
use crate::route::Route;

#[component]
pub fn LinkManage(token: Option<String>, action: Option<String>) -> Element {
    let token = token.unwrap_or_default();
    let asked = token.clone();
    let visit = use_server_future(move || open_manage_link(asked.clone()))?;
    let body = match &*visit.read() {
        Some(Ok(v)) => rsx! { Manage { token: token.clone(), view: v.clone(), action: action.clone() } },
        Some(Err(e)) => rsx! { DeadLink { error: e.clone() } },
        None => rsx! {},
    };
    rsx! {
        LinkPage { title: "Your appointment", {body} }
    }
}

/// What the link's holder may do: 1 cancel, 2 reschedule (chosen by the email's link, or here).
#[component]
fn Manage(token: String, view: AppointmentView, action: Option<String>) -> Element {
    let initial = match action.as_deref() {
        Some("cancel") => 1u8,
        Some("reschedule") => 2,
        _ => 0,
    };
    let mut mode = use_signal(|| initial);
    let mut shown = use_signal(|| view.clone());
    let mut done = use_signal(|| None::<String>);
    let mut reason = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut reload = use_signal(|| 0u32);
    let mut busy = use_signal(|| false);
    let v = shown();
    let (cancel_token, move_token) = (token.clone(), token.clone());
    let cancel = move |e: FormEvent| {
        e.prevent_default();
        let token = cancel_token.clone();
        async move {
            if let Err(errs) = validate_cancel_reason(&reason()) {
                error.set(errs.get("reason").cloned());
                return;
            }
            busy.set(true);
            match cancel_by_link(token, reason()).await {
                Ok(now) => {
                    shown.set(now);
                    done.set(Some("Your appointment is cancelled. The practice has been told.".into()));
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        }
    };
    let pick = move |p: PickedSlot| {
        let token = move_token.clone();
        spawn(async move {
            match reschedule_by_link(token, p.slot.start).await {
                Ok(now) => {
                    done.set(Some(format!("Moved to {}. We've emailed you the new time.", now.when_label)));
                    shown.set(now);
                    error.set(None);
                }
                Err(e) => {
                    error.set(Some(e.to_string()));
                    *reload.write() += 1;
                }
            }
        });
    };
    let open = v.status.is_upcoming() && v.status != AppointmentStatus::Held;
    rsx! {
        VisitSummary { view: v.clone() }
        if let Some(message) = done() {
            div { class: "mt-4", FormAlert { success: true, message } }
            Link { class: "btn-ghost mt-4 w-full", to: Route::DoctorPage { slug: v.doctor_slug.clone() }, "Book with {v.doctor_name} again" }
        } else if !open {
            p { class: "mt-4 text-sm", "This appointment can no longer be changed here." }
        } else if !v.can_change {
            p { class: "mt-4 text-sm", "data-testid": "too-late",
                "It is too late to change this appointment online. Please call the practice if you can't make it."
            }
        } else {
            div { class: "mt-4 flex flex-wrap gap-2",
                button { r#type: "button", class: if mode() == 2 { "btn-primary" } else { "btn-ghost" }, onclick: move |_| mode.set(2), "Reschedule" }
                button { r#type: "button", class: if mode() == 1 { "btn-primary" } else { "btn-ghost text-red-700" }, onclick: move |_| mode.set(1), "Cancel it" }
            }
            if mode() == 1 {
                form { class: "mt-4 space-y-2", novalidate: true, onsubmit: cancel,
                    label { r#for: "cancel-reason", class: "block text-sm font-medium", "Why are you cancelling?" }
                    input { id: "cancel-reason", class: "input w-full", value: "{reason}", oninput: move |e| reason.set(e.value()) }
                    button { r#type: "submit", class: "btn-primary w-full", disabled: busy(), "Cancel appointment" }
                }
            }
            if mode() == 2 {
                div { class: "mt-4 space-y-2",
                    p { class: "text-sm font-medium", "Pick a new time" }
                    SlotPicker { slug: v.doctor_slug.clone(), fixed_type: Some(v.type_id), fixed_location: v.location, reload: reload(), on_pick: pick }
                }
            }
        }
        if let Some(e) = error() { p { role: "alert", class: "mt-2 text-sm text-red-700", "{e}" } }
    }
}
