-- resolution_minutes_by_group: the Kaplan–Meier input of a report cohort by matter group — as
-- resolution_minutes_cohort (minutes from report to close, or to the cut-off where censored, whole
-- minutes rounded up), split by the category's domain group (group_zh, group_en; null when the
-- item or its category is unknown).
-- grain: group × minutes × closed · source: incidents, items, categories (cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    select
        c.group_zh,
        c.group_en,
        i.reported_at,
        i.closed_at is not null and i.closed_at < $cutoff as closed,
        case when i.closed_at is not null and i.closed_at < $cutoff then i.closed_at else $cutoff end
            as ended_at
    from incidents as i
    left join items as it using (item_code)
    left join categories as c using (category_code)
    where i.reported_at >= $from::date
      and i.reported_at < $to::date + interval 1 day
      and i.status <> 'cancelled'
)
select
    group_zh,
    group_en,
    ceil(epoch(ended_at - reported_at) / 60)::bigint as minutes,
    closed,
    count(*) as incidents
from cohort
group by all
order by group_zh nulls last, minutes, closed
