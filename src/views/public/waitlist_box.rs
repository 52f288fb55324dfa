//! The doctor page's waitlist form: a patient with no suitable slot asks to be offered one (a date range,
//! the kind of visit, times of day); a freed slot that matches is then held for them for 30 minutes.

use dioxus::prelude::*;

use crate::api::waitlist::join_waitlist;
use crate::error::{AppError, FieldErrors};
use crate::model::booking::ConsultationMode;
use crate::model::waitlist::{WaitlistForm, TIMES};
use crate::route::Route;

/// The waitlist form for doctor `doctor_id` (`slug`), offering the modes the doctor has.
#[component]
pub fn WaitlistBox(doctor_id: uuid::Uuid, slug: String, in_person: bool, video: bool, signed_in: bool) -> Element {
    let mut open = use_signal(|| false);
    let today = chrono::Utc::now().date_naive();
    let mut from = use_signal(move || today.to_string());
    let mut to = use_signal(move || (today + chrono::Duration::days(14)).to_string());
    let mut mode = use_signal(move || if in_person { ConsultationMode::InPerson } else { ConsultationMode::Video });
    let mut times = use_signal(|| 7i16);
    let mut errors = use_signal(FieldErrors::new);
    let mut done = use_signal(|| false);
    let join = move |e: FormEvent| async move {
        e.prevent_default();
        let form = WaitlistForm { doctor_id, mode: mode(), from: from(), to: to(), times: times() };
        // The browser's today may be a day off the doctor's: the server decides on the first day.
        if let Err(found) = form.validate(today.pred_opt().unwrap_or(today)) {
            errors.set(found);
            return;
        }
        match join_waitlist(form).await {
            Ok(_) => {
                errors.set(FieldErrors::new());
                done.set(true);
            }
            Err(AppError::Validation(found)) => errors.set(found),
            Err(e) => errors.set(FieldErrors::from([("form".to_string(), e.to_string())])),
        }
    };
    let err = move |f: &str| errors.read().get(f).cloned();
    rsx! {
        div { class: "border-t border-slate-100 pt-3", "data-testid": "waitlist-box",
            if done() {
                p { role: "status", class: "text-sm text-brand-800",
                    "You're on the waitlist. We'll hold a matching time for you as soon as one frees up. "
                    Link { class: "underline", to: Route::PatientWaitlist {}, "Your waitlist" }
                }
            } else if !open() {
                button { r#type: "button", class: "btn-ghost w-full", "aria-expanded": "false",
                    onclick: move |_| open.set(true), "No time that suits you? Join the waitlist"
                }
            } else if !signed_in {
                Link { class: "btn-primary w-full", to: Route::SignIn { next: Some(format!("/doctors/{slug}#book")), challenge: None, error: None },
                    "Sign in to join the waitlist"
                }
            } else {
                form { class: "space-y-3 text-sm", onsubmit: join,
                    if in_person && video {
                        label { class: "block font-medium", r#for: "wl-mode", "Kind of visit" }
                        select { id: "wl-mode", class: "input w-full",
                            onchange: move |e| mode.set(if e.value() == "video" { ConsultationMode::Video } else { ConsultationMode::InPerson }),
                            option { value: "in_person", selected: mode() == ConsultationMode::InPerson, "In person" }
                            option { value: "video", selected: mode() == ConsultationMode::Video, "Video" }
                        }
                    }
                    div { class: "grid grid-cols-2 gap-2",
                        div {
                            label { class: "block font-medium", r#for: "wl-from", "From" }
                            input { id: "wl-from", r#type: "date", class: "input w-full", value: "{from}", oninput: move |e| from.set(e.value()) }
                            if let Some(e) = err("from") { p { class: "text-red-700", role: "alert", "{e}" } }
                        }
                        div {
                            label { class: "block font-medium", r#for: "wl-to", "Until" }
                            input { id: "wl-to", r#type: "date", class: "input w-full", value: "{to}", oninput: move |e| to.set(e.value()) }
                            if let Some(e) = err("to") { p { class: "text-red-700", role: "alert", "{e}" } }
                        }
                    }
                    fieldset {
                        legend { class: "font-medium", "Times of day" }
                        for (bit, label) in TIMES {
                            label { key: "{bit}", class: "flex min-h-11 items-center gap-2",
                                input { r#type: "checkbox", checked: times() & bit != 0,
                                    onchange: move |e| times.set(if e.checked() { times() | bit } else { times() & !bit })
                                }
                                "{label}"
                            }
                        }
                        if let Some(e) = err("times") { p { class: "text-red-700", role: "alert", "{e}" } }
                    }
                    if let Some(e) = err("form").or(err("mode")) { p { class: "text-red-700", role: "alert", "{e}" } }
                    button { r#type: "submit", class: "btn-primary w-full", "Join the waitlist" }
                }
            }
        }
    }
}
