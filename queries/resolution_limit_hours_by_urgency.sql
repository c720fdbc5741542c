-- resolution_limit_hours_by_urgency: the time limits of a report cohort per urgency — how many
-- incidents have a limit (deadline after reported_at), and the median and the range of their
-- limits in hours (deadline_at − reported_at): the markers drawn on the Kaplan–Meier curves.
-- The median is exact, taken from the counts of each distinct limit: the mean of the values at
-- the two middle positions (one and the same when the count is odd).
-- grain: urgency · source: time_limits_by_grid_day (built at ingest from incidents, cancelled left out) · params: $from (date), $to (date, inclusive)
with limits as (
    select urgency, limit_seconds / 3600 as limit_hours, sum(incidents) as incidents
    from time_limits_by_grid_day
    where day between $from::date and $to::date
    group by all
),
ranked as (
    select
        urgency,
        limit_hours,
        sum(incidents) over (
            partition by urgency
            order by limit_hours
            rows between unbounded preceding and current row
        ) as reached,
        sum(incidents) over (partition by urgency) as total
    from limits
),
middle as (
    -- the value at position p (1-based) is the least limit whose running count reaches p
    select
        urgency,
        any_value(total) as incidents,
        min(limit_hours) filter (where reached >= (total + 1) // 2) as lower_middle,
        min(limit_hours) filter (where reached >= total // 2 + 1) as upper_middle,
        min(limit_hours) as min_limit_hours,
        max(limit_hours) as max_limit_hours
    from ranked
    group by urgency
)
select
    urgency,
    incidents::bigint as incidents,
    (lower_middle + upper_middle) / 2 as median_limit_hours,
    min_limit_hours,
    max_limit_hours
from middle
order by median_limit_hours
