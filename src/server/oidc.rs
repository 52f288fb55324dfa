//! Sign-in with an OpenID Connect provider (Google by default; every endpoint is configuration):
//! authorization code + PKCE + state + nonce. The in-flight request lives in Postgres, bound to the
//! starting browser by a cookie; the ID token's issuer, audience, expiry and nonce are checked (it comes
//! straight from the token endpoint over TLS, OIDC Core 3.1.3.7). Users are identified by `sub`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::Duration;
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::server::auth::email_token::random_token;
use crate::server::auth::session::hash_token;
use crate::server::config::Secret;
use crate::server::AppState;

/// How long a started sign-in may take at the provider.
const FLOW_LIFETIME: Duration = Duration::minutes(10);
/// The cookie binding a flow to the browser that started it.
pub const BINDING_COOKIE: &str = "carebook_oidc";

/// Provider settings (`CAREBOOK_OIDC_*`).
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// Stable key stored with identities, e.g. `google`.
    pub provider: String,
    /// Button text: "Continue with {label}".
    pub label: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub auth_url: String,
    pub token_url: String,
    /// UserInfo endpoint; when set, profile claims (email, verified flag, name) come from it.
    pub userinfo_url: Option<String>,
    /// Expected `iss` of ID tokens.
    pub issuer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdTokenField {
    id_token: String,
}
impl ExtraTokenFields for IdTokenField {}

type TokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;
type OidcClient = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

fn client(cfg: &OidcConfig, public_url: &str) -> Result<OidcClient, AppError> {
    let bad = |e: oauth2::url::ParseError| AppError::internal(format!("OIDC endpoint URL: {e}"));
    Ok(oauth2::Client::new(ClientId::new(cfg.client_id.clone()))
        .set_client_secret(ClientSecret::new(cfg.client_secret.0.clone()))
        .set_auth_uri(AuthUrl::new(cfg.auth_url.clone()).map_err(bad)?)
        .set_token_uri(TokenUrl::new(cfg.token_url.clone()).map_err(bad)?)
        .set_redirect_uri(RedirectUrl::new(format!("{public_url}/auth/oidc/callback")).map_err(bad)?))
}

/// Begin: record state, PKCE verifier and nonce; returns the provider URL and the binding cookie value.
pub async fn start(state: &AppState, cfg: &OidcConfig, return_to: &str) -> Result<(String, String), AppError> {
    let client = client(cfg, &state.config.public_url)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = random_token();
    let binding = random_token();
    let (url, csrf) = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new("openid".into()))
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .add_extra_param("nonce", &nonce)
        .set_pkce_challenge(challenge)
        .url();
    let now = state.clock.now();
    sqlx::query!(
        r#"insert into oauth_flows (state_hash, binding_hash, pkce_verifier, nonce, return_to, created_at, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        hash_token(csrf.secret()),
        hash_token(&binding),
        verifier.secret(),
        nonce,
        return_to,
        now,
        now + FLOW_LIFETIME
    )
    .execute(&state.db)
    .await?;
    Ok((url.to_string(), binding))
}

/// What the provider told us about the user, after every check passed.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    pub return_to: String,
}

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    exp: i64,
    nonce: Option<String>,
    email: Option<String>,
    #[serde(default)]
    email_verified: EmailVerified,
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// Providers send `email_verified` as a boolean or as the string "true".
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum EmailVerified {
    Bool(bool),
    Text(String),
    #[default]
    Missing,
}

/// Finish: consume the flow (single use, same browser), exchange the code with the PKCE verifier and
/// check the ID token. Any mismatch is a `BadRequest` (logged with the reason, shown generically).
pub async fn callback(
    state: &AppState,
    cfg: &OidcConfig,
    code: &str,
    state_param: &str,
    binding: Option<&str>,
) -> Result<VerifiedIdentity, AppError> {
    let fail = |why: &str| {
        tracing::warn!("OIDC sign-in refused: {why}");
        AppError::BadRequest("Sign-in with the provider didn't work. Please try again.".into())
    };
    let now = state.clock.now();
    let flow = sqlx::query!(
        r#"delete from oauth_flows where state_hash = $1 and expires_at > $2
           returning binding_hash, pkce_verifier, nonce, return_to"#,
        hash_token(state_param),
        now
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| fail("unknown, used or expired state"))?;
    if binding.map(hash_token) != Some(flow.binding_hash) {
        return Err(fail("state started in another browser"));
    }
    let http = reqwest::ClientBuilder::new()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(AppError::internal)?;
    let token = client(cfg, &state.config.public_url)?
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .set_pkce_verifier(PkceCodeVerifier::new(flow.pkce_verifier))
        .request_async(&http)
        .await
        .map_err(|e| fail(&format!("token exchange: {e}")))?;
    let claims = decode_claims(&token.extra_fields().id_token).ok_or_else(|| fail("unreadable ID token"))?;
    let issuer_ok = claims.iss == cfg.issuer || claims.iss == cfg.issuer.trim_start_matches("https://");
    let audience_ok = match &claims.aud {
        Audience::One(a) => a == &cfg.client_id,
        Audience::Many(list) => list.contains(&cfg.client_id),
    };
    if !issuer_ok {
        return Err(fail("wrong issuer"));
    }
    if !audience_ok {
        return Err(fail("wrong audience"));
    }
    if claims.exp <= now.timestamp() {
        return Err(fail("expired ID token"));
    }
    if claims.nonce.as_deref() != Some(flow.nonce.as_str()) {
        return Err(fail("nonce mismatch"));
    }
    let (mut email, mut verified, mut name) = (claims.email, claims.email_verified, claims.name);
    if let Some(url) = &cfg.userinfo_url {
        let access = oauth2::TokenResponse::access_token(&token).secret().clone();
        let info: UserInfo = http
            .get(url)
            .bearer_auth(access)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| fail(&format!("userinfo: {e}")))?
            .json()
            .await
            .map_err(|e| fail(&format!("userinfo body: {e}")))?;
        // OIDC Core 5.3.2: the UserInfo `sub` must match the ID token's.
        if info.sub != claims.sub {
            return Err(fail("userinfo subject mismatch"));
        }
        (email, verified, name) = (info.email.or(email), info.email_verified, info.name.or(name));
    }
    let email_verified = match verified {
        EmailVerified::Bool(b) => b,
        EmailVerified::Text(t) => t == "true",
        EmailVerified::Missing => false,
    };
    Ok(VerifiedIdentity { subject: claims.sub, email, email_verified, name, return_to: flow.return_to })
}

#[derive(Debug, Deserialize)]
struct UserInfo {
    sub: String,
    email: Option<String>,
    #[serde(default)]
    email_verified: EmailVerified,
    name: Option<String>,
}

fn decode_claims(jwt: &str) -> Option<Claims> {
    let payload = jwt.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_id_token_claims() {
        let payload = URL_SAFE_NO_PAD.encode(
            br#"{"iss":"https://accounts.google.com","sub":"123","aud":["a","b"],"exp":9,"nonce":"n","email_verified":"true"}"#,
        );
        let claims = decode_claims(&format!("h.{payload}.s")).unwrap();
        assert_eq!(claims.sub, "123");
        assert!(matches!(claims.aud, Audience::Many(ref v) if v.len() == 2));
        assert!(matches!(claims.email_verified, EmailVerified::Text(ref t) if t == "true"));
        assert!(decode_claims("not-a-jwt").is_none());
    }
}
