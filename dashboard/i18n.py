"""Interface strings, Chinese first (zh-CN), English too.

Every string shown on screen is looked up here by name: `t("kpi_grids", "zh")`. Words follow the
glossary in DESIGN.md (网格 / grid, 网格员 / grid worker, 隔离数据 / quarantined rows, 数据版本 /
data version …). Table and reason names come from `dashboard.contract`, not from here.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES = {"zh": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # the product
    "app_name": {"zh": "一屏知全城", "en": "The whole city at a glance"},
    "centre": {"zh": "综治中心", "en": "governance centre"},
    "city": {"zh": "太原市", "en": "Taiyuan"},
    "city_centre": {"zh": "太原市综治中心", "en": "Taiyuan governance centre"},
    "language": {"zh": "语言", "en": "Language"},
    # navigation
    "nav_inventory": {"zh": "数据清单", "en": "Data inventory"},
    "nav_section_data": {"zh": "数据", "en": "Data"},
    # inventory page
    "inventory_caption": {
        "zh": "导出数据的各表行数、隔离数据、文件与时间范围",
        "en": "Rows, quarantined rows, files and time span of every exported table",
    },
    "data_version": {"zh": "数据版本", "en": "Data version"},
    "exports_folder": {"zh": "导出目录", "en": "Exports folder"},
    "validated": {"zh": "已校验", "en": "Validated"},
    "not_validated": {"zh": "尚未校验", "en": "Not validated yet"},
    "not_validated_body": {
        "zh": "这批导出数据尚未校验：行数取自 Parquet 文件，隔离数据未知。校验请运行：",
        "en": "These exports have not been validated yet: row counts come from the Parquet "
        "files and quarantined rows are unknown. To validate, run:",
    },
    "stale": {"zh": "校验后文件有改动", "en": "Files changed since validation"},
    "stale_body": {
        "zh": "校验之后导出文件有改动，隔离数据可能已过时。请重新校验：",
        "en": "Export files changed after validation; the quarantine figures may be out of "
        "date. Validate again:",
    },
    "report_unreadable": {
        "zh": "校验报告无法读取（{error}），按尚未校验处理。请重新校验：",
        "en": "The validation report could not be read ({error}); treated as not validated. "
        "Validate again:",
    },
    "no_data": {"zh": "导出目录中没有数据", "en": "No data in the exports folder"},
    "no_data_body": {
        "zh": "在 {folder} 中没有找到任何 Parquet 文件。生成演示数据并校验：",
        "en": "No Parquet files were found in {folder}. Generate demo data and validate it:",
    },
    "kpi_grids": {"zh": "网格", "en": "Grids"},
    "kpi_workers": {"zh": "网格员（全部记录）", "en": "Grid workers (all records)"},
    "kpi_workers_left": {"zh": "含已离职 {n} 人", "en": "incl. {n} who left"},
    "kpi_help_workers": {
        "zh": "导出中的全部网格员记录，包括已离职的；简报的“在岗网格员”只数当日在岗的（入职不晚于当日、"
        "未离职或离职晚于当日）。",
        "en": "Every grid-worker record in the exports, including those who left; the briefing's "
        "active grid workers count those in post on the day (hired by then, not yet left).",
    },
    "kpi_incidents": {"zh": "事件", "en": "Incidents"},
    "kpi_quarantined": {"zh": "隔离数据", "en": "Quarantined rows"},
    "kpi_range": {"zh": "事件时间范围", "en": "Incident dates"},
    "kpi_days": {"zh": "共 {days} 天", "en": "{days} days"},
    "kpi_of_target": {"zh": "全市规划 {target}", "en": "city plan {target}"},
    "kpi_share": {"zh": "占全部行的 {share}", "en": "{share} of all rows"},
    "kpi_unknown": {"zh": "未知", "en": "unknown"},
    "kpi_help_counts": {
        "zh": "通过校验的行数（文件行数减去隔离数据）；未校验时为文件行数。",
        "en": "Rows that passed validation (rows in files less quarantined rows); rows in "
        "files while not validated.",
    },
    "section_tables": {"zh": "数据表", "en": "Tables"},
    "section_quarantine": {"zh": "隔离数据（按原因）", "en": "Quarantined rows by reason"},
    "section_errors": {"zh": "加载错误", "en": "Load errors"},
    "errors_body": {
        "zh": "{n} 个表未能加载，以下数据不完整：",
        "en": "{n} table(s) could not be loaded; the data below is incomplete:",
    },
    "no_quarantine": {"zh": "没有隔离数据：所有行均通过校验。", "en": "No rows quarantined."},
    "quarantine_unknown": {
        "zh": "尚未校验，隔离数据未知。",
        "en": "Not validated yet: quarantined rows are unknown.",
    },
    "time_range_note": {
        "zh": "时间范围取各表主时间字段的最小值和最大值，不含校验时间之后的时间戳"
        "（这些行按“时间在未来”隔离）。",
        "en": "Time span: minimum and maximum of each table's main time column, leaving out "
        "timestamps after the time of validation (those rows are quarantined as future "
        "timestamps).",
    },
    "col_table": {"zh": "表", "en": "Table"},
    "col_name": {"zh": "名称", "en": "Name"},
    "col_grain": {"zh": "每行一条", "en": "One row per"},
    "col_rows": {"zh": "文件行数", "en": "Rows in files"},
    "col_quarantined": {"zh": "隔离行数", "en": "Quarantined"},
    "col_clean": {"zh": "有效行数", "en": "Rows passed"},
    "col_files": {"zh": "文件数", "en": "Files"},
    "col_size": {"zh": "占用空间", "en": "Size on disk"},
    "col_time_column": {"zh": "时间字段", "en": "Time column"},
    "col_first": {"zh": "最早", "en": "First"},
    "col_last": {"zh": "最晚", "en": "Last"},
    "col_status": {"zh": "状态", "en": "Status"},
    "col_reason": {"zh": "原因", "en": "Reason"},
    "col_reason_code": {"zh": "原因代码", "en": "Reason code"},
    "col_file": {"zh": "文件", "en": "File"},
    "col_message": {"zh": "说明", "en": "Message"},
    "status_ok": {"zh": "正常", "en": "OK"},
    "status_quarantined": {"zh": "有隔离", "en": "Rows quarantined"},
    "status_error": {"zh": "加载失败", "en": "Not loaded"},
    "status_missing": {"zh": "缺失", "en": "Missing"},
    "status_not_validated": {"zh": "未校验", "en": "Not validated"},
    "footer": {
        "zh": "数据来源：{folder} · 校验报告：{report}",
        "en": "Data: {folder} · validation report: {report}",
    },
    "validated_at": {"zh": "校验时间", "en": "validated at"},
    "chart_quarantine_x": {"zh": "隔离行数", "en": "quarantined rows"},
    # city map (dashboard/maps.py)
    "map_incidents_day": {"zh": "{as_of} 事件", "en": "Incidents on {as_of}"},
    "map_incidents_days": {
        "zh": "近 {days} 日事件（截至 {as_of}）",
        "en": "Incidents in the {days} days to {as_of}",
    },
    "map_code": {"zh": "编码", "en": "Code"},
    "map_spike_label": {
        "zh": "{name}\n{count} 起 · 均值 {baseline}",
        "en": "{name}\n{count} · mean {baseline}",
    },
    # the wall's: one short line (the place's own name; the district shows on the map)
    "map_spike_label_kiosk": {"zh": "{name} {count} 起", "en": "{name} {count}"},
}


def _add(block: dict[str, dict[str, str]]) -> None:
    """Add a block of strings; a key defined twice is an error, not a silent replacement (the
    later one used to win: 范围 became 可见范围 without a word)."""
    twice = STRINGS.keys() & block.keys()
    if twice:
        raise KeyError(f"i18n: strings defined twice: {sorted(twice)}")
    STRINGS.update(block)


def normalize_lang(lang: str | None) -> str:
    """A supported language code: `zh` or `en` (anything else falls back to Chinese)."""
    if lang:
        code = lang.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGS:
            return code
    return DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string named `key` in `lang`, with `{name}` placeholders filled from `values`."""
    text = STRINGS[key][normalize_lang(lang)]
    return text.format(**values) if values else text


def pick(zh: str, en: str, lang: str) -> str:
    """One of a (zh, en) pair, as the contract stores names."""
    return zh if normalize_lang(lang) == "zh" else en


# The morning briefing (一屏知全城).
_add(
    {
        "nav_briefing": {"zh": "一屏知全城", "en": "Morning briefing"},
        "nav_section_overview": {"zh": "总览", "en": "Overview"},
        "briefing_sub": {"zh": "{place} · {day} 简报", "en": "{place} · briefing for {day}"},
        "as_of": {"zh": "简报日期", "en": "As of"},
        "as_of_help": {
            "zh": "默认为数据中最后一个完整日，并随新数据更新；选择更早的日期即为历史快照。"
            "可输入日期查找，如 11-20。",
            "en": "Defaults to the last full day in the data, and follows new data; an earlier "
            "day is a historical snapshot. Type to find a day, e.g. 11-20.",
        },
        "drill": {"zh": "下钻", "en": "Drill down"},
        "drill_help": {
            "zh": "点选下一级，或点击地图上的区域",
            "en": "Pick a place below, or click it on the map",
        },
        "level_city": {"zh": "全市", "en": "City"},
        "level_district": {"zh": "区（县、市）", "en": "District"},
        "level_street": {"zh": "街道（乡镇）", "en": "Street (town)"},
        "level_community": {"zh": "社区（村）", "en": "Community (village)"},
        "level_grid": {"zh": "网格", "en": "Grid"},
        "quality_badge": {"zh": "隔离数据 {n} 行", "en": "{n} quarantined rows"},
        "quality_ok": {"zh": "数据校验通过", "en": "Data checks passed"},
        "kiosk": {"zh": "大屏模式", "en": "Kiosk mode"},
        "kiosk_open": {"zh": "打开大屏模式", "en": "Open kiosk mode"},
        "day_prev": {"zh": "前一天", "en": "Earlier"},
        "day_next": {"zh": "后一天", "en": "Later"},
        "day_latest": {"zh": "最新", "en": "Latest"},
        "kiosk_open_help": {
            "zh": "大屏跟随最新一天的数据（链接不带日期），保留当前地点与语言",
            "en": "The wall follows the latest day (the link carries no date); it keeps this "
            "place and language",
        },
        "window": {"zh": "热力范围", "en": "Heat window"},
        "window_1": {"zh": "当日", "en": "The day"},
        "window_7": {"zh": "近 7 天", "en": "Last 7 days"},
        "tile_new": {"zh": "新增事件", "en": "New incidents"},
        "tile_closed": {"zh": "结案", "en": "Closed"},
        "tile_backlog": {"zh": "积压", "en": "Backlog"},
        "tile_overdue": {"zh": "超期", "en": "Overdue"},
        "tile_on_time_rate_30d": {"zh": "按期办结率（30 天）", "en": "On-time rate (30 d)"},
        "tile_km_median_hours_30d": {
            "zh": "办结时长中位数（30 天）",
            "en": "Resolution time (median, 30 d)",
        },
        "tile_grid_coverage": {"zh": "网格覆盖率", "en": "Grid coverage"},
        "tile_active_workers": {"zh": "在岗网格员", "en": "Active grid workers"},
        "tile_training_coverage_365d": {
            "zh": "培训覆盖率（365 天）",
            "en": "Training coverage (365 d)",
        },
        "help_new": {
            "zh": "当日上报的事件（不含已撤销）",
            "en": "Incidents reported on the day (cancelled left out)",
        },
        "help_closed": {"zh": "当日结案的事件", "en": "Incidents closed on the day"},
        "help_backlog": {
            "zh": "当日结束时尚未结案的事件",
            "en": "Reported and not closed by the end of the day",
        },
        "help_overdue": {
            "zh": "积压中已过处置时限的事件",
            "en": "Backlog past its deadline at the end of the day",
        },
        "help_on_time_rate_30d": {
            "zh": "近 30 天结案且有时限的事件中，按期结案的比例",
            "en": "Of incidents closed in the 30 days that have a deadline, the share closed by it",
        },
        "help_km_median_hours_30d": {
            "zh": "近 30 天上报事件的办结时长中位数（Kaplan–Meier 估计，计入未结案件）",
            "en": "Median time to close of incidents reported in the 30 days (Kaplan–Meier, open cases counted as censored)",
        },
        "help_grid_coverage": {
            "zh": "当日有巡查记录的网格占比；近 7 天：7 天内至少巡查过一次的网格占比",
            "en": "Share of grids patrolled on the day; 7 days: share patrolled at least once "
            "in the 7 days ending on it",
        },
        "help_active_workers": {"zh": "当日在岗的网格员", "en": "Grid workers in post on the day"},
        "help_training_coverage_365d": {
            "zh": "在岗网格员中近 365 天参加过培训的比例",
            "en": "Share of active grid workers trained in the last 365 days",
        },
        "ref_last_week": {"zh": "较上周同日", "en": "vs same weekday last week"},
        "ref_prev_30d": {"zh": "较前 30 天", "en": "vs previous 30 days"},
        "ref_30d_earlier": {"zh": "较 30 天前", "en": "vs 30 days earlier"},
        # on the cards (page and wall), shorter: one line beside the value; the whole in the tooltip
        "ref_last_week_short": {"zh": "较上周同日", "en": "vs a week ago"},
        "ref_prev_30d_short": {"zh": "较前 30 天", "en": "vs prior 30 d"},
        "ref_30d_earlier_short": {"zh": "较 30 天前", "en": "vs 30 d ago"},
        "trend_daily_30d": {"zh": "近 30 天逐日", "en": "daily, last 30 days"},
        "trend_weekly": {"zh": "近 4 周逐周", "en": "weekly, last 4 weeks"},
        "no_reference": {"zh": "无对比数据", "en": "no reference in the data"},
        "unit_hours": {"zh": "小时", "en": "h"},
        "section_map": {"zh": "事件热力与异常激增", "en": "Incident heat and spikes"},
        "section_spikes": {"zh": "今日异常激增", "en": "Today's spikes"},
        "section_late": {"zh": "超期案件", "en": "Overdue cases"},
        "late_tab_new": {"zh": "当日新增超期 {n} 件", "en": "Went overdue on the day: {n}"},
        "late_tab_units": {"zh": "按承办单位", "en": "By handling unit"},
        "late_tab_longest": {"zh": "超期最久", "en": "Longest overdue"},
        "late_units_title": {"zh": "超期 · 按承办单位", "en": "Overdue by handling unit"},
        "no_new_late": {"zh": "当日无新增超期案件", "en": "No case went overdue on the day"},
        "unit_not_dispatched": {"zh": "（尚未派遣）", "en": "(not dispatched yet)"},
        "col_days_overdue": {"zh": "超期（天）", "en": "Days overdue"},
        "col_due_at": {"zh": "时限", "en": "Due"},
        "col_overdue_cases": {"zh": "超期件数", "en": "Overdue"},
        "col_new_overdue": {"zh": "当日新增", "en": "New on the day"},
        "col_max_days_overdue": {"zh": "最长（天）", "en": "Longest (days)"},
        "tile_extra_coverage_7d": {"zh": "近 7 天 {value}", "en": "7 days: {value}"},
        "snapshot_banner": {
            "zh": "历史快照 · {day} · 不随新数据更新",
            "en": "Historical snapshot · {day} · does not update",
        },
        "snapshot_badge": {"zh": "历史快照", "en": "Historical snapshot"},
        "strip_data_until": {"zh": "数据截至 {day} 24:00", "en": "Data up to {day} 24:00"},
        "strip_new_late": {"zh": "当日新增超期 {n} 件", "en": "Went overdue on the day: {n}"},
        "strip_no_new_late": {"zh": "当日无新增超期案件", "en": "No case went overdue on the day"},
        "section_trends": {"zh": "近 30 天趋势", "en": "Last 30 days"},
        "no_spikes": {"zh": "今日无异常激增", "en": "No spikes today"},
        "no_late": {"zh": "当前无超期案件", "en": "No overdue cases"},
        "col_place": {"zh": "地点", "en": "Place"},
        "col_count": {"zh": "当日事件", "en": "Incidents"},
        "col_baseline": {"zh": "28 天日均", "en": "28-day mean"},
        "col_excess": {"zh": "超出", "en": "Excess"},
        "col_incident": {"zh": "事件编号", "en": "Incident"},
        "col_grid": {"zh": "网格", "en": "Grid"},
        "col_item": {"zh": "事项", "en": "Item"},
        "col_hours_overdue": {"zh": "超期（小时）", "en": "Hours overdue"},
        "col_unit": {"zh": "承办单位", "en": "Handling unit"},
        "series_new": {"zh": "新增", "en": "New"},
        "series_closed": {"zh": "结案", "en": "Closed"},
        "series_backlog": {"zh": "积压（日末）", "en": "Backlog (end of day)"},
        "series_within_deadline": {"zh": "未超期", "en": "Within deadline"},
        "series_overdue": {"zh": "已超期", "en": "Overdue"},
        "chart_trend_title": {"zh": "新增、结案与积压", "en": "New, closed and backlog"},
        "chart_backlog_age_title": {"zh": "积压案件账龄", "en": "Backlog by age"},
        "axis_day": {"zh": "日期", "en": "Day"},
        "axis_incidents": {"zh": "事件数（件）", "en": "Incidents"},
        "axis_age": {"zh": "账龄", "en": "Age"},
        "axis_cases": {"zh": "案件数（件）", "en": "Cases"},
        "age_0-1d": {"zh": "1 天内", "en": "< 1 d"},
        "age_1-3d": {"zh": "1–3 天", "en": "1–3 d"},
        "age_3-7d": {"zh": "3–7 天", "en": "3–7 d"},
        "age_7-30d": {"zh": "7–30 天", "en": "7–30 d"},
        "age_30d+": {"zh": "30 天以上", "en": "> 30 d"},
        "no_catalog": {"zh": "尚无数据目录", "en": "No catalog yet"},
        "no_catalog_body": {
            "zh": "请先校验导出数据并生成数据目录：",
            "en": "Validate the exports and build the catalog first:",
        },
        "refreshed": {"zh": "更新于 {time}", "en": "Updated {time}"},
        "quarantined_rows_details": {"zh": "查看隔离数据详情", "en": "Quarantined rows in detail"},
    }
)


# The analyst SQL console (/sql).
_add(
    {
        "nav_sql": {"zh": "SQL 控制台", "en": "SQL console"},
        "nav_section_analysis": {"zh": "分析", "en": "Analysis"},
        "sql_title": {"zh": "SQL 控制台", "en": "SQL console"},
        "sql_sub": {
            "zh": "{centre} · SQL 控制台 · 范围：{place}",
            "en": "{centre} · SQL console · scope: {place}",
        },
        "sql_scope_city": {"zh": "全市", "en": "whole city"},
        "sql_read_only": {"zh": "只读", "en": "Read-only"},
        "sql_editor": {"zh": "SQL 查询", "en": "SQL query"},
        "sql_editor_help": {
            "zh": "一条 SELECT 查询，只能读取左侧列出的表。Ctrl+Enter 运行。",
            "en": "One SELECT statement over the tables listed on the left. Ctrl+Enter runs it.",
        },
        "sql_run": {"zh": "运行", "en": "Run"},
        "sql_limits": {
            "zh": "Ctrl+Enter 运行 · 最多显示 {rows} 行 · 时限 {seconds} 秒 · 内存上限 {memory}",
            "en": "Ctrl+Enter runs · at most {rows} rows shown · time limit {seconds} s · memory limit {memory}",
        },
        "sql_empty": {"zh": "请输入一条 SELECT 查询。", "en": "Type a SELECT statement."},
        "sql_not_run": {
            "zh": "按“运行”或 Ctrl+Enter 运行上面的查询；左侧可查看数据表、示例查询和历史。",
            "en": "Press Run or Ctrl+Enter to run the statement above; the tables, examples and history are on the left.",
        },
        "sql_ran": {"zh": "已运行的查询", "en": "The statement that ran"},
        "sql_rows": {"zh": "{rows} 行", "en": "{rows} rows"},
        "sql_rows_one": {"zh": "{rows} 行", "en": "{rows} row"},
        "sql_ms": {"zh": "耗时 {ms} 毫秒", "en": "{ms} ms"},
        "sql_more_rows": {
            "zh": "还有更多行：只显示前 {rows} 行",
            "en": "More rows exist: the first {rows} are shown",
        },
        "sql_more_rows_help": {
            "zh": "图表和下载文件同样只含前 {rows} 行。要全部行，请加上条件或聚合，或在命令行运行：",
            "en": "The chart and the downloads hold these {rows} rows too. For every row, filter or aggregate, or run on the command line:",
        },
        "sql_no_rows": {"zh": "查询没有返回任何行。", "en": "The statement returned no rows."},
        "sql_download": {"zh": "下载 {fmt}", "en": "Download {fmt}"},
        "sql_tab_tables": {"zh": "数据表", "en": "Tables"},
        "sql_tab_examples": {"zh": "示例查询", "en": "Examples"},
        "sql_tab_history": {"zh": "历史", "en": "History"},
        "sql_find": {"zh": "查找表或字段", "en": "Find a table or column"},
        "sql_find_placeholder": {
            "zh": "例如：超期、deadline、人口",
            "en": "e.g. deadline, overdue, population",
        },
        "sql_find_none": {"zh": "没有匹配的表或字段。", "en": "No table or column matches."},
        "sql_group_export": {"zh": "导出数据", "en": "Exported tables"},
        "sql_group_aggregate": {"zh": "汇总表（入库时生成）", "en": "Aggregates (built at ingest)"},
        "sql_group_catalog": {"zh": "数据目录信息", "en": "Catalog bookkeeping"},
        "sql_grain": {"zh": "每行：{grain}", "en": "One row per {grain}"},
        "sql_col_name": {"zh": "字段", "en": "Column"},
        "sql_col_kind": {"zh": "类型", "en": "Kind"},
        "sql_col_description": {"zh": "说明", "en": "Description"},
        "sql_query_table": {"zh": "查询此表", "en": "Query this table"},
        "sql_examples_note": {
            "zh": "命名查询，与简报和命令行所用相同。参数已填入示例值（日期为数据中最后一个完整日 {as_of}），载入后可修改。",
            "en": "The named queries the briefing and the command line use. Their parameters are filled in with example values (the day is the last full day in the data, {as_of}); edit them after loading.",
        },
        "sql_example_grain": {
            "zh": "粒度：{grain} · 来源：{source}",
            "en": "Grain: {grain} · source: {source}",
        },
        "sql_example_params": {"zh": "参数：{params}", "en": "Parameters: {params}"},
        "sql_example_no_params": {"zh": "无参数", "en": "No parameters"},
        "sql_load": {"zh": "载入编辑器", "en": "Load into the editor"},
        "sql_history_empty": {
            "zh": "本次会话还没有运行过查询。",
            "en": "No statement run in this session yet.",
        },
        "sql_history_line": {
            "zh": "{at} · {rows} 行 · {ms} 毫秒",
            "en": "{at} · {rows} rows · {ms} ms",
        },
        "sql_history_failed": {"zh": "{at} · 失败：{kind}", "en": "{at} · failed: {kind}"},
        "sql_history_help": {"zh": "点击载入编辑器", "en": "Click to load it into the editor"},
        "sql_chart": {"zh": "快速图表", "en": "Quick chart"},
        "sql_chart_kind": {"zh": "图表类型", "en": "Chart"},
        "sql_chart_line": {"zh": "折线图", "en": "Line"},
        "sql_chart_bar": {"zh": "柱状图", "en": "Bar"},
        "sql_chart_scatter": {"zh": "散点图", "en": "Scatter"},
        "sql_chart_map": {"zh": "地图", "en": "Map"},
        "sql_chart_x": {"zh": "横轴", "en": "X axis"},
        "sql_chart_y": {"zh": "纵轴（可多选）", "en": "Y axis (one or more)"},
        "sql_chart_lon": {"zh": "经度列", "en": "Longitude column"},
        "sql_chart_lat": {"zh": "纬度列", "en": "Latitude column"},
        "sql_chart_size": {"zh": "点大小按", "en": "Point size by"},
        "sql_chart_size_none": {"zh": "（不按列）", "en": "(none)"},
        "sql_chart_title": {"zh": "{y}（按 {x}）", "en": "{y} by {x}"},
        "sql_chart_title_series": {
            "zh": "{y}（按 {x}，分 {series}）",
            "en": "{y} by {x}, one per {series}",
        },
        "sql_chart_series": {"zh": "分系列（颜色）", "en": "Series (colour)"},
        "sql_chart_series_none": {"zh": "（不分）", "en": "(none)"},
        "sql_chart_summed": {
            "zh": "横轴取值相同的行已相加：{rows} 行 → {points} 个点",
            "en": "rows sharing an x value are added up: {rows} rows → {points} points",
        },
        "sql_chart_series_top": {
            "zh": "只画合计最大的 {shown} 个系列（共 {total} 个）",
            "en": "the {shown} largest series of {total} are drawn",
        },
        "sql_chart_values": {"zh": "数值", "en": "Value"},
        "sql_chart_need_y": {
            "zh": "请选择至少一个数值列作为纵轴。",
            "en": "Choose at least one numeric column for the Y axis.",
        },
        "sql_chart_no_numbers": {
            "zh": "结果中没有数值列，无法作图。",
            "en": "The result has no numeric column to chart.",
        },
        "sql_chart_no_coords": {
            "zh": "地图需要经度和纬度列（列名如 lon / lat、center_lon / center_lat）。",
            "en": "A map needs longitude and latitude columns (named like lon / lat, center_lon / center_lat).",
        },
        "sql_map_caption": {
            "zh": "{n} 个点 · 底图为本范围的边界（不加载外部地图）",
            "en": "{n} points · drawn on the scope's own outlines (no basemap is fetched)",
        },
        # Failures, in plain words; DuckDB's own message is shown underneath.
        "sql_fail_syntax": {
            "zh": "SQL 语法有误，无法解析。下方的提示指出了出错的位置。",
            "en": "The SQL has a syntax error and could not be read. The detail below says where.",
        },
        "sql_fail_refused": {
            "zh": "控制台不运行此语句：只能运行一条 SELECT 查询，只能读取左侧列出的表，只能调用计算类函数（不能读写文件、附加数据库、查看或更改设置、读取系统表或范围外的数据）。",
            "en": "The console will not run this statement: only one SELECT, reading only the tables listed on the left and calling only functions that compute (no files, no other databases, no settings, no system tables, nothing outside your scope).",
        },
        "sql_fail_time_limit": {
            "zh": "查询超过 {seconds} 秒的时间限制，已停止。请缩小时间范围、加上条件，或改用汇总表。",
            "en": "The statement was stopped at the time limit of {seconds} s. Narrow the time range, filter, or use an aggregate table.",
        },
        "sql_fail_memory_limit": {
            "zh": "查询超过 {memory} 的内存上限，已停止。请先聚合或减少返回的列。",
            "en": "The statement was stopped at the memory limit of {memory}. Aggregate first or return fewer columns.",
        },
        "sql_fail_failed": {
            "zh": "查询运行失败，常见原因是字段名、表名或数据类型有误。",
            "en": "The statement failed while running; often a column name, table name or type is wrong.",
        },
        "sql_fail_busy": {
            "zh": "你已有 {per_user} 条查询在运行（或服务器上的查询名额已满），等待超时。请待前面的查询结束后再运行。",
            "en": "{per_user} statements of yours are still running (or the server's statement slots are full), and waiting timed out. Run it again when one has finished.",
        },
        "sql_fail_detail": {"zh": "详细信息", "en": "Detail"},
        "sql_kind_busy": {"zh": "排队超时", "en": "waited too long"},
        "sql_waiting_user": {
            "zh": "你已有 {per_user} 条查询在运行，这条查询将在其中一条结束后开始……",
            "en": "{per_user} statements of yours are running; this one starts when one of them ends …",
        },
        "sql_waiting_server": {
            "zh": "服务器上的查询名额已满，这条查询将在有空位时开始……",
            "en": "All of the server's statement slots are taken; this one starts when one is free …",
        },
        "sql_waiting_build": {
            "zh": "首次在本范围查询（或数据已更新）：正在准备只含本范围数据的副本，稍候即开始……",
            "en": "First statement in this scope since the data changed: preparing a copy that holds this scope's rows only; the statement starts right after …",
        },
        "sql_from_link": {
            "zh": "链接中的查询已填入编辑器，尚未运行。检查无误后按“运行”。",
            "en": "The statement from the link is in the editor and has not run. Read it, then press Run.",
        },
        "sql_cut_size": {
            "zh": "结果超过大小上限（{size} 个值），只显示前 {rows} 行",
            "en": "The result is over the size limit ({size} values): the first {rows} rows are shown",
        },
        "sql_left_out": {
            "zh": "……另有 {n} 个字符未显示；过长的查询也不会放进页面链接。",
            "en": "… {n} more characters not shown; a statement this long is not put in the page's link either.",
        },
        "sql_renamed": {
            "zh": "结果中有重名的列，已编号以便区分：{pairs}",
            "en": "The result repeats column names; they are numbered to tell them apart: {pairs}",
        },
        "sql_other_version": {
            "zh": "此结果读取的是数据版本 {ran}，与页面当前的数据版本 {now} 不同。再次运行即读取当前数据。",
            "en": "This result read data version {ran}, not data version {now}, which the page shows. Run it again to read the current data.",
        },
        "sql_kind_syntax": {"zh": "语法错误", "en": "syntax error"},
        "sql_kind_refused": {"zh": "已拒绝", "en": "refused"},
        "sql_kind_time_limit": {"zh": "超过时限", "en": "time limit"},
        "sql_kind_memory_limit": {"zh": "超过内存上限", "en": "memory limit"},
        "sql_kind_failed": {"zh": "运行失败", "en": "failed"},
        # Tables the export contract does not describe.
        "sqltable_incidents_by_grid_day": {
            "zh": "每个网格每天的新增、结案与按期结案数",
            "en": "new, closed and on-time closed incidents per grid per day",
        },
        "sqltable_backlog_by_grid_day": {
            "zh": "每天日末的积压案件（按账龄）及其中超期数",
            "en": "the backlog at each day's end by age bucket, with the overdue part",
        },
        "sqltable_open_spans": {
            "zh": "跨过至少一个午夜仍未结案的事件（积压与超期清单只会出自这里）",
            "en": "incidents open across at least one midnight (the only ones a backlog can hold)",
        },
        "sqltable_catalog_info": {
            "zh": "数据目录信息：数据版本、生成时间、数据截止时间等",
            "en": "catalog facts: data version, build time, data cut-off …",
        },
        "sqltable_catalog_tables": {
            "zh": "各表读入、载入与隔离的行数",
            "en": "rows read, loaded and quarantined per table",
        },
        "sqltable_catalog_quarantine": {
            "zh": "各表按原因的隔离数据行数",
            "en": "quarantined rows per table and reason",
        },
        "sqltable_catalog_files": {
            "zh": "载入的源文件：大小与修改时间",
            "en": "the source files loaded: size and modification time",
        },
        "sqlcol_added": {"zh": "数据目录生成时添加", "en": "added when the catalog is built"},
        "sqlcol_day": {"zh": "日期", "en": "day"},
        "sqlcol_new": {
            "zh": "当天上报的事件数（不含已取消）",
            "en": "incidents reported on the day (cancelled left out)",
        },
        "sqlcol_new_urgent": {"zh": "其中紧急件", "en": "of which urgent"},
        "sqlcol_new_on_spot": {
            "zh": "其中就地解决（未派遣即结案）",
            "en": "of which resolved on the spot (closed without dispatch)",
        },
        "sqlcol_closed": {"zh": "当天结案的事件数", "en": "incidents closed on the day"},
        "sqlcol_closed_with_deadline": {
            "zh": "当天结案且有处置时限的",
            "en": "closed on the day with a deadline",
        },
        "sqlcol_closed_on_time": {
            "zh": "当天按期结案的（结案不晚于时限）",
            "en": "closed on the day by their deadline",
        },
        "sqlcol_age_bucket": {
            "zh": "账龄段：0-1d、1-3d、3-7d、7-30d、30d+",
            "en": "age bucket: 0-1d, 1-3d, 3-7d, 7-30d, 30d+",
        },
        "sqlcol_backlog": {"zh": "日末积压案件数", "en": "cases in the backlog at the day's end"},
        "sqlcol_overdue": {"zh": "其中已超期", "en": "of which overdue"},
        "sqlcol_table_name": {"zh": "表名", "en": "table name"},
        "sqlcol_file": {
            "zh": "源文件（相对导出目录）",
            "en": "source file (relative to the exports)",
        },
        "sqlcol_bytes": {"zh": "文件大小（字节）", "en": "file size, bytes"},
        "sqlcol_modified_at": {"zh": "文件修改时间", "en": "file modification time"},
        "sqlcol_key": {"zh": "项目", "en": "key"},
        "sqlcol_value": {"zh": "值", "en": "value"},
        "sqlcol_reason": {"zh": "隔离原因", "en": "quarantine reason"},
        "sqlcol_rows": {"zh": "行数", "en": "rows"},
        "sqlcol_rows_read": {"zh": "读入行数", "en": "rows read"},
        "sqlcol_rows_loaded": {
            "zh": "载入行数（通过校验）",
            "en": "rows loaded (passed validation)",
        },
        "sqlcol_quarantined": {"zh": "隔离行数", "en": "rows quarantined"},
        # The named queries, as ready examples.
        "sqlquery_active_workers": {
            "zh": "当天在岗网格员，以及其中近 365 天参加过培训的人数",
            "en": "grid workers in post on the day, and how many of them were trained in the 365 days before",
        },
        "sqlquery_active_workers_by_day": {
            "zh": "每天的在岗网格员数",
            "en": "grid workers in post per day",
        },
        "sqlquery_backlog_by_age": {
            "zh": "当天日末积压案件的账龄分布及超期数",
            "en": "the backlog at the day's end by age bucket, with the overdue part",
        },
        "sqlquery_data_quality": {
            "zh": "各表读入、载入、隔离行数及隔离原因",
            "en": "rows read, loaded and quarantined per table, and quarantined rows per reason",
        },
        "sqlquery_grid_coverage_by_day": {
            "zh": "每天：截至当天的 days 天内至少巡查过一次的网格数与网格总数（当天覆盖率 days = 1，近 7 天 days = 7）",
            "en": "per day, the grids patrolled at least once in the `days` days ending on it, and "
            "all grids (the day's coverage: days = 1; the 7-day coverage: days = 7)",
        },
        "sqlquery_kpis_by_day": {
            "zh": "每天的新增、结案、积压、超期及按期结案数",
            "en": "new, closed, backlog and overdue per day, with the on-time counts",
        },
        "sqlquery_late_cases_most_overdue": {
            "zh": "当天日末超期最久的未结案件",
            "en": "the open cases past their deadline at the day's end, most overdue first",
        },
        "sqlquery_late_cases_new_on_day": {
            "zh": "当天新增超期的案件：时限落在当天、日末仍未办结",
            "en": "the cases that went overdue on the day: due that day and still open at its end",
        },
        "sqlquery_overdue_by_handling_unit": {
            "zh": "当天日末各承办单位的超期件数，其中当天新增的件数",
            "en": "overdue cases at the day's end per handling unit, and how many went overdue that day",
        },
        "sqlquery_map_grid_incidents": {
            "zh": "每个网格的中心点与近几天上报的事件数",
            "en": "per grid, its centre and the incidents reported in the last days",
        },
        "sqlquery_map_grids": {
            "zh": "全部网格：边界、中心点、面积及所属社区、街道、区",
            "en": "every grid with outline, centre, area and the places it lies in",
        },
        "sqlquery_places_under": {
            "zh": "本范围下一级的地点及其网格数",
            "en": "the places one level down in the scope, with their grids",
        },
        "sqlquery_resolution_minutes_cohort": {
            "zh": "办结时长（Kaplan–Meier）的输入：上报批次的分钟数与是否结案",
            "en": "the Kaplan–Meier input of a report cohort: minutes to close or cut-off",
        },
        "sqlquery_spikes_by_place": {
            "zh": "各地点当天事件数与前 28 天日均（异常激增的输入）",
            "en": "per place, the day's incidents and the 28-day mean before it (the spike input)",
        },
        "sqlquery_within_limit_cohort": {
            "zh": "时限内办结概率的输入：耗时占处置时限的比例",
            "en": "the within-limit input: elapsed time as a share of each time limit",
        },
    }
)


def _merge_page_strings() -> None:
    """The analysis pages keep their strings in dashboard/strings/<page>.py; a key may be
    defined once only, so one page cannot silently change another's words."""
    from dashboard.strings import analysis, incidents, report, resolution, training, workload

    for module in (analysis, incidents, resolution, workload, training, report):
        twice = STRINGS.keys() & module.STRINGS.keys()
        if twice:
            raise KeyError(f"{module.__name__}: strings defined twice: {sorted(twice)}")
        STRINGS.update(module.STRINGS)


# Access control: who is signed in, roles, refusals.
_add(
    {
        "access_refused": {"zh": "无权访问", "en": "Access refused"},
        "sign_in_needed": {
            "zh": "请先登录：本看板的数据仅向授权人员开放。",
            "en": "Please sign in: this dashboard's data is for authorised staff only.",
        },
        "sign_in": {"zh": "登录", "en": "Sign in"},
        "sign_out": {"zh": "退出登录", "en": "Sign out"},
        "signed_in_as": {"zh": "当前用户", "en": "Signed in as"},
        "scope_label": {"zh": "可见范围", "en": "Scope"},
        "role_director": {"zh": "中心主任", "en": "Director"},
        "role_district_lead": {"zh": "区级负责人", "en": "District lead"},
        "role_analyst": {"zh": "分析员", "en": "Analyst"},
        "role_viewer": {"zh": "查看人员", "en": "Viewer"},
        "deny_remote": {
            "zh": "未配置登录方式，只接受本机浏览器访问；此次访问来自 {ip}。",
            "en": "No sign-in is configured, so only a browser on this machine is served; this "
            "one is at {ip}.",
        },
        "deny_no_header": {
            "zh": "未收到反向代理传来的登录用户（请求头 {header}）。请通过中心的登录入口访问。",
            "en": "No signed-in user came from the reverse proxy (header {header}). Please use "
            "the centre's sign-in address.",
        },
        "deny_no_claim": {
            "zh": "身份令牌中缺少声明 {claim}。",
            "en": "The ID token lacks the claim {claim}.",
        },
        "deny_unknown_user": {
            "zh": "用户 {user} 不在授权名单中。如需访问，请联系综治中心管理员。",
            "en": "{user} is not on the list of authorised users. Ask the centre's administrator "
            "for access.",
        },
        "deny_scope": {
            "zh": "{user} 的可见范围是 {allowed}，不能查看 {asked}。",
            "en": "{user} may see places under {allowed}, not {asked}.",
        },
        "deny_console": {
            "zh": "{user} 的角色（{role}）不能使用 SQL 控制台。",
            "en": "{user}'s role ({role}) has no SQL console.",
        },
        "deny_inventory": {
            "zh": "数据清单描述全市各区的全部数据，仅对可见范围为全市的用户开放。",
            "en": "The data inventory describes every district's rows; it is for users whose "
            "scope is the whole city.",
        },
    }
)

_merge_page_strings()  # last: after every block above
