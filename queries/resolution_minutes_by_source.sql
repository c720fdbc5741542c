-- resolution_minutes_by_source: the Kaplan–Meier input of a report cohort by source (patrol,
-- resident, hotline, video, department) — as resolution_minutes_cohort (minutes from report to
-- close, or to the cut-off where censored, whole minutes rounded up).
-- grain: source × minutes × closed · source: incidents (cancelled left out; queries/include/km_cohort.sql) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    {{ km_cohort }}
)
select source, minutes, closed, count(*) as incidents
from cohort
group by all
order by source, minutes, closed
