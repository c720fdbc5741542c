-- patrols_by_grid_day: per grid and day with a patrol, the patrols and the grid's next day with
-- one (null: none since) — so a day's patrol coverage over the $days days ending on it
-- (grid_coverage_by_day) adds up spans of days instead of counting distinct grids per day.
-- grain: day × grid · source: patrols · params: none
create table patrols_by_grid_day as
with days as (
    select patrol_date as day, grid_code, count(*) as patrols
    from patrols
    group by all
)
select
    day,
    grid_code,
    patrols,
    lead(day) over (partition by grid_code order by day) as next_day
from days
order by day, grid_code
