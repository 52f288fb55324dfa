//! The public shell: skip link, header with brand and navigation, the page, and the footer.

use dioxus::prelude::*;

use super::menu::MobileMenu;
use super::session::use_me;
use crate::components::{follow_links, Logo};
use crate::route::Route;

/// Header + footer around public pages. The account links wait for the session in their own boundary, so
/// the page's own loads start at once instead of after the session lookup. Their links are plain anchors
/// that route in place through one handler on the header and one on the footer ([`follow_links`]), not a
/// router `Link` scope each: every public page renders them.
#[component]
pub fn PublicShell() -> Element {
    rsx! {
        a { href: "#main", class: "sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2",
            "Skip to content"
        }
        div { class: "flex min-h-screen flex-col",
            header { class: "sticky top-0 z-40 border-b border-slate-200/80 bg-white/90 backdrop-blur", onclick: follow_links,
                div { class: "container-page flex h-16 items-center justify-between gap-4",
                    Logo {}
                    nav { class: "hidden items-center gap-2 whitespace-nowrap lg:flex", "aria-label": "Main",
                        a { href: Route::Doctors { query: Default::default() }.to_string(), class: "btn-ghost", "Find a doctor" }
                        a { href: "#specialties", class: "btn-ghost", "Specialties" }
                        SuspenseBoundary { fallback: |_| rsx! { span { class: "inline-block h-9 w-40", "aria-hidden": "true" } },
                            AccountLinks {}
                        }
                    }
                    MobileMenu {
                        nav { class: "flex flex-col gap-1", "aria-label": "Main",
                            a { href: Route::Doctors { query: Default::default() }.to_string(), class: "btn-ghost", "Find a doctor" }
                            a { href: "#specialties", class: "btn-ghost", "Specialties" }
                            SuspenseBoundary { fallback: |_| rsx! {},
                                AccountLinks {}
                            }
                        }
                    }
                }
            }
            main { id: "main", class: "flex-1", Outlet::<Route> {} }
            Footer {}
        }
    }
}

/// "My account" for a signed-in visitor, else "Sign in" and "Sign up".
#[component]
fn AccountLinks() -> Element {
    let me = use_me()?;
    let user = me.read().clone().and_then(Result::ok).flatten();
    match user {
        Some(u) => rsx! {
            a { href: "{u.role.home_path()}", class: "btn-primary", "data-testid": "my-account", "My account" }
        },
        None => rsx! {
            a { href: Route::SignIn { next: None, challenge: None, error: None }.to_string(), class: "btn-ghost", "Sign in" }
            a { href: Route::SignUp {}.to_string(), class: "btn-primary", "Sign up" }
        },
    }
}

#[component]
fn Footer() -> Element {
    rsx! {
        footer { class: "mt-16 bg-brand-950 text-brand-100", onclick: follow_links,
            div { class: "container-page grid gap-10 py-12 sm:grid-cols-2 lg:grid-cols-4",
                div { class: "space-y-3 lg:col-span-2",
                    Logo { inverted: true }
                    p { class: "max-w-sm text-sm text-brand-200",
                        "Find the right doctor, book a visit in minutes, and keep your care in one place. Open source, built for patients and the people who care for them."
                    }
                }
                div {
                    h2 { class: "text-sm font-semibold text-white", "Patients" }
                    ul { class: "mt-3 space-y-2 text-sm",
                        li { a { href: Route::Home { specialty: None }.to_string(), class: "hover:text-white", "Find a doctor" } }
                        li { a { href: "#specialties", class: "hover:text-white", "Browse specialties" } }
                    }
                }
                div { id: "for-doctors",
                    h2 { class: "text-sm font-semibold text-white", "Doctors" }
                    ul { class: "mt-3 space-y-2 text-sm",
                        li { "Verified profiles and online booking." }
                        li { a { href: Route::Apply {}.to_string(), class: "hover:text-white", "Apply as a doctor" } }
                    }
                }
            }
            div { class: "border-t border-white/10",
                p { class: "container-page py-5 text-xs text-brand-300",
                    "© 2026 Carebook contributors · Not for emergencies: call your local emergency number."
                }
            }
        }
    }
}
