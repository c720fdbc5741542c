-- workload_by_worker: per grid worker in post at some time in the period (hired on or before its
-- last day, not left before its first), the incidents they reported (reported_at in the period,
-- any status) and their patrol minutes (patrol_date in the period); zero where none.
-- grain: worker · source: workers, incidents, patrols · params: $from (date), $to (date, inclusive)
with active as (
    select worker_id
    from workers
    where hired_on <= $to and (left_on is null or left_on > $from)
),
reported as (
    select reporter_worker_id as worker_id, count(*) as incidents_reported
    from incidents
    where reporter_worker_id is not null
      and reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
    group by all
),
patrolled as (
    select worker_id, sum(minutes) as patrol_minutes
    from patrols
    where patrol_date >= $from and patrol_date <= $to
    group by all
)
select
    a.worker_id,
    coalesce(r.incidents_reported, 0)::bigint as incidents_reported,
    coalesce(p.patrol_minutes, 0)::bigint as patrol_minutes
from active as a
left join reported as r using (worker_id)
left join patrolled as p using (worker_id)
order by a.worker_id
