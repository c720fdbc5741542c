-- grid_coverage_7d: grids with at least one patrol in the 7 days ending on the day, and all
-- grids. Beside the day's coverage: grid workers work rotas, so a weekend day alone reads low
-- while every grid may still be walked within the week.
-- grain: one row · source: patrols, grids · params: $as_of (date)
select
    (
        select count(distinct grid_code)
        from patrols
        where patrol_date between $as_of - interval 6 day and $as_of
    ) as patrolled,
    (select count(*) from grids) as grids
