//! A CSP-friendly document for the browser: Dioxus' web document sets `<title>` through `eval`, which a
//! content security policy without `'unsafe-eval'` forbids. This wrapper sets it through the DOM and
//! forwards everything else (meta, link, script, style and hydration decisions) to Dioxus' own document.

use std::rc::Rc;

use dioxus::document::{Document, Eval, LinkProps, MetaProps, ScriptProps, StyleProps};

/// Wraps the renderer's document; only `set_title` differs.
pub struct CspSafeDocument(pub Rc<dyn Document>);

impl Document for CspSafeDocument {
    fn eval(&self, js: String) -> Eval {
        self.0.eval(js)
    }

    fn set_title(&self, title: String) {
        dioxus::core::queue_effect(move || {
            #[cfg(target_arch = "wasm32")]
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(&title);
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = title;
        });
    }

    fn create_head_element(&self, name: &str, attributes: &[(&str, String)], contents: Option<String>) {
        self.0.create_head_element(name, attributes, contents)
    }

    fn create_meta(&self, props: MetaProps) {
        self.0.create_meta(props)
    }

    fn create_script(&self, props: ScriptProps) {
        self.0.create_script(props)
    }

    fn create_style(&self, props: StyleProps) {
        self.0.create_style(props)
    }

    fn create_link(&self, props: LinkProps) {
        self.0.create_link(props)
    }

    fn create_head_component(&self) -> bool {
        self.0.create_head_component()
    }
}
