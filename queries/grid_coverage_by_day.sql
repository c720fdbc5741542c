-- grid_coverage_by_day: per day of $from … $to, the grids in scope with a patrol on at least one
-- day of the $days days ending on it, and all grids in scope. The day's coverage is
-- $days = 1; the 7-day coverage beside it 7 (grid workers work rotas: a weekend day
-- alone reads low while every grid is walked weekly).
-- grain: day · source: patrols, grids · params: $from (date), $to (date, inclusive), $days (integer)
with days as (
    select unnest(generate_series($from::date, $to::date, interval 1 day))::date as day
),
patrols_in_reach as (
    select distinct patrol_date, grid_code
    from patrols
    where patrol_date between $from::date - ($days - 1) and $to::date
),
patrolled as (
    select d.day, count(distinct p.grid_code) as patrolled
    from days as d
    join patrols_in_reach as p
        on p.patrol_date between d.day - ($days - 1) and d.day
    group by all
)
select d.day, coalesce(p.patrolled, 0)::bigint as patrolled, (select count(*) from grids) as grids
from days as d
left join patrolled as p using (day)
order by d.day
