-- resolution_minutes_cohort_stored: resolution_minutes_cohort's rows for the `days` days ending
-- on $as_of, censored at its end, read from what the ingest stored (the groups of
-- resolution_minutes_by_scope_group added up) — only for the data's last full day, in the city
-- or a district, over 30 or 90 days; no rows otherwise (dashboard/core/data_days.py).
-- grain: minutes × closed · source: resolution_minutes_by_scope_group (the session's scope only) · params: $as_of (date), $days (integer)
select minutes, closed, cast(sum(incidents) as bigint) as incidents
from resolution_minutes_by_scope_group
where as_of = $as_of
  and days = $days
group by all
order by minutes, closed
