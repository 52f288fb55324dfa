//! `db::retry_deadlock` against a real Postgres deadlock: the statement Postgres aborts as the victim runs
//! again and commits; any other error is returned at once, without another attempt.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use carebook::server::db::{is_deadlock, retry_deadlock};
use sqlx::PgPool;

#[sqlx::test]
async fn a_deadlock_victim_runs_again_and_other_errors_are_returned_at_once(pool: PgPool) {
    sqlx::query("create table pair (id int primary key, v int not null)").execute(&pool).await.unwrap();
    sqlx::query("insert into pair values (1, 0), (2, 0)").execute(&pool).await.unwrap();
    let mut other = pool.begin().await.unwrap();
    sqlx::query("update pair set v = 1 where id = 1").execute(&mut *other).await.unwrap();

    let attempts = AtomicUsize::new(0);
    let victim = retry_deadlock(|| {
        let (pool, attempts) = (pool.clone(), &attempts);
        async move {
            let n = attempts.fetch_add(1, Ordering::SeqCst);
            let mut tx = pool.begin().await?;
            sqlx::query("update pair set v = 2 where id = 2").execute(&mut *tx).await?;
            // The first attempt waits here for `other`, which then wants row 2: a deadlock. This side
            // waited first, so its deadlock check runs first and Postgres aborts it.
            sqlx::query("update pair set v = 2 where id = 1").execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(n)
        }
    });
    let closer = async {
        // Once the first attempt waits for row 1, take row 2.
        let waiting =
            "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'";
        for _ in 0..500 {
            if sqlx::query_scalar::<_, i64>(waiting).fetch_one(&pool).await.unwrap() > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        sqlx::query("update pair set v = 1 where id = 2").execute(&mut *other).await.unwrap();
        other.commit().await.unwrap();
    };
    let (won_on, ()) = tokio::join!(victim, closer);
    assert_eq!(won_on.unwrap(), 1, "the second attempt committed");
    let rows: Vec<(i32, i32)> = sqlx::query_as("select id, v from pair order by id").fetch_all(&pool).await.unwrap();
    assert_eq!(rows, vec![(1, 2), (2, 2)], "the retry's writes landed after the other transaction's");

    let calls = AtomicUsize::new(0);
    let failed = retry_deadlock(|| {
        calls.fetch_add(1, Ordering::SeqCst);
        sqlx::query("select 1 / 0").execute(&pool)
    })
    .await
    .unwrap_err();
    assert!(!is_deadlock(&failed), "{failed}");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "no retry for other errors");
}
