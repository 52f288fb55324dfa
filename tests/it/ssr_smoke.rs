//! SSR smoke tests: real pages through the real router, asserting status, <title> and seeded content.
#![cfg(feature = "server")]

use crate::common::{get, seed, test_router, title_of};
use sqlx::PgPool;

#[sqlx::test]
async fn home_page_renders_seeded_specialties_and_doctors(pool: PgPool) {
    seed(&pool).await;
    let res = get(&test_router(pool), "/").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").starts_with("text/html"), "{}", res.header("content-type"));
    assert_eq!(title_of(&res.body), "Carebook — find a doctor and book online");
    for expected in ["Top-rated doctors", "Cardiology", "Dermatology", "Dr. Amara Okafor", "All specialties"] {
        assert!(res.body.contains(expected), "home HTML lacks {expected:?}");
    }
    // The stylesheet is linked at its content-hashed URL, and the description meta is present.
    assert!(res.body.contains(carebook::app::STYLESHEET_HREF));
    assert!(res.body.contains(r#"name="description""#));
    // Data for hydration travels with the page.
    assert!(res.body.contains("initial_dioxus_hydration_data"));
}

#[sqlx::test]
async fn specialty_query_narrows_the_doctor_list_on_the_server(pool: PgPool) {
    seed(&pool).await;
    let res = get(&test_router(pool), "/?specialty=dermatology").await;
    assert_eq!(res.status, 200);
    assert!(title_of(&res.body).starts_with("Top Dermatology doctors"), "{}", title_of(&res.body));
    assert!(res.body.contains("Top-rated doctors in Dermatology"));
    assert!(res.body.contains("Dr. Mei Chen") && res.body.contains("Dr. Aisha Bello"));
    // Cardiologists are not in the grid (the specialty catalogue still names the specialty itself).
    assert!(!res.body.contains("Dr. Amara Okafor"));
    assert!(!res.body.contains(r#"data-specialty="cardiology""#));
}

#[sqlx::test]
async fn unknown_urls_get_the_404_page_with_status_404(pool: PgPool) {
    let res = get(&test_router(pool), "/no/such/page").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("find that page"), "{}", res.body);
    assert!(res.body.contains("/no/such/page"));
    assert_eq!(title_of(&res.body), "Page not found | Carebook");
}

#[sqlx::test]
async fn static_assets_are_served_with_types_and_cache_headers(pool: PgPool) {
    let router = test_router(pool);
    let css = get(&router, carebook::app::STYLESHEET_HREF).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(css.header("cache-control").contains("immutable"));
    assert!(css.body.contains(".btn-primary"), "the built Tailwind CSS is embedded");

    assert_eq!(get(&router, "/static/carebook-stale.css").await.status, 404);
    let ico = get(&router, "/favicon.ico").await;
    assert_eq!((ico.status.as_u16(), ico.header("content-type")), (200, "image/x-icon"));
    let robots = get(&router, "/robots.txt").await;
    assert!(robots.body.contains("Disallow: /api/"));
    assert_eq!(robots.header("x-content-type-options"), "nosniff");
}

#[sqlx::test]
async fn the_header_names_the_visitor_beside_a_page_loading_its_own_data(pool: PgPool) {
    // The account links wait for the session in their own boundary while the page loads its results.
    let w = crate::common::booking::world(pool).await;
    let anonymous = get(&w.a, "/doctors?q=okafor").await;
    let signed_in = crate::common::get_with(&w.a, "/doctors?q=okafor", &w.doctor_cookie).await;
    for res in [&anonymous, &signed_in] {
        assert_eq!(res.status, 200);
        assert!(res.body.contains(r#"href="/doctors/dr-amara-okafor""#), "the results are in the HTML");
    }
    assert!(anonymous.body.contains(">Sign in<") && !anonymous.body.contains("my-account"));
    assert!(signed_in.body.contains(r#"data-testid="my-account""#) && !signed_in.body.contains(">Sign in<"));
}

/// The page's hydration data, read as Dioxus' browser client reads it (base64, then ciborium into one byte
/// vector per entry): every entry is one CBOR byte string (`vendor/dioxus-fullstack-core`: half the size
/// of upstream's one integer per byte), and the search's entry holds the results the HTML shows, in order.
#[sqlx::test]
async fn hydration_entries_are_byte_strings_that_read_back_as_the_shown_results(pool: PgPool) {
    use base64::Engine;
    use carebook::{error::AppError, model::search::SearchPage};
    seed(&pool).await;
    let res = get(&test_router(pool), "/doctors?q=cardiology").await;
    const DATA: &str = "initial_dioxus_hydration_data=\"";
    let start = res.body.find(DATA).expect("hydration data") + DATA.len();
    let end = res.body[start..].find('"').unwrap() + start;
    let raw = base64::engine::general_purpose::STANDARD.decode(&res.body[start..end]).unwrap();

    let envelope: ciborium::Value = ciborium::from_reader(raw.as_slice()).unwrap();
    let entries = envelope.as_array().expect("a list of entries");
    assert!(entries.len() > 3, "{entries:?}");
    assert!(entries.iter().all(|e| e.is_null() || e.is_bytes()), "{entries:?}");

    let entries: Vec<Option<Vec<u8>>> = ciborium::from_reader(raw.as_slice()).unwrap();
    let pages: Vec<SearchPage> = entries
        .iter()
        .flatten()
        .filter_map(|e| ciborium::from_reader::<Result<SearchPage, AppError>, _>(e.as_slice()).ok()?.ok())
        .collect();
    assert_eq!(pages.len(), 1, "one search entry");
    let doctors = &pages[0].results.doctors;
    assert!(doctors.len() >= 2 && doctors.iter().all(|d| d.specialty_slug == "cardiology"), "{doctors:?}");
    let at = |name: &str| res.body.find(&format!(">{name}<")).unwrap_or_else(|| panic!("{name} in the HTML"));
    assert!(doctors.windows(2).all(|w| at(&w[0].name) < at(&w[1].name)), "same order as the cards");
}

/// The head tags pages set, exactly as written (`vendor/dioxus-server` writes them without the renderer):
/// the title's text and the attributes escaped, attributes in the element's order, metas before links;
/// and a page's own `document::Meta` (sign-in's description, the email confirmation's robots tag).
#[sqlx::test]
async fn head_tags_are_written_in_full_and_escaped(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let res = get(&router, "/doctors?q=%3Cb%3E").await;
    assert!(res.body.contains("<title>Doctors matching “&#60;b&#62;” — book online | Carebook</title>"));
    let described =
        "doctors — compare verified doctors&#39; fees, experience and reviews on Carebook, and book a visit online.";
    let total = res.body.split(r#"<meta name="description" content=""#).nth(1).and_then(|r| r.split(' ').next());
    let description = format!("{} {described}", total.expect("a description"));
    let url = "http://127.0.0.1:8080/doctors?q=%3Cb%3E";
    let tags = [
        r##"<meta name="theme-color" content="#0c7f78"/>"##.to_string(),
        format!(r#"<meta name="description" content="{description}"/>"#),
        r#"<meta content="Doctors matching “&#60;b&#62;” — book online | Carebook" property="og:title"/>"#.to_string(),
        format!(r#"<meta content="{description}" property="og:description"/>"#),
        r#"<meta content="website" property="og:type"/>"#.to_string(),
        format!(r#"<meta content="{url}" property="og:url"/>"#),
        format!(r#"<link rel="stylesheet" href="{}" type="text/css"/>"#, carebook::app::STYLESHEET_HREF),
        r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>"#.to_string(),
        format!(r#"<link rel="canonical" href="{url}"/>"#),
    ];
    assert!(res.body.contains(&format!("{}</head>", tags.concat())), "{}", res.body);

    let sign_in = get(&router, "/sign-in").await;
    assert!(
        sign_in.body.contains(r#"<meta name="description" content="Sign in to Carebook to book"#),
        "{}",
        sign_in.body
    );
    assert!(!sign_in.body.contains("noindex"), "sign-in may be found by search engines");
    let verify = get(&router, "/verify-email?token=x").await;
    assert!(verify.body.contains(r#"<meta name="robots" content="noindex"/>"#), "{}", verify.body);
}
