-- pgbench: the raw reference for webhook throughput. The transaction `payments::settle` runs for a paid
-- `checkout.session.completed`, statement for statement: record the event (unique id), lock the payment,
-- store the provider's payment id, move it to succeeded with its history row, confirm the booking under a
-- savepoint (the exclusion constraints may refuse), enqueue the booking's announcement and the receipt as
-- jobs, note the event's outcome. Rows come from
-- `bench_webhooks` (`carebook bench webhook-setup`), one per transaction through `bench_webhook_seq`.
-- The app does more around it (signature check, JSON), and its job loop then writes the emails and notices
-- while the load runs; pgbench leaves its jobs queued.
select nextval('bench_webhook_seq') as n \gset
begin;
select set_config('carebook.now', now()::text, true);
insert into provider_events (provider, event_id, kind, received_at)
values ('stripe', 'evt_raw_' || :n, 'checkout.session.completed', now()) on conflict do nothing returning 1;
select id, appointment_id, patient_id, amount_minor, currency, status from payments
where provider = 'stripe' and provider_session_id = (select session_id from bench_webhooks where n = :n) for update;
update payments set provider_payment_id = 'pi_raw_' || :n where id = (select payment_id from bench_webhooks where n = :n);
with upd as (update payments set status = 'succeeded'
             where id = (select payment_id from bench_webhooks where n = :n) returning id)
insert into payment_events (payment_id, at, from_status, to_status, source, detail)
select id, carebook_now(), 'pending', 'succeeded', 'webhook', '' from upd;
savepoint attempt;
update appointments a
set status = case when d.approval_required then 'pending' else 'confirmed' end::appointment_status,
    hold_expires_at = null, changed_by = null, change_reason = 'Paid online', meeting_url = null
from doctors d
where a.id = (select appointment_id from bench_webhooks where n = :n) and d.id = a.doctor_id and a.starts_at > now()
  and (a.status = 'awaiting_payment' or (a.status = 'expired' and a.change_reason = 'Payment window closed'))
returning a.id;
release savepoint attempt;
insert into jobs (kind, payload, run_at)
select 'booking.tell', jsonb_build_object('appointment', appointment_id, 'change', 'booked', 'reason', null), now()
from bench_webhooks where n = :n;
insert into jobs (kind, payload, run_at)
select 'payment.receipt', jsonb_build_object('payment', payment_id), now() from bench_webhooks where n = :n;
update provider_events set outcome = 'paid: booked' where provider = 'stripe' and event_id = 'evt_raw_' || :n;
commit;
