//! `/account/devices`: every device signed in to this account, this one marked; sign out any other, or
//! all others at once.

use dioxus::prelude::*;

use crate::api::account::{end_other_sessions, end_session, list_sessions};
use crate::components::FormAlert;
use crate::model::auth::DeviceSession;

/// The devices page.
#[component]
pub fn Devices() -> Element {
    let mut sessions = use_server_future(list_sessions)?;
    let mut message = use_signal(|| None::<Result<String, String>>);
    let list = sessions.read().clone();
    let list = match list {
        Some(Ok(list)) => list,
        Some(Err(e)) => return rsx! { crate::components::LoadFailed { error: e.clone() } },
        None => return rsx! {},
    };
    let others = list.iter().filter(|s| !s.current).count();
    rsx! {
        document::Title { "Devices | Carebook" }
        div { class: "mx-auto max-w-3xl",
            div { class: "flex flex-wrap items-end justify-between gap-4",
                div {
                    h1 { class: "text-2xl font-bold tracking-tight", "Signed-in devices" }
                    p { class: "mt-1 text-ink-muted", "Sign out any device you don't recognise." }
                }
                if others > 0 {
                    button {
                        class: "btn-accent",
                        "data-testid": "end-others",
                        onclick: move |_| async move {
                            match end_other_sessions().await {
                                Ok(n) => message.set(Some(Ok(format!("Signed out {n} other device(s).")))),
                                Err(e) => message.set(Some(Err(e.to_string()))),
                            }
                            sessions.restart();
                        },
                        "Sign out everywhere else"
                    }
                }
            }
            if let Some(m) = message() {
                div { class: "mt-4",
                    match m {
                        Ok(text) => rsx! { FormAlert { message: text, success: true } },
                        Err(text) => rsx! { FormAlert { message: text } },
                    }
                }
            }
            ul { class: "mt-6 space-y-3", "data-testid": "device-list",
                for s in list {
                    DeviceRow {
                        key: "{s.id}",
                        session: s.clone(),
                        on_end: move |id: uuid::Uuid| async move {
                            match end_session(id).await {
                                Ok(()) => message.set(Some(Ok("Device signed out.".into()))),
                                Err(e) => message.set(Some(Err(e.to_string()))),
                            }
                            sessions.restart();
                        },
                    }
                }
            }
        }
    }
}

#[component]
fn DeviceRow(session: DeviceSession, on_end: EventHandler<uuid::Uuid>) -> Element {
    let s = session;
    // Timestamps are UTC; show them as such (an explicit zone keeps SSR and hydration identical).
    let last_seen = s.last_seen_at.get(..16).unwrap_or(&s.last_seen_at).replace('T', " ");
    let since = s.created_at.get(..10).unwrap_or(&s.created_at).to_string();
    let id = s.id;
    rsx! {
        li { class: "card flex flex-wrap items-center justify-between gap-3 p-4", "data-testid": "device",
            "data-current": if s.current { "true" } else { "false" },
            div {
                p { class: "font-semibold",
                    "{s.label}"
                    if s.current {
                        span { class: "ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-800", "This device" }
                    }
                }
                p { class: "text-sm text-ink-muted",
                    "Signed in {since} · last active {last_seen} UTC"
                    if let Some(ip) = &s.ip { " · {ip}" }
                    if s.persistent { " · remembered" }
                }
            }
            if !s.current {
                button { class: "btn-ghost text-red-700", "data-testid": "end-session", onclick: move |_| on_end.call(id), "Sign out" }
            }
        }
    }
}
