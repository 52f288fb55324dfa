//! `/doctor/earnings`: money paid for the doctor's appointments, by day for one month, and by month for
//! the year up to it (refunds counted on the day they went back).

use dioxus::prelude::*;

use crate::api::payments::my_earnings;
use crate::components::LoadFailed;
use crate::model::ledger::EarningsLine;
use crate::route::Route;

/// The doctor's earnings for `month` (`YYYY-MM`; none: this month).
#[component]
pub fn DoctorEarnings(month: Option<String>) -> Element {
    let earnings = use_server_future(use_reactive!(|month| my_earnings(month.unwrap_or_default())))?;
    let body = match &*earnings.read() {
        Some(Ok(e)) => {
            let e = e.clone();
            rsx! {
                div { class: "mt-6 flex items-center gap-2",
                    Link { to: Route::DoctorEarnings { month: Some(e.previous.clone()) }, class: "btn-ghost", "‹ Earlier" }
                    h2 { class: "text-lg font-semibold", "data-testid": "earnings-month", "{e.month_label}" }
                    if let Some(next) = e.next.clone() {
                        Link { to: Route::DoctorEarnings { month: Some(next) }, class: "btn-ghost", "Later ›" }
                    }
                }
                Table { caption: "By day", lines: e.days.clone(), total: Some(e.month_total.clone()), testid: "earnings-days" }
                Table { caption: "By month", lines: e.months.clone(), total: None, testid: "earnings-months" }
            }
        }
        Some(Err(e)) => rsx! { LoadFailed { error: e.clone(), class: "mt-6" } },
        None => rsx! {},
    };
    rsx! {
        document::Title { "Earnings | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Earnings" }
        p { class: "mt-1 text-sm text-ink-muted", "Online payments for your appointments, less refunds. Fees paid at the practice are not counted." }
        {body}
    }
}

#[component]
fn Table(caption: String, lines: Vec<EarningsLine>, total: Option<EarningsLine>, testid: String) -> Element {
    rsx! {
        div { class: "card mt-6 overflow-x-auto",
            table { class: "w-full text-left text-sm", "data-testid": "{testid}",
                caption { class: "p-3 text-left font-semibold", "{caption}" }
                thead { class: "border-b border-slate-200 text-ink-muted",
                    tr { th { class: "p-3", "" } th { class: "p-3 text-right", "Payments" } th { class: "p-3 text-right", "Paid" }
                         th { class: "p-3 text-right", "Refunded" } th { class: "p-3 text-right", "Net" } }
                }
                tbody {
                    if lines.is_empty() { tr { td { class: "p-3 text-ink-muted", colspan: "5", "Nothing paid yet." } } }
                    for l in lines { Line { key: "{l.label}", l, strong: false } }
                }
                if let Some(t) = total { tfoot { class: "border-t border-slate-200", Line { l: t, strong: true } } }
            }
        }
    }
}

#[component]
fn Line(l: EarningsLine, strong: bool) -> Element {
    let cell = if strong { "p-3 text-right font-semibold" } else { "p-3 text-right" };
    rsx! {
        tr { class: "border-b border-slate-100 last:border-0",
            th { class: "p-3 font-normal whitespace-nowrap", scope: "row", "{l.label}" }
            td { class: cell, "{l.payments}" }
            td { class: cell, "{l.paid_label}" }
            td { class: cell, "{l.refunded_label}" }
            td { class: cell, "{l.net_label}" }
        }
    }
}
