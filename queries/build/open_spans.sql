-- open_spans: incidents still open at the end of at least one day (open across a midnight, or
-- open at the end of the data): the only ones a backlog or late-case list can contain.
-- `steps`: the incident's workflow steps (close, cancel and reopen left out) as (at, pos), pos
-- the step's place in the workflow (1 report, 2 accept, 3 dispatch, 4 return, 5 escalate,
-- 6 resolve, 7 verify), so the step an open case had reached by a cut-off — the greatest
-- (at, pos) before it: by time, then as the workflow runs — is read without the events. The
-- step's name is left out: the place names it, and structs without a text field are built in
-- about half the time (10M incidents: docs/performance.md, "2026-12-02, afternoon").
-- Built one slice of grid codes at a time ($lo … $hi, both included), as incident_milestones is,
-- and appended slice after slice, each sorted by closed_at (open ones last): a query for one
-- day-end skips, in every slice, whatever closed before it.
-- grain: incident · source: incidents (cancelled left out), incident_events · params: $lo (grid code), $hi (grid code)
create table open_spans as
with spans as (
    select *
    from incidents
    where grid_code between $lo and $hi
      and status <> 'cancelled'
      and (closed_at is null or closed_at::date > reported_at::date)
),
span_steps as (
    -- unordered: the step reached by a cut-off is the greatest (at, pos) before it (list_max)
    select
        incident_id,
        list({
            'at': "at",
            -- an integer on both engines (Spark's array_position gives a bigint)
            'pos': list_position(
                ['report', 'accept', 'dispatch', 'return', 'escalate', 'resolve', 'verify'], step
            )::integer
        }) as steps
    from incident_events
    where grid_code between $lo and $hi
      and incident_id in (select incident_id from spans)
      and step not in ('close', 'cancel', 'reopen')
    group by incident_id
)
select
    incident_id,
    grid_code,
    item_code,
    source,
    urgency,
    status,
    reported_at,
    dispatched_at,
    closed_at,
    deadline_at,
    handling_unit,
    escalation_level,
    coalesce(steps, []) as steps
from spans
left join span_steps using (incident_id)
order by closed_at nulls last, reported_at
