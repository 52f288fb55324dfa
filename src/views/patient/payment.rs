//! `/patient/appointments/{id}/payment`: where the payment provider sends the patient back. It says how
//! paying went (asking the provider when the answer isn't in yet) and offers to pay while the time is kept.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::api::payments::{get_payment, start_payment};
use crate::model::booking::AppointmentStatus;
use crate::model::payment::{PaymentResult, PaymentStatus};
use crate::route::Route;

#[component]
pub fn PatientPayment(id: Uuid) -> Element {
    let mut result = use_server_future(move || get_payment(id))?;
    let mut failure = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let body = match &*result.read() {
        Some(Ok(r)) => {
            let r: PaymentResult = r.clone();
            let a = &r.appointment;
            let paid = r.status.is_some_and(PaymentStatus::was_paid);
            let (headline, detail) = match (r.status, a.status) {
                (Some(PaymentStatus::Succeeded), AppointmentStatus::Confirmed) => {
                    ("Payment received — you're booked", format!("We've received {}. See you then!", r.amount_label))
                }
                (Some(PaymentStatus::Succeeded), AppointmentStatus::Pending) => (
                    "Payment received — awaiting the doctor's approval",
                    format!("We've received {}. The practice confirms your request shortly.", r.amount_label),
                ),
                (Some(PaymentStatus::Refunded | PaymentStatus::PartiallyRefunded), _) => (
                    "Your payment was refunded",
                    format!(
                        "{} of {} went back to your card.{}",
                        r.refunded_label.clone().unwrap_or_default(),
                        r.amount_label,
                        if a.status == AppointmentStatus::Expired {
                            " The time was given to someone else before the payment arrived."
                        } else {
                            ""
                        }
                    ),
                ),
                _ if r.can_pay => (
                    "Pay to confirm your booking",
                    format!(
                        "We're keeping this time for you until {} ({}). Pay {} online to confirm it.",
                        r.window_closes_label.clone().unwrap_or_default(),
                        a.time_zone,
                        r.amount_label
                    ),
                ),
                _ => (
                    "This booking wasn't paid",
                    "The time we kept for the payment has passed. Please pick a time again.".to_string(),
                ),
            };
            rsx! {
                section { class: "card mt-6 max-w-xl space-y-3 p-6", "data-testid": "payment-result",
                    "data-status": r.status.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_default(),
                    h2 { class: "text-lg font-semibold", role: "status", "{headline}" }
                    p { "{detail}" }
                    p { class: "text-sm text-ink-muted", "{a.when_label} ({a.time_zone}) · {a.type_name} with {a.doctor_name}" }
                    if r.can_pay { p { class: "text-sm", "data-testid": "refund-policy", "{r.refund_policy}" } }
                    if let Some(p) = r.provider { p { class: "text-xs text-ink-muted", "Paid through {p.label()}" } }
                    if let Some(f) = failure() { p { role: "alert", class: "text-sm text-red-700", "{f}" } }
                    div { class: "flex flex-wrap gap-2",
                        if r.can_pay && !paid {
                            button { class: "btn-primary", "data-testid": "pay-now", disabled: busy(),
                                onclick: move |_| async move {
                                    busy.set(true);
                                    match start_payment(id).await {
                                        Ok(url) => crate::components::zone::go_to(&url),
                                        Err(e) => failure.set(Some(e.to_string())),
                                    }
                                    busy.set(false);
                                },
                                "Pay {r.amount_label}"
                            }
                            button { class: "btn-ghost", onclick: move |_| result.restart(), "Check again" }
                        }
                        Link { to: Route::PatientAppointments {}, class: "btn-ghost", "My appointments" }
                    }
                }
            }
        }
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Payment | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Payment" }
        {body}
    }
}
