-- Holds per client IP, taken inside the hold's own statement (no extra round trip): one unit of `k`'s
-- allowance (the generic cell rate algorithm, as `rate_limit::check` does it), or `check_violation` on
-- `hold_rate_limit`. A hold the exclusion constraints refuse rolls back with its statement, so only holds
-- that were taken count. No key (a request without a client address) or a burst of 0: no limit.
create function carebook_take(k text, at timestamptz, every_secs double precision, burst integer)
    returns void language plpgsql as $$
begin
    if k is null or burst <= 0 then
        return;
    end if;
    insert into rate_limits as r (key, tat) values (k, at + make_interval(secs => every_secs))
    on conflict (key) do update
        set tat = greatest(r.tat, at) + make_interval(secs => every_secs)
        where greatest(r.tat, at) + make_interval(secs => every_secs) <= at + make_interval(secs => every_secs * burst);
    if not found then
        raise exception 'too many holds from one client'
            using errcode = 'check_violation', constraint = 'hold_rate_limit';
    end if;
end $$;
