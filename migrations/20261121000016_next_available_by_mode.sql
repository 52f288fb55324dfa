-- Soonest availability per consultation mode. A patient who filters the directory to video visits and sorts
-- by "soonest" wants the first free *video* slot, not the doctor's first slot of any kind (an in-person
-- visit on Monday says nothing about a video call before Thursday). The job keeps both, and
-- `next_available_at` stays their minimum (the sort and label when no mode is chosen).

alter table doctors
    add column next_video_at timestamptz,
    add column next_in_person_at timestamptz;

create index doctors_next_video_idx on doctors (next_video_at) where status = 'approved' and listed;
create index doctors_next_in_person_idx on doctors (next_in_person_at) where status = 'approved' and listed;

-- Every doctor is recomputed once by the job to fill the new columns.
update doctors set next_available_stale = true where not next_available_stale;

-- As before (migration 11), but a change can move either mode's slot: a booking overlapping one of them, or
-- one that stops blocking time before one of them (or frees time for a mode with nothing free).
create or replace function appointments_mark_next_available() returns trigger language plpgsql as $$
declare
    was_active boolean := tg_op = 'UPDATE'
        and old.status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed');
    is_active boolean := new.status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed');
    moved boolean := tg_op = 'UPDATE' and (new.starts_at, new.blocked_until) is distinct from (old.starts_at, old.blocked_until);
begin
    if tg_op = 'UPDATE' and not moved and was_active = is_active then
        return null;
    end if;
    update doctors d set next_available_stale = true
    where d.id = new.doctor_id and not d.next_available_stale
      and exists (
        select 1 from unnest(array[d.next_video_at, d.next_in_person_at]) as soonest(at)
        where
          -- now blocking time at or around this mode's soonest slot
          (is_active and (not was_active or moved) and soonest.at is not null
           and new.starts_at < soonest.at
                               + case when d.daily_cap is null then interval '6 hours' else interval '1 day' end
           and new.blocked_until > soonest.at
                                   - case when d.daily_cap is null then interval '0 hours' else interval '1 day' end)
          -- no longer blocking time before it (which may also uncap an earlier day)
          or (was_active and (not is_active or moved) and (soonest.at is null or old.starts_at < soonest.at))
      );
    return null;
end $$;
