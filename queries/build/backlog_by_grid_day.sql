-- backlog_by_grid_day: the backlog at the end of each day (reported before T, not closed before
-- T, T = the next midnight) by age bucket, with how many of them are overdue (deadline before T).
-- Each incident open across a midnight is counted once for every day-end it spans.
-- grain: day × grid_code × age_bucket · source: incidents (cancelled left out) · params: none
create table backlog_by_grid_day as
with bounds as (
    select max(reported_at)::date as last_day from incidents
),
spans as (
    select
        grid_code,
        reported_at,
        deadline_at,
        unnest(generate_series(
            reported_at::date,
            coalesce(closed_at::date - 1, (select last_day from bounds)),
            interval 1 day
        ))::date as day
    from incidents
    where status <> 'cancelled'
      and (closed_at is null or closed_at::date > reported_at::date)
),
aged as (
    select
        day,
        grid_code,
        epoch(day + interval 1 day - reported_at) / 3600 as age_hours,
        deadline_at < day + interval 1 day as overdue
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
group by all
order by day, grid_code, age_bucket
