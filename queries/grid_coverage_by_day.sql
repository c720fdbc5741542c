-- grid_coverage_by_day: per day of $from … $to, the grids in scope with a patrol on at least one
-- day of the $days days ending on it, and all grids in scope. The day's coverage is
-- $days = 1; the 7-day coverage beside it 7 (grid workers work rotas: a weekend day
-- alone reads low while every grid is walked weekly).
-- grain: day · source: patrols_by_grid_day (built at ingest from patrols), grids · params: $from (date), $to (date, inclusive), $days (integer)
with spans as (
    -- a patrol covers its day and the $days − 1 after it, up to the grid's next patrol: one
    -- grid's spans do not overlap, so a day's patrolled grids are the spans that cover it
    select
        day as first_day,
        least(day + ($days - 1), coalesce(next_day - 1, day + ($days - 1))) as last_day
    from patrols_by_grid_day
    where day between $from::date - ($days - 1) and $to::date
),
days as (
    select unnest(generate_series($from::date, $to::date, interval 1 day))::date as day
),
changes as (
    -- +1 where a span starts, −1 the day after it ends (0 on every day asked, so each has a
    -- row); the running sum is the grids covered
    select day, sum(change) as change
    from (
        select first_day as day, 1 as change from spans
        union all
        select last_day + 1 as day, -1 as change from spans
        union all
        select day, 0 as change from days
    )
    group by day
),
covered as (
    select day, sum(change) over (order by day) as patrolled
    from changes
)
select day, patrolled::bigint as patrolled, (select count(*) from grids) as grids
from covered
where day between $from::date and $to::date
order by day
