//! The shell for sign-in, sign-up and email pages: brand and a centred card, no header or footer.

use dioxus::prelude::*;

use crate::components::Logo;
use crate::route::Route;

/// Centred, distraction-free layout.
#[component]
pub fn AuthShell() -> Element {
    rsx! {
        main { id: "main", class: "flex min-h-screen flex-col items-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-10",
            Logo {}
            div { class: "card mt-8 w-full max-w-md p-6 sm:p-8", Outlet::<Route> {} }
        }
    }
}
