-- incidents_by_grid_item_source: incidents reported per grid, item and source in the days
-- $from … $to (cancelled left out); the /incidents page filters matter, item and source on these
-- rows and sums them per grid, street or community (map, top places).
-- grain: grid_code × item_code × source · source: incidents · params: $from (date), $to (date, inclusive)
select grid_code, item_code, source, count(*) as incidents
from incidents
where status <> 'cancelled'
  and reported_at >= $from and reported_at < $to + interval 1 day
group by all
order by grid_code, item_code, source
