//! `/doctor/reviews`: the doctor's reviews (hidden ones too, with the moderator's reason), newest first, each
//! with a public reply to post or change.

use dioxus::prelude::*;

use crate::api::reviews::{doctor_own_reviews, reply_review};
use crate::components::{LoadFailed, ReviewCard};
use crate::model::review::{validate_reply, ManagedReview};

#[component]
pub fn DoctorReviews() -> Element {
    let mut page = use_signal(|| 1i64);
    let mut list = use_server_future(move || doctor_own_reviews(page()))?;
    let body = match &*list.read() {
        Some(Ok(items)) if items.is_empty() && page() == 1 => rsx! {
            p { class: "mt-6 text-ink-muted", "No reviews yet. Patients are invited to review a visit once you mark it completed." }
        },
        Some(Ok(items)) => rsx! {
            ul { class: "mt-6 space-y-3", "data-testid": "doctor-reviews",
                for item in items.clone() {
                    ReviewCard { key: "{item.review.id}", item: item.clone(),
                        Reply { item, on_saved: move |_| list.restart() }
                    }
                }
            }
            div { class: "mt-4 flex gap-2",
                if page() > 1 { button { r#type: "button", class: "btn-ghost", onclick: move |_| page -= 1, "‹ Newer" } }
                if items.len() == 20 { button { r#type: "button", class: "btn-ghost", onclick: move |_| page += 1, "Older ›" } }
            }
        },
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Reviews | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Reviews" }
        p { class: "mt-1 text-sm text-ink-muted", "Only patients who completed a visit can review it. Your reply is public, under the review." }
        {body}
    }
}

#[component]
fn Reply(item: ManagedReview, on_saved: EventHandler<()>) -> Element {
    let id = item.review.id;
    let had = item.review.reply.is_some();
    let mut text = use_signal(|| item.review.reply.as_ref().map(|r| r.body.clone()).unwrap_or_default());
    let mut open = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    rsx! {
        if !open() {
            button { r#type: "button", class: "btn-ghost", "data-testid": "reply-open", onclick: move |_| open.set(true),
                if had { "Edit reply" } else { "Reply" }
            }
        } else {
            form { class: "space-y-2",
                onsubmit: move |e| async move {
                    e.prevent_default();
                    if let Err(found) = validate_reply(&text()) {
                        error.set(found.into_values().next());
                        return;
                    }
                    match reply_review(id, text()).await {
                        Ok(()) => {
                            open.set(false);
                            error.set(None);
                            on_saved.call(());
                        }
                        Err(e) => error.set(Some(e.to_string())),
                    }
                },
                label { class: "block text-sm font-medium", r#for: "reply-{id}", "Your public reply" }
                textarea { id: "reply-{id}", class: "input w-full", rows: "3", maxlength: "2000", value: "{text}",
                    oninput: move |e| text.set(e.value())
                }
                if let Some(e) = error() { p { class: "text-sm text-red-700", role: "alert", "{e}" } }
                button { r#type: "submit", class: "btn-primary", "Post reply" }
            }
        }
    }
}
