-- overdue_by_handling_unit: the overdue cases at the end of the day per handling unit, with how
-- many of them went overdue on the day itself and the longest time overdue, most overdue cases
-- first; cases not yet dispatched to a unit have handling_unit null. Every unit with an overdue
-- case (a few hundred at most): its counts add up to the day's overdue and new-overdue totals.
-- grain: handling unit · source: open_spans · params: $as_of (date)
with late as (
    select
        handling_unit,
        deadline_at,
        epoch($as_of + interval 1 day - deadline_at) / 86400 as days_overdue
    from open_spans
    where reported_at < $as_of + interval 1 day
      and (closed_at is null or closed_at >= $as_of + interval 1 day)
      and deadline_at < $as_of + interval 1 day
)
select
    handling_unit,
    count(*) as overdue,
    count(*) filter (where deadline_at >= $as_of) as new_overdue,
    round(max(days_overdue), 1) as max_days_overdue
from late
group by handling_unit
order by overdue desc, new_overdue desc, handling_unit nulls last
