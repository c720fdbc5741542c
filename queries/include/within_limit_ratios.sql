-- within_limit_ratios: the within-limit cohort of a report window, written once and included as
-- {{ within_limit_ratios }} by within_limit_cohort and the catalog's stored within_limit_by_scope:
-- one row per incident reported $from … $to (cancelled left out) with a time limit after its
-- report — its grid_code, closed (closed before the cut-off $cutoff) and ratio, the elapsed time
-- (to close, or to the cut-off where not closed before it) as a share of the limit, rounded up
-- to 1/10,000 so that a ratio of exactly 1 stays 1, every ratio above 1 lumped at 1.0001 (only
-- S(1) is asked of it).
select
    grid_code,
    closed,
    least(ceil(ratio * 10000) / 10000, 1.0001) as ratio
from (
    select
        grid_code,
        closed_at is not null and closed_at < $cutoff as closed,
        epoch(
            case when closed_at is not null and closed_at < $cutoff then closed_at else $cutoff end
            - reported_at
        ) / epoch(deadline_at - reported_at) as ratio
    from incidents
    where reported_at >= $from::date
      and reported_at < $to::date + interval 1 day
      and status <> 'cancelled'
      -- implied by the comparison below, but a column test DuckDB can push into the scan, which
      -- then reads the other columns of the rows with a limit only (at 50M over a year: 44 % of
      -- the rows; 0.60 → 0.42 s)
      and deadline_at is not null
      and deadline_at > reported_at
) as elapsed
