//! `/dev/outbox`: the mail Carebook recorded (dev-only; the API answers 404 when disabled).

use dioxus::prelude::*;

use crate::api::dev::list_outbox;

/// The outbox page.
#[component]
pub fn DevOutbox() -> Element {
    let mails = use_server_future(list_outbox)?;
    let mails = mails.read().clone();
    rsx! {
        document::Title { "Outbox (dev) | Carebook" }
        document::Meta { name: "robots", content: "noindex" }
        section { class: "container-page py-10",
            h1 { class: "text-2xl font-bold tracking-tight", "Mail outbox" }
            p { class: "mt-1 text-ink-muted", "Messages Carebook sent while no SMTP server is configured (development only)." }
            match mails {
                Some(Ok(list)) if list.is_empty() => rsx! { p { class: "card mt-6 p-6", "No mail yet." } },
                Some(Ok(list)) => rsx! {
                    ul { class: "mt-6 space-y-4",
                        for (i, m) in list.into_iter().enumerate() {
                            li { key: "{i}", class: "card p-5", "data-testid": "outbox-mail",
                                p { class: "text-sm text-ink-muted", "To {m.to} · {m.created_at}" }
                                h2 { class: "mt-1 font-semibold", "{m.subject}" }
                                pre { class: "mt-3 whitespace-pre-wrap break-words font-sans text-sm", "{m.body}" }
                            }
                        }
                    }
                },
                Some(Err(e)) => rsx! { crate::components::LoadFailed { error: e.clone(), class: "mt-6" } },
                None => rsx! {},
            }
        }
    }
}
