//! `/admin`: the admin dashboard: security settings now; verification queue and stats arrive with doctors.

use dioxus::prelude::*;

use crate::api::two_factor::{get_require_2fa, set_require_2fa};
use crate::components::FormAlert;

/// Admin dashboard.
#[component]
pub fn AdminHome() -> Element {
    let mut required = use_server_future(get_require_2fa)?;
    let mut error = use_signal(|| None::<String>);
    let on = matches!(*required.read(), Some(Ok(true)));
    rsx! {
        document::Title { "Admin | Carebook" }
        h1 { class: "text-2xl font-bold tracking-tight", "Administration" }
        section { class: "card mt-6 p-6",
            h2 { class: "font-semibold", "Doctor applications" }
            p { class: "mt-2 text-ink-muted", "Verify licences and documents, then approve, reject or ask for changes." }
            Link { to: crate::route::Route::AdminApplications {}, class: "btn-primary mt-4", "Open the review queue" }
        }
        crate::components::NotificationsCard {}
        section { class: "card mt-6 space-y-3 p-6",
            h2 { class: "font-semibold", "Security" }
            if let Some(message) = error() {
                FormAlert { message }
            }
            label { class: "flex items-center gap-3",
                input { r#type: "checkbox", checked: on, "data-testid": "require-2fa",
                    class: "h-4 w-4 rounded border-slate-300 text-brand-600",
                    onchange: move |e| async move {
                        match set_require_2fa(e.checked()).await {
                            Ok(()) => { error.set(None); required.restart(); }
                            Err(err) => error.set(Some(err.to_string())),
                        }
                    },
                }
                span { "Require two-factor sign-in for doctors and admins" }
            }
        }
    }
}
