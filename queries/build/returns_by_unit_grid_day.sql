-- returns_by_unit_grid_day: the return steps (a handling unit sending a case back) per day, grid
-- and acting unit, cancelled incidents left out — so the handling-unit league table sums a
-- window's few thousand rows instead of scanning every event for the returns and every incident
-- for the cancelled ones.
-- grain: day × grid × unit · source: incident_events, incidents (cancelled left out) · params: none
create table returns_by_unit_grid_day as
select
    "at"::date as day,
    grid_code,
    unit,
    count(*) as returns
from incident_events
where step = 'return'
  and incident_id not in (select incident_id from incidents where status = 'cancelled')
group by all
order by day, grid_code, unit
