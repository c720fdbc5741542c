-- data_quality: rows read, loaded and quarantined per table, and quarantined rows per reason.
-- grain: table × reason · source: catalog_tables, catalog_quarantine · params: none
select
    t.table_name,
    t.rows_read,
    t.rows_loaded,
    t.quarantined,
    q.reason,
    coalesce(q.rows, 0) as reason_rows
from catalog_tables as t
left join catalog_quarantine as q using (table_name)
order by t.table_name, q.reason
