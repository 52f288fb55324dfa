-- Profile details every role edits, the photo's storage key, and soft deletion (personal data erased,
-- the row kept so history stays consistent).
alter table users add column phone text check (phone is null or length(phone) between 7 and 20);
alter table users add column date_of_birth date check (date_of_birth is null or date_of_birth > date '1890-01-01');
alter table users add column gender text check (gender is null or gender in ('female', 'male', 'other', 'undisclosed'));
alter table users add column address text check (address is null or length(address) <= 300);
alter table users add column time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64);
alter table users add column photo_key text check (photo_key is null or photo_key ~ '^[a-z0-9-]+$');
alter table users add column deleted_at timestamptz;
alter table users add column deactivated_at timestamptz;
