//! `/doctors/{slug}`: a doctor's public profile with schema.org Physician JSON-LD. Unknown → 404.

use dioxus::prelude::*;

use super::NotFound;
use crate::api::doctors::get_doctor;
use crate::app::BRAND;
use crate::components::PageMeta;
use crate::error::AppError;
use crate::model::doctor::DoctorPage as Page;
use crate::model::search::DoctorSearch;
use crate::route::Route;

/// A doctor's profile page.
#[component]
pub fn DoctorPage(slug: String) -> Element {
    let page = use_server_future(use_reactive!(|slug| get_doctor(slug)))?;
    let page = page.read();
    match &*page {
        Some(Ok(p)) => rsx! { Profile { page: p.clone() } },
        Some(Err(AppError::NotFound(_))) => rsx! { NotFound { segments: vec!["doctors".to_string(), slug.clone()] } },
        Some(Err(e)) => {
            rsx! { div { class: "container-page mt-8", crate::components::LoadFailed { error: e.clone() } } }
        }
        None => rsx! {},
    }
}

#[component]
fn Profile(page: Page) -> Element {
    let me = crate::layouts::session::use_me()?;
    let signed_in = matches!(*me.read(), Some(Ok(Some(_))));
    let p = &page.profile;
    let d = &p.summary;
    let url = format!("{}/doctors/{}", page.base_url, d.slug);
    let title = format!("{}, {} in {} | {BRAND}", d.name, d.specialty_name, d.city);
    let description = p.meta_description();
    let json_ld = p.json_ld(&page.base_url, &page.ratings, &page.reviews.reviews);
    let modes = match (p.offers_in_person, d.offers_video) {
        (true, true) => "In person and video visits",
        (false, true) => "Video visits",
        _ => "In-person visits",
    };
    let same_specialty =
        DoctorSearch { specialty: d.specialty_slug.clone(), city: d.city.clone(), ..Default::default() };
    rsx! {
        PageMeta { title, description, canonical: url, og_type: "profile" }
        script { r#type: "application/ld+json", "data-testid": "json-ld", dangerous_inner_html: "{json_ld}" }
        nav { class: "container-page mt-6 text-sm text-ink-muted", "aria-label": "Breadcrumb",
            ol { class: "flex flex-wrap gap-1",
                li { Link { to: Route::Doctors { query: DoctorSearch::default() }, class: "underline", "Doctors" } " /" }
                li { Link { to: Route::SpecialtyPage { slug: d.specialty_slug.clone() }, class: "underline", "{d.specialty_name}" } " /" }
                li { "aria-current": "page", "{d.name}" }
            }
        }
        article { class: "container-page mt-4 grid gap-6 lg:grid-cols-3", "data-testid": "doctor-profile",
            div { class: "space-y-6 lg:col-span-2",
                header { class: "card flex gap-5 p-6",
                    if let Some(src) = &d.photo_url {
                        img { src: "{src}", alt: "Photo of {d.name}", width: "80", height: "80", class: "h-20 w-20 shrink-0 rounded-full object-cover" }
                    } else {
                        div { class: "flex h-20 w-20 shrink-0 items-center justify-center rounded-full bg-brand-100 text-2xl font-semibold text-brand-800",
                            "aria-hidden": "true", "{d.initials()}"
                        }
                    }
                    div {
                        h1 { class: "text-2xl font-bold tracking-tight", "{d.name}" }
                        p { class: "font-medium text-brand-700", "{d.specialty_name}" }
                        p { class: "mt-1 text-sm text-ink-muted", "{d.years_experience} years of experience · {modes}" }
                        if let Some(r) = d.rating_label() {
                            p { class: "mt-1 flex items-center gap-1 text-sm", "data-testid": "rating",
                                span { class: "icon icon-star h-4 w-4 text-amber-500", "aria-hidden": "true" }
                                "{r}"
                            }
                        }
                        if d.online_now {
                            p { class: "mt-1 text-sm font-medium text-brand-700", "Online now" }
                        }
                    }
                }
                section { class: "card p-6", "aria-labelledby": "about",
                    h2 { id: "about", class: "text-lg font-semibold", "About" }
                    p { class: "mt-2 whitespace-pre-wrap text-ink-muted", "{p.bio}" }
                    p { class: "mt-3 text-sm text-ink-muted", "Speaks {d.languages.join(\", \")}." }
                }
                if !p.qualifications.is_empty() {
                    section { class: "card p-6", "aria-labelledby": "quals",
                        h2 { id: "quals", class: "text-lg font-semibold", "Qualifications" }
                        ul { class: "mt-2 space-y-1 text-ink-muted", "data-testid": "qualifications",
                            for q in p.qualifications.iter() {
                                li { key: "{q.degree}{q.passing_year}", "{q.degree}, {q.institute} ({q.passing_year})" }
                            }
                        }
                        if !p.registration_council.is_empty() {
                            p { class: "mt-3 text-sm text-ink-muted", "Licensed by {p.registration_council}; verified by Carebook." }
                        }
                    }
                }
                super::doctor_reviews::Reviews { slug: d.slug.clone(), ratings: page.ratings.clone(), first: page.reviews.clone(), signed_in }
                section { class: "card p-6", "aria-labelledby": "where",
                    h2 { id: "where", class: "text-lg font-semibold", "Where to find {d.name}" }
                    ul { class: "mt-2 space-y-3",
                        for l in p.locations.iter() {
                            li { key: "{l.name}",
                                p { class: "font-medium", "{l.name}" }
                                p { class: "text-sm text-ink-muted", {crate::model::doctor::address_line(&[&l.address, &l.area, &l.city])} }
                            }
                        }
                    }
                }
            }
            aside { class: "lg:col-span-1",
                div { id: "book", class: "card sticky top-20 space-y-3 p-6",
                    h2 { class: "text-lg font-semibold", "Book a visit" }
                    p { class: "text-ink-muted", span { class: "text-2xl font-bold text-ink", "{d.fee_label()}" } " per consultation" }
                    p { class: "text-sm text-ink-muted", "{modes}." }
                    super::booking::BookingBox { slug: d.slug.clone(), signed_in }
                    super::waitlist_box::WaitlistBox { doctor_id: page.doctor_id, slug: d.slug.clone(), in_person: p.offers_in_person, video: d.offers_video, signed_in }
                    Link { to: Route::Doctors { query: same_specialty }, class: "btn-ghost w-full", "Other {d.specialty_name} doctors in {d.city}" }
                }
            }
        }
    }
}
