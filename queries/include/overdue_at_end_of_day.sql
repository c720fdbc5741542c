-- overdue_at_end_of_day: the cases open at the end of $as_of and past their deadline then, one
-- row per incident with open_spans' columns, hours_overdue at the end of the day, and
-- went_overdue_on_day (the deadline fell on the day itself: 昨日新增超期). Written once and
-- included as {{ overdue_at_end_of_day }} by late_cases_most_overdue, late_cases_new_on_day and
-- overdue_by_handling_unit, so the list, the day's news and the units count the same cases.
select
    open_spans.*,
    epoch($as_of + interval 1 day - deadline_at) / 3600 as hours_overdue,
    deadline_at >= $as_of as went_overdue_on_day
from open_spans
where reported_at < $as_of + interval 1 day
  and (closed_at is null or closed_at >= $as_of + interval 1 day)
  and deadline_at < $as_of + interval 1 day
