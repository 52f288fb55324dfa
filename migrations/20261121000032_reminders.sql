-- Appointment reminders (email and in-app), planned by the database whenever a visit becomes confirmed or
-- moves, so every path that books, approves, pays for or moves a visit plans them in its own transaction:
-- a week before (15:00 in the patient's zone, only for visits booked further ahead), the day before (15:00)
-- and 2 hours before. Each is a job with a dedupe key per appointment, kind and start, so it goes out once
-- however many instances run the jobs; a move cancels the old ones and plans new ones; a cancellation (any
-- status but confirmed) cancels them. The job checks again when it runs (status, start, the patient's choice).
create type reminder_kind as enum ('week', 'day', 'hours');

-- The reminders a user turned off (all are on by default).
create table reminder_opt_outs (
    user_id uuid not null references users (id) on delete cascade,
    kind    reminder_kind not null,
    primary key (user_id, kind)
);

-- When the `kind` reminder of a visit at `starts_at` is due, with local times in `zone` (so across a
-- daylight-saving change "15:00 the day before" is still 15:00 on the wall clock).
create function carebook_reminder_at(kind reminder_kind, starts_at timestamptz, zone text) returns timestamptz
    language sql stable as $$
    select case kind
        when 'hours' then starts_at - interval '2 hours'
        when 'day' then ((starts_at at time zone zone)::date - 1 + time '15:00') at time zone zone
        when 'week' then ((starts_at at time zone zone)::date - 7 + time '15:00') at time zone zone
    end
$$;

create index jobs_queued_key_idx on jobs (dedupe_key text_pattern_ops) where status = 'queued';

create function appointments_plan_reminders() returns trigger language plpgsql as $$
declare
    at_now timestamptz := carebook_now();
    zone text;
    k reminder_kind;
    due timestamptz;
begin
    if tg_op = 'UPDATE' then
        if old.status = new.status and old.starts_at = new.starts_at then
            return null;
        end if;
        update jobs set status = 'cancelled', finished_at = at_now
        where status = 'queued' and dedupe_key like 'reminder:' || new.id || ':%';
    end if;
    if new.status <> 'confirmed' then
        return null;
    end if;
    select u.time_zone into zone from users u where u.id = new.patient_id;
    foreach k in array enum_range(null::reminder_kind) loop
        begin
            due := carebook_reminder_at(k, new.starts_at, zone);
        exception when invalid_parameter_value then
            due := carebook_reminder_at(k, new.starts_at, 'UTC');
        end;
        if due > at_now then
            insert into jobs (kind, payload, run_at, dedupe_key)
            values ('appointment.remind',
                    jsonb_build_object('appointment', new.id, 'which', k, 'starts_at', new.starts_at), due,
                    'reminder:' || new.id || ':' || k || ':' || extract(epoch from new.starts_at)::bigint)
            on conflict (dedupe_key) do update
                set run_at = excluded.run_at, payload = excluded.payload, status = 'queued', finished_at = null,
                    attempts = 0, last_error = null
                where jobs.status in ('queued', 'cancelled');
        end if;
    end loop;
    return null;
end $$;

create trigger appointments_plan_reminders after insert or update of status, starts_at on appointments
    for each row execute function appointments_plan_reminders();
