//! `/doctor/schedule`: booking settings, consultation types, the weekly schedule (several intervals a
//! day), date exceptions, and the private calendar feed. The same rules as the server run live here.

use dioxus::prelude::*;

use crate::api::schedule::{create_feed, delete_exception, get_schedule, revoke_feed, save_exception, save_schedule};
use crate::error::FieldErrors;
use crate::model::booking::ConsultationMode;
use crate::model::schedule::{ExceptionForm, IntervalForm, ScheduleView, TypeForm, WEEKDAYS};

/// The schedule editor.
#[component]
pub fn DoctorSchedule() -> Element {
    let data = use_server_future(get_schedule)?;
    let read = data.read();
    match &*read {
        Some(Ok(view)) => rsx! { Editor { initial: view.clone() } },
        Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone() } },
        None => rsx! {},
    }
}

/// Whether patients can book the doctor now, and from when; otherwise what is missing.
#[component]
pub fn BookableStatus(view: ScheduleView) -> Element {
    let missing = if view.form.types.is_empty() {
        "add a consultation type"
    } else if view.form.intervals.is_empty() {
        "add your weekly hours"
    } else {
        "nothing is free within your booking horizon (check your hours, days off and minimum notice)"
    };
    rsx! {
        if let Some(next) = &view.next_available {
            p { class: "text-sm font-medium text-brand-700", "data-testid": "bookable",
                "Patients can book you from {next} (your time)."
            }
        } else {
            p { role: "status", "data-testid": "not-bookable",
                class: "rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900",
                "Patients can't book you yet: {missing}."
            }
        }
    }
}

fn num(s: &str) -> i32 {
    s.trim().parse().unwrap_or(-1)
}

#[component]
fn Editor(initial: ScheduleView) -> Element {
    let mut form = use_signal(|| initial.form.clone());
    let mut view = use_signal(|| initial.clone());
    let mut tried = use_signal(|| false);
    let mut server_errors = use_signal(FieldErrors::new);
    let mut saved = use_signal(|| None::<String>);
    let locations = view.read().locations.clone();
    let live =
        if tried() { form.read().validate(locations.len()).err().unwrap_or_default() } else { FieldErrors::new() };
    let err = move |k: &str| live.get(k).cloned().or_else(|| server_errors.read().get(k).cloned());
    let f = form();
    rsx! {
        document::Title { "Schedule | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Schedule and booking" }
        div { class: "mt-3", BookableStatus { view: view() } }
        form { class: "mt-6 space-y-6", novalidate: true, "data-testid": "schedule-form",
            onsubmit: move |e| async move {
                e.prevent_default();
                tried.set(true);
                saved.set(None);
                if form.read().validate(view.read().locations.len()).is_err() { return; }
                match save_schedule(form()).await {
                    Ok(v) => { form.set(v.form.clone()); view.set(v); server_errors.set(FieldErrors::new()); saved.set(Some("Saved.".into())); }
                    Err(crate::error::AppError::Validation(e)) => server_errors.set(e),
                    Err(e) => saved.set(Some(e.to_string())),
                }
            },
            section { class: "card grid gap-4 p-6 sm:grid-cols-2", "aria-labelledby": "policy",
                h2 { id: "policy", class: "text-lg font-semibold sm:col-span-2", "Policy" }
                Field { label: "Time zone (IANA name)", id: "time_zone", value: f.time_zone.clone(), error: err("time_zone"),
                    oninput: move |v: String| form.with_mut(|f| f.time_zone = v) }
                Field { label: "Minimum notice (minutes)", id: "min_notice_minutes", value: f.min_notice_minutes.to_string(), error: err("min_notice_minutes"),
                    oninput: move |v: String| form.with_mut(|f| f.min_notice_minutes = num(&v)) }
                Field { label: "Bookable days ahead", id: "horizon_days", value: f.horizon_days.to_string(), error: err("horizon_days"),
                    oninput: move |v: String| form.with_mut(|f| f.horizon_days = num(&v)) }
                Field { label: "Daily cap (empty: none)", id: "daily_cap", value: f.daily_cap.map(|c| c.to_string()).unwrap_or_default(), error: err("daily_cap"),
                    oninput: move |v: String| form.with_mut(|f| f.daily_cap = if v.trim().is_empty() { None } else { Some(num(&v)) }) }
                Field { label: "Patients may cancel up to (minutes before)", id: "cancel_cutoff_minutes", value: f.cancel_cutoff_minutes.to_string(), error: err("cancel_cutoff_minutes"),
                    oninput: move |v: String| form.with_mut(|f| f.cancel_cutoff_minutes = num(&v)) }
                label { class: "flex items-center gap-2 text-sm",
                    input { r#type: "checkbox", checked: f.approval_required, onchange: move |e| form.with_mut(|f| f.approval_required = e.checked()) }
                    "I approve each booking myself"
                }
            }
            PaymentSettings { form, errors: ["refund_percent_before_cutoff", "refund_percent_after_cutoff"]
                .into_iter().filter_map(|k| err(k).map(|m| (k.to_string(), m))).collect::<FieldErrors>() }
            section { class: "card space-y-3 p-6", "aria-labelledby": "types",
                h2 { id: "types", class: "text-lg font-semibold", "Consultation types" }
                if let Some(m) = err("types") { p { class: "text-sm text-red-700", "{m}" } }
                for (i, t) in f.types.iter().cloned().enumerate() {
                    div { key: "type-{i}", class: "grid items-end gap-2 sm:grid-cols-3 lg:grid-cols-6",
                        Field { label: "Name", id: "types.{i}.name", value: t.name.clone(), error: err(&format!("types.{i}.name")),
                            oninput: move |v: String| form.with_mut(|f| f.types[i].name = v) }
                        div { class: "space-y-1",
                            label { r#for: "types.{i}.mode", class: "block text-sm font-medium", "Mode" }
                            select { id: "types.{i}.mode", class: "input w-full",
                                onchange: move |e| form.with_mut(|f| f.types[i].mode = ConsultationMode::parse(&e.value()).unwrap_or_default()),
                                option { value: "in_person", selected: t.mode == ConsultationMode::InPerson, "In person" }
                                option { value: "video", selected: t.mode == ConsultationMode::Video, "Video" }
                            }
                        }
                        Field { label: "Minutes", id: "types.{i}.duration", value: t.duration_minutes.to_string(), error: err(&format!("types.{i}.duration")),
                            oninput: move |v: String| form.with_mut(|f| f.types[i].duration_minutes = num(&v)) }
                        Field { label: "Buffer after", id: "types.{i}.buffer", value: t.buffer_minutes.to_string(), error: err(&format!("types.{i}.buffer")),
                            oninput: move |v: String| form.with_mut(|f| f.types[i].buffer_minutes = num(&v)) }
                        Field { label: "Fee ({view.read().currency})", id: "types.{i}.fee", value: t.fee.clone(), error: err(&format!("types.{i}.fee")),
                            oninput: move |v: String| form.with_mut(|f| f.types[i].fee = v) }
                        button { r#type: "button", class: "btn-ghost text-red-700", onclick: move |_| form.with_mut(|f| { f.types.remove(i); }), "Remove" }
                    }
                }
                button { r#type: "button", class: "btn-ghost", onclick: move |_| form.with_mut(|f| f.types.push(TypeForm {
                    name: "Consultation".into(), duration_minutes: 20, buffer_minutes: 10, fee: "100".into(), ..Default::default() })), "+ Add a type" }
            }
            section { class: "card space-y-4 p-6", "aria-labelledby": "weekly",
                h2 { id: "weekly", class: "text-lg font-semibold", "Weekly hours" }
                p { class: "text-sm text-ink-muted", "Several intervals a day: the gaps are your breaks. Times are in {f.time_zone}." }
                for day in 1..=7i16 {
                    div { key: "day-{day}", class: "space-y-2", "data-testid": "day-{day}",
                        h3 { class: "text-sm font-semibold", "{WEEKDAYS[(day - 1) as usize]}" }
                        if let Some(m) = err(&format!("day.{day}")) { p { class: "text-sm text-red-700", "{m}" } }
                        for (i, iv) in f.intervals.iter().cloned().enumerate().filter(|(_, iv)| iv.weekday == day) {
                            div { key: "iv-{i}", class: "flex flex-wrap items-center gap-2",
                                input { r#type: "time", class: "input", "aria-label": "Start", value: "{iv.start}", oninput: move |e| form.with_mut(|f| f.intervals[i].start = e.value()) }
                                span { "to" }
                                input { r#type: "time", class: "input", "aria-label": "End", value: "{iv.end}", oninput: move |e| form.with_mut(|f| f.intervals[i].end = e.value()) }
                                if !locations.is_empty() {
                                    select { class: "input", "aria-label": "Where",
                                        onchange: move |e| form.with_mut(|f| f.intervals[i].location = e.value().parse().ok()),
                                        option { value: "", selected: iv.location.is_none(), "Any location or video" }
                                        for (p, name) in locations.clone() { option { key: "{p}", value: "{p}", selected: iv.location == Some(p), "{name}" } }
                                    }
                                }
                                button { r#type: "button", class: "btn-ghost text-red-700", onclick: move |_| form.with_mut(|f| { f.intervals.remove(i); }), "Remove" }
                            }
                        }
                        button { r#type: "button", class: "btn-ghost", onclick: move |_| form.with_mut(|f| f.intervals.push(IntervalForm {
                            weekday: day, start: "09:00".into(), end: "12:00".into(), location: None })), "+ Add hours" }
                    }
                }
            }
            div { class: "flex items-center gap-3",
                button { r#type: "submit", class: "btn-primary", "data-testid": "save-schedule", "Save schedule" }
                if let Some(m) = saved() { p { role: "status", class: "text-sm", "{m}" } }
            }
        }
        Exceptions { view }
        Feed { active: view.read().feed_active }
    }
}

#[component]
fn Field(label: String, id: String, value: String, error: Option<String>, oninput: EventHandler<String>) -> Element {
    rsx! {
        div { class: "space-y-1",
            label { r#for: "{id}", class: "block text-sm font-medium", "{label}" }
            input { id: "{id}", class: "input w-full", value: "{value}", "aria-invalid": if error.is_some() { "true" } else { "false" },
                oninput: move |e| oninput.call(e.value()) }
            if let Some(e) = error.clone() { p { class: "text-sm text-red-700", "{e}" } }
        }
    }
}

/// "09:00-12:00, 14:00-16:00" → pairs (empty → a day off).
fn parse_hours(s: &str) -> Vec<(String, String)> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (a, b) = p.split_once('-').unwrap_or((p, ""));
            (a.trim().to_string(), b.trim().to_string())
        })
        .collect()
}

#[component]
fn Exceptions(view: Signal<ScheduleView>) -> Element {
    let mut date = use_signal(String::new);
    let mut hours = use_signal(String::new);
    let mut note = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    rsx! {
        section { class: "card mt-6 space-y-3 p-6", "aria-labelledby": "exceptions",
            h2 { id: "exceptions", class: "text-lg font-semibold", "Days off and special hours" }
            super::month::MonthCalendar { exceptions: view.read().exceptions.clone(), selected: date }
            ul { class: "space-y-1", "data-testid": "exceptions",
                for e in view.read().exceptions.clone() {
                    li { key: "{e.date}", class: "flex items-center justify-between text-sm",
                        span { "{e.date}: " if e.intervals.is_empty() { "day off" } else { {e.intervals.iter().map(|(a, b)| format!("{a}–{b}")).collect::<Vec<_>>().join(", ")} } " {e.note}" }
                        button { r#type: "button", class: "btn-ghost text-red-700", onclick: move |_| {
                            let d = e.date.clone();
                            async move { if let Ok(v) = delete_exception(d).await { view.set(v); } }
                        }, "Remove" }
                    }
                }
            }
            form { class: "grid items-end gap-2 sm:grid-cols-4", novalidate: true,
                onsubmit: move |ev| async move {
                    ev.prevent_default();
                    let f = ExceptionForm { date: date(), intervals: parse_hours(&hours()), note: note() };
                    if let Err(e) = f.validate() { error.set(e.values().next().cloned()); return; }
                    match save_exception(f).await {
                        Ok(v) => { view.set(v); error.set(None); hours.set(String::new()); note.set(String::new()); }
                        Err(e) => error.set(Some(e.to_string())),
                    }
                },
                div { label { r#for: "ex-date", class: "block text-sm font-medium", "Date" }
                      input { id: "ex-date", r#type: "date", class: "input w-full", value: "{date}", oninput: move |e| date.set(e.value()) } }
                div { label { r#for: "ex-hours", class: "block text-sm font-medium", "Hours (empty: day off)" }
                      input { id: "ex-hours", class: "input w-full", placeholder: "09:00-12:00, 14:00-16:00", value: "{hours}", oninput: move |e| hours.set(e.value()) } }
                div { label { r#for: "ex-note", class: "block text-sm font-medium", "Note" }
                      input { id: "ex-note", class: "input w-full", value: "{note}", oninput: move |e| note.set(e.value()) } }
                button { r#type: "submit", class: "btn-primary", "Add" }
            }
            if let Some(e) = error() { p { role: "alert", class: "text-sm text-red-700", "{e}" } }
        }
    }
}

#[component]
fn Feed(active: bool) -> Element {
    let mut url = use_signal(|| None::<String>);
    let mut on = use_signal(|| active);
    rsx! {
        section { class: "card mt-6 space-y-2 p-6", "aria-labelledby": "feed",
            h2 { id: "feed", class: "text-lg font-semibold", "Calendar subscription" }
            p { class: "text-sm text-ink-muted", "A private URL your calendar app can subscribe to. Anyone with it sees your appointments: keep it secret, revoke it if it leaks." }
            if let Some(u) = url() { p { class: "break-all rounded bg-slate-100 p-2 font-mono text-xs", "data-testid": "feed-url", "{u}" } }
            div { class: "flex gap-2",
                button { r#type: "button", class: "btn-primary", onclick: move |_| async move { if let Ok(u) = create_feed().await { url.set(Some(u)); on.set(true); } },
                    if on() { "Replace the URL" } else { "Create a URL" } }
                if on() {
                    button { r#type: "button", class: "btn-ghost text-red-700", onclick: move |_| async move { if revoke_feed().await.is_ok() { url.set(None); on.set(false); } }, "Revoke" }
                }
            }
        }
    }
}

/// How the fee is taken, and what a patient who cancels gets back (stated to them before they pay).
#[component]
fn PaymentSettings(form: Signal<crate::model::schedule::ScheduleForm>, errors: FieldErrors) -> Element {
    use crate::model::payment::PaymentPolicy;
    let f = form();
    let policies = [
        (PaymentPolicy::Online, "online", "Online, before the visit (the booking waits for the payment)"),
        (PaymentPolicy::AtClinic, "at_clinic", "At the practice"),
        (PaymentPolicy::Free, "free", "No fee"),
    ];
    let percent = |v: String| v.trim().parse::<i16>().unwrap_or(-1);
    rsx! {
        section { class: "card grid gap-4 p-6 sm:grid-cols-2", "aria-labelledby": "payment",
            h2 { id: "payment", class: "text-lg font-semibold sm:col-span-2", "Payment" }
            div { class: "sm:col-span-2",
                label { r#for: "payment_policy", class: "block text-sm font-medium", "Patients pay" }
                select { id: "payment_policy", class: "input mt-1 w-full",
                    onchange: move |e| {
                        let picked = policies.iter().find(|p| p.1 == e.value()).map(|p| p.0).unwrap_or_default();
                        form.with_mut(|f| f.payment_policy = picked);
                    },
                    for (policy, value, label) in policies {
                        option { key: "{value}", value, selected: f.payment_policy == policy, "{label}" }
                    }
                }
            }
            Field { label: "Refunded when the patient cancels before the cut-off (%)", id: "refund_percent_before_cutoff",
                value: f.refund_percent_before_cutoff.to_string(), error: errors.get("refund_percent_before_cutoff").cloned(),
                oninput: move |v: String| form.with_mut(|f| f.refund_percent_before_cutoff = percent(v)) }
            Field { label: "Refunded when they cancel after it (%)", id: "refund_percent_after_cutoff",
                value: f.refund_percent_after_cutoff.to_string(), error: errors.get("refund_percent_after_cutoff").cloned(),
                oninput: move |v: String| form.with_mut(|f| f.refund_percent_after_cutoff = percent(v)) }
            p { class: "text-sm text-ink-muted sm:col-span-2",
                "When you or the practice cancel, the patient gets everything back."
            }
        }
    }
}
