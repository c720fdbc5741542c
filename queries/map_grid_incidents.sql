-- map_grid_incidents: per grid, its centre and the incidents reported in the $days days ending on
-- the as-of day (as_of − days + 1 … as_of; cancelled left out); grids without any are left out.
-- grain: grid · source: incidents_by_grid_day, grids · params: $as_of (date), $days (integer)
with counts as (
    select grid_code, sum(new) as incidents
    from incidents_by_grid_day
    where day > $as_of - $days and day <= $as_of
    group by all
    having sum(new) > 0
)
select c.grid_code, g.center_lon, g.center_lat, c.incidents::bigint as incidents
from counts as c
join grids as g using (grid_code)
order by c.grid_code
