//! `/sign-in?next=`: email + password with "remember me"; lands on `next` (local paths only) or the
//! role's dashboard.

use dioxus::prelude::*;

use crate::api::auth::{get_auth_options, sign_in, sign_in_second_step};
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::layouts::session::AuthEpoch;
use crate::model::auth::{safe_next, SignIn as SignInForm, SignInResult};
use crate::route::Route;

/// The sign-in page.
#[component]
pub fn SignIn(next: Option<String>, challenge: Option<String>, error: Option<String>) -> Element {
    let options = use_server_future(get_auth_options)?;
    let provider = options.read().clone().and_then(Result::ok).and_then(|o| o.provider_label);
    let provider_error = error.as_deref() == Some("provider");
    let email = use_signal(String::new);
    let password = use_signal(String::new);
    let mut remember = use_signal(|| false);
    let mut error = use_signal(|| None::<AppError>);
    let mut busy = use_signal(|| false);
    let mut challenge = use_signal(move || challenge);
    let code = use_signal(String::new);
    let epoch = use_context::<AuthEpoch>();
    let nav = navigator();
    let field_error = move |name: &str| error.read().as_ref().and_then(|e| e.field_message(name));
    let next_after_code = next.clone();
    let provider_href = format!("/auth/oidc/start?return_to={}", next.clone().unwrap_or_default());
    let submit_code = move |e: FormEvent| {
        e.prevent_default();
        let next = next_after_code.clone();
        async move {
            let Some(ch) = challenge() else { return };
            busy.set(true);
            match sign_in_second_step(ch, code()).await {
                Ok(user) => {
                    epoch.bump();
                    nav.replace(safe_next(next.as_deref(), user.role));
                }
                Err(err @ AppError::BadRequest(_)) => {
                    challenge.set(None);
                    error.set(Some(err));
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        }
    };
    let submit = move |e: FormEvent| {
        e.prevent_default();
        let next = next.clone();
        async move {
            let form = SignInForm { email: email(), password: password(), remember: remember() };
            if let Err(err) = form.validate() {
                error.set(Some(err));
                return;
            }
            busy.set(true);
            match sign_in(form).await {
                Ok(SignInResult::SignedIn { user }) => {
                    epoch.bump();
                    nav.replace(safe_next(next.as_deref(), user.role));
                }
                Ok(SignInResult::TwoFactor { challenge: ch }) => {
                    error.set(None);
                    challenge.set(Some(ch));
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        }
    };
    let general = error.read().as_ref().and_then(AppError::form_message);
    if challenge().is_some() {
        return rsx! {
            document::Title { "Two-factor sign-in | Carebook" }
            h1 { class: "text-2xl font-bold tracking-tight", "Enter your code" }
            p { class: "mt-1 text-sm text-ink-muted", "Open your authenticator app and enter the 6-digit code for Carebook — or one of your recovery codes." }
            form { class: "mt-6 space-y-2", onsubmit: submit_code, novalidate: true,
                if let Some(message) = general {
                    FormAlert { message }
                }
                TextField { label: "Code", name: "code", autocomplete: "one-time-code", value: code, error: field_error("code") }
                button { r#type: "submit", class: "btn-primary w-full", disabled: busy(), "Verify" }
            }
        };
    }
    rsx! {
        document::Title { "Sign in | Carebook" }
        document::Meta { name: "description", content: "Sign in to Carebook to book, move or cancel visits with your doctors and keep your appointments in one place." }
        h1 { class: "text-2xl font-bold tracking-tight", "Sign in" }
        p { class: "mt-1 text-sm text-ink-muted",
            "New to Carebook? "
            Link { to: Route::SignUp {}, class: "font-medium text-brand-700 underline", "Create an account" }
        }
        if provider_error {
            div { class: "mt-4", FormAlert { message: "Sign-in with the provider didn't work. Please try again." } }
        }
        if let Some(label) = provider {
            a { href: "{provider_href}", class: "btn-ghost mt-6 w-full border border-slate-300", "data-testid": "provider-sign-in",
                "Continue with {label}"
            }
            p { class: "mt-4 text-center text-xs uppercase tracking-wider text-ink-muted", "or with your email" }
        }
        form { class: "mt-6 space-y-2", onsubmit: submit, novalidate: true,
            if let Some(message) = general {
                FormAlert { message }
            }
            TextField { label: "Email", name: "email", r#type: "email", autocomplete: "username", value: email, error: field_error("email") }
            TextField { label: "Password", name: "password", r#type: "password", autocomplete: "current-password", value: password, error: field_error("password") }
            p { class: "-mt-1 text-right text-sm",
                Link { to: Route::ForgotPassword {}, class: "text-brand-700 underline", "Forgot your password?" }
            }
            label { class: "flex items-center gap-2 text-sm",
                input { r#type: "checkbox", name: "remember", checked: remember(), onchange: move |e| remember.set(e.checked()),
                    class: "h-4 w-4 rounded border-slate-300 text-brand-600" }
                "Keep me signed in on this device"
            }
            button { r#type: "submit", class: "btn-primary mt-4 w-full", disabled: busy(),
                if busy() { "Signing in…" } else { "Sign in" }
            }
        }
    }
}
