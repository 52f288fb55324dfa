//! The home page: hero with directory figures, specialty chips that narrow the top-doctors list in place,
//! and the specialty catalogue. Everything is in the server HTML; chips are links that work without wasm.

use dioxus::prelude::*;

use crate::api::doctors::list_top_doctors;
use crate::api::specialties::get_home;
use crate::app::BRAND;
use crate::components::{doctor_card, follow_links, DoctorCardSkeleton, PageMeta, SpecialtyChip};
use crate::model::{HomeData, Specialty};
use crate::route::Route;

/// How many specialties get a chip (the most populated ones); all are listed further down.
const CHIPS: usize = 10;

/// `/` and `/?specialty={slug}`.
#[component]
pub fn Home(specialty: Option<String>) -> Element {
    let home = use_server_future(get_home)?;
    let home = home.read();
    let data = match &*home {
        Some(Ok(data)) => data.clone(),
        Some(Err(e)) => {
            return rsx! { div { class: "container-page mt-8", crate::components::LoadFailed { error: e.clone() } } }
        }
        None => return rsx! {},
    };
    let selected: Option<Specialty> =
        specialty.as_ref().and_then(|s| data.specialties.iter().find(|x| &x.slug == s).cloned());
    let title = match &selected {
        Some(s) => format!("Top {} doctors — book online | {BRAND}", s.name),
        None => format!("{BRAND} — find a doctor and book online"),
    };
    let description = format!(
        "Compare {} verified doctors across {} specialties in {} cities. See fees, experience and reviews, and book a visit online.",
        data.stats.doctors, data.stats.specialties, data.stats.cities
    );
    rsx! {
        PageMeta { title, description }
        Hero { data: data.clone() }
        section { class: "container-page mt-10", "aria-labelledby": "browse-heading",
            h2 { id: "browse-heading", class: "text-lg font-semibold", "Browse by specialty" }
            nav { class: "mt-4 flex flex-wrap gap-2", "aria-label": "Specialties",
                SpecialtyChip { label: "All", slug: None, count: None, active: selected.is_none() }
                for s in data.specialties.iter().take(CHIPS) {
                    SpecialtyChip {
                        key: "{s.slug}",
                        label: s.name.clone(),
                        slug: Some(s.slug.clone()),
                        count: Some(s.doctor_count),
                        active: selected.as_ref().is_some_and(|x| x.slug == s.slug),
                    }
                }
            }
        }
        section { id: "doctors", class: "container-page mt-8", "aria-labelledby": "doctors-heading",
            h2 { id: "doctors-heading", class: "text-2xl font-bold tracking-tight", "data-testid": "doctors-heading",
                match &selected {
                    Some(s) => rsx! { "Top-rated doctors in {s.name}" },
                    None => rsx! { "Top-rated doctors" },
                }
            }
            SuspenseBoundary { fallback: |_| rsx! { DoctorGridSkeleton {} },
                TopDoctors { specialty: selected.map(|s| s.slug) }
            }
        }
        SpecialtyCatalogue { specialties: data.specialties.clone() }
    }
}

#[component]
fn Hero(data: HomeData) -> Element {
    let s = data.stats;
    rsx! {
        section { class: "bg-gradient-to-b from-brand-50 to-slate-50",
            div { class: "container-page py-12 sm:py-16",
                p { class: "text-sm font-semibold uppercase tracking-wider text-brand-700", "Book a doctor online" }
                h1 { class: "mt-2 max-w-2xl text-4xl font-extrabold tracking-tight text-ink sm:text-5xl",
                    "Find a doctor you'll trust, and see them this week."
                }
                p { class: "mt-4 max-w-xl text-lg text-ink-muted",
                    "Verified specialists, transparent fees, real reviews. In-person or video visits."
                }
                dl { class: "mt-8 grid max-w-lg grid-cols-3 gap-4", "data-testid": "stats",
                    Stat { value: s.doctors, label: "verified doctors" }
                    Stat { value: s.specialties, label: "specialties" }
                    Stat { value: s.cities, label: "cities" }
                }
            }
        }
    }
}

#[component]
fn Stat(value: i64, label: &'static str) -> Element {
    rsx! {
        div { class: "card px-4 py-3",
            dt { class: "text-xs text-ink-muted", "{label}" }
            dd { class: "text-2xl font-bold text-brand-700", "{value}" }
        }
    }
}

/// The doctor grid for one specialty (or all); re-fetched through the server function when it changes.
#[component]
fn TopDoctors(specialty: Option<String>) -> Element {
    let doctors = use_server_future(use_reactive!(|specialty| list_top_doctors(specialty)))?;
    let doctors = doctors.read();
    match &*doctors {
        Some(Ok(list)) if list.is_empty() => rsx! {
            p { class: "card mt-4 p-6 text-ink-muted", "No doctors in this specialty yet. Try another specialty." }
        },
        Some(Ok(list)) => rsx! {
            ul { class: "mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3", "data-testid": "doctor-grid", "aria-live": "polite", onclick: follow_links,
                {list.iter().map(doctor_card)}
            }
        },
        Some(Err(e)) => {
            rsx! { div { class: "container-page mt-8", crate::components::LoadFailed { error: e.clone() } } }
        }
        None => rsx! { DoctorGridSkeleton {} },
    }
}

#[component]
fn DoctorGridSkeleton() -> Element {
    rsx! {
        div { class: "mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3", "aria-busy": "true",
            for i in 0..6 { DoctorCardSkeleton { key: "{i}" } }
        }
    }
}

#[component]
fn SpecialtyCatalogue(specialties: Vec<Specialty>) -> Element {
    rsx! {
        section { id: "specialties", class: "container-page mt-14", "aria-labelledby": "specialties-heading",
            h2 { id: "specialties-heading", class: "text-2xl font-bold tracking-tight", "All specialties" }
            ul { class: "mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3",
                for s in specialties {
                    li { key: "{s.slug}",
                        Link { to: Route::SpecialtyPage { slug: s.slug.clone() },
                            class: "card block h-full p-4 transition hover:ring-brand-300",
                            div { class: "flex items-baseline justify-between gap-2",
                                h3 { class: "font-semibold text-ink", "{s.name}" }
                                span { class: "text-xs text-ink-muted", {doctor_count_label(s.doctor_count)} }
                            }
                            p { class: "mt-1 text-sm text-ink-muted", "{s.description}" }
                        }
                    }
                }
            }
        }
    }
}

/// "1 doctor", "2 doctors", "No doctors yet".
fn doctor_count_label(n: i64) -> String {
    match n {
        0 => "No doctors yet".to_string(),
        1 => "1 doctor".to_string(),
        n => format!("{n} doctors"),
    }
}
