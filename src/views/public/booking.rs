//! The doctor page's booking box: pick a slot → it is held for 10 minutes → give a reason → booked
//! (pending the doctor's approval or confirmed). A slot taken meanwhile shows the conflict and the next
//! free times; double clicks and retries reuse one idempotency key, so they make one appointment.

use dioxus::prelude::*;

use crate::api::appointments::{cancel_appointment, confirm_booking, hold_slot};
use crate::components::zone::attempt_key;
use crate::components::{PickedSlot, SlotPicker};
use crate::error::AppError;
use crate::model::booking::{AppointmentStatus, AppointmentView, BookingForm, SlotOffer};
use crate::route::Route;

#[derive(Clone, PartialEq)]
enum Stage {
    Picking,
    Held(AppointmentView),
    Booked(AppointmentView),
}

/// The booking widget for doctor `slug` (`signed_in`: the page's visitor is; else a pick goes to sign-in).
#[component]
pub fn BookingBox(slug: String, signed_in: bool) -> Element {
    let nav = use_navigator();
    let mut stage = use_signal(|| Stage::Picking);
    let mut error = use_signal(|| None::<String>);
    let mut alternatives = use_signal(Vec::<SlotOffer>::new);
    let mut last_pick = use_signal(|| None::<PickedSlot>);
    let mut busy = use_signal(|| false);
    let mut reload = use_signal(|| 0u32);
    let next = format!("/doctors/{slug}#book");

    let hold = use_callback(move |pick: PickedSlot| {
        if !signed_in {
            nav.push(Route::SignIn { next: Some(next.clone()), challenge: None, error: None });
            return;
        }
        if busy() {
            return;
        }
        // One key per attempt: a retry of this same pick (double click, network retry) reuses it.
        let key = attempt_key();
        last_pick.set(Some(pick.clone()));
        busy.set(true);
        spawn(async move {
            let r = hold_slot(pick.doctor_id, pick.type_id, pick.location, pick.slot.start, key).await;
            busy.set(false);
            match r {
                Ok(view) => {
                    error.set(None);
                    alternatives.set(Vec::new());
                    stage.set(Stage::Held(view));
                }
                Err(AppError::SlotTaken { next }) => {
                    error.set(Some(AppError::SlotTaken { next: Vec::new() }.to_string()));
                    alternatives.set(next);
                    *reload.write() += 1;
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    });

    rsx! {
        if let Some(e) = error() {
            div { role: "alert", class: "rounded-lg bg-red-50 p-3 text-sm text-red-800", "data-testid": "booking-error",
                p { "{e}" }
                if !alternatives.read().is_empty() {
                    p { class: "mt-2 font-medium", "Next free times:" }
                    ul { class: "mt-1 flex flex-wrap gap-2", "data-testid": "alternatives",
                        for s in alternatives() {
                            li { key: "{s.start}",
                                button { r#type: "button", class: "chip border-brand-200 bg-white text-brand-800",
                                    onclick: {
                                        let s = s.clone();
                                        move |_| if let Some(p) = last_pick() { hold.call(PickedSlot { slot: s.clone(), ..p }) }
                                    },
                                    "{s.day_label}, {s.label}"
                                }
                            }
                        }
                    }
                }
            }
        }
        match stage() {
            Stage::Picking => rsx! {
                if !signed_in {
                    p { class: "text-sm text-ink-muted", "Pick a time; you'll sign in to confirm it." }
                }
                SlotPicker { slug: slug.clone(), reload: reload(), on_pick: move |p| hold.call(p) }
            },
            Stage::Held(view) => rsx! { ConfirmForm { view, on_done: move |v| stage.set(Stage::Booked(v)),
                on_back: move |_| stage.set(Stage::Picking) } },
            Stage::Booked(view) => rsx! { Booked { view } },
        }
    }
}

#[component]
fn ConfirmForm(view: AppointmentView, on_done: EventHandler<AppointmentView>, on_back: EventHandler<()>) -> Element {
    let mut form = use_signal(BookingForm::default);
    let mut tried = use_signal(|| false);
    let mut submitting = use_signal(|| false);
    let mut failure = use_signal(|| None::<String>);
    let errors = if tried() { form.read().validate().err().unwrap_or_default() } else { Default::default() };
    let id = view.id;
    rsx! {
        form { class: "space-y-3", "data-testid": "confirm-form", novalidate: true,
            onsubmit: move |e| {
                e.prevent_default();
                tried.set(true);
                if form.read().validate().is_err() || submitting() {
                    return;
                }
                submitting.set(true);
                spawn(async move {
                    match confirm_booking(id, form()).await {
                        // The doctor takes the fee online: on to the provider's checkout.
                        Ok(v) if v.status == AppointmentStatus::AwaitingPayment => {
                            match crate::api::payments::start_payment(v.id).await {
                                Ok(url) => crate::components::zone::go_to(&url),
                                Err(e) => failure.set(Some(e.to_string())),
                            }
                        }
                        Ok(v) => on_done.call(v),
                        Err(e) => failure.set(Some(e.to_string())),
                    }
                    submitting.set(false);
                });
            },
            div { class: "rounded-lg bg-brand-50 p-3 text-sm text-brand-800",
                p { class: "font-semibold", "{view.when_label}" }
                p { "{view.type_name} · {view.fee_label}" }
                p { class: "text-xs", "We're holding this time for you for 10 minutes. Times are in {view.time_zone}." }
            }
            label { r#for: "booking-reason", class: "block text-sm font-medium", "Reason for the visit" }
            textarea { id: "booking-reason", name: "reason", rows: "2", class: "input w-full",
                "aria-invalid": if errors.contains_key("reason") { "true" } else { "false" },
                "aria-describedby": "booking-reason-msg",
                value: "{form.read().reason}", oninput: move |e| form.with_mut(|f| f.reason = e.value()) }
            p { id: "booking-reason-msg", class: "min-h-[1.25rem] text-sm text-red-700",
                if let Some(m) = errors.get("reason") { "{m}" } }
            label { r#for: "booking-notes", class: "block text-sm font-medium", "Notes for the doctor (optional)" }
            textarea { id: "booking-notes", name: "notes", rows: "2", class: "input w-full",
                value: "{form.read().notes}", oninput: move |e| form.with_mut(|f| f.notes = e.value()) }
            if let Some(m) = errors.get("notes") { p { class: "text-sm text-red-700", "{m}" } }
            if let Some(f) = failure() { p { role: "alert", class: "text-sm text-red-700", "{f}" } }
            div { class: "flex gap-2",
                button { r#type: "submit", class: "btn-primary flex-1", disabled: submitting(), "data-testid": "confirm-booking",
                    if submitting() { "Booking…" } else { "Confirm booking" } }
                button { r#type: "button", class: "btn-ghost",
                    onclick: move |_| async move {
                        let _ = cancel_appointment(id, "Picked another time".into()).await;
                        on_back.call(());
                    },
                    "Change time" }
            }
        }
    }
}

#[component]
fn Booked(view: AppointmentView) -> Element {
    let pending = view.status == AppointmentStatus::Pending;
    rsx! {
        div { class: "space-y-2 rounded-lg bg-brand-50 p-4 text-sm text-brand-800", role: "status", "data-testid": "booked",
            p { class: "text-base font-semibold",
                if pending { "Request sent — awaiting the doctor's approval" } else { "Booked — see you then!" } }
            p { "{view.when_label} ({view.time_zone})" }
            p { "{view.type_name} with {view.doctor_name}" }
            if let Some(url) = view.meeting_url.clone() { p { "Video link: " a { class: "underline", href: "{url}", "{url}" } } }
            Link { to: Route::PatientAppointments {}, class: "btn-primary mt-2", "My appointments" }
        }
    }
}
