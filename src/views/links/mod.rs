//! Pages opened from one-click email links (inside `AuthShell`, no sign-in): manage a visit, answer a
//! waitlist offer. Opening one only reads; every change is a button press on the page.

mod manage;
mod offer;

pub use manage::LinkManage;
pub use offer::LinkOffer;

use dioxus::prelude::*;

use crate::model::booking::{AppointmentView, ConsultationMode};

/// A link page's frame: title, `noindex`, no referrer (the URL holds the token), heading, then the body.
#[component]
fn LinkPage(title: String, children: Element) -> Element {
    rsx! {
        document::Title { "{title} | Carebook" }
        document::Meta { name: "robots", content: "noindex" }
        document::Meta { name: "referrer", content: "no-referrer" }
        h1 { class: "text-2xl font-bold tracking-tight", "{title}" }
        {children}
    }
}

/// The visit a link is for: when (named zone), what, with whom, where.
#[component]
fn VisitSummary(view: AppointmentView) -> Element {
    let where_ = match view.mode {
        ConsultationMode::Video => "Video call".to_string(),
        ConsultationMode::InPerson => view.place.clone(),
    };
    rsx! {
        div { class: "mt-4 space-y-1 rounded-lg border border-slate-200 p-4", "data-testid": "link-visit", "data-status": view.status.as_str(),
            p { class: "font-semibold", "{view.when_label}" }
            p { class: "text-sm text-ink-muted", "Times in {view.time_zone}" }
            p { class: "text-sm", "{view.type_name} with {view.doctor_name}" }
            p { class: "text-sm", "{where_}" }
            p { class: "text-sm", span { class: "font-medium", "Status: " } "{view.status.label()}" }
        }
    }
}

/// A link that no longer works: why, and where to go instead.
#[component]
fn DeadLink(error: crate::error::AppError) -> Element {
    rsx! {
        crate::components::LoadFailed { error, class: "mt-4" }
        Link { class: "btn-primary mt-6 w-full", to: crate::route::Route::SignIn { next: Some("/patient/appointments".into()), challenge: None, error: None }, "Sign in to see your appointments" }
    }
}
