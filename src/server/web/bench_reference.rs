//! The benchmark's reference: a hand-written axum + sqlx handler that renders the same `/doctors`
//! results to HTML with `format!`, in the same binary. Mounted only with `CAREBOOK_BENCH_REFERENCE=1`.

use axum::{
    extract::RawQuery,
    response::{Html, IntoResponse, Response},
    Extension,
};

use crate::error::AppError;
use crate::model::html::escape;
use crate::model::search::DoctorSearch;
use crate::server::{db, AppState};

/// `GET /bench/reference/doctors?…`: the same search, rendered without Dioxus.
pub async fn doctors(Extension(state): Extension<AppState>, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    let raw = q.unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(&raw).decode_utf8_lossy();
    let search = DoctorSearch::from(decoded.as_ref());
    let r = db::search::search(&state.search_db, &search).await?;
    let mut html = String::with_capacity(16 * 1024);
    html.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Doctors | Carebook</title>");
    html.push_str(&format!("<link rel=\"stylesheet\" href=\"{}\"></head><body><main>", crate::app::STYLESHEET_HREF));
    html.push_str(&format!("<h1>Doctors</h1><p>{}</p><ol>", escape(&r.total_label())));
    for d in &r.doctors {
        html.push_str(&format!(
            "<li><article class=\"card\"><h3><a href=\"/doctors/{}\">{}</a></h3><p>{}</p><p>{}, {}</p>\
             <dl><dt>Experience</dt><dd>{} years</dd><dt>Rating</dt><dd>{}</dd><dt>Languages</dt><dd>{}</dd></dl>\
             {}<p>{} per visit</p></article></li>",
            escape(&d.slug),
            escape(&d.name),
            escape(&d.specialty_name),
            escape(&d.area),
            escape(&d.city),
            d.years_experience,
            escape(&d.rating_label().unwrap_or_else(|| "New".into())),
            escape(&d.languages.join(", ")),
            d.next_available.as_deref().map(|n| format!("<p>Next available: {}</p>", escape(n))).unwrap_or_default(),
            escape(&d.fee_label()),
        ));
    }
    html.push_str("</ol></main></body></html>");
    Ok(Html(html).into_response())
}
