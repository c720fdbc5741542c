-- resolution_minutes_cohort: the Kaplan–Meier input of a report cohort — minutes from report to
-- close (closed before the cut-off) or to the cut-off (censored), in whole minutes rounded up,
-- with the number of incidents at each (minutes, closed) pair.
-- grain: minutes × closed · source: incidents (cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    select
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
    ceil(epoch(ended_at - reported_at) / 60)::bigint as minutes,
    closed,
    count(*) as incidents
from cohort
group by all
order by minutes, closed
