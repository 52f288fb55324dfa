//! A review as its doctor and the moderators see it: stars, author, text, the reply, whether it is hidden
//! and why, and its open reports; the page adds its own actions as children.

use dioxus::prelude::*;

use crate::model::review::ManagedReview;

#[component]
pub fn ReviewCard(item: ManagedReview, children: Element) -> Element {
    let r = &item.review;
    rsx! {
        li { class: "card space-y-2 p-4", id: "review-{r.id}", "data-testid": "managed-review",
            div { class: "flex flex-wrap items-baseline justify-between gap-2",
                p { class: "font-medium",
                    span { class: "text-amber-500", "aria-label": "{r.stars} out of 5 stars", {"★".repeat(r.stars as usize)} }
                    " {r.author} · about {item.doctor_name}"
                }
                p { class: "text-xs text-ink-muted", "{r.date}" if r.edited { " · edited" } " · {r.helpful} helpful" }
            }
            if !r.body.is_empty() {
                p { class: "whitespace-pre-wrap", "data-testid": "review-body", "{r.body}" }
            }
            if let Some(reply) = &r.reply {
                div { class: "rounded-lg bg-slate-50 p-3 text-sm", "data-testid": "review-reply",
                    p { class: "font-medium", "Reply ({reply.date})" }
                    p { class: "mt-1 whitespace-pre-wrap", "{reply.body}" }
                }
            }
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
