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

/// POST `bytes` with XMLHttpRequest so the upload's progress (0.0–1.0) can be shown; returns the JSON
/// answer or the typed error. Same headers as [`post_bytes`].
pub async fn post_bytes_with_progress(
    url: &str,
    bytes: Vec<u8>,
    content_type: &str,
    on_progress: impl FnMut(f64) + 'static,
) -> Result<serde_json::Value, AppError> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let network = |e: wasm_bindgen::JsValue| AppError::Network(format!("{e:?}"));
        let xhr = web_sys::XmlHttpRequest::new().map_err(network)?;
        xhr.open("POST", url).map_err(network)?;
        xhr.set_request_header("content-type", content_type).map_err(network)?;
        xhr.set_request_header("x-request-client", "dioxus").map_err(network)?;
        let mut on_progress = on_progress;
        let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                on_progress(e.loaded() / e.total());
            }
        });
        xhr.upload().map_err(network)?.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        let done = js_sys::Promise::new(&mut |resolve, _reject| {
            xhr.set_onloadend(Some(&resolve));
        });
        xhr.send_with_opt_u8_array(Some(bytes.as_slice())).map_err(network)?;
        wasm_bindgen_futures::JsFuture::from(done).await.map_err(network)?;
        drop(progress);
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        match status {
            200..=299 => Ok(json),
            0 => Err(AppError::Network("The upload was interrupted. Check your connection and try again.".into())),
            s => {
                Err(serde_json::from_value(json["data"].clone())
                    .unwrap_or_else(|_| AppError::Network(format!("HTTP {s}"))))
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (url, bytes, content_type, on_progress);
        Err(AppError::Network("uploads run in the browser".into()))
    }
}
