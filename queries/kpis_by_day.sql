-- kpis_by_day: new, closed, backlog and overdue per day, with the on-time counts, for a range of days.
-- grain: day · source: incidents_by_grid_day, backlog_by_grid_day · params: $from (date), $to (date, inclusive)
with days as (
    select unnest(generate_series($from::date, $to::date, interval 1 day))::date as day
),
flows as (
    select
        day,
        sum(new) as new,
        sum(closed) as closed,
        sum(closed_with_deadline) as closed_with_deadline,
        sum(closed_on_time) as closed_on_time
    from incidents_by_grid_day
    where day between $from and $to
    group by all
),
stock as (
    select day, sum(backlog) as backlog, sum(overdue) as overdue
    from backlog_by_grid_day
    where day between $from and $to
    group by all
)
select
    d.day,
    coalesce(f.new, 0)::bigint as new,
    coalesce(f.closed, 0)::bigint as closed,
    coalesce(s.backlog, 0)::bigint as backlog,
    coalesce(s.overdue, 0)::bigint as overdue,
    coalesce(f.closed_with_deadline, 0)::bigint as closed_with_deadline,
    coalesce(f.closed_on_time, 0)::bigint as closed_on_time
from days as d
left join flows as f using (day)
left join stock as s using (day)
order by d.day
