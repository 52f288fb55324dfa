//! Password hashing with argon2id (OWASP parameters), always off the async runtime.

use anyhow::{anyhow, Result};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

/// argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's minimum recommendation).
pub fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a password to a PHC string on the blocking pool.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow!("argon2 hash failed: {e}"))
    })
    .await?
}

/// Verify a password against a stored PHC string on the blocking pool. Malformed hashes verify false.
pub async fn verify(password: String, phc: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return Ok(false);
        };
        Ok(hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_carry_the_owasp_parameters() {
        let phc = hash("correct horse battery staple".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery staple".into(), phc.clone())
            .await
            .unwrap());
        assert!(!verify("correct horse battery stable".into(), phc)
            .await
            .unwrap());
        assert!(!verify("x".into(), "not a phc string".into()).await.unwrap());
    }
}
