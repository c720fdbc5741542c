"""Strings of the /resolution page."""

STRINGS: dict[str, dict[str, str]] = {
    # named queries (the SQL console lists them as examples)
    "sqlquery_resolution_minutes_by_place": {
        "zh": "上报批次的办结时长（分钟，按下一级地点，未办结的截尾）",
        "en": "minutes to close of a report cohort by place one level down (open cases censored)",
    },
    "sqlquery_resolution_minutes_by_source": {
        "zh": "上报批次的办结时长（分钟，按事件来源，未办结的截尾）",
        "en": "minutes to close of a report cohort by source (open cases censored)",
    },
    "sqlquery_resolution_limit_hours_by_urgency": {
        "zh": "上报批次按紧急程度的处置时限（小时）：件数、中位数、最短、最长",
        "en": "time limits of a report cohort per urgency: incidents, median, min and max hours",
    },
    "sqlquery_stage_minutes_by_stage": {
        "zh": "上报批次各流程环节（受理、派遣、处置、核查、结案）耗时的中位数与 P90（分钟）",
        "en": "median and p90 minutes of each workflow stage (accept … close) of a report cohort",
    },
    "sqlquery_stage_open_cases_by_last_step": {
        "zh": "日末未结案件按最后一个流程环节分布，含超期数与账龄中位数",
        "en": "the backlog at the day's end by the last step reached, with overdue and median age",
    },
    "sqlquery_resolution_returns_by_level": {
        "zh": "上报批次派遣案件按处置层级的退回与升级件数",
        "en": "returned and escalated cases of a report cohort's dispatched cases per level",
    },
    "sqlquery_resolution_by_handling_unit": {
        "zh": "承办单位排行：期间结案数、按期结案数、结案时长中位数、退回数、期末未结与超期",
        "en": "handling-unit league: closed, closed on time, median hours, returns, open, overdue",
    },
    "sqlquery_resolution_satisfaction_by_score": {
        "zh": "期间结案事件的满意度评分分布（按是否按期结案）",
        "en": "satisfaction scores of the incidents closed in the window, by on-time or late",
    },
    # units
    "res_unit_min": {"zh": "分钟", "en": " min"},
    "res_unit_h": {"zh": "小时", "en": " h"},
    "res_unit_day": {"zh": "天", "en": " d"},
    # headline
    "res_intro": {
        "zh": "本页回答：事件要多久才能办结、卡在哪个环节、哪些单位慢、群众是否满意。"
        "办结时长按 Kaplan–Meier 方法计算：窗口内上报、未撤销的事件，截至日期末仍未办结的按截尾处理。",
        "en": "How long do incidents take to close, where do cases stall, which units are "
        "slow, and are residents satisfied? Resolution times are Kaplan–Meier estimates over the "
        "incidents reported in the window (cancelled left out); those still open at the end of "
        "the as-of day are censored.",
    },
    "res_m_incidents": {"zh": "窗口内上报事件", "en": "Incidents reported"},
    "res_m_incidents_help": {
        "zh": "时间窗口内上报、未撤销的事件（批次）；括号内为截至日期末仍未办结的件数。",
        "en": "Incidents reported in the window, cancelled left out (the cohort); below, how "
        "many are still open at the end of the as-of day.",
    },
    "res_m_open": {"zh": "{n} 件未办结", "en": "{n} still open"},
    "res_m_km_median": {"zh": "办结时长中位数", "en": "Resolution time (median)"},
    "res_m_km_p90": {"zh": "办结时长 P90", "en": "p90 to close"},
    "res_m_km_help": {
        "zh": "Kaplan–Meier 估计：未办结曲线降到 50%（P90：10%）的时刻；“–”表示截至日期末尚未降到该比例。",
        "en": "Kaplan–Meier estimate: when the share still open falls to 50 % (p90: 10 %); "
        "“–” means it has not got there by the end of the as-of day.",
    },
    "res_m_naive": {"zh": "已结案中位数（偏低）", "en": "Closed-only median"},
    "res_m_naive_help": {
        "zh": "只看已结案事件的中位时长，忽略了仍未办结的事件；仅用于说明偏差，不作考核。",
        "en": "Median of the closed incidents only, ignoring those still open; shown only to "
        "explain the bias, not as a measure.",
    },
    "res_m_within": {"zh": "时限内办结概率", "en": "Within-limit probability"},
    "res_m_within_help": {
        "zh": "有处置时限的事件中，在时限内办结的估计比例（Kaplan–Meier，耗时÷时限 ≤ 1，截尾同上）。",
        "en": "Of the incidents with a time limit, the estimated share closed within it "
        "(Kaplan–Meier over elapsed ÷ limit ≤ 1, censored as above).",
    },
    "res_m_on_time": {"zh": "按期办结率", "en": "On-time rate"},
    "res_m_on_time_help": {
        "zh": "窗口内结案且有处置时限的事件中，在时限内结案的比例。",
        "en": "Of the incidents closed in the window that have a deadline, the share closed by it.",
    },
    "res_why": {
        "zh": "为什么两个中位数不同：截至日期末仍有 {open} 件（{share}）未办结，它们正是耗时最长的那部分；"
        "只看已结案事件会把它们漏掉，所以“已结案中位数”为 {naive}，Kaplan–Meier 中位数为 {km}"
        "（{direction}）。差距在慢的分组和长尾上更大，见“{section}”一节表格的最后三列。",
        "en": "Why the two medians differ: {open} incidents ({share}) are still open at the end "
        "of the as-of day, and they are the slow ones; a median of the closed cases alone "
        "leaves them out, so it reads {naive} against the Kaplan–Meier median's {km} "
        "({direction}). The gap grows for slow segments and in the tail: see the last three "
        "columns of the table under “{section}”.",
    },
    "res_why_agree": {
        "zh": "两个中位数此处几乎相同（{km}）：截至日期末仍有 {open} 件（{share}）未办结，它们是耗时最长的"
        "那部分，只看已结案事件会漏掉它们，但此处不影响中间位置；差距在慢的分组和长尾上显现，见“{section}”一节表格的最后三列。",
        "en": "The two medians agree here ({km}): {open} incidents ({share}) are still open at "
        "the end of the as-of day, the slow ones, which a median of the closed cases alone "
        "leaves out; here they do not move the middle. The gap shows for slow segments and in "
        "the tail: see the last three columns of the table under “{section}”.",
    },
    "res_why_lower": {"zh": "前者偏低 {diff}", "en": "{diff} too low"},
    "res_why_higher": {"zh": "此处前者反而高 {diff}", "en": "here the former is {diff} higher"},
    "res_why_none": {
        "zh": "窗口内的事件均已办结，两个中位数相同。",
        "en": "Every incident in the window is closed, so the two medians agree.",
    },
    "res_few": {
        "zh": "窗口内只有 {n} 件事件（少于 {least} 件）：以下时长与比率只描述这几件，看不出规律；"
        "放宽时间窗口或上钻一级可看得更准。",
        "en": "Only {n} incidents in the window (fewer than {least}): the times and rates below "
        "describe these few, not a pattern; a longer window or the place above tells more.",
    },
    "res_few_one": {
        "zh": "窗口内只有 1 件事件：以下时长与比率只描述这一件，看不出规律；放宽时间窗口或上钻一级"
        "可看得更准。",
        "en": "Only one incident in the window: the times and rates below describe it, not a "
        "pattern; a longer window or the place above tells more.",
    },
    # KM section
    "res_km_heading": {"zh": "办结时长曲线", "en": "Time to close"},
    "res_split": {"zh": "分组", "en": "Split by"},
    "res_split_group": {"zh": "事项领域", "en": "Matter group"},
    "res_split_place": {"zh": "下一级地点", "en": "Place one level down"},
    "res_split_source": {"zh": "事件来源", "en": "Source"},
    "res_chart_km": {
        "zh": "办结时长（Kaplan–Meier，按{split}）",
        "en": "Time to close (Kaplan–Meier, by {split_lower})",
    },
    "res_axis_log": {"zh": "（对数刻度）", "en": " (log scale)"},
    "res_guide_median": {"zh": "50%：中位数", "en": "50 %: median"},
    "res_guide_p90": {"zh": "10%：P90", "en": "10 %: p90"},
    # the median of the cohort's own limits, not a rule: it moves with the window
    "res_limit_urgent": {"zh": "紧急件时限中位数 {h}", "en": "urgent limit, median {h}"},
    "res_limit_normal": {"zh": "一般件时限中位数 {h}", "en": "normal limit, median {h}"},
    "res_limit_none": {"zh": "本批无", "en": "none in the cohort"},
    "res_km_note": {
        "zh": "曲线表示上报后经过若干小时仍未办结的比例，越早降到底越快。竖向点线为本批次处置时限的中位数"
        "（紧急件 {urgent}，一般件 {normal}）。图中只画件数最多的 {n} 组，全部分组见下表。",
        "en": "Each curve is the share still open so many hours after report; the sooner it "
        "falls, the faster. Dotted vertical lines: the cohort's median time limit (urgent {urgent}, "
        "normal {normal}). The chart draws the {n} largest segments; the table lists all.",
    },
    "res_col_segment": {"zh": "分组", "en": "Segment"},
    "res_col_incidents": {"zh": "上报件数", "en": "Incidents"},
    "res_col_closed": {"zh": "已办结", "en": "Closed"},
    "res_col_still_open": {"zh": "未办结", "en": "Still open"},
    "res_col_km_median": {"zh": "办结时长中位数（小时）", "en": "Resolution time (median, h)"},
    "res_col_km_p90": {"zh": "KM P90（小时）", "en": "KM p90 (h)"},
    "res_col_naive": {"zh": "仅已结案中位数（小时）", "en": "Closed-only median (h)"},
    # stages
    "res_stall_heading": {"zh": "卡在哪个环节", "en": "Where cases stall"},
    "res_chart_stages": {
        "zh": "各环节耗时（圆点：中位数，线段末端：P90）",
        "en": "Time per workflow stage (dot: median, bar end: p90)",
    },
    "res_axis_stage_hours": {"zh": "耗时（对数刻度）", "en": "Time taken (log scale)"},
    "res_median": {"zh": "中位数", "en": "median"},
    "res_path_spot": {"zh": "就地解决", "en": "Resolved on the spot"},
    "res_path_case": {"zh": "派遣处置", "en": "Dispatched cases"},
    "res_stage_accept": {"zh": "上报→受理", "en": "Report → accept"},
    "res_stage_dispatch": {"zh": "受理→派遣", "en": "Accept → dispatch"},
    "res_stage_handle": {"zh": "处置（至办结反馈）", "en": "Handle (to resolved)"},
    "res_stage_verify": {"zh": "反馈→核查", "en": "Resolved → verify"},
    "res_stage_close": {"zh": "核查（或反馈）→结案", "en": "Verify (or resolve) → close"},
    "res_stages_note": {
        "zh": "窗口内上报事件已完成的环节，取各环节第一次发生的时间；派遣件的处置环节自首次派遣起算，"
        "含退回重派的时间；就地解决的处置环节自受理起算。未完成的环节不计入，它们见右图。",
        "en": "Stages completed by the end of the as-of day by the incidents reported in the "
        "window, each step at the first time it was recorded; a dispatched case's handling "
        "counts from its first dispatch, returns included; on the spot, from acceptance. "
        "Unfinished stages are left out here: they are on the right.",
    },
    "res_chart_open_steps": {
        "zh": "未结案件停在哪一步（截至日期末）",
        "en": "Open cases by the last step reached (end of as-of day)",
    },
    "res_open_note": {
        "zh": "截至日期末全部未结案件（不限上报时间）按最后一个已发生的环节分布；橙红色为已超期。",
        "en": "Every case open at the end of the as-of day (whenever reported), by the last "
        "step it reached; orange-red: past its deadline.",
    },
    "res_step_report": {"zh": "已上报，待受理", "en": "Reported, not accepted"},
    "res_step_accept": {"zh": "已受理，待派遣", "en": "Accepted, not dispatched"},
    "res_step_dispatch": {"zh": "已派遣，处置中", "en": "Dispatched, being handled"},
    "res_step_return": {"zh": "被退回，待重派", "en": "Returned, awaiting dispatch"},
    "res_step_escalate": {"zh": "已升级", "en": "Escalated"},
    "res_step_resolve": {"zh": "已反馈，待核查", "en": "Resolved, awaiting verification"},
    "res_step_verify": {"zh": "已核查，待结案", "en": "Verified, awaiting close"},
    "res_step_none": {"zh": "无流程记录", "en": "No step recorded"},
    "res_col_stage": {"zh": "环节", "en": "Stage"},
    "res_col_path": {"zh": "办理方式", "en": "Path"},
    "res_col_cases": {"zh": "件数", "en": "Cases"},
    "res_col_median_hours": {"zh": "中位数（小时）", "en": "Median (h)"},
    "res_col_p90_hours": {"zh": "P90（小时）", "en": "p90 (h)"},
    "res_col_last_step": {"zh": "最后环节", "en": "Last step"},
    "res_col_overdue": {"zh": "已超期", "en": "Overdue"},
    "res_col_median_age": {"zh": "账龄中位数（小时）", "en": "Median age (h)"},
    # backlog, returns
    "res_backlog_heading": {"zh": "积压与退回、升级", "en": "Backlog, returns and escalations"},
    "res_chart_returns": {
        "zh": "派遣案件的退回率与升级率（按处置层级）",
        "en": "Dispatched cases returned and escalated, by level",
    },
    "res_axis_level": {"zh": "处置层级", "en": "Handling level"},
    "res_axis_share_cases": {"zh": "占派遣案件比例", "en": "Share of dispatched cases"},
    "res_series_returned": {"zh": "曾被退回", "en": "Returned at least once"},
    "res_series_escalated": {"zh": "曾升级", "en": "Escalated"},
    "res_level_grid": {"zh": "网格", "en": "Grid"},
    "res_level_community": {"zh": "社区（村）", "en": "Community"},
    "res_level_street": {"zh": "街道（乡镇）", "en": "Street"},
    "res_level_district": {"zh": "区（县、市）", "en": "District"},
    "res_level_city": {"zh": "市级", "en": "City"},
    "res_returns_note": {
        "zh": "窗口内上报、截至日期末已派遣的案件，按处置层级由下而上排列；退回指承办单位将案件退回重派，"
        "升级指提交上一级处理。层级是案件最终所在的一级：升级过的案件都落在上面的层级，所以层级越高、"
        "升级比例越高，这是定义使然，不说明该层级处置有问题。",
        "en": "Cases reported in the window and dispatched by the end of the as-of day, levels "
        "from the grid up; a return is a unit sending a case back to be re-dispatched, an "
        "escalation a case going up a level. The level is where a case ended up: an escalated "
        "case ends on a higher level, so the higher the level the larger its escalated share — "
        "true by definition, not a sign of trouble at that level.",
    },
    "res_col_level": {"zh": "处置层级", "en": "Level"},
    "res_col_dispatched": {"zh": "派遣案件", "en": "Dispatched cases"},
    "res_col_returned": {"zh": "曾被退回（件）", "en": "Cases returned"},
    "res_col_escalated": {"zh": "曾升级（件）", "en": "Cases escalated"},
    "res_col_return_rate": {"zh": "退回率（%）", "en": "Return rate (%)"},
    "res_col_escalation_rate": {"zh": "升级率（%）", "en": "Escalation rate (%)"},
    "res_col_returns": {"zh": "退回（次）", "en": "Returns (times)"},
    "res_col_escalations": {"zh": "升级（次）", "en": "Escalations (times)"},
    "res_backlog_note": {
        "zh": "截至日期末的积压案件（与首页相同的口径），按账龄分组；橙红色为已超期。",
        "en": "The backlog at the end of the as-of day (as on the briefing), by age; orange-red: overdue.",
    },
    # league
    # 次日: the day after the window's last day (today only when that is yesterday); the note
    # below names it.
    "res_due_heading": {
        "zh": "次日到期与预计超期",
        "en": "Due the next day and expected to go overdue",
    },
    "res_due_note": {
        "zh": "{day} 结束时未结、时限在其后 24 小时内的案件共 {due} 件，预计超期 {expected} 件。"
        "每件的超期概率按其事项领域近 90 天的 Kaplan–Meier 估计：已用时长下仍未结的案件，"
        "到时限时仍未结的条件概率；求和为估计值。与上方时间窗无关。",
        "en": "Open at the end of {day} and due in the 24 hours after: {due} cases, of which "
        "{expected} are expected to go overdue. Each case's chance comes from a Kaplan–Meier "
        "estimate over its matter group's last 90 days: the chance that a case still open at its "
        "age is still open at its deadline; the sum is an estimate. The window above does not "
        "change it.",
    },
    "res_col_group": {"zh": "事项领域", "en": "Matter group"},
    "res_col_due": {"zh": "次日到期", "en": "Due the next day"},
    "res_col_expected_overdue": {"zh": "预计超期", "en": "Expected overdue"},
    "res_col_expected_share": {"zh": "预计超期占比（%）", "en": "Expected overdue (%)"},
    "res_col_incident": {"zh": "事件编号", "en": "Incident"},
    "res_col_grid": {"zh": "网格", "en": "Grid"},
    "res_col_item": {"zh": "事项", "en": "Item"},
    "res_col_deadline": {"zh": "时限", "en": "Due at"},
    "res_col_age_hours": {"zh": "已用（小时）", "en": "Age (h)"},
    "res_col_limit_hours": {"zh": "时限（小时）", "en": "Limit (h)"},
    "res_col_p_miss": {"zh": "超期概率（%）", "en": "Chance of missing (%)"},
    "res_league_heading": {"zh": "承办单位排行", "en": "Handling-unit league table"},
    "res_league_note": {
        "zh": "窗口内结案的派遣案件（就地解决的不计）；结案时长中位数只看已结案件（非 Kaplan–Meier，"
        "偏低），请与期末未结、超期件数一并看。点击列名可排序。",
        "en": "Dispatched cases closed in the window (on-the-spot ones are not assigned to a "
        "unit). The median is of the closed cases only (not Kaplan–Meier, so biased low): read "
        "it with the open and overdue counts beside it. Click a column heading to sort.",
    },
    "res_league_min": {"zh": "至少结案件数", "en": "At least this many closed"},
    "res_col_unit": {"zh": "承办单位", "en": "Handling unit"},
    "res_col_closed_window": {"zh": "结案数", "en": "Closed"},
    "res_col_on_time_rate": {"zh": "按期办结率（%）", "en": "On-time rate (%)"},
    "res_col_median_closed": {
        "zh": "结案时长中位数（小时，仅已结案）",
        "en": "Median to close (h, closed only)",
    },
    "res_col_unit_returns": {"zh": "退回次数", "en": "Returns"},
    "res_col_open_end": {"zh": "期末未结", "en": "Open at end"},
    "res_col_overdue_end": {"zh": "期末超期", "en": "Overdue at end"},
    # satisfaction
    "res_sat_heading": {"zh": "群众满意度", "en": "Satisfaction"},
    "res_chart_satisfaction": {
        "zh": "满意度评分分布（窗口内结案事件）",
        "en": "Satisfaction scores (incidents closed in the window)",
    },
    "res_axis_score": {
        "zh": "评分（1 很不满意 … 5 很满意）",
        "en": "Score (1 very poor … 5 very good)",
    },
    "res_series_on_time": {"zh": "按期结案", "en": "Closed on time"},
    "res_series_late": {"zh": "超期结案", "en": "Closed late"},
    "res_series_no_limit": {"zh": "无处置时限", "en": "No time limit"},
    "res_m_sat_mean": {"zh": "平均评分", "en": "Mean score"},
    "res_m_sat_rated": {"zh": "评价率", "en": "Share rated"},
    "res_m_sat_rated_help": {
        "zh": "窗口内结案事件中有满意度评分的比例。",
        "en": "Of the incidents closed in the window, the share with a satisfaction score.",
    },
    "res_m_sat_late": {"zh": "超期结案的平均评分", "en": "Mean score, closed late"},
    "res_col_score": {"zh": "评分", "en": "Score"},
    "res_col_total": {"zh": "合计", "en": "Total"},
}
