//! Paying for a booking online: start (or resume) the checkout, and what the patient's payment page shows.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::payment::PaymentResult;

#[cfg(feature = "server")]
use crate::server::auth::extract::Auth;

/// Start paying for booking `id`, or resume its open checkout: the provider's checkout URL to go to.
/// Auth: the appointment's patient only (404 for anyone else).
#[post("/api/appointments/{id}/pay", auth: Auth)]
pub async fn start_payment(id: Uuid) -> Result<String, AppError> {
    crate::server::payments::start(&auth.req.state, auth.user_id(), id).await
}

/// How paying for booking `id` stands; an open checkout is first checked with the provider.
/// Auth: the appointment's patient only (404 for anyone else).
#[get("/api/appointments/{id}/payment", auth: Auth)]
pub async fn get_payment(id: Uuid) -> Result<PaymentResult, AppError> {
    crate::server::payments::result(&auth.req.state, &auth.req.client, auth.user_id(), id).await
}
