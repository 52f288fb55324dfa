//! The documents step: drop files or pick them, see each upload's progress, remove mistakes. Files are
//! checked (type sniffed from the first bytes, size) in the browser with the server's own rule.

use dioxus::html::{FileData, HasFileData};
use dioxus::prelude::*;

use crate::api::applications::delete_document;
use crate::components::upload::post_bytes_with_progress;
use crate::error::AppError;
use crate::model::application::{check_document, DocumentInfo, DOCUMENT_MAX_BYTES};

/// One upload in flight or failed.
#[derive(Clone, PartialEq)]
struct Upload {
    name: String,
    progress: f64,
    error: Option<String>,
}

/// Upload documents for the application; `documents` is the list the server has.
#[component]
pub fn DocumentsStep(documents: Signal<Vec<DocumentInfo>>, error: Option<String>, editable: bool) -> Element {
    let mut uploads = use_signal(Vec::<Upload>::new);
    let mut kind = use_signal(|| "licence".to_string());
    let mut dragging = use_signal(|| false);
    let send = move |files: Vec<FileData>| {
        for file in files {
            spawn(async move {
                let name = file.name();
                let idx = uploads.len();
                uploads.push(Upload { name: name.clone(), progress: 0.0, error: None });
                let mut fail = move |m: String| uploads.with_mut(|u| u[idx].error = Some(m));
                if file.size() as usize > DOCUMENT_MAX_BYTES {
                    fail(format!("{name} is larger than 10 MB."));
                    return;
                }
                let Ok(bytes) = file.read_bytes().await else {
                    fail(format!("{name} could not be read."));
                    return;
                };
                let declared = file.content_type().unwrap_or_default();
                if let Err(m) = check_document(&name, &declared, bytes.len(), &bytes[..bytes.len().min(16)]) {
                    fail(m);
                    return;
                }
                let url = format!(
                    "/api/applications/documents?kind={}&name={}",
                    kind.peek(),
                    percent_encoding::utf8_percent_encode(&name, crate::model::QUERY_VALUE)
                );
                let on_progress = move |p: f64| uploads.with_mut(|u| u[idx].progress = p);
                match post_bytes_with_progress(&url, bytes.to_vec(), &declared, on_progress).await {
                    Ok(v) => match serde_json::from_value::<DocumentInfo>(v) {
                        Ok(doc) => {
                            documents.push(doc);
                            uploads.with_mut(|u| u[idx].progress = 1.0);
                        }
                        Err(_) => fail("Unexpected answer from the server.".into()),
                    },
                    Err(AppError::Validation(f)) => fail(f.into_values().next().unwrap_or_default()),
                    Err(e) => fail(e.to_string()),
                }
            });
        }
    };
    let zone = if dragging() { "border-brand-500 bg-brand-50" } else { "border-slate-300 bg-white" };
    rsx! {
        p { class: "text-ink-muted", "Upload your licence or registration certificate (required) and any degree certificates. PDF, JPEG or PNG, up to 10 MB each. Only you and Carebook's reviewers can see them." }
        if editable {
            div { class: "grid gap-3 sm:grid-cols-2",
                label { class: "block text-sm font-medium",
                    "This file is"
                    select { class: "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2", id: "document-kind",
                        onchange: move |e| kind.set(e.value()),
                        option { value: "licence", "Licence / registration certificate" }
                        option { value: "certificate", "Degree or training certificate" }
                        option { value: "other", "Other supporting document" }
                    }
                }
            }
            div { class: "rounded-xl border-2 border-dashed p-8 text-center {zone}", "data-testid": "dropzone",
                ondragover: move |e| { e.prevent_default(); dragging.set(true); },
                ondragleave: move |_| dragging.set(false),
                ondrop: move |e| { e.prevent_default(); dragging.set(false); send(e.files()); },
                p { class: "font-medium", "Drag and drop files here" }
                p { class: "mt-1 text-sm text-ink-muted", "or" }
                label { class: "btn-primary mt-2 cursor-pointer",
                    "Choose files"
                    input { r#type: "file", class: "sr-only", multiple: true, accept: "application/pdf,image/jpeg,image/png",
                        "data-testid": "document-input", onchange: move |e| send(e.files()) }
                }
            }
        }
        if let Some(e) = error {
            p { role: "alert", class: "text-sm text-red-700", "data-testid": "field-error", "{e}" }
        }
        ul { class: "space-y-2", "aria-live": "polite", "data-testid": "uploads",
            for (i, u) in uploads().into_iter().enumerate().filter(|(_, u)| u.error.is_some() || u.progress < 1.0) {
                li { key: "u{i}", class: "card p-3 text-sm",
                    p { "{u.name}" }
                    if let Some(e) = u.error {
                        p { class: "text-red-700", role: "alert", "{e}" }
                    } else {
                        progress { class: "w-full", max: "100", value: "{(u.progress * 100.0).round()}", "aria-label": "Uploading {u.name}" }
                    }
                }
            }
            for d in documents() {
                li { key: "{d.id}", class: "card flex items-center justify-between gap-3 p-3 text-sm", "data-testid": "document",
                    a { href: "{d.url()}", target: "_blank", rel: "noopener", class: "underline", "{d.file_name}" }
                    span { class: "text-ink-muted", "{kind_label(&d.kind)} · {d.size_bytes / 1024} KB" }
                    if editable {
                        button { r#type: "button", class: "btn-ghost", "aria-label": "Remove {d.file_name}",
                            onclick: move |_| async move {
                                if delete_document(d.id).await.is_ok() {
                                    documents.retain(|x| x.id != d.id);
                                }
                            },
                            "Remove"
                        }
                    }
                }
            }
        }
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "licence" => "Licence",
        "certificate" => "Certificate",
        _ => "Other",
    }
}
