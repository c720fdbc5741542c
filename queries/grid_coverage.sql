-- grid_coverage: grids with a patrol on at least one day of $from … $to, and all grids. The
-- day's coverage is $from = $to = the day; the 7-day coverage beside it $from = the day − 6
-- (grid workers work rotas: a weekend day alone reads low while every grid is walked weekly).
-- grain: one row · source: patrols, grids · params: $from (date), $to (date, inclusive)
select
    (
        select count(distinct grid_code)
        from patrols
        where patrol_date between $from and $to
    ) as patrolled,
    (select count(*) from grids) as grids
