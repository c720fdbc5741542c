-- resolution_limit_hours_by_urgency: the time limits of a report cohort per urgency — how many
-- incidents have a limit (deadline after reported_at), and the median and the range of their
-- limits in hours (deadline_at − reported_at): the markers drawn on the Kaplan–Meier curves.
-- grain: urgency · source: incidents (cancelled left out) · params: $from (date), $to (date, inclusive)
with limits as (
    select urgency, epoch(deadline_at - reported_at) / 3600 as limit_hours
    from incidents
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and status <> 'cancelled'
      and deadline_at > reported_at
)
select
    urgency,
    count(*) as incidents,
    median(limit_hours) as median_limit_hours,
    min(limit_hours) as min_limit_hours,
    max(limit_hours) as max_limit_hours
from limits
group by urgency
order by median_limit_hours
