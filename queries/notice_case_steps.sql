-- notice_case_steps: one case's workflow steps (上报 · 受理 · 派遣 · 退回 · 升级 …) up to the end
-- of $as_of, in the order they happened (steps at the same instant in workflow order), with the
-- unit of each — the history a supervision notice (督办单) quotes.
-- grain: workflow step · source: incident_events · params: $incident_id (text), $as_of (date)
select step, "at", unit
from incident_events
where incident_id = $incident_id
  and "at" < $as_of + interval 1 day
order by
    "at",
    list_position(
        ['report', 'accept', 'dispatch', 'return', 'escalate', 'resolve', 'verify', 'close',
         'reopen', 'cancel'],
        step
    )
