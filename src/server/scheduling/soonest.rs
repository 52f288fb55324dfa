//! Each doctor's soonest free slot per consultation mode, kept in `doctors.next_video_at` and
//! `next_in_person_at` (and their minimum, `next_available_at`) for the directory's "soonest available"
//! sort. Triggers mark a doctor stale when a booking, schedule or setting change could move it; this job
//! (safe with any number of instances: claims use `for no key update skip locked`) recomputes stale doctors,
//! those whose slot has passed, and, hourly, those with nothing free in a mode they offer.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::rules;
use crate::model::booking::ConsultationMode;

/// Doctors recomputed per run (a backlog drains over several runs).
const BATCH: i64 = 200;

/// Claim the doctors due a recompute (at most [`BATCH`]), compute each with the slot function and store
/// it. Returns the doctors refreshed.
pub async fn refresh(db: &PgPool, now: DateTime<Utc>) -> Result<Vec<Uuid>, sqlx::Error> {
    // Claiming clears the stale mark; a trigger that marks the doctor again meanwhile leaves it stale for
    // the next run (the write below never touches the mark). A claim never written (a crashed instance)
    // is taken again after five minutes.
    let claimed = sqlx::query_scalar!(
        r#"update doctors d set next_available_stale = false, next_available_claimed_at = $1::timestamptz
           from (select id from doctors
                 where status = 'approved' and listed
                   and ((next_available_claimed_at is null
                         and (next_available_stale
                              or next_available_at < $1::timestamptz + make_interval(mins => min_notice_minutes)
                              or (coalesce(next_available_checked_at < $1::timestamptz - interval '1 hour', true)
                                  and exists (select 1 from consultation_types t
                                              where t.doctor_id = doctors.id and t.active
                                                and carebook_soonest_for(t.mode::text, next_video_at,
                                                                         next_in_person_at, null) is null))))
                        or next_available_claimed_at < $1::timestamptz - interval '5 minutes')
                   and exists (select 1 from consultation_types t where t.doctor_id = doctors.id and t.active)
                 order by next_available_stale desc, next_available_checked_at nulls first
                 limit $2 for no key update skip locked) due
           where d.id = due.id
           returning d.id"#,
        now,
        BATCH
    )
    .fetch_all(db)
    .await?;
    for &id in &claimed {
        let next = match soonest(db, id, now).await {
            Ok(next) => next,
            Err(e) => {
                // One doctor's failure must not hold up the rest: hand it back, stale, for the next run.
                tracing::warn!(doctor = %id, "soonest availability: {e}");
                sqlx::query!(
                    "update doctors set next_available_stale = true, next_available_claimed_at = null where id = $1",
                    id
                )
                .execute(db)
                .await?;
                continue;
            }
        };
        sqlx::query!(
            r#"update doctors set next_available_at = $2, next_video_at = $3, next_in_person_at = $4,
                                  next_available_checked_at = $5, next_available_claimed_at = null
               where id = $1"#,
            id,
            next.any(),
            next.video,
            next.in_person,
            now
        )
        .execute(db)
        .await?;
    }
    Ok(claimed)
}

/// A doctor's first free start per consultation mode (None: nothing free within the horizon).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Soonest {
    pub video: Option<DateTime<Utc>>,
    pub in_person: Option<DateTime<Utc>>,
}

impl Soonest {
    /// The first free start of any mode.
    pub fn any(&self) -> Option<DateTime<Utc>> {
        self.video.into_iter().chain(self.in_person).min()
    }

    fn slot_mut(&mut self, mode: ConsultationMode) -> &mut Option<DateTime<Utc>> {
        match mode {
            ConsultationMode::Video => &mut self.video,
            ConsultationMode::InPerson => &mut self.in_person,
        }
    }
}

/// The first free start per mode, over every active consultation type (and place, in person) of that mode,
/// within the doctor's horizon.
pub async fn soonest(db: &PgPool, doctor_id: Uuid, now: DateTime<Utc>) -> Result<Soonest, sqlx::Error> {
    let mut found = Soonest::default();
    let Some(doctor) = rules::doctor(db, doctor_id).await? else {
        return Ok(found);
    };
    let types = rules::types(db, doctor_id).await?;
    let places: Vec<i16> = rules::locations(db, doctor_id).await?.into_iter().map(|(p, _)| p).collect();
    let today = now.with_timezone(&doctor.tz).date_naive();
    let last = (now + doctor.horizon).with_timezone(&doctor.tz).date_naive();
    for kind in &types {
        let at: Vec<Option<i16>> = match kind.mode {
            ConsultationMode::Video => vec![None],
            ConsultationMode::InPerson => places.iter().map(|p| Some(*p)).collect(),
        };
        let best = found.slot_mut(kind.mode);
        for place in at {
            let rules = rules::rules(db, &doctor, kind, place, now).await?;
            // A week at a time: the first week usually answers, and nothing after the mode's best so far can
            // win.
            let mut from = today;
            while from <= last && best.is_none_or(|b| b.with_timezone(&doctor.tz).date_naive() >= from) {
                let to = (from + Duration::days(6)).min(last);
                let slots = rules::free(db, &doctor, &rules, from, to, now, None).await?;
                if let Some(first) = slots.first() {
                    *best = Some(best.map_or(first.start, |b| b.min(first.start)));
                    break;
                }
                from = to + Duration::days(1);
            }
        }
    }
    Ok(found)
}

/// Run [`refresh`] now and then every `every` for the life of the process (one loop per instance).
pub fn spawn(db: PgPool, clock: std::sync::Arc<dyn crate::server::clock::Clock>, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            match refresh(&db, clock.now()).await {
                Ok(ids) if ids.is_empty() => {}
                Ok(ids) => tracing::debug!(doctors = ids.len(), "soonest availability refreshed"),
                Err(e) => tracing::warn!("soonest availability refresh failed: {e}"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::Soonest;

    #[test]
    fn any_mode_is_the_earlier_slot_of_those_free() {
        let (mon, tue) = ("2026-11-23T09:00:00Z".parse().ok(), "2026-11-24T09:00:00Z".parse().ok());
        assert_eq!(Soonest { video: tue, in_person: mon }.any(), mon);
        assert_eq!(Soonest { video: tue, in_person: None }.any(), tue);
        assert_eq!(Soonest::default().any(), None);
    }
}
