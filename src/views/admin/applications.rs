//! `/admin/applications`: the verification queue (oldest first), and `/admin/applications/{id}`: one
//! application with its documents, and the decision.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::api::applications::{get_application, review_application, review_queue};
use crate::components::FormAlert;
use crate::error::AppError;
use crate::model::application::{ApplicationView, Decision, DoctorStatus};
use crate::route::Route;

/// The queue of pending applications.
#[component]
pub fn AdminApplications() -> Element {
    let queue = use_server_future(review_queue)?;
    let queue = queue.read().clone();
    rsx! {
        document::Title { "Doctor applications | Carebook admin" }
        h1 { class: "text-2xl font-bold tracking-tight", "Doctor applications" }
        match queue {
            Some(Ok(items)) if items.is_empty() => rsx! {
                p { class: "card mt-6 p-6 text-ink-muted", "data-testid": "queue-empty", "No applications are waiting for review." }
            },
            Some(Ok(items)) => rsx! {
                div { class: "card relative mt-6 overflow-x-auto",
                    table { class: "w-full text-left text-sm", "data-testid": "queue",
                        thead { tr { class: "border-b border-slate-200",
                            th { class: "p-3", "Applicant" } th { class: "p-3", "Specialty" } th { class: "p-3", "Licence" }
                            th { class: "p-3", "Documents" } th { class: "p-3", "Submitted (UTC)" }
                        } }
                        tbody {
                            for a in items {
                                tr { key: "{a.doctor_id}", class: "border-b border-slate-100 last:border-0",
                                    td { class: "p-3",
                                        Link { to: Route::AdminApplication { id: a.doctor_id }, class: "font-medium underline", "data-testid": "queue-item", "{a.name}" }
                                        p { class: "text-ink-muted", "{a.email}" }
                                    }
                                    td { class: "p-3", "{a.specialty}" }
                                    td { class: "p-3 font-mono", "{a.registration_no}" }
                                    td { class: "p-3", "{a.documents}" }
                                    td { class: "p-3", "{a.submitted_at.get(..16).unwrap_or_default().replace('T', \" \")}" }
                                }
                            }
                        }
                    }
                }
            },
            Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone() } },
            None => rsx! {},
        }
    }
}

/// One application and the decision form.
#[component]
pub fn AdminApplication(id: Uuid) -> Element {
    let app = use_server_future(use_reactive!(|id| get_application(id)))?;
    let loaded = app.read().clone();
    match loaded {
        Some(Ok(view)) => rsx! { ApplicationReview { key: "{view.doctor_id}", view } },
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone() } },
        None => rsx! {},
    }
}

#[component]
fn ApplicationReview(view: ApplicationView) -> Element {
    let mut note = use_signal(String::new);
    let mut error = use_signal(|| None::<AppError>);
    let mut done = use_signal(|| None::<&'static str>);
    let id = view.doctor_id;
    let f = &view.form;
    let decide = move |d: Decision| async move {
        match review_application(id, d, note()).await {
            Ok(()) => {
                error.set(None);
                done.set(Some(match d {
                    Decision::Approve => "Approved: the doctor is now listed and has been told.",
                    Decision::Reject => "Rejected: the applicant has been told why.",
                    Decision::RequestChanges => "Sent back: the applicant has been asked for changes.",
                }));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let pending = view.status == DoctorStatus::Pending && done().is_none();
    rsx! {
        document::Title { "Application: {view.applicant_name} | Carebook admin" }
        Link { to: Route::AdminApplications {}, class: "text-sm underline", "← All applications" }
        h1 { class: "mt-2 text-2xl font-bold tracking-tight", "{f.title} {view.applicant_name}" }
        p { class: "text-ink-muted", "{view.applicant_email} · status: " span { "data-testid": "review-status", {view.status.as_str()} } }
        div { class: "mt-6 grid gap-6 lg:grid-cols-2",
            section { class: "card space-y-2 p-6",
                h2 { class: "font-semibold", "Licence" }
                p { class: "font-mono", "data-testid": "review-licence", "{f.registration_no}" }
                p { class: "text-ink-muted", "{f.registration_council}" }
                h2 { class: "pt-4 font-semibold", "Professional" }
                p { "{f.specialty} · {f.years_experience} years · fee {f.fee} {f.currency}" }
                p { class: "text-ink-muted", "Languages: {f.languages}" }
                p { class: "whitespace-pre-wrap text-sm", "{f.bio}" }
                h2 { class: "pt-4 font-semibold", "Qualifications" }
                ul { class: "list-disc pl-5 text-sm",
                    for q in f.qualifications.iter() { li { "{q.degree}, {q.institute} ({q.passing_year})" } }
                }
                h2 { class: "pt-4 font-semibold", "Locations" }
                ul { class: "list-disc pl-5 text-sm",
                    for l in f.locations.iter() { li { "{l.name}: " {crate::model::doctor::address_line(&[&l.address, &l.area, &l.city])} } }
                }
            }
            section { class: "card space-y-3 p-6",
                h2 { class: "font-semibold", "Documents" }
                if view.documents.is_empty() { p { class: "text-ink-muted", "No documents." } }
                for d in view.documents.iter() {
                    figure { key: "{d.id}", class: "space-y-1", "data-testid": "review-document",
                        if d.content_type.starts_with("image/") {
                            img { src: "{d.url()}", alt: "{d.kind}: {d.file_name}", class: "max-h-96 rounded border border-slate-200" }
                        }
                        figcaption { class: "text-sm",
                            a { href: "{d.url()}", target: "_blank", rel: "noopener", class: "underline", "Open {d.file_name}" }
                            " ({d.kind}, {d.size_bytes / 1024} KB)"
                        }
                    }
                }
            }
        }
        section { class: "card mt-6 space-y-3 p-6",
            h2 { class: "font-semibold", "Decision" }
            if let Some(msg) = done() {
                FormAlert { message: msg, success: true }
            }
            if let Some(e) = error() {
                FormAlert { message: e.field_message("note").unwrap_or_else(|| e.to_string()) }
            }
            if pending {
                label { r#for: "note", class: "block text-sm font-medium", "Note to the applicant (required to reject or ask for changes)" }
                textarea { id: "note", rows: "3", class: "block w-full rounded-lg border border-slate-300 px-3 py-2", value: "{note}",
                    oninput: move |e| note.set(e.value()) }
                div { class: "flex flex-wrap gap-2",
                    button { class: "btn-primary", "data-testid": "approve", onclick: move |_| decide(Decision::Approve), "Approve" }
                    button { class: "btn-ghost", "data-testid": "request-changes", onclick: move |_| decide(Decision::RequestChanges), "Ask for changes" }
                    button { class: "btn-ghost text-red-700", "data-testid": "reject", onclick: move |_| decide(Decision::Reject), "Reject" }
                }
            }
        }
    }
}
