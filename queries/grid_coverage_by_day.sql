-- grid_coverage_by_day: per day, the grids with a patrol and all grids in scope.
-- grain: day · source: patrols, grids · params: $from (date), $to (date, inclusive)
with days as (
    select unnest(generate_series($from::date, $to::date, interval 1 day))::date as day
),
patrolled as (
    select patrol_date as day, count(distinct grid_code) as patrolled
    from patrols
    where patrol_date between $from and $to
    group by all
)
select d.day, coalesce(p.patrolled, 0)::bigint as patrolled, (select count(*) from grids) as grids
from days as d
left join patrolled as p using (day)
order by d.day
