//! "Doctors near me" on `/doctors`: the browser's position, then results sorted by distance.

use dioxus::prelude::*;

use crate::model::search::{DoctorSearch, SortKey};
use crate::route::Route;

/// "Doctors near me": asks the browser for the position, then sorts by distance. Shown only after
/// hydration (it needs JavaScript); with a position set it offers to clear it.
#[component]
pub fn NearMe(query: DoctorSearch) -> Element {
    let nav = navigator();
    let mut hydrated = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    use_effect(move || hydrated.set(true));
    if !hydrated() {
        return rsx! {};
    }
    let q = query.clone();
    rsx! {
        div { class: "flex flex-wrap items-center gap-3 text-sm",
            if query.near.is_some() {
                span { class: "text-ink-muted", "data-testid": "near-active", "Sorted by distance from your location." }
                button { r#type: "button", class: "btn-ghost",
                    onclick: move |_| {
                        nav.push(Route::Doctors { query: DoctorSearch { near: None, sort: SortKey::Relevance, page: 1, ..q.clone() } });
                    },
                    "Stop using my location"
                }
            } else {
                button { r#type: "button", class: "btn-ghost", "data-testid": "near-me",
                    onclick: move |_| {
                        let q = q.clone();
                        async move {
                            match crate::components::geo::current_position().await {
                                Ok(pos) => {
                                    error.set(None);
                                    nav.push(Route::Doctors { query: DoctorSearch { near: Some(pos), sort: SortKey::Distance, page: 1, ..q } });
                                }
                                Err(e) => error.set(Some(e)),
                            }
                        }
                    },
                    "Find doctors near me"
                }
            }
            if let Some(e) = error() {
                span { role: "alert", class: "text-red-700", "{e}" }
            }
        }
    }
}
