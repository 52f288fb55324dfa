//! The shells' links on a phone: one menu button that opens all of them.

use dioxus::prelude::*;

/// A disclosure (`details`/`summary`): before the client has loaded it opens and closes natively, and it is
/// a button with an expanded state for keyboards and screen readers. Once hydrated, its state is ours:
/// the button toggles it, and any click inside the opened panel (following one of its links) closes it,
/// so it is closed after each navigation. Hidden from `lg` up, where the shell shows its links inline (below that they do not fit one line).
#[component]
pub fn MobileMenu(children: Element) -> Element {
    let mut open = use_signal(|| false);
    rsx! {
        details { class: "relative lg:hidden", "data-testid": "menu", open: open(),
            summary { class: "btn-ghost h-11 w-11 cursor-pointer list-none p-0 [&::-webkit-details-marker]:hidden",
                onclick: move |e| {
                    e.prevent_default();
                    open.toggle();
                },
                span { class: "icon icon-menu h-6 w-6", "aria-hidden": "true" }
                span { class: "sr-only", "Menu" }
            }
            div { class: "absolute right-0 top-12 z-50 flex w-64 flex-col gap-1 rounded-xl bg-white p-2 shadow-lg ring-1 ring-slate-200 [&_a]:justify-start [&_button]:justify-start",
                onclick: move |_| open.set(false),
                {children}
            }
        }
    }
}
