//! The signed-in user as the UI sees it: a reactive "auth epoch" that refreshes `get_me` after sign-in
//! and sign-out, and the guard that protects role areas.

use dioxus::prelude::*;

use crate::api::auth::get_me;
use crate::model::{Role, SessionUser};
use crate::route::Route;

/// Bumped after sign-in/sign-out so every `use_me` re-asks the server.
#[derive(Clone, Copy)]
pub struct AuthEpoch(pub Signal<u32>);

impl AuthEpoch {
    /// Mark the session as changed.
    pub fn bump(mut self) {
        *self.0.write() += 1;
    }
}

/// The current user (server-rendered with the request's cookie, hydrated on the client).
pub fn use_me() -> Result<Resource<Result<Option<SessionUser>, crate::error::AppError>>, RenderError> {
    let epoch = use_context::<AuthEpoch>();
    use_server_future(move || {
        let _ = (epoch.0)();
        get_me()
    })
}

/// The outcome of a role check for a page.
pub enum Access {
    /// Show the page to this user.
    Granted(SessionUser),
    /// Show this instead: the sign-in redirect, the 403 page, or an error.
    Denied(Element),
}

/// Decide access to a page for `roles` from the `use_me` state: anonymous visitors are sent to sign-in
/// (303 during SSR), other roles get the 403 page. The server re-checks every call regardless.
pub fn require_role(
    me: Option<Result<Option<SessionUser>, crate::error::AppError>>,
    roles: &[Role],
    route: &Route,
) -> Access {
    match me {
        Some(Ok(Some(user))) if roles.contains(&user.role) => Access::Granted(user),
        Some(Ok(Some(_))) => Access::Denied(rsx! { Forbidden {} }),
        Some(Ok(None)) => Access::Denied(rsx! { RedirectToSignIn { next: route.to_string() } }),
        Some(Err(e)) => Access::Denied(rsx! { div { class: "p-6", crate::components::LoadFailed { error: e } } }),
        None => Access::Denied(rsx! {}),
    }
}

/// Anonymous visitor on a protected page: 303 to sign-in during SSR, client-side navigation otherwise.
#[component]
fn RedirectToSignIn(next: String) -> Element {
    let target = Route::SignIn { next: Some(next.clone()), challenge: None, error: None };
    #[cfg(feature = "server")]
    if let Some(ctx) = dioxus::fullstack::FullstackContext::current() {
        // Built by hand: the router would append empty query params ("&").
        if let Ok(location) = axum::http::HeaderValue::from_str(&format!("/sign-in?next={next}")) {
            ctx.add_response_header(axum::http::header::LOCATION, location);
        }
        dioxus::fullstack::FullstackContext::commit_http_status(dioxus::fullstack::StatusCode::SEE_OTHER, None);
    }
    let nav = navigator();
    let to = target.clone();
    use_effect(move || {
        nav.replace(to.clone());
    });
    rsx! {
        p { class: "p-6", "Please " Link { to: target, class: "text-brand-700 underline", "sign in" } " to continue." }
    }
}

/// The 403 page (status 403 during SSR).
#[component]
pub fn Forbidden() -> Element {
    #[cfg(feature = "server")]
    dioxus::fullstack::FullstackContext::commit_http_status(dioxus::fullstack::StatusCode::FORBIDDEN, None);
    rsx! {
        document::Title { "Access denied | Carebook" }
        section { class: "mx-auto max-w-lg px-4 py-20 text-center", "data-testid": "forbidden",
            p { class: "text-sm font-semibold text-accent-600", "403" }
            h1 { class: "mt-2 text-3xl font-bold tracking-tight", "This area isn't for your account" }
            p { class: "mt-3 text-ink-muted", "You're signed in, but your role doesn't give access to this page." }
            Link { to: Route::Home { specialty: None }, class: "btn-primary mt-8", "Back to Carebook" }
        }
    }
}
