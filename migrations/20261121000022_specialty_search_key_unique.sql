-- Specialty names were unique only as written: "CARDIOLOGY" could be added beside "Cardiology", and a
-- search for "cardiology" then matched two specialties. Their folded names (what a query is compared with)
-- are now unique; the admin form reports a clash on the name field.
drop index specialties_search_key_idx;
create unique index specialties_search_key_key on specialties (search_key);
