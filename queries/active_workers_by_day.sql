-- active_workers_by_day: grid workers in post at each day (hired on or before it, not yet left).
-- grain: day · source: workers · params: $from (date), $to (date, inclusive)
with days as (
    select unnest(generate_series($from::date, $to::date, interval 1 day))::date as day
)
select
    d.day,
    count(w.worker_id) as active_workers
from days as d
left join workers as w
    on w.hired_on <= d.day and (w.left_on is null or w.left_on > d.day)
group by d.day
order by d.day
