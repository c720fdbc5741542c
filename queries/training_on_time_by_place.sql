-- training_on_time_by_place: per place at the given depth (district 6 digits, street 9,
-- community 12, grid 16), the incidents closed in the period that have a deadline and those of
-- them closed on time (the on-time rate's counts), and the new incidents.
-- grain: place · source: incidents_by_grid_day · params: $from (date), $to (date, inclusive), $digits (integer)
select
    left(grid_code, $digits) as code,
    sum(new)::bigint as new,
    sum(closed_with_deadline)::bigint as closed_with_deadline,
    sum(closed_on_time)::bigint as closed_on_time
from incidents_by_grid_day
where day between $from and $to
group by all
order by code
