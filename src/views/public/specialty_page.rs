//! `/specialties/{slug}`: what the specialty treats and its best-rated doctors. Unknown → 404.

use dioxus::prelude::*;

use super::NotFound;
use crate::api::specialties::get_specialty;
use crate::app::BRAND;
use crate::components::{doctor_card, follow_links, PageMeta};
use crate::error::AppError;
use crate::model::search::{DoctorSearch, SortKey};
use crate::route::Route;

/// A specialty landing page.
#[component]
pub fn SpecialtyPage(slug: String) -> Element {
    let page = use_server_future(use_reactive!(|slug| get_specialty(slug)))?;
    let page = page.read();
    let data = match &*page {
        Some(Ok(p)) => p.clone(),
        Some(Err(AppError::NotFound(_))) => {
            return rsx! { NotFound { segments: vec!["specialties".to_string(), slug.clone()] } };
        }
        Some(Err(e)) => {
            return rsx! { div { class: "container-page mt-8", crate::components::LoadFailed { error: e.clone() } } }
        }
        None => return rsx! {},
    };
    let s = &data.specialty;
    let url = format!("{}/specialties/{}", data.base_url, s.slug);
    let title = format!("{} doctors — compare and book online | {BRAND}", s.name);
    let description = format!(
        "{} Compare {} verified {} doctors and book online.",
        s.description,
        s.doctor_count,
        s.name.to_lowercase()
    );
    let all = DoctorSearch { specialty: s.slug.clone(), sort: SortKey::Rating, ..Default::default() };
    rsx! {
        PageMeta { title, description, canonical: url }
        section { class: "bg-gradient-to-b from-brand-50 to-slate-50",
            div { class: "container-page py-10",
                h1 { class: "text-3xl font-bold tracking-tight", "{s.name}" }
                p { class: "mt-2 max-w-2xl text-ink-muted", "{s.description}" }
            }
        }
        section { class: "container-page mt-6", "aria-labelledby": "top",
            h2 { id: "top", class: "text-xl font-semibold", "Top-rated {s.name.to_lowercase()} doctors" }
            if data.doctors.doctors.is_empty() {
                p { class: "card mt-4 p-6 text-ink-muted", "No {s.name.to_lowercase()} doctors yet. Browse other specialties from the home page." }
            } else {
                ol { class: "mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3", "data-testid": "results", onclick: follow_links,
                    {data.doctors.doctors.iter().map(doctor_card)}
                }
            }
            Link { to: Route::Doctors { query: all }, class: "btn-primary mt-6", "See all {data.doctors.total_label()}" }
        }
    }
}
