-- resolution_minutes_by_scope_group: the briefing's Kaplan–Meier inputs as of the data's last full
-- day D, stored so that the brief reads a few thousand rows instead of counting millions of
-- incidents (dashboard/core/data_days.py): resolution_minutes_by_group's rows for the city
-- (scope '') and each district (scope = its six digits), over at_risk's 90-day history
-- D−89 … D (days 90) and over the 30 days D−29 … D (days 30), censored at T = D + 1 day. The
-- same include SQL as the named query, so the rows are the same.
-- grain: scope × days × group × minutes × closed · source: incidents, items, categories (cancelled left out) · params: $from (date, D−89), $from_recent (date, D−29), $to (date, D), $cutoff (timestamp, T)
create table resolution_minutes_by_scope_group as
with cohort as (
    {{ km_cohort }}
),
group_ids as (
    {{ item_group_ids }}
),
per_district as (
    select
        left(k.grid_code, 6) as district_code,
        k.reported_at >= $from_recent::date as recent,
        coalesce(g.group_id, 0) as group_id,
        k.minutes,
        k.closed,
        count(*) as incidents
    from cohort as k
    left join group_ids as g using (item_code)
    group by all
),
windows as (
    select 90 as days, * from per_district
    union all
    select 30 as days, * from per_district where recent
),
per_scope as (
    select district_code as scope, days, group_id, minutes, closed, sum(incidents) as incidents
    from windows
    group by all
    union all
    select '' as scope, days, group_id, minutes, closed, sum(incidents) as incidents
    from windows
    group by all
),
group_names as (
    select distinct group_id, group_zh, group_en from group_ids
)
select
    $to::date as as_of,
    k.scope,
    k.days,
    n.group_zh,
    n.group_en,
    k.minutes,
    k.closed,
    cast(k.incidents as bigint) as incidents
from per_scope as k
left join group_names as n using (group_id)
order by k.scope, k.days, n.group_zh nulls last, k.minutes, k.closed
