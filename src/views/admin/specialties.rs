//! `/admin/specialties`: the specialty catalogue — add one, or edit a name, address or description.

use dioxus::prelude::*;

use crate::api::specialties::get_home;
use crate::api::specialties::save_specialty;
use crate::components::FormAlert;
use crate::error::AppError;
use crate::model::specialty::SpecialtyForm;
use crate::model::Specialty;

/// The catalogue with an editor.
#[component]
pub fn AdminSpecialties() -> Element {
    let mut home = use_server_future(get_home)?;
    let mut editing = use_signal(|| None::<Option<String>>);
    let list: Vec<Specialty> = home.read().clone().and_then(Result::ok).map(|h| h.specialties).unwrap_or_default();
    let mut sorted = list.clone();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    rsx! {
        document::Title { "Specialties | Carebook admin" }
        div { class: "flex items-center justify-between gap-3",
            h1 { class: "text-2xl font-bold tracking-tight", "Specialties" }
            button { class: "btn-primary", "data-testid": "add-specialty", onclick: move |_| editing.set(Some(None)), "Add a specialty" }
        }
        if let Some(original) = editing() {
            SpecialtyEditor {
                key: "{original:?}",
                initial: original.as_ref().and_then(|s| list.iter().find(|x| &x.slug == s)).map(|s| SpecialtyForm {
                    slug: s.slug.clone(), name: s.name.clone(), description: s.description.clone(),
                }).unwrap_or_default(),
                original: original.clone(),
                on_done: move |_| { editing.set(None); home.restart(); },
            }
        }
        div { class: "card relative mt-6 overflow-x-auto",
            table { class: "w-full text-left text-sm", "data-testid": "specialties",
                thead { tr { class: "border-b border-slate-200",
                    th { class: "p-3", "Name" } th { class: "p-3", "Address" } th { class: "p-3", "Doctors" } th { class: "p-3", span { class: "sr-only", "Actions" } }
                } }
                tbody {
                    for s in sorted {
                        tr { key: "{s.slug}", class: "border-b border-slate-100 last:border-0",
                            td { class: "p-3", p { class: "font-medium", "{s.name}" } p { class: "text-ink-muted", "{s.description}" } }
                            td { class: "p-3 font-mono", "/specialties/{s.slug}" }
                            td { class: "p-3", "{s.doctor_count}" }
                            td { class: "p-3",
                                button { class: "btn-ghost", "aria-label": "Edit {s.name}", onclick: move |_| editing.set(Some(Some(s.slug.clone()))), "Edit" }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn SpecialtyEditor(initial: SpecialtyForm, original: Option<String>, on_done: EventHandler<()>) -> Element {
    let mut form = use_signal(|| initial.clone());
    let mut error = use_signal(|| None::<AppError>);
    let field_error = move |k: &str| error().and_then(|e| e.field_message(k));
    let save = move |e: FormEvent| {
        let original = original.clone();
        async move {
            e.prevent_default();
            if let Err(err) = form.read().validate() {
                error.set(Some(err));
                return;
            }
            match save_specialty(original, form()).await {
                Ok(_) => on_done.call(()),
                Err(err) => error.set(Some(err)),
            }
        }
    };
    let input = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2";
    rsx! {
        form { class: "card mt-6 space-y-3 p-6", "data-testid": "specialty-editor", onsubmit: save,
            label { class: "block text-sm font-medium", "Name"
                input { class: "{input}", name: "name", value: "{form.read().name}", oninput: move |e| form.with_mut(|f| f.name = e.value()) }
            }
            if let Some(m) = field_error("name") { p { class: "text-sm text-red-700", role: "alert", "{m}" } }
            label { class: "block text-sm font-medium", "Address (leave empty to derive it from the name)"
                input { class: "{input}", name: "slug", value: "{form.read().slug}", oninput: move |e| form.with_mut(|f| f.slug = e.value()) }
            }
            if let Some(m) = field_error("slug") { p { class: "text-sm text-red-700", role: "alert", "{m}" } }
            label { class: "block text-sm font-medium", "Description"
                textarea { class: "{input}", name: "description", rows: "2", value: "{form.read().description}", oninput: move |e| form.with_mut(|f| f.description = e.value()) }
            }
            if let Some(m) = field_error("description") { p { class: "text-sm text-red-700", role: "alert", "{m}" } }
            if let Some(m) = error().and_then(|e| e.form_message()) { FormAlert { message: m } }
            div { class: "flex gap-2",
                button { r#type: "submit", class: "btn-primary", "data-testid": "save-specialty", "Save" }
                button { r#type: "button", class: "btn-ghost", onclick: move |_| on_done.call(()), "Cancel" }
            }
        }
    }
}
