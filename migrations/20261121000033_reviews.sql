-- Reviews from real visits: one per completed appointment, written by its patient. The doctor may post one
-- public reply; anyone signed in may report a review or mark it helpful; admins hide (with a reason) and
-- restore. Each doctor's rating summary (`review_summaries`, and `doctors.rating_avg`/`rating_count` that the
-- directory sorts and filters on) is recomputed from the visible reviews by statement-level triggers, under
-- the doctor row's lock, so concurrent reviews, edits, hides and restores always leave it equal to the rows.

create table reviews (
    id              uuid primary key default gen_random_uuid(),
    appointment_id  uuid not null unique references appointments (id) on delete cascade,
    doctor_id       uuid not null references doctors (id) on delete cascade,
    patient_id      uuid not null references users (id) on delete cascade,
    stars           smallint not null check (stars between 1 and 5),
    waiting         smallint check (waiting between 1 and 5),
    manner          smallint check (manner between 1 and 5),
    explanation     smallint check (explanation between 1 and 5),
    body            text not null default '' check (char_length(body) <= 2000),
    anonymous       boolean not null default false,
    created_at      timestamptz not null default now(),
    edited_at       timestamptz,
    reply           text check (char_length(reply) between 1 and 2000),
    replied_at      timestamptz,
    helpful         integer not null default 0 check (helpful >= 0),
    hidden_at       timestamptz,
    hidden_reason   text,
    hidden_by       uuid references users (id) on delete set null,
    check ((hidden_at is null) = (hidden_reason is null))
);

-- The doctor page's two orders, over visible reviews only.
create index reviews_doctor_newest_idx on reviews (doctor_id, created_at desc, id desc) where hidden_at is null;
create index reviews_doctor_helpful_idx on reviews (doctor_id, helpful desc, created_at desc, id desc)
    where hidden_at is null;
create index reviews_patient_idx on reviews (patient_id);

create table review_votes (
    review_id   uuid not null references reviews (id) on delete cascade,
    user_id     uuid not null references users (id) on delete cascade,
    created_at  timestamptz not null default now(),
    primary key (review_id, user_id)
);

create table review_reports (
    id           bigint generated always as identity primary key,
    review_id    uuid not null references reviews (id) on delete cascade,
    reporter_id  uuid not null references users (id) on delete cascade,
    reason       text not null check (char_length(reason) between 3 and 500),
    created_at   timestamptz not null default now(),
    resolved_at  timestamptz,
    resolved_by  uuid references users (id) on delete set null,
    unique (review_id, reporter_id)
);
create index review_reports_open_idx on review_reports (created_at) where resolved_at is null;

create table review_summaries (
    doctor_id        uuid primary key references doctors (id) on delete cascade,
    review_count     integer not null check (review_count >= 0),
    average          numeric(3, 2),
    -- How many visible reviews gave 1, 2, 3, 4 and 5 stars.
    distribution     integer[] not null check (cardinality(distribution) = 5),
    waiting_avg      numeric(3, 2),
    manner_avg       numeric(3, 2),
    explanation_avg  numeric(3, 2)
);

-- Recompute the summaries of `doctors` (ids in any order, repeats allowed) from their visible reviews.
-- The doctor rows are locked first, in id order (no deadlock between two writers), and each count runs
-- in its own statement after the lock is held, so it sees every review committed before it.
create function carebook_refresh_reviews(doctors uuid[]) returns void language plpgsql as $$
declare
    d uuid;
begin
    for d in select distinct x from unnest(doctors) x order by x loop
        -- `no key update`: the review's own foreign key holds `key share` on this row, which it allows.
        perform 1 from doctors where id = d for no key update;
        insert into review_summaries as s (doctor_id, review_count, average, distribution, waiting_avg,
                                           manner_avg, explanation_avg)
        select d, count(*), round(avg(stars), 2),
               array[count(*) filter (where stars = 1), count(*) filter (where stars = 2),
                     count(*) filter (where stars = 3), count(*) filter (where stars = 4),
                     count(*) filter (where stars = 5)]::integer[],
               round(avg(waiting), 2), round(avg(manner), 2), round(avg(explanation), 2)
        from reviews where doctor_id = d and hidden_at is null
        on conflict (doctor_id) do update
            set review_count = excluded.review_count, average = excluded.average,
                distribution = excluded.distribution, waiting_avg = excluded.waiting_avg,
                manner_avg = excluded.manner_avg, explanation_avg = excluded.explanation_avg;
        update doctors o set rating_avg = s.average, rating_count = s.review_count
        from review_summaries s
        where s.doctor_id = d and o.id = d
          and (o.rating_avg is distinct from s.average or o.rating_count <> s.review_count);
    end loop;
end $$;

create function carebook_reviews_changed() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        perform carebook_refresh_reviews(array(select doctor_id from new_rows));
    elsif tg_op = 'DELETE' then
        perform carebook_refresh_reviews(array(select doctor_id from old_rows));
    else
        -- Replies and helpful votes do not change a summary: only rating or visibility changes recompute.
        perform carebook_refresh_reviews(array(
            select n.doctor_id from new_rows n join old_rows o using (id)
            where (n.stars, n.waiting, n.manner, n.explanation, n.hidden_at is null)
                  is distinct from (o.stars, o.waiting, o.manner, o.explanation, o.hidden_at is null)));
    end if;
    return null;
end $$;

create trigger reviews_summary_insert after insert on reviews
    referencing new table as new_rows for each statement execute function carebook_reviews_changed();
create trigger reviews_summary_update after update on reviews
    referencing new table as new_rows old table as old_rows for each statement
    execute function carebook_reviews_changed();
create trigger reviews_summary_delete after delete on reviews
    referencing old table as old_rows for each statement execute function carebook_reviews_changed();

-- Until now ratings were figures the demo seed wrote: from here on only reviews make them.
update doctors set rating_avg = null, rating_count = 0 where rating_count > 0 or rating_avg is not null;

-- After a visit completes (by the doctor's hand or by itself), its patient is invited to review it, two
-- hours after the visit's end (at once when it completed later than that). Once per appointment.
create function carebook_invite_review() returns trigger language plpgsql as $$
begin
    insert into jobs (kind, payload, run_at, dedupe_key)
    values ('review.invite', jsonb_build_object('appointment', new.id), new.ends_at + interval '2 hours',
            'review-invite:' || new.id)
    on conflict (dedupe_key) do nothing;
    return null;
end $$;

create trigger appointments_invite_review after update of status on appointments
    for each row when (new.status = 'completed' and old.status is distinct from 'completed')
    execute function carebook_invite_review();
