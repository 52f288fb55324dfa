//! The profile page's "Appointment reminders" section: one switch per kind, saved as it is flipped.

use dioxus::prelude::*;

use crate::api::reminders::{reminder_settings, set_reminder};
use crate::model::reminder::ReminderSetting;

/// Which reminders the user gets (email and in-app).
#[component]
pub fn Reminders() -> Element {
    let loaded = use_server_future(reminder_settings)?;
    let Some(Ok(initial)) = loaded.read().clone() else {
        return rsx! { p { role: "alert", "Your reminder settings could not be loaded." } };
    };
    rsx! { Switches { initial } }
}

#[component]
fn Switches(initial: Vec<ReminderSetting>) -> Element {
    let mut settings = use_signal(|| initial);
    let mut status = use_signal(String::new);
    rsx! {
        section { class: "card space-y-3 p-6", "data-testid": "reminder-settings",
            h2 { class: "font-semibold", "Appointment reminders" }
            p { class: "text-sm text-ink-muted", "By email and in the app, with the time in your zone and a link to cancel or reschedule while that is still possible." }
            fieldset { class: "space-y-2",
                legend { class: "sr-only", "Remind me" }
                for s in settings() {
                    label { key: "{s.kind.as_str()}", class: "flex min-h-11 items-center gap-3",
                        input { r#type: "checkbox", class: "h-5 w-5", name: "reminder-{s.kind.as_str()}", checked: s.on,
                            onchange: move |e| async move {
                                let on = e.checked();
                                status.set("Saving…".into());
                                match set_reminder(s.kind, on).await {
                                    Ok(now) => { settings.set(now); status.set("Saved.".into()); }
                                    Err(err) => status.set(err.to_string()),
                                }
                            }
                        }
                        span { "{s.kind.label()}" }
                    }
                }
            }
            p { class: "text-sm text-ink-muted", role: "status", "aria-live": "polite", "{status}" }
        }
    }
}
