-- incident_milestones: each incident's workflow at a glance — the first time it reached each
-- step (accept, dispatch, resolve, verify, close) and the times of its returns and escalations
-- (in no particular order) — so the stage and return panels read one row per incident instead
-- of its events. A step's first time before a cut-off is its first time overall when that is
-- before the cut-off, and a count before a cut-off is the number of times before it: one table
-- serves every as-of day. For the stage panel each stage's minutes are stored too
-- (queries/include/stage_minutes.sql, which stage_minutes_by_stage applies to the rest; null
-- when a stage has not been reached or ran backwards), with the time of the last first step: a
-- cohort whose steps all came before the cut-off reads them as they are (at 10M, 30 days:
-- 59 → 46 ms against working them out from the times).
-- Built one slice of grid codes at a time ($lo … $hi, both included; the ingest picks slices
-- whose events fit in memory: one slice up to 16 M incidents under an 8 GB limit) and appended
-- slice after slice, each sorted by reported_at: a report window reads only its own row groups
-- of each slice, and a district's mostly of one slice.
-- grain: incident · source: incidents, incident_events (cancelled left out) · params: $lo (grid code), $hi (grid code)
create table incident_milestones as
with steps as (
    select
        incident_id,
        min("at") filter (where step = 'accept') as first_accept_at,
        min("at") filter (where step = 'dispatch') as first_dispatch_at,
        min("at") filter (where step = 'resolve') as first_resolve_at,
        min("at") filter (where step = 'verify') as first_verify_at,
        min("at") filter (where step = 'close') as first_close_at,
        coalesce(list("at") filter (where step = 'return'), []) as return_times,
        coalesce(list("at") filter (where step = 'escalate'), []) as escalate_times
    from incident_events
    where grid_code between $lo and $hi
      and step in ('accept', 'dispatch', 'resolve', 'verify', 'close', 'return', 'escalate')
    group by incident_id
),
stage_times as (
    select
        i.incident_id,
        i.grid_code,
        i.reported_at,
        i.escalation_level,
        s.first_accept_at as accepted,
        s.first_dispatch_at as dispatched,
        s.first_resolve_at as resolved,
        s.first_verify_at as verified,
        s.first_close_at as closed,
        s.return_times,
        s.escalate_times
    from incidents as i
    join steps as s using (incident_id)
    where i.grid_code between $lo and $hi
      and i.status <> 'cancelled'
)
select
    incident_id,
    grid_code,
    reported_at,
    escalation_level,
    accepted as first_accept_at,
    dispatched as first_dispatch_at,
    resolved as first_resolve_at,
    verified as first_verify_at,
    closed as first_close_at,
    return_times,
    escalate_times,
    -- the last of the first step times (the report when none): every stage is final for a
    -- cut-off after it
    greatest(reported_at, accepted, dispatched, resolved, verified, closed) as last_step_at,
    {{ stage_minutes }}
from stage_times
order by reported_at, incident_id
