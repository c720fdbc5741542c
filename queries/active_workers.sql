-- active_workers: grid workers in post on the day (hired on or before it, not yet left), and how
-- many of them attended a training as a grid worker in the 365 days ending on it.
-- grain: one row · source: workers, training_attendance, trainings · params: $as_of (date)
with active as (
    select worker_id
    from workers
    where hired_on <= $as_of and (left_on is null or left_on > $as_of)
),
trained as (
    select distinct a.person_id as worker_id
    from training_attendance as a
    join trainings as t using (session_id)
    where a.person_type = 'grid_worker'
      and t.starts_at >= $as_of - interval 364 day
      and t.starts_at < $as_of + interval 1 day
)
select
    count(*) as active_workers,
    count(*) filter (where worker_id in (select worker_id from trained)) as trained_365d
from active
