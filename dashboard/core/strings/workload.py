"""Strings of the /workload page (keys prefixed wl_), and the purposes of its named queries."""

STRINGS: dict[str, dict[str, str]] = {
    # the named queries, listed by the SQL console as examples
    "sqlquery_workload_worker_grids": {
        "zh": "期间有效的网格员网格分配，含网格名称及最后一天是否仍有效",
        "en": "grid assignments valid in the period, with grid names and whether still valid on its last day",
    },
    "sqlquery_workload_grids_without_worker": {
        "zh": "当天没有在岗网格员的网格，及最后一名网格员离开的日期",
        "en": "grids without an active grid worker on the day, and when the last one left",
    },
    "sqlquery_workload_grids_without_worker_by_day": {
        "zh": "每天没有在岗网格员的网格数与网格总数",
        "en": "grids without an active grid worker, and all grids, per day",
    },
    # measures: name and unit
    "wl_axis": {"zh": "{label}（{unit}）", "en": "{label} ({unit})"},
    "wl_measure_patrol_minutes_per_day": {"zh": "日均巡查时长", "en": "Patrol minutes a day"},
    "wl_unit_patrol_minutes_per_day": {"zh": "分钟/在岗日", "en": "min/day in post"},
    "wl_measure_incidents_reported": {"zh": "上报事件", "en": "Incidents reported"},
    "wl_unit_incidents_reported": {"zh": "件", "en": "incidents"},
    "wl_measure_cases_handled": {"zh": "就地办结案件", "en": "Cases handled"},
    "wl_unit_cases_handled": {"zh": "件", "en": "cases"},
    "wl_measure_households_visited": {"zh": "走访户数", "en": "Households visited"},
    "wl_unit_households_visited": {"zh": "户次", "en": "household visits"},
    "wl_measure_households_in_grids": {"zh": "责任网格户数", "en": "Households in own grids"},
    "wl_unit_households_in_grids": {"zh": "户", "en": "households"},
    "wl_col_cases_handled_shared": {
        "zh": "就地办结案件（同网格多人均分）",
        "en": "Cases handled (shared)",
    },
    "wl_col_households_in_grids_shared": {
        "zh": "责任网格户数（同网格多人均分）",
        "en": "Households in own grids (shared)",
    },
    "wl_employment_all": {"zh": "全部", "en": "All"},
    "wl_employment_full_time": {"zh": "专职", "en": "Full-time"},
    "wl_employment_part_time": {"zh": "兼职", "en": "Part-time"},
    # filters
    "wl_filter_measure": {"zh": "工作量指标", "en": "Workload measure"},
    "wl_filter_employment": {"zh": "用工类型", "en": "Employment"},
    "wl_definitions_title": {"zh": "口径说明", "en": "Definitions"},
    "wl_definitions": {
        "zh": "- **统计对象**：时间窗口内在岗的网格员（窗口最后一天前入职、第一天前未离职），"
        "且窗口内有网格分配；下钻后只含窗口内分配到该地网格的网格员（已调离的不计）。\n"
        "- **日均巡查时长**：窗口内巡查分钟数 ÷ 窗口内在岗天数（自然日，含周末）。\n"
        "- **上报事件**：该网格员作为上报人、在窗口内上报的事件数（已撤销的不计，与其他指标一致）。\n"
        "- **就地办结案件**：窗口内结案、未派遣至职能部门（由网格站就地解决）的事件，"
        "记在结案当天负责该网格（分配有效且在岗）的网格员名下；同一网格有多名网格员时平分，故可能带小数。"
        "撤销的事件不计；结案当天网格无人分配的不计入任何人。\n"
        "- **走访户数**：窗口内巡查记录的走访户数之和（户次，同一户多次走访重复计）。\n"
        "- **责任网格户数**：窗口内分配给该网格员的网格的户数之和；一个网格在窗口内有多名网格员"
        "（含前后接替）时平分。\n"
        "- **无在岗网格员的网格**：当天没有任何有效分配且网格员在岗的网格。\n"
        "- **网格覆盖率**：当天有巡查的网格数 ÷ 全部网格数。",
        "en": "- **Who**: grid workers in post in the time window (hired on or before its last "
        "day, not gone before its first) with a grid assigned in it; drilled down, only those "
        "assigned to the place's grids in the window (workers who moved away do not count).\n"
        "- **Patrol minutes a day**: patrol minutes in the window ÷ days in post in the window "
        "(calendar days, weekends included).\n"
        "- **Incidents reported**: incidents the worker reported in the window (cancelled "
        "ones left out, as in every figure).\n"
        "- **Cases handled**: incidents closed in the window without dispatch to a department "
        "(resolved on the spot by the grid station), credited to the workers covering the "
        "grid on the closing day (assignment valid, worker in post), shared equally where there are several (hence fractions). "
        "Cancelled incidents are left out; a case closed while its grid had nobody assigned "
        "counts for no one.\n"
        "- **Households visited**: the sum of households visited over the worker's patrols in "
        "the window (household visits: a household visited twice counts twice).\n"
        "- **Households in own grids**: the households of the grids assigned to the worker in "
        "the window, a grid's households shared equally among its workers in the window "
        "(successors included).\n"
        "- **Grids without an active worker**: no assignment valid on the day held by a worker "
        "in post.\n"
        "- **Grid coverage**: grids patrolled on the day ÷ all grids.",
    },
    # tiles
    # "in the window": the briefing's tile counts the workers active on the day, fewer
    "wl_tile_workers": {"zh": "期间在岗网格员", "en": "Workers in window"},
    "wl_tile_workers_help": {
        "zh": "{first} 至 {last} 期间在岗过的网格员（人）",
        "en": "Grid workers in post at some time from {first} to {last}",
    },
    "wl_tile_mean": {"zh": "人均（{unit}）", "en": "Mean ({unit})"},
    "wl_tile_mean_help": {
        "zh": "所选网格员{measure}的平均值（没有记录的计为 0）",
        "en": "{measure}: mean over the chosen workers (no record counts as 0)",
    },
    "wl_tile_median": {"zh": "中位数（{unit}）", "en": "Median ({unit})"},
    "wl_tile_median_help": {
        "zh": "{measure}：一半网格员在此之下，一半在此之上",
        "en": "{measure}: half of the workers are below it, half above",
    },
    "wl_tile_gini": {"zh": "基尼系数", "en": "Gini"},
    "wl_tile_gini_help": {
        "zh": "所选指标在网格员之间的集中程度：0 表示人人相同，越接近 1 越集中在少数人身上",
        "en": "How concentrated the chosen measure is: 0 means everyone equal; the nearer 1, "
        "the more it rests on a few",
    },
    "wl_tile_without_worker": {"zh": "无人负责网格", "en": "Vacant grids"},
    "wl_tile_without_worker_help": {
        "zh": "{day} 没有在岗网格员负责的网格（个）",
        "en": "Grids with no active grid worker on {day}",
    },
    # "on the day": a Sunday's coverage is far below a weekday's, and the window is longer
    "wl_tile_coverage": {"zh": "当日网格覆盖率", "en": "Grid coverage, last day"},
    "wl_tile_coverage_help": {
        "zh": "{day} 有巡查的网格 ÷ 全部网格（与一屏知全城相同）",
        "en": "Grids patrolled on {day} ÷ all grids (as on the morning briefing)",
    },
    # distributions
    "wl_section_spread": {"zh": "工作量分布", "en": "How the work is spread"},
    "wl_chart_hist_title": {"zh": "{measure}：网格员分布", "en": "{measure}: workers per value"},
    "wl_axis_workers": {"zh": "网格员（人）", "en": "Grid workers"},
    "wl_median": {"zh": "中位数 {v}", "en": "median {v}"},
    "wl_fence_high": {"zh": "过高界（中位数×2）{v}", "en": "over-load line (2 × median) {v}"},
    "wl_fence_low": {"zh": "过低界（中位数÷2）{v}", "en": "under-load line (median ÷ 2) {v}"},
    "wl_chart_lorenz_title": {
        "zh": "{measure}洛伦兹曲线（基尼系数 {gini}）",
        "en": "Lorenz curve: {measure} (Gini {gini})",
    },
    "wl_axis_worker_share": {
        "zh": "网格员累计占比（由少到多）",
        "en": "Share of workers (least to most)",
    },
    "wl_axis_value_share": {"zh": "{measure}累计占比", "en": "{measure}: cumulative share"},
    "wl_series_equality": {"zh": "人人相同", "en": "Everyone equal"},
    "wl_series_lorenz": {"zh": "实际分布", "en": "Actual"},
    "wl_no_gini_one": {
        "zh": "这里只有 {n} 名所选网格员：分布（基尼系数、洛伦兹曲线）至少要两人才有意义。",
        "en": "Only {n} chosen worker here: a spread (Gini, Lorenz curve) needs two or more.",
    },
    "wl_no_gini": {
        "zh": "所选网格员的该指标全为 0，无法计算基尼系数。",
        "en": "The measure is zero for every chosen worker: no Gini coefficient.",
    },
    "wl_spread_note": {
        "zh": "共 {n} 名网格员，其中 {part} 名只在窗口的部分时间在岗：他们的累计指标偏低，"
        "日均巡查时长已按在岗天数折算。",
        "en": "{n} grid workers, {part} of them in post for part of the window only: their "
        "totals are lower; patrol minutes a day are per day in post.",
    },
    "wl_box_tip": {
        "zh": "上须 {high} · 上四分位 {q3} · 中位数 {median} · 下四分位 {q1} · 下须 {low}",
        "en": "upper whisker {high} · Q3 {q3} · median {median} · Q1 {q1} · lower whisker {low}",
    },
    "wl_outlier_tip": {"zh": "须外：{v}（{n} 人）", "en": "beyond the whiskers: {v} ({n} workers)"},
    "wl_chart_boxes_title": {
        "zh": "各项工作量指标的分布（箱线图：中间线为中位数，须线至 1.5 倍四分位距）",
        "en": "Every workload measure (box: median line, whiskers to 1.5 × IQR)",
    },
    # over- and under-loaded
    "wl_section_loaded": {"zh": "工作量过高与过低的网格员", "en": "Over- and under-loaded workers"},
    "wl_loaded_rule": {
        "zh": "规则：在窗口内全程在岗的 {n} 名网格员中，高于中位数（{median} {unit}）2 倍即 {high} "
        "{unit} 为过高，低于中位数一半即 {low} {unit} 为过低。按倍数而不按差值判断：工作量不会为"
        "负且分布偏斜，按四分位距算出的下界常低于 0，从不标出过低。",
        "en": "Rule: among the {n} workers in post the whole window, more than twice the median "
        "({median} {unit}), i.e. above {high} {unit}, is over-loaded; less than half of it, below "
        "{low} {unit}, under-loaded. A ratio, not a difference: a workload is never negative and "
        "its spread is skewed, so a lower fence from the quartiles often falls below zero and "
        "flags nobody.",
    },
    "wl_loaded_zero": {
        "zh": "在窗口内全程在岗的 {n} 名网格员的中位数为 0 {unit}：无法按倍数判断过高或过低。",
        "en": "The median of the {n} workers in post the whole window is 0 {unit}: no ratio to "
        "judge over- or under-load by.",
    },
    "wl_over": {"zh": "过高（{n} 人）", "en": "Over-loaded ({n})"},
    "wl_under": {"zh": "过低（{n} 人）", "en": "Under-loaded ({n})"},
    # map
    "wl_section_map": {"zh": "各网格{measure}", "en": "{measure} per grid"},
    "wl_section_map_places": {"zh": "各{level}{measure}", "en": "{measure} per {level}"},
    "wl_map_no_worker": {"zh": "窗口内无所选网格员", "en": "no chosen worker in the window"},
    "wl_map_workers": {"zh": "网格员", "en": "Grid workers"},
    "wl_map_note_places": {
        "zh": "每个{level}按其网格员（窗口内分配到该{level}任一网格的，每人计一次）的人均{measure}"
        "着色，按与本范围人均之比分档：相差一成以内（÷1.1 至 ×1.1）为中间的浅色，÷1.5、÷2 以下渐紫，"
        "×1.5、×2 以上渐橙；点击区域可下钻，下钻到街道可看每个网格。边界取自网格数据，无底图。",
        "en": "Each {level} coloured by the mean {measure} of its workers (assigned to one of its "
        "grids in the window, each counted once), in classes by its ratio to the mean here: "
        "within a tenth (÷1.1 to ×1.1) pale, more purple below ÷1.5 and ÷2, more orange above "
        "×1.5 and ×2; click a place to drill down (a street shows every grid). Boundaries from "
        "the grids themselves, no basemap.",
    },
    "wl_map_note": {
        "zh": "每个网格按其网格员（窗口内分配到该网格的）的人均{measure}着色，按与本范围人均之比分档："
        "相差一成以内（÷1.1 至 ×1.1）为中间的浅色，÷1.5、÷2 以下渐紫，×1.5、×2 以上渐橙；"
        "网格较多时以网格中心点表示。边界取自网格数据，无底图。",
        "en": "Each grid coloured by the mean {measure} of its workers (assigned to it in the "
        "window), in classes by its ratio to the mean here: within a tenth (÷1.1 to ×1.1) pale, "
        "more purple below ÷1.5 and ÷2, more orange above ×1.5 and ×2; where there are many "
        "grids, their centres are drawn. Boundaries from the grids themselves, no basemap.",
    },
    # after a measure's name, which ends in its unit in brackets: no second pair beside it
    "wl_map_legend_around": {"zh": " · 本范围人均 {mean}", "en": " · mean here {mean}"},
    "wl_map_range_pct": {
        "zh": "图中最低 {low}、最高 {high}，相差 {apart}。",
        "en": " Drawn here: lowest {low}, highest {high}, {apart} apart.",
    },
    "wl_map_range_times": {
        "zh": "图中最低 {low}、最高 {high}，最高是最低的 {apart} 倍。",
        "en": " Drawn here: lowest {low}, highest {high}, {apart} times the lowest.",
    },
    "wl_map_range": {
        "zh": "图中最低 {low}、最高 {high}。",
        "en": " Drawn here: lowest {low}, highest {high}.",
    },
    # grids without a worker
    "wl_section_vacant": {
        "zh": "无人负责的网格（{day}）",
        "en": "Grids with nobody ({day})",
    },
    "wl_no_vacant": {
        "zh": "{day} 每个网格都有在岗网格员。",
        "en": "Every grid had an active grid worker on {day}.",
    },
    "wl_vacant_note": {
        "zh": "网格员离职后岗位空缺至新人入职，期间网格无人负责。",
        "en": "When a worker leaves, the post stays vacant until the next hire; meanwhile the "
        "grid has nobody.",
    },
    "wl_chart_vacant_title": {
        "zh": "每天无在岗网格员的网格数",
        "en": "Grids without an active worker per day",
    },
    "wl_series_vacant": {"zh": "无在岗网格员的网格", "en": "Grids without a worker"},
    "wl_axis_grids": {"zh": "网格（个）", "en": "Grids"},
    # coverage
    "wl_section_coverage": {"zh": "巡查覆盖", "en": "Patrol coverage"},
    "wl_chart_coverage_title": {
        "zh": "网格覆盖率（当天有巡查的网格占比）",
        "en": "Grid coverage (share of grids patrolled on the day)",
    },
    "wl_series_coverage_daily": {"zh": "每日", "en": "Daily"},
    "wl_series_coverage_7d": {"zh": "7 日平均", "en": "7-day mean"},
    "wl_axis_coverage": {"zh": "网格覆盖率（%）", "en": "Grid coverage (%)"},
    "wl_coverage_note": {
        "zh": "周末巡查较少，故每日曲线呈周期起伏；7 日平均从窗口第 7 天起显示。",
        "en": "Few patrols at weekends, hence the weekly dips; the 7-day mean starts on the "
        "window's 7th day.",
    },
    # tables
    "wl_tab_map": {"zh": "网格地图与空缺网格", "en": "Grid map and vacant grids"},
    "wl_tab_workers": {"zh": "全部网格员", "en": "Every grid worker"},
    "wl_section_workers": {"zh": "全部网格员明细（{n} 人）", "en": "Every grid worker ({n})"},
    "wl_col_worker_id": {"zh": "网格员编号", "en": "Worker id"},
    "wl_col_name": {"zh": "姓名", "en": "Name"},
    "wl_col_employment": {"zh": "用工类型", "en": "Employment"},
    "wl_col_grids": {"zh": "网格数", "en": "Grids"},
    "wl_col_grid_names": {"zh": "负责网格", "en": "Grids assigned"},
    "wl_col_streets": {"zh": "街道（乡镇）", "en": "Street (town)"},
    "wl_col_days_in_post": {"zh": "在岗天数", "en": "Days in post"},
    "wl_col_patrol_minutes": {"zh": "巡查时长（分钟）", "en": "Patrol minutes"},
    "wl_col_patrol_days": {"zh": "巡查天数", "en": "Patrol days"},
    "wl_col_grid_code": {"zh": "网格编码", "en": "Grid code"},
    "wl_col_grid": {"zh": "网格", "en": "Grid"},
    "wl_col_community": {"zh": "社区（村）", "en": "Community (village)"},
    "wl_col_street": {"zh": "街道（乡镇）", "en": "Street (town)"},
    "wl_col_district": {"zh": "区（县、市）", "en": "District"},
    "wl_col_households": {"zh": "户数", "en": "Households"},
    "wl_col_vacant_since": {"zh": "空缺起始日", "en": "Vacant since"},
    "wl_col_days_vacant": {"zh": "空缺天数", "en": "Days vacant"},
}
