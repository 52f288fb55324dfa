//! In-app notifications (what the dashboards list).

use serde::{Deserialize, Serialize};

/// One notification for the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// An app path to open, or empty.
    pub link: String,
    /// RFC 3339 (UTC).
    pub created_at: String,
    pub read: bool,
}
