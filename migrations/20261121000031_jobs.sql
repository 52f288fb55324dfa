-- Background jobs in Postgres: enqueued in the same transaction as the change that causes them (so a
-- committed change always has its follow-up, and a rolled-back one never does), claimed with
-- `for update skip locked` by any number of app instances, run inside the claiming transaction (a crash
-- rolls the claim back with the work, so no job is left half-done or stuck), retried with backoff.
create type job_status as enum ('queued', 'done', 'failed', 'cancelled');

create table jobs (
    id           bigint generated always as identity primary key,
    kind         text not null check (kind ~ '^[a-z][a-z_.]*$'),
    payload      jsonb not null,
    run_at       timestamptz not null,
    -- A business key (such as one reminder of one appointment): at most one such job ever, so re-enqueuing
    -- moves it rather than doubling it, and a job that ran is not run again.
    dedupe_key   text unique,
    status       job_status not null default 'queued',
    attempts     integer not null default 0 check (attempts >= 0),
    max_attempts integer not null default 8 check (max_attempts > 0),
    last_error   text,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz,
    check ((status = 'queued') = (finished_at is null))
);

-- The claim walks this in order and stops at its batch, however long the backlog.
create index jobs_due_idx on jobs (run_at, id) where status = 'queued';
create index jobs_finished_idx on jobs (finished_at) where status <> 'queued';

-- One job run writes several jobs' emails in one transaction: stamp each when it is written (not when the
-- transaction began), so the outbox keeps their order.
alter table outbox_emails alter column created_at set default clock_timestamp();
