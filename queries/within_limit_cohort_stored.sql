-- within_limit_cohort_stored: within_limit_cohort's rows for the 30 days ending on $as_of,
-- censored at its end, read from what the ingest stored (within_limit_by_scope) — only for the
-- data's last full day, in the city or a district; no rows otherwise (dashboard/core/data_days.py).
-- grain: ratio × closed · source: within_limit_by_scope (the session's scope only) · params: $as_of (date)
select ratio, closed, incidents
from within_limit_by_scope
where as_of = $as_of
order by ratio, closed
