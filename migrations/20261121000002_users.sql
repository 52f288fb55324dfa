-- Users of every role. Accounts (sessions, 2FA, verification) extend this in later migrations.
create type user_role as enum ('patient', 'doctor', 'admin');

create table users (
    id            uuid primary key default gen_random_uuid(),
    email         citext not null,
    full_name     text not null check (length(full_name) between 1 and 120),
    role          user_role not null default 'patient',
    -- argon2id PHC string; null for accounts that only sign in through an identity provider.
    password_hash text,
    is_active     boolean not null default true,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    constraint users_email_key unique (email),
    constraint users_email_check check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254)
);
select manage_updated_at('users');
