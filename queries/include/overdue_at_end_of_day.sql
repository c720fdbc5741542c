-- overdue_at_end_of_day: the cases open at the end of $as_of and past their deadline then, one
-- row per incident with open_spans' columns, hours_overdue at the end of the day, and
-- went_overdue_in_period: the deadline fell within the $days days ending on $as_of (1: the day
-- itself, 当日新增超期; 2: the weekend read on a Monday, Saturday 00:00 to Sunday 24:00). Written
-- once and included as {{ overdue_at_end_of_day }} by late_cases_most_overdue,
-- late_cases_new_on_day and overdue_by_handling_unit, so the list, the news and the units count
-- the same cases.
select
    open_spans.*,
    epoch($as_of + interval 1 day - deadline_at) / 3600 as hours_overdue,
    deadline_at >= $as_of::date - ($days - 1) as went_overdue_in_period
from open_spans
where reported_at < $as_of + interval 1 day
  and (closed_at is null or closed_at >= $as_of + interval 1 day)
  and deadline_at < $as_of + interval 1 day
