-- grid_coverage: grids with a patrol on the day, and all grids.
-- grain: one row · source: patrols, grids · params: $as_of (date)
select
    (select count(distinct grid_code) from patrols where patrol_date = $as_of) as patrolled,
    (select count(*) from grids) as grids
