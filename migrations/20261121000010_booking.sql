-- Scheduling and booking. Availability is wall-clock time in the doctor's IANA zone; appointments are
-- instants. The database itself guarantees that no two active appointments of one doctor overlap (buffer
-- included) and that a patient never holds two overlapping ones: exclusion constraints over tstzrange.
create extension if not exists btree_gist;

alter table doctors
    add column time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
    -- When true, bookings wait in `pending` until the doctor approves them.
    add column approval_required boolean not null default false,
    add column min_notice_minutes integer not null default 120 check (min_notice_minutes between 0 and 20160),
    add column horizon_days integer not null default 60 check (horizon_days between 1 and 365),
    add column daily_cap integer check (daily_cap between 1 and 200),
    -- Patients may cancel or reschedule up to this long before the start.
    add column cancel_cutoff_minutes integer not null default 120 check (cancel_cutoff_minutes between 0 and 10080);

create type consultation_mode as enum ('in_person', 'video');

create table consultation_types (
    id               uuid primary key default gen_random_uuid(),
    doctor_id        uuid not null references doctors (id) on delete cascade,
    mode             consultation_mode not null,
    name             text not null check (length(name) between 1 and 80),
    duration_minutes integer not null check (duration_minutes between 5 and 240),
    buffer_minutes   integer not null default 0 check (buffer_minutes between 0 and 120),
    fee_minor        integer not null check (fee_minor >= 0),
    -- Retired types stay (appointments point at them) but are no longer offered.
    active           boolean not null default true,
    position         smallint not null default 0,
    created_at       timestamptz not null default now()
);
create index consultation_types_doctor_idx on consultation_types (doctor_id, position) where active;

-- The weekly schedule: several intervals a day (gaps are breaks). `location_position` names one of the
-- doctor's practice locations (doctor_locations.position); null means every location and video.
create table availability_intervals (
    id                uuid primary key default gen_random_uuid(),
    doctor_id         uuid not null references doctors (id) on delete cascade,
    location_position smallint,
    weekday           smallint not null check (weekday between 1 and 7), -- ISO: 1 = Monday
    start_time        time not null,
    end_time          time not null,
    constraint availability_intervals_order check (start_time < end_time)
);
create index availability_intervals_doctor_idx on availability_intervals (doctor_id);

-- A date whose hours replace the weekly ones: no intervals is a day off.
create table availability_exceptions (
    doctor_id  uuid not null references doctors (id) on delete cascade,
    on_date    date not null,
    starts     time[] not null default '{}',
    ends       time[] not null default '{}',
    note       text not null default '' check (length(note) <= 200),
    primary key (doctor_id, on_date),
    constraint availability_exceptions_pairs check (cardinality(starts) = cardinality(ends))
);

create type appointment_status as enum (
    'held', 'pending', 'confirmed', 'awaiting_completion', 'completed', 'no_show', 'cancelled', 'expired'
);

create table appointments (
    id                   uuid primary key default gen_random_uuid(),
    doctor_id            uuid not null references doctors (id),
    patient_id           uuid not null references users (id),
    consultation_type_id uuid not null references consultation_types (id),
    mode                 consultation_mode not null,
    -- Where, as it was when booked (locations can be edited later).
    place                text not null default '',
    location_position    smallint,
    starts_at            timestamptz not null,
    ends_at              timestamptz not null,
    -- ends_at plus the consultation's buffer: the doctor's calendar is blocked until then.
    blocked_until        timestamptz not null,
    status               appointment_status not null default 'held',
    hold_expires_at      timestamptz,
    reason               text not null default '' check (length(reason) <= 500),
    notes                text not null default '' check (length(notes) <= 2000),
    fee_minor            integer not null,
    currency             char(3) not null,
    meeting_url          text,
    -- Chosen by the client once per booking attempt: retries and double clicks find the same row.
    idempotency_key      text not null check (length(idempotency_key) between 8 and 100),
    -- Who made the latest change and why: the history trigger copies them into appointment_events.
    changed_by           uuid references users (id),
    change_reason        text,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    constraint appointments_order check (starts_at < ends_at and ends_at <= blocked_until),
    constraint appointments_idempotency_key unique (patient_id, idempotency_key),
    constraint appointments_no_double_booking exclude using gist (
        doctor_id with =, tstzrange(starts_at, blocked_until) with &&
    ) where (status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed')),
    constraint appointments_patient_no_overlap exclude using gist (
        patient_id with =, tstzrange(starts_at, ends_at) with &&
    ) where (status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed'))
);
select manage_updated_at('appointments');
create index appointments_patient_idx on appointments (patient_id, starts_at desc);
create index appointments_doctor_idx on appointments (doctor_id, starts_at);
create index appointments_starts_idx on appointments (starts_at desc);
create index appointments_due_idx on appointments (status, hold_expires_at, starts_at)
    where status in ('held', 'pending', 'confirmed');

-- Every change of status or time, append-only: who, when, from, to, why.
create table appointment_events (
    id             bigint generated always as identity primary key,
    appointment_id uuid not null references appointments (id),
    actor_id       uuid references users (id), -- null: the system (a background job)
    at             timestamptz not null default now(),
    from_status    appointment_status,
    to_status      appointment_status not null,
    reason         text,
    from_starts_at timestamptz,
    to_starts_at   timestamptz not null
);
create index appointment_events_appointment_idx on appointment_events (appointment_id, id);

create function appointments_history() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into appointment_events (appointment_id, actor_id, from_status, to_status, reason, to_starts_at)
        values (new.id, new.changed_by, null, new.status, new.change_reason, new.starts_at);
    elsif new.status is distinct from old.status or new.starts_at is distinct from old.starts_at then
        insert into appointment_events
            (appointment_id, actor_id, from_status, to_status, reason, from_starts_at, to_starts_at)
        values (new.id, new.changed_by, old.status, new.status, new.change_reason, old.starts_at, new.starts_at);
    end if;
    return null;
end $$;
create trigger appointments_history after insert or update on appointments
    for each row execute function appointments_history();

create function append_only() returns trigger language plpgsql as $$
begin
    raise exception '% rows are never %d', tg_table_name, lower(tg_op);
end $$;
create trigger appointment_events_append_only before update or delete on appointment_events
    for each row execute function append_only();
create trigger appointments_never_deleted before delete on appointments
    for each row execute function append_only();

-- A doctor's private calendar feed: the token is shown once; only its hash is stored. Revoking is final.
create table calendar_feeds (
    id         uuid primary key default gen_random_uuid(),
    doctor_id  uuid not null references doctors (id) on delete cascade,
    token_hash bytea not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    constraint calendar_feeds_token_key unique (token_hash)
);
create unique index calendar_feeds_active_idx on calendar_feeds (doctor_id) where revoked_at is null;

-- Outgoing mail may carry one calendar attachment (text/calendar).
alter table outbox_emails add column ics text;
