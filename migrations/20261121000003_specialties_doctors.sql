-- Specialties and public doctor profiles: what the home page and the directory read.
create table specialties (
    id          serial primary key,
    slug        text not null,
    name        text not null,
    description text not null default '',
    -- A short emoji-free icon key the UI maps to an SVG.
    icon        text not null default 'stethoscope',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint specialties_slug_key unique (slug),
    constraint specialties_name_key unique (name),
    constraint specialties_slug_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
select manage_updated_at('specialties');

create type doctor_status as enum ('draft', 'pending', 'approved', 'rejected', 'suspended');

create table doctors (
    id                  uuid primary key default gen_random_uuid(),
    user_id             uuid not null references users (id) on delete restrict,
    slug                text not null,
    title               text not null default 'Dr.',
    bio                 text not null default '',
    gender              text check (gender in ('female', 'male', 'other')),
    languages           text[] not null default '{}',
    years_experience    integer not null default 0 check (years_experience between 0 and 80),
    -- Money in minor units (cents, paisa) with an ISO 4217 code.
    fee_minor           integer not null check (fee_minor >= 0),
    currency            char(3) not null default 'USD',
    primary_specialty_id integer not null references specialties (id),
    city                text not null,
    area                text not null,
    status              doctor_status not null default 'draft',
    rating_avg          numeric(3, 2) check (rating_avg between 1 and 5),
    rating_count        integer not null default 0 check (rating_count >= 0),
    offers_video        boolean not null default false,
    offers_in_person    boolean not null default true,
    featured            boolean not null default false,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint doctors_user_id_key unique (user_id),
    constraint doctors_slug_key unique (slug),
    constraint doctors_slug_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
select manage_updated_at('doctors');
create index doctors_specialty_idx on doctors (primary_specialty_id) where status = 'approved';
create index doctors_featured_idx on doctors (rating_avg desc nulls last) where status = 'approved' and featured;
