//! Mail delivery over a real SMTP conversation (lettre → a local SMTP server), following the received link.
#![cfg(feature = "server")]

use crate::common::smtp::{decode_quoted_printable, SmtpSink};
use crate::common::*;
use carebook::server::mail::{deliver_pending, smtp_from_url};
use serde_json::json;
use sqlx::PgPool;

fn from() -> lettre::message::Mailbox {
    "Carebook <no-reply@carebook.test>".parse().unwrap()
}

#[sqlx::test]
async fn verification_mail_is_delivered_over_smtp_and_its_link_works(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let router = test_router(pool.clone());
    let res = post_json(
        &router,
        "/api/auth/sign-up",
        json!({ "form": { "full_name": "Sam Smtp", "email": "sam@example.org", "password": "mail me a link please" } }),
        None,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);

    let smtp = smtp_from_url(&sink.url()).unwrap();
    assert_eq!(deliver_pending(&pool, &smtp, &from(), 10).await.unwrap(), 1);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let raw = &messages[0];
    assert!(raw.contains("To: sam@example.org"), "{raw}");
    assert!(raw.contains("Subject: Confirm your email for Carebook"), "{raw}");
    let body = decode_quoted_printable(raw);
    let token = link_token(&body);

    let verified = post_json(&router, "/api/auth/verify-email", json!({ "token": token }), None).await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    sign_in(&router, "sam@example.org", "mail me a link please", false).await;

    // Delivered rows are not sent again.
    assert_eq!(deliver_pending(&pool, &smtp, &from(), 10).await.unwrap(), 0);
    assert_eq!(sink.messages().len(), 1);
}

#[sqlx::test]
async fn concurrent_workers_send_each_message_once(pool: PgPool) {
    let sink = SmtpSink::start().await;
    for i in 0..12 {
        carebook::server::mail::queue(
            &pool,
            carebook::server::mail::Message {
                to: &format!("p{i}@example.org"),
                subject: "hello",
                body: format!("message {i}"),
            },
        )
        .await
        .unwrap();
    }
    let smtp = smtp_from_url(&sink.url()).unwrap();
    let sender = from();
    let (a, b) = tokio::join!(deliver_pending(&pool, &smtp, &sender, 8), deliver_pending(&pool, &smtp, &sender, 8));
    let (a, b) = (a.unwrap(), b.unwrap());
    let rest = deliver_pending(&pool, &smtp, &from(), 8).await.unwrap();
    assert_eq!(a + b + rest, 12);
    assert_eq!(sink.messages().len(), 12, "no duplicates");
}

#[sqlx::test]
async fn failed_deliveries_are_kept_with_their_error(pool: PgPool) {
    carebook::server::mail::queue(
        &pool,
        carebook::server::mail::Message { to: "x@example.org", subject: "s", body: "b".into() },
    )
    .await
    .unwrap();
    // A server that refuses service (kept listening, so no other test can get this port meanwhile).
    let refusing = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = refusing.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = refusing.accept().await {
            use tokio::io::AsyncWriteExt;
            let _ = conn.write_all(b"554 5.3.2 No SMTP service here\r\n").await;
        }
    });
    let smtp = smtp_from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    assert_eq!(deliver_pending(&pool, &smtp, &from(), 10).await.unwrap(), 0);
    let (attempts, error, sent): (i32, Option<String>, Option<chrono::DateTime<chrono::Utc>>) =
        sqlx::query_as("select attempts, last_error, sent_at from outbox_emails").fetch_one(&pool).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(error.is_some());
    assert!(sent.is_none());
}

#[sqlx::test]
async fn calendar_invites_arrive_as_a_text_calendar_attachment(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let ics =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@carebook.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let message = carebook::server::mail::Message {
        to: "pat@example.org",
        subject: "Appointment confirmed: Dr. Amara Okafor",
        body: "Your appointment is confirmed.".into(),
    };
    carebook::server::mail::queue_with_calendar(&pool, message, Some(ics.into())).await.unwrap();
    let smtp = smtp_from_url(&sink.url()).unwrap();
    assert_eq!(deliver_pending(&pool, &smtp, &from(), 10).await.unwrap(), 1);
    let raw = &sink.messages()[0];
    assert!(raw.contains("multipart/mixed"), "{raw}");
    assert!(raw.contains("Content-Type: text/calendar; charset=utf-8; method=PUBLISH"), "{raw}");
    assert!(raw.contains("invite.ics"), "{raw}");
    assert!(raw.contains("BEGIN:VCALENDAR") && raw.contains("UID:x@carebook.test"), "{raw}");
    assert!(decode_quoted_printable(raw).contains("Your appointment is confirmed."), "{raw}");
}
