-- workload_grids_without_worker: grids with no active grid worker on the day — no assignment
-- valid on it (valid_from ≤ day < valid_to) held by a worker in post (hired on or before it, not
-- yet left) — with their places, households, and the day the grid's last cover ended: the end of
-- an assignment or its worker's leaving day, whichever came first (null if it never had one).
-- grain: grid · source: grids, worker_grids, workers · params: $as_of (date)
with covered as (
    select distinct a.grid_code
    from worker_grids as a
    join workers as w using (worker_id)
    where a.valid_from <= $as_of and (a.valid_to is null or a.valid_to > $as_of)
      and w.hired_on <= $as_of and (w.left_on is null or w.left_on > $as_of)
),
ends as (
    -- an assignment stops covering its grid when it ends or when its worker leaves
    select a.grid_code, least(a.valid_to, w.left_on) as ended
    from worker_grids as a
    join workers as w using (worker_id)
),
last_ended as (
    select grid_code, max(ended) as vacant_since
    from ends
    where ended <= $as_of
    group by all
)
select
    g.grid_code,
    g.grid_name,
    g.community_name,
    g.street_name,
    g.district_name,
    g.grid_type,
    g.households,
    l.vacant_since,
    ($as_of - l.vacant_since + 1)::bigint as days_vacant
from grids as g
left join last_ended as l using (grid_code)
where g.grid_code not in (select grid_code from covered)
order by days_vacant desc nulls first, g.grid_code
