-- incidents_by_hour_weekday: incidents reported per weekday (1 Monday … 7 Sunday) and hour of the
-- day (0–23, local time) in the days $from … $to, split by item and source so that the page can
-- filter them (cancelled left out).
-- grain: weekday × hour × item_code × source · source: incidents · params: $from (date), $to (date, inclusive)
select
    isodow(reported_at)::integer as weekday,
    hour(reported_at)::integer as hour,
    item_code,
    source,
    count(*) as incidents
from incidents
where status <> 'cancelled'
  and reported_at >= $from and reported_at < $to + interval 1 day
group by all
order by weekday, hour, item_code, source
