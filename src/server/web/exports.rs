//! Downloads made from data: the admin payments ledger as CSV (a plain route, so the browser saves it).

use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::model::ledger::LedgerFilter;
use crate::model::Role;
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::extract::Auth;
use crate::server::payments::manual;

/// `GET /api/admin/payments.csv?provider=…&status=…&doctor=…&from=…&to=…`: the filtered ledger. Audited
/// (it holds patients' names).
/// Auth: admins only.
pub async fn payments_csv(auth: Auth, Query(filter): Query<LedgerFilter>) -> Result<Response, AppError> {
    auth.require(&[Role::Admin])?;
    let state = &auth.req.state;
    let body = manual::csv(state, &filter).await?;
    audit::record(
        &state.db,
        Event {
            actor: Some(auth.user_id()),
            subject: None,
            action: "payments.export",
            outcome: Outcome::Success,
            client: &auth.req.client,
            detail: serde_json::json!({ "filter": filter.query() }),
        },
    )
    .await;
    let name = format!("carebook-payments-{}.csv", state.clock.now().format("%Y%m%d-%H%M"));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}
