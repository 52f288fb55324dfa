//! `/admin/users`: find accounts and deactivate or reactivate them.

use dioxus::prelude::*;

use crate::api::admin::{list_users, set_user_active};
use crate::components::FormAlert;
use crate::model::admin::UserRow;

/// The admin user list.
#[component]
pub fn AdminUsers() -> Element {
    let mut query = use_signal(String::new);
    rsx! {
        document::Title { "Users | Carebook admin" }
        h1 { class: "text-2xl font-bold tracking-tight", "Users" }
        input {
            r#type: "search", placeholder: "Search by email or name", "aria-label": "Search users",
            class: "mt-4 w-full max-w-md rounded-lg border border-slate-300 px-3 py-2",
            value: "{query}",
            oninput: move |e| query.set(e.value()),
        }
        SuspenseBoundary { fallback: |_| rsx! { p { class: "mt-4 text-ink-muted", "Loading…" } },
            UserTable { query: query() }
        }
    }
}

/// The result table for one search (re-fetched when the query changes).
#[component]
fn UserTable(query: String) -> Element {
    let mut users = use_server_future(use_reactive!(|query| list_users(Some(query), Some(1))))?;
    let mut message = use_signal(|| None::<String>);
    let page = users.read().clone();
    rsx! {
        if let Some(m) = message() { div { class: "mt-4", FormAlert { message: m } } }
        match page {
            Some(Ok(p)) => rsx! {
                p { class: "mt-4 text-sm text-ink-muted", "{p.total} accounts" }
                div { class: "card relative mt-2 overflow-x-auto",
                    table { class: "w-full text-left text-sm", "data-testid": "user-table",
                        thead { tr { class: "border-b",
                            th { class: "p-3", "Name" } th { class: "p-3", "Email" } th { class: "p-3", "Role" }
                            th { class: "p-3", "Status" } th { class: "p-3", span { class: "sr-only", "Actions" } }
                        } }
                        tbody {
                            for u in p.users {
                                UserLine { key: "{u.id}", user: u.clone(),
                                    on_toggle: move |(id, active): (uuid::Uuid, bool)| async move {
                                        match set_user_active(id, active).await {
                                            Ok(()) => message.set(None),
                                            Err(e) => message.set(Some(e.to_string())),
                                        }
                                        users.restart();
                                    },
                                }
                            }
                        }
                    }
                }
            },
            Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone() } },
            None => rsx! {},
        }
    }
}

#[component]
fn UserLine(user: UserRow, on_toggle: EventHandler<(uuid::Uuid, bool)>) -> Element {
    let u = user;
    let id = u.id;
    rsx! {
        tr { class: "border-b last:border-0",
            td { class: "p-3 font-medium", "{u.full_name}" }
            td { class: "p-3", "{u.email}" }
            td { class: "p-3", {u.role.as_str()} }
            td { class: "p-3", if u.active { "Active" } else { "Deactivated" } }
            td { class: "p-3 text-right",
                button { class: "btn-ghost", "data-testid": "toggle-active",
                    onclick: move |_| on_toggle.call((id, !u.active)),
                    if u.active { "Deactivate" } else { "Reactivate" }
                }
            }
        }
    }
}
