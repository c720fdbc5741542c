-- resolution_returns_by_level: returns and escalations of a report cohort's cases — per
-- escalation level (the level of the unit that handled the case: community, street, district,
-- city), the cases dispatched before the cut-off, how many were returned by a unit at least once,
-- how many were escalated, and the return and escalation steps counted; levels in the order of
-- the hierarchy, from the grid up.
-- grain: escalation level · source: incidents, incident_events (cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    select incident_id, escalation_level
    from incidents
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and status <> 'cancelled'
),
steps as (
    select
        incident_id,
        count(*) filter (where step = 'dispatch') as dispatches,
        count(*) filter (where step = 'return') as returns,
        count(*) filter (where step = 'escalate') as escalations
    from incident_events
    where "at" >= $from::date
      and "at" < $cutoff
      and step in ('dispatch', 'return', 'escalate')
    group by incident_id
)
select
    c.escalation_level,
    count(*) as cases,
    count(*) filter (where s.returns > 0) as returned_cases,
    count(*) filter (where s.escalations > 0) as escalated_cases,
    sum(s.returns)::bigint as returns,
    sum(s.escalations)::bigint as escalations
from cohort as c
join steps as s using (incident_id)
where s.dispatches > 0
group by c.escalation_level
-- the hierarchy, bottom up: grid, community, street, district, city
order by case escalation_level
    when 'grid' then 1 when 'community' then 2 when 'street' then 3
    when 'district' then 4 when 'city' then 5 else 6
end, escalation_level
