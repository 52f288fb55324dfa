//! `/admin/payments`: the payments ledger with filters and a CSV export; `/admin/payments/{id}`: one
//! payment's full history, its refunds, and a manual refund with a reason.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::api::payments::{admin_payment, admin_payments, admin_refund};
use crate::components::LoadFailed;
use crate::model::ledger::{LedgerFilter, PaymentHistory, RefundRequest};
use crate::model::money::parse_decimal;
use crate::model::payment::{PaymentProvider, PaymentStatus};
use crate::route::Route;

/// The ledger.
#[component]
pub fn AdminPayments() -> Element {
    let mut filter = use_signal(LedgerFilter::default);
    let mut applied = use_signal(LedgerFilter::default);
    let field = |id: &'static str, label: &'static str| rsx! { label { r#for: id, class: "block text-sm font-medium", "{label}" } };
    rsx! {
        document::Title { "Payments | Carebook admin" }
        div { class: "flex items-center justify-between gap-3",
            h1 { class: "text-2xl font-bold tracking-tight", "Payments" }
            a { class: "btn-ghost", href: "/api/admin/payments.csv?{applied.read().query()}", download: "",
                "data-testid": "ledger-csv", "Export CSV" }
        }
        form { class: "card mt-6 grid items-end gap-3 p-4 sm:grid-cols-3 lg:grid-cols-6", novalidate: true,
            onsubmit: move |e| { e.prevent_default(); filter.with_mut(|f| f.page = 0); applied.set(filter()); },
            div { {field("p-provider", "Provider")}
                select { id: "p-provider", class: "input w-full",
                    onchange: move |e| filter.with_mut(|f| f.provider = PaymentProvider::parse(&e.value())),
                    option { value: "", "Any" }
                    for p in PaymentProvider::ALL { option { key: "{p.as_str()}", value: p.as_str(), "{p.label()}" } }
                }
            }
            div { {field("p-status", "Status")}
                select { id: "p-status", class: "input w-full",
                    onchange: move |e| filter.with_mut(|f| f.status = PaymentStatus::parse(&e.value())),
                    option { value: "", "Any" }
                    for s in PaymentStatus::ALL { option { key: "{s.as_str()}", value: s.as_str(), "{s.as_str()}" } }
                }
            }
            div { {field("p-doctor", "Doctor")}
                input { id: "p-doctor", class: "input w-full", value: "{filter.read().doctor}", oninput: move |e| filter.with_mut(|f| f.doctor = e.value()) } }
            div { {field("p-from", "From")}
                input { id: "p-from", r#type: "date", class: "input w-full", value: "{filter.read().from}", oninput: move |e| filter.with_mut(|f| f.from = e.value()) } }
            div { {field("p-to", "To")}
                input { id: "p-to", r#type: "date", class: "input w-full", value: "{filter.read().to}", oninput: move |e| filter.with_mut(|f| f.to = e.value()) } }
            button { r#type: "submit", class: "btn-primary", "Filter" }
        }
        SuspenseBoundary { fallback: |_| rsx! { div { class: "mt-6 h-40 animate-pulse rounded-2xl bg-slate-100" } },
            Ledger { filter: applied(), set: applied }
        }
    }
}

#[component]
fn Ledger(filter: LedgerFilter, set: Signal<LedgerFilter>) -> Element {
    let rows = use_server_future(use_reactive!(|filter| admin_payments(filter)))?;
    let page = filter.page;
    let read = rows.read();
    let list = match &*read {
        Some(Ok(list)) => list.clone(),
        Some(Err(e)) => return rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => return rsx! {},
    };
    rsx! {
        if list.is_empty() { p { class: "mt-6 text-ink-muted", "No payments match." } }
        div { class: "card mt-6 overflow-x-auto",
            table { class: "w-full text-left text-sm", "data-testid": "ledger",
                thead { class: "border-b border-slate-200 text-ink-muted",
                    tr { th { class: "p-3", "Started" } th { class: "p-3", "Doctor / patient" } th { class: "p-3", "Provider" }
                         th { class: "p-3 text-right", "Amount" } th { class: "p-3", "Status" } }
                }
                tbody {
                    for r in list.clone() {
                        tr { key: "{r.id}", class: "border-b border-slate-100 last:border-0", "data-status": r.status.as_str(),
                            td { class: "p-3 whitespace-nowrap",
                                Link { to: Route::AdminPayment { id: r.id }, class: "text-brand-700 underline", "{r.created_label}" } }
                            td { class: "p-3", div { "{r.doctor_name}" } div { class: "text-xs text-ink-muted", "{r.patient_name}" } }
                            td { class: "p-3", "{r.provider.label()}" }
                            td { class: "p-3 text-right whitespace-nowrap", "{r.amount_label}"
                                if let Some(f) = &r.refunded_label { div { class: "text-xs text-ink-muted", "−{f}" } } }
                            td { class: "p-3", "{r.status.label()}" }
                        }
                    }
                }
            }
        }
        div { class: "mt-4 flex gap-2",
            if page > 0 { button { r#type: "button", class: "btn-ghost", onclick: move |_| set.clone().with_mut(|f| f.page -= 1), "‹ Newer" } }
            if list.len() == 50 { button { r#type: "button", class: "btn-ghost", onclick: move |_| set.clone().with_mut(|f| f.page += 1), "Older ›" } }
        }
    }
}

/// One payment: what happened to it, and a refund by hand.
#[component]
pub fn AdminPayment(id: Uuid) -> Element {
    // Reactive to `id`: the links between one visit's payments stay on this page.
    let mut history = use_server_future(use_reactive!(|id| admin_payment(id)))?;
    let body = match &*history.read() {
        Some(Ok(h)) => rsx! { History { h: h.clone(), on_refund: move |h| history.set(Some(Ok(h))) } },
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Payment | Carebook admin" }
        Link { to: Route::AdminPayments {}, class: "text-sm text-brand-700 underline", "‹ Payments" }
        h1 { class: "mt-2 text-2xl font-bold tracking-tight", "Payment" }
        {body}
    }
}

#[component]
fn History(h: PaymentHistory, on_refund: EventHandler<PaymentHistory>) -> Element {
    let p = &h.payment;
    rsx! {
        section { class: "card mt-6 space-y-2 p-6", "data-testid": "payment-summary", "data-status": p.status.as_str(),
            p { class: "text-lg font-semibold", "{p.amount_label} · {p.status.label()}" }
            p { class: "text-sm", "{p.doctor_name} · {p.patient_name} · {p.visit_label}" }
            p { class: "text-sm text-ink-muted", "{p.provider.label()} · started {p.created_label}" }
            if let Some(r) = &p.refunded_label { p { class: "text-sm", "Refunded so far: {r}" } }
        }
        h2 { class: "mt-6 font-semibold", "History" }
        ol { class: "mt-2 space-y-1 text-sm", "data-testid": "payment-steps",
            for s in h.steps.clone() {
                li { "{s.at_label}: {s.from.map(|f| f.as_str()).unwrap_or(\"—\")} → {s.to.as_str()} ({s.source}) {s.detail}" }
            }
        }
        if !h.refunds.is_empty() {
            h2 { class: "mt-6 font-semibold", "Refunds" }
            ul { class: "mt-2 space-y-1 text-sm", "data-testid": "payment-refunds",
                for f in h.refunds.clone() { li { "{f.at_label}: {f.amount_label} ({f.status}) — {f.reason}" } }
            }
        }
        if !h.attempts.is_empty() {
            h2 { class: "mt-6 font-semibold", "Other payments for this visit" }
            ul { class: "mt-2 space-y-1 text-sm", "data-testid": "payment-attempts",
                for a in h.attempts.clone() {
                    li { key: "{a.id}",
                        Link { to: Route::AdminPayment { id: a.id }, class: "text-brand-700 underline", "{a.created_label}" }
                        " · {a.amount_label} · {a.status.label()}"
                    }
                }
            }
        }
        if h.refundable_minor > 0 { RefundForm { id: p.id, h: h.clone(), on_refund } }
    }
}

#[component]
fn RefundForm(id: Uuid, h: PaymentHistory, on_refund: EventHandler<PaymentHistory>) -> Element {
    let left = h.refundable_minor;
    let mut amount = use_signal(|| crate::model::money::decimal(left));
    let mut reason = use_signal(String::new);
    let mut errors = use_signal(Vec::<(&'static str, String)>::new);
    let mut busy = use_signal(|| false);
    let error_for = move |f: &str| errors.read().iter().find(|(k, _)| *k == f).map(|(_, m)| m.clone());
    rsx! {
        form { class: "card mt-6 max-w-xl space-y-3 p-6", novalidate: true, "data-testid": "refund-form",
            onsubmit: move |e| async move {
                e.prevent_default();
                let req = RefundRequest { amount_minor: parse_decimal(&amount()).unwrap_or(0), reason: reason() };
                let found = req.validate(left);
                errors.set(found.clone());
                if !found.is_empty() { return; }
                busy.set(true);
                match admin_refund(id, req).await {
                    Ok(h) => { reason.set(String::new()); on_refund.call(h) }
                    Err(e) => {
                        let mut found: Vec<_> = ["amount", "reason"].into_iter().filter_map(|f| e.field_message(f).map(|m| (f, m))).collect();
                        if found.is_empty() { found.push(("form", e.to_string())) }
                        errors.set(found);
                    }
                }
                busy.set(false);
            },
            h2 { class: "font-semibold", "Refund" }
            p { class: "text-sm text-ink-muted", "Up to {h.refundable_label} can go back. The patient sees the reason." }
            div { label { r#for: "r-amount", class: "block text-sm font-medium", "Amount ({h.payment.currency.code()})" }
                input { id: "r-amount", class: "input w-40", inputmode: "decimal", value: "{amount}", oninput: move |e| amount.set(e.value()) }
                if let Some(m) = error_for("amount") { p { class: "mt-1 text-sm text-red-700", "{m}" } } }
            div { label { r#for: "r-reason", class: "block text-sm font-medium", "Reason" }
                textarea { id: "r-reason", class: "input w-full", rows: "2", maxlength: "500", value: "{reason}", oninput: move |e| reason.set(e.value()) }
                if let Some(m) = error_for("reason") { p { class: "mt-1 text-sm text-red-700", "{m}" } } }
            if let Some(m) = error_for("form") { p { role: "alert", class: "text-sm text-red-700", "{m}" } }
            button { r#type: "submit", class: "btn-primary", disabled: busy(), "Refund" }
        }
    }
}
