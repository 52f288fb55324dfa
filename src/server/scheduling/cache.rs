//! Per-instance cache of the rules a hold checks a slot against: the doctor's booking settings, the
//! consultation type, the place, weekly hours and date exceptions. A cache, not state: triggers announce
//! every change to those on the `carebook_schedule` channel (migration 13), each instance's listener drops
//! that doctor, and an instance without a live listener caches nothing. Whether a slot is still free is
//! never cached: the exclusion constraints decide that at insert time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use uuid::Uuid;

use super::rules::{self, Doctor};
use super::slots::Rules;
use crate::model::booking::{ConsultationMode, ConsultationType};

/// The channel the schedule triggers notify on (payload: the doctor's id).
pub const CHANNEL: &str = "carebook_schedule";
/// A backstop: entries are reloaded after this even if no notification came.
const TTL: Duration = Duration::from_secs(300);
/// Past this many entries the cache starts again from empty (one entry per doctor, type and place booked).
const MAX_ENTRIES: usize = 20_000;

/// What a hold of one consultation type at one place is checked against.
#[derive(Debug, Clone)]
pub struct HoldRules {
    pub doctor: Doctor,
    pub kind: ConsultationType,
    /// The place's position and label, for in-person visits; `None` for video (or no such place).
    pub place: Option<(i16, String)>,
    pub rules: Rules,
}

type Key = (Uuid, Uuid, Option<i16>);

#[derive(Default)]
struct Inner {
    entries: Mutex<HashMap<Key, (Instant, Arc<HoldRules>)>>,
    /// Bumped by every eviction, so a load that started before one is not stored after it.
    epoch: AtomicU64,
    /// Whether a listener is subscribed; without one nothing is stored or served.
    listening: AtomicBool,
}

/// The cache; cheap to clone (every clone is the same cache).
#[derive(Clone, Default)]
pub struct ScheduleCache(Arc<Inner>);

impl ScheduleCache {
    /// The rules for booking `type_id` (at place `location`, or the doctor's first) with an approved, listed
    /// doctor; `None` when the doctor or an active type of theirs is not found. A load keeps the exceptions
    /// from the day before `now` on, so an entry stays right as the days pass.
    pub async fn get(
        &self,
        db: &PgPool,
        doctor_id: Uuid,
        type_id: Uuid,
        location: Option<i16>,
        now: DateTime<Utc>,
    ) -> Result<Option<Arc<HoldRules>>, sqlx::Error> {
        let key = (doctor_id, type_id, location);
        if self.0.listening.load(Ordering::Acquire) {
            if let Some((at, hit)) = self.entries().get(&key) {
                if at.elapsed() < TTL {
                    return Ok(Some(hit.clone()));
                }
            }
        }
        let epoch = self.0.epoch.load(Ordering::Acquire);
        let Some(loaded) = load(db, doctor_id, type_id, location, now).await? else { return Ok(None) };
        let loaded = Arc::new(loaded);
        let mut entries = self.entries();
        // Checked under the lock evictions take, so none can land between the check and the insert.
        if self.0.listening.load(Ordering::Acquire) && self.0.epoch.load(Ordering::Acquire) == epoch {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (Instant::now(), loaded.clone()));
        }
        Ok(Some(loaded))
    }

    /// Drop one doctor's entries, or all of them.
    pub fn evict(&self, doctor: Option<Uuid>) {
        let mut entries = self.entries();
        self.0.epoch.fetch_add(1, Ordering::AcqRel);
        match doctor {
            Some(id) => entries.retain(|k, _| k.0 != id),
            None => entries.clear(),
        }
    }

    /// Whether a listener is subscribed (and the cache therefore in use).
    pub fn is_listening(&self) -> bool {
        self.0.listening.load(Ordering::Acquire)
    }

    /// How many entries are cached for `doctor` (for tests and diagnostics).
    pub fn cached(&self, doctor: Uuid) -> usize {
        self.entries().keys().filter(|k| k.0 == doctor).count()
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (Instant, Arc<HoldRules>)>> {
        // A panic while holding the lock leaves a map that is still valid; keep using it.
        self.0.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Subscribe to schedule changes and keep the cache in step until the task is aborted or the cache
    /// dropped (noticed within a second). Caching starts only once the subscription is live; a lost
    /// connection stops caching, empties the cache and subscribes again (changes made meanwhile went unheard).
    pub fn spawn_listener(&self, db: PgPool) -> tokio::task::JoinHandle<()> {
        let cache = Arc::downgrade(&self.0);
        tokio::spawn(async move {
            let mut backoff = Duration::from_millis(200);
            while cache.strong_count() > 0 {
                match listen(&cache, &db).await {
                    Ok(()) => return, // the cache is gone
                    Err(e) => tracing::warn!(error = %e, "schedule cache: listener lost; caching paused"),
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
            }
        })
    }
}

/// One subscription: returns Ok when the cache has been dropped, Err when the connection fails.
async fn listen(cache: &Weak<Inner>, db: &PgPool) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(db).await?;
    listener.ignore_pool_close_event(true);
    listener.listen(CHANNEL).await?;
    let Some(inner) = cache.upgrade() else { return Ok(()) };
    // Anything cached before this subscription may have missed a change.
    let live = ScheduleCache(inner);
    live.evict(None);
    live.0.listening.store(true, Ordering::Release);
    drop(live);
    let result = loop {
        // Wake now and then to notice that the cache (its app state) is gone.
        let next = tokio::time::timeout(Duration::from_secs(1), listener.try_recv()).await;
        let Some(inner) = cache.upgrade() else { break Ok(()) };
        let live = ScheduleCache(inner);
        match next {
            Err(_) => continue,
            // A payload that is not a doctor id (none is sent) empties the whole cache, to be safe.
            Ok(Ok(Some(n))) => live.evict(n.payload().parse().ok()),
            Ok(Ok(None)) => break Err(sqlx::Error::Protocol("listen connection closed".into())),
            Ok(Err(e)) => break Err(e),
        }
    };
    if let Some(inner) = cache.upgrade() {
        let live = ScheduleCache(inner);
        live.0.listening.store(false, Ordering::Release);
        live.evict(None);
    }
    result
}

/// Read the rules from Postgres.
async fn load(
    db: &PgPool,
    doctor_id: Uuid,
    type_id: Uuid,
    location: Option<i16>,
    now: DateTime<Utc>,
) -> Result<Option<HoldRules>, sqlx::Error> {
    let Some(doctor) = rules::doctor(db, doctor_id).await? else { return Ok(None) };
    let Some(kind) = rules::types(db, doctor_id).await?.into_iter().find(|t| t.id == type_id) else {
        return Ok(None);
    };
    let place = match kind.mode {
        ConsultationMode::Video => None,
        ConsultationMode::InPerson => rules::locations(db, doctor_id)
            .await?
            .into_iter()
            .find(|(position, _)| location.is_none_or(|l| l == *position)),
    };
    let rules = rules::rules(db, &doctor, &kind, place.as_ref().map(|p| p.0), now).await?;
    Ok(Some(HoldRules { doctor, kind, place, rules }))
}
