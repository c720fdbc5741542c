-- late_cases_most_overdue: the open cases at the end of the day that are past their deadline,
-- most overdue first; days_overdue is hours_overdue / 24 (what a person reads: 405 days, not
-- 9,726 hours); new_overdue is true where the deadline fell on the day itself (昨日新增超期).
-- grain: incident · source: open_spans, grids, items · params: $as_of (date), $limit (integer)
with late as (
    select
        incident_id,
        grid_code,
        item_code,
        urgency,
        status,
        reported_at,
        deadline_at,
        handling_unit,
        epoch($as_of + interval 1 day - deadline_at) / 3600 as hours_overdue
    from open_spans
    where reported_at < $as_of + interval 1 day
      and (closed_at is null or closed_at >= $as_of + interval 1 day)
      and deadline_at < $as_of + interval 1 day
)
select
    l.incident_id,
    l.grid_code,
    g.grid_name,
    g.street_name,
    l.item_code,
    i.name_zh as item_zh,
    i.name_en as item_en,
    l.urgency,
    l.reported_at,
    l.deadline_at,
    round(l.hours_overdue, 1) as hours_overdue,
    round(l.hours_overdue / 24, 1) as days_overdue,
    l.deadline_at >= $as_of as new_overdue,
    l.handling_unit
from late as l
left join grids as g using (grid_code)
left join items as i using (item_code)
order by l.hours_overdue desc, l.incident_id
limit $limit
