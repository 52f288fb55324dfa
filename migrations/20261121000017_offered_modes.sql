-- The visit types a doctor offers (the directory's mode filter, the cards' "Video visits", the profile) follow
-- their active consultation types once they have any: a doctor with no active video type can't be booked by
-- video, so a patient filtering for video must not find them. A doctor without active types (not bookable
-- yet, e.g. an applicant) keeps the modes they declared.

-- The modes of `doctor`'s active consultation types; both null when there are none.
create function carebook_active_modes(doctor uuid, out video boolean, out in_person boolean)
    language sql stable as $$
    select bool_or(t.mode = 'video'), bool_or(t.mode = 'in_person')
    from consultation_types t where t.doctor_id = doctor and t.active
$$;

-- A profile or application write can't declare modes the active types contradict.
create function doctors_offered_modes() returns trigger language plpgsql as $$
declare
    m record;
begin
    select * into m from carebook_active_modes(new.id);
    if m.video is not null then
        new.offers_video := m.video;
        new.offers_in_person := m.in_person;
    end if;
    return new;
end $$;

create trigger doctors_offered_modes before update of offers_video, offers_in_person on doctors
    for each row execute function doctors_offered_modes();

-- Adding, retiring or changing a type updates the doctor when their modes change.
create function consultation_types_offered_modes() returns trigger language plpgsql as $$
declare
    doctor uuid := case when tg_op = 'DELETE' then old.doctor_id else new.doctor_id end;
    m record;
begin
    select * into m from carebook_active_modes(doctor);
    update doctors d set offers_video = m.video, offers_in_person = m.in_person
    where d.id = doctor and m.video is not null
      and (d.offers_video, d.offers_in_person) is distinct from (m.video, m.in_person);
    return null;
end $$;

create trigger consultation_types_offered_modes after insert or update or delete on consultation_types
    for each row execute function consultation_types_offered_modes();

-- Bring existing doctors in line (the trigger above derives the values).
update doctors d set offers_video = d.offers_video
where exists (select 1 from consultation_types t where t.doctor_id = d.id and t.active);
