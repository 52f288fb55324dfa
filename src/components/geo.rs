//! The browser's position (Geolocation API), for "doctors near me". Asks the user; never on the server.

/// (latitude, longitude) once the user allows it, or why not.
pub async fn current_position() -> Result<(f64, f64), String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let geo = web_sys::window()
            .and_then(|w| w.navigator().geolocation().ok())
            .ok_or_else(|| "This browser can't share a location.".to_string())?;
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            let _ = geo.get_current_position_with_error_callback(&resolve, Some(&reject));
        });
        let value = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|_| "Location unavailable (permission denied or no signal).".to_string())?;
        let position: web_sys::Position = value.unchecked_into();
        let c = position.coords();
        Ok((c.latitude(), c.longitude()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    Err("Location is only available in the browser.".into())
}
