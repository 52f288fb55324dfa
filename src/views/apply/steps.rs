//! The form steps: personal, professional, qualifications, practice locations.

use dioxus::prelude::*;

use super::fields::{FieldMessage, Input, Select, TextArea};
use crate::error::FieldErrors;
use crate::model::application::{ApplicationForm, TITLES};
use crate::model::doctor::{PracticeLocation, Qualification};
use crate::model::money::Currency;

fn err(errors: &FieldErrors, key: &str) -> Option<String> {
    errors.get(key).cloned()
}

fn opts(v: &[&str]) -> Vec<(String, String)> {
    v.iter().map(|s| (s.to_string(), s.to_string())).collect()
}

/// Title, gender, languages, bio.
#[component]
pub fn PersonalStep(form: Signal<ApplicationForm>, errors: FieldErrors) -> Element {
    let f = form.read().clone();
    let genders = vec![
        (String::new(), "Choose…".to_string()),
        ("female".into(), "Female".into()),
        ("male".into(), "Male".into()),
        ("other".into(), "Other".into()),
    ];
    rsx! {
        div { class: "grid gap-4 sm:grid-cols-2",
            Select { id: "title", label: "Title", value: f.title.clone(), options: opts(TITLES), error: err(&errors, "title"),
                onchange: move |v| form.with_mut(|f| f.title = v) }
            Select { id: "gender", label: "Gender shown to patients", value: f.gender.clone(), options: genders, error: err(&errors, "gender"),
                onchange: move |v| form.with_mut(|f| f.gender = v) }
        }
        Input { id: "languages", label: "Languages you consult in", value: f.languages.clone(), error: err(&errors, "languages"),
            hint: "Separate with commas, e.g. English, Spanish", oninput: move |v| form.with_mut(|f| f.languages = v) }
        TextArea { id: "bio", label: "About you", value: f.bio.clone(), error: err(&errors, "bio"),
            hint: "40–2000 characters: your experience, what you treat, how you work.", oninput: move |v| form.with_mut(|f| f.bio = v) }
    }
}

/// Specialty, experience, fee, licence, visit types.
#[component]
pub fn ProfessionalStep(
    form: Signal<ApplicationForm>,
    errors: FieldErrors,
    specialties: Vec<(String, String)>,
) -> Element {
    let f = form.read().clone();
    let specialties = [vec![(String::new(), "Choose…".to_string())], specialties].concat();
    rsx! {
        div { class: "grid gap-4 sm:grid-cols-2",
            Select { id: "specialty", label: "Specialty", value: f.specialty.clone(), options: specialties, error: err(&errors, "specialty"),
                onchange: move |v| form.with_mut(|f| f.specialty = v) }
            Input { id: "years_experience", label: "Years of experience", kind: "number", value: if f.years_experience < 0 { String::new() } else { f.years_experience.to_string() },
                error: err(&errors, "years_experience"),
                oninput: move |v: String| form.with_mut(|f| f.years_experience = v.trim().parse().unwrap_or(-1)) }
            Input { id: "fee", label: "Consultation fee", value: f.fee.clone(), error: err(&errors, "fee"), hint: "e.g. 150 or 99.50",
                oninput: move |v| form.with_mut(|f| f.fee = v) }
            Select { id: "currency", label: "Currency", value: f.currency.clone(), options: opts(&Currency::ALL.map(Currency::code)), error: err(&errors, "currency"),
                onchange: move |v| form.with_mut(|f| f.currency = v) }
            Input { id: "registration_no", label: "Registration / licence number", value: f.registration_no.clone(),
                error: err(&errors, "registration_no"), oninput: move |v| form.with_mut(|f| f.registration_no = v) }
            Input { id: "registration_council", label: "Issuing council or board", value: f.registration_council.clone(),
                error: err(&errors, "registration_council"), oninput: move |v| form.with_mut(|f| f.registration_council = v) }
        }
        fieldset { class: "space-y-2", "aria-describedby": "modes-msg",
            legend { class: "text-sm font-medium", "Visit types you offer" }
            p { class: "text-xs text-ink-muted", "Once your schedule has consultation types, these follow the types you offer." }
            label { class: "flex items-center gap-2",
                input { r#type: "checkbox", id: "offers_in_person", checked: f.offers_in_person,
                    onchange: move |e| form.with_mut(|f| f.offers_in_person = e.checked()) }
                "In person"
            }
            label { class: "flex items-center gap-2",
                input { r#type: "checkbox", id: "offers_video", checked: f.offers_video,
                    onchange: move |e| form.with_mut(|f| f.offers_video = e.checked()) }
                "Video"
            }
            FieldMessage { id: "modes", error: err(&errors, "modes") }
        }
    }
}

/// Degrees and diplomas (repeatable).
#[component]
pub fn QualificationsStep(form: Signal<ApplicationForm>, errors: FieldErrors) -> Element {
    let list = form.read().qualifications.clone();
    let n = list.len();
    rsx! {
        FieldMessage { id: "qualifications", error: err(&errors, "qualifications") }
        for (i, q) in list.into_iter().enumerate() {
            fieldset { key: "{i}", class: "rounded-xl border border-slate-200 p-4",
                legend { class: "px-1 text-sm font-medium", "Qualification {i + 1}" }
                div { class: "grid gap-3 sm:grid-cols-3",
                    Input { id: "qualifications.{i}.degree", label: "Degree", value: q.degree.clone(), error: err(&errors, &format!("qualifications.{i}.degree")),
                        oninput: move |v| form.with_mut(|f| f.qualifications[i].degree = v) }
                    Input { id: "qualifications.{i}.institute", label: "Institute", value: q.institute.clone(), error: err(&errors, &format!("qualifications.{i}.institute")),
                        oninput: move |v| form.with_mut(|f| f.qualifications[i].institute = v) }
                    Input { id: "qualifications.{i}.passing_year", label: "Year passed", kind: "number",
                        value: if q.passing_year == 0 { String::new() } else { q.passing_year.to_string() },
                        error: err(&errors, &format!("qualifications.{i}.passing_year")),
                        oninput: move |v: String| form.with_mut(|f| f.qualifications[i].passing_year = v.trim().parse().unwrap_or(0)) }
                }
                if n > 1 {
                    button { r#type: "button", class: "btn-ghost text-sm", onclick: move |_| form.with_mut(|f| { f.qualifications.remove(i); }),
                        "Remove qualification {i + 1}" }
                }
            }
        }
        if n < 10 {
            button { r#type: "button", class: "btn-ghost", "data-testid": "add-qualification",
                onclick: move |_| form.with_mut(|f| f.qualifications.push(Qualification::default())), "+ Add a qualification" }
        }
    }
}

/// Where the doctor practises (repeatable); coordinates optional.
#[component]
pub fn LocationsStep(form: Signal<ApplicationForm>, errors: FieldErrors) -> Element {
    let list = form.read().locations.clone();
    let n = list.len();
    let coord = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let parse = |v: String| v.trim().parse::<f64>().ok();
    rsx! {
        FieldMessage { id: "locations", error: err(&errors, "locations") }
        for (i, l) in list.into_iter().enumerate() {
            fieldset { key: "{i}", class: "rounded-xl border border-slate-200 p-4",
                legend { class: "px-1 text-sm font-medium", "Practice location {i + 1}" }
                div { class: "grid gap-3 sm:grid-cols-2",
                    Input { id: "locations.{i}.name", label: "Practice name", value: l.name.clone(), error: err(&errors, &format!("locations.{i}.name")),
                        oninput: move |v| form.with_mut(|f| f.locations[i].name = v) }
                    Input { id: "locations.{i}.address", label: "Street address", value: l.address.clone(), error: err(&errors, &format!("locations.{i}.address")),
                        oninput: move |v| form.with_mut(|f| f.locations[i].address = v) }
                    Input { id: "locations.{i}.area", label: "Area or neighbourhood", value: l.area.clone(), error: err(&errors, &format!("locations.{i}.area")),
                        oninput: move |v| form.with_mut(|f| f.locations[i].area = v) }
                    Input { id: "locations.{i}.city", label: "City", value: l.city.clone(), error: err(&errors, &format!("locations.{i}.city")),
                        oninput: move |v| form.with_mut(|f| f.locations[i].city = v) }
                    Input { id: "locations.{i}.latitude", label: "Latitude (optional)", value: coord(l.latitude), error: err(&errors, &format!("locations.{i}.coordinates")),
                        oninput: move |v| form.with_mut(|f| f.locations[i].latitude = parse(v)) }
                    Input { id: "locations.{i}.longitude", label: "Longitude (optional)", value: coord(l.longitude), error: None,
                        hint: "Lets patients find you by distance.", oninput: move |v| form.with_mut(|f| f.locations[i].longitude = parse(v)) }
                }
                if n > 1 {
                    button { r#type: "button", class: "btn-ghost text-sm", onclick: move |_| form.with_mut(|f| { f.locations.remove(i); }),
                        "Remove location {i + 1}" }
                }
            }
        }
        if n < 5 {
            button { r#type: "button", class: "btn-ghost", onclick: move |_| form.with_mut(|f| f.locations.push(PracticeLocation::default())),
                "+ Add a location" }
        }
    }
}
