-- One clock: the app decides what "now" is (its `Clock`), and every rule in the database that depends on
-- the time decides with the same instant. Functions take it as a parameter; triggers, which cannot, read it
-- from the transaction-local setting `carebook.now` that the statement firing them sets
-- (`set_config('carebook.now', $now, true)`), and fall back to the database's clock only when no app
-- statement set it (a psql session, a migration).

-- The app's "now" for this transaction, else the database's.
create function carebook_now() returns timestamptz language sql stable as $$
    select coalesce(nullif(current_setting('carebook.now', true), '')::timestamptz, now())
$$;

-- The daily cap counts a hold only while it is unexpired by the app's clock.
create or replace function appointments_enforce_daily_cap() returns trigger language plpgsql as $$
declare
    cap integer;
    zone text;
    day date;
    taken integer;
    at_now timestamptz := carebook_now();
begin
    if new.status not in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed') then
        return new;
    end if;
    -- Status changes between active states (held → pending → confirmed …) keep the place it has.
    if tg_op = 'UPDATE' and old.status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed')
       and old.starts_at = new.starts_at then
        return new;
    end if;
    select d.daily_cap, d.time_zone into cap, zone from doctors d where d.id = new.doctor_id;
    if cap is null then
        return new;
    end if;
    day := (new.starts_at at time zone zone)::date;
    perform pg_advisory_xact_lock(hashtextextended('daily_cap:' || new.doctor_id || ':' || day, 0));
    select count(*) into taken from appointments a
    where a.doctor_id = new.doctor_id and a.id <> new.id
      and a.status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed')
      and (a.status <> 'held' or a.hold_expires_at > at_now)
      and a.starts_at >= (day::timestamp at time zone zone) and a.starts_at < ((day + 1)::timestamp at time zone zone);
    if taken >= cap then
        raise exception 'the doctor''s daily cap of % appointments on % is reached', cap, day
            using errcode = 'exclusion_violation', constraint = 'appointments_daily_cap';
    end if;
    return new;
end $$;

-- How a directory card names the soonest slot at `now`, in the doctor's own zone: "Today, 14:30",
-- "Tomorrow, 09:00", "Tue 24 Nov, 09:00"; null when nothing is free (or the stored slot has just passed).
drop function carebook_next_available_label(timestamptz, text);
create function carebook_next_available_label(at timestamptz, zone text, now timestamptz) returns text
    language sql stable as $$
    select case
        when at is null or at <= now then null
        when (at at time zone zone)::date = (now at time zone zone)::date
            then 'Today, ' || to_char(at at time zone zone, 'HH24:MI')
        when (at at time zone zone)::date = (now at time zone zone)::date + 1
            then 'Tomorrow, ' || to_char(at at time zone zone, 'HH24:MI')
        else to_char(at at time zone zone, 'Dy FMDD Mon, HH24:MI')
    end
$$;

-- "Online now" at `now`: switched on and active in the app within ten minutes. Never null.
drop function carebook_online_now(boolean, timestamptz);
create function carebook_online_now(online boolean, last_active timestamptz, now timestamptz) returns boolean
    language sql stable parallel safe
    as $$ select coalesce(online and last_active > now - interval '10 minutes', false) $$;
