-- cases_handled_by_worker_day: the cases settled on the spot (closed without dispatch to a
-- department, cancelled left out: incidents_by_grid_day.closed_on_spot) credited to the grid
-- workers covering their grid on the closing day (assignment valid, worker in post), each case
-- shared equally among them (hence fractional) — per worker, grid and closing day, so that
-- /workload sums a window instead of matching a year of grid-days to assignments (at 50M over a
-- year that matching was ≈ 0.5 s of workload_by_worker's 1.6–1.9 s). A grid's covering workers
-- do not depend on the scope: a district's view sums the rows of its own grids.
-- grain: worker × grid × day · source: incidents_by_grid_day, worker_grids, workers · params: none
create table cases_handled_by_worker_day as
with settled as (
    select grid_code, day, closed_on_spot as cases
    from incidents_by_grid_day
    where closed_on_spot > 0
),
credited as (
    -- the workers covering the grid on the closing day: assignment valid and worker in post
    -- (distinct: two assignment rows of one worker to one grid credit the worker once)
    select distinct s.grid_code, s.day, s.cases, a.worker_id
    from settled as s
    join worker_grids as a
        on a.grid_code = s.grid_code
        and a.valid_from <= s.day
        and (a.valid_to is null or a.valid_to > s.day)
    join workers as w
        on w.worker_id = a.worker_id
        and w.hired_on <= s.day
        and (w.left_on is null or w.left_on > s.day)
)
select
    day,
    grid_code,
    worker_id,
    cases / count(*) over (partition by grid_code, day) as cases_handled
from credited
order by day, grid_code, worker_id
