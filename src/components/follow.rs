//! In-app links for long lists: a plain `<a href>` whose click routes in place, like the router's `Link`.

use dioxus::html::input_data::MouseButton;
use dioxus::prelude::*;

use crate::route::Route;

/// The click handler of an `a { href: "{route}", onclick: follow(route) }`: a plain left click routes in
/// place (after hydration); modified or middle clicks, and visits without JavaScript, follow the `href`.
/// For lists of many links, such as the twenty names on a results page, where each router `Link`
/// costs a component scope, its props and a formatted copy of the current route in server rendering.
pub fn follow(to: Route) -> impl FnMut(MouseEvent) + 'static {
    move |event: MouseEvent| {
        if !event.modifiers().is_empty() || event.trigger_button() != Some(MouseButton::Primary) {
            return;
        }
        event.prevent_default();
        navigator().push(to.clone());
    }
}
