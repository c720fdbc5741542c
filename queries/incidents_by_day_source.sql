-- incidents_by_day_source: incidents reported per day, item and source in the days $from … $to
-- (cancelled left out); the page filters them, stacks the sources per day or week, and sums the
-- matters and items.
-- grain: day × item_code × source · source: incidents · params: $from (date), $to (date, inclusive)
select reported_at::date as day, item_code, source, count(*) as incidents
from incidents
where status <> 'cancelled'
  and reported_at >= $from and reported_at < $to + interval 1 day
group by all
order by day, item_code, source
