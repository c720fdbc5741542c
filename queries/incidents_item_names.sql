-- incidents_item_names: every item (事项清单) with its matter type (准入事项) and the matter's
-- group, each named in Chinese and English.
-- grain: item · source: items, categories · params: none
select
    i.item_code,
    i.name_zh as item_zh,
    i.name_en as item_en,
    c.category_code,
    c.name_zh as category_zh,
    c.name_en as category_en,
    c.group_zh,
    c.group_en
from items as i
join categories as c using (category_code)
order by c.category_code, i.item_code
