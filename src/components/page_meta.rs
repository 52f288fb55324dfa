//! The head tags every public page sets: title, description, OpenGraph, and the canonical URL.

use std::{cell::RefCell, rc::Rc};

use dioxus::prelude::*;
use document::{LinkProps, MetaProps};

/// `<title>`, meta description, `og:*`, and (when given) `<link rel=canonical>` plus `og:url`.
///
/// The tags are written in one hook, as `document::Meta`/`document::Link` write each of theirs: the server
/// renders them into `<head>` and leaves one hydration flag (not one per tag), so the browser does not
/// add them twice; a page mounted later in the browser adds its own. The title follows the props, like
/// `document::Title`.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    #[props(default)] canonical: Option<String>,
    #[props(default = "website")] og_type: &'static str,
) -> Element {
    let head = use_hook(document::document);
    use_hook(|| {
        if !head.create_head_component() {
            return;
        }
        let og = |property: &str, content: &str| {
            head.create_meta(MetaProps::builder().property(property.to_string()).content(content.to_string()).build())
        };
        head.create_meta(MetaProps::builder().name("description".to_string()).content(description.clone()).build());
        og("og:title", &title);
        og("og:description", &description);
        og("og:type", og_type);
        if let Some(url) = &canonical {
            head.create_link(LinkProps::builder().rel("canonical".to_string()).href(url.clone()).build());
            og("og:url", url);
        }
    });
    let shown = use_hook(|| {
        head.set_title(title.clone());
        Rc::new(RefCell::new(title.clone()))
    });
    if *shown.borrow() != title {
        head.set_title(title.clone());
        *shown.borrow_mut() = title;
    }
    VNode::empty()
}
