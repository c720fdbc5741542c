"""Strings every analysis page shares: navigation, the time window, downloads."""

STRINGS: dict[str, dict[str, str]] = {
    "nav_incidents": {"zh": "事件分析", "en": "Incidents"},
    "nav_resolution": {"zh": "办结时长", "en": "Resolution times"},
    "nav_workload": {"zh": "网格员工作量", "en": "Grid-worker workload"},
    "nav_training": {"zh": "培训参与", "en": "Training"},
    "analysis_as_of": {"zh": "截至日期", "en": "As of"},
    "analysis_as_of_help": {
        "zh": "分析截至这一天（含）。默认为数据中最后一个完整日。可输入日期查找，如 11-20。",
        "en": "The analysis runs to the end of this day. Default: the last full day in the data. "
        "Type to find a day, e.g. 11-20.",
    },
    "analysis_days": {"zh": "时间窗口", "en": "Time window"},
    # short enough for the four to sit side by side in the sidebar (the label says what they are)
    "analysis_days_n": {"zh": "{n} 天", "en": "{n} d"},
    "analysis_sub": {
        "zh": "{place} · {first} 至 {last}（{days} 天）",
        "en": "{place} · {first} to {last} ({days} days)",
    },
    "download_csv": {"zh": "CSV", "en": "CSV"},
    "download_xlsx": {"zh": "Excel", "en": "Excel"},
    "download_parquet": {"zh": "Parquet", "en": "Parquet"},
    "download_label": {"zh": "下载", "en": "Download"},
    "no_rows": {"zh": "所选范围内没有数据。", "en": "No rows in the chosen range."},
    "table_first_rows": {
        "zh": "表中显示前 {shown} 行，共 {total} 行；下载的文件含全部 {all} 行。",
        "en": "Showing the first {shown} of {total} rows; the downloads hold all {all} rows.",
    },
    "table_find": {"zh": "查找", "en": "Find"},
    "table_find_help": {
        "zh": "输入编号或名称的一部分，只看相符的行（下载的文件仍含全部行）。",
        "en": "Part of a code or name: only the matching rows are shown (downloads hold every row).",
    },
    "table_found": {"zh": "相符 {n} 行", "en": "{n} matching rows"},
    # incident sources (contract.SOURCES), as every page names them
    "source_patrol": {"zh": "网格员巡查", "en": "Patrol"},
    "source_resident": {"zh": "群众反映", "en": "Residents"},
    "source_hotline": {"zh": "12345 热线", "en": "12345 hotline"},
    "source_video": {"zh": "视频监控", "en": "Video"},
    "source_department": {"zh": "部门移交", "en": "Departments"},
}
