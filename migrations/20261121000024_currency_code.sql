-- Currencies as a type: fees and appointments hold one of the currencies Carebook handles (ISO 4217),
-- read and written as the Rust enum `model::money::Currency`; anything else is refused by the database.
create type currency_code as enum ('USD', 'EUR', 'GBP', 'BDT', 'INR');

-- The schedule-change trigger names the column in its condition: dropped and made again around the change.
drop trigger doctors_schedule_changed on doctors;
alter table doctors alter column currency drop default;
alter table doctors alter column currency type currency_code using currency::text::currency_code;
alter table doctors alter column currency set default 'USD';
alter table appointments alter column currency type currency_code using currency::text::currency_code;
create trigger doctors_schedule_changed after update on doctors for each row
    when ((old.status, old.listed, old.slug, old.time_zone, old.approval_required, old.min_notice_minutes,
           old.horizon_days, old.daily_cap, old.cancel_cutoff_minutes, old.currency)
          is distinct from
          (new.status, new.listed, new.slug, new.time_zone, new.approval_required, new.min_notice_minutes,
           new.horizon_days, new.daily_cap, new.cancel_cutoff_minutes, new.currency))
    execute function carebook_doctor_changed();
