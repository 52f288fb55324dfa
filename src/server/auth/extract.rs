//! Request extractors: `Req` (state, client info, session token) and `Auth` (the signed-in user, or 401).
//! They work for HTTP calls and for server functions called during SSR (with the page's cookies).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::Extension;

use super::session::{self, ActiveSession, ClientInfo};
use crate::error::AppError;
use crate::model::Role;
use crate::server::AppState;

/// Facts about the current request every account operation needs.
pub struct Req {
    pub state: AppState,
    pub client: ClientInfo,
    /// The session cookie's token, if the request carries one.
    pub token: Option<String>,
}

impl Req {
    /// Whether cookies must be `Secure` (the public URL is https).
    pub fn secure(&self) -> bool {
        self.state.config.secure_cookies()
    }

    /// The live session behind the cookie, if any.
    pub async fn session(&self) -> Result<Option<ActiveSession>, AppError> {
        match &self.token {
            Some(token) => Ok(session::resolve(&self.state.db, token, self.state.clock.now()).await?),
            None => Ok(None),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Req {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Extension(app) = Extension::<AppState>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::internal("AppState extension missing"))?;
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .chars()
            .take(512)
            .collect();
        let forwarded = app.config.trust_proxy.then(|| {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|ip| ip.trim().parse::<std::net::IpAddr>().ok())
        });
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let ip = forwarded.flatten().or(peer).map(|ip| ip.to_string());
        let token = super::cookie::token(&parts.headers, app.config.secure_cookies());
        let time_zone = super::cookie::zone(&parts.headers);
        Ok(Req { client: ClientInfo { ip, user_agent, time_zone }, token, state: app })
    }
}

/// A signed-in user. Extracting it fails with 401 when there is no live session.
pub struct Auth {
    pub req: Req,
    pub session: ActiveSession,
}

impl Auth {
    /// The user's id.
    pub fn user_id(&self) -> uuid::Uuid {
        self.session.user_id()
    }

    /// 403 unless the user has one of `roles` (and, for staff required to, has set up two-factor sign-in).
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        let user = &self.session.user;
        if !roles.contains(&user.role) {
            Err(AppError::Forbidden)
        } else if user.needs_2fa_setup {
            Err(AppError::TwoFactorSetupRequired)
        } else {
            Ok(())
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let req = Req::from_request_parts(parts, state).await?;
        match req.session().await? {
            Some(session) => Ok(Auth { req, session }),
            None => Err(AppError::Unauthorized),
        }
    }
}
