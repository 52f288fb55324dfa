-- Two-factor sign-in: a TOTP secret per user (RFC 6238), one-time recovery codes (hashed), and the short
-- challenge that sits between a correct password and a correct code.
create table user_totp (
    user_id          uuid primary key references users (id) on delete cascade,
    secret           bytea not null,
    -- Null while enrolment is pending (secret shown, first code not yet confirmed).
    enabled_at       timestamptz,
    -- The last time step accepted: a code can't be replayed within its window.
    last_used_step   bigint not null default 0,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
select manage_updated_at('user_totp');

create table recovery_codes (
    id         uuid primary key default gen_random_uuid(),
    user_id    uuid not null references users (id) on delete cascade,
    code_hash  bytea not null,
    used_at    timestamptz,
    constraint recovery_codes_hash_key unique (user_id, code_hash)
);

create table mfa_challenges (
    id          uuid primary key default gen_random_uuid(),
    token_hash  bytea not null unique,
    user_id     uuid not null references users (id) on delete cascade,
    remember    boolean not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    attempts    integer not null default 0,
    used_at     timestamptz
);

-- Admin-managed settings (one row per key).
create table app_settings (
    key         text primary key check (key ~ '^[a-z0-9_.]+$'),
    value       jsonb not null,
    updated_at  timestamptz not null default now(),
    updated_by  uuid references users (id) on delete set null
);
insert into app_settings (key, value) values ('security.require_2fa_for_staff', 'false');
