-- places_under: the places one level down inside the session's scope — districts (6 digits),
-- streets (9), communities (12) or grids (16) — with their names and how many grids they hold.
-- grain: place · source: grids · params: $digits (integer)
select
    left(grid_code, $digits) as code,
    any_value(case $digits
        when 6 then district_name
        when 9 then street_name
        when 12 then community_name
        else grid_name
    end) as name,
    count(*) as grids
from grids
group by all
order by code
