//! `/account/security`: change the password (signs out every other device).

use dioxus::prelude::*;

use super::two_factor::TwoFactorSettings;
use crate::api::account::change_password;
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::model::auth::validate_password;

/// The security settings page.
#[component]
pub fn Security() -> Element {
    let current = use_signal(String::new);
    let new = use_signal(String::new);
    let mut error = use_signal(|| None::<AppError>);
    let mut done = use_signal(|| None::<u64>);
    let submit = move |e: FormEvent| async move {
        e.prevent_default();
        if let Err(msg) = validate_password(&new()) {
            error.set(Some(AppError::field("new_password", msg)));
            return;
        }
        error.set(None);
        match change_password(current(), new()).await {
            Ok(n) => done.set(Some(n)),
            Err(e) => error.set(Some(e)),
        }
    };
    let field = move |name: &str| error.read().as_ref().and_then(|e| e.field_message(name));
    let general = error.read().as_ref().and_then(AppError::form_message);
    rsx! {
        document::Title { "Security | Carebook" }
        div { class: "mx-auto max-w-lg",
            h1 { class: "text-2xl font-bold tracking-tight", "Change password" }
            p { class: "mt-1 text-ink-muted", "Changing it signs out every other device." }
            form { class: "card mt-6 space-y-2 p-6", onsubmit: submit, novalidate: true,
                if let Some(n) = done() {
                    FormAlert { success: true, message: format!("Password changed. {n} other device(s) signed out.") }
                }
                if let Some(message) = general {
                    FormAlert { message }
                }
                TextField { label: "Current password", name: "current_password", r#type: "password", autocomplete: "current-password", value: current, error: field("current_password") }
                TextField { label: "New password", name: "new_password", r#type: "password", autocomplete: "new-password", value: new, error: field("new_password") }
                button { r#type: "submit", class: "btn-primary w-full", "Change password" }
            }
            TwoFactorSettings {}
        }
    }
}
