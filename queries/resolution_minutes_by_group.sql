-- resolution_minutes_by_group: the Kaplan–Meier input of a report cohort by matter group — as
-- resolution_minutes_cohort (minutes from report to close, or to the cut-off where censored, whole
-- minutes rounded up), split by the category's domain group (group_zh, group_en; null when the
-- item or its category is unknown).
-- grain: group × minutes × closed · source: incidents, items, categories (cancelled left out; queries/include/km_cohort.sql, item_group_ids.sql) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    {{ km_cohort }}
),
group_ids as (
    {{ item_group_ids }}
),
per_group as (
    select coalesce(g.group_id, 0) as group_id, k.minutes, k.closed, count(*) as incidents
    from cohort as k
    left join group_ids as g using (item_code)
    group by all
),
group_names as (
    select distinct group_id, group_zh, group_en from group_ids
)
select n.group_zh, n.group_en, k.minutes, k.closed, k.incidents
from per_group as k
left join group_names as n using (group_id)
order by n.group_zh nulls last, k.minutes, k.closed
