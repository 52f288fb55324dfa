//! `/sign-up`: create a patient account. The password rules run live in the browser with the same Rust
//! code the server runs; success (and a taken email) both say "check your inbox".

use dioxus::prelude::*;

use crate::api::auth::sign_up;
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::model::auth::{validate_password, SignUp as SignUpForm, PASSWORD_MIN_CHARS};
use crate::route::Route;

/// The sign-up page.
#[component]
pub fn SignUp() -> Element {
    let full_name = use_signal(String::new);
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let mut error = use_signal(|| None::<AppError>);
    let mut live_password = use_signal(|| None::<String>);
    let mut sent_to = use_signal(|| None::<String>);
    let mut busy = use_signal(|| false);
    let field_error = move |name: &str| error.read().as_ref().and_then(|e| e.field_message(name));
    let submit = move |e: FormEvent| async move {
        e.prevent_default();
        let form = SignUpForm { full_name: full_name(), email: email(), password: password() };
        if let Err(err) = form.validate() {
            error.set(Some(err));
            return;
        }
        busy.set(true);
        match sign_up(form.clone()).await {
            Ok(()) => sent_to.set(Some(form.email.trim().to_string())),
            Err(err) => error.set(Some(err)),
        }
        busy.set(false);
    };
    if let Some(to) = sent_to() {
        return rsx! {
            document::Title { "Check your inbox | Carebook" }
            h1 { class: "text-2xl font-bold tracking-tight", "Check your inbox" }
            p { class: "mt-3 text-ink-muted", "data-testid": "sign-up-done",
                "We've sent a confirmation link to " strong { "{to}" } ". Open it to finish creating your account."
            }
            Link { to: Route::SignIn { next: None, challenge: None, error: None }, class: "btn-primary mt-6 w-full", "Go to sign in" }
        };
    }
    let general = error.read().as_ref().and_then(AppError::form_message);
    let password_error = live_password().or_else(|| field_error("password"));
    rsx! {
        document::Title { "Create your account | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Create your account" }
        p { class: "mt-1 text-sm text-ink-muted",
            "Already have one? "
            Link { to: Route::SignIn { next: None, challenge: None, error: None }, class: "font-medium text-brand-700 underline", "Sign in" }
        }
        form { class: "mt-6 space-y-2", onsubmit: submit, novalidate: true,
            if let Some(message) = general {
                FormAlert { message }
            }
            TextField { label: "Full name", name: "full_name", autocomplete: "name", value: full_name, error: field_error("full_name") }
            TextField { label: "Email", name: "email", r#type: "email", autocomplete: "email", value: email, error: field_error("email") }
            TextField {
                label: "Password", name: "password", r#type: "password", autocomplete: "new-password", value: password,
                hint: format!("At least {PASSWORD_MIN_CHARS} characters. A phrase is easiest to remember."),
                error: password_error,
                oninput: move |v: String| live_password.set(if v.is_empty() { None } else { validate_password(&v).err() }),
            }
            button { r#type: "submit", class: "btn-primary mt-4 w-full", disabled: busy(),
                if busy() { "Creating account…" } else { "Create account" }
            }
        }
    }
}
