//! In-app links for long lists: plain `<a href>`s whose clicks route in place, like the router's `Link`,
//! through one handler on the list.

use dioxus::html::input_data::MouseButton;
use dioxus::prelude::*;

use crate::route::Route;

/// One click handler for every link inside an element, set on that element: `ol { onclick:
/// follow_links, … a { href: "{route}" } … }`. The click bubbles up from the link; a plain left click on
/// an in-app `href` routes in place, anything else (modified or middle clicks, clicks beside the links,
/// hrefs that are not app routes, visits without JavaScript) keeps the browser's behaviour. A results page
/// draws twenty cards: one listener for all of them, where a router `Link` each would cost a component
/// scope, its props and a formatted copy of the current route, and an `onclick` each a closure with its
/// own copy of a route, in every server render. Handlers may nest (a link with its own handler inside a
/// header with one): the innermost routes, once.
pub fn follow_links(event: MouseEvent) {
    if !plain_click(&event) {
        return;
    }
    if let Some(route) = clicked_link(&event).and_then(|href| in_app(&href)) {
        event.prevent_default();
        // Handled: an enclosing element's handler must not route a second time.
        event.stop_propagation();
        navigator().push(route);
    }
}

fn plain_click(event: &MouseEvent) -> bool {
    event.modifiers().is_empty() && event.trigger_button() == Some(MouseButton::Primary)
}

/// The `href` of the link the click landed in (the target or its nearest `<a href>` ancestor).
#[cfg(target_arch = "wasm32")]
fn clicked_link(event: &MouseEvent) -> Option<String> {
    use dioxus::web::WebEventExt;
    use wasm_bindgen::JsCast;
    let target = event.try_as_web_event()?.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("a[href]").ok()??.get_attribute("href")
}

/// Clicks are only handled in the browser.
#[cfg(not(target_arch = "wasm32"))]
fn clicked_link(_event: &MouseEvent) -> Option<String> {
    None
}

/// The app route an `href` names: a path on this site (`/…`, not `//host/…`) that the router knows.
fn in_app(href: &str) -> Option<Route> {
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    match href.parse::<Route>() {
        Ok(Route::NotFound { .. }) | Err(_) => None,
        Ok(route) => Some(route),
    }
}

#[cfg(test)]
mod tests {
    use super::in_app;
    use crate::route::Route;

    #[test]
    fn only_known_paths_on_this_site_route_in_place() {
        assert_eq!(in_app("/doctors/dr-ana-lima"), Some(Route::DoctorPage { slug: "dr-ana-lima".into() }));
        let page_two = in_app("/doctors?q=okafor&page=2");
        assert!(matches!(&page_two, Some(Route::Doctors { query }) if query.q == "okafor" && query.page == 2));
        assert_eq!(in_app("https://example.com/doctors"), None);
        assert_eq!(in_app("//example.com/doctors"), None);
        assert_eq!(in_app("#main"), None);
        assert_eq!(in_app("/no/such/page"), None);
    }
}
