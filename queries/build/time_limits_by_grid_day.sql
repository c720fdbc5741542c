-- time_limits_by_grid_day: the incidents with a time limit (a deadline after their report;
-- cancelled left out) per report day, grid, urgency and limit (seconds from report to
-- deadline). There are few distinct limits (11 in the demo data), so /resolution's limit
-- markers over a year read grid-days instead of every incident (at 50M: 25 M incidents).
-- grain: day × grid × urgency × limit · source: incidents (cancelled left out) · params: none
create table time_limits_by_grid_day as
select
    reported_at::date as day,
    grid_code,
    urgency,
    epoch(deadline_at - reported_at) as limit_seconds,
    count(*) as incidents
from incidents
where status <> 'cancelled'
  and deadline_at is not null  -- implied below; pushed into the scan (within_limit_cohort)
  and deadline_at > reported_at
group by all
order by day, grid_code, urgency, limit_seconds
