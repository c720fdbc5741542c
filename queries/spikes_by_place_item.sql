-- spikes_by_place_item: per place ($digits = 9: streets; 16: grids) and item, the incidents
-- reported on the day and their mean over the 28 days before it (D−28 … D−1), for the places
-- with at least 10 incidents on the day (the only ones spikes_by_place can name): what a spike
-- consisted of, for its supervision notice (督办单). A place's counts add up to its count in
-- spikes_by_place. Most on the day first.
-- grain: place × item · source: incidents (cancelled left out), items · params: $as_of (date), $digits (integer)
with recent as (
    select left(grid_code, $digits) as code, item_code, reported_at::date as day
    from incidents
    where status <> 'cancelled'
      and reported_at >= $as_of - 28
      and reported_at < $as_of + interval 1 day
),
candidates as (
    select code from recent where day = $as_of group by code having count(*) >= 10
)
select
    r.code,
    r.item_code,
    any_value(i.name_zh) as item_zh,
    any_value(i.name_en) as item_en,
    count(*) filter (where r.day = $as_of) as count,
    count(*) filter (where r.day < $as_of) / 28.0 as baseline
from recent as r
join candidates using (code)
left join items as i using (item_code)
group by r.code, r.item_code
having count(*) filter (where r.day = $as_of) > 0
order by r.code, count desc, baseline desc, r.item_code
