-- resolution_satisfaction_by_score: how the incidents closed in the window were rated — per
-- satisfaction score (1–5; null where not rated) and whether the incident closed by its deadline
-- (null where it has none), the number of incidents.
-- grain: score × on_time · source: incidents (cancelled left out) · params: $from (date), $to (date, inclusive)
select
    satisfaction as score,
    case when deadline_at is null then null else closed_at <= deadline_at end as on_time,
    count(*) as incidents
from incidents
where closed_at >= $from::date
  and closed_at < $to::date + interval 1 day
  and status <> 'cancelled'
group by all
order by score nulls last, on_time
