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
    "app_name": {"zh": "一屏知全城", "en": "One screen knows the whole city"},
    "centre": {"zh": "综治中心", "en": "governance centre"},
    "city": {"zh": "太原市", "en": "Taiyuan"},
    "city_centre": {"zh": "太原市综治中心", "en": "Taiyuan governance centre"},
    "language": {"zh": "语言", "en": "Language"},
    # navigation
    "nav_inventory": {"zh": "数据清单", "en": "Data inventory"},
    "nav_section_data": {"zh": "数据", "en": "Data"},
    # inventory page
    "inventory_title": {"zh": "数据清单", "en": "Data inventory"},
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
    "kpi_workers": {"zh": "网格员", "en": "Grid workers"},
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
}


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
STRINGS.update(
    {
        "nav_briefing": {"zh": "一屏知全城", "en": "Morning briefing"},
        "nav_section_overview": {"zh": "总览", "en": "Overview"},
        "briefing_sub": {"zh": "{place} · {day} 简报", "en": "{place} · briefing for {day}"},
        "as_of": {"zh": "简报日期", "en": "As of"},
        "as_of_help": {
            "zh": "默认为数据中最后一个完整日",
            "en": "Defaults to the last full day in the data",
        },
        "scope_label": {"zh": "范围", "en": "Scope"},
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
            "en": "Resolution time, median (30 d)",
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
            "zh": "当日有巡查记录的网格占比",
            "en": "Share of grids patrolled on the day",
        },
        "help_active_workers": {"zh": "当日在岗的网格员", "en": "Grid workers in post on the day"},
        "help_training_coverage_365d": {
            "zh": "在岗网格员中近 365 天参加过培训的比例",
            "en": "Share of active grid workers trained in the last 365 days",
        },
        "ref_last_week": {"zh": "较上周同日", "en": "vs same weekday last week"},
        "ref_prev_30d": {"zh": "较前 30 天", "en": "vs previous 30 days"},
        "ref_30d_earlier": {"zh": "较 30 天前", "en": "vs 30 days earlier"},
        "trend_daily_30d": {"zh": "近 30 天逐日", "en": "daily, last 30 days"},
        "trend_weekly": {"zh": "近 4 周逐周", "en": "weekly, last 4 weeks"},
        "no_reference": {"zh": "无对比数据", "en": "no reference in the data"},
        "unit_hours": {"zh": "小时", "en": "h"},
        "section_map": {"zh": "事件热力与异常激增", "en": "Incident heat and spikes"},
        "section_spikes": {"zh": "今日异常激增", "en": "Today's spikes"},
        "section_late": {"zh": "超期最久的案件", "en": "Most overdue cases"},
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
