//! The doctor application journey over HTTP: draft → documents → submit → admin review → listed in search,
//! plus the rules around it (validation, unique licence numbers, private documents, admin-only review).
#![cfg(feature = "server")]

use crate::common::{demo_sign_in, get, get_with, last_mail, post_json, send, sign_in, test_router};
use axum::body::Body;
use axum::http::Request;
use carebook::model::application::{ApplicationForm, Step};
use carebook::model::doctor::{PracticeLocation, Qualification};
use serde_json::json;
use sqlx::PgPool;

fn form(registration: &str) -> ApplicationForm {
    ApplicationForm {
        gender: "female".into(),
        languages: "English, Portuguese".into(),
        bio: "Family physician focused on preventive care, chronic conditions and travel medicine.".into(),
        specialty: "family-medicine".into(),
        years_experience: 9,
        fee: "95".into(),
        registration_no: registration.into(),
        registration_council: "Ordem dos Médicos".into(),
        offers_video: true,
        qualifications: vec![Qualification {
            degree: "MD".into(),
            institute: "Universidade do Porto".into(),
            passing_year: 2014,
        }],
        locations: vec![PracticeLocation {
            name: "Ribeira Family Clinic".into(),
            address: "12 Rua das Flores".into(),
            area: "Ribeira".into(),
            city: "Porto".into(),
            latitude: Some(41.14),
            longitude: Some(-8.61),
        }],
        ..Default::default()
    }
}

async fn save(router: &axum::Router, cookie: &str, f: &ApplicationForm, step: Step) -> crate::common::TestResponse {
    post_json(router, "/api/applications/mine", json!({ "form": f, "step": step }), Some(cookie)).await
}

async fn upload(router: &axum::Router, cookie: Option<&str>, kind: &str, body: &[u8]) -> crate::common::TestResponse {
    let mut req = Request::post(format!("/api/applications/documents?kind={kind}&name=licence%20scan.pdf"))
        .header("content-type", "application/pdf")
        .header("x-request-client", "dioxus");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    send(router, req.body(Body::from(body.to_vec())).unwrap()).await
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

#[sqlx::test]
async fn application_to_approval_to_search(pool: PgPool) {
    let router = test_router(pool.clone());
    let patient = demo_sign_in(&router, &pool, "patient").await;
    let f = form("OM-55821");

    // Step by step: each save validates only that step and keeps a resumable draft.
    let bad = save(&router, &patient, &ApplicationForm { bio: "short".into(), ..f.clone() }, Step::Personal).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.json()["data"]["detail"]["bio"].is_string());
    for step in [Step::Personal, Step::Professional, Step::Qualifications, Step::Locations] {
        let res = save(&router, &patient, &f, step).await;
        assert_eq!(res.status, 200, "{step:?}: {}", res.body);
        assert_eq!(res.json()["status"], "draft");
    }
    let resumed = get_with(&router, "/api/applications/mine", &patient).await.json();
    assert_eq!(resumed["form"]["registration_no"], "OM-55821");

    // Submitting without a licence document is refused with a field error.
    let early = post_json(&router, "/api/applications/mine/submit", json!({ "form": f }), Some(&patient)).await;
    assert_eq!(early.status, 422, "{}", early.body);
    assert!(early.json()["data"]["detail"]["documents"].is_string());

    // Not a PDF in disguise: refused. A real one: stored.
    assert_eq!(upload(&router, Some(&patient), "licence", b"MZ\x90\x00 not a pdf").await.status, 422);
    let doc = upload(&router, Some(&patient), "licence", PDF).await;
    assert_eq!(doc.status, 200, "{}", doc.body);
    let doc_url = format!("/api/doctor-documents/{}", doc.json()["id"].as_str().unwrap());

    let submitted = post_json(&router, "/api/applications/mine/submit", json!({ "form": f }), Some(&patient)).await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    assert_eq!(submitted.json()["status"], "pending");
    let doctor_id = submitted.json()["doctor_id"].as_str().unwrap().to_string();

    // Documents are private: anonymous 401, another user 404, the owner and admins get the file.
    assert_eq!(get(&router, &doc_url).await.status, 401);
    let other = sign_in(&router, "doctor@carebook.test", carebook::server::seed::DEMO_PASSWORD, false).await;
    assert_eq!(get_with(&router, &doc_url, &other).await.status, 404);
    let own = get_with(&router, &doc_url, &patient).await;
    assert_eq!((own.status.as_u16(), own.header("content-type")), (200, "application/pdf"));
    let admin = sign_in(&router, "admin@carebook.test", carebook::server::seed::DEMO_PASSWORD, false).await;
    assert_eq!(get_with(&router, &doc_url, &admin).await.body.as_bytes(), PDF);

    // Only admins see the queue and decide; admins were told in the app.
    assert_eq!(get_with(&router, "/api/admin/applications", &patient).await.status, 403);
    let queue = get_with(&router, "/api/admin/applications", &admin).await.json();
    assert_eq!(queue[0]["doctor_id"], doctor_id.as_str());
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notifications n join users u on u.id = n.user_id where u.role = 'admin' and n.link like '%' || $1",
    )
    .bind(&doctor_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1);
    let decide = format!("/api/admin/applications/{doctor_id}/decision");
    let denied = post_json(&router, &decide, json!({ "decision": "approve", "note": "" }), Some(&patient)).await;
    assert_eq!(denied.status, 403);
    // Not listed before approval.
    let before = get(&router, "/api/doctors/search?query=q%3DPat%20Demo").await.json();
    assert_eq!(before["results"]["total"], 0);

    let ok = post_json(&router, &decide, json!({ "decision": "approve", "note": "" }), Some(&admin)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let again =
        post_json(&router, &decide, json!({ "decision": "reject", "note": "Changed my mind." }), Some(&admin)).await;
    assert_eq!(again.status, 409, "a decided application can't be decided twice");

    let role: String = sqlx::query_scalar("select role::text from users where email = 'patient@carebook.test'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(role, "doctor");
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'doctor.application_review'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let (subject, _) = last_mail(&pool, "patient@carebook.test").await;
    assert!(subject.contains("approved"), "{subject}");

    // Listed: by name, by the city, and its page renders.
    let found = get(&router, "/api/doctors/search?query=q%3Dpat%20demo").await.json();
    assert_eq!(found["results"]["doctors"][0]["name"], "Dr. Pat Demo");
    let slug = found["results"]["doctors"][0]["slug"].as_str().unwrap().to_string();
    let porto = get(&router, "/api/doctors/search?query=city%3DPorto").await.json();
    assert_eq!(porto["results"]["total"], 1);
    assert_eq!(get(&router, &format!("/doctors/{slug}")).await.status, 200);

    // Editing the licence of an approved profile sends it back to review (and out of the directory).
    let changed = save(&router, &patient, &form("OM-55822"), Step::Review).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.json()["status"], "pending");
    assert_eq!(get(&router, &format!("/doctors/{slug}")).await.status, 404);
}

#[sqlx::test]
async fn a_registration_number_in_use_is_refused(pool: PgPool) {
    let router = test_router(pool.clone());
    let patient = demo_sign_in(&router, &pool, "patient").await;
    let taken: String = sqlx::query_scalar("select registration_no from doctors where slug = 'dr-amara-okafor'")
        .fetch_one(&pool)
        .await
        .unwrap();
    // Spacing and case don't get around it.
    let sneaky = taken.to_lowercase().replacen('-', " - ", 1).replace(" - ", "-");
    let res = save(&router, &patient, &form(&format!(" {sneaky} ")), Step::Professional).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.json()["data"]["detail"]["registration_no"].as_str().unwrap().contains("already registered"));
}

#[sqlx::test]
async fn rejections_need_a_reason_and_changes_go_back_to_draft(pool: PgPool) {
    let router = test_router(pool.clone());
    let patient = demo_sign_in(&router, &pool, "patient").await;
    let f = form("OM-77001");
    for step in [Step::Personal, Step::Professional] {
        assert_eq!(save(&router, &patient, &f, step).await.status, 200);
    }
    assert_eq!(upload(&router, Some(&patient), "licence", PDF).await.status, 200);
    assert_eq!(upload(&router, None, "licence", PDF).await.status, 401);
    let sub = post_json(&router, "/api/applications/mine/submit", json!({ "form": f }), Some(&patient)).await.json();
    let decide = format!("/api/admin/applications/{}/decision", sub["doctor_id"].as_str().unwrap());
    let admin = sign_in(&router, "admin@carebook.test", carebook::server::seed::DEMO_PASSWORD, false).await;
    let no_reason = post_json(&router, &decide, json!({ "decision": "reject", "note": "" }), Some(&admin)).await;
    assert_eq!(no_reason.status, 422);
    let back = post_json(
        &router,
        &decide,
        json!({ "decision": "request_changes", "note": "Please upload a clearer licence scan." }),
        Some(&admin),
    )
    .await;
    assert_eq!(back.status, 200, "{}", back.body);
    let mine = get_with(&router, "/api/applications/mine", &patient).await.json();
    assert_eq!(
        (mine["status"].as_str(), mine["review_note"].as_str()),
        (Some("draft"), Some("Please upload a clearer licence scan."))
    );
    let (subject, body) = last_mail(&pool, "patient@carebook.test").await;
    assert!(subject.contains("Changes needed") && body.contains("clearer licence scan"), "{subject} {body}");
}
