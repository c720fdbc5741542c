-- resolution_by_handling_unit: the handling-unit league table — per unit that handles cases
-- (incidents.handling_unit; cases settled on the spot have none): cases closed in the window,
-- how many of those had a deadline and how many closed by it (the on-time rate's counts), the
-- median hours from report to close of the cases closed in the window (closed cases only), the
-- cases it returned in the window (return steps by the unit), and its open and overdue cases at
-- the end of the window.
-- grain: handling unit · source: incidents, open_spans, returns_by_unit_grid_day (cancelled left out) · params: $from (date), $to (date, inclusive)
with closed_in_window as (
    -- Closed on a later day than reported: open_spans holds these, sorted by closed_at, so the
    -- window's own row groups are read. Closed on the day reported: reported in the window too,
    -- and incidents are sorted by reported_at. (closed_at is never before reported_at: ingest
    -- quarantines such rows.) Scanning incidents by closed_at read every row group.
    select handling_unit, reported_at, closed_at, deadline_at
    from open_spans
    where closed_at >= $from::date
      and closed_at < $to::date + interval 1 day
      and handling_unit is not null
    union all
    select handling_unit, reported_at, closed_at, deadline_at
    from incidents
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and closed_at::date = reported_at::date
      and status <> 'cancelled'
      and handling_unit is not null
),
closed as (
    select
        handling_unit,
        count(*) as closed,
        count(*) filter (where deadline_at is not null) as closed_with_deadline,
        count(*) filter (where closed_at <= deadline_at) as closed_on_time,
        median(epoch(closed_at - reported_at) / 3600) as median_hours_closed
    from closed_in_window
    group by handling_unit
),
returned as (
    select unit as handling_unit, sum(returns)::bigint as returns
    from returns_by_unit_grid_day
    where day between $from::date and $to::date
    group by unit
),
still_open as (
    select
        handling_unit,
        count(*) as open_at_end,
        count(*) filter (where deadline_at < $to::date + interval 1 day) as overdue_at_end
    from open_spans
    where reported_at < $to::date + interval 1 day
      and (closed_at is null or closed_at >= $to::date + interval 1 day)
      and handling_unit is not null
    group by handling_unit
),
units as (
    select handling_unit from closed
    union
    select handling_unit from still_open
)
select
    u.handling_unit,
    coalesce(c.closed, 0) as closed,
    coalesce(c.closed_with_deadline, 0) as closed_with_deadline,
    coalesce(c.closed_on_time, 0) as closed_on_time,
    c.median_hours_closed,
    coalesce(r.returns, 0) as returns,
    coalesce(o.open_at_end, 0) as open_at_end,
    coalesce(o.overdue_at_end, 0) as overdue_at_end
from units as u
left join closed as c using (handling_unit)
left join returned as r using (handling_unit)
left join still_open as o using (handling_unit)
order by closed desc, u.handling_unit
