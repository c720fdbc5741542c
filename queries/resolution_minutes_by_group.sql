-- resolution_minutes_by_group: the Kaplan–Meier input of a report cohort by matter group — as
-- resolution_minutes_cohort (minutes from report to close, or to the cut-off where censored, whole
-- minutes rounded up), split by the category's domain group (group_zh, group_en; null when the
-- item or its category is unknown).
-- grain: group × minutes × closed · source: incidents, items, categories (cancelled left out; queries/include/km_cohort.sql) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    {{ km_cohort }}
),
per_item as (
    -- counted per item first: a short code groups fast, the groups' Chinese names slowly (a
    -- year at 10M incidents: 2.8 s of grouping on the names)
    select item_code, minutes, closed, count(*) as incidents
    from cohort
    group by all
)
select c.group_zh, c.group_en, k.minutes, k.closed, sum(k.incidents)::bigint as incidents
from per_item as k
left join items as it using (item_code)
left join categories as c using (category_code)
group by all
order by c.group_zh nulls last, k.minutes, k.closed
