-- late_cases_new_on_day: the cases that went overdue on the day (当日新增超期) — their deadline
-- fell within the $days days ending on it (1: the day; 2: Saturday and Sunday, the weekend read on
-- a Monday) and they were still open at its end — latest deadline last. The long tail of cases
-- overdue for months is the same every morning; these are the day's news.
-- grain: incident · source: open_spans, grids, items (queries/include/overdue_at_end_of_day.sql) · params: $as_of (date), $days (integer), $limit (integer)
with late as (
    {{ overdue_at_end_of_day }}
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
where l.went_overdue_in_period
order by l.deadline_at, l.incident_id
limit $limit
