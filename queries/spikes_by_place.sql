-- spikes_by_place: per place (streets: $digits = 9; grids: 16; communities: 12) the incidents
-- reported on the day and the mean of the 28 days before it (D−28 … D−1); places with fewer
-- than 10 incidents on the day are left out (they cannot be spikes). name: with the level above
-- (a street's: its district's name, then its own); own_name: without it (the street's own),
-- for the wall's short labels.
-- grain: place · source: incidents_by_grid_day, grids · params: $as_of (date), $digits (integer)
with daily as (
    select left(grid_code, $digits) as code, day, sum(new) as n
    from incidents_by_grid_day
    where day between $as_of - 28 and $as_of
    group by all
),
today as (
    select code, n from daily where day = $as_of and n >= 10
),
baseline as (
    select code, sum(n) / 28.0 as mean_28d from daily where day < $as_of group by all
),
names as (
    select
        left(grid_code, $digits) as code,
        any_value(case $digits
            when 6 then district_name
            when 9 then district_name || street_name
            when 12 then street_name || community_name
            -- a grid's name usually carries its community's already (裕德五社区第7网格)
            else case when starts_with(grid_name, community_name) then grid_name
                      else community_name || grid_name end
        end) as name,
        -- the place's own name, without the level above (a street's without its district's)
        any_value(case $digits
            when 6 then district_name
            when 9 then street_name
            when 12 then community_name
            else grid_name
        end) as own_name
    from grids
    group by all
)
select t.code, n.name, n.own_name, t.n::bigint as count, coalesce(b.mean_28d, 0) as baseline
from today as t
left join baseline as b using (code)
left join names as n using (code)
order by t.n - coalesce(b.mean_28d, 0) desc, t.code
