//! Mail DTOs (the dev outbox page).

use serde::{Deserialize, Serialize};

/// One recorded outgoing message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEmail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
}
