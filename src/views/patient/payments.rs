//! `/patient/payments`: every payment the patient made or tried, with receipts; and
//! `/patient/payments/{id}/receipt`, a printable receipt.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::api::payments::{get_receipt, my_payments};
use crate::components::LoadFailed;
use crate::model::ledger::{PaymentRow, Receipt};
use crate::route::Route;

/// The patient's payment history.
#[component]
pub fn PatientPayments() -> Element {
    let rows = use_server_future(my_payments)?;
    let body = match &*rows.read() {
        Some(Ok(list)) if list.is_empty() => rsx! { p { class: "mt-6 text-ink-muted", "No payments yet." } },
        Some(Ok(list)) => rsx! {
            div { class: "card mt-6 overflow-x-auto",
                table { class: "w-full text-left text-sm", "data-testid": "my-payments",
                    thead { class: "border-b border-slate-200 text-ink-muted",
                        tr { th { class: "p-3", "Started" } th { class: "p-3", "Visit" } th { class: "p-3", "Amount" }
                             th { class: "p-3", "Status" } th { class: "p-3", span { class: "sr-only", "Receipt" } } }
                    }
                    tbody { for row in list.clone() { PaymentLine { key: "{row.id}", row } } }
                }
            }
        },
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Payments | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Payments" }
        {body}
    }
}

#[component]
fn PaymentLine(row: PaymentRow) -> Element {
    rsx! {
        tr { class: "border-b border-slate-100 last:border-0", "data-status": row.status.as_str(),
            td { class: "p-3 whitespace-nowrap", "{row.created_label}" }
            td { class: "p-3", div { "{row.doctor_name}" } div { class: "text-xs text-ink-muted", "{row.visit_label}" } }
            td { class: "p-3 whitespace-nowrap",
                "{row.amount_label}"
                if let Some(r) = &row.refunded_label { div { class: "text-xs text-ink-muted", "{r} refunded" } }
            }
            td { class: "p-3", "{row.status.label()}" }
            td { class: "p-3 text-right",
                if row.status.was_paid() {
                    Link { to: Route::PatientReceipt { id: row.id }, class: "text-brand-700 underline", "Receipt" }
                } else if matches!(row.status, crate::model::payment::PaymentStatus::Created | crate::model::payment::PaymentStatus::Pending) {
                    Link { to: Route::PatientPayment { id: row.appointment_id }, class: "text-brand-700 underline", "Pay" }
                }
            }
        }
    }
}

/// A printable receipt for one paid payment.
#[component]
pub fn PatientReceipt(id: Uuid) -> Element {
    let receipt = use_server_future(move || get_receipt(id))?;
    let body = match &*receipt.read() {
        Some(Ok(r)) => rsx! { ReceiptCard { r: r.clone() } },
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Receipt | Carebook" }
        div { class: "flex items-center justify-between gap-3 print:hidden",
            h1 { class: "text-2xl font-bold tracking-tight", "Receipt" }
            button { r#type: "button", class: "btn-ghost", onclick: |_| { let _ = document::eval("window.print()"); }, "Print" }
        }
        {body}
    }
}

#[component]
fn ReceiptCard(r: Receipt) -> Element {
    let row = &r.row;
    let lines = [
        ("Receipt number", r.number.clone()),
        ("Paid", r.paid_label.clone()),
        ("Patient", format!("{} ({})", row.patient_name, r.patient_email)),
        ("For", format!("{} with {}", r.type_name, row.doctor_name)),
        ("Visit", row.visit_label.clone()),
        ("Where", r.practice.clone()),
        ("Paid through", row.provider.label().to_string()),
        ("Reference", r.provider_ref.clone()),
    ];
    rsx! {
        article { class: "card mt-6 max-w-2xl space-y-4 p-6", "data-testid": "receipt",
            div { class: "flex items-baseline justify-between gap-3",
                p { class: "font-semibold", "Carebook" }
                p { class: "text-2xl font-bold", "data-testid": "receipt-amount", "{row.amount_label}" }
            }
            dl { class: "grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]",
                for (k, v) in lines { dt { class: "text-ink-muted", "{k}" } dd { "{v}" } }
                dt { class: "text-ink-muted", "Status" } dd { "{row.status.label()}" }
            }
            if !r.refunds.is_empty() {
                h2 { class: "font-semibold", "Refunds" }
                ul { class: "space-y-1 text-sm", "data-testid": "receipt-refunds",
                    for f in r.refunds.clone() {
                        li { "{f.at_label}: {f.amount_label} ({f.status}) — {f.reason}" }
                    }
                }
            }
            p { class: "text-xs text-ink-muted", "Amounts in {row.currency.code()}. Keep this receipt for your records or insurer." }
        }
    }
}
