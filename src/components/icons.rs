//! Small inline SVG icons (stroke-based, 24×24 grid), decorative: hidden from screen readers.

use dioxus::prelude::*;

/// An icon by name; unknown names render nothing. A plain function, not a component, and each icon its own
/// template with only the class dynamic: listings draw a hundred of these per page.
pub fn icon(name: &'static str, class: &'static str) -> Element {
    match name {
        "star" => rsx! {
            svg { class, view_box: "0 0 24 24", fill: "currentColor", stroke: "currentColor", stroke_width: "1.8",
                stroke_linecap: "round", stroke_linejoin: "round", "aria-hidden": "true",
                path { d: "M12 3.5l2.6 5.3 5.9.9-4.2 4.1 1 5.8L12 16.9l-5.3 2.7 1-5.8-4.2-4.1 5.9-.9z" }
            }
        },
        "pin" => outline(class, "M12 21s-6-5.3-6-10a6 6 0 1 1 12 0c0 4.7-6 10-6 10zm0-8a2 2 0 1 0 0-4 2 2 0 0 0 0 4z"),
        "video" => outline(class, "M3.5 7.5h11v9h-11zM14.5 10.5l5-3v9l-5-3"),
        "clock" => outline(class, "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-13v4.5l3 2"),
        "shield" => outline(class, "M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z"),
        "calendar" => outline(class, "M4.5 6.5h15v13h-15zM4.5 10.5h15M8.5 4v4M15.5 4v4"),
        "search" => outline(class, "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zm5-2l4.5 4.5"),
        "lang" => outline(class, "M4 5h9M8.5 3v2M6 5c1 4 4 7 7 8M11 5c-1 4-4 7-7 8M13 20l4-9 4 9M14.5 17h5"),
        _ => rsx! {},
    }
}

/// A stroke-only icon: the one template every outline icon shares (class and path data dynamic).
fn outline(class: &'static str, d: &'static str) -> Element {
    rsx! {
        svg { class, view_box: "0 0 24 24", fill: "none", stroke: "currentColor", stroke_width: "1.8",
            stroke_linecap: "round", stroke_linejoin: "round", "aria-hidden": "true",
            path { d }
        }
    }
}
