-- stage_minutes: each workflow stage's minutes from an incident's first step times, as the end of
-- a select list over reported_at, accepted, dispatched, resolved, verified and closed (null: not
-- reached). A stage that ran backwards (a step recorded before the one it follows) is null, so
-- count and quantile skip it (a filter clause on each aggregate took 25 % longer). Included by
-- the incident_milestones build (the minutes stored per incident) and by stage_minutes_by_stage
-- (the incidents not settled by its cut-off): one rule for both.
case when accepted >= reported_at then epoch(accepted - reported_at) / 60 end as accept_minutes,
case when dispatched >= accepted then epoch(dispatched - accepted) / 60 end as dispatch_minutes,
case
    when resolved >= coalesce(dispatched, accepted)
        then epoch(resolved - coalesce(dispatched, accepted)) / 60
end as handle_minutes,
case when verified >= resolved then epoch(verified - resolved) / 60 end as verify_minutes,
case
    when closed >= coalesce(verified, resolved)
        then epoch(closed - coalesce(verified, resolved)) / 60
end as close_minutes
