-- An ordered inverted index for one-word searches ("okafor", "berlin"): for every word of every listed
-- doctor's search vector, one row carrying that doctor's relevance keys for the word, in a btree ordered
-- as the directory ranks. A common word matches thousands of doctors; the GIN index finds them, but
-- ranking them reads every matching row from the heap (GIN has no index-only scans), about one heap page
-- per match on 100k doctors. Here a page of the ranking is the first rows of one index range, read without
-- touching the heap, and the capped count is a range count.
--
-- The keys are exactly those of the text search's relevance order for a one-word query `w`:
-- `search_name = w` desc, `ts_rank(search_tsv, to_tsquery('simple', w))` desc, rating desc nulls last,
-- rating count desc, id. Only words a query can name whole are kept: [a-z0-9], three letters or more
-- (shorter query words are searched as prefixes, see `search_terms`).
create table search_postings (
    term          text collate "C" not null,
    doctor_id     uuid not null references doctors (id) on delete cascade,
    whole_name    boolean not null,
    rank          real not null,
    rating_avg    numeric(3, 2),
    rating_count  integer not null
);
create index search_postings_rank_idx on search_postings
    (term, whole_name desc, rank desc, rating_avg desc nulls last, rating_count desc, doctor_id);
create index search_postings_doctor_idx on search_postings (doctor_id);

-- A doctor's postings, from their current row: none unless approved and listed.
create function carebook_postings_of(d doctors) returns setof search_postings language sql stable as $$
    select t.lexeme, d.id, d.search_name = t.lexeme, ts_rank(d.search_tsv, to_tsquery('simple', t.lexeme)),
           d.rating_avg, d.rating_count
    from unnest(d.search_tsv) t
    where d.status = 'approved' and d.listed and t.lexeme ~ '^[a-z0-9]{3,}$'
$$;

create function doctors_postings_refresh() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' then
        delete from search_postings where doctor_id = old.id;
    end if;
    insert into search_postings select * from carebook_postings_of(new);
    return null;
end $$;

create trigger doctors_postings_insert after insert on doctors
    for each row when (new.status = 'approved' and new.listed)
    execute function doctors_postings_refresh();
-- Only a change to a key rewrites them: activity, availability and bookkeeping updates don't.
create trigger doctors_postings_update after update on doctors
    for each row when (old.search_tsv is distinct from new.search_tsv
                       or old.search_name is distinct from new.search_name
                       or old.status is distinct from new.status or old.listed is distinct from new.listed
                       or old.rating_avg is distinct from new.rating_avg
                       or old.rating_count is distinct from new.rating_count)
    execute function doctors_postings_refresh();

insert into search_postings select p.* from doctors d, carebook_postings_of(d) p;
