-- workload_worker_grids: the grid assignments valid on at least one day of the period (valid_to
-- exclusive, as left_on), with the grid's name and places, and whether it is still valid on the
-- period's last day.
-- grain: worker × grid · source: worker_grids, grids · params: $from (date), $to (date, inclusive)
select
    a.worker_id,
    a.grid_code,
    g.grid_name,
    g.community_name,
    g.street_name,
    g.district_name,
    a.role,
    a.valid_from,
    a.valid_to,
    a.valid_from <= $to and (a.valid_to is null or a.valid_to > $to) as valid_on_last_day
from worker_grids as a
join grids as g using (grid_code)
where a.valid_from <= $to and (a.valid_to is null or a.valid_to > $from)
order by a.worker_id, a.grid_code, a.valid_from
