//! `/verify-email?token=`: confirms the address on request (a GET never changes anything).

use dioxus::prelude::*;

use crate::api::auth::verify_email;
use crate::components::FormAlert;
use crate::route::Route;

/// The email confirmation page.
#[component]
pub fn VerifyEmail(token: Option<String>) -> Element {
    let mut result = use_signal(|| None::<Result<(), String>>);
    let mut busy = use_signal(|| false);
    let confirm = move |_| {
        let token = token.clone().unwrap_or_default();
        async move {
            busy.set(true);
            result.set(Some(verify_email(token).await.map_err(|e| e.to_string())));
            busy.set(false);
        }
    };
    rsx! {
        document::Title { "Confirm your email | Carebook" }
        document::Meta { name: "robots", content: "noindex" }
        h1 { class: "text-2xl font-bold tracking-tight", "Confirm your email" }
        match result() {
            Some(Ok(())) => rsx! {
                div { class: "mt-4", FormAlert { message: "Your email is confirmed. You can sign in now.", success: true } }
                Link { to: Route::SignIn { next: None, challenge: None, error: None }, class: "btn-primary mt-6 w-full", "Sign in" }
            },
            Some(Err(message)) => rsx! {
                div { class: "mt-4", FormAlert { message } }
                Link { to: Route::SignIn { next: None, challenge: None, error: None }, class: "btn-ghost mt-6 w-full", "Go to sign in" }
            },
            None => rsx! {
                p { class: "mt-3 text-ink-muted", "One click and your Carebook account is ready." }
                button { class: "btn-primary mt-6 w-full", disabled: busy(), onclick: confirm, "Confirm my email" }
            },
        }
    }
}
