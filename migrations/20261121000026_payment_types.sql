-- Payments, part 1: the new appointment status and the payment enums. A value added to an enum cannot be
-- used in the transaction that adds it, so the tables and rules that use it follow in migration 27.

-- A booking whose patient is paying online: it blocks its slot until the payment window closes.
alter type appointment_status add value 'awaiting_payment' after 'held';

-- How a doctor takes the fee: online before the visit, at the practice, or not at all.
create type payment_policy as enum ('online', 'at_clinic', 'free');
-- `dev` is the development-only test gateway (`/dev/gateway`), never offered in production.
create type payment_provider as enum ('stripe', 'sslcommerz', 'dev');
create type payment_status as enum (
    'created', 'pending', 'succeeded', 'failed', 'expired', 'cancelled', 'refunded', 'partially_refunded'
);
create type refund_status as enum ('requested', 'pending', 'succeeded', 'failed');
