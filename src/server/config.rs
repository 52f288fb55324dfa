//! Server configuration, read once from the environment (and an optional `.env` file).
//! Every knob has a safe default so `cargo make run` works with nothing set.

use std::path::PathBuf;

use super::auth::session::{Lifetime, SessionPolicy};
use super::embedded_pg::EmbeddedPg;
use super::oidc::OidcConfig;

const DEFAULT_MAIL_FROM: &str = "Carebook <no-reply@carebook.test>";
const DEFAULT_AUTO_COMPLETE: chrono::Duration = chrono::Duration::hours(72);
const DEFAULT_HOLD: chrono::Duration = chrono::Duration::minutes(crate::model::booking::HOLD_MINUTES);

/// Where the database comes from.
#[derive(Debug, Clone)]
pub enum DatabaseSource {
    /// `DATABASE_URL` was set: use that server as is.
    External(String),
    /// No `DATABASE_URL`: start (if needed) the project-local cluster and use database `name` on it.
    Embedded { pg: EmbeddedPg, name: String },
}

/// Typed server configuration. Not `Serialize`: it may hold secrets and never crosses the wire.
#[derive(Debug, Clone)]
pub struct Config {
    pub database: DatabaseSource,
    /// Root for runtime data: the embedded cluster, logs, uploads.
    pub data_dir: PathBuf,
    /// Public base URL, used for canonical links and emails (no trailing slash).
    pub public_url: String,
    /// Load the demo data set at start (default: on for the embedded database, off otherwise).
    pub seed_demo: bool,
    pub log_dir: PathBuf,
    /// Maximum pool connections per app instance.
    pub db_max_connections: u32,
    /// Trust `X-Forwarded-For` for the client IP (only behind a reverse proxy you run).
    pub trust_proxy: bool,
    /// Session lifetimes by audience.
    pub sessions: SessionPolicy,
    /// Development mode (`CAREBOOK_DEV=1`, set by `cargo make run` and `cargo make dev`): development aids
    /// such as the mail outbox may be turned on, and only while the server listens on loopback.
    pub dev_mode: bool,
    /// Show the recorded mail at `/dev/outbox` and `/api/dev/outbox` (`CAREBOOK_DEV_OUTBOX`, default on in
    /// development mode). It holds every sign-in and reset link, so [`Config::dev_outbox_allowed`] decides.
    pub dev_outbox: bool,
    /// SMTP relay URL (`CAREBOOK_SMTP_URL`); without one, mail stays in the outbox table.
    pub smtp_url: Option<Secret>,
    /// Sender address (`CAREBOOK_MAIL_FROM`).
    pub mail_from: String,
    /// OpenID Connect sign-in (Google by default); None hides the button.
    pub oidc: Option<OidcConfig>,
    /// Concurrent password hashes per instance (`CAREBOOK_HASH_CONCURRENCY`; default: half the cores).
    pub hash_concurrency: Option<usize>,
    /// Video rooms are `{meeting_base_url}carebook-{random}` (`CAREBOOK_MEETING_BASE_URL`, default Jitsi).
    pub meeting_base_url: String,
    /// Email admins about new doctor applications (`CAREBOOK_EMAIL_ADMINS_ON_APPLICATION=1`); they are
    /// always told in the app.
    pub email_admins_on_application: bool,
    /// How long a held slot stays held before it is released (`CAREBOOK_HOLD_SECS`, default 10 minutes).
    pub hold: chrono::Duration,
    /// How often each instance runs the booking jobs (`CAREBOOK_JOBS_EVERY_SECS`, default 30 s).
    pub jobs_every: std::time::Duration,
    /// A visit left "awaiting completion" this long after its end is marked completed
    /// (`CAREBOOK_AUTO_COMPLETE_HOURS`, default 72).
    pub auto_complete: chrono::Duration,
    /// dx's public dir with the client bundle (`DIOXUS_PUBLIC_PATH`, else `public/` beside the binary);
    /// None: pages are rendered and server functions answered, but no bundle is served (tests).
    pub public_dir: Option<PathBuf>,
    /// Online payment: the gateway (Stripe, or the development gateway), the payment window, the cap on a
    /// patient's open holds (`server::payments::PaymentSettings`).
    pub payments: crate::server::payments::PaymentSettings,
}

/// A string that never shows in logs or `Debug` output.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Config {
    /// Read the configuration from the process environment (after loading `.env` if present).
    pub fn from_env() -> Self {
        let _ = dotenvy::dotenv();
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(var("CAREBOOK_DATA_DIR").unwrap_or_else(|| "data".into()));
        let data_dir = std::path::absolute(&data_dir).unwrap_or(data_dir);
        let database = match var("DATABASE_URL") {
            Some(url) => DatabaseSource::External(url),
            None => DatabaseSource::Embedded {
                pg: embedded_pg_from_env(&data_dir),
                name: var("CAREBOOK_DB_NAME").unwrap_or_else(|| "carebook".into()),
            },
        };
        let embedded = matches!(database, DatabaseSource::Embedded { .. });
        let seed_default = embedded;
        let seed_demo = var("CAREBOOK_SEED").map(|v| parse_bool(&v)).unwrap_or(seed_default);
        let port = var("PORT").unwrap_or_else(|| "8080".into());
        let public_url = var("CAREBOOK_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://127.0.0.1:{port}"))
            .trim_end_matches('/')
            .to_string();
        let dev_mode = var("CAREBOOK_DEV").is_some_and(|v| parse_bool(&v));
        Config {
            payments: crate::server::payments::PaymentSettings::from_env(dev_mode, &public_url),
            public_url,
            log_dir: var("CAREBOOK_LOG_DIR").map(PathBuf::from).unwrap_or_else(|| data_dir.join("logs")),
            db_max_connections: var("CAREBOOK_DB_MAX_CONNECTIONS").and_then(|v| v.parse().ok()).unwrap_or(20),
            trust_proxy: var("CAREBOOK_TRUST_PROXY").is_some_and(|v| parse_bool(&v)),
            sessions: session_policy_from_env(),
            dev_mode,
            dev_outbox: var("CAREBOOK_DEV_OUTBOX").map(|v| parse_bool(&v)).unwrap_or(true),
            smtp_url: var("CAREBOOK_SMTP_URL").map(Secret),
            mail_from: var("CAREBOOK_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            oidc: oidc_from_env(),
            hash_concurrency: var("CAREBOOK_HASH_CONCURRENCY").and_then(|v| v.parse().ok()).filter(|n| *n > 0),
            email_admins_on_application: var("CAREBOOK_EMAIL_ADMINS_ON_APPLICATION").is_some_and(|v| v == "1"),
            meeting_base_url: var("CAREBOOK_MEETING_BASE_URL").unwrap_or_else(|| "https://meet.jit.si/".into()),
            hold: secs_var("CAREBOOK_HOLD_SECS").unwrap_or(DEFAULT_HOLD),
            public_dir: std::env::var_os("DIOXUS_PUBLIC_PATH")
                .map(PathBuf::from)
                .or_else(|| Some(std::env::current_exe().ok()?.parent()?.join("public"))),
            jobs_every: secs_var("CAREBOOK_JOBS_EVERY_SECS")
                .and_then(|d| d.to_std().ok())
                .unwrap_or(std::time::Duration::from_secs(30)),
            auto_complete: var("CAREBOOK_AUTO_COMPLETE_HOURS")
                .and_then(|v| v.trim().parse::<i64>().ok())
                .filter(|h| *h > 0)
                .map(chrono::Duration::hours)
                .unwrap_or(DEFAULT_AUTO_COMPLETE),
            database,
            data_dir,
            seed_demo,
        }
    }

    /// Whether the mail outbox may be served by a server listening on `ip`: only when asked for (the
    /// default in development mode), in development mode, and on loopback. Err says why it stays off.
    pub fn dev_outbox_allowed(&self, ip: std::net::IpAddr) -> Result<bool, String> {
        match (self.dev_outbox, self.dev_mode, ip.is_loopback()) {
            (false, _, _) | (true, false, _) => Ok(false),
            (true, true, true) => Ok(true),
            (true, true, false) => Err(format!(
                "the development mail outbox stays off: this server listens on {ip}, not on loopback (it would \
                 show every sign-in and password-reset link to anyone who can reach it)"
            )),
        }
    }

    /// Cookies are `Secure` (and `__Host-` prefixed) when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The host (and port) of the public URL, e.g. for calendar event UIDs.
    pub fn public_host(&self) -> &str {
        let rest = self.public_url.split_once("://").map(|(_, r)| r).unwrap_or(&self.public_url);
        rest.split('/').next().filter(|h| !h.is_empty()).unwrap_or("carebook")
    }

    /// A configuration for tests and tools: nothing read from the environment.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Config {
            database: DatabaseSource::External("postgres://unused".into()),
            log_dir: data_dir.join("logs"),
            data_dir,
            public_url: "http://127.0.0.1:8080".into(),
            seed_demo: false,
            db_max_connections: 5,
            trust_proxy: false,
            sessions: SessionPolicy::default(),
            dev_mode: true,
            dev_outbox: true,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            oidc: None,
            hash_concurrency: None,
            email_admins_on_application: false,
            meeting_base_url: "https://meet.example.test/".into(),
            hold: DEFAULT_HOLD,
            jobs_every: std::time::Duration::from_secs(30),
            auto_complete: DEFAULT_AUTO_COMPLETE,
            public_dir: None,
            payments: crate::server::payments::PaymentSettings::none(),
        }
    }
}

/// Provider sign-in from `CAREBOOK_OIDC_CLIENT_ID` + `_CLIENT_SECRET` (both needed); endpoints default to
/// Google's and can point at any OpenID Connect provider.
fn oidc_from_env() -> Option<OidcConfig> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let or = |k: &str, d: &str| var(k).unwrap_or_else(|| d.to_string());
    Some(OidcConfig {
        client_id: var("CAREBOOK_OIDC_CLIENT_ID")?,
        client_secret: Secret(var("CAREBOOK_OIDC_CLIENT_SECRET")?),
        provider: or("CAREBOOK_OIDC_PROVIDER", "google"),
        label: or("CAREBOOK_OIDC_LABEL", "Google"),
        auth_url: or("CAREBOOK_OIDC_AUTH_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
        token_url: or("CAREBOOK_OIDC_TOKEN_URL", "https://oauth2.googleapis.com/token"),
        userinfo_url: Some(or("CAREBOOK_OIDC_USERINFO_URL", "https://openidconnect.googleapis.com/v1/userinfo")),
        issuer: or("CAREBOOK_OIDC_ISSUER", "https://accounts.google.com"),
    })
}

/// Session lifetimes, each overridable in seconds: `CAREBOOK_SESSION_{PATIENT,STAFF}[_REMEMBERED]_{IDLE,ABSOLUTE}_SECS`.
fn session_policy_from_env() -> SessionPolicy {
    let d = SessionPolicy::default();
    let get = |name: &str, default: Lifetime| Lifetime {
        idle: secs_var(&format!("CAREBOOK_SESSION_{name}_IDLE_SECS")).unwrap_or(default.idle),
        absolute: secs_var(&format!("CAREBOOK_SESSION_{name}_ABSOLUTE_SECS")).unwrap_or(default.absolute),
    };
    SessionPolicy {
        patient: get("PATIENT", d.patient),
        patient_remembered: get("PATIENT_REMEMBERED", d.patient_remembered),
        staff: get("STAFF", d.staff),
        staff_remembered: get("STAFF_REMEMBERED", d.staff_remembered),
    }
}

fn secs_var(name: &str) -> Option<chrono::Duration> {
    std::env::var(name).ok()?.trim().parse::<i64>().ok().filter(|s| *s > 0).map(chrono::Duration::seconds)
}

/// The embedded cluster described by `CAREBOOK_PG_PORT` / `CAREBOOK_PG_BIN` under `data_dir`.
pub fn embedded_pg_from_env(data_dir: &std::path::Path) -> EmbeddedPg {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    EmbeddedPg {
        data_dir: data_dir.to_path_buf(),
        port: var("CAREBOOK_PG_PORT").and_then(|p| p.parse().ok()).unwrap_or(54329),
        bin_dir: PathBuf::from(var("CAREBOOK_PG_BIN").unwrap_or_else(|| "/usr/lib/postgresql/15/bin".into())),
    }
}

fn parse_bool(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

#[cfg(test)]
mod tests {
    use super::{parse_bool, Config};

    #[test]
    fn the_outbox_needs_development_mode_and_loopback() {
        let mut c = Config::for_tests(std::path::PathBuf::from("/tmp"));
        let (lo, lo6, any): (std::net::IpAddr, std::net::IpAddr, std::net::IpAddr) =
            ("127.0.0.1".parse().unwrap(), "::1".parse().unwrap(), "0.0.0.0".parse().unwrap());
        assert_eq!(c.dev_outbox_allowed(lo), Ok(true));
        assert_eq!(c.dev_outbox_allowed(lo6), Ok(true));
        assert!(c.dev_outbox_allowed(any).unwrap_err().contains("not on loopback"));
        c.dev_mode = false;
        assert_eq!(c.dev_outbox_allowed(lo), Ok(false), "never outside development mode");
        c.dev_mode = true;
        c.dev_outbox = false;
        assert_eq!(c.dev_outbox_allowed(lo), Ok(false), "turned off");
    }

    #[test]
    fn parses_common_boolean_spellings() {
        for yes in ["1", "true", "TRUE", " yes ", "on"] {
            assert!(parse_bool(yes), "{yes}");
        }
        for no in ["0", "false", "no", "off", "maybe"] {
            assert!(!parse_bool(no), "{no}");
        }
    }
}
