-- incidents_by_grid: incidents reported per grid in the days $from … $to (cancelled left out),
-- under the /incidents page's filters: one item ($item), else one matter type's items ($matter),
-- and sources ($sources, comma-separated); '' means no filter. Without a filter the counts come
-- from incidents_by_grid_day, built at ingest (a year's raw rows took seconds at 10M incidents);
-- with one, from the incidents themselves. The branch not taken folds away when the parameters
-- are bound. Grids without incidents are left out.
-- grain: grid_code · source: incidents_by_grid_day, incidents, items · params: $from (date), $to (date, inclusive), $matter (text), $item (text), $sources (text)
select grid_code, sum(new)::bigint as incidents
from incidents_by_grid_day
where $item = '' and $matter = '' and $sources = ''
  and day >= $from and day <= $to
group by all
having sum(new) > 0
union all
select grid_code, count(*) as incidents
from incidents
where not ($item = '' and $matter = '' and $sources = '')
  and status <> 'cancelled'
  and reported_at >= $from and reported_at < $to + interval 1 day
  and (
      ($item <> '' and item_code = $item)
      or ($item = '' and $matter <> ''
          and item_code in (select item_code from items where category_code = $matter))
      or ($item = '' and $matter = '')
  )
  and ($sources = '' or list_contains(string_split($sources, ','), source))
group by all
order by grid_code
