-- stage_open_cases_by_last_step: where the open cases stand at the end of the day — the backlog
-- (reported before the cut-off, not closed before it) by the last workflow step each had reached
-- before the cut-off (report, accept, dispatch, return, escalate, resolve, verify; 'none' when
-- no step is recorded), with how many are past their deadline and their median age in hours.
-- grain: last step · source: open_spans (steps built at ingest from incident_events) · params: $cutoff (timestamp)
with open_cases as (
    -- the last step before the cut-off: the greatest (at, pos) of those before it
    select
        reported_at,
        deadline_at,
        -- pos as open_spans numbers the workflow
        case list_max(list_filter(steps, lambda s: s."at" < $cutoff)).pos
            when 1 then 'report'
            when 2 then 'accept'
            when 3 then 'dispatch'
            when 4 then 'return'
            when 5 then 'escalate'
            when 6 then 'resolve'
            when 7 then 'verify'
        end as last_step
    from open_spans
    where reported_at < $cutoff
      and (closed_at is null or closed_at >= $cutoff)
)
select
    coalesce(last_step, 'none') as last_step,
    count(*) as cases,
    count(*) filter (where deadline_at < $cutoff) as overdue,
    median(epoch($cutoff - reported_at) / 3600) as median_age_hours
from open_cases
group by all
order by cases desc, last_step
