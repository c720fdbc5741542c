-- map_grids: every grid with its outline (WKT, may be null), centre and area, and the codes and
-- names of the community, street and district it lies in.
-- grain: grid · source: grids · params: none
select
    grid_code,
    grid_name,
    community_code,
    community_name,
    street_code,
    street_name,
    district_code,
    district_name,
    center_lon,
    center_lat,
    area_km2,
    boundary_wkt
from grids
order by grid_code
