-- Payments, part 2: who pays how, the payment ledger with its append-only history, the providers' events
-- (each applied once), refunds, and the rules that make an unpaid booking block its slot only while its
-- payment window is open.

-- The states in which an appointment holds its doctor's time (and its patient's).
create function carebook_blocks(s appointment_status) returns boolean language sql immutable as $$
    select s in ('held', 'awaiting_payment', 'pending', 'confirmed', 'awaiting_completion', 'completed')
$$;
-- Whether an appointment still blocks at `now`: a hold or an unpaid booking only until its window closes.
create function carebook_still_blocks(s appointment_status, window_end timestamptz, now timestamptz)
    returns boolean language sql immutable as $$
    select carebook_blocks(s) and (s not in ('held', 'awaiting_payment') or window_end > now)
$$;

alter table appointments drop constraint appointments_no_double_booking;
alter table appointments add constraint appointments_no_double_booking exclude using gist (
    doctor_id with =, tstzrange(starts_at, blocked_until) with &&
) where (carebook_blocks(status));
alter table appointments drop constraint appointments_patient_no_overlap;
alter table appointments add constraint appointments_patient_no_overlap exclude using gist (
    patient_id with =, tstzrange(starts_at, ends_at) with &&
) where (carebook_blocks(status));
drop index appointments_due_idx;
create index appointments_due_idx on appointments (status, hold_expires_at, starts_at)
    where status in ('held', 'awaiting_payment', 'pending', 'confirmed');

alter table doctors
    add column payment_policy payment_policy not null default 'at_clinic',
    -- Share of the fee refunded when the patient cancels before / after the cancellation cut-off.
    add column refund_percent_before_cutoff smallint not null default 100
        check (refund_percent_before_cutoff between 0 and 100),
    add column refund_percent_after_cutoff smallint not null default 0
        check (refund_percent_after_cutoff between 0 and 100);

-- As migration 23, with the unpaid booking counted like a hold (until its window closes).
create or replace function appointments_enforce_daily_cap() returns trigger language plpgsql as $$
declare
    cap integer;
    zone text;
    day date;
    taken integer;
    at_now timestamptz := carebook_now();
begin
    if not carebook_blocks(new.status) then
        return new;
    end if;
    -- Status changes between active states (held → awaiting payment → confirmed …) keep the place it has.
    if tg_op = 'UPDATE' and carebook_blocks(old.status) and old.starts_at = new.starts_at then
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
      and carebook_still_blocks(a.status, a.hold_expires_at, at_now)
      and a.starts_at >= (day::timestamp at time zone zone) and a.starts_at < ((day + 1)::timestamp at time zone zone);
    if taken >= cap then
        raise exception 'the doctor''s daily cap of % appointments on % is reached', cap, day
            using errcode = 'exclusion_violation', constraint = 'appointments_daily_cap';
    end if;
    return new;
end $$;

-- As migration 16, with every blocking state (the unpaid booking included).
create or replace function appointments_mark_next_available() returns trigger language plpgsql as $$
declare
    was_active boolean := tg_op = 'UPDATE' and carebook_blocks(old.status);
    is_active boolean := carebook_blocks(new.status);
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
          (is_active and (not was_active or moved) and soonest.at is not null
           and new.starts_at < soonest.at
                               + case when d.daily_cap is null then interval '6 hours' else interval '1 day' end
           and new.blocked_until > soonest.at
                                   - case when d.daily_cap is null then interval '0 hours' else interval '1 day' end)
          or (was_active and (not is_active or moved) and (soonest.at is null or old.starts_at < soonest.at))
      );
    return null;
end $$;

-- One patient cannot sit on a doctor's calendar: at most `carebook.max_open_holds` (set by the statement
-- that inserts, default 2) holds and unpaid bookings whose window is open, per patient.
create function appointments_enforce_open_holds() returns trigger language plpgsql as $$
declare
    at_now timestamptz := carebook_now();
    cap integer := coalesce(nullif(current_setting('carebook.max_open_holds', true), '')::integer, 2);
    open_now integer;
begin
    perform pg_advisory_xact_lock(hashtextextended('open_holds:' || new.patient_id, 0));
    select count(*) into open_now from appointments a
    where a.patient_id = new.patient_id and a.id <> new.id
      -- a retry of the same attempt is answered with its own hold (the insert's conflict), not refused
      and a.idempotency_key <> new.idempotency_key
      and a.status in ('held', 'awaiting_payment') and a.hold_expires_at > at_now;
    if open_now >= cap then
        raise exception 'patient already has % open holds', open_now
            using errcode = 'check_violation', constraint = 'appointments_open_holds';
    end if;
    return new;
end $$;
create trigger appointments_open_holds before insert on appointments
    for each row when (new.status = 'held') execute function appointments_enforce_open_holds();

-- One row per attempt to pay for an appointment (a retry after a failure is a new attempt).
create table payments (
    id                  uuid primary key default gen_random_uuid(),
    appointment_id      uuid not null references appointments (id),
    patient_id          uuid not null references users (id),
    provider            payment_provider not null,
    -- Stripe: the Checkout Session (cs_…); SSLCommerz: our tran_id.
    provider_session_id text,
    -- Stripe: the PaymentIntent (pi_…); SSLCommerz: the val_id.
    provider_payment_id text,
    checkout_url        text,
    amount_minor        bigint not null check (amount_minor > 0),
    currency            currency_code not null,
    status              payment_status not null default 'created',
    refunded_minor      bigint not null default 0 check (refunded_minor >= 0 and refunded_minor <= amount_minor),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint payments_provider_session unique (provider, provider_session_id)
);
select manage_updated_at('payments');
create index payments_appointment_idx on payments (appointment_id, created_at desc);
create index payments_patient_idx on payments (patient_id, created_at desc);
create index payments_pending_idx on payments (updated_at) where status in ('created', 'pending');

-- What moved a payment, append-only: from, to, by whom or what, with the provider's reference.
create table payment_events (
    id          bigint generated always as identity primary key,
    payment_id  uuid not null references payments (id),
    at          timestamptz not null,
    from_status payment_status,
    to_status   payment_status not null,
    -- 'patient', 'webhook', 'return' (the browser came back and we asked the provider), 'job', 'admin', …
    source      text not null,
    actor_id    uuid references users (id),
    detail      text not null default ''
);
create index payment_events_payment_idx on payment_events (payment_id, id);

create function carebook_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;
create trigger payment_events_append_only before update or delete on payment_events
    for each statement execute function carebook_append_only();

-- Every delivery from a provider, recorded before it is applied; the unique id makes a repeat a no-op.
create table provider_events (
    provider    payment_provider not null,
    event_id    text not null check (length(event_id) between 1 and 255),
    kind        text not null,
    received_at timestamptz not null,
    outcome     text not null default '',
    primary key (provider, event_id)
);

create table refunds (
    id                 uuid primary key default gen_random_uuid(),
    payment_id         uuid not null references payments (id),
    amount_minor       bigint not null check (amount_minor > 0),
    status             refund_status not null default 'requested',
    reason             text not null check (length(reason) between 1 and 500),
    provider_refund_id text,
    requested_by       uuid references users (id), -- null: the system (policy, a late payment)
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
select manage_updated_at('refunds');
-- One refund in flight per payment at a time (a second request waits for the first to settle).
create unique index refunds_one_open_idx on refunds (payment_id) where status in ('requested', 'pending');
