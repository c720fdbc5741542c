-- item_group_ids: each item's matter group (its category's group_zh, group_en) and the group as a
-- small number, group_id, written once and included as {{ item_group_ids }} by the queries that
-- split a Kaplan–Meier cohort by group: they count on the number and name it afterwards (a year
-- at 10M incidents: 2.8 s of grouping on the names). Items whose category has no group are left
-- out (their incidents count under group 0, named null).
select
    it.item_code,
    c.group_zh,
    c.group_en,
    dense_rank() over (order by c.group_zh, c.group_en) as group_id
from items as it
join categories as c using (category_code)
where c.group_zh is not null or c.group_en is not null
