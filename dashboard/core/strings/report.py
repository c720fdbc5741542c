"""Strings of the weekly PDF (dashboard/reporting/report.py, dashboard/reporting/report_pdf.py) and of the /reports
page, with the descriptions of the named queries the PDF's appendix cites."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {}

# the weekly PDF report (dashboard/reporting/report.py)
STRINGS.update(
    {
        "sqlquery_training_by_day": {
            "zh": "每天开始的培训场次与参训人次",
            "en": "per day, the training sessions that started and their participant-times",
        },
        "rep_title": {"zh": "综治中心周报", "en": "Weekly governance report"},
        "rep_week": {"zh": "周次", "en": "Week"},
        "rep_days": {"zh": "日期", "en": "Days"},
        "rep_scope": {"zh": "范围", "en": "Scope"},
        "rep_generated": {"zh": "生成时间", "en": "Generated at"},
        "rep_page": {"zh": "第 {n} 页，共 {total} 页", "en": "Page {n} of {total}"},
        "rep_kpis": {"zh": "本周关键指标", "en": "Key figures of the week"},
        "rep_indicator": {"zh": "指标", "en": "Figure"},
        "rep_this_week": {"zh": "本周", "en": "This week"},
        "rep_prev_week": {"zh": "上周", "en": "Last week"},
        "rep_change": {"zh": "环比变化", "en": "Change"},
        "rep_k_new": {"zh": "新增事件（周合计）", "en": "New incidents (week total)"},
        "rep_k_closed": {"zh": "结案（周合计）", "en": "Closed (week total)"},
        "rep_k_backlog": {"zh": "积压（周日日末）", "en": "Backlog (end of Sunday)"},
        "rep_k_overdue": {"zh": "超期（周日日末）", "en": "Overdue (end of Sunday)"},
        "rep_k_on_time_rate": {"zh": "按期办结率", "en": "On-time rate"},
        "rep_k_km_median_hours": {"zh": "办结时长中位数", "en": "Resolution time (median)"},
        "rep_k_within_limit": {"zh": "时限内办结概率", "en": "Within-limit probability"},
        "rep_k_grid_coverage": {"zh": "网格覆盖率（周均）", "en": "Grid coverage (week mean)"},
        "rep_k_participant_times": {"zh": "参训人次", "en": "Training participant-times"},
        "rep_kpi_notes": {
            "zh": "新增、结案、参训人次为周一至周日合计；积压、超期为周日日末数；网格覆盖率为七天日覆盖率的平均值。"
            "变化：本周减上周（比率为百分点）。",
            "en": "New, closed and participant-times are Monday–Sunday totals; backlog and overdue "
            "are counts at the end of Sunday; grid coverage is the mean of the seven daily "
            "coverages. Change: this week minus last week (rates in percentage points).",
        },
        "rep_rates_note": {
            "zh": "按期办结率与时限内办结概率的区别：按期办结率看本周结案的事件，是其中有处置时限、并在时限内结案的比例；"
            "时限内办结概率看本周上报的事件，是用 Kaplan–Meier 估计的在处置时限内办结的概率，周日日末仍未办结的按截尾计入"
            "（不当作超期，也不当作按期）。办结时长中位数同样看本周上报的事件（Kaplan–Meier，截至周日日末）。",
            "en": "On-time rate and within-limit probability differ: the on-time rate looks at the "
            "cases closed in the week — of those with a time limit, the share closed by their "
            "deadline; the within-limit probability looks at the incidents reported in the week — "
            "the Kaplan–Meier estimate of closing within the time limit, cases still open at the "
            "end of Sunday counted as censored (neither late nor on time). Resolution time "
            "(median) is over the same incidents reported in the week (Kaplan–Meier, censored at "
            "the end of Sunday).",
        },
        "rep_summary": {"zh": "本周要点", "en": "The week in brief"},
        "rep_params_below": {"zh": "同下方各行", "en": "as in the rows below"},
        "rep_subtitle": {
            "zh": "综治中心周报 · {week}（{first} 至 {last}）",
            "en": "Weekly governance report · {week} ({first} to {last})",
        },
        "rep_meta": {
            "zh": "范围：{scope} · 生成时间：{generated}（北京时间） · 数据版本：{version}",
            "en": "Scope: {scope} · generated {generated} (Beijing time) · data version {version}",
        },
        "rep_s_volume": {
            "zh": "本周新增事件 {new} 件，结案 {closed} 件；周日日末积压 {backlog} 件，其中超期 {overdue} 件。",
            "en": "This week {new} new incidents were reported and {closed} closed; at the end of "
            "Sunday {backlog} were open, {overdue} of them overdue.",
        },
        "rep_s_change_up": {
            "zh": "与上周相比变化最大的是{figure}：{now}，比上周的 {before} 增加 {delta}（{pct}）。",
            "en": "The largest change on last week is in {figure}: {now}, up {delta} from "
            "{before} ({pct}).",
        },
        "rep_s_change_down": {
            "zh": "与上周相比变化最大的是{figure}：{now}，比上周的 {before} 减少 {delta}（{pct}）。",
            "en": "The largest change on last week is in {figure}: {now}, down {delta} from "
            "{before} ({pct}).",
        },
        "rep_s_change_none": {
            "zh": "新增、结案、积压、超期与办结时长中位数均与上周持平。",
            "en": "New, closed, backlog, overdue and resolution time (median) are all as last "
            "week.",
        },
        "rep_s_resolution": {
            "zh": "本周上报事件的办结时长中位数为 {median}（上周 {prev}），时限内办结概率 {within}；"
            "本周结案事件的按期办结率 {on_time}。",
            "en": "Of the incidents reported this week, resolution time (median) is {median} "
            "(last week {prev}) and the within-limit probability {within}; the on-time rate of "
            "the cases closed this week is {on_time}.",
        },
        "rep_s_spikes": {
            "zh": "本周街道异常激增 {n} 次，超出最多的是 {day} {name}：{count} 件，前 28 天日均 {baseline} 件。",
            "en": "{n} street spikes this week; the largest was {name} on {day}: {count} "
            "incidents against a 28-day mean of {baseline}.",
        },
        "rep_s_no_spikes": {
            "zh": "本周没有街道出现异常激增。",
            "en": "No street spiked this week.",
        },
        "rep_s_at_risk": {
            "zh": "{day} 到期的未结案件 {due} 件，预计其中 {expected} 件将超期。",
            "en": "{due} open cases are due on {day}; about {expected} of them are expected to "
            "go overdue.",
        },
        "rep_s_no_at_risk": {
            "zh": "没有未结案件在 {day} 到期。",
            "en": "No open case is due on {day}.",
        },
        "rep_s_top_place": {
            "zh": "本周事件最多的{level}是{name}：{count} 件，占 {share}（上周 {before} 件）。",
            "en": "The {level} with the most incidents this week is {name}: {count}, {share} of "
            "all (last week {before}).",
        },
        "rep_s_top_place_no_ref": {
            "zh": "本周事件最多的{level}是{name}：{count} 件，占 {share}。",
            "en": "The {level} with the most incidents this week is {name}: {count}, {share} of "
            "all.",
        },
        "rep_unit_incidents": {"zh": "{n} 件", "en": "{n}"},
        "rep_f_new": {"zh": "新增事件", "en": "new incidents"},
        "rep_f_closed": {"zh": "结案", "en": "closed"},
        "rep_f_backlog": {"zh": "积压", "en": "backlog"},
        "rep_f_overdue": {"zh": "超期", "en": "overdue"},
        "rep_f_km_median_hours": {"zh": "办结时长中位数", "en": "resolution time (median)"},
        "rep_level_6": {"zh": "区县", "en": "district"},
        "rep_level_9": {"zh": "街道", "en": "street"},
        "rep_level_12": {"zh": "社区", "en": "community"},
        "rep_level_16": {"zh": "网格", "en": "grid"},
        "rep_trend": {"zh": "每日趋势（近四周）", "en": "Daily trend (last four weeks)"},
        "rep_backlog": {"zh": "周日日末积压账龄", "en": "Backlog by age at the end of Sunday"},
        "rep_late": {
            "zh": "周日日末超期最久的案件",
            "en": "Most overdue open cases at the end of Sunday",
        },
        "rep_col_id": {"zh": "事件编号", "en": "Incident"},
        "rep_col_place": {"zh": "网格", "en": "Grid"},
        "rep_col_item": {"zh": "事项", "en": "Item"},
        "rep_col_days_overdue": {"zh": "超期（天）", "en": "Overdue (days)"},
        "rep_col_unit": {"zh": "承办单位", "en": "Handling unit"},
        "rep_at_risk": {
            "zh": "次日到期与预计超期",
            "en": "Due the next day and expected to go overdue",
        },
        "rep_at_risk_heading": {
            "zh": "{day} 到期 {due} 件 · 预计超期 {expected} 件",
            "en": "Due on {day}: {due} · expected to go overdue: {expected}",
        },
        "rep_at_risk_note": {
            "zh": "超期概率最高的前 {n} 件。每件的概率按其事项领域近 90 天的 Kaplan–Meier 估计"
            "（已用时长下仍未结者到时限时仍未结的条件概率），预计超期件数为概率之和，是估计值。",
            "en": "The {n} likeliest to miss. Each chance comes from a Kaplan–Meier estimate over "
            "the case's matter group's last 90 days (the chance that a case still open at its age "
            "is still open at its deadline); the expected count is their sum, an estimate.",
        },
        "rep_col_due_at": {"zh": "时限", "en": "Due"},
        "rep_col_p_miss": {"zh": "超期概率", "en": "Chance"},
        "rep_spikes": {"zh": "本周异常激增（街道）", "en": "Spikes of the week (streets)"},
        "rep_col_day": {"zh": "日期", "en": "Day"},
        "rep_col_street": {"zh": "街道", "en": "Street"},
        "rep_col_count": {"zh": "当天事件", "en": "Count"},
        "rep_col_baseline": {"zh": "前 28 天日均", "en": "28-day mean"},
        "rep_col_excess": {"zh": "超出", "en": "Excess"},
        "rep_no_spikes": {"zh": "本周没有异常激增。", "en": "No spikes this week."},
        "rep_more_rows": {"zh": "另有 {n} 行未列出。", "en": "{n} more rows not shown."},
        "rep_none": {"zh": "无。", "en": "None."},
        "rep_quality": {
            "zh": "数据质量：隔离数据（按原因，全市）",
            "en": "Data quality: quarantined rows by reason (whole city)",
        },
        "rep_col_table": {"zh": "表", "en": "Table"},
        "rep_col_reason": {"zh": "原因", "en": "Reason"},
        "rep_col_rows": {"zh": "行数", "en": "Rows"},
        "rep_appendix": {"zh": "附录：数据来源", "en": "Appendix: where every figure comes from"},
        "rep_col_figure": {"zh": "图表 / 指标", "en": "Figure"},
        "rep_col_query": {"zh": "命名查询", "en": "Named query"},
        "rep_col_params": {"zh": "参数", "en": "Parameters"},
        "rep_fingerprint": {"zh": "数据版本与数据指纹", "en": "Data version and fingerprint"},
        "rep_fp_digest": {"zh": "数据指纹", "en": "Fingerprint"},
        "rep_fp_note": {
            "zh": "数据指纹是入库时读取的文件（名称、大小、修改时间）与校验结果的 SHA-256 摘要前 8 位；"
            "数据版本为入库时间（北京时间）加数据指纹。文件或校验结果有任何变化，指纹随之改变；"
            "同一数据版本生成的周报数字相同。",
            "en": "The fingerprint is the first 8 hex digits of a SHA-256 digest of the files read "
            "at ingest (names, sizes, modification times) and of what validation kept; the data "
            "version is the ingest time (Beijing time) followed by the fingerprint. Any change in "
            "the files or the validation changes the fingerprint; reports of one data version "
            "show the same figures.",
        },
        "rep_no_reference": {"zh": "无参照", "en": "no reference"},
    }
)

# The /reports page (views/reports.py).
STRINGS.update(
    {
        "nav_reports": {"zh": "周报", "en": "Weekly reports"},
        "reports_sub": {
            "zh": "生成与下载每周 PDF 简报",
            "en": "Generate and download the weekly PDF",
        },
        "reports_week_help": {
            "zh": "ISO 周（周一至周日）；默认为数据中最后一个完整周。",
            "en": "ISO week (Monday–Sunday); the default is the last full week in the data.",
        },
        "reports_no_week": {
            "zh": "数据中还没有完整的一周。",
            "en": "The data holds no full week yet.",
        },
        "reports_generate": {"zh": "生成周报", "en": "Generate report"},
        "reports_generating": {"zh": "正在生成 PDF……", "en": "Generating the PDF…"},
        "reports_done": {"zh": "已生成 {name}", "en": "Generated {name}"},
        "reports_download": {"zh": "下载 PDF", "en": "Download PDF"},
        "reports_download_short": {"zh": "下载", "en": "Download"},
        "reports_list": {"zh": "已生成的周报", "en": "Reports already generated"},
        "reports_folder": {
            "zh": "保存在服务器的周报目录（GRIDDASH_REPORTS）中；定时任务用 griddash report 写到该目录的周报也列在这里。",
            "en": "Kept in the server's reports folder (GRIDDASH_REPORTS); reports a scheduled "
            "griddash report writes there are listed too.",
        },
        "reports_none": {"zh": "还没有生成过周报。", "en": "No reports generated yet."},
        "reports_col_file": {"zh": "文件", "en": "File"},
        "reports_col_lang": {"zh": "语言", "en": "Language"},
        "reports_col_size": {"zh": "大小", "en": "Size"},
        "reports_col_time": {"zh": "生成时间", "en": "Generated"},
        "reports_col_download": {"zh": "下载", "en": "Download"},
    }
)

# The weekly PDF's resolution section (KM curves by matter group).
STRINGS.update(
    {
        "sqlquery_resolution_minutes_by_group": {
            "zh": "报告周期内上报事件的办结时长（分钟，按事项领域，未办结的截尾）",
            "en": "minutes to close of a report cohort by matter group (open cases censored)",
        },
        "chart_km_title": {
            "zh": "办结时长（Kaplan–Meier，按事项领域）",
            "en": "Time to close (Kaplan–Meier, by matter group)",
        },
        "axis_hours_since_report": {"zh": "上报后小时数", "en": "Hours since report"},
        "axis_share_open": {"zh": "尚未办结比例", "en": "Share still open"},
        "rep_resolution": {
            "zh": "办结时长：本周上报事件（按事项领域）",
            "en": "Resolution: incidents reported this week, by matter group",
        },
        "rep_col_group": {"zh": "事项领域", "en": "Matter group"},
        "rep_col_incidents": {"zh": "事件数", "en": "Incidents"},
        "rep_col_closed": {"zh": "已办结", "en": "Closed"},
        "rep_col_km_median": {"zh": "办结时长中位数（小时）", "en": "Resolution time, median (h)"},
        "rep_col_km_p90": {"zh": "办结时长 P90（小时）", "en": "Resolution time, p90 (h)"},
        "rep_group_unknown": {"zh": "未分类", "en": "Unclassified"},
        "rep_km_note": {
            "zh": "本周（周一至周日）上报、未撤销的事件，周日24时仍未办结的按截尾处理（Kaplan–Meier）；"
            "横轴为对数刻度。办结时长中位数即曲线降至50%的时刻，P90 即降至10%（90% 已办结）的时刻；"
            "“–”表示截至周日尚未降到该比例。",
            "en": "Incidents reported Monday–Sunday (cancelled left out); those still open at the "
            "end of Sunday are censored (Kaplan–Meier); the hours axis is logarithmic. Resolution "
            "time (median) is where a curve falls to 50%, p90 where it falls to 10% (90% "
            "closed); “–” means it has not got there by the end of Sunday.",
        },
    }
)

# The weekly PDF's workload and training page.
STRINGS.update(
    {
        "sqlquery_workload_by_worker": {
            "zh": "期间在岗网格员的工作量（每人一行）：上报事件、办结案件、巡查分钟、走访户数、负责网格",
            "en": "per grid worker in post in the period: incidents reported, cases handled, patrol minutes, households, grids",
        },
        "rep_workload": {
            "zh": "网格员工作量（本周在岗）",
            "en": "Grid worker workload (in post this week)",
        },
        "rep_w_incidents_reported": {"zh": "上报事件（件）", "en": "Incidents reported"},
        "rep_w_patrol_minutes": {"zh": "巡查时长（分钟）", "en": "Patrol minutes"},
        "rep_col_measure": {"zh": "指标", "en": "Measure"},
        "rep_col_total": {"zh": "合计", "en": "Total"},
        "rep_col_mean": {"zh": "人均", "en": "Mean"},
        "rep_col_median": {"zh": "中位数", "en": "Median"},
        "rep_col_max": {"zh": "最多", "en": "Max"},
        "rep_col_gini": {"zh": "基尼系数", "en": "Gini"},
        "rep_workload_note": {
            "zh": "本周在岗网格员{n}人（周日前入职、周一后离职或仍在岗），没有上报或巡查的计为0；"
            "基尼系数0表示人人相同，越接近1越集中在少数人身上。",
            "en": "{n} grid workers in post at some time this week (hired by Sunday, not left "
            "before Monday); those with no report or patrol count as 0. Gini 0 means everyone "
            "equal; the nearer 1, the more it rests on a few.",
        },
        "rep_training": {"zh": "本周培训", "en": "Training this week"},
        "rep_col_sessions": {"zh": "场次", "en": "Sessions"},
        "rep_col_participant_times": {"zh": "参训人次", "en": "Participant-times"},
        "rep_total": {"zh": "合计", "en": "Total"},
        "rep_training_note": {
            "zh": "按开始日期计的培训场次及其参训人次（签到记录）。",
            "en": "Training sessions by the day they started, and their participant-times "
            "(attendance rows).",
        },
    }
)


# The weekly report's incidents map and the places one level below the scope.
STRINGS.update(
    {
        "rep_map": {"zh": "本周事件分布", "en": "Where incidents were reported this week"},
        "rep_map_scale": {"zh": "事件（件）", "en": "Incidents"},
        "rep_map_note": {
            "zh": "各{level}按本周上报事件数着色，颜色越深事件越多；标注为名称与件数。边界取自网格数据，无底图。",
            "en": "Each {level} coloured by the incidents reported in it this week, darker for "
            "more, and labelled with its name and count. Boundaries drawn from the grids "
            "themselves, no basemap.",
        },
        "rep_map_unlabelled": {
            "zh": "地图上放不下全部标注：事件多的先标，{n} 个{level}未标注。",
            "en": "Not every label fits on the map: the busiest are labelled first, {n} "
            "{level} labels are left off.",
        },
        "rep_places": {"zh": "各{level}本周事件", "en": "Incidents this week by {level}"},
        "rep_col_rank": {"zh": "排名", "en": "Rank"},
        "rep_col_place_name": {"zh": "名称", "en": "Name"},
        "rep_col_week_incidents": {"zh": "本周事件", "en": "This week"},
        "rep_col_share": {"zh": "占比", "en": "Share"},
        "rep_col_prev_incidents": {"zh": "上周事件", "en": "Last week"},
    }
)
