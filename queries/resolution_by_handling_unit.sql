-- resolution_by_handling_unit: the handling-unit league table — per unit that handles cases
-- (incidents.handling_unit; cases settled on the spot have none): cases closed in the window,
-- how many of those had a deadline and how many closed by it (the on-time rate's counts), the
-- median hours from report to close of the cases closed in the window (closed cases only), the
-- cases it returned in the window (return steps by the unit), and its open and overdue cases at
-- the end of the window.
-- grain: handling unit · source: incidents, incident_events, open_spans (cancelled left out) · params: $from (date), $to (date, inclusive)
with closed as (
    select
        handling_unit,
        count(*) as closed,
        count(*) filter (where deadline_at is not null) as closed_with_deadline,
        count(*) filter (where closed_at <= deadline_at) as closed_on_time,
        median(epoch(closed_at - reported_at) / 3600) as median_hours_closed
    from incidents
    where closed_at >= $from::date
      and closed_at < $to::date + interval 1 day
      and status <> 'cancelled'
      and handling_unit is not null
    group by handling_unit
),
returned as (
    select unit as handling_unit, count(*) as returns
    from incident_events
    where "at" >= $from::date
      and "at" < $to::date + interval 1 day
      and step = 'return'
      -- cancelled incidents are left out of every figure
      and incident_id not in (select incident_id from incidents where status = 'cancelled')
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
