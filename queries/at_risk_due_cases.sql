-- at_risk_due_cases: the cases open at the end of $as_of (T) whose deadline falls in the 24 hours
-- after it (T < deadline_at ≤ T + 24 h) — DESIGN.md's at_risk "due" set — with what the miss
-- probability needs: the matter group (incident → item → category), the age at T and the time
-- limit, both in whole minutes rounded up from reported_at, as the Kaplan–Meier cohort counts.
-- Due cases are open across a midnight, so open_spans holds every one of them.
-- grain: incident · source: open_spans, grids, items, categories (cancelled left out) · params: $as_of (date)
with due as (
    select
        *,
        ceil(epoch($as_of + interval 1 day - reported_at) / 60)::bigint as age_minutes,
        ceil(epoch(deadline_at - reported_at) / 60)::bigint as limit_minutes
    from open_spans
    where reported_at < $as_of + interval 1 day
      and (closed_at is null or closed_at >= $as_of + interval 1 day)
      and deadline_at > $as_of + interval 1 day
      and deadline_at <= $as_of + interval 2 day
)
select
    d.incident_id,
    d.grid_code,
    g.grid_name,
    g.street_name,
    d.item_code,
    i.name_zh as item_zh,
    i.name_en as item_en,
    c.group_zh,
    c.group_en,
    d.urgency,
    d.reported_at,
    d.deadline_at,
    d.handling_unit,
    d.age_minutes,
    d.limit_minutes
from due as d
left join grids as g using (grid_code)
left join items as i using (item_code)
left join categories as c using (category_code)
order by d.deadline_at, d.incident_id
