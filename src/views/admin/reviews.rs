//! `/admin/reviews`: the moderation queue. Reported reviews (oldest report first) are hidden with a reason
//! or kept (reports dismissed); hidden ones can be restored. Every decision is audited and the author told.

use dioxus::prelude::*;

use crate::api::reviews::{moderate_review, moderation_queue};
use crate::components::{LoadFailed, ReviewCard};
use crate::model::review::{validate_reason, ManagedReview, ModerationDecision};

#[component]
pub fn AdminReviews() -> Element {
    let mut hidden = use_signal(|| false);
    let mut list = use_server_future(move || moderation_queue(hidden(), 1))?;
    let body = match &*list.read() {
        Some(Ok(items)) if items.is_empty() => rsx! {
            p { class: "mt-6 text-ink-muted", if hidden() { "No hidden reviews." } else { "No reported reviews: the queue is empty." } }
        },
        Some(Ok(items)) => rsx! {
            ul { class: "mt-6 space-y-3", "data-testid": "moderation-queue",
                for item in items.clone() {
                    ReviewCard { key: "{item.review.id}", item: item.clone(),
                        Decide { item, on_done: move |_| list.restart() }
                    }
                }
            }
        },
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Reviews | Carebook admin" }
        h1 { class: "text-2xl font-bold tracking-tight", "Reviews" }
        div { class: "mt-4 flex gap-2", role: "group", "aria-label": "Which reviews",
            button { r#type: "button", class: "chip min-h-11", "aria-pressed": "{!hidden()}", onclick: move |_| hidden.set(false), "Reported" }
            button { r#type: "button", class: "chip min-h-11", "aria-pressed": "{hidden()}", onclick: move |_| hidden.set(true), "Hidden" }
        }
        {body}
    }
}

#[component]
fn Decide(item: ManagedReview, on_done: EventHandler<()>) -> Element {
    let id = item.review.id;
    let is_hidden = item.hidden_reason.is_some();
    let mut reason = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut decide = move |decision: ModerationDecision| {
        if decision == ModerationDecision::Hide {
            if let Err(found) = validate_reason(&reason()) {
                error.set(found.into_values().next());
                return;
            }
        }
        spawn(async move {
            match moderate_review(id, decision, reason()).await {
                Ok(()) => on_done.call(()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    rsx! {
        if is_hidden {
            button { r#type: "button", class: "btn-ghost", "data-testid": "restore", onclick: move |_| decide(ModerationDecision::Restore), "Restore" }
        } else {
            div { class: "space-y-2",
                label { class: "block text-sm font-medium", r#for: "hide-{id}", "Reason for hiding (shown to the author)" }
                input { id: "hide-{id}", class: "input w-full", maxlength: "500", value: "{reason}", oninput: move |e| reason.set(e.value()) }
                div { class: "flex flex-wrap gap-2",
                    button { r#type: "button", class: "btn-primary", "data-testid": "hide", onclick: move |_| decide(ModerationDecision::Hide), "Hide review" }
                    button { r#type: "button", class: "btn-ghost", "data-testid": "dismiss", onclick: move |_| decide(ModerationDecision::Dismiss), "Keep it (dismiss reports)" }
                }
            }
        }
        if let Some(e) = error() { p { class: "text-sm text-red-700", role: "alert", "{e}" } }
    }
}
