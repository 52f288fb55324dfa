//! Browser facts booking needs: the visitor's IANA time zone, and a random key per booking attempt.
//! On the server (SSR) there is no browser: the zone is unknown and keys come from the OS.

/// Cookie the browser's zone travels in (the server reads it: `server::auth::cookie::ZONE`).
const ZONE_COOKIE: &str = "carebook_tz";
/// Cookie naming a device zone the user chose not to switch to (asked once per zone).
const KEPT_COOKIE: &str = "carebook_tz_kept";

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

/// Write the browser's zone into its cookie (a year, whole site) when it changed, so the server renders the
/// next page, and a new account, in it. Runs after hydration.
pub fn remember_browser_zone() {
    if let Some(zone) = browser_time_zone() {
        if cookie(ZONE_COOKIE).as_deref() != Some(zone.as_str()) {
            set_cookie(ZONE_COOKIE, &zone);
        }
    }
}

/// The device's zone when it differs from `profile_zone` and the user has not already chosen to keep
/// their profile's zone on this device: what the app offers to switch to.
pub fn zone_to_offer(profile_zone: &str) -> Option<String> {
    let device = browser_time_zone()?;
    (device != profile_zone && cookie(KEPT_COOKIE).as_deref() != Some(device.as_str())).then_some(device)
}

/// Remember that the user keeps their profile's zone while this device is in `device_zone`.
pub fn keep_profile_zone(device_zone: &str) {
    set_cookie(KEPT_COOKIE, device_zone);
}

/// Leave the app for `url` (a payment provider's checkout).
pub fn go_to(url: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = url;
}

/// Load the current page again from the server (after the zone changed, every time on it is stale).
pub fn reload_page() {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

#[cfg(target_arch = "wasm32")]
fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// A cookie's value as the page sees it (`document.cookie`).
fn cookie(name: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let all = js_sys::Reflect::get(&document()?.into(), &"cookie".into()).ok()?.as_string()?;
        all.split(';').filter_map(|kv| kv.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        None
    }
}

/// Set a first-party, year-long, `SameSite=Lax` cookie (`Secure` on https). Zone names are safe cookie
/// values (letters, digits, `/`, `_`, `-`, `+`).
fn set_cookie(name: &str, value: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(doc) = document() {
        let secure = web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:");
        let attrs = if secure { "; Secure" } else { "" };
        let line = format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax{attrs}");
        let _ = js_sys::Reflect::set(&doc, &"cookie".into(), &line.into());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, value);
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
