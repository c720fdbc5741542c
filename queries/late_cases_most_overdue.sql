-- late_cases_most_overdue: the open cases at the end of the day that are past their deadline,
-- most overdue first; days_overdue is hours_overdue / 24 (what a person reads: 405 days, not
-- 9,726 hours); new_overdue is true where the deadline fell in the $days days ending on the
-- day (1: the day itself, 当日新增超期; 2: the weekend).
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
    round(l.hours_overdue / 24, 1) as days_overdue,
    l.went_overdue_in_period as new_overdue,
    l.handling_unit
from late as l
left join grids as g using (grid_code)
left join items as i using (item_code)
order by l.hours_overdue desc, l.incident_id
limit $limit
