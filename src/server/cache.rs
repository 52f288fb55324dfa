//! A value each instance reads from Postgres at most once per period: a cache, not state.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A value one instance reuses for `ttl`, then refreshes in the background while callers keep getting
/// the previous one (stale-while-revalidate): no request waits for a reload. Only the first load (and
/// the first after [`RefreshedCache::clear`]) is waited for, by one caller at a time; a failed load is not kept.
/// Every instance builds its own from Postgres, so a second instance needs nothing from this one.
/// (Why no request waits for a reload: docs/performance.md.)
pub struct RefreshedCache<T> {
    ttl: Duration,
    slot: Mutex<Slot<T>>,
    /// Held while a caller loads a missing value, so concurrent callers wait for it rather than each
    /// running the query.
    loading: tokio::sync::Mutex<()>,
}

struct Slot<T> {
    value: Option<(Instant, T)>,
    /// Bumped by `clear`: a refresh started before it must not store what it read.
    generation: u64,
    refreshing: bool,
}

enum Plan<T> {
    Held(T),
    HeldAndRefresh(T, u64),
    Load,
}

impl<T: Clone + Send + 'static> RefreshedCache<T> {
    pub fn new(ttl: Duration) -> Self {
        RefreshedCache {
            ttl,
            slot: Mutex::new(Slot { value: None, generation: 0, refreshing: false }),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The value: the one held if it is younger than the period; past it, still the one held while
    /// `load` runs in the background (one refresh at a time); with none held, `load`'s result.
    pub async fn get<E, F>(self: &Arc<Self>, load: impl FnOnce() -> F) -> Result<T, E>
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        match self.plan() {
            Plan::Held(value) => Ok(value),
            Plan::HeldAndRefresh(value, generation) => {
                self.refresh(load(), generation);
                Ok(value)
            }
            Plan::Load => {
                let _loading = self.loading.lock().await;
                let generation = {
                    let slot = self.lock();
                    if let Some((_, value)) = &slot.value {
                        return Ok(value.clone()); // loaded while this caller waited
                    }
                    slot.generation
                };
                let fresh = load().await?;
                let mut slot = self.lock();
                if slot.generation == generation {
                    slot.value = Some((Instant::now(), fresh.clone()));
                }
                Ok(fresh)
            }
        }
    }

    /// Drop the value: the next `get` loads it again and waits for it (after a change this instance made).
    pub fn clear(&self) {
        let mut slot = self.lock();
        slot.value = None;
        slot.generation += 1;
    }

    fn plan(&self) -> Plan<T> {
        let mut slot = self.lock();
        let Some((at, value)) = &slot.value else { return Plan::Load };
        if at.elapsed() < self.ttl || slot.refreshing {
            return Plan::Held(value.clone());
        }
        let value = value.clone();
        slot.refreshing = true;
        Plan::HeldAndRefresh(value, slot.generation)
    }

    /// Load in the background and keep the result unless `clear` ran meanwhile. A failure keeps the
    /// previous value (the next `get` tries again).
    fn refresh<E, F>(self: &Arc<Self>, load: F, generation: u64)
    where
        F: Future<Output = Result<T, E>> + Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        /// Ends the refresh even if its task is dropped unfinished.
        struct Refreshing<T: Clone + Send + 'static>(Arc<RefreshedCache<T>>);
        impl<T: Clone + Send + 'static> Drop for Refreshing<T> {
            fn drop(&mut self) {
                self.0.lock().refreshing = false;
            }
        }
        let refreshing = Refreshing(self.clone());
        tokio::spawn(async move {
            match load.await {
                Ok(fresh) => {
                    let mut slot = refreshing.0.lock();
                    if slot.generation == generation {
                        slot.value = Some((Instant::now(), fresh));
                    }
                }
                Err(e) => tracing::warn!(error = %e, "refreshing a reused value failed; keeping the previous one"),
            }
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot<T>> {
        self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(v: u32) -> impl FnOnce() -> std::future::Ready<Result<u32, String>> {
        move || std::future::ready(Ok(v))
    }

    fn failing() -> std::future::Ready<Result<u32, String>> {
        std::future::ready(Err("down".into()))
    }

    /// A load of `v` that finishes when the returned sender fires.
    fn gated(v: u32) -> (tokio::sync::oneshot::Sender<()>, impl Future<Output = Result<u32, String>> + Send + 'static) {
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        (release, async move {
            released.await.ok();
            Ok(v)
        })
    }

    fn never_called() -> std::future::Ready<Result<u32, String>> {
        panic!("a refresh ran while one was under way (or while the value was fresh)")
    }

    /// The held value, read without triggering anything.
    fn held(reused: &RefreshedCache<u32>) -> Option<u32> {
        reused.lock().value.as_ref().map(|(_, v)| *v)
    }

    /// Let spawned refreshes run to the end (the test runtime has one thread).
    async fn settle(reused: &RefreshedCache<u32>) {
        for _ in 0..100 {
            if !reused.lock().refreshing {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("the refresh did not finish");
    }

    #[tokio::test]
    async fn loads_once_per_period_and_again_after_clear_or_failure() {
        let reused = Arc::new(RefreshedCache::new(Duration::from_secs(60)));
        assert_eq!(reused.get(ok(1)).await, Ok(1));
        assert_eq!(reused.get(never_called).await, Ok(1), "reused within the period");
        reused.clear();
        assert_eq!(reused.get(ok(2)).await, Ok(2), "loaded again, and waited for, after clear");
        reused.clear();
        assert_eq!(reused.get(failing).await, Err("down".into()));
        assert_eq!(reused.get(ok(3)).await, Ok(3), "a failure is not kept");
    }

    #[tokio::test]
    async fn past_the_period_callers_get_the_held_value_while_one_refresh_runs() {
        let reused = Arc::new(RefreshedCache::new(Duration::ZERO));
        assert_eq!(reused.get(ok(1)).await, Ok(1));

        let (release, slow) = gated(2);
        assert_eq!(reused.get(|| slow).await, Ok(1), "the held value at once, not the reload");
        for _ in 0..3 {
            assert_eq!(reused.get(never_called).await, Ok(1), "one refresh at a time");
        }
        release.send(()).unwrap();
        settle(&reused).await;
        assert_eq!(held(&reused), Some(2), "the refresh is kept");

        assert_eq!(reused.get(failing).await, Ok(2));
        settle(&reused).await;
        assert_eq!(held(&reused), Some(2), "a failed refresh keeps the held value");
        assert_eq!(reused.get(ok(3)).await, Ok(2), "and the next caller tries again");
        settle(&reused).await;
        assert_eq!(held(&reused), Some(3));
    }

    #[tokio::test]
    async fn a_refresh_started_before_clear_is_not_kept() {
        let reused = Arc::new(RefreshedCache::new(Duration::ZERO));
        assert_eq!(reused.get(ok(1)).await, Ok(1));
        let (release, slow) = gated(2);
        assert_eq!(reused.get(|| slow).await, Ok(1));
        reused.clear();
        assert_eq!(reused.get(ok(3)).await, Ok(3), "after a change the next caller loads and waits");
        release.send(()).unwrap();
        settle(&reused).await;
        assert_eq!(held(&reused), Some(3), "what the refresh read before the change was dropped");
    }
}
