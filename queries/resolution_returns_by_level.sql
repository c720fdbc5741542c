-- resolution_returns_by_level: returns and escalations of a report cohort's cases — per
-- escalation level (the level of the unit that handled the case: community, street, district,
-- city), the cases dispatched before the cut-off, how many were returned by a unit at least once,
-- how many were escalated, and the return and escalation steps counted; levels in the order of
-- the hierarchy, from the grid up.
-- grain: escalation level · source: incident_milestones (built at ingest from incidents and
-- incident_events, cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    -- returns and escalations before the cut-off, of the cases dispatched before it
    select
        escalation_level,
        array_length(list_filter(return_times, lambda t: t < $cutoff)) as returns,
        array_length(list_filter(escalate_times, lambda t: t < $cutoff)) as escalations
    from incident_milestones
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and first_dispatch_at < $cutoff
)
select
    escalation_level,
    count(*) as cases,
    count(*) filter (where returns > 0) as returned_cases,
    count(*) filter (where escalations > 0) as escalated_cases,
    sum(returns)::bigint as returns,
    sum(escalations)::bigint as escalations
from cohort
group by escalation_level
-- the hierarchy, bottom up: grid, community, street, district, city
order by case escalation_level
    when 'grid' then 1 when 'community' then 2 when 'street' then 3
    when 'district' then 4 when 'city' then 5 else 6
end, escalation_level
