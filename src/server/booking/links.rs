//! One-click links in emails: manage a visit (cancel or reschedule it) or answer a waitlist offer without
//! signing in. A link carries the appointment's id and an HMAC-SHA256 tag (truncated to 128 bits) over the
//! link's purpose, that id and the visit's start, under a key every instance shares (`app_secrets`). Nothing
//! is stored per link: a link dies when its visit starts, moves or stops being changeable, and what it may do
//! is what the appointment's patient may do (the same policy and cut-off). Opening a link only reads; acting
//! is a POST from its page, so mail scanners that follow links change nothing.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use uuid::Uuid;

use super::Caller;
use crate::error::AppError;
use crate::model::booking::AppointmentView;
use crate::model::Role;
use crate::server::AppState;

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Cancel or reschedule a booked visit (within the patient's policy).
    Manage,
    /// Accept or decline a slot the waitlist holds for the patient.
    Offer,
}

impl Purpose {
    fn tag(self) -> u8 {
        match self {
            Purpose::Manage => 1,
            Purpose::Offer => 2,
        }
    }

    /// The page the link opens.
    fn page(self) -> &'static str {
        match self {
            Purpose::Manage => "/booking-link/manage",
            Purpose::Offer => "/booking-link/offer",
        }
    }
}

/// The signing key: read from `app_secrets` once per instance, made there by the first instance that needs it.
pub async fn key(state: &AppState) -> Result<[u8; 32], sqlx::Error> {
    state
        .link_key
        .get_or_try_init(|| async {
            let mut fresh = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut fresh);
            sqlx::query!(
                "insert into app_secrets (name, value) values ('link_key', $1) on conflict (name) do nothing",
                &fresh[..]
            )
            .execute(&state.db)
            .await?;
            // A new statement: sees the row whichever instance wrote it.
            let stored = sqlx::query_scalar!("select value from app_secrets where name = 'link_key'")
                .fetch_one(&state.db)
                .await?;
            let mut key = [0u8; 32];
            key.copy_from_slice(&stored[..32]);
            Ok(key)
        })
        .await
        .copied()
}

fn mac(key: &[u8; 32], purpose: Purpose, appointment: Uuid, starts_at: DateTime<Utc>) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(b"carebook-link/v1");
    mac.update(&[purpose.tag()]);
    mac.update(appointment.as_bytes());
    mac.update(&starts_at.timestamp_micros().to_be_bytes());
    mac
}

/// The link's token: the appointment's id and the tag, URL-safe base64 (43 characters).
pub fn token(key: &[u8; 32], purpose: Purpose, appointment: Uuid, starts_at: DateTime<Utc>) -> String {
    let tag = mac(key, purpose, appointment, starts_at).finalize().into_bytes();
    let mut raw = [0u8; 32];
    raw[..16].copy_from_slice(appointment.as_bytes());
    raw[16..].copy_from_slice(&tag[..16]);
    URL_SAFE_NO_PAD.encode(raw)
}

/// The whole link for an email.
pub fn url(state: &AppState, key: &[u8; 32], purpose: Purpose, appointment: Uuid, starts_at: DateTime<Utc>) -> String {
    format!("{}{}?token={}", state.config.public_url, purpose.page(), token(key, purpose, appointment, starts_at))
}

/// An email's lines to cancel or reschedule the visit: one link each, to the same page.
pub fn manage_lines(state: &AppState, key: &[u8; 32], appointment: Uuid, starts_at: DateTime<Utc>) -> String {
    let link = url(state, key, Purpose::Manage, appointment, starts_at);
    format!("Cancel: {link}&action=cancel\nReschedule: {link}&action=reschedule\n")
}

/// Every refusal reads the same: a link that never existed is not told apart from one that lapsed.
fn invalid() -> AppError {
    AppError::BadRequest(
        "This link no longer works: it has expired, or the appointment changed after it was sent. Sign in to see \
         your appointments."
            .into(),
    )
}

/// Check a link: the appointment it is for, acted on as its patient. Refused when the token is malformed or
/// forged, signed for another purpose, or the visit has moved or started since.
pub async fn open(state: &AppState, token: &str, purpose: Purpose) -> Result<(Uuid, Caller), AppError> {
    let raw = URL_SAFE_NO_PAD.decode(token.trim()).map_err(|_| invalid())?;
    if raw.len() != 32 {
        return Err(invalid());
    }
    let id = Uuid::from_slice(&raw[..16]).map_err(|_| invalid())?;
    let row = sqlx::query!("select patient_id, starts_at from appointments where id = $1", id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(invalid)?;
    let key = key(state).await?;
    mac(&key, purpose, id, row.starts_at).verify_truncated_left(&raw[16..]).map_err(|_| invalid())?;
    if row.starts_at <= state.clock.now() {
        return Err(invalid());
    }
    Ok((id, Caller { user: row.patient_id, role: Role::Patient }))
}

/// What a link's page shows: the visit as its patient sees it (in their zone), without the patient's name,
/// the reason, the notes or the history (an email may be forwarded).
fn shown(mut view: AppointmentView) -> AppointmentView {
    view.patient_name.clear();
    view.reason.clear();
    view.notes.clear();
    view.history.clear();
    view
}

/// The visit as its patient sees it now, in their zone (no history: the page doesn't show it).
async fn now_seen(state: &AppState, caller: Caller, id: Uuid) -> Result<AppointmentView, AppError> {
    let tz = super::viewer_zone(state, caller.user).await?;
    Ok(shown(super::own_view(state, caller.user, id, tz).await?))
}

/// The visit a link of `purpose` is for.
pub async fn visit(state: &AppState, token: &str, purpose: Purpose) -> Result<AppointmentView, AppError> {
    let (id, caller) = open(state, token, purpose).await?;
    now_seen(state, caller, id).await
}

/// Cancel the visit of a manage link, as its patient (up to the cut-off).
pub async fn cancel(state: &AppState, token: &str, reason: &str) -> Result<AppointmentView, AppError> {
    let (id, caller) = open(state, token, Purpose::Manage).await?;
    Ok(shown(super::cancel(state, caller, id, reason).await?))
}

/// Move the visit of a manage link to another free start, as its patient (up to the cut-off).
pub async fn reschedule(state: &AppState, token: &str, start: DateTime<Utc>) -> Result<AppointmentView, AppError> {
    let (id, caller) = open(state, token, Purpose::Manage).await?;
    Ok(shown(super::reschedule(state, caller, id, start).await?))
}

/// Accept (book) or decline the slot an offer link holds.
pub async fn answer_offer(state: &AppState, token: &str, accept: bool) -> Result<AppointmentView, AppError> {
    let (id, caller) = open(state, token, Purpose::Offer).await?;
    let entry = crate::server::waitlist::entry_offered(state, caller.user, id).await?;
    if accept {
        return Ok(shown(crate::server::waitlist::accept(state, caller.user, entry).await?));
    }
    crate::server::waitlist::decline(state, caller.user, entry).await?;
    now_seen(state, caller, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_bound_to_its_purpose_appointment_start_and_key() {
        let key = [7u8; 32];
        let id = Uuid::from_u128(0x1234);
        let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let t = token(&key, Purpose::Manage, id, start);
        assert_eq!(t.len(), 43);
        let raw = URL_SAFE_NO_PAD.decode(&t).unwrap();
        assert_eq!(&raw[..16], id.as_bytes());
        let ok = |k: &[u8; 32], p, s| mac(k, p, id, s).verify_truncated_left(&raw[16..]).is_ok();
        assert!(ok(&key, Purpose::Manage, start));
        assert!(!ok(&key, Purpose::Offer, start), "another purpose");
        assert!(!ok(&key, Purpose::Manage, start + chrono::Duration::minutes(30)), "the visit moved");
        assert!(!ok(&[8u8; 32], Purpose::Manage, start), "another key");
        let other = Uuid::from_u128(0x1235);
        assert!(mac(&key, Purpose::Manage, other, start).verify_truncated_left(&raw[16..]).is_err(), "another visit");
    }
}
