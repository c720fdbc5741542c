-- stage_minutes_by_stage: how long the workflow stages of a report cohort took — per path (spot:
-- resolved on the spot, never dispatched; case: dispatched to a unit) and stage (accept: report →
-- accept, dispatch: accept → first dispatch, handle: first dispatch (on the spot: accept) →
-- resolve, returns included, verify: resolve → verify, close: verify (or resolve) → close), from
-- each step's first time in incident_events before the cut-off; stages completed before the
-- cut-off only: cases, median and 90th percentile minutes.
-- grain: path × stage · source: incidents, incident_events (cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    select incident_id, reported_at
    from incidents
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and status <> 'cancelled'
),
steps as (
    -- A cohort's events all happen at or after its first report, so the time filter lets the
    -- scan skip the events of earlier incidents.
    select
        incident_id,
        min("at") filter (where step = 'accept') as accepted,
        min("at") filter (where step = 'dispatch') as dispatched,
        min("at") filter (where step = 'resolve') as resolved,
        min("at") filter (where step = 'verify') as verified,
        min("at") filter (where step = 'close') as closed
    from incident_events
    where "at" >= $from::date
      and "at" < $cutoff
      and step in ('accept', 'dispatch', 'resolve', 'verify', 'close')
    group by incident_id
),
milestones as (
    select
        c.incident_id,
        case when s.dispatched is null then 'spot' else 'case' end as path,
        c.reported_at,
        s.accepted,
        s.dispatched,
        s.resolved,
        s.verified,
        s.closed
    from cohort as c
    join steps as s using (incident_id)
),
stages as (
    select path, stage, position, epoch(ended - started) / 60 as minutes
    from milestones,
        lateral (
            values
                ('accept', 1, reported_at, accepted),
                ('dispatch', 2, accepted, dispatched),
                ('handle', 3, coalesce(dispatched, accepted), resolved),
                ('verify', 4, resolved, verified),
                ('close', 5, coalesce(verified, resolved), closed)
        ) as v(stage, position, started, ended)
    where started is not null and ended is not null and ended >= started
)
select
    path,
    stage,
    position,
    count(*) as cases,
    quantile_cont(minutes, 0.5) as median_minutes,
    quantile_cont(minutes, 0.9) as p90_minutes
from stages
group by all
order by path, position
