-- resolution_minutes_by_group_stored: resolution_minutes_by_group's rows for the `days` days
-- ending on $as_of, censored at its end, read from what the ingest stored
-- (resolution_minutes_by_scope_group) — only for the data's last full day, in the city or a
-- district, over 30 or 90 days; no rows otherwise (dashboard/core/data_days.py).
-- grain: group × minutes × closed · source: resolution_minutes_by_scope_group (the session's scope only) · params: $as_of (date), $days (integer)
select group_zh, group_en, minutes, closed, incidents
from resolution_minutes_by_scope_group
where as_of = $as_of
  and days = $days
order by group_zh nulls last, minutes, closed
