-- notice_case: one case as its supervision notice (督办单) states it at the end of $as_of: the
-- incident, its grid's names up to the district, item, matter type and group, urgency, times,
-- handling unit, and whether it was overdue then — hours_overdue and went_overdue_in_period (due
-- in the $days days ending on $as_of: 1 the day) as the overdue lists count them
-- (queries/include/overdue_at_end_of_day.sql). No row: no such incident in the session's scope.
-- grain: incident · source: incidents, open_spans, grids, items, categories · params: $incident_id (text), $as_of (date), $days (integer)
with late as (
    {{ overdue_at_end_of_day }}
)
select
    i.incident_id,
    i.grid_code,
    g.grid_name,
    g.community_name,
    g.street_code,
    g.street_name,
    g.district_name,
    i.item_code,
    it.name_zh as item_zh,
    it.name_en as item_en,
    c.name_zh as category_zh,
    c.name_en as category_en,
    c.group_zh,
    c.group_en,
    i.urgency,
    i.source,
    i.status,
    i.reported_at,
    i.accepted_at,
    i.dispatched_at,
    i.closed_at,
    i.deadline_at,
    i.handling_unit,
    i.escalation_level,
    l.incident_id is not null as overdue,
    round(l.hours_overdue, 1) as hours_overdue,
    round(l.hours_overdue / 24, 1) as days_overdue,
    coalesce(l.went_overdue_in_period, false) as new_overdue
from incidents as i
left join grids as g using (grid_code)
left join items as it using (item_code)
left join categories as c on c.category_code = it.category_code
left join late as l using (incident_id)
where i.incident_id = $incident_id
