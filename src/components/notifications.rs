//! The notifications card on every dashboard: newest first, unread highlighted, each with its link.

use dioxus::prelude::*;

use crate::api::notifications::{list_notifications, mark_notifications_read};

/// Lists the signed-in user's notifications; "Mark all as read" clears the highlights.
#[component]
pub fn NotificationsCard() -> Element {
    let mut list = use_server_future(list_notifications)?;
    let items = list.read().clone().and_then(Result::ok).unwrap_or_default();
    let unread = items.iter().filter(|n| !n.read).count();
    rsx! {
        section { class: "card mt-6 p-6", "aria-labelledby": "notifications-heading", "data-testid": "notifications",
            div { class: "flex items-center justify-between gap-3",
                h2 { id: "notifications-heading", class: "font-semibold",
                    "Notifications"
                    if unread > 0 {
                        span { class: "ml-2 rounded-full bg-brand-600 px-2 py-0.5 text-xs text-white", "data-testid": "unread-count", "{unread} new" }
                    }
                }
                if unread > 0 {
                    button { class: "btn-ghost text-sm",
                        onclick: move |_| async move {
                            if mark_notifications_read(None).await.is_ok() {
                                list.restart();
                            }
                        },
                        "Mark all as read"
                    }
                }
            }
            if items.is_empty() {
                p { class: "mt-2 text-ink-muted", "Nothing new." }
            }
            ul { class: "mt-3 divide-y divide-slate-100",
                for n in items {
                    li { key: "{n.id}", class: if n.read { "py-3 text-ink-muted" } else { "py-3" }, "data-testid": "notification",
                        p { class: if n.read { "" } else { "font-semibold" },
                            if n.link.starts_with('/') {
                                a { href: "{n.link}", class: "underline", "{n.title}" }
                            } else {
                                "{n.title}"
                            }
                        }
                        if !n.body.is_empty() {
                            p { class: "text-sm text-ink-muted", "{n.body}" }
                        }
                        p { class: "text-xs text-ink-muted", "{n.created_at.get(..16).unwrap_or_default().replace('T', \" \")} UTC" }
                    }
                }
            }
        }
    }
}
