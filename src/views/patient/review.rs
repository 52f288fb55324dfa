//! `/patient/appointments/{id}/review`: the patient reviews a completed visit (stars, optional sub-ratings,
//! text, named or anonymous), or changes the review within 7 days. The same rules run here and on the server.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::api::reviews::{my_review, save_review};
use crate::components::FormAlert;
use crate::error::{AppError, FieldErrors};
use crate::model::review::{ReviewDraft, ReviewForm};
use crate::route::Route;

#[component]
pub fn PatientReview(id: Uuid) -> Element {
    let draft = use_server_future(move || my_review(id))?;
    let body = match &*draft.read() {
        Some(Ok(d)) => rsx! { Editor { draft: d.clone() } },
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Review your visit | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Review your visit" }
        {body}
    }
}

/// A 1–5 choice (`None` allowed when `optional`), as radio buttons in a fieldset.
#[component]
fn Scale(legend: String, name: String, value: Signal<Option<i16>>, optional: bool, error: Option<String>) -> Element {
    let mut value = value;
    rsx! {
        fieldset { class: "space-y-1",
            legend { class: "text-sm font-medium", "{legend}" if optional { span { class: "text-ink-muted", " (optional)" } } }
            div { class: "flex flex-wrap gap-2",
                for n in 1..=5i16 {
                    label { key: "{n}", class: "chip min-h-11 cursor-pointer has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50",
                        input { r#type: "radio", name: "{name}", value: "{n}", class: "sr-only", checked: value() == Some(n),
                            "data-testid": "{name}-{n}", onchange: move |_| value.set(Some(n))
                        }
                        if name == "stars" { "{\"★\".repeat(n as usize)}" } else { "{n}" }
                    }
                }
                if optional && value().is_some() {
                    button { r#type: "button", class: "btn-ghost min-h-11 text-sm", onclick: move |_| value.set(None), "Clear" }
                }
            }
            if let Some(e) = error {
                p { class: "text-sm text-red-700", role: "alert", "{e}" }
            }
        }
    }
}

#[component]
fn Editor(draft: ReviewDraft) -> Element {
    let old = draft.existing.clone().unwrap_or_default();
    let stars = use_signal(|| (old.stars > 0).then_some(old.stars));
    let waiting = use_signal(|| old.waiting);
    let manner = use_signal(|| old.manner);
    let explanation = use_signal(|| old.explanation);
    let mut text = use_signal(|| old.body.clone());
    let mut anonymous = use_signal(|| old.anonymous);
    let mut errors = use_signal(FieldErrors::new);
    let mut message = use_signal(|| None::<(String, bool)>);
    let mut busy = use_signal(|| false);
    let written = draft.existing.is_some();
    let save = move |e: FormEvent| async move {
        e.prevent_default();
        let form = ReviewForm {
            stars: stars().unwrap_or(0),
            waiting: waiting(),
            manner: manner(),
            explanation: explanation(),
            body: text(),
            anonymous: anonymous(),
        };
        if let Err(found) = form.validate() {
            errors.set(found);
            return;
        }
        busy.set(true);
        let r = save_review(draft.appointment_id, form).await;
        busy.set(false);
        match r {
            Ok(_) => {
                errors.set(FieldErrors::new());
                message.set(Some(("Thank you: your review is on the doctor's page.".into(), true)));
            }
            Err(AppError::Validation(found)) => errors.set(found),
            Err(e) => message.set(Some((e.to_string(), false))),
        }
    };
    let err = move |f: &str| errors.read().get(f).cloned();
    rsx! {
        p { class: "mt-2 text-ink-muted", "Your visit with " strong { "{draft.doctor_name}" } " on {draft.visit_date}." }
        if !draft.can_save {
            div { class: "mt-4", FormAlert { message: draft.why_not.clone() } }
        } else {
            form { class: "card mt-4 max-w-2xl space-y-4 p-6", "data-testid": "review-form", onsubmit: save,
                if written {
                    p { class: "text-sm text-ink-muted", "You reviewed this visit; you can change your review for 7 days after writing it." }
                }
                Scale { legend: "Overall", name: "stars", value: stars, optional: false, error: err("stars") }
                Scale { legend: "Wait time", name: "waiting", value: waiting, optional: true, error: err("waiting") }
                Scale { legend: "Bedside manner", name: "manner", value: manner, optional: true, error: err("manner") }
                Scale { legend: "How well things were explained", name: "explanation", value: explanation, optional: true, error: err("explanation") }
                div { class: "space-y-1",
                    label { r#for: "review-body", class: "block text-sm font-medium", "Your review (optional)" }
                    textarea { id: "review-body", class: "input w-full", rows: "5", maxlength: "2000", value: "{text}",
                        "aria-describedby": "review-body-msg", oninput: move |e| text.set(e.value())
                    }
                    p { id: "review-body-msg", class: "text-sm text-ink-muted",
                        if let Some(e) = err("body") { span { class: "text-red-700", role: "alert", "{e}" } } else { "{text.read().chars().count()} / 2000 · No medical details you'd rather keep private." }
                    }
                }
                label { class: "flex min-h-11 items-center gap-2",
                    input { r#type: "checkbox", checked: anonymous(), "data-testid": "anonymous", onchange: move |e| anonymous.set(e.checked()) }
                    "Post anonymously (otherwise your first name and initial are shown)"
                }
                if let Some((m, ok)) = message() {
                    FormAlert { message: m, success: ok }
                }
                div { class: "flex flex-wrap gap-2",
                    button { r#type: "submit", class: "btn-primary", disabled: busy(), if written { "Save changes" } else { "Post review" } }
                    Link { class: "btn-ghost", to: Route::DoctorPage { slug: draft.doctor_slug.clone() }, "See the doctor's page" }
                }
            }
        }
    }
}
