-- incidents_grid_places: every grid in scope with its centre and the names of the grid and of
-- the community, street and district it lies in (no outline: see map_grids).
-- grain: grid · source: grids · params: none
select
    grid_code,
    grid_name,
    community_name,
    street_name,
    district_name,
    center_lon,
    center_lat
from grids
order by grid_code
