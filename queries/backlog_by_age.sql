-- backlog_by_age: the backlog at the end of the day by age bucket (<1 d, 1–3 d, 3–7 d, 7–30 d,
-- >30 d), with how many of each bucket are overdue.
-- grain: age bucket · source: backlog_by_grid_day · params: $as_of (date)
with buckets as (
    -- rows of values rather than two unnests side by side: Spark reads these the same way
    select * from (values ('0-1d', 1), ('1-3d', 2), ('3-7d', 3), ('7-30d', 4), ('30d+', 5))
        as v(age_bucket, position)
)
select
    b.age_bucket,
    coalesce(sum(g.backlog), 0)::bigint as backlog,
    coalesce(sum(g.overdue), 0)::bigint as overdue
from buckets as b
left join backlog_by_grid_day as g on g.age_bucket = b.age_bucket and g.day = $as_of
group by b.age_bucket, b.position
order by b.position
