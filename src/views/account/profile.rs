//! `/account/profile`: edit personal details and the photo; delete the account.

use dioxus::prelude::*;

use crate::api::profile::{delete_account, get_profile, update_profile};
use crate::components::upload::post_bytes;
use crate::components::{FormAlert, TextField};
use crate::error::AppError;
use crate::layouts::session::AuthEpoch;
use crate::model::profile::{Profile as ProfileData, GENDERS, PHOTO_MAX_BYTES};
use crate::route::Route;

/// The profile page.
#[component]
pub fn Profile() -> Element {
    let loaded = use_server_future(get_profile)?;
    let Some(Ok(initial)) = loaded.read().clone() else {
        return rsx! { p { role: "alert", "Your profile could not be loaded." } };
    };
    rsx! { ProfileForm { initial } }
}

#[component]
fn ProfileForm(initial: ProfileData) -> Element {
    let full_name = use_signal(|| initial.full_name.clone());
    let phone = use_signal(|| initial.phone.clone());
    let date_of_birth = use_signal(|| initial.date_of_birth.clone());
    let mut gender = use_signal(|| initial.gender.clone());
    let address = use_signal(|| initial.address.clone());
    let time_zone = use_signal(|| initial.time_zone.clone());
    let mut photo_url = use_signal(|| initial.photo_url.clone());
    let mut error = use_signal(|| None::<AppError>);
    let mut saved = use_signal(|| false);
    let mut photo_error = use_signal(|| None::<String>);
    let email = initial.email.clone();
    let save = move |e: FormEvent| {
        let email = email.clone();
        async move {
            e.prevent_default();
            saved.set(false);
            let form = ProfileData {
                full_name: full_name(),
                email,
                phone: phone(),
                date_of_birth: date_of_birth(),
                gender: gender(),
                address: address(),
                time_zone: time_zone(),
                photo_url: None,
            };
            let today = chrono::Utc::now().date_naive();
            if let Err(err) = form.validate(today) {
                error.set(Some(err));
                return;
            }
            match update_profile(form).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(err) => error.set(Some(err)),
            }
        }
    };
    let upload = move |e: FormEvent| async move {
        let Some(file) = e.files().into_iter().next() else { return };
        if file.size() as usize > PHOTO_MAX_BYTES {
            photo_error.set(Some("That file is over 5 MB. Choose a smaller image.".into()));
            return;
        }
        let kind = file.content_type().unwrap_or_default();
        let Ok(bytes) = file.read_bytes().await else { return };
        match post_bytes("/api/account/photo", bytes.to_vec(), &kind).await {
            Ok(v) => {
                photo_error.set(None);
                photo_url.set(v["url"].as_str().map(str::to_string));
            }
            Err(AppError::Validation(f)) => photo_error.set(f.values().next().cloned()),
            Err(other) => photo_error.set(Some(other.to_string())),
        }
    };
    let field = move |name: &str| error.read().as_ref().and_then(|e| e.field_message(name));
    let general = error.read().as_ref().and_then(AppError::form_message);
    rsx! {
        document::Title { "Profile | Carebook" }
        div { class: "mx-auto max-w-2xl space-y-8",
            h1 { class: "text-2xl font-bold tracking-tight", "Your profile" }
            section { class: "card flex items-center gap-5 p-6",
                if let Some(url) = photo_url() {
                    img { src: "{url}", alt: "Your photo", class: "h-20 w-20 rounded-full object-cover", "data-testid": "profile-photo" }
                } else {
                    div { class: "flex h-20 w-20 items-center justify-center rounded-full bg-brand-100 text-2xl text-brand-800", "aria-hidden": "true", "?" }
                }
                div { class: "space-y-1",
                    label { r#for: "photo", class: "btn-ghost cursor-pointer border border-slate-300", "Upload a photo" }
                    input { id: "photo", r#type: "file", accept: "image/jpeg,image/png,image/webp", class: "sr-only", onchange: upload }
                    p { class: "text-sm text-ink-muted", "JPEG, PNG or WebP, up to 5 MB. We crop it square and remove hidden metadata." }
                    if let Some(m) = photo_error() { p { class: "text-sm text-red-700", role: "alert", "{m}" } }
                }
            }
            form { class: "card space-y-2 p-6", onsubmit: save, novalidate: true,
                if saved() { FormAlert { success: true, message: "Saved." } }
                if let Some(message) = general { FormAlert { message } }
                p { class: "text-sm text-ink-muted", "Email: " strong { "{initial.email}" } }
                TextField { label: "Full name", name: "full_name", autocomplete: "name", value: full_name, error: field("full_name") }
                TextField { label: "Phone", name: "phone", r#type: "tel", autocomplete: "tel", value: phone, error: field("phone") }
                TextField { label: "Date of birth", name: "date_of_birth", r#type: "date", autocomplete: "bday", value: date_of_birth, error: field("date_of_birth") }
                div { class: "space-y-1",
                    label { r#for: "field-gender", class: "block text-sm font-medium", "Gender" }
                    select { id: "field-gender", class: "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2",
                        onchange: move |e| gender.set(e.value()),
                        for (value, label) in GENDERS {
                            option { key: "{value}", value: "{value}", selected: gender() == *value, "{label}" }
                        }
                    }
                    if let Some(e) = field("gender") { p { class: "text-sm text-red-700", "{e}" } }
                }
                TextField { label: "Address", name: "address", autocomplete: "street-address", value: address, error: field("address") }
                TextField { label: "Time zone", name: "time_zone", value: time_zone, hint: "Times are shown in this zone, e.g. America/New_York.".to_string(), error: field("time_zone") }
                button { r#type: "submit", class: "btn-primary", "Save profile" }
            }
            super::reminders::Reminders {}
            DeleteAccount {}
        }
    }
}

#[component]
fn DeleteAccount() -> Element {
    let password = use_signal(String::new);
    let mut error = use_signal(|| None::<String>);
    let epoch = use_context::<AuthEpoch>();
    let nav = navigator();
    rsx! {
        section { class: "card space-y-2 border border-red-200 p-6",
            h2 { class: "font-semibold text-red-800", "Delete your account" }
            p { class: "text-sm text-ink-muted", "Your personal details and photo are erased and every device is signed out. Records doctors must keep stay, without your name." }
            form { class: "space-y-2", novalidate: true,
                onsubmit: move |e: FormEvent| async move {
                    e.prevent_default();
                    match delete_account(password()).await {
                        Ok(()) => { epoch.bump(); nav.replace(Route::Home { specialty: None }); }
                        Err(AppError::Validation(f)) => error.set(f.values().next().cloned()),
                        Err(other) => error.set(Some(other.to_string())),
                    }
                },
                TextField { label: "Current password", name: "delete_password", r#type: "password", autocomplete: "current-password", value: password, error: error() }
                button { r#type: "submit", class: "btn bg-red-700 text-white hover:bg-red-800", "Delete my account" }
            }
        }
    }
}
