//! A review's shared body, and a review as its doctor and the moderators see it: stars, author, text, the reply, whether it is hidden
//! and why, and its open reports; the page adds its own actions as children.

use dioxus::prelude::*;

use crate::model::review::{ManagedReview, ReviewView};

/// A review's stars, author, date, sub-ratings, text and the doctor's reply (the public list and the
/// managed cards both show it this way). `about` names the doctor; `helpful` shows the helpful count.
#[component]
pub fn ReviewBody(
    review: ReviewView,
    #[props(default)] about: Option<String>,
    #[props(default)] helpful: bool,
) -> Element {
    let r = &review;
    let subs = [("Wait time", r.waiting), ("Manner", r.manner), ("Explanation", r.explanation)];
    rsx! {
        div { class: "flex flex-wrap items-baseline justify-between gap-2",
            p { class: "font-medium",
                span { class: "text-amber-500", "aria-label": "{r.stars} out of 5 stars", {"★".repeat(r.stars as usize)} }
                " {r.author}"
                if let Some(doctor) = about { " · about {doctor}" }
            }
            p { class: "text-xs text-ink-muted", "{r.date}" if r.edited { " · edited" } if helpful { " · {r.helpful} helpful" } }
        }
        p { class: "mt-1 flex flex-wrap gap-3 text-xs text-ink-muted",
            for (label, v) in subs {
                if let Some(v) = v {
                    span { key: "{label}", "{label}: {v}/5" }
                }
            }
        }
        if !r.body.is_empty() {
            p { class: "mt-2 whitespace-pre-wrap", "data-testid": "review-body", "{r.body}" }
        }
        if let Some(reply) = &r.reply {
            div { class: "mt-3 rounded-lg bg-slate-50 p-3 text-sm", "data-testid": "review-reply",
                p { class: "font-medium", "The doctor replied ({reply.date})" }
                p { class: "mt-1 whitespace-pre-wrap", "{reply.body}" }
            }
        }
    }
}

#[component]
pub fn ReviewCard(item: ManagedReview, children: Element) -> Element {
    let id = item.review.id;
    rsx! {
        li { class: "card space-y-2 p-4", id: "review-{id}", "data-testid": "managed-review",
            ReviewBody { review: item.review.clone(), about: item.doctor_name.clone(), helpful: true }
            if let Some(why) = &item.hidden_reason {
                p { class: "rounded-lg bg-amber-50 p-2 text-sm text-amber-900", "data-testid": "hidden-reason", "Hidden: {why}" }
            }
            if !item.reports.is_empty() {
                ul { class: "space-y-1 text-sm", "data-testid": "reports",
                    for (n, (reason, date)) in item.reports.iter().enumerate() {
                        li { key: "{n}", class: "text-red-800", "Reported {date}: {reason}" }
                    }
                }
            }
            {children}
        }
    }
}
