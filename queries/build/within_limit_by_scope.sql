-- within_limit_by_scope: the briefing's within-limit input as of the data's last full day D,
-- stored as resolution_minutes_by_scope_group is (dashboard/core/data_days.py):
-- within_limit_cohort's rows over the 30 days D−29 … D censored at T = D + 1 day, for the city
-- (scope '') and each district (scope = its six digits). The same include SQL as the named
-- query, so the rows are the same.
-- grain: scope × ratio × closed · source: incidents with a deadline after reported_at · params: $from (date, D−29), $to (date, D), $cutoff (timestamp, T)
create table within_limit_by_scope as
with cohort as (
    {{ within_limit_ratios }}
),
per_district as (
    select left(grid_code, 6) as district_code, ratio, closed, count(*) as incidents
    from cohort
    group by all
),
per_scope as (
    select district_code as scope, ratio, closed, incidents from per_district
    union all
    select '' as scope, ratio, closed, sum(incidents) as incidents from per_district group by all
)
select $to::date as as_of, scope, ratio, closed, cast(incidents as bigint) as incidents
from per_scope
order by scope, ratio, closed
