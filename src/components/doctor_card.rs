//! A doctor's summary card, and its loading skeleton.

use dioxus::prelude::*;

use crate::model::DoctorSummary;
use crate::route::Route;

/// One doctor in a listing, as a keyed list item (`ol { {doctors.iter().map(doctor_card)} }`): avatar
/// initials, name, specialty, place, experience, rating, soonest free slot, fee. A plain function, not a
/// component: a results page draws twenty, and a scope (with a cloned summary as props) for each was
/// measurable in server rendering; so was a separate `li` template around each card. The name links to
/// the doctor's page; put [`follow_links`](super::follow_links) on the list so that click routes in place.
pub fn doctor_card(d: &DoctorSummary) -> Element {
    let initials = d.initials();
    let rating = d.rating_label();
    let languages = d.languages.join(", ");
    let page = Route::DoctorPage { slug: d.slug.clone() };
    rsx! {
        li { key: "{d.slug}", class: "flex",
            article { class: "doctor-card", "data-testid": "doctor-card", "data-specialty": "{d.specialty_slug}",
                div { class: "doctor-card-head",
                    if let Some(src) = &d.photo_url {
                        img { src: "{src}", alt: "", width: "56", height: "56", loading: "lazy", class: "doctor-card-photo" }
                    } else {
                        div { class: "doctor-card-photo doctor-card-initials",
                            "aria-hidden": "true", "{initials}"
                        }
                    }
                    div { class: "min-w-0",
                        h3 { class: "doctor-card-name",
                            a { href: "{page}", "data-testid": "doctor-link", "{d.name}" }
                        }
                        p { class: "doctor-card-specialty", "{d.specialty_name}" }
                        p { class: "doctor-card-place",
                            span { class: "icon icon-pin h-4 w-4", "aria-hidden": "true" }
                            span { class: "truncate", "{d.area}, {d.city}" }
                            if let Some(km) = d.distance_km {
                                span { class: "shrink-0", "data-testid": "distance", " · {km:.1} km" }
                            }
                        }
                        if d.online_now {
                            p { class: "doctor-card-online",
                                span { class: "h-2 w-2 rounded-full bg-brand-500", "aria-hidden": "true" }
                                "Online now"
                            }
                        }
                    }
                }
                dl { class: "doctor-card-facts",
                    div { class: "doctor-card-fact",
                        dt { class: "sr-only", "Experience" }
                        span { class: "icon icon-clock h-4 w-4", "aria-hidden": "true" }
                        dd { "{d.years_experience} years experience" }
                    }
                    div { class: "doctor-card-fact",
                        dt { class: "sr-only", "Rating" }
                        if let Some(r) = rating {
                            span { class: "icon icon-star h-4 w-4 text-amber-500", "aria-hidden": "true" }
                            dd { "{r}" }
                        } else {
                            dd { "New on Carebook" }
                        }
                    }
                    if let Some(next) = &d.next_available {
                        div { class: "doctor-card-fact col-span-2 font-medium text-brand-700",
                            span { class: "icon icon-calendar h-4 w-4", "aria-hidden": "true" }
                            dt { "Next available:" }
                            dd { "data-testid": "next-available", "{next}" }
                        }
                    }
                    div { class: "doctor-card-fact col-span-2",
                        dt { class: "sr-only", "Languages" }
                        span { class: "icon icon-lang h-4 w-4", "aria-hidden": "true" }
                        dd { class: "truncate", "{languages}" }
                    }
                }
                div { class: "doctor-card-foot",
                    p { class: "text-sm text-ink-muted",
                        span { class: "doctor-card-fee", "data-testid": "fee", "{d.fee_label()}" }
                        " per visit"
                    }
                    if d.offers_video {
                        span { class: "badge-brand",
                            span { class: "icon icon-video h-3.5 w-3.5", "aria-hidden": "true" }
                            "Video visits"
                        }
                    }
                }
            }
        }
    }
}

/// Placeholder with the card's shape while results load.
#[component]
pub fn DoctorCardSkeleton() -> Element {
    rsx! {
        div { class: "card flex animate-pulse flex-col gap-4 p-5", "aria-hidden": "true",
            div { class: "flex gap-4",
                div { class: "h-14 w-14 rounded-full bg-slate-200" }
                div { class: "flex-1 space-y-2",
                    div { class: "h-4 w-3/4 rounded bg-slate-200" }
                    div { class: "h-3 w-1/2 rounded bg-slate-200" }
                    div { class: "h-3 w-2/3 rounded bg-slate-200" }
                }
            }
            div { class: "h-3 w-full rounded bg-slate-100" }
            div { class: "h-8 w-full rounded bg-slate-100" }
        }
    }
}
