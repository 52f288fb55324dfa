//! The benchmark's reference: a hand-written axum + sqlx handler that renders the same `/doctors`
//! results to HTML with `format!`, in the same binary. Mounted only with `CAREBOOK_BENCH_REFERENCE=1`.

use axum::{
    extract::RawQuery,
    response::{Html, IntoResponse, Response},
    Extension,
};

use crate::error::AppError;
use crate::model::search::DoctorSearch;
use crate::server::{db, AppState};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `GET /bench/reference/doctors?…`: the same search, rendered without Dioxus.
pub async fn doctors(Extension(state): Extension<AppState>, RawQuery(q): RawQuery) -> Result<Response, AppError> {
    let raw = q.unwrap_or_default();
    let decoded = percent_decode(&raw);
    let search = DoctorSearch::from(decoded.as_str());
    let r = db::search::search(&state.db, &search).await?;
    let mut html = String::with_capacity(16 * 1024);
    html.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Doctors | Carebook</title>");
    html.push_str(&format!("<link rel=\"stylesheet\" href=\"{}\"></head><body><main>", crate::app::STYLESHEET_HREF));
    html.push_str(&format!("<h1>Doctors</h1><p>{}</p><ol>", esc(&r.total_label())));
    for d in &r.doctors {
        html.push_str(&format!(
            "<li><article class=\"card\"><h3><a href=\"/doctors/{}\">{}</a></h3><p>{}</p><p>{}, {}</p>\
             <dl><dt>Experience</dt><dd>{} years</dd><dt>Rating</dt><dd>{}</dd><dt>Languages</dt><dd>{}</dd></dl>\
             <p>{} per visit</p></article></li>",
            esc(&d.slug),
            esc(&d.name),
            esc(&d.specialty_name),
            esc(&d.area),
            esc(&d.city),
            d.years_experience,
            esc(&d.rating_label().unwrap_or_else(|| "New".into())),
            esc(&d.languages.join(", ")),
            esc(&d.fee_label()),
        ));
    }
    html.push_str("</ol></main></body></html>");
    Ok(Html(html).into_response())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
