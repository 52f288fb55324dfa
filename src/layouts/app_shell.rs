//! Signed-in shells: one per audience (patient, doctor, admin, any account), each with its own navigation,
//! all behind `RequireRole`.

use dioxus::prelude::*;

use super::session::{require_role, use_me, Access, AuthEpoch};
use crate::api::auth::sign_out;
use crate::components::Logo;
use crate::model::Role;
use crate::model::SessionUser;
use crate::route::Route;

/// Which navigation a shell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Patient,
    Doctor,
    Admin,
    /// Pages every signed-in user has (account settings).
    Account,
}

impl Audience {
    fn roles(self) -> Vec<Role> {
        match self {
            Audience::Patient => vec![Role::Patient],
            Audience::Doctor => vec![Role::Doctor],
            Audience::Admin => vec![Role::Admin],
            Audience::Account => vec![Role::Patient, Role::Doctor, Role::Admin],
        }
    }
}

/// Patient area (`/patient/...`).
#[component]
pub fn PatientShell() -> Element {
    rsx! { AppShell { audience: Audience::Patient } }
}

/// Doctor area (`/doctor/...`).
#[component]
pub fn DoctorShell() -> Element {
    rsx! { AppShell { audience: Audience::Doctor } }
}

/// Admin area (`/admin/...`).
#[component]
pub fn AdminShell() -> Element {
    rsx! { AppShell { audience: Audience::Admin } }
}

/// Account pages for any signed-in user (`/account/...`).
#[component]
pub fn AccountShell() -> Element {
    rsx! { AppShell { audience: Audience::Account } }
}

#[component]
fn AppShell(audience: Audience) -> Element {
    let me = use_me()?;
    let route = use_route::<Route>();
    let user = match require_role(me.read().clone(), &audience.roles(), &route) {
        Access::Granted(user) => user,
        Access::Denied(page) => return page,
    };
    // Staff required to use two-factor sign-in see only the way to set it up (the server enforces it too).
    let blocked = user.needs_2fa_setup && audience != Audience::Account;
    rsx! {
        div { class: "flex min-h-screen flex-col",
            ShellHeader { user }
            main { id: "main", class: "container-page flex-1 py-8",
                if blocked {
                    section { class: "card mx-auto max-w-lg p-6 text-center", "data-testid": "needs-2fa",
                        h1 { class: "text-xl font-bold", "Set up two-factor sign-in" }
                        p { class: "mt-2 text-ink-muted", "Your organisation requires a code from your phone at every sign-in for this area." }
                        Link { to: Route::Security {}, class: "btn-primary mt-6", "Set it up now" }
                    }
                } else {
                    Outlet::<Route> {}
                }
            }
        }
    }
}

/// The signed-in header: brand, the role's navigation, account links and sign-out.
#[component]
fn ShellHeader(user: SessionUser) -> Element {
    let epoch = use_context::<AuthEpoch>();
    let nav = navigator();
    let links: Vec<(&str, Route)> = match user.role {
        Role::Patient => vec![
            ("My care", Route::PatientHome {}),
            ("Appointments", Route::PatientAppointments {}),
            ("Find a doctor", Route::Doctors { query: Default::default() }),
            ("Join as a doctor", Route::Apply {}),
        ],
        Role::Doctor => vec![
            ("Dashboard", Route::DoctorHome {}),
            ("Appointments", Route::DoctorAppointments {}),
            ("Schedule", Route::DoctorSchedule {}),
            ("My profile", Route::Apply {}),
        ],
        Role::Admin => vec![
            ("Dashboard", Route::AdminHome {}),
            ("Applications", Route::AdminApplications {}),
            ("Appointments", Route::AdminAppointments {}),
            ("Specialties", Route::AdminSpecialties {}),
            ("Users", Route::AdminUsers {}),
        ],
    };
    rsx! {
        header { class: "border-b border-slate-200 bg-white",
            div { class: "container-page flex h-16 items-center justify-between gap-4",
                div { class: "flex items-center gap-6",
                    Logo {}
                    nav { class: "hidden items-center gap-1 sm:flex", "aria-label": "Main",
                        for (label, to) in links {
                            Link { key: "{label}", to, class: "btn-ghost", active_class: "bg-slate-100", "{label}" }
                        }
                    }
                }
                div { class: "flex items-center gap-2",
                    span { class: "hidden text-sm text-ink-muted md:inline", "data-testid": "signed-in-as", "{user.full_name}" }
                    Link { to: Route::Profile {}, class: "btn-ghost", "Profile" }
                    Link { to: Route::Devices {}, class: "btn-ghost", "Devices" }
                    Link { to: Route::Security {}, class: "btn-ghost hidden sm:inline-flex", "Security" }
                    button {
                        class: "btn-ghost",
                        "data-testid": "sign-out",
                        onclick: move |_| async move {
                            if sign_out().await.is_ok() {
                                epoch.bump();
                                nav.replace(Route::SignIn { next: None, challenge: None, error: None });
                            }
                        },
                        "Sign out"
                    }
                }
            }
        }
    }
}
