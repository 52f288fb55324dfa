//! `/booking-link/offer?token=…`: accept or decline a slot the waitlist holds for the patient, from the
//! offer email, without signing in.

use dioxus::prelude::*;

use super::{DeadLink, LinkPage, VisitSummary};
use crate::api::booking_links::{answer_offer_link, open_offer_link};
use crate::components::FormAlert;
use crate::model::booking::{AppointmentStatus, AppointmentView};
use crate::route::Route;

#[component]
pub fn LinkOffer(token: Option<String>) -> Element {
    let token = token.unwrap_or_default();
    let asked = token.clone();
    let visit = use_server_future(move || open_offer_link(asked.clone()))?;
    let body = match &*visit.read() {
        Some(Ok(v)) => rsx! { Answer { token: token.clone(), view: v.clone() } },
        Some(Err(e)) => rsx! { DeadLink { error: e.clone() } },
        None => rsx! {},
    };
    rsx! {
        LinkPage { title: "A time from the waitlist", {body} }
    }
}

/// What became of the offer, in words.
fn outcome(status: AppointmentStatus) -> &'static str {
    match status {
        AppointmentStatus::Confirmed => "You've booked this time. See you then!",
        AppointmentStatus::Pending => "You've asked for this time: the doctor confirms requests, and we'll tell you.",
        AppointmentStatus::AwaitingPayment => "This time is yours once it is paid: sign in to pay.",
        AppointmentStatus::Cancelled | AppointmentStatus::Expired => {
            "This time is no longer held for you. You stay on the waitlist for other times."
        }
        _ => "This time can't be answered here any more.",
    }
}

#[component]
fn Answer(token: String, view: AppointmentView) -> Element {
    let mut shown = use_signal(|| view.clone());
    let mut error = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let v = shown();
    let answer = move |accept: bool| {
        let token = token.clone();
        async move {
            busy.set(true);
            match answer_offer_link(token, accept).await {
                Ok(now) => {
                    shown.set(now);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        }
    };
    let (yes, no) = (answer.clone(), answer);
    rsx! {
        VisitSummary { view: v.clone() }
        if v.status == AppointmentStatus::Held {
            p { class: "mt-4 text-sm", "This time is held for you for a short while. Book it, or let it go to the next patient waiting." }
            div { class: "mt-4 flex flex-wrap gap-2",
                button { r#type: "button", class: "btn-primary", disabled: busy(), onclick: move |_| yes(true), "Book this time" }
                button { r#type: "button", class: "btn-ghost", disabled: busy(), onclick: move |_| no(false), "Let it go" }
            }
        } else {
            div { class: "mt-4", FormAlert { success: v.status != AppointmentStatus::Cancelled && v.status != AppointmentStatus::Expired, message: outcome(v.status) } }
            if v.status == AppointmentStatus::AwaitingPayment {
                Link { class: "btn-primary mt-4 w-full", to: Route::PatientPayment { id: v.id }, "Sign in and pay" }
            } else {
                Link { class: "btn-ghost mt-4 w-full", to: Route::PatientWaitlist {}, "Your waitlist" }
            }
        }
        if let Some(e) = error() { p { role: "alert", class: "mt-2 text-sm text-red-700", "{e}" } }
    }
}
