-- When a refund's money went back, on the app's clock (earnings count refunds on that day; `updated_at`
-- is the database's clock and moves on any change).
alter table refunds add column settled_at timestamptz;
update refunds set settled_at = updated_at where status = 'succeeded';
alter table refunds add constraint refunds_settled_when_succeeded check ((status = 'succeeded') = (settled_at is not null));
