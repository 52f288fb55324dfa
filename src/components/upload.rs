//! Binary uploads from the browser (`fetch` with the raw bytes as the body), sent like the Dioxus
//! client's own calls (same-origin, `X-Request-Client: dioxus`) so the CSRF layer accepts them.

use crate::error::AppError;

/// POST `bytes` to `url` with `content_type`; returns the JSON answer or the typed error.
pub async fn post_bytes(url: &str, bytes: Vec<u8>, content_type: &str) -> Result<serde_json::Value, AppError> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let network = |e: wasm_bindgen::JsValue| AppError::Network(format!("{e:?}"));
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        let body = js_sys::Uint8Array::from(bytes.as_slice());
        init.set_body(&body);
        let headers = web_sys::Headers::new().map_err(network)?;
        headers.set("content-type", content_type).map_err(network)?;
        headers.set("x-request-client", "dioxus").map_err(network)?;
        init.set_headers(&headers);
        let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(network)?;
        let window = web_sys::window().ok_or_else(|| AppError::Network("no window".into()))?;
        let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(network)?
            .unchecked_into();
        let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(network)?).await.map_err(network)?;
        let text = text.as_string().unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        if response.ok() {
            Ok(json)
        } else {
            Err(serde_json::from_value(json["data"].clone())
                .unwrap_or_else(|_| AppError::Network(format!("HTTP {}", response.status()))))
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (url, bytes, content_type);
        Err(AppError::Network("uploads run in the browser".into()))
    }
}
