//! `/forgot-password`: ask for a reset link. The answer never says whether the email has an account.

use dioxus::prelude::*;

use crate::api::auth::request_password_reset;
use crate::components::{FormAlert, TextField};
use crate::model::auth::validate_email;
use crate::route::Route;

/// The "forgot your password?" page.
#[component]
pub fn ForgotPassword() -> Element {
    let email = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let mut done = use_signal(|| false);
    let submit = move |e: FormEvent| async move {
        e.prevent_default();
        if let Err(msg) = validate_email(&email()) {
            error.set(Some(msg));
            return;
        }
        match request_password_reset(email()).await {
            Ok(()) => done.set(true),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    rsx! {
        document::Title { "Reset your password | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Reset your password" }
        if done() {
            div { class: "mt-4", "data-testid": "reset-requested",
                FormAlert { success: true, message: "If an account uses that address, we've emailed it a reset link. It expires in 30 minutes." }
            }
            Link { to: Route::SignIn { next: None, challenge: None, error: None }, class: "btn-ghost mt-6 w-full", "Back to sign in" }
        } else {
            p { class: "mt-1 text-sm text-ink-muted", "Enter your account's email and we'll send you a link to choose a new password." }
            form { class: "mt-6 space-y-2", onsubmit: submit, novalidate: true,
                TextField { label: "Email", name: "email", r#type: "email", autocomplete: "username", value: email, error: error() }
                button { r#type: "submit", class: "btn-primary w-full", "Send reset link" }
            }
        }
    }
}
