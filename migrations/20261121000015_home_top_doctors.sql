-- The home page's top doctors (featured first, then by rating) walk this index and stop after a few rows.
-- Ordered by featured first, the existing indexes didn't fit, and with 100,000 doctors the query sorted
-- them all (about 200 ms). It replaces the featured-only index, which nothing else read.
drop index doctors_featured_idx;
create index doctors_top_idx on doctors (featured desc, rating_avg desc nulls last, rating_count desc, id)
    where status = 'approved' and listed;
