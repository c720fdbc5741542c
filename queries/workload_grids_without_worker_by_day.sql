-- workload_grids_without_worker_by_day: per day, the grids with no active grid worker (no
-- assignment valid on the day held by a worker in post that day) and all grids in scope.
-- grain: day · source: grids, worker_grids, workers · params: $from (date), $to (date, inclusive)
with days as (
    select unnest(generate_series($from::date, $to::date, interval 1 day))::date as day
),
spans as (
    -- the days an assignment is held by a worker in post: [start, stop), stop exclusive
    select
        a.grid_code,
        greatest(a.valid_from, w.hired_on) as start,
        least(coalesce(a.valid_to, date '9999-12-31'), coalesce(w.left_on, date '9999-12-31'))
            as stop
    from worker_grids as a
    join workers as w using (worker_id)
),
ordered as (
    select
        grid_code,
        start,
        stop,
        max(stop) over (
            partition by grid_code order by start, stop
            rows between unbounded preceding and 1 preceding
        ) as reach
    from spans
    where start < stop
),
islands as (
    -- overlapping or touching spans of a grid merged, so that no day of a grid counts twice
    select
        grid_code,
        start,
        stop,
        sum(case when reach is null or start > reach then 1 else 0 end) over (
            partition by grid_code order by start, stop rows unbounded preceding
        ) as island
    from ordered
),
merged as (
    select grid_code, min(start) as start, max(stop) as stop
    from islands
    group by grid_code, island
),
covered as (
    select d.day, count(*) as covered
    from days as d
    join merged as m on m.start <= d.day and m.stop > d.day
    group by all
)
select
    d.day,
    ((select count(*) from grids) - coalesce(c.covered, 0))::bigint as grids_without_worker,
    (select count(*) from grids) as grids
from days as d
left join covered as c using (day)
order by d.day
