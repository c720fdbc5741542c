-- stage_open_cases_by_last_step: where the open cases stand at the end of the day — the backlog
-- (reported before the cut-off, not closed before it) by the last workflow step each had reached
-- before the cut-off (report, accept, dispatch, return, escalate, resolve, verify; 'none' when
-- no step is recorded), with how many are past their deadline and their median age in hours.
-- grain: last step · source: open_spans, incident_events · params: $cutoff (timestamp)
with open_cases as (
    select incident_id, reported_at, deadline_at
    from open_spans
    where reported_at < $cutoff
      and (closed_at is null or closed_at >= $cutoff)
),
last_steps as (
    -- steps at the same instant (a report accepted on the spot) are ordered by the workflow
    select
        incident_id,
        arg_max(
            step,
            ("at", list_position(
                ['report', 'accept', 'dispatch', 'return', 'escalate', 'resolve', 'verify'], step))
        ) as last_step
    from incident_events
    where incident_id in (select incident_id from open_cases)
      and "at" < $cutoff
      and step not in ('close', 'cancel', 'reopen')
    group by incident_id
)
select
    coalesce(l.last_step, 'none') as last_step,
    count(*) as cases,
    count(*) filter (where o.deadline_at < $cutoff) as overdue,
    median(epoch($cutoff - o.reported_at) / 3600) as median_age_hours
from open_cases as o
left join last_steps as l using (incident_id)
group by all
order by cases desc, last_step
