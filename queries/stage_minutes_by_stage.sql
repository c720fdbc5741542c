-- stage_minutes_by_stage: how long the workflow stages of a report cohort took — per path (spot:
-- resolved on the spot, never dispatched; case: dispatched to a unit) and stage (accept: report →
-- accept, dispatch: accept → first dispatch, handle: first dispatch (on the spot: accept) →
-- resolve, returns included, verify: resolve → verify, close: verify (or resolve) → close), from
-- each step's first time in incident_events before the cut-off; stages completed before the
-- cut-off only: cases, median and 90th percentile minutes.
-- grain: path × stage · source: incident_milestones (built at ingest from incidents and
-- incident_events, cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with milestones as (
    -- A step's first time before the cut-off is its first time overall, when that is before it.
    select
        reported_at,
        case when first_accept_at < $cutoff then first_accept_at end as accepted,
        case when first_dispatch_at < $cutoff then first_dispatch_at end as dispatched,
        case when first_resolve_at < $cutoff then first_resolve_at end as resolved,
        case when first_verify_at < $cutoff then first_verify_at end as verified,
        case when first_close_at < $cutoff then first_close_at end as closed
    from incident_milestones
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
),
paths as (
    select *, case when dispatched is null then 'spot' else 'case' end as path
    from milestones
),
stages as (
    select path, stage, position, epoch(ended - started) / 60 as minutes
    from paths,
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
