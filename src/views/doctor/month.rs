//! The exceptions calendar: a month grid where days off and special hours stand out; picking a day fills
//! the exception form's date.

use chrono::{Datelike, Duration, NaiveDate};
use dioxus::prelude::*;

use crate::model::schedule::ExceptionForm;

fn first_of(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

/// A month of days; `selected` is the `YYYY-MM-DD` the exception form edits.
#[component]
pub fn MonthCalendar(exceptions: Vec<ExceptionForm>, selected: Signal<String>) -> Element {
    let today = chrono::Utc::now().date_naive();
    let mut month = use_signal(|| (today.year(), today.month()));
    let (y, m) = month();
    let first = first_of(y, m);
    let next_first = if m == 12 { first_of(y + 1, 1) } else { first_of(y, m + 1) };
    let lead = first.weekday().num_days_from_monday() as i64;
    let days = (next_first - first).num_days();
    let cells: Vec<Option<NaiveDate>> =
        (0..lead).map(|_| None).chain((0..days).map(|d| Some(first + Duration::days(d)))).collect();
    rsx! {
        div { class: "space-y-2", "data-testid": "exceptions-calendar",
            div { class: "flex items-center justify-between",
                button { r#type: "button", class: "btn-ghost px-2", "aria-label": "Previous month",
                    onclick: move |_| month.set(if m == 1 { (y - 1, 12) } else { (y, m - 1) }), "‹" }
                p { class: "font-semibold", "aria-live": "polite", "{first.format(\"%B %Y\")}" }
                button { r#type: "button", class: "btn-ghost px-2", "aria-label": "Next month",
                    onclick: move |_| month.set(if m == 12 { (y + 1, 1) } else { (y, m + 1) }), "›" }
            }
            div { class: "grid grid-cols-7 gap-1 text-center text-xs",
                for w in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] { span { key: "{w}", class: "font-medium text-ink-muted", "{w}" } }
                for (i, cell) in cells.into_iter().enumerate() {
                    if let Some(d) = cell {
                        {
                            let iso = d.format("%Y-%m-%d").to_string();
                            let ex = exceptions.iter().find(|e| e.date == iso);
                            let (tone, what) = match ex {
                                Some(e) if e.intervals.is_empty() => ("bg-red-50 text-red-800 ring-1 ring-red-200", ", day off"),
                                Some(_) => ("bg-amber-50 text-amber-900 ring-1 ring-amber-200", ", special hours"),
                                None => ("hover:bg-slate-100", ""),
                            };
                            let chosen = selected() == iso;
                            let ring = if chosen { " outline outline-2 outline-brand-600" } else { "" };
                            rsx! {
                                button { key: "{iso}", r#type: "button", class: "rounded-lg py-1.5 {tone}{ring}",
                                    "aria-label": "{d.format(\"%a %-d %b %Y\")}{what}", "aria-pressed": if chosen { "true" } else { "false" },
                                    disabled: d < today,
                                    onclick: move |_| selected.set(iso.clone()),
                                    "{d.day()}"
                                }
                            }
                        }
                    } else {
                        span { key: "blank-{i}" }
                    }
                }
            }
            p { class: "text-xs text-ink-muted", "Red: day off. Amber: special hours. Pick a day to set or change it." }
        }
    }
}
