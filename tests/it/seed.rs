//! The demo seed is idempotent and creates working demo accounts.
#![cfg(feature = "server")]

use carebook::server::{auth::password, seed};
use sqlx::PgPool;

#[sqlx::test]
async fn seeding_twice_changes_nothing(pool: PgPool) {
    let first = seed::demo(&pool).await.unwrap();
    assert!(first >= 30, "a few dozen doctors, got {first}");
    let counts = || async {
        sqlx::query_as::<_, (i64, i64, i64)>(
            "select (select count(*) from users), (select count(*) from doctors), (select count(*) from specialties)",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = counts().await;
    assert_eq!(seed::demo(&pool).await.unwrap(), 0);
    assert_eq!(counts().await, before);
}

#[sqlx::test]
async fn demo_accounts_have_roles_and_argon2id_passwords(pool: PgPool) {
    seed::demo(&pool).await.unwrap();
    for (email, role, _) in seed::DEMO_ACCOUNTS {
        let (db_role, hash): (carebook::model::Role, Option<String>) =
            sqlx::query_as("select role, password_hash from users where email = $1")
                .bind(email)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(db_role, *role);
        let hash = hash.expect("demo accounts can sign in");
        assert!(hash.starts_with("$argon2id$"));
        assert!(password::verify(seed::DEMO_PASSWORD.into(), hash).await.unwrap());
    }
    // The demo doctor owns an approved, public profile.
    let status: String = sqlx::query_scalar(
        "select d.status::text from doctors d join users u on u.id = d.user_id where u.email = 'doctor@carebook.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(status, "approved");
}
