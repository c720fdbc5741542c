-- overdue_by_handling_unit: the overdue cases at the end of the day per handling unit, with how
-- many of them went overdue in the $days days ending on it (1: the day itself; 2: the weekend)
-- and the longest time overdue, most overdue cases first; cases not yet dispatched to a unit
-- have handling_unit null. Every unit with an overdue case (a few hundred at most): its counts
-- add up to the day's overdue and new-overdue totals.
-- grain: handling unit · source: open_spans (queries/include/overdue_at_end_of_day.sql) · params: $as_of (date), $days (integer)
with late as (
    {{ overdue_at_end_of_day }}
)
select
    handling_unit,
    count(*) as overdue,
    count(*) filter (where went_overdue_in_period) as new_overdue,
    round(max(hours_overdue) / 24, 1) as max_days_overdue
from late
group by handling_unit
order by overdue desc, new_overdue desc, handling_unit nulls last
