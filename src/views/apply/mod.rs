//! `/apply`: the doctor application, step by step — saved as a draft after every step, resumable, and
//! submitted for review at the end. The same page edits an approved profile.

mod documents;
mod fields;
mod steps;

use chrono::Datelike;
use dioxus::prelude::*;

use crate::api::applications::{my_application, save_application, submit_application};
use crate::api::doctors::search_facets;
use crate::components::FormAlert;
use crate::error::{AppError, FieldErrors};
use crate::model::application::{ApplicationForm, ApplicationView, DoctorStatus, Step};
use crate::route::Route;
use documents::DocumentsStep;
use steps::{LocationsStep, PersonalStep, ProfessionalStep, QualificationsStep};

/// The application page.
#[component]
pub fn Apply() -> Element {
    let mine = use_server_future(my_application)?;
    let facets = use_server_future(search_facets)?;
    let specialties = facets.read().clone().and_then(Result::ok).map(|f| f.specialties).unwrap_or_default();
    let loaded = mine.read().clone();
    match loaded {
        Some(Ok(view)) => rsx! {
            document::Title { "Join Carebook as a doctor | Carebook" }
            ApplyForm { view, specialties }
        },
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone() } },
        None => rsx! {},
    }
}

fn this_year() -> i32 {
    chrono::Utc::now().year()
}

#[component]
fn ApplyForm(view: Option<ApplicationView>, specialties: Vec<(String, String)>) -> Element {
    // None: no application yet.
    let mut status = use_signal(|| view.as_ref().map(|v| v.status));
    let mut note = use_signal(|| view.as_ref().map(|v| v.review_note.clone()).unwrap_or_default());
    let slug = view.as_ref().map(|v| v.slug.clone()).unwrap_or_default();
    let form = use_signal(|| view.as_ref().map(|v| v.form.clone()).unwrap_or_default());
    let documents = use_signal(|| view.as_ref().map(|v| v.documents.clone()).unwrap_or_default());
    let mut step = use_signal(|| match status() {
        Some(DoctorStatus::Pending) => Step::Review,
        _ => form.peek().first_incomplete_step(this_year()).unwrap_or(Step::Documents),
    });
    let mut show_errors = use_signal(|| false);
    let mut server_error = use_signal(|| None::<AppError>);
    let mut busy = use_signal(|| false);
    let editable =
        matches!(status(), None | Some(DoctorStatus::Draft | DoctorStatus::Rejected | DoctorStatus::Approved));
    let approved = status() == Some(DoctorStatus::Approved);
    // Live errors: once the applicant tried to continue, every keystroke re-checks the step locally.
    let errors: FieldErrors = {
        let mut e = if show_errors() { form.read().step_errors(step(), this_year()) } else { FieldErrors::new() };
        if let Some(AppError::Validation(server)) = server_error() {
            for (k, v) in server {
                e.entry(k).or_insert(v);
            }
        }
        e
    };
    let advance = move |to: Step| async move {
        let current = step();
        if to.index() > current.index() && current.index() < Step::Documents.index() {
            if !form.read().step_errors(current, this_year()).is_empty() {
                show_errors.set(true);
                return;
            }
            busy.set(true);
            let res = save_application(form(), current).await;
            busy.set(false);
            match res {
                Ok(v) => status.set(Some(v.status)),
                Err(e) => {
                    show_errors.set(true);
                    server_error.set(Some(e));
                    return;
                }
            }
        }
        server_error.set(None);
        show_errors.set(false);
        step.set(to);
    };
    let submit = move |_| async move {
        busy.set(true);
        let res = if status() == Some(DoctorStatus::Approved) {
            save_application(form(), Step::Review).await
        } else {
            submit_application(form()).await
        };
        busy.set(false);
        match res {
            Ok(v) => {
                server_error.set(None);
                note.set(v.review_note.clone());
                status.set(Some(v.status));
            }
            Err(e) => {
                if let AppError::Validation(f) = &e {
                    if let Some(bad) = Step::ALL.into_iter().find(|s| f.keys().any(|k| step_of(k) == Some(*s))) {
                        step.set(bad);
                        show_errors.set(true);
                    }
                }
                server_error.set(Some(e));
            }
        }
    };
    let steps_nav = Step::ALL;
    rsx! {
        h1 { class: "text-2xl font-bold tracking-tight", "data-testid": "apply-heading",
            if approved { "Your doctor profile" } else { "Join Carebook as a doctor" }
        }
        StatusBanner { status: status(), note: note(), slug }
        ol { class: "mt-6 flex flex-wrap gap-2 text-sm", "aria-label": "Application steps",
            for s in steps_nav {
                li { key: "{s.label()}",
                    button { r#type: "button",
                        class: if s == step() { "chip border-brand-600 bg-brand-600 text-white" } else { "chip border-slate-200 bg-white" },
                        "aria-current": if s == step() { "step" } else { "false" },
                        disabled: busy() || s.index() > step().index() + 1 && form.read().first_incomplete_step(this_year()).is_some_and(|b| b.index() < s.index()),
                        onclick: move |_| advance(s),
                        "{s.index() + 1}. {s.label()}"
                    }
                }
            }
        }
        form { class: "card mt-4 space-y-4 p-6", "data-testid": "apply-form", novalidate: true,
            onsubmit: move |e: FormEvent| e.prevent_default(),
            fieldset { disabled: !editable, class: "space-y-4",
                legend { class: "text-lg font-semibold", "{step().label()}" }
                match step() {
                    Step::Personal => rsx! { PersonalStep { form, errors: errors.clone() } },
                    Step::Professional => rsx! { ProfessionalStep { form, errors: errors.clone(), specialties: specialties.clone() } },
                    Step::Qualifications => rsx! { QualificationsStep { form, errors: errors.clone() } },
                    Step::Locations => rsx! { LocationsStep { form, errors: errors.clone() } },
                    Step::Documents => rsx! { DocumentsStep { documents, error: errors.get("documents").cloned(), editable: editable && !approved } },
                    Step::Review => rsx! { Review { form: form(), documents: documents().len() } },
                }
            }
            if let Some(msg) = server_error().and_then(|e| e.form_message()) {
                FormAlert { message: msg }
            }
            div { class: "flex justify-between gap-3",
                if step().index() > 0 {
                    button { r#type: "button", class: "btn-ghost", disabled: busy(), onclick: move |_| advance(Step::ALL[step().index() - 1]), "Back" }
                } else {
                    span {}
                }
                if step() == Step::Review {
                    if editable {
                        button { r#type: "button", class: "btn-primary", "data-testid": "submit-application", disabled: busy(), onclick: submit,
                            if approved { "Save changes" } else { "Submit for review" }
                        }
                    }
                } else {
                    button { r#type: "submit", class: "btn-primary", "data-testid": "next-step", disabled: busy(),
                        onclick: move |_| advance(Step::ALL[step().index() + 1]),
                        if busy() { "Saving…" } else { "Save and continue" }
                    }
                }
            }
        }
    }
}

/// Which step a field error belongs to.
fn step_of(field: &str) -> Option<Step> {
    let head = field.split('.').next().unwrap_or(field);
    Some(match head {
        "title" | "gender" | "languages" | "bio" => Step::Personal,
        "specialty"
        | "years_experience"
        | "fee"
        | "currency"
        | "registration_no"
        | "registration_council"
        | "modes" => Step::Professional,
        "qualifications" => Step::Qualifications,
        "locations" => Step::Locations,
        "documents" => Step::Documents,
        _ => return None,
    })
}

#[component]
fn StatusBanner(status: Option<DoctorStatus>, note: String, slug: String) -> Element {
    let (text, tone) = match status {
        Some(DoctorStatus::Pending) => (
            "Thank you — your application is being reviewed. We'll email you when it's decided.".to_string(),
            "success",
        ),
        Some(DoctorStatus::Approved) => (
            "Your profile is live in the directory. Edits apply at once; a changed licence goes back to review.".into(),
            "success",
        ),
        Some(DoctorStatus::Rejected) => {
            (format!("Your application was not approved: {note} You can correct it and submit again."), "error")
        }
        Some(DoctorStatus::Draft) if !note.is_empty() => (format!("Changes requested: {note}"), "error"),
        Some(DoctorStatus::Draft) => ("Your draft is saved after every step — come back any time.".into(), "info"),
        Some(DoctorStatus::Suspended) => ("This profile is suspended; contact Carebook.".into(), "error"),
        None => (
            "Verified doctors are listed in the directory and can take bookings. It takes about 10 minutes.".into(),
            "info",
        ),
    };
    let class = match tone {
        "success" => "border-brand-200 bg-brand-50 text-brand-800",
        "error" => "border-red-200 bg-red-50 text-red-800",
        _ => "border-slate-200 bg-white text-ink-muted",
    };
    rsx! {
        div { role: "status", class: "mt-4 rounded-lg border px-4 py-3 text-sm {class}", "data-testid": "application-status",
            "data-status": status.map_or("new", DoctorStatus::as_str),
            "{text}"
            if status == Some(DoctorStatus::Approved) {
                " "
                Link { to: Route::DoctorPage { slug }, class: "underline", "See your public page" }
            }
        }
    }
}

#[component]
fn Review(form: ApplicationForm, documents: usize) -> Element {
    let rows = vec![
        ("Specialty", form.specialty.clone()),
        ("Languages", form.languages.clone()),
        ("Experience", format!("{} years", form.years_experience)),
        ("Fee", format!("{} {}", form.fee, form.currency)),
        ("Licence", format!("{} ({})", form.registration_no, form.registration_council)),
        (
            "Qualifications",
            form.qualifications
                .iter()
                .map(|q| format!("{}, {} ({})", q.degree, q.institute, q.passing_year))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (
            "Locations",
            form.locations.iter().map(|l| format!("{}, {}, {}", l.name, l.area, l.city)).collect::<Vec<_>>().join("; "),
        ),
        ("Documents", format!("{documents} uploaded")),
    ];
    rsx! {
        dl { class: "grid gap-x-6 gap-y-2 sm:grid-cols-3", "data-testid": "review",
            for (k, v) in rows {
                dt { key: "{k}", class: "text-sm font-medium text-ink-muted", "{k}" }
                dd { class: "sm:col-span-2", "{v}" }
            }
        }
    }
}
