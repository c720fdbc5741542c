-- resolution_minutes_cohort: the Kaplan–Meier input of a report cohort — minutes from report to
-- close (closed before the cut-off) or to the cut-off (censored), in whole minutes rounded up,
-- with the number of incidents at each (minutes, closed) pair.
-- grain: minutes × closed · source: incidents (cancelled left out; queries/include/km_cohort.sql) · params: $from (date), $to (date, inclusive), $cutoff (timestamp)
with cohort as (
    {{ km_cohort }}
)
select minutes, closed, count(*) as incidents
from cohort
group by all
order by minutes, closed
