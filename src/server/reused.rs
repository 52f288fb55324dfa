//! A value each instance reads from Postgres at most once per period: a cache, not state.

use std::future::Future;
use std::time::{Duration, Instant};

/// A value one instance reuses for `ttl` before loading it again. Callers that arrive during a load wait
/// for it instead of each running the query; a failed load is not kept. Every instance builds its own
/// from Postgres, so a second instance needs nothing from this one.
pub struct Reused<T> {
    ttl: Duration,
    slot: tokio::sync::Mutex<Option<(Instant, T)>>,
}

impl<T: Clone> Reused<T> {
    pub fn new(ttl: Duration) -> Self {
        Reused { ttl, slot: tokio::sync::Mutex::new(None) }
    }

    /// The value, loaded by `load` when there is none younger than the period.
    pub async fn get<E, F>(&self, load: impl FnOnce() -> F) -> Result<T, E>
    where
        F: Future<Output = Result<T, E>>,
    {
        let mut slot = self.slot.lock().await;
        if let Some((at, value)) = slot.as_ref() {
            if at.elapsed() < self.ttl {
                return Ok(value.clone());
            }
        }
        let fresh = load().await?;
        *slot = Some((Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Drop the value: the next `get` loads it again (after a change this instance made).
    pub async fn clear(&self) {
        *self.slot.lock().await = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn loads_once_per_period_and_again_after_clear_or_failure() {
        let loads = AtomicU32::new(0);
        let load = || async { Ok::<_, ()>(loads.fetch_add(1, Ordering::SeqCst) + 1) };
        let reused = Reused::new(Duration::from_secs(60));
        assert_eq!(reused.get(load).await, Ok(1));
        assert_eq!(reused.get(load).await, Ok(1), "reused within the period");
        reused.clear().await;
        assert_eq!(reused.get(load).await, Ok(2), "loaded again after clear");
        reused.clear().await;
        assert_eq!(reused.get(|| async { Err::<u32, _>("down") }).await, Err("down"));
        assert_eq!(reused.get(load).await, Ok(3), "a failure is not kept");

        let expiring = Reused::new(Duration::ZERO);
        assert_eq!(expiring.get(load).await, Ok(4));
        assert_eq!(expiring.get(load).await, Ok(5), "loaded again once the period is over");
    }
}
