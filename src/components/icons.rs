//! Small inline SVG icons (stroke-based, 24×24 grid), decorative: hidden from screen readers.

/// An icon by name and class, both written literally: `icon!(pin, "h-4 w-4")`. Each use expands to its own
/// fully static template, which server rendering writes as one cached string, with no dynamic attributes
/// and no hydration ids. (With class and path passed as values, the icons were about 190 of the 320
/// hydrated nodes of a results page.) An unknown name does not compile.
macro_rules! icon {
    (star, $class:tt) => {
        dioxus::prelude::rsx! {
            svg { class: $class, view_box: "0 0 24 24", fill: "currentColor", stroke: "currentColor", stroke_width: "1.8",
                stroke_linecap: "round", stroke_linejoin: "round", "aria-hidden": "true",
                path { d: "M12 3.5l2.6 5.3 5.9.9-4.2 4.1 1 5.8L12 16.9l-5.3 2.7 1-5.8-4.2-4.1 5.9-.9z" }
            }
        }
    };
    (pin, $class:tt) => {
        $crate::components::icons::outline!($class, "M12 21s-6-5.3-6-10a6 6 0 1 1 12 0c0 4.7-6 10-6 10zm0-8a2 2 0 1 0 0-4 2 2 0 0 0 0 4z")
    };
    (video, $class:tt) => {
        $crate::components::icons::outline!($class, "M3.5 7.5h11v9h-11zM14.5 10.5l5-3v9l-5-3")
    };
    (clock, $class:tt) => {
        $crate::components::icons::outline!($class, "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-13v4.5l3 2")
    };
    (calendar, $class:tt) => {
        $crate::components::icons::outline!($class, "M4.5 6.5h15v13h-15zM4.5 10.5h15M8.5 4v4M15.5 4v4")
    };
    (lang, $class:tt) => {
        $crate::components::icons::outline!($class, "M4 5h9M8.5 3v2M6 5c1 4 4 7 7 8M11 5c-1 4-4 7-7 8M13 20l4-9 4 9M14.5 17h5")
    };
}

/// A stroke-only icon with a literal class and path (see [`icon!`]).
macro_rules! outline {
    ($class:tt, $d:tt) => {
        dioxus::prelude::rsx! {
            svg { class: $class, view_box: "0 0 24 24", fill: "none", stroke: "currentColor", stroke_width: "1.8",
                stroke_linecap: "round", stroke_linejoin: "round", "aria-hidden": "true",
                path { d: $d }
            }
        }
    };
}

pub(crate) use icon;
pub(crate) use outline;
