-- "Soonest availability" for the directory: each doctor's first free slot, kept in the row so a search can
-- sort 100,000 doctors by it. Triggers mark a doctor stale when something that could move it changes; a
-- background job (any number of instances, SKIP LOCKED) recomputes stale rows with the slot function.

alter table doctors
    -- The first bookable start (any active consultation type and place); null: none within the horizon.
    add column next_available_at timestamptz,
    -- Set by the triggers below; cleared when the job claims the row.
    add column next_available_stale boolean not null default true,
    -- When an instance claimed the row to recompute it (cleared when it writes; a stale claim is retaken).
    add column next_available_claimed_at timestamptz,
    add column next_available_checked_at timestamptz;

create index doctors_next_available_idx on doctors (next_available_at) where status = 'approved' and listed;
create index doctors_next_available_stale_idx on doctors (id) where next_available_stale;

-- A booking change moves a doctor's soonest slot only when it touches it: a new or moved appointment that
-- overlaps the slot (a slot plus its buffer is at most 6 hours; with a daily cap, the same day counts), or
-- an appointment that stops blocking time before it. Otherwise nothing is written, so the hot booking path
-- pays one index lookup.
create function appointments_mark_next_available() returns trigger language plpgsql as $$
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
      and (
        -- now blocking time at or around the soonest slot
        (is_active and (not was_active or moved) and d.next_available_at is not null
         and new.starts_at < d.next_available_at
                             + case when d.daily_cap is null then interval '6 hours' else interval '1 day' end
         and new.blocked_until > d.next_available_at
                                 - case when d.daily_cap is null then interval '0 hours' else interval '1 day' end)
        -- no longer blocking time before it (which may also uncap an earlier day)
        or (was_active and (not is_active or moved)
            and (d.next_available_at is null or old.starts_at < d.next_available_at))
      );
    return null;
end $$;

create trigger appointments_next_available after insert or update of status, starts_at, blocked_until
    on appointments for each row execute function appointments_mark_next_available();

-- Schedule, consultation types, places: any change can move the soonest slot.
create function schedule_mark_next_available() returns trigger language plpgsql as $$
begin
    update doctors set next_available_stale = true
    where id = case when tg_op = 'DELETE' then old.doctor_id else new.doctor_id end and not next_available_stale;
    return null;
end $$;

create trigger consultation_types_next_available after insert or update or delete on consultation_types
    for each row execute function schedule_mark_next_available();
create trigger availability_intervals_next_available after insert or update or delete on availability_intervals
    for each row execute function schedule_mark_next_available();
create trigger availability_exceptions_next_available after insert or update or delete on availability_exceptions
    for each row execute function schedule_mark_next_available();
create trigger doctor_locations_next_available after insert or update or delete on doctor_locations
    for each row execute function schedule_mark_next_available();

-- The doctor's own booking settings and listing.
create function doctors_mark_next_available() returns trigger language plpgsql as $$
begin
    if (new.time_zone, new.min_notice_minutes, new.horizon_days, new.daily_cap, new.status, new.listed)
       is distinct from (old.time_zone, old.min_notice_minutes, old.horizon_days, old.daily_cap, old.status, old.listed)
    then
        new.next_available_stale := true;
    end if;
    return new;
end $$;

create trigger doctors_next_available before update on doctors
    for each row execute function doctors_mark_next_available();

-- How a directory card names the soonest slot, in the doctor's own zone: "Today, 14:30", "Tomorrow, 09:00",
-- "Tue 24 Nov, 09:00"; null when nothing is free (or the stored slot has just passed).
create function carebook_next_available_label(at timestamptz, zone text) returns text
    language sql stable as $$
    select case
        when at is null or at <= now() then null
        when (at at time zone zone)::date = (now() at time zone zone)::date
            then 'Today, ' || to_char(at at time zone zone, 'HH24:MI')
        when (at at time zone zone)::date = (now() at time zone zone)::date + 1
            then 'Tomorrow, ' || to_char(at at time zone zone, 'HH24:MI')
        else to_char(at at time zone zone, 'Dy FMDD Mon, HH24:MI')
    end
$$;
