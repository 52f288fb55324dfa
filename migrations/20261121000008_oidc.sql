-- Sign-in with an OpenID Connect provider (Google by default): identities by the provider's `sub`, the
-- in-flight authorization requests (state, PKCE verifier, nonce, bound to the browser that started them),
-- and pending links to existing password accounts (confirmed with the password).
create table user_identities (
    provider    text not null,
    subject     text not null,
    user_id     uuid not null references users (id) on delete cascade,
    email       citext,
    created_at  timestamptz not null default now(),
    primary key (provider, subject)
);
create index user_identities_user_idx on user_identities (user_id);

create table oauth_flows (
    state_hash     bytea primary key,
    -- SHA-256 of a random value in a short-lived cookie of the browser that started the flow.
    binding_hash   bytea not null,
    pkce_verifier  text not null,
    nonce          text not null,
    return_to      text not null default '/',
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null
);

create table oauth_links (
    token_hash  bytea primary key,
    provider    text not null,
    subject     text not null,
    user_id     uuid not null references users (id) on delete cascade,
    return_to   text not null default '/',
    expires_at  timestamptz not null,
    used_at     timestamptz
);
