-- resolution_minutes_by_source: the Kaplan–Meier input of a report cohort by source (patrol,
-- resident, hotline, video, department) — as resolution_minutes_cohort (minutes from report to
-- close, or to the cut-off where censored, whole minutes rounded up).
-- grain: source × minutes × closed · source: incidents (cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    select
        source,
        reported_at,
        closed_at is not null and closed_at < $cutoff as closed,
        case when closed_at is not null and closed_at < $cutoff then closed_at else $cutoff end
            as ended_at
    from incidents
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and status <> 'cancelled'
)
select
    source,
    ceil(epoch(ended_at - reported_at) / 60)::bigint as minutes,
    closed,
    count(*) as incidents
from cohort
group by all
order by source, minutes, closed
