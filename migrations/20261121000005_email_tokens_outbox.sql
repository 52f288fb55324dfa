-- Single-use, expiring tokens sent by email (verification, password reset). Only the SHA-256 is stored.
create table email_tokens (
    id          uuid primary key default gen_random_uuid(),
    token_hash  bytea not null,
    user_id     uuid not null references users (id) on delete cascade,
    purpose     text not null check (purpose in ('verify_email', 'reset_password')),
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz,
    constraint email_tokens_token_hash_key unique (token_hash)
);
create index email_tokens_user_idx on email_tokens (user_id, purpose) where used_at is null;

-- Outgoing mail. With SMTP configured a worker delivers it; without, it stays here and the dev-only
-- /dev/outbox page shows it. Either way the message is recorded before the request returns.
create table outbox_emails (
    id            uuid primary key default gen_random_uuid(),
    to_address    citext not null,
    subject       text not null,
    body_text     text not null,
    created_at    timestamptz not null default now(),
    sent_at       timestamptz,
    attempts      integer not null default 0,
    last_error    text
);
create index outbox_emails_pending_idx on outbox_emails (created_at) where sent_at is null;
