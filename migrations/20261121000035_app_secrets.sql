-- Keys the app signs with, shared by every instance: `link_key` signs the one-click links in emails (cancel
-- or reschedule a visit, accept a waitlist offer). Made by the first instance that needs it. Deleting a row
-- rotates its key: every link signed with the old one stops working.
create table app_secrets (
    name       text primary key,
    value      bytea not null check (length(value) >= 32),
    created_at timestamptz not null default now()
);
