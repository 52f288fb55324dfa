-- The daily cap, guaranteed by the database like the overlap rule: a doctor with `daily_cap` never has more
-- active appointments starting on one local day (in their zone). Concurrent bookings for the same doctor
-- and day queue on a transaction-scoped advisory lock, and each count runs after the lock is held with a
-- fresh snapshot (a volatile function's statements see what committed before them), so two bookings can't
-- both take the last place. Doctors without a cap pay one primary-key lookup.
create function appointments_enforce_daily_cap() returns trigger language plpgsql as $$
declare
    cap integer;
    zone text;
    day date;
    taken integer;
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
      and (a.status <> 'held' or a.hold_expires_at > now())
      and a.starts_at >= (day::timestamp at time zone zone) and a.starts_at < ((day + 1)::timestamp at time zone zone);
    if taken >= cap then
        raise exception 'the doctor''s daily cap of % appointments on % is reached', cap, day
            using errcode = 'exclusion_violation', constraint = 'appointments_daily_cap';
    end if;
    return new;
end $$;

create trigger appointments_daily_cap before insert or update of status, starts_at on appointments
    for each row execute function appointments_enforce_daily_cap();
