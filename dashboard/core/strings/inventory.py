"""Strings of the data inventory page (/data)."""

STRINGS: dict[str, dict[str, str]] = {
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
        "zh": "导出目录（服务器的 GRIDDASH_DATA）中没有找到任何 Parquet 文件。在服务器上生成演示数据并校验"
        "（命令与本服务读取同一目录）：",
        "en": "No Parquet files were found in the exports folder (the server's GRIDDASH_DATA). On the "
        "server, generate demo data and validate it (the commands read the same folder as this "
        "service):",
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
        "zh": "数据来源：导出目录（服务器的 GRIDDASH_DATA）· 校验报告：其中的 {report}",
        "en": "Data: the exports folder (the server's GRIDDASH_DATA) · validation report: {report} in it",
    },
    "validated_at": {"zh": "校验时间", "en": "validated at"},
    "chart_quarantine_x": {"zh": "隔离行数", "en": "quarantined rows"},
}
