-- km_cohort: the Kaplan–Meier cohort of a report window, written once and included as
-- {{ km_cohort }} by resolution_minutes_cohort and its splits (by group, place, source), so every
-- split counts the same incidents the same way: one row per incident reported $from … $to
-- (cancelled left out) with its own columns, closed (closed before the cut-off $cutoff) and
-- minutes (from report to close, or to the cut-off where censored, whole minutes rounded up).
select
    incidents.*,
    closed_at is not null and closed_at < $cutoff as closed,
    ceil(epoch(
        case when closed_at is not null and closed_at < $cutoff then closed_at else $cutoff end
        - reported_at
    ) / 60)::bigint as minutes
from incidents
where reported_at >= $from::date
  and reported_at < $to::date + interval 1 day
  and status <> 'cancelled'
