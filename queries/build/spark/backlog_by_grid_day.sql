-- backlog_by_grid_day, Spark's dialect: the same table as ../backlog_by_grid_day.sql.
-- Why an override: the DuckDB text unnests generate_series inside a cast (Spark refuses a
-- generator nested in an expression) and takes epoch() of an interval (SQLGlot writes
-- unix_timestamp of it, a type error). Here the day spine is an explode of its own and the age
-- is timestampdiff in microseconds (DuckDB's epoch keeps the fraction too). Keep the two in
-- step: tests/test_spark_ingest.py compares the tables they build.
-- grain: day × grid_code × age_bucket · source: incidents (cancelled left out) · params: none
create table backlog_by_grid_day as
with bounds as (
    select cast(max(reported_at) as date) as last_day from incidents
),
spans as (
    select
        grid_code,
        reported_at,
        deadline_at,
        explode(sequence(
            cast(reported_at as date),
            coalesce(date_sub(cast(closed_at as date), 1), (select last_day from bounds)),
            interval 1 day
        )) as day
    from incidents
    where status <> 'cancelled'
      and (closed_at is null or cast(closed_at as date) > cast(reported_at as date))
),
aged as (
    select
        day,
        grid_code,
        timestampdiff(MICROSECOND, reported_at, cast(date_add(day, 1) as timestamp_ntz))
            / 3600e6 as age_hours,
        deadline_at < cast(date_add(day, 1) as timestamp_ntz) as overdue
    from spans
)
select
    day,
    grid_code,
    case
        when age_hours < 24 then '0-1d'
        when age_hours < 72 then '1-3d'
        when age_hours < 168 then '3-7d'
        when age_hours < 720 then '7-30d'
        else '30d+'
    end as age_bucket,
    count(*) as backlog,
    count(*) filter (where overdue) as overdue
from aged
group by day, grid_code, age_bucket
