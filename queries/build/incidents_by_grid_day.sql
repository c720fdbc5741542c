-- incidents_by_grid_day: new and closed incidents per grid per day, with the counts the on-time
-- rate needs and the cases closed on the spot (never dispatched: settled by the grid station,
-- credited to its workers on /workload). Built at ingest; panels at district, street, community
-- and grid level sum it.
-- grain: day × grid_code · source: incidents (cancelled left out) · params: none
create table incidents_by_grid_day as
with reported as (
    select
        reported_at::date as day,
        grid_code,
        count(*) as new,
        count(*) filter (where urgency = 'urgent') as new_urgent,
        count(*) filter (where dispatched_at is null and closed_at is not null) as new_on_spot
    from incidents
    where status <> 'cancelled'
    group by all
),
closed as (
    select
        closed_at::date as day,
        grid_code,
        count(*) as closed,
        count(*) filter (where deadline_at is not null) as closed_with_deadline,
        count(*) filter (where closed_at <= deadline_at) as closed_on_time,
        count(*) filter (where dispatched_at is null) as closed_on_spot
    from incidents
    where status <> 'cancelled' and closed_at is not null
    group by all
)
select
    day,
    grid_code,
    coalesce(r.new, 0) as new,
    coalesce(r.new_urgent, 0) as new_urgent,
    coalesce(r.new_on_spot, 0) as new_on_spot,
    coalesce(c.closed, 0) as closed,
    coalesce(c.closed_with_deadline, 0) as closed_with_deadline,
    coalesce(c.closed_on_time, 0) as closed_on_time,
    coalesce(c.closed_on_spot, 0) as closed_on_spot
from reported as r
full outer join closed as c using (day, grid_code)
order by day, grid_code
