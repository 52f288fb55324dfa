-- One definition of "a doctor's soonest slot for a consultation mode" ('video', 'in_person'; anything else:
-- of any mode), for the directory's sort, the cards' label and the job's recheck. A plain SQL expression, so
-- Postgres inlines it: planned for a known mode, the sort reads the mode's own column and can walk its index.
create function carebook_soonest_for(mode text, video timestamptz, in_person timestamptz, any_mode timestamptz)
    returns timestamptz language sql immutable as $$
    select case mode when 'video' then video when 'in_person' then in_person else any_mode end
$$;
