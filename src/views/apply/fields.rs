//! Small controlled inputs for the application form: each shows its error (linked by aria-describedby).

use dioxus::prelude::*;

fn ring(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "border-red-400 focus:ring-red-500"
    } else {
        "border-slate-300 focus:ring-brand-500"
    }
}

/// The error or hint line under a field.
#[component]
pub fn FieldMessage(id: String, error: Option<String>, #[props(default)] hint: Option<String>) -> Element {
    rsx! {
        p { id: "{id}-msg", class: "min-h-[1.25rem] text-sm",
            if let Some(e) = error {
                span { class: "text-red-700", "data-testid": "field-error", "{e}" }
            } else if let Some(h) = hint {
                span { class: "text-ink-muted", "{h}" }
            }
        }
    }
}

/// A labelled text input.
#[component]
pub fn Input(
    id: String,
    label: String,
    value: String,
    error: Option<String>,
    oninput: EventHandler<String>,
    #[props(default = "text".to_string())] kind: String,
    #[props(default)] hint: Option<String>,
    #[props(default)] disabled: bool,
) -> Element {
    let class = ring(&error);
    rsx! {
        div { class: "space-y-1",
            label { r#for: "{id}", class: "block text-sm font-medium text-ink", "{label}" }
            input { id: "{id}", name: "{id}", r#type: "{kind}", value: "{value}", disabled,
                "aria-invalid": if error.is_some() { "true" } else { "false" },
                "aria-describedby": "{id}-msg",
                class: "block w-full rounded-lg border bg-white px-3 py-2 shadow-sm outline-none focus:ring-2 {class}",
                oninput: move |e| oninput.call(e.value()),
            }
            FieldMessage { id: id.clone(), error: error.clone(), hint: hint.clone() }
        }
    }
}

/// A labelled multi-line input.
#[component]
pub fn TextArea(
    id: String,
    label: String,
    value: String,
    error: Option<String>,
    oninput: EventHandler<String>,
    hint: Option<String>,
) -> Element {
    let class = ring(&error);
    rsx! {
        div { class: "space-y-1",
            label { r#for: "{id}", class: "block text-sm font-medium text-ink", "{label}" }
            textarea { id: "{id}", name: "{id}", rows: "5", value: "{value}",
                "aria-invalid": if error.is_some() { "true" } else { "false" },
                "aria-describedby": "{id}-msg",
                class: "block w-full rounded-lg border bg-white px-3 py-2 shadow-sm outline-none focus:ring-2 {class}",
                oninput: move |e| oninput.call(e.value()),
            }
            FieldMessage { id: id.clone(), error: error.clone(), hint: hint.clone() }
        }
    }
}

/// A labelled select over (value, label) options.
#[component]
pub fn Select(
    id: String,
    label: String,
    value: String,
    options: Vec<(String, String)>,
    error: Option<String>,
    onchange: EventHandler<String>,
) -> Element {
    let class = ring(&error);
    rsx! {
        div { class: "space-y-1",
            label { r#for: "{id}", class: "block text-sm font-medium text-ink", "{label}" }
            select { id: "{id}", name: "{id}",
                "aria-invalid": if error.is_some() { "true" } else { "false" },
                "aria-describedby": "{id}-msg",
                class: "block w-full rounded-lg border bg-white px-3 py-2 shadow-sm outline-none focus:ring-2 {class}",
                onchange: move |e| onchange.call(e.value()),
                for (v, l) in options {
                    option { key: "{v}", value: "{v}", selected: v == value, "{l}" }
                }
            }
            FieldMessage { id: id.clone(), error: error.clone() }
        }
    }
}
