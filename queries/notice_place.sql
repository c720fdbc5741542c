-- notice_place: the names of one place — a street (9 digits) or a grid (16) — and the levels
-- above it, for the address of a spike's supervision notice (督办单), with how many grids it
-- holds. No row: no grid under $code in the session's scope.
-- grain: place · source: grids · params: $code (text)
select
    any_value(district_name) as district_name,
    any_value(street_code) as street_code,
    any_value(street_name) as street_name,
    case when length($code) = 16 then any_value(community_name) end as community_name,
    case when length($code) = 16 then any_value(grid_name) end as grid_name,
    count(*) as grids
from grids
where starts_with(grid_code, $code)
having count(*) > 0
