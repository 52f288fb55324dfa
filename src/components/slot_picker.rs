//! The slot picker: consultation type, place, a week's date strip and the slot grid for one doctor.
//! Server-rendered in an explicit zone (the signed-in user's, else the practice's), so hydration matches;
//! once hydrated it switches to the browser's zone when that differs, and always names the zone shown.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::api::appointments::get_availability;
use crate::model::booking::{Availability, ConsultationMode, SlotOffer};

/// What the patient picked.
#[derive(Debug, Clone, PartialEq)]
pub struct PickedSlot {
    pub doctor_id: Uuid,
    pub type_id: Uuid,
    pub location: Option<i16>,
    pub slot: SlotOffer,
    pub time_zone: String,
}

/// One day in the date strip: a fixed width, one line per fact.
const DAY: &str = "w-14 shrink-0 whitespace-nowrap rounded-lg px-1 py-2 text-center text-xs";

/// "Mon 23 Nov" → ("Mon", "23 Nov").
fn weekday_and_date(label: &str) -> (&str, &str) {
    label.split_once(' ').unwrap_or((label, ""))
}

/// A slot picker for doctor `slug`. With `fixed_type` (rescheduling) the type and place can't change.
#[component]
pub fn SlotPicker(
    slug: String,
    #[props(default)] fixed_type: Option<Uuid>,
    #[props(default)] fixed_location: Option<i16>,
    on_pick: EventHandler<PickedSlot>,
    /// Bumped by the parent to reload (after a conflict).
    #[props(default)]
    reload: u32,
) -> Element {
    let type_id = use_signal(|| fixed_type);
    let location = use_signal(|| fixed_location);
    let from = use_signal(|| None::<String>);
    let tz = use_signal(|| None::<String>);
    rsx! {
        SuspenseBoundary {
            fallback: |_| rsx! {
                div { class: "space-y-2", "aria-busy": "true",
                    div { class: "h-10 animate-pulse rounded-lg bg-slate-100" }
                    div { class: "h-24 animate-pulse rounded-lg bg-slate-100" }
                }
            },
            Week { slug, type_id: type_id(), location: location(), from: from(), tz: tz(), fixed: fixed_type.is_some(),
                   set_type: type_id, set_location: location, set_from: from, set_tz: tz, on_pick, reload }
        }
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn Week(
    slug: String,
    type_id: Option<Uuid>,
    location: Option<i16>,
    from: Option<String>,
    tz: Option<String>,
    fixed: bool,
    set_type: Signal<Option<Uuid>>,
    set_location: Signal<Option<i16>>,
    set_from: Signal<Option<String>>,
    set_tz: Signal<Option<String>>,
    on_pick: EventHandler<PickedSlot>,
    reload: u32,
) -> Element {
    let data = use_server_future(use_reactive!(|slug, type_id, location, from, tz, reload| {
        let _ = reload;
        get_availability(slug, type_id, location, from, tz)
    }))?;
    let mut day = use_signal(|| None::<usize>);
    // After hydration: show times in the browser's zone when it differs from the rendered one.
    let shown = data.read().as_ref().and_then(|r| r.as_ref().ok()).map(|a| (a.time_zone.clone(), a.zone_from_profile));
    let (shown_zone, from_profile) = (shown.as_ref().map(|s| s.0.clone()), shown.is_some_and(|s| s.1));
    use_effect(move || {
        if set_tz.peek().is_none() && !from_profile {
            if let Some(browser) = super::zone::browser_time_zone() {
                if Some(&browser) != shown_zone.as_ref() {
                    set_tz.clone().set(Some(browser));
                }
            }
        }
    });
    let read = data.read();
    let a: &Availability = match &*read {
        Some(Ok(a)) => a,
        Some(Err(e)) => return rsx! { p { role: "alert", class: "text-sm text-red-700", "{e}" } },
        None => return rsx! {},
    };
    if a.types.is_empty() {
        return rsx! { p { class: "rounded-lg bg-brand-50 p-3 text-sm text-brand-800", "data-testid": "booking-unavailable",
        "{a.doctor_name} doesn't take online bookings yet. Please contact the practice directly." } };
    }
    let first_with_slots = a.days.iter().position(|d| !d.slots.is_empty());
    let selected = day().filter(|i| *i < a.days.len()).or(first_with_slots).unwrap_or(0);
    let current = a.types.iter().find(|t| Some(t.id) == a.type_id).cloned();
    let zone_note = if a.zone_from_profile {
        format!("Times in {} (your time zone, from your profile).", a.time_zone.replace('_', " "))
    } else if a.time_zone == a.doctor_time_zone {
        format!("Times in {} (the practice's time zone).", a.time_zone.replace('_', " "))
    } else {
        format!(
            "Times in {} (your time zone); the practice is in {}.",
            a.time_zone.replace('_', " "),
            a.doctor_time_zone.replace('_', " ")
        )
    };
    let today_or_later = a.from.clone();
    let prev_from = chrono::NaiveDate::parse_from_str(&a.from, "%Y-%m-%d")
        .ok()
        .map(|d| (d - chrono::Duration::days(7)).format("%Y-%m-%d").to_string());
    let next_from = chrono::NaiveDate::parse_from_str(&a.from, "%Y-%m-%d")
        .ok()
        .map(|d| (d + chrono::Duration::days(7)).format("%Y-%m-%d").to_string());
    let (doctor_id, type_sel, loc_sel, zone) = (a.doctor_id, a.type_id, a.location, a.time_zone.clone());
    let day_slots = a.days.get(selected).map(|d| d.slots.clone()).unwrap_or_default();
    let day_label = a.days.get(selected).map(|d| d.label.clone()).unwrap_or_default();
    rsx! {
        div { class: "space-y-3", "data-testid": "slot-picker",
            if !fixed && a.types.len() > 1 {
                fieldset { class: "space-y-1",
                    legend { class: "text-sm font-medium", "Type of visit" }
                    for t in a.types.clone() {
                        label { key: "{t.id}", class: "flex items-center gap-2 text-sm",
                            input { r#type: "radio", name: "consultation-type", checked: Some(t.id) == type_sel,
                                onchange: move |_| { set_type.clone().set(Some(t.id)); day.set(None); } }
                            "{t.name} · {t.duration_minutes} min · {t.fee_label()}"
                        }
                    }
                }
            }
            if let Some(t) = &current {
                if t.mode == ConsultationMode::InPerson && a.locations.len() > 1 && !fixed {
                    label { class: "block text-sm font-medium", r#for: "booking-location", "Where" }
                    select { id: "booking-location", class: "input w-full",
                        onchange: move |e| { set_location.clone().set(e.value().parse().ok()); },
                        for (p, name) in a.locations.clone() {
                            option { key: "{p}", value: "{p}", selected: Some(p) == loc_sel, "{name}" }
                        }
                    }
                } else if t.mode == ConsultationMode::InPerson {
                    if let Some((_, name)) = a.locations.iter().find(|l| Some(l.0) == loc_sel) {
                        p { class: "text-sm text-ink-muted", "At {name}" }
                    }
                } else {
                    p { class: "text-sm text-ink-muted", "Video call — the link arrives with the confirmation." }
                }
            }
            div { class: "flex items-center justify-between gap-2",
                button { class: "btn-ghost px-2", r#type: "button", "aria-label": "Previous week",
                    disabled: a.days.first().is_some_and(|d| d.date <= today_or_later) && from.is_none(),
                    onclick: move |_| { set_from.clone().set(prev_from.clone()); day.set(None); }, "‹" }
                // A row that scrolls sideways when a week does not fit (phones, the doctor page's side column):
                // seven squeezed columns wrapped "Mon 23 Nov" over three lines.
                div { role: "tablist", "aria-label": "Choose a day", class: "flex w-0 flex-1 gap-1 overflow-x-auto pb-1",
                    for (i, d) in a.days.iter().enumerate() {
                        button { key: "{d.date}", role: "tab", r#type: "button",
                            "aria-selected": if i == selected { "true" } else { "false" },
                            "data-date": "{d.date}",
                            class: if i == selected { "{DAY} bg-brand-600 text-white" }
                                   else if d.slots.is_empty() { "{DAY} text-slate-500" }
                                   else { "{DAY} bg-brand-50 text-brand-800 hover:bg-brand-100" },
                            onclick: move |_| day.set(Some(i)),
                            // "Mon 23 Nov" as "Mon" over "23 Nov": narrow enough for four days on a phone.
                            span { class: "block font-semibold", {weekday_and_date(&d.label).0} }
                            span { class: "block", {weekday_and_date(&d.label).1} }
                            span { class: "block", if d.slots.is_empty() { "—" } else { "{d.slots.len()} free" } }
                        }
                    }
                }
                button { class: "btn-ghost px-2", r#type: "button", "aria-label": "Next week",
                    onclick: move |_| { set_from.clone().set(next_from.clone()); day.set(None); }, "›" }
            }
            p { class: "text-xs text-ink-muted", "data-testid": "slot-zone", "{zone_note}" }
            div { role: "tabpanel", "aria-label": "Free times on {day_label}",
                if day_slots.is_empty() {
                    p { class: "text-sm text-ink-muted",
                        "No free times on {day_label}."
                        if let Some(next) = a.next_available.clone() {
                            " "
                            button { r#type: "button", class: "underline", onclick: move |_| { set_from.clone().set(Some(next.clone())); day.set(None); },
                                "Jump to the next available day" }
                        }
                    }
                } else {
                    ul { class: "grid grid-cols-3 gap-2 sm:grid-cols-4", "data-testid": "slot-grid",
                        for s in day_slots {
                            li { key: "{s.start}",
                                button { r#type: "button", class: "w-full rounded-lg border border-brand-200 px-2 py-2 text-sm font-medium text-brand-800 hover:bg-brand-50 focus:outline-none focus:ring-2 focus:ring-brand-500",
                                    "aria-label": "{s.label} on {s.day_label}",
                                    "data-start": "{s.start.to_rfc3339()}",
                                    onclick: {
                                        let s = s.clone();
                                        let zone = zone.clone();
                                        move |_| if let Some(type_id) = type_sel {
                                            on_pick.call(PickedSlot { doctor_id, type_id, location: loc_sel, slot: s.clone(), time_zone: zone.clone() });
                                        }
                                    },
                                    "{s.label}"
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
