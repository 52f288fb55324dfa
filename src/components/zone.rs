//! Browser facts booking needs: the visitor's IANA time zone, and a random key per booking attempt.
//! On the server (SSR) there is no browser: the zone is unknown and keys come from the OS.

/// The browser's IANA zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`), if it reports one.
pub fn browser_time_zone() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into()).ok().and_then(|v| v.as_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// A fresh idempotency key for one booking attempt: 128 random bits as hex. Kept across retries and
/// double clicks of the same attempt, so they all find the same appointment.
pub fn attempt_key() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let mut out = String::with_capacity(32);
        let crypto = web_sys::window().and_then(|w| w.crypto().ok());
        let mut bytes = [0u8; 16];
        if let Some(c) = crypto {
            let _ = c.get_random_values_with_u8_array(&mut bytes);
        } else {
            for b in bytes.iter_mut() {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        for b in bytes {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Not reached in practice (keys are made on click, in the browser); unique enough for a retry key.
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        format!("{nanos:032x}")
    }
}
