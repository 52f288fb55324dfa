//! The two-factor section of the security page: set up with a QR code, confirm, keep recovery codes,
//! or turn it off.

use dioxus::prelude::*;

use crate::api::two_factor::{begin_two_factor, confirm_two_factor, disable_two_factor, get_two_factor};
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::model::auth::TotpEnrolment;

/// Two-factor sign-in settings.
#[component]
pub fn TwoFactorSettings() -> Element {
    let mut status = use_server_future(get_two_factor)?;
    let mut enrolment = use_signal(|| None::<TotpEnrolment>);
    let mut codes = use_signal(|| None::<Vec<String>>);
    let mut error = use_signal(|| None::<AppError>);
    let code = use_signal(String::new);
    let password = use_signal(String::new);
    let current = status.read().clone();
    let Some(Ok(current)) = current else { return rsx! {} };
    let field = move |name: &str| error.read().as_ref().and_then(|e| e.field_message(name));
    let general = error.read().as_ref().and_then(AppError::form_message);
    rsx! {
        section { class: "card mt-8 space-y-3 p-6", "data-testid": "two-factor",
            h2 { class: "text-lg font-semibold", "Two-factor sign-in" }
            if current.required && !current.enabled {
                FormAlert { message: "Your role requires two-factor sign-in. Set it up to continue." }
            }
            if let Some(message) = general {
                FormAlert { message }
            }
            if let Some(list) = codes() {
                FormAlert { success: true, message: "Two-factor sign-in is on. Keep these recovery codes somewhere safe: each works once if you lose your phone." }
                ul { class: "grid grid-cols-2 gap-2 font-mono text-sm", "data-testid": "recovery-codes",
                    for c in list { li { key: "{c}", class: "rounded bg-slate-100 px-2 py-1", "{c}" } }
                }
            } else if current.enabled {
                p { class: "text-ink-muted", "On. {current.recovery_codes_left} recovery codes left." }
                form { class: "space-y-2", novalidate: true,
                    onsubmit: move |e: FormEvent| async move {
                        e.prevent_default();
                        match disable_two_factor(password()).await {
                            Ok(()) => { error.set(None); status.restart(); }
                            Err(e) => error.set(Some(e)),
                        }
                    },
                    TextField { label: "Current password", name: "current_password", r#type: "password", autocomplete: "current-password", value: password, error: field("current_password") }
                    button { r#type: "submit", class: "btn-ghost text-red-700", "Turn off two-factor sign-in" }
                }
            } else if let Some(e) = enrolment() {
                p { class: "text-ink-muted", "Scan this code with an authenticator app, then enter the 6-digit code it shows." }
                div { class: "mx-auto w-52", dangerous_inner_html: "{e.qr_svg}" }
                p { class: "break-all text-center font-mono text-sm", "data-testid": "totp-secret", "{e.secret}" }
                form { class: "space-y-2", novalidate: true,
                    onsubmit: move |ev: FormEvent| async move {
                        ev.prevent_default();
                        match confirm_two_factor(code()).await {
                            Ok(list) => { error.set(None); codes.set(Some(list)); status.restart(); }
                            Err(e) => error.set(Some(e)),
                        }
                    },
                    TextField { label: "Code from the app", name: "code", autocomplete: "one-time-code", value: code, error: field("code") }
                    button { r#type: "submit", class: "btn-primary", "Turn on" }
                }
            } else {
                p { class: "text-ink-muted", "Add a code from your phone to every sign-in, so a stolen password isn't enough." }
                button { class: "btn-primary", "data-testid": "begin-2fa",
                    onclick: move |_| async move {
                        match begin_two_factor().await {
                            Ok(e) => { error.set(None); enrolment.set(Some(e)); }
                            Err(e) => error.set(Some(e)),
                        }
                    },
                    "Set up two-factor sign-in"
                }
            }
        }
    }
}
