-- spikes_by_place_item: per item, the incidents reported in place $code (a street, 9 digits, or a
-- grid, 16; '' the whole scope) on the day and their mean over the 28 days before it (D−28 …
-- D−1): what a spike consisted of, for its supervision notice (督办单). The counts add up to the
-- place's count in spikes_by_place. Items with none on the day are left out; most on the day first.
-- grain: item · source: incidents (cancelled left out), items · params: $as_of (date), $code (text)
with counts as (
    select
        item_code,
        count(*) filter (where reported_at >= $as_of) as count,
        count(*) filter (where reported_at < $as_of) / 28.0 as baseline
    from incidents
    where status <> 'cancelled'
      and starts_with(grid_code, $code)
      and reported_at >= $as_of - 28
      and reported_at < $as_of + interval 1 day
    group by all
    having count(*) filter (where reported_at >= $as_of) > 0
)
select
    $code as code,
    c.item_code,
    i.name_zh as item_zh,
    i.name_en as item_en,
    c.count,
    c.baseline
from counts as c
left join items as i using (item_code)
order by c.count desc, c.baseline desc, c.item_code
