//! Admin DTOs: the user list.

use serde::{Deserialize, Serialize};

use super::Role;

/// One account as the admin user list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: uuid::Uuid,
    pub email: String,
    pub full_name: String,
    pub role: Role,
    pub active: bool,
    pub email_verified: bool,
    /// RFC 3339 (UTC).
    pub created_at: String,
    pub last_sign_in_at: Option<String>,
}

/// A page of users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub users: Vec<UserRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}
