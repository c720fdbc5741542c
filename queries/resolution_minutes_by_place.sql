-- resolution_minutes_by_place: the Kaplan–Meier input of a report cohort by place one level
-- down — as resolution_minutes_cohort (minutes from report to close, or to the cut-off where
-- censored, whole minutes rounded up), split by the first $digits digits of the grid code
-- (6 district, 9 street, 12 community, 16 grid) with the place's name.
-- grain: place × minutes × closed · source: incidents, grids (cancelled left out; queries/include/km_cohort.sql) · params: $from (date), $to (date, inclusive), $cutoff (timestamp), $digits (integer)
with places as (
    -- one row per place, however its grids spell its name (a join must not multiply counts)
    select
        left(grid_code, $digits) as place_code,
        any_value(case $digits
            when 6 then district_name
            when 9 then street_name
            when 12 then community_name
            else grid_name
        end) as place_name
    from grids
    group by all
),
cohort as (
    {{ km_cohort }}
),
minutes as (
    select left(grid_code, $digits) as place_code, minutes, closed, count(*) as incidents
    from cohort
    group by all
)
select m.place_code, p.place_name, m.minutes, m.closed, m.incidents
from minutes as m
left join places as p using (place_code)
order by m.place_code, m.minutes, m.closed
