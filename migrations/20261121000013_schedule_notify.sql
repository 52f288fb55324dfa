-- Every change to what a hold checks a slot against (a doctor's booking settings and listing, consultation
-- types, places, weekly hours, date exceptions) is announced on channel `carebook_schedule` with the doctor's
-- id. Each app instance listens and drops that doctor from its rules cache. Postgres sends notifications
-- at commit and folds repeats within a transaction, so saving a whole week sends one.

-- One mechanism for "a doctor's schedule changed": the soonest-slot triggers of migration 11 on types,
-- places, hours and exceptions now also notify, under a name that says what they mean (one trigger per
-- row change, not two).
create or replace function schedule_mark_next_available() returns trigger language plpgsql as $$
declare
    changed uuid := case when tg_op = 'DELETE' then old.doctor_id else new.doctor_id end;
begin
    update doctors set next_available_stale = true where id = changed and not next_available_stale;
    perform pg_notify('carebook_schedule', changed::text);
    return null;
end $$;
alter function schedule_mark_next_available() rename to carebook_schedule_changed;
alter trigger consultation_types_next_available on consultation_types rename to consultation_types_schedule_changed;
alter trigger availability_intervals_next_available on availability_intervals
    rename to availability_intervals_schedule_changed;
alter trigger availability_exceptions_next_available on availability_exceptions
    rename to availability_exceptions_schedule_changed;
alter trigger doctor_locations_next_available on doctor_locations rename to doctor_locations_schedule_changed;

create function carebook_doctor_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('carebook_schedule', new.id::text);
    return null;
end $$;

create trigger doctors_schedule_changed after update on doctors for each row
    when ((old.status, old.listed, old.slug, old.time_zone, old.approval_required, old.min_notice_minutes,
           old.horizon_days, old.daily_cap, old.cancel_cutoff_minutes, old.currency)
          is distinct from
          (new.status, new.listed, new.slug, new.time_zone, new.approval_required, new.min_notice_minutes,
           new.horizon_days, new.daily_cap, new.cancel_cutoff_minutes, new.currency))
    execute function carebook_doctor_changed();

-- The doctor's name is part of what a hold answers with.
create function carebook_doctor_renamed() returns trigger language plpgsql as $$
begin
    perform pg_notify('carebook_schedule', d.id::text) from doctors d where d.user_id = new.id;
    return null;
end $$;

create trigger users_doctor_renamed after update of full_name on users for each row
    when (old.full_name is distinct from new.full_name)
    execute function carebook_doctor_renamed();
