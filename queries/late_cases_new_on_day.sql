-- late_cases_new_on_day: the cases that went overdue on the day (昨日新增超期) — their deadline
-- fell within the day and they were still open at its end — latest deadline last. The long tail
-- of cases overdue for months is the same every morning; these are the day's news.
-- grain: incident · source: open_spans, grids, items · params: $as_of (date), $limit (integer)
with late as (
    select
        incident_id,
        grid_code,
        item_code,
        urgency,
        reported_at,
        deadline_at,
        handling_unit,
        epoch($as_of + interval 1 day - deadline_at) / 3600 as hours_overdue
    from open_spans
    where reported_at < $as_of + interval 1 day
      and (closed_at is null or closed_at >= $as_of + interval 1 day)
      and deadline_at >= $as_of
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
    l.handling_unit
from late as l
left join grids as g using (grid_code)
left join items as i using (item_code)
order by l.deadline_at, l.incident_id
limit $limit
