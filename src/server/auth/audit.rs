//! The append-only security audit log: sign-ins, failures, session ends, password and role changes.

use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::session::ClientInfo;

/// How an audited action went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

/// One audit entry.
pub struct Event<'a> {
    /// Who acted (None: anonymous, e.g. a failed sign-in).
    pub actor: Option<Uuid>,
    /// Whose account it concerns, when different from or unknown to the actor.
    pub subject: Option<Uuid>,
    /// Dotted lowercase name, e.g. `auth.sign_in`.
    pub action: &'a str,
    pub outcome: Outcome,
    pub client: &'a ClientInfo,
    pub detail: Value,
}

/// Append an entry. Failures to audit are logged, never hidden, and never fail the user's request.
pub async fn record(db: &PgPool, event: Event<'_>) {
    let res = sqlx::query!(
        r#"insert into audit_log (actor_id, subject_id, action, outcome, ip, user_agent, detail)
           values ($1, $2, $3, $4, $5::text::inet, $6, $7)"#,
        event.actor,
        event.subject,
        event.action,
        event.outcome.as_str(),
        event.client.ip.as_deref(),
        event.client.user_agent.chars().take(512).collect::<String>(),
        event.detail,
    )
    .execute(db)
    .await;
    if let Err(e) = res {
        tracing::error!(action = event.action, "could not write audit log: {e}");
    }
}

/// Record an action a user took on their own account (actor and subject are the same person).
pub async fn self_action(db: &PgPool, user: Uuid, action: &str, outcome: Outcome, client: &ClientInfo, detail: Value) {
    record(db, Event { actor: Some(user), subject: Some(user), action, outcome, client, detail }).await
}
