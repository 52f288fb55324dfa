-- The doctor page bench's data: 500 more reviews of dr-amara-okafor (of 500 completed past visits by 500
-- patients, varied stars and lengths, every other one answered), on top of the demo seed's.
insert into users (email, full_name, role)
select 'bench.reviewer.' || n || '@example.test', 'Bench Reviewer' || n, 'patient' from generate_series(1, 500) n
on conflict (email) do nothing;

with d as (select id, currency from doctors where slug = 'dr-amara-okafor'),
     t as (select ct.id, ct.fee_minor from consultation_types ct, d where ct.doctor_id = d.id and ct.mode = 'in_person'),
     v as (
         insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at, blocked_until,
                                   status, fee_minor, currency, idempotency_key, reason)
         select d.id, u.id, t.id, 'in_person', s.at, s.at + interval '20 minutes', s.at + interval '30 minutes',
                'completed', t.fee_minor, d.currency, 'bench-review-' || n, 'Consultation'
         from generate_series(1, 500) n
         join users u on u.email = 'bench.reviewer.' || n || '@example.test'
         cross join d cross join t
         cross join lateral (select timestamptz '2024-01-01 00:00Z' + make_interval(hours => n) as at) s
         on conflict (patient_id, idempotency_key) do nothing
         returning id, patient_id, ends_at, idempotency_key)
insert into reviews (appointment_id, doctor_id, patient_id, stars, waiting, manner, explanation, body, anonymous,
                     created_at, reply, replied_at, helpful)
select v.id, (select id from d), v.patient_id, 1 + abs(hashint4(k)) % 5, 1 + abs(hashint4(k + 1)) % 5, 5, null,
       left(repeat('Clear explanations, a short wait and a careful examination. ', 1 + k % 6), 1800), k % 7 = 0,
       v.ends_at + interval '1 day',
       case when k % 2 = 0 then 'Thank you for your review; we are glad the visit helped.' end,
       case when k % 2 = 0 then v.ends_at + interval '2 days' end, k % 11
from v cross join lateral (select split_part(v.idempotency_key, '-', 3)::int as k) x;
