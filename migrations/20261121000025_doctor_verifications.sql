-- The admins' decisions on doctor applications are verifications, not reviews (patients' reviews of
-- doctors get their own table).
alter table doctor_reviews rename to doctor_verifications;
alter index doctor_reviews_doctor_idx rename to doctor_verifications_doctor_idx;
alter index doctor_reviews_pkey rename to doctor_verifications_pkey;
alter sequence doctor_reviews_id_seq rename to doctor_verifications_id_seq;
alter table doctor_verifications rename constraint doctor_reviews_doctor_id_fkey to doctor_verifications_doctor_id_fkey;
alter table doctor_verifications rename constraint doctor_reviews_admin_id_fkey to doctor_verifications_admin_id_fkey;
alter table doctor_verifications rename constraint doctor_reviews_decision_check to doctor_verifications_decision_check;
