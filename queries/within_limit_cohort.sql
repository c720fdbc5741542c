-- within_limit_cohort: for a report cohort, elapsed time as a share of each incident's time
-- limit (to close, or to the cut-off where not closed before it), rounded up to 1/10,000 — so
-- a ratio of exactly 1 stays 1 — and every ratio above 1 lumped at 1.0001 (only S(1) is asked
-- of it), with the number of incidents at each (ratio, closed) pair.
-- grain: ratio × closed · source: incidents with a deadline after reported_at (queries/include/within_limit_ratios.sql) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    {{ within_limit_ratios }}
)
select ratio, closed, count(*) as incidents
from cohort
group by all
order by ratio, closed
