-- training_sessions: every training session that started on or before the day, with its
-- participant-times (attendance rows; in a scoped session the scope's grid workers only), the
-- grid workers' and cadres' share of them, and the hours attended.
-- grain: session · source: trainings, training_attendance · params: $to (date, inclusive)
with attended as (
    select
        session_id,
        count(*) as participant_times,
        count(*) filter (where person_type = 'grid_worker') as grid_worker_times,
        count(*) filter (where person_type = 'cadre') as cadre_times,
        sum(minutes_attended) / 60 as hours_attended
    from training_attendance
    group by all
)
select
    t.session_id,
    t.title,
    t.topic,
    t.level,
    t.mode,
    t.starts_at,
    t.duration_minutes,
    coalesce(a.participant_times, 0)::bigint as participant_times,
    coalesce(a.grid_worker_times, 0)::bigint as grid_worker_times,
    coalesce(a.cadre_times, 0)::bigint as cadre_times,
    coalesce(a.hours_attended, 0)::double as hours_attended
from trainings as t
left join attended as a using (session_id)
where t.starts_at < $to + interval 1 day
order by t.starts_at, t.session_id
