-- Doctor applications and the public search index: licence data, qualifications, practice locations,
-- private documents, admin reviews, in-app notifications, and a typo-tolerant full-text index.
create extension if not exists unaccent;

-- Lower-case and strip accents ("José Álvarez" → "jose alvarez"). Immutable wrapper so indexes may use it.
create function carebook_fold(t text) returns text
    language sql immutable parallel safe strict
    as $$ select lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;

-- Drafts are incomplete: the profile fields become required only once an application is submitted.
alter table doctors alter column primary_specialty_id drop not null;
alter table doctors alter column fee_minor set default 0;
alter table doctors alter column city set default '';
alter table doctors alter column area set default '';
alter table doctors
    add column registration_no      text,
    add column registration_council text not null default '',
    add column photo_key            text,
    add column online_now           boolean not null default false,
    add column last_active_at       timestamptz,
    add column submitted_at         timestamptz,
    add column reviewed_at          timestamptz,
    -- What the last review told the applicant (reason for rejection, or the changes asked for).
    add column review_note          text not null default '',
    -- The application form as last saved (drafts may be incomplete; submitted data lives in the columns).
    add column application_form     jsonb,
    -- False while the account is deactivated or deleted (kept in step by a trigger on users), so the
    -- directory never has to join users to filter.
    add column listed               boolean not null default true,
    add column search_name          text not null default '',
    add column search_text          text not null default '',
    add column search_tsv           tsvector not null default ''::tsvector,
    add constraint doctors_registration_no_key unique (registration_no);

create index doctors_search_tsv_idx on doctors using gin (search_tsv) where status = 'approved' and listed;
create index doctors_rating_idx on doctors (rating_avg desc nulls last, rating_count desc, id) where status = 'approved';
create index doctors_review_queue_idx on doctors (submitted_at) where status = 'pending';

create table doctor_qualifications (
    id          uuid primary key default gen_random_uuid(),
    doctor_id   uuid not null references doctors (id) on delete cascade,
    position    smallint not null,
    degree      text not null,
    institute   text not null,
    passing_year smallint not null check (passing_year between 1940 and 2100),
    constraint doctor_qualifications_position_key unique (doctor_id, position)
);

create table doctor_locations (
    id          uuid primary key default gen_random_uuid(),
    doctor_id   uuid not null references doctors (id) on delete cascade,
    position    smallint not null,
    name        text not null,
    address     text not null,
    area        text not null,
    city        text not null,
    latitude    double precision check (latitude between -90 and 90),
    longitude   double precision check (longitude between -180 and 180),
    constraint doctor_locations_position_key unique (doctor_id, position),
    constraint doctor_locations_coordinates check ((latitude is null) = (longitude is null))
);
create index doctor_locations_city_idx on doctor_locations (lower(city), lower(area));

-- Licence scans and certificates. Private: only the applicant and admins may fetch them.
create table doctor_documents (
    id            uuid primary key default gen_random_uuid(),
    doctor_id     uuid not null references doctors (id) on delete cascade,
    kind          text not null check (kind in ('licence', 'certificate', 'other')),
    file_name     text not null,
    content_type  text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes    integer not null check (size_bytes > 0),
    sha256        text not null,
    storage_key   text not null unique,
    uploaded_at   timestamptz not null default now()
);
create index doctor_documents_doctor_idx on doctor_documents (doctor_id, uploaded_at);

-- Every review decision, never deleted.
create table doctor_reviews (
    id          bigserial primary key,
    doctor_id   uuid not null references doctors (id) on delete cascade,
    admin_id    uuid references users (id) on delete set null,
    decision    text not null check (decision in ('approved', 'rejected', 'changes_requested', 'suspended')),
    note        text not null default '',
    created_at  timestamptz not null default now()
);
create index doctor_reviews_doctor_idx on doctor_reviews (doctor_id, created_at);

-- In-app notifications (the bell). Email goes through the outbox separately.
create table notifications (
    id          bigserial primary key,
    user_id     uuid not null references users (id) on delete cascade,
    title       text not null,
    body        text not null default '',
    link        text not null default '',
    created_at  timestamptz not null default now(),
    read_at     timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);

-- Words of approved profiles, for correcting typos in queries ("cardiolgy" → "cardiology").
create table search_terms (
    -- C collation so prefix lookups (`like 'car%'`) use the primary key.
    term text collate "C" primary key
);
create index search_terms_trgm_idx on search_terms using gin (term gin_trgm_ops);

-- Keep the search columns in step with the profile, its specialty, qualifications and locations.
create function doctors_search_refresh() returns trigger language plpgsql as $$
declare
    n text;
    s text;
    q text;
    l text;
begin
    select carebook_fold(full_name) into n from users where id = new.user_id;
    select carebook_fold(name) into s from specialties where id = new.primary_specialty_id;
    select carebook_fold(string_agg(degree || ' ' || institute, ' ')) into q
        from doctor_qualifications where doctor_id = new.id;
    select carebook_fold(string_agg(area || ' ' || city, ' ')) into l
        from doctor_locations where doctor_id = new.id;
    l := concat_ws(' ', l, carebook_fold(new.area), carebook_fold(new.city));
    new.search_name := coalesce(n, '');
    new.search_text := concat_ws(' ', n, s, q, l);
    new.search_tsv := setweight(to_tsvector('simple', coalesce(n, '')), 'A')
                   || setweight(to_tsvector('simple', coalesce(s, '')), 'B')
                   || setweight(to_tsvector('simple', concat_ws(' ', q, l)), 'C');
    if new.status = 'approved' then
        insert into search_terms (term)
        select distinct w from regexp_split_to_table(new.search_text, '[^a-z0-9]+') w where length(w) >= 3
        on conflict do nothing;
    end if;
    return new;
end $$;

create trigger doctors_search_refresh before insert or update on doctors
    for each row execute function doctors_search_refresh();

-- A change to a child row or a name re-runs the refresh by touching the doctor.
create function doctors_touch_from_child() returns trigger language plpgsql as $$
begin
    update doctors set updated_at = now() where id = coalesce(new.doctor_id, old.doctor_id);
    return null;
end $$;
create trigger doctor_qualifications_touch after insert or update or delete on doctor_qualifications
    for each row execute function doctors_touch_from_child();
create trigger doctor_locations_touch after insert or update or delete on doctor_locations
    for each row execute function doctors_touch_from_child();

create function doctors_touch_from_user() returns trigger language plpgsql as $$
begin
    if new.full_name is distinct from old.full_name or new.is_active is distinct from old.is_active
       or new.deleted_at is distinct from old.deleted_at then
        update doctors set updated_at = now(), listed = new.is_active and new.deleted_at is null
        where user_id = new.id;
    end if;
    return null;
end $$;
create trigger users_touch_doctor after update of full_name, is_active, deleted_at on users
    for each row execute function doctors_touch_from_user();

-- Existing directory rows: one practice location from their city/area, licence data for approved ones.
insert into doctor_locations (doctor_id, position, name, address, area, city)
select id, 0, area || ' clinic', area || ', ' || city, area, city from doctors where city <> '';
update doctors set registration_no = coalesce(registration_no, 'LEGACY-' || upper(left(id::text, 8))),
                   submitted_at = coalesce(submitted_at, created_at)
where status <> 'draft';

alter table doctors add constraint doctors_submitted_complete check (
    status = 'draft' or (primary_specialty_id is not null and registration_no is not null
                         and city <> '' and submitted_at is not null));
