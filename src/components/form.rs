//! Form building blocks: labelled text fields with inline errors, and a form-level alert.

use dioxus::prelude::*;

/// A labelled input bound to `value`, with its error (if any) announced and linked by aria-describedby.
#[component]
pub fn TextField(
    label: String,
    name: String,
    value: Signal<String>,
    #[props(default = "text".to_string())] r#type: String,
    #[props(default)] autocomplete: String,
    #[props(default)] hint: Option<String>,
    #[props(default)] error: Option<String>,
    #[props(default)] oninput: Option<EventHandler<String>>,
) -> Element {
    let mut value = value;
    let input_type = r#type.clone();
    let id = format!("field-{name}");
    let described = format!("{id}-msg");
    let invalid = error.is_some();
    let ring = if invalid { "border-red-400 focus:ring-red-500" } else { "border-slate-300 focus:ring-brand-500" };
    rsx! {
        div { class: "space-y-1",
            label { r#for: "{id}", class: "block text-sm font-medium text-ink", "{label}" }
            input {
                id: "{id}",
                name: "{name}",
                r#type: "{input_type}",
                autocomplete: "{autocomplete}",
                value: "{value}",
                "aria-invalid": if invalid { "true" } else { "false" },
                "aria-describedby": "{described}",
                class: "block w-full rounded-lg border bg-white px-3 py-2 text-ink shadow-sm outline-none focus:ring-2 {ring}",
                oninput: move |e| {
                    value.set(e.value());
                    if let Some(h) = &oninput {
                        h.call(e.value());
                    }
                },
            }
            p { id: "{described}", class: "min-h-[1.25rem] text-sm",
                if let Some(e) = &error {
                    span { class: "text-red-700", role: "alert", "{e}" }
                } else if let Some(h) = &hint {
                    span { class: "text-ink-muted", "{h}" }
                }
            }
        }
    }
}

/// A form-level message (error or success).
#[component]
pub fn FormAlert(message: String, #[props(default)] success: bool) -> Element {
    let style =
        if success { "border-brand-200 bg-brand-50 text-brand-800" } else { "border-red-200 bg-red-50 text-red-800" };
    rsx! {
        div { role: if success { "status" } else { "alert" }, class: "rounded-lg border px-3 py-2 text-sm {style}", "{message}" }
    }
}

/// A page's data could not be loaded: the error's message in an alert, and (rendered on the server) the
/// error's HTTP status on the response, so a failed page never answers 200.
#[component]
pub fn LoadFailed(error: crate::error::AppError, #[props(default)] class: String) -> Element {
    #[cfg(feature = "server")]
    dioxus::fullstack::FullstackContext::commit_http_status(
        dioxus::fullstack::AsStatusCode::as_status_code(&error),
        None,
    );
    rsx! {
        div { role: "alert", class: "rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 {class}", "{error}" }
    }
}
