//! Signed-in shells: one per audience (patient, doctor, admin, any account), each with its own navigation,
//! all behind `RequireRole`.

use dioxus::prelude::*;

use super::menu::MobileMenu;
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
            // Everyone may book for themselves: a doctor's or an admin's own bookings and payments live here.
            Audience::Patient => vec![Role::Patient, Role::Doctor, Role::Admin],
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
            ShellHeader { user: user.clone() }
            main { id: "main", class: "container-page flex-1 py-8",
                ZoneOffer { profile_zone: user.time_zone.clone() }
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

/// After hydration, when this device's zone differs from the profile's: offer to show times in the
/// device's zone from now on (saved to the profile, the page reloads in it), or to keep the profile's.
#[component]
fn ZoneOffer(profile_zone: String) -> Element {
    let mut offer = use_signal(|| None::<String>);
    let mut error = use_signal(|| None::<String>);
    let profile = profile_zone.clone();
    use_effect(move || offer.set(crate::components::zone::zone_to_offer(&profile)));
    let Some(device) = offer() else { return rsx! {} };
    let (to_save, to_keep) = (device.clone(), device.clone());
    let label = |z: &str| z.replace('_', " ");
    rsx! {
        div { role: "status", "data-testid": "zone-offer",
            class: "mb-6 flex flex-wrap items-center gap-3 rounded-xl bg-brand-50 p-4 text-sm text-brand-900",
            p { class: "min-w-0 flex-1",
                "Your times are shown in {label(&profile_zone)}, your profile's time zone. This device is set to {label(&device)}."
            }
            button { class: "btn-primary", "data-testid": "zone-switch",
                onclick: move |_| {
                    let zone = to_save.clone();
                    async move {
                        match crate::api::profile::set_time_zone(zone).await {
                            Ok(()) => crate::components::zone::reload_page(),
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    }
                },
                "Use {label(&device)}"
            }
            button { class: "btn-ghost", "data-testid": "zone-keep",
                onclick: move |_| {
                    crate::components::zone::keep_profile_zone(&to_keep);
                    offer.set(None);
                },
                "Keep {label(&profile_zone)}"
            }
            if let Some(e) = error() { p { role: "alert", class: "w-full text-red-700", "{e}" } }
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
            ("Payments", Route::PatientPayments {}),
            ("Waitlist", Route::PatientWaitlist {}),
            ("Find a doctor", Route::Doctors { query: Default::default() }),
            ("Join as a doctor", Route::Apply {}),
        ],
        Role::Doctor => vec![
            ("Dashboard", Route::DoctorHome {}),
            ("Appointments", Route::DoctorAppointments {}),
            ("Schedule", Route::DoctorSchedule {}),
            ("Earnings", Route::DoctorEarnings { month: None }),
            ("Reviews", Route::DoctorReviews {}),
            ("My profile", Route::Apply {}),
            ("My bookings", Route::PatientAppointments {}),
        ],
        Role::Admin => vec![
            ("Dashboard", Route::AdminHome {}),
            ("Applications", Route::AdminApplications {}),
            ("Appointments", Route::AdminAppointments {}),
            ("Payments", Route::AdminPayments {}),
            ("Reviews", Route::AdminReviews {}),
            ("Specialties", Route::AdminSpecialties {}),
            ("Users", Route::AdminUsers {}),
            ("My bookings", Route::PatientAppointments {}),
        ],
    };
    let sign_out_button = move |testid: &'static str| {
        rsx! {
            button {
                class: "btn-ghost",
                "data-testid": testid,
                onclick: move |_| async move {
                    if sign_out().await.is_ok() {
                        epoch.bump();
                        nav.replace(Route::SignIn { next: None, challenge: None, error: None });
                    }
                },
                "Sign out"
            }
        }
    };
    rsx! {
        header { class: "border-b border-slate-200 bg-white",
            div { class: "container-page flex h-16 items-center justify-between gap-4",
                div { class: "flex min-w-0 items-center gap-6",
                    Logo {}
                    nav { class: "hidden items-center gap-1 whitespace-nowrap lg:flex", "aria-label": "Main",
                        for (label, to) in links.clone() {
                            Link { key: "{label}", to, class: "btn-ghost", active_class: "bg-slate-100", "{label}" }
                        }
                    }
                }
                div { class: "hidden items-center gap-2 whitespace-nowrap lg:flex",
                    span { class: "hidden text-sm text-ink-muted xl:inline", "data-testid": "signed-in-as", "{user.full_name}" }
                    Link { to: Route::Profile {}, class: "btn-ghost", "Profile" }
                    Link { to: Route::Devices {}, class: "btn-ghost", "Devices" }
                    Link { to: Route::Security {}, class: "btn-ghost", "Security" }
                    {sign_out_button("sign-out")}
                }
                MobileMenu {
                    p { class: "px-4 py-2 text-sm text-ink-muted", "Signed in as {user.full_name}" }
                    nav { class: "flex flex-col gap-1", "aria-label": "Main",
                        for (label, to) in links {
                            Link { key: "{label}", to, class: "btn-ghost", active_class: "bg-slate-100", "{label}" }
                        }
                    }
                    hr { class: "my-1 border-slate-200" }
                    Link { to: Route::Profile {}, class: "btn-ghost", "Profile" }
                    Link { to: Route::Devices {}, class: "btn-ghost", "Devices" }
                    Link { to: Route::Security {}, class: "btn-ghost", "Security" }
                    {sign_out_button("menu-sign-out")}
                }
            }
        }
    }
}
