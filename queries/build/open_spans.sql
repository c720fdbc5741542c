-- open_spans: incidents still open at the end of at least one day (open across a midnight, or
-- open at the end of the data): the only ones a backlog or late-case list can contain. Sorted by
-- closed_at (open ones last), so a query for one day-end skips whatever closed before it.
-- grain: incident · source: incidents (cancelled left out) · params: none
create table open_spans as
select
    incident_id,
    grid_code,
    item_code,
    source,
    urgency,
    status,
    reported_at,
    dispatched_at,
    closed_at,
    deadline_at,
    handling_unit,
    escalation_level
from incidents
where status <> 'cancelled'
  and (closed_at is null or closed_at::date > reported_at::date)
order by closed_at nulls last, reported_at
