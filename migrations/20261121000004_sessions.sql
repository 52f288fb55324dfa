-- Server-side sessions, one row per signed-in device. The cookie holds a random token; only its SHA-256
-- is stored, so a database leak does not leak live sessions.
alter table users add column email_verified_at timestamptz;
alter table users add column last_sign_in_at timestamptz;

create table sessions (
    id                  uuid primary key default gen_random_uuid(),
    token_hash          bytea not null,
    user_id             uuid not null references users (id) on delete cascade,
    created_at          timestamptz not null default now(),
    last_seen_at        timestamptz not null default now(),
    -- Ends at whichever comes first: last_seen_at + idle timeout, or absolute_expires_at.
    idle_timeout_secs   integer not null check (idle_timeout_secs > 0),
    absolute_expires_at timestamptz not null,
    -- "Remember me": a persistent cookie rather than a browser-session cookie.
    persistent          boolean not null default false,
    user_agent          text not null default '' check (length(user_agent) <= 512),
    ip                  inet,
    ended_at            timestamptz,
    ended_reason        text check (ended_reason in ('sign_out', 'revoked', 'password_change', 'expired',
                                                    'account_deleted', 'deactivated', 'rotated')),
    constraint sessions_token_hash_key unique (token_hash),
    constraint sessions_ended_check check ((ended_at is null) = (ended_reason is null))
);
create index sessions_user_active_idx on sessions (user_id) where ended_at is null;

-- Append-only security audit trail: who did what, when, from where, and how it went.
create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor_id    uuid references users (id) on delete set null,
    subject_id  uuid references users (id) on delete set null,
    action      text not null check (action ~ '^[a-z0-9_.]+$'),
    outcome     text not null check (outcome in ('success', 'failure', 'denied')),
    ip          inet,
    user_agent  text not null default '',
    detail      jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_actor_idx on audit_log (actor_id, at desc);

create function audit_log_append_only() returns trigger as $$
begin
    -- Deleting a user nulls its references (on delete set null); nothing else may change a row.
    if tg_op = 'UPDATE' and new.id = old.id and new.at = old.at and new.action = old.action
       and new.outcome = old.outcome and new.detail = old.detail
       and new.ip is not distinct from old.ip and new.user_agent = old.user_agent then
        return new;
    end if;
    raise exception 'audit_log is append-only';
end;
$$ language plpgsql;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute procedure audit_log_append_only();

-- Rate limits shared by every app instance: GCRA, one row per key holding its theoretical arrival time.
create unlogged table rate_limits (
    key text primary key,
    tat timestamptz not null
);
