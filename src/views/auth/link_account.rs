//! `/link-account?token=`: an account already uses the provider's (verified) email; confirm it is yours
//! with its password to link the two and sign in.

use dioxus::prelude::*;

use crate::api::auth::confirm_provider_link;
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::layouts::session::AuthEpoch;
use crate::model::auth::safe_next;

/// The link confirmation page.
#[component]
pub fn LinkAccount(token: Option<String>) -> Element {
    let password = use_signal(String::new);
    let mut error = use_signal(|| None::<AppError>);
    let epoch = use_context::<AuthEpoch>();
    let nav = navigator();
    let submit = move |e: FormEvent| {
        e.prevent_default();
        let token = token.clone().unwrap_or_default();
        async move {
            match confirm_provider_link(token, password()).await {
                Ok(user) => {
                    epoch.bump();
                    nav.replace(safe_next(None, user.role));
                }
                Err(err) => error.set(Some(err)),
            }
        }
    };
    let (field, general) = match error() {
        Some(AppError::Validation(f)) => (f.values().next().cloned(), None),
        Some(other) => (None, Some(other.to_string())),
        None => (None, None),
    };
    rsx! {
        document::Title { "Link your account | Carebook" }
        document::Meta { name: "robots", content: "noindex" }
        h1 { class: "text-2xl font-bold tracking-tight", "You already have an account" }
        p { class: "mt-1 text-sm text-ink-muted", "Enter its password once to link it; after that either way of signing in works." }
        form { class: "mt-6 space-y-2", onsubmit: submit, novalidate: true,
            if let Some(message) = general { FormAlert { message } }
            TextField { label: "Password", name: "password", r#type: "password", autocomplete: "current-password", value: password, error: field }
            button { r#type: "submit", class: "btn-primary w-full", "Link and sign in" }
        }
    }
}
