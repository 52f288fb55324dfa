//! The benchmark's reference: a hand-written axum + sqlx handler that renders the same `/doctors`
//! results to HTML by pushing strings, in the same binary. Mounted only with `CAREBOOK_BENCH_REFERENCE=1`.
//!
//! `/bench/reference/doctors` writes each result with exactly the markup of the SSR's doctor card (a unit
//! test holds them equal), so the comparison is between two ways of rendering the same results.
//! `/bench/reference/doctors-minimal` is the first reference (a bare list with the same facts), kept so
//! the figures stay comparable with earlier runs.

use axum::{
    extract::RawQuery,
    response::{Html, IntoResponse, Response},
    Extension,
};

use crate::error::AppError;
use crate::model::directory::DoctorSummary;
use crate::model::html::{escape, escape_into};
use crate::model::search::{DoctorSearch, SearchResults};
use crate::server::{db, AppState};

/// `GET /bench/reference/doctors?…`: the same search, each result in the SSR card's markup.
pub async fn doctors(state: Extension<AppState>, q: RawQuery) -> Result<Response, AppError> {
    let r = search(&state, q).await?;
    let mut html = String::with_capacity(48 * 1024);
    open_page(&mut html, &r);
    html.push_str("<ol class=\"mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3\" data-testid=\"results\">");
    for d in &r.doctors {
        card(&mut html, d);
    }
    html.push_str("</ol></main></body></html>");
    Ok(Html(html).into_response())
}

/// `GET /bench/reference/doctors-minimal?…`: the same search, each result as a bare list item.
pub async fn doctors_minimal(state: Extension<AppState>, q: RawQuery) -> Result<Response, AppError> {
    let r = search(&state, q).await?;
    let mut html = String::with_capacity(16 * 1024);
    open_page(&mut html, &r);
    html.push_str("<ol>");
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

async fn search(state: &AppState, RawQuery(q): RawQuery) -> Result<SearchResults, AppError> {
    let raw = q.unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(&raw).decode_utf8_lossy();
    let search = DoctorSearch::from(decoded.as_ref());
    Ok(db::search::search(&state.search_db, &search, state.clock.now()).await?)
}

fn open_page(html: &mut String, r: &SearchResults) {
    html.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Doctors | Carebook</title>");
    html.push_str(&format!("<link rel=\"stylesheet\" href=\"{}\"></head><body><main>", crate::app::STYLESHEET_HREF));
    html.push_str(&format!("<h1>Doctors</h1><p>{}</p>", escape(&r.total_label())));
}

/// Push `parts`, escaping every other one: markup, text, markup, text, …
fn text(html: &mut String, parts: &[&str]) {
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            html.push_str(part);
        } else {
            escape_into(html, part);
        }
    }
}

/// One result, in the markup of `components::doctor_card` (without Dioxus' hydration markers).
fn card(html: &mut String, d: &DoctorSummary) {
    text(
        html,
        &[
            "<li class=\"flex\"><article class=\"doctor-card\" data-testid=\"doctor-card\" data-specialty=\"",
            &d.specialty_slug,
            "\"><div class=\"doctor-card-head\">",
        ],
    );
    match &d.photo_url {
        Some(src) => text(
            html,
            &[
                "<img src=\"",
                src,
                "\" alt=\"\" width=\"56\" height=\"56\" loading=\"lazy\" class=\"doctor-card-photo\"/>",
            ],
        ),
        None => text(
            html,
            &["<div class=\"doctor-card-photo doctor-card-initials\" aria-hidden=\"true\">", &d.initials(), "</div>"],
        ),
    }
    text(
        html,
        &[
            "<div class=\"min-w-0\"><h3 class=\"doctor-card-name\"><a href=\"/doctors/",
            &d.slug,
            "\" data-testid=\"doctor-link\">",
            &d.name,
            "</a></h3>",
        ],
    );
    text(html, &["<p class=\"doctor-card-specialty\">", &d.specialty_name, "</p>"]);
    text(html, &["<p class=\"doctor-card-place\"><span class=\"icon icon-pin h-4 w-4\" aria-hidden=\"true\"></span><span class=\"truncate\">", &d.area, ", ", &d.city, "</span>"]);
    if let Some(km) = d.distance_km {
        html.push_str(&format!("<span class=\"shrink-0\" data-testid=\"distance\"> · {km:.1} km</span>"));
    }
    html.push_str("</p>");
    if d.online_now {
        html.push_str("<p class=\"doctor-card-online\"><span class=\"h-2 w-2 rounded-full bg-brand-500\" aria-hidden=\"true\"></span>Online now</p>");
    }
    html.push_str(&format!(
        "</div></div><dl class=\"doctor-card-facts\"><div class=\"doctor-card-fact\"><dt class=\"sr-only\">Experience</dt>\
         <span class=\"icon icon-clock h-4 w-4\" aria-hidden=\"true\"></span><dd>{} years experience</dd></div>\
         <div class=\"doctor-card-fact\"><dt class=\"sr-only\">Rating</dt>",
        d.years_experience
    ));
    match d.rating_label() {
        Some(r) => text(
            html,
            &["<span class=\"icon icon-star h-4 w-4 text-amber-500\" aria-hidden=\"true\"></span><dd>", &r, "</dd>"],
        ),
        None => html.push_str("<dd>New on Carebook</dd>"),
    }
    html.push_str("</div>");
    if let Some(next) = &d.next_available {
        text(html, &["<div class=\"doctor-card-fact col-span-2 font-medium text-brand-700\"><span class=\"icon icon-calendar h-4 w-4\" aria-hidden=\"true\"></span><dt>Next available:</dt><dd data-testid=\"next-available\">", next, "</dd></div>"]);
    }
    text(html, &["<div class=\"doctor-card-fact col-span-2\"><dt class=\"sr-only\">Languages</dt><span class=\"icon icon-lang h-4 w-4\" aria-hidden=\"true\"></span><dd class=\"truncate\">", &d.languages.join(", "), "</dd></div></dl>"]);
    text(html, &["<div class=\"doctor-card-foot\"><p class=\"text-sm text-ink-muted\"><span class=\"doctor-card-fee\" data-testid=\"fee\">", &d.fee_label(), "</span> per visit</p>"]);
    if d.offers_video {
        html.push_str("<span class=\"badge-brand\"><span class=\"icon icon-video h-3.5 w-3.5\" aria-hidden=\"true\"></span>Video visits</span>");
    }
    html.push_str("</div></article></li>");
}

#[cfg(test)]
mod tests {
    use crate::model::directory::DoctorSummary;

    /// The reference must write what the SSR's card renders, or the benchmark compares different pages.
    #[test]
    fn reference_cards_are_the_ssr_cards_markup() {
        let plain = DoctorSummary::sample();
        let full = DoctorSummary {
            name: "Dr. Zoë <O'Brien> & Co".into(),
            photo_url: Some("/media/users/1/photo?v=2&s=56".into()),
            distance_km: Some(3.25),
            online_now: true,
            next_available: Some("Tomorrow, 09:00".into()),
            offers_video: true,
            ..DoctorSummary::sample()
        };
        let unrated =
            DoctorSummary { rating_avg: None, rating_count: 0, offers_video: false, ..DoctorSummary::sample() };
        for d in [plain, full, unrated] {
            // Dioxus writes numeric character references where `escape_into` writes named ones.
            let ssr = dioxus::ssr::render_element(crate::components::doctor_card(&d))
                .replace("&#38;", "&amp;")
                .replace("&#60;", "&lt;")
                .replace("&#62;", "&gt;")
                .replace("&#39;", "'")
                .replace("&#34;", "&quot;");
            let mut reference = String::new();
            super::card(&mut reference, &d);
            assert_eq!(reference, ssr, "{}", d.name);
        }
    }
}
