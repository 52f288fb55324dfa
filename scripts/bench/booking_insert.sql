-- pgbench: the raw reference for booking throughput. One INSERT of a distinct free slot under the same
-- exclusion constraints (and the same history trigger) the app's holds go through. Like the app's hold
-- statement it sets the per-patient cap on open holds in the same statement (the bench's few patients
-- hold thousands of slots, so the server runs with CAREBOOK_MAX_OPEN_HOLDS=1000000 too).
select nextval('bench_booking_seq') as n \gset
insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at, blocked_until,
                          status, hold_expires_at, fee_minor, currency, idempotency_key)
select doctor_id, patient_id, type_id, 'in_person', starts_at, ends_at, blocked_until,
       'held', now() + interval '10 minutes', 0, 'USD', 'pgbench-' || :n
from bench_slots, (select set_config('carebook.max_open_holds', '1000000', true)) cap where n = :n;
