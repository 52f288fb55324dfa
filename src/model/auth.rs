//! Account DTOs and the validation rules both sides run (live in the browser, authoritative on the server).

use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};

/// Shortest password accepted (ASVS 5.0: at least 8).
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Longest password accepted (ASVS: at least 64 must be allowed); bounds the hashing cost.
pub const PASSWORD_MAX_CHARS: usize = 128;
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// Account roles (Postgres enum `user_role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "user_role", rename_all = "snake_case"))]
pub enum Role {
    Patient,
    Doctor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Doctor => "doctor",
            Role::Admin => "admin",
        }
    }

    /// The dashboard each role lands on.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Patient => "/patient",
            Role::Doctor => "/doctor",
            Role::Admin => "/admin",
        }
    }
}

/// The signed-in user as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: uuid::Uuid,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub email_verified: bool,
    /// Staff account that must set up two-factor sign-in before using its area (admin setting).
    #[serde(default)]
    pub needs_2fa_setup: bool,
    /// The profile's IANA zone: every time shown to this user is in it.
    pub time_zone: String,
}

/// Sign-up form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignUp {
    pub full_name: String,
    pub email: String,
    pub password: String,
}

/// Sign-in form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignIn {
    pub email: String,
    pub password: String,
    /// Keep this device signed in across browser restarts.
    pub remember: bool,
}

/// What a correct password leads to: a session, or a second step (TOTP or recovery code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "next", rename_all = "snake_case")]
pub enum SignInResult {
    SignedIn { user: SessionUser },
    TwoFactor { challenge: String },
}

/// Sign-in options the server offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuthOptions {
    /// "Google" when provider sign-in is configured.
    pub provider_label: Option<String>,
}

/// The account's two-factor state for the security page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    pub recovery_codes_left: i64,
    /// An admin requires two-factor sign-in for this account's role.
    pub required: bool,
}

/// What enrolment shows once: the QR code (SVG), the URI and the secret for manual entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret: String,
    pub uri: String,
    pub qr_svg: String,
}

/// One signed-in device on the Devices page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSession {
    pub id: uuid::Uuid,
    /// "Chrome on Linux", derived from the user agent.
    pub label: String,
    pub ip: Option<String>,
    /// RFC 3339 timestamps (UTC); pages format them in the user's zone.
    pub created_at: String,
    pub last_seen_at: String,
    pub persistent: bool,
    pub current: bool,
}

/// A short human label for a user agent: "Chrome on Linux", "Safari on iPhone", "Unknown device".
pub fn device_label(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome/") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        ""
    };
    let os = if ua.contains("iPhone") {
        "iPhone"
    } else if ua.contains("iPad") {
        "iPad"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, os) {
        ("", "") => "Unknown device".into(),
        (b, "") => b.into(),
        ("", o) => o.into(),
        (b, o) => format!("{b} on {o}"),
    }
}

/// Where to go after signing in: `next` if it is a local path (no open redirects), else the role's home.
pub fn safe_next(next: Option<&str>, role: Role) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.starts_with("/sign-") => {
            n.to_string()
        }
        _ => role.home_path().to_string(),
    }
}

/// Normalise an email for storage and lookup: trimmed; case-insensitivity is the database's (citext).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_string()
}

/// A plausible email address: one `@`, non-empty local part, a dotted domain, no spaces, ≤ 254 chars.
pub fn validate_email(email: &str) -> Result<(), String> {
    let email = email.trim();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && local.len() <= 64 && !domain.contains('@')
               && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
    if valid {
        Ok(())
    } else {
        Err("Enter a valid email address, like name@example.com.".into())
    }
}

/// ASVS 5.0 password rules: 8–128 characters of any kind, no composition rules, not a common password.
pub fn validate_password(password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(format!("Use at least {PASSWORD_MIN_CHARS} characters."));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(format!("Use at most {PASSWORD_MAX_CHARS} characters."));
    }
    if is_common_password(password) {
        return Err("This password is too common. Try a longer phrase only you would use.".into());
    }
    Ok(())
}

/// Whether `password` is on the shipped list of the most common passwords (case-insensitive).
pub fn is_common_password(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON_PASSWORDS.lines().any(|p| p == lower)
}

/// A display name: 1–120 characters after trimming.
pub fn validate_full_name(name: &str) -> Result<(), String> {
    match name.trim().chars().count() {
        0 => Err("Enter your name.".into()),
        n if n > 120 => Err("Use at most 120 characters.".into()),
        _ => Ok(()),
    }
}

impl SignUp {
    /// Every field's problem at once, keyed by field name.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        if let Err(e) = validate_full_name(&self.full_name) {
            errors.insert("full_name".into(), e);
        }
        if let Err(e) = validate_email(&self.email) {
            errors.insert("email".into(), e);
        }
        if let Err(e) = validate_password(&self.password) {
            errors.insert("password".into(), e);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

impl SignIn {
    /// Shape checks only (never reveals whether an account exists).
    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        if let Err(e) = validate_email(&self.email) {
            errors.insert("email".into(), e);
        }
        if self.password.is_empty() {
            errors.insert("password".into(), "Enter your password.".into());
        } else if self.password.chars().count() > PASSWORD_MAX_CHARS {
            errors.insert("password".into(), format!("Use at most {PASSWORD_MAX_CHARS} characters."));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules_follow_asvs() {
        assert!(validate_password("short").is_err());
        assert!(validate_password("correct horse battery staple").is_ok());
        // Any Unicode, counted in characters (not bytes), no composition rules.
        assert!(validate_password("ñandú-öl-日本語で").is_ok());
        assert!(validate_password("日本語日本語日本").is_ok(), "8 characters even if 24 bytes");
        assert!(validate_password(&"x".repeat(64)).is_ok());
        assert!(validate_password(&"x".repeat(129)).is_err());
        // Common passwords are refused whatever their case.
        for common in ["password", "12345678", "Baseball", "QWERTYUIOP"] {
            assert!(validate_password(common).unwrap_err().contains("too common"), "{common}");
        }
    }

    #[test]
    fn next_paths_stay_local() {
        assert_eq!(safe_next(Some("/account/devices"), Role::Patient), "/account/devices");
        for evil in ["//evil.test", "https://evil.test", "/\\evil.test", "evil", "/sign-in?next=/x"] {
            assert_eq!(safe_next(Some(evil), Role::Doctor), "/doctor", "{evil}");
        }
        assert_eq!(safe_next(None, Role::Admin), "/admin");
    }

    #[test]
    fn device_labels() {
        let chrome =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(device_label(chrome), "Chrome on Linux");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(iphone), "Safari on iPhone");
        assert_eq!(device_label(""), "Unknown device");
        assert_eq!(device_label("curl/8.0"), "Unknown device");
    }

    #[test]
    fn email_shapes() {
        for ok in ["a@b.co", " pat@carebook.test ", "o'neil+tag@mail.example.org"] {
            assert!(validate_email(ok).is_ok(), "{ok}");
        }
        for bad in ["", "no-at", "a@b", "a@.b", "a b@c.d", "a@b@c.d", "@b.co", "a@b.co."] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sign_up_reports_every_bad_field() {
        let form = SignUp { full_name: " ".into(), email: "x".into(), password: "password".into() };
        let Err(AppError::Validation(errors)) = form.validate() else { panic!("expected validation") };
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["email", "full_name", "password"]);
    }
}
