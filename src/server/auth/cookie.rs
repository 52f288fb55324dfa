//! The session cookie: `__Host-` prefixed and Secure when served over https, always HttpOnly + SameSite=Lax.

use axum::http::{HeaderMap, HeaderValue};

use super::session::NewSession;

/// Cookie name for the scheme in use (`__Host-` requires Secure, Path=/ and no Domain).
pub fn name(secure: bool) -> &'static str {
    if secure {
        "__Host-carebook_session"
    } else {
        "carebook_session"
    }
}

/// `Set-Cookie` for a new session: persistent (Max-Age = absolute lifetime) with "remember me",
/// otherwise a browser-session cookie.
pub fn set(session: &NewSession, secure: bool) -> HeaderValue {
    let mut value = format!("{}={}; Path=/; HttpOnly; SameSite=Lax", name(secure), session.token);
    if secure {
        value.push_str("; Secure");
    }
    if session.persistent {
        value.push_str(&format!("; Max-Age={}", session.lifetime.absolute.num_seconds()));
    }
    HeaderValue::from_str(&value).expect("token is URL-safe base64")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear(secure: bool) -> HeaderValue {
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure_attr}", name(secure)))
        .expect("static cookie")
}

/// The session token from a request's `Cookie` headers, if any.
pub fn token(headers: &HeaderMap, secure: bool) -> Option<String> {
    value(headers, name(secure))
}

/// The browser's IANA zone, written by the client on every load (`components::zone`); not a secret, so
/// not HttpOnly. Server rendering labels times in it for visitors without a profile zone, and a new
/// account starts with it.
pub const ZONE: &str = "carebook_tz";

/// The zone the browser reported in its [`ZONE`] cookie, if it names a real zone.
pub fn zone(headers: &HeaderMap) -> Option<String> {
    value(headers, ZONE).filter(|z| z.len() <= 64 && z.parse::<chrono_tz::Tz>().is_ok())
}

/// The non-empty value of cookie `wanted`, if the request carries it.
pub fn value(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == wanted && !v.is_empty())
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::auth::session::Lifetime;
    use chrono::Duration;

    fn session(persistent: bool) -> NewSession {
        NewSession {
            id: uuid::Uuid::nil(),
            token: "abc_DEF-123".into(),
            lifetime: Lifetime { idle: Duration::hours(1), absolute: Duration::days(30) },
            persistent,
        }
    }

    #[test]
    fn cookie_flags() {
        let https = set(&session(true), true);
        assert_eq!(
            https,
            "__Host-carebook_session=abc_DEF-123; Path=/; HttpOnly; SameSite=Lax; Secure; Max-Age=2592000"
        );
        let http = set(&session(false), false);
        assert_eq!(http, "carebook_session=abc_DEF-123; Path=/; HttpOnly; SameSite=Lax");
        assert!(clear(true).to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn reads_the_token_among_other_cookies() {
        let mut h = HeaderMap::new();
        h.append("cookie", "a=1; carebook_session=tok; b=2".parse().unwrap());
        assert_eq!(token(&h, false).as_deref(), Some("tok"));
        assert_eq!(token(&h, true), None, "the https name is different");
        h.insert("cookie", "carebook_session=".parse().unwrap());
        assert_eq!(token(&h, false), None);
    }
}
