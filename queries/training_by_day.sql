-- training_by_day: per day with a training session, the sessions that started on it and their
-- participant-times (attendance rows; in a scoped session grid workers only).
-- grain: day · source: trainings, training_attendance · params: $from (date), $to (date, inclusive)
select
    cast(t.starts_at as date) as day,
    count(distinct t.session_id) as sessions,
    count(a.person_id) as participant_times
from trainings as t
join training_attendance as a using (session_id)
where t.starts_at >= $from and t.starts_at < $to + interval 1 day
group by all
order by day
