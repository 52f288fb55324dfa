//! Crawler files: `/sitemap.xml` (approved doctors and specialty pages) and `/robots.txt`.

use axum::{
    http::header,
    response::{IntoResponse, Response},
    Extension,
};

use crate::error::AppError;
use crate::model::html::escape;
use crate::server::{db, AppState};

/// `GET /sitemap.xml`: home, directory, every specialty page and every approved doctor (with lastmod).
pub async fn sitemap(Extension(state): Extension<AppState>) -> Result<Response, AppError> {
    let (doctors, specialties) =
        tokio::try_join!(db::doctors::sitemap_doctors(&state.db), db::doctors::specialty_slugs(&state.db))?;
    let base = state.config.public_url.trim_end_matches('/');
    let mut xml = String::with_capacity(200 + doctors.len() * 120);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in ["/", "/doctors"] {
        xml.push_str(&format!("<url><loc>{}{path}</loc></url>\n", escape(base)));
    }
    for slug in specialties {
        xml.push_str(&format!("<url><loc>{}/specialties/{}</loc></url>\n", escape(base), escape(&slug)));
    }
    for (slug, updated) in doctors {
        xml.push_str(&format!(
            "<url><loc>{}/doctors/{}</loc><lastmod>{}</lastmod></url>\n",
            escape(base),
            escape(&slug),
            updated.format("%Y-%m-%d")
        ));
    }
    xml.push_str("</urlset>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        xml,
    )
        .into_response())
}

/// `GET /robots.txt`: everything public may be crawled; account areas and the API may not.
pub async fn robots(Extension(state): Extension<AppState>) -> impl IntoResponse {
    let base = state.config.public_url.trim_end_matches('/');
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "User-agent: *\nDisallow: /api/\nDisallow: /patient\nDisallow: /doctor$\nDisallow: /doctor/\nDisallow: /admin\nDisallow: /account/\n\
             Disallow: /apply\nAllow: /doctors\nAllow: /\nSitemap: {base}/sitemap.xml\n"
        ),
    )
}
