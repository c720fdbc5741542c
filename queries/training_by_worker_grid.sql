-- training_by_worker_grid: per grid worker in post on the day (hired on or before it, not yet
-- left) and grid of an assignment valid on it, the worker's attendance as a grid worker in sessions
-- starting up to the day: sessions ever, sessions and minutes in the 365 days ending on it, the
-- last session day, and the status (trained: ≥ 1 session in the 365 days · lapsed: earlier only ·
-- never). A worker covering two grids has two rows; one with no valid assignment has a null grid.
-- grain: worker × grid · source: workers, worker_grids, grids, training_attendance, trainings · params: $as_of (date)
with active as (
    select worker_id, display_name, employment, hired_on
    from workers
    where hired_on <= $as_of and (left_on is null or left_on > $as_of)
),
assigned as (
    select g.worker_id, g.grid_code, g.role, r.grid_name, r.community_name, r.street_name
    from worker_grids as g
    join grids as r using (grid_code)
    where g.valid_from <= $as_of and (g.valid_to is null or g.valid_to > $as_of)
),
attended as (
    select
        a.person_id as worker_id,
        count(*) as sessions_ever,
        count(*) filter (where t.starts_at >= $as_of - interval 364 day) as sessions_365d,
        coalesce(sum(a.minutes_attended) filter (where t.starts_at >= $as_of - interval 364 day), 0)
            as minutes_365d,
        max(t.starts_at)::date as last_session_day
    from training_attendance as a
    join trainings as t using (session_id)
    where a.person_type = 'grid_worker' and t.starts_at < $as_of + interval 1 day
    group by all
)
select
    w.worker_id,
    w.display_name,
    w.employment,
    w.hired_on,
    s.grid_code,
    s.role,
    s.grid_name,
    s.community_name,
    s.street_name,
    coalesce(a.sessions_ever, 0)::bigint as sessions_ever,
    coalesce(a.sessions_365d, 0)::bigint as sessions_365d,
    coalesce(a.minutes_365d, 0)::bigint as minutes_365d,
    a.last_session_day,
    case
        when a.sessions_365d > 0 then 'trained'
        when a.sessions_ever > 0 then 'lapsed'
        else 'never'
    end as status
from active as w
left join assigned as s using (worker_id)
left join attended as a using (worker_id)
order by w.worker_id, s.grid_code
