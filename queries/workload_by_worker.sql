-- workload_by_worker: per grid worker in post at some time in the period (hired on or before its
-- last day, not left before its first) and assigned to a grid in it, the incidents they reported
-- (reported_at in the period, cancelled left out, as in every figure) and their patrol minutes
-- (patrol_date in the period); zero where none. Also: name, employment, days in post in the
-- period, grids assigned in it (assignments valid on any of its days), patrol days, households
-- visited (sum over patrols), households of the assigned grids and cases handled — incidents
-- closed in the period without dispatch to a department (settled by the grid station; cancelled
-- left out) in a grid the worker covered on the closing day (assignment valid, worker in post),
-- a case shared equally among the workers covering its grid that day (hence fractional).
-- A grid's households are shared the same way among the workers assigned to it in the period.
-- grain: worker · source: workers, incidents, patrols, worker_grids, grids, cases_handled_by_worker_day (built at ingest from incidents_by_grid_day, worker_grids, workers) · params: $from (date), $to (date, inclusive)
with active as (
    -- in post some time in the period and assigned to a grid (of the scope) in it: a worker who
    -- moved to another place before the period is not this place's worker any more
    select worker_id
    from workers
    where hired_on <= $to and (left_on is null or left_on > $from)
      and worker_id in (
          select worker_id
          from worker_grids
          where valid_from <= $to and (valid_to is null or valid_to > $from)
      )
),
reported as (
    select reporter_worker_id as worker_id, count(*) as incidents_reported
    from incidents
    where reporter_worker_id is not null
      and status <> 'cancelled'
      and reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
    group by all
),
patrolled as (
    select
        worker_id,
        sum(minutes) as patrol_minutes,
        count(distinct patrol_date) as patrol_days,
        sum(households_visited) as households_visited
    from patrols
    where patrol_date >= $from and patrol_date <= $to
    group by all
),
assigned as (
    -- assignments valid on at least one day of the period (valid_to is exclusive, as left_on)
    select distinct worker_id, grid_code
    from worker_grids
    where valid_from <= $to and (valid_to is null or valid_to > $from)
),
grid_share as (
    select a.worker_id, a.grid_code, g.households / count(*) over (partition by a.grid_code) as households
    from assigned as a
    join grids as g using (grid_code)
),
assigned_per_worker as (
    -- a row per worker and grid already (assigned is distinct): count(*) counts the grids
    select worker_id, count(*) as grids, sum(households) as households_in_grids
    from grid_share
    group by all
),
handled as (
    -- cases settled on the spot, shared among the workers covering their grid on the closing
    -- day: per worker, grid and day from the ingest's cases_handled_by_worker_day
    select worker_id, sum(cases_handled) as cases_handled
    from cases_handled_by_worker_day
    where day >= $from and day <= $to
    group by all
)
select
    a.worker_id,
    coalesce(r.incidents_reported, 0)::bigint as incidents_reported,
    coalesce(p.patrol_minutes, 0)::bigint as patrol_minutes,
    w.display_name,
    w.employment,
    (least($to, coalesce(w.left_on - 1, $to)) - greatest($from, w.hired_on) + 1)::bigint
        as days_in_post,
    coalesce(g.grids, 0)::bigint as grids,
    coalesce(p.patrol_days, 0)::bigint as patrol_days,
    coalesce(p.households_visited, 0)::bigint as households_visited,
    coalesce(g.households_in_grids, 0)::double as households_in_grids,
    coalesce(h.cases_handled, 0)::double as cases_handled
from active as a
join workers as w using (worker_id)
left join reported as r using (worker_id)
left join patrolled as p using (worker_id)
left join assigned_per_worker as g using (worker_id)
left join handled as h using (worker_id)
order by a.worker_id
