//! Internal errors are logged where they are answered, once, with the correlation id the client sees; a
//! normal retry (a double click on "hold") is not an error and logs none.

use std::sync::{Arc, Mutex};

use sqlx::PgPool;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

use crate::common::booking::*;
use carebook::server::auth::session::ClientInfo;
use carebook::server::booking::HoldAttempt;

/// Every ERROR event's fields, as "name=value" text.
#[derive(Clone, Default)]
struct ErrorLines(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl<S: tracing::Subscriber> Layer<S> for ErrorLines {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if *event.metadata().level() == tracing::Level::ERROR {
            let mut line = String::new();
            event.record(&mut Fields(&mut line));
            self.0.lock().unwrap().push(line);
        }
    }
}

impl ErrorLines {
    /// Capture ERROR events on this thread (`#[sqlx::test]` runs the test and the router on one thread).
    fn capture() -> (ErrorLines, tracing::subscriber::DefaultGuard) {
        let lines = ErrorLines::default();
        let subscriber = tracing_subscriber::registry().with(lines.clone());
        (lines, tracing::subscriber::set_default(subscriber))
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// The booking world's state for calling the hold directly on this thread (the router runs server
/// functions on worker threads, where a thread's log capture can't follow).
async fn direct(
    w: &World,
    cookie: &str,
) -> (carebook::server::AppState, carebook::server::auth::session::ActiveSession) {
    use carebook::server::clock::Clock;
    let state = carebook::server::AppState::with_clock(w.pool.clone(), crate::common::test_config(), w.clock.clone());
    let token = cookie.trim_start_matches("carebook_session=");
    let session = carebook::server::auth::session::resolve(&w.pool, token, w.clock.now()).await.unwrap().unwrap();
    (state, session)
}

#[sqlx::test]
async fn a_double_click_on_hold_logs_no_error(pool: PgPool) {
    let w = world(pool).await;
    let (_, cookie) = patient(&w, 1).await;
    let (state, patient) = direct(&w, &cookie).await;
    let (errors, _guard) = ErrorLines::capture();
    let client = ClientInfo::default();
    let attempt = HoldAttempt {
        doctor_id: w.doctor_id,
        type_id: w.consult,
        location: None,
        start: at(0),
        key: "double-click-01",
    };
    let hold = || carebook::server::booking::hold(&state, &patient, &client, attempt);
    let (first, again) = (hold().await.unwrap(), hold().await.unwrap());
    assert_eq!(first.id, again.id, "one appointment");
    assert_eq!(errors.take(), Vec::<String>::new(), "a retry is not an error");
    // Through the router too (on two instances): the same appointment, 200 both times.
    let a = crate::common::booking::hold(&w.a, &w, &cookie, w.consult, at(60), "double-click-02").await;
    let b = crate::common::booking::hold(&w.b, &w, &cookie, w.consult, at(60), "double-click-02").await;
    assert_eq!((a.status.as_u16(), b.status.as_u16()), (200, 200), "{}", b.body);
    assert_eq!(a.json()["id"], b.json()["id"]);
}

#[sqlx::test]
async fn a_real_internal_error_is_logged_once_with_the_id_the_client_sees(pool: PgPool) {
    let w = world(pool).await;
    let (_, cookie) = patient(&w, 1).await;
    let (state, patient) = direct(&w, &cookie).await;
    sqlx::query("alter table appointments rename to appointments_gone").execute(&w.pool).await.unwrap();
    let (errors, _guard) = ErrorLines::capture();
    let attempt =
        HoldAttempt { doctor_id: w.doctor_id, type_id: w.consult, location: None, start: at(0), key: "broken-0001" };
    let err = carebook::server::booking::hold(&state, &patient, &ClientInfo::default(), attempt).await.unwrap_err();
    let carebook::error::AppError::Internal { correlation_id } = &err else { panic!("not internal: {err:?}") };
    let shown = err.to_string();
    assert!(shown.contains(correlation_id.as_str()) && !shown.contains("appointments_gone"), "{shown}");
    let logged = errors.take();
    assert_eq!(logged.len(), 1, "logged once: {logged:?}");
    assert!(logged[0].contains(correlation_id.as_str()) && logged[0].contains("does not exist"), "{logged:?}");
    // The client gets the same typed error, without the detail.
    let res = crate::common::booking::hold(&w.a, &w, &cookie, w.consult, at(0), "broken-0002").await;
    assert_eq!(res.status, 500);
    assert_eq!(res.json()["data"]["kind"], "internal");
    assert!(!res.body.contains("appointments_gone") && !res.body.contains("does not exist"), "{}", res.body);
}
