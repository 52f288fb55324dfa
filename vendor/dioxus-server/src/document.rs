//! On the server, we collect any elements that should be rendered into the head in the first frame of SSR.
//! After the first frame, we have already sent down the head, so we can't modify it in place. The web client
//! will hydrate the head with the correct contents once it loads.

use std::cell::RefCell;

use dioxus_core::Element;
use dioxus_core_macro::rsx;
use dioxus_document::{
    Document, Eval, LinkProps, MetaProps, NoOpDocument, ScriptProps, StyleProps,
};
use dioxus_html as dioxus_elements;
use dioxus_ssr::Renderer;
use parking_lot::RwLock;
use std::sync::LazyLock;

static RENDERER: LazyLock<RwLock<Renderer>> = LazyLock::new(|| RwLock::new(Renderer::new()));

/// Reset the static renderer to a fresh state, clearing its cache.
pub(crate) fn reset_renderer() {
    RENDERER.write().clear();
}

#[derive(Default)]
struct ServerDocumentInner {
    streaming: bool,
    title: Option<String>,
    meta: Vec<HeadTag>,
    link: Vec<HeadTag>,
    script: Vec<HeadTag>,
}

/// A tag for the head: written straight to HTML when it has only the named attributes (the same text the
/// renderer would produce), else kept as an element for the renderer (spread attributes, children).
enum HeadTag {
    Html(String),
    Element(Element),
}

/// ` name="value"` (value HTML-escaped), when there is a value.
fn push_attr(html: &mut String, name: &str, value: &Option<String>) {
    if let Some(value) = value {
        html.push(' ');
        html.push_str(name);
        html.push_str("=\"");
        // Writing into a String cannot fail.
        let _ = askama_escape::escape_html(&mut *html, value);
        html.push('"');
    }
}

/// A boolean attribute as the renderer writes one: ` name=true` when true, nothing otherwise.
fn push_bool_attr(html: &mut String, name: &str, value: Option<bool>) {
    if value == Some(true) {
        html.push(' ');
        html.push_str(name);
        html.push_str("=true");
    }
}

/// A Document provider that collects all contents injected into the head for SSR rendering.
#[derive(Default)]
pub struct ServerDocument(RefCell<ServerDocumentInner>);

impl ServerDocument {
    pub(crate) fn title(&self) -> Option<String> {
        let myself = self.0.borrow();
        // What the renderer writes for `rsx! { title { "{title}" } }`: the text escaped, no markers.
        myself.title.as_ref().map(|title| {
            let mut html = String::with_capacity(title.len() + 15);
            html.push_str("<title>");
            let _ = askama_escape::escape_html(&mut html, title);
            html.push_str("</title>");
            html
        })
    }

    pub(crate) fn render(&self, to: &mut impl std::fmt::Write) -> std::fmt::Result {
        let myself = self.0.borrow();
        for tag in myself.meta.iter().chain(&myself.link).chain(&myself.script) {
            match tag {
                HeadTag::Html(html) => to.write_str(html)?,
                HeadTag::Element(element) => {
                    RENDERER.write().render_element_to(to, rsx! { {element} })?
                }
            }
        }

        Ok(())
    }

    pub(crate) fn start_streaming(&self) {
        self.0.borrow_mut().streaming = true;
    }

    pub(crate) fn warn_if_streaming(&self) {
        if self.0.borrow().streaming {
            tracing::warn!("Attempted to insert content into the head after the initial streaming frame. Inserting content into the head only works during the initial render of SSR outside before resolving any suspense boundaries.");
        }
    }

    /// Write the head element into the serialized context for hydration
    /// We write true if the head element was written to the DOM during server side rendering
    #[track_caller]
    pub(crate) fn serialize_for_hydration(&self) {
        // We only serialize the head elements if the web document feature is enabled
        #[cfg(feature = "document")]
        {
            dioxus_fullstack_core::head_element_hydration_entry()
                .insert(&!self.0.borrow().streaming, std::panic::Location::caller());
        }
    }
}

impl Document for ServerDocument {
    fn eval(&self, js: String) -> Eval {
        NoOpDocument.eval(js)
    }

    fn set_title(&self, title: String) {
        self.warn_if_streaming();
        self.0.borrow_mut().title = Some(title);
    }

    fn create_meta(&self, props: MetaProps) {
        if props.additional_attributes.is_empty() {
            // The attributes in the order of the element below.
            let mut html = String::from("<meta");
            push_attr(&mut html, "name", &props.name);
            push_attr(&mut html, "charset", &props.charset);
            push_attr(&mut html, "http-equiv", &props.http_equiv);
            push_attr(&mut html, "content", &props.content);
            push_attr(&mut html, "property", &props.property);
            push_attr(&mut html, "data", &props.data);
            html.push_str("/>");
            self.0.borrow_mut().meta.push(HeadTag::Html(html));
            return;
        }
        self.0.borrow_mut().meta.push(HeadTag::Element(rsx! {
            meta {
                name: props.name,
                charset: props.charset,
                http_equiv: props.http_equiv,
                content: props.content,
                property: props.property,
                "data": props.data,
                ..props.additional_attributes,
            }
        }));
    }

    fn create_script(&self, props: ScriptProps) {
        let children = props.script_contents().ok();
        self.0.borrow_mut().script.push(HeadTag::Element(rsx! {
            script {
                src: props.src,
                defer: props.defer,
                crossorigin: props.crossorigin,
                fetchpriority: props.fetchpriority,
                integrity: props.integrity,
                nomodule: props.nomodule,
                nonce: props.nonce,
                referrerpolicy: props.referrerpolicy,
                r#type: props.r#type,
                ..props.additional_attributes,
                {children}
            }
        }));
    }

    fn create_style(&self, props: StyleProps) {
        let contents = props.style_contents().ok();
        self.0.borrow_mut().script.push(HeadTag::Element(rsx! {
            style {
                media: props.media,
                nonce: props.nonce,
                title: props.title,
                ..props.additional_attributes,
                {contents}
            }
        }))
    }

    fn create_link(&self, props: LinkProps) {
        if props.additional_attributes.is_empty() {
            // The attributes in the order of the element below.
            let mut html = String::from("<link");
            push_attr(&mut html, "rel", &props.rel);
            push_attr(&mut html, "media", &props.media);
            push_attr(&mut html, "title", &props.title);
            push_bool_attr(&mut html, "disabled", props.disabled);
            push_attr(&mut html, "as", &props.r#as);
            push_attr(&mut html, "sizes", &props.sizes);
            push_attr(&mut html, "href", &props.href);
            push_attr(&mut html, "crossorigin", &props.crossorigin);
            push_attr(&mut html, "referrerpolicy", &props.referrerpolicy);
            push_attr(&mut html, "fetchpriority", &props.fetchpriority);
            push_attr(&mut html, "hreflang", &props.hreflang);
            push_attr(&mut html, "integrity", &props.integrity);
            push_attr(&mut html, "type", &props.r#type);
            push_attr(&mut html, "blocking", &props.blocking);
            html.push_str("/>");
            self.0.borrow_mut().link.push(HeadTag::Html(html));
            return;
        }
        self.0.borrow_mut().link.push(HeadTag::Element(rsx! {
            link {
                rel: props.rel,
                media: props.media,
                title: props.title,
                disabled: props.disabled,
                r#as: props.r#as,
                sizes: props.sizes,
                href: props.href,
                crossorigin: props.crossorigin,
                referrerpolicy: props.referrerpolicy,
                fetchpriority: props.fetchpriority,
                hreflang: props.hreflang,
                integrity: props.integrity,
                r#type: props.r#type,
                blocking: props.blocking,
                ..props.additional_attributes,
            }
        }))
    }

    fn create_head_component(&self) -> bool {
        self.warn_if_streaming();
        self.serialize_for_hydration();
        true
    }
}
