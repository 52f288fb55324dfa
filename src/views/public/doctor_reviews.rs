//! The doctor page's reviews: the rating summary (average, count, distribution, sub-ratings) and the visible
//! reviews with the doctor's replies, newest or most helpful first, a page at a time; signed-in visitors
//! mark one helpful or report it.

use dioxus::prelude::*;

use crate::api::reviews::{doctor_reviews, mark_helpful, report_review};
use crate::model::review::{stars_label, RatingSummary, ReviewPage, ReviewSort, ReviewView};

/// The reviews section of doctor `slug`'s page, server-rendered with `ratings` and the first page
/// (`signed_in`: the visitor may mark reviews helpful and report them).
#[component]
pub fn Reviews(slug: String, ratings: RatingSummary, first: ReviewPage, signed_in: bool) -> Element {
    let mut sort = use_signal(|| ReviewSort::Newest);
    let mut shown = use_signal(|| first.reviews.clone());
    let mut page = use_signal(|| (first.page, first.more));
    let mut error = use_signal(|| None::<String>);
    let load = use_callback(move |(order, number): (ReviewSort, i64)| {
        let slug = slug.clone();
        spawn(async move {
            match doctor_reviews(slug, order, number).await {
                Ok(p) => {
                    error.set(None);
                    if number == 1 {
                        shown.set(p.reviews);
                    } else {
                        shown.write().extend(p.reviews);
                    }
                    sort.set(order);
                    page.set((p.page, p.more));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    });
    rsx! {
        section { id: "reviews", class: "card p-6", "aria-labelledby": "reviews-title", "data-testid": "reviews",
            h2 { id: "reviews-title", class: "text-lg font-semibold", "Patient reviews" }
            if ratings.count == 0 {
                p { class: "mt-2 text-ink-muted", "No reviews yet. Only patients who completed a visit can write one." }
            } else {
                Summary { ratings: ratings.clone() }
                div { class: "mt-4 flex gap-2", role: "group", "aria-label": "Order reviews",
                    for (order, label) in [(ReviewSort::Newest, "Newest"), (ReviewSort::Helpful, "Most helpful")] {
                        button { key: "{label}", r#type: "button", class: "chip min-h-11", "aria-pressed": "{sort() == order}",
                            onclick: move |_| load.call((order, 1)), "{label}"
                        }
                    }
                }
                ul { class: "mt-4 divide-y divide-slate-100", "data-testid": "review-list",
                    for r in shown() {
                        ReviewItem { key: "{r.id}", review: r.clone(), signed_in }
                    }
                }
                if let Some(e) = error() {
                    p { role: "alert", class: "mt-2 text-sm text-red-700", "{e}" }
                }
                if page().1 {
                    button { r#type: "button", class: "btn-ghost mt-3 w-full", onclick: move |_| load.call((sort(), page().0 + 1)),
                        "More reviews"
                    }
                }
            }
        }
    }
}

#[component]
fn Summary(ratings: RatingSummary) -> Element {
    let average = ratings.average.map(stars_label).unwrap_or_default();
    let subs =
        [("Wait time", ratings.waiting), ("Bedside manner", ratings.manner), ("Explanation", ratings.explanation)];
    rsx! {
        div { class: "mt-3 grid gap-4 sm:grid-cols-2", "data-testid": "rating-summary",
            div {
                p { class: "text-4xl font-bold", "data-testid": "rating-average", "{average}" }
                p { class: "text-sm text-ink-muted", "out of 5 · ", span { "data-testid": "rating-count", "{ratings.count}" }
                    if ratings.count == 1 { " review" } else { " reviews" }
                }
                dl { class: "mt-2 space-y-1 text-sm",
                    for (label, value) in subs {
                        if let Some(v) = value {
                            div { key: "{label}", class: "flex justify-between gap-2",
                                dt { class: "text-ink-muted", "{label}" }
                                dd { "{stars_label(v)}" }
                            }
                        }
                    }
                }
            }
            table { class: "text-sm",
                caption { class: "sr-only", "How many reviews gave each number of stars" }
                tbody {
                    for stars in (1..=5usize).rev() {
                        tr { key: "{stars}",
                            th { scope: "row", class: "w-14 pr-2 text-left font-normal text-ink-muted", "{stars} star" }
                            td { class: "w-full",
                                div { class: "h-2 rounded bg-slate-100",
                                    div { class: "h-2 rounded bg-amber-400", style: "width: {ratings.percent(stars)}%" }
                                }
                            }
                            td { class: "pl-2 text-right tabular-nums", "{ratings.distribution[stars - 1]}" }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn ReviewItem(review: ReviewView, signed_in: bool) -> Element {
    let id = review.id;
    let mut helpful = use_signal(|| review.helpful);
    let mut reporting = use_signal(|| false);
    let mut reason = use_signal(String::new);
    let mut note = use_signal(|| None::<String>);
    rsx! {
        li { id: "review-{id}", class: "py-4", "data-testid": "review",
            crate::components::ReviewBody { review: review.clone() }
            if signed_in {
                div { class: "mt-2 flex flex-wrap items-center gap-2 text-sm",
                    button { r#type: "button", class: "btn-ghost min-h-11",
                        onclick: move |_| async move {
                            match mark_helpful(id).await {
                                Ok(n) => helpful.set(n),
                                Err(e) => note.set(Some(e.to_string())),
                            }
                        },
                        "Helpful ({helpful})"
                    }
                    button { r#type: "button", class: "btn-ghost min-h-11", "aria-expanded": "{reporting()}",
                        onclick: move |_| reporting.toggle(), "Report"
                    }
                }
                if reporting() {
                    form { class: "mt-2 space-y-2",
                        onsubmit: move |e| async move {
                            e.prevent_default();
                            match report_review(id, reason()).await {
                                Ok(()) => {
                                    reporting.set(false);
                                    note.set(Some("Thank you: a moderator will look at it.".into()));
                                }
                                Err(e) => note.set(Some(e.to_string())),
                            }
                        },
                        label { class: "block text-sm", r#for: "report-{id}", "Why should a moderator look at this review?" }
                        textarea { id: "report-{id}", class: "input w-full", rows: "2", maxlength: "500", value: "{reason}",
                            oninput: move |e| reason.set(e.value())
                        }
                        button { r#type: "submit", class: "btn-primary", "Send report" }
                    }
                }
            } else if review.helpful > 0 {
                p { class: "mt-2 text-xs text-ink-muted", "{review.helpful} found this helpful" }
            }
            if let Some(n) = note() {
                p { role: "status", class: "mt-1 text-sm text-ink-muted", "{n}" }
            }
        }
    }
}
