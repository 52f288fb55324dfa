-- Directory filters compare a city, area or language in the form a query string can carry it. The router
-- decodes the whole query before splitting it, so `&`, `=`, `#` and `+` cannot survive inside a value:
-- "Bath & North East Somerset" arrives as "Bath North East Somerset". The key drops control characters,
-- turns those four and runs of whitespace into one space, trims, and lower-cases; `search::filter_value`
-- is the same rule in Rust (tested against this function), which writes the filters' option values.
create function carebook_filter_key(v text) returns text
    language sql immutable strict parallel safe
    as $$ select lower(btrim(regexp_replace(regexp_replace(v, '[[:cntrl:]]', '', 'g'), '[&=#+[:space:]]+', ' ', 'g'))) $$;

drop index doctor_locations_city_idx;
create index doctor_locations_city_idx on doctor_locations (carebook_filter_key(city), carebook_filter_key(area));
