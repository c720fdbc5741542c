-- training_reach_by_topic_mode: per topic and per mode (two groupings, `dimension` says which),
-- the sessions starting in the 365 days ending on the day, their participant-times (in a scoped
-- session grid workers only) and the distinct grid workers in post on the day who attended one.
-- grain: topic, then mode · source: trainings, training_attendance, workers · params: $as_of (date)
with active as (
    select worker_id
    from workers
    where hired_on <= $as_of and (left_on is null or left_on > $as_of)
),
attended as (
    select t.session_id, t.topic, t.mode, a.person_id, a.person_type
    from trainings as t
    join training_attendance as a using (session_id)
    where t.starts_at >= $as_of - interval 364 day and t.starts_at < $as_of + interval 1 day
)
select
    case when grouping(topic) = 0 then 'topic' else 'mode' end as dimension,
    case when grouping(topic) = 0 then topic else mode end as value,
    count(distinct session_id) as sessions,
    count(*) as participant_times,
    count(distinct person_id) filter (
        where person_type = 'grid_worker' and person_id in (select worker_id from active)
    ) as workers_reached
from attended
group by grouping sets ((topic), (mode))
order by dimension desc, participant_times desc, value
