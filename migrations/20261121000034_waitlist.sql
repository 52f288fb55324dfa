-- The waitlist: a patient with no suitable slot waits for one (a date range, a consultation mode, times of
-- day). When a slot of that doctor frees (a cancellation, an expired hold or payment window, a move, a
-- declined or ignored offer), a `waitlist.offer` job offers it to the longest-waiting matching patient by
-- holding it for them for 30 minutes (the exclusion constraints keep everyone else off it). Accepting
-- books the hold; declining or silence lets it go, which frees the slot again and so offers it to the next.

create type waitlist_status as enum ('waiting', 'offered', 'booked', 'left');

create table waitlist_entries (
    id                uuid primary key default gen_random_uuid(),
    doctor_id         uuid not null references doctors (id) on delete cascade,
    patient_id        uuid not null references users (id) on delete cascade,
    mode              consultation_mode not null,
    from_date         date not null,
    to_date           date not null check (to_date >= from_date and to_date - from_date <= 90),
    -- Bits: 1 morning (before 12:00), 2 afternoon (12:00–17:00), 4 evening (from 17:00), doctor's local time.
    times             smallint not null check (times between 1 and 7),
    status            waitlist_status not null default 'waiting',
    offered_appointment_id uuid references appointments (id) on delete set null,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    check ((status = 'offered') = (offered_appointment_id is not null))
);

-- One open entry per patient and doctor.
create unique index waitlist_open_idx on waitlist_entries (doctor_id, patient_id) where status in ('waiting', 'offered');
-- The offer's search: a doctor's waiting entries, longest-waiting first.
create index waitlist_waiting_idx on waitlist_entries (doctor_id, created_at, id) where status = 'waiting';
create index waitlist_patient_idx on waitlist_entries (patient_id, created_at desc);

-- Every slot offered to an entry: never the same slot twice to the same entry.
create table waitlist_offers (
    entry_id        uuid not null references waitlist_entries (id) on delete cascade,
    starts_at       timestamptz not null,
    appointment_id  uuid not null references appointments (id) on delete cascade,
    offered_at      timestamptz not null,
    primary key (entry_id, starts_at)
);
create unique index waitlist_offers_appointment_idx on waitlist_offers (appointment_id);

-- A slot frees when an appointment that blocked it stops blocking (cancelled, expired) or moves away: offer
-- it when the doctor has anyone waiting. An offered hold that is accepted books its entry; one that lapses
-- or is declined puts its entry back to waiting (for other slots).
create function carebook_waitlist_follow() returns trigger language plpgsql as $$
declare
    active appointment_status[] := array['held', 'pending', 'confirmed', 'awaiting_payment']::appointment_status[];
begin
    if old.status = any(active)
       and (new.status in ('cancelled', 'expired') or new.starts_at is distinct from old.starts_at)
       and exists (select 1 from waitlist_entries w where w.doctor_id = old.doctor_id and w.status = 'waiting') then
        insert into jobs (kind, payload, run_at)
        values ('waitlist.offer',
                jsonb_build_object('doctor', old.doctor_id, 'from', old.starts_at, 'to', old.blocked_until),
                -- The app's clock when the statement gives it (tests run on their own clock), never later
                -- than the real one: due at once.
                least(carebook_now(), now()));
    end if;
    if new.status in ('pending', 'confirmed', 'awaiting_payment') and old.status = 'held' then
        update waitlist_entries set status = 'booked', offered_appointment_id = null, updated_at = carebook_now()
        where offered_appointment_id = new.id;
    elsif new.status in ('cancelled', 'expired') then
        update waitlist_entries set status = 'waiting', offered_appointment_id = null, updated_at = carebook_now()
        where offered_appointment_id = new.id and status = 'offered';
    end if;
    return null;
end $$;

create trigger appointments_waitlist after update of status, starts_at on appointments
    for each row execute function carebook_waitlist_follow();
