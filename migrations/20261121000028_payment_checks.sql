-- The payments job asks the provider about checkouts still pending (a webhook may never come) and sends
-- refunds again that could not be sent. `checked_at` is its lease: an instance claims a row by setting it
-- (`for update skip locked`), so two instances never ask about the same row at once, and a row is asked
-- about again only after a pause.
alter table payments add column checked_at timestamptz;
alter table refunds add column tried_at timestamptz;
create index refunds_requested_idx on refunds (tried_at nulls first) where status = 'requested';
-- The job finds pending payments by lease, not by `updated_at` (the database's clock, not the app's).
drop index payments_pending_idx;
create index payments_pending_check_idx on payments (checked_at nulls first) where status = 'pending';
