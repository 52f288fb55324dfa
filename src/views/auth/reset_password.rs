//! `/reset-password?token=`: choose a new password (the same rules run live here and on the server).

use dioxus::prelude::*;

use crate::api::auth::reset_password;
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::model::auth::validate_password;
use crate::route::Route;

/// The new-password page reached from the reset mail.
#[component]
pub fn ResetPassword(token: Option<String>) -> Element {
    let password = use_signal(String::new);
    let mut error = use_signal(|| None::<AppError>);
    let mut done = use_signal(|| false);
    let submit = move |e: FormEvent| {
        e.prevent_default();
        let token = token.clone().unwrap_or_default();
        async move {
            if let Err(msg) = validate_password(&password()) {
                error.set(Some(AppError::field("password", msg)));
                return;
            }
            match reset_password(token, password()).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let (field, general) = match error() {
        Some(AppError::Validation(f)) => (f.get("password").cloned(), None),
        Some(other) => (None, Some(other.to_string())),
        None => (None, None),
    };
    rsx! {
        document::Title { "Choose a new password | Carebook" }
        document::Meta { name: "robots", content: "noindex" }
        h1 { class: "text-2xl font-bold tracking-tight", "Choose a new password" }
        if done() {
            div { class: "mt-4", FormAlert { success: true, message: "Your password is changed and every device was signed out. Sign in with the new one." } }
            Link { to: Route::SignIn { next: None, challenge: None, error: None }, class: "btn-primary mt-6 w-full", "Sign in" }
        } else {
            form { class: "mt-6 space-y-2", onsubmit: submit, novalidate: true,
                if let Some(message) = general {
                    FormAlert { message }
                }
                TextField { label: "New password", name: "password", r#type: "password", autocomplete: "new-password", value: password, error: field }
                button { r#type: "submit", class: "btn-primary w-full", "Save new password" }
            }
        }
    }
}
