-- stage_minutes_by_stage: how long the workflow stages of a report cohort took — per path (spot:
-- resolved on the spot, never dispatched; case: dispatched to a unit) and stage (accept: report →
-- accept, dispatch: accept → first dispatch, handle: first dispatch (on the spot: accept) →
-- resolve, returns included, verify: resolve → verify, close: verify (or resolve) → close), from
-- each step's first time in incident_events before the cut-off; stages completed before the
-- cut-off only: cases, median and 90th percentile minutes.
-- grain: path × stage · source: incident_milestones (built at ingest from incidents and
-- incident_events, cancelled left out) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with settled as (
    -- an incident whose first steps all came before the cut-off: its stage minutes as stored at
    -- ingest by the rules `unsettled` applies below (queries/include/stage_minutes.sql)
    select
        case when first_dispatch_at is null then 'spot' else 'case' end as path,
        accept_minutes,
        dispatch_minutes,
        handle_minutes,
        verify_minutes,
        close_minutes
    from incident_milestones
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and last_step_at < $cutoff
),
milestones as (
    -- the others: a step's first time before the cut-off is its first time overall, when that
    -- is before it
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
      and last_step_at >= $cutoff
),
unsettled as (
    select
        case when dispatched is null then 'spot' else 'case' end as path,
        {{ stage_minutes }}
    from milestones
),
durations as (
    select * from settled
    union all
    select * from unsettled
),
per_path as (
    -- each stage's count and quantiles in one pass over the cohort (a row per stage and
    -- incident, unnested first, took three times as long at 10M)
    select
        path,
        count(accept_minutes) as accept_n,
        quantile_cont(accept_minutes, [0.5, 0.9]) as accept_q,
        count(dispatch_minutes) as dispatch_n,
        quantile_cont(dispatch_minutes, [0.5, 0.9]) as dispatch_q,
        count(handle_minutes) as handle_n,
        quantile_cont(handle_minutes, [0.5, 0.9]) as handle_q,
        count(verify_minutes) as verify_n,
        quantile_cont(verify_minutes, [0.5, 0.9]) as verify_q,
        count(close_minutes) as close_n,
        quantile_cont(close_minutes, [0.5, 0.9]) as close_q
    from durations
    group by path
)
select path, stage, position, cases, q[1] as median_minutes, q[2] as p90_minutes
from per_path,
    lateral (
        values
            ('accept', 1, accept_n, accept_q),
            ('dispatch', 2, dispatch_n, dispatch_q),
            ('handle', 3, handle_n, handle_q),
            ('verify', 4, verify_n, verify_q),
            ('close', 5, close_n, close_q)
    ) as v(stage, position, cases, q)
where cases > 0
order by path, position
