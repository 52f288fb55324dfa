//! Password hashing with argon2id (OWASP parameters), always off the async runtime.

use anyhow::{anyhow, Result};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's minimum recommendation).
pub fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a password to a PHC string on the blocking pool.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || try_hash(&password)).await?
}

/// Hash on the current thread (for one-off work outside request handling).
pub fn hash_blocking(password: &str) -> String {
    try_hash(password).expect("argon2 hashing with static parameters cannot fail")
}

fn try_hash(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow!("argon2 hash failed: {e}"))
}

/// Whether a stored hash was made with weaker settings than today's (other algorithm or lower cost).
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    let want = hasher();
    let want = want.params();
    parsed.algorithm.as_str() != "argon2id"
        || params.m_cost() < want.m_cost()
        || params.t_cost() < want.t_cost()
        || params.p_cost() < want.p_cost()
}

/// Verify a password against a stored PHC string on the blocking pool. Malformed hashes verify false.
pub async fn verify(password: String, phc: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return Ok(false);
        };
        Ok(hasher().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await?
}

/// Raw argon2 verification rate (verifies per second) on `threads` threads for `seconds`: the reference
/// the sign-in benchmark is measured against.
#[cfg(feature = "bench")]
pub fn verify_rate(threads: usize, seconds: f64) -> f64 {
    let phc = hash_blocking("benchmark password");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(seconds);
    let started = std::time::Instant::now();
    let total: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let parsed = PasswordHash::new(&phc).expect("own hash parses");
                    let mut n = 0;
                    while std::time::Instant::now() < deadline {
                        let _ = hasher().verify_password(b"wrong password", &parsed);
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or(0)).sum()
    });
    total as f64 / started.elapsed().as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_carry_the_owasp_parameters() {
        let phc = hash("correct horse battery staple".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery staple".into(), phc.clone()).await.unwrap());
        assert!(!verify("correct horse battery stable".into(), phc).await.unwrap());
        assert!(!verify("x".into(), "not a phc string".into()).await.unwrap());
    }

    #[test]
    fn weaker_hashes_need_rehashing() {
        assert!(!needs_rehash(&hash_blocking("pw")));
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 1, 1, None).unwrap());
        let salt = SaltString::generate(&mut OsRng);
        let weak = weak.hash_password(b"pw", &salt).unwrap().to_string();
        assert!(needs_rehash(&weak));
        assert!(needs_rehash("$2b$12$notargon"));
    }
}
