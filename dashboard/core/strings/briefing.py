"""Strings of the morning briefing (一屏知全城, /) and its wall (kiosk) mode."""

STRINGS: dict[str, dict[str, str]] = {
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
    "day_chosen": {"zh": "{label}：{day}", "en": "{label}: {day}"},
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
    "tile_expected_overdue_24h": {"zh": "预计超期", "en": "Expected to go overdue"},
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
    "help_expected_overdue_24h": {
        "zh": "次日到期（时限在当日结束后 24 小时内）的未结案件中，预计将超期的件数：按事项领域以近 90 天"
        "的 Kaplan–Meier 估计每件超期概率，再求和；为估计值",
        "en": "Of the open cases due the next day (deadline within 24 hours after the day's end), how many "
        "will probably miss it: each case's probability from a Kaplan–Meier estimate over its "
        "matter group's last 90 days, summed; an estimate",
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
    "ref_last_week_short": {"zh": "较上周同日", "en": "vs 7 d ago"},
    "ref_prev_30d_short": {"zh": "较前 30 天", "en": "vs prior 30 d"},
    "ref_30d_earlier_short": {"zh": "较 30 天前", "en": "vs 30 d ago"},
    "trend_daily_30d": {"zh": "近 30 天逐日", "en": "daily, last 30 days"},
    "trend_weekly": {"zh": "近 4 周逐周", "en": "weekly, last 4 weeks"},
    "no_reference": {"zh": "无对比数据", "en": "no reference in the data"},
    "unit_hours": {"zh": "小时", "en": "h"},
    "section_map": {"zh": "事件热力与异常激增", "en": "Incident heat and spikes"},
    # 当日, not 今日: the briefing may be pinned to a past day (历史快照).
    "section_spikes": {"zh": "当日异常激增", "en": "Spikes on the day"},
    "section_late": {"zh": "超期案件", "en": "Overdue cases"},
    # short: four tabs share the lists' column, a long English one was cut off ("By han…")
    "late_tab_new": {"zh": "当日新增超期 {n} 件", "en": "New overdue: {n}"},
    "late_tab_units": {"zh": "按承办单位", "en": "By unit"},
    "late_tab_longest": {"zh": "超期最久", "en": "Longest overdue"},
    "late_tab_at_risk": {
        # the tile above says how many are expected to go overdue; four tabs must fit
        "zh": "{day} 到期 {due} 件",
        "en": "Due {day}: {due}",
    },
    # Under the tab that names the day ("12-01 到期 0 件"): not "today", wrong on a past day.
    "no_at_risk": {"zh": "无到期的未结案件", "en": "No open case falls due that day"},
    # Under a case list cut to its first rows (the tab names the whole count).
    "list_first_rows": {
        "zh": "仅列前 {shown} 行，共 {total} 行",
        "en": "The first {shown} of {total}",
    },
    "col_p_miss": {"zh": "超期概率", "en": "Chance of missing"},
    "late_units_title": {"zh": "超期 · 按承办单位", "en": "Overdue by handling unit"},
    "no_new_late": {"zh": "当日无新增超期案件", "en": "No case went overdue on the day"},
    "unit_not_dispatched": {"zh": "（尚未派遣）", "en": "(not dispatched yet)"},
    "col_days_overdue": {"zh": "超期（天）", "en": "Days overdue"},
    "col_due_at": {"zh": "时限", "en": "Due"},
    "col_overdue_cases": {"zh": "超期件数", "en": "Overdue"},
    "col_new_overdue": {"zh": "当日新增", "en": "New on the day"},
    "col_max_days_overdue": {"zh": "最长（天）", "en": "Longest (days)"},
    "tile_extra_coverage_7d": {"zh": "近 7 天 {value}", "en": "7 days: {value}"},
    # the day named: the day after the as-of day, which is "today" only at the next morning's
    # briefing, not on a day looked back at
    "tile_extra_due_24h": {"zh": "{day} 到期 {value} 件", "en": "due {day}: {value}"},
    "snapshot_banner": {
        "zh": "历史快照 · {day} · 不随新数据更新",
        "en": "Historical snapshot · {day} · does not update",
    },
    "snapshot_badge": {"zh": "历史快照", "en": "Historical snapshot"},
    "strip_data_until": {"zh": "数据截至 {day} 24:00", "en": "Data up to {day} 24:00"},
    "strip_new_late": {"zh": "当日新增超期 {n} 件", "en": "New overdue: {n}"},  # as the tab
    "strip_no_new_late": {"zh": "当日无新增超期案件", "en": "No case went overdue on the day"},
    "section_trends": {"zh": "近 30 天趋势", "en": "Last 30 days"},
    "no_spikes": {"zh": "当日无异常激增", "en": "No spikes on the day"},
    "no_late": {"zh": "当前无超期案件", "en": "No overdue cases"},
    "col_place": {"zh": "地点", "en": "Place"},
    "col_count": {"zh": "当日事件", "en": "Incidents"},
    "col_baseline": {"zh": "28 天日均", "en": "28-day mean"},
    # The wall's narrow list columns at ≥ 24 px: English headings short enough for one line.
    "col_baseline_wall": {"zh": "28 天日均", "en": "28-d mean"},
    "col_new_overdue_wall": {"zh": "当日新增", "en": "New"},
    "col_new_overdue_weekend_wall": {"zh": "周末新增", "en": "New"},
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
    # The weekend read together on a Monday (period=weekend; measures.period defines it).
    "briefing_sub_weekend": {
        "zh": "{place} · 周末合并（周六、周日）{first} 至 {last} 简报",
        "en": "{place} · the weekend (Saturday and Sunday), {first} to {last}",
    },
    "weekend_toggle": {
        "zh": "周末合并（周六、周日）",
        "en": "The weekend together (Saturday and Sunday)",
    },
    "weekend_toggle_help": {
        "zh": "简报日期为周日时可用：周六、周日两天合并为一期，与上一个周末的同两天对比",
        "en": "As of a Sunday: Saturday and Sunday read as one period, against the same two days "
        "a week earlier",
    },
    "weekend_note": {
        "zh": "周末合并：新增、结案为周六、周日两天之和；积压、超期为周日 24:00 的数；周末新增超期为时限落在"
        "这两天且周日结束时仍未结案的案件；网格覆盖率为两天内巡查过的网格占比；异常激增逐日判定；"
        "对比为上一个周末的同两天。30 天指标、预计超期与在岗网格员按周日计。",
        "en": "The weekend together: new and closed are the sums of Saturday and Sunday; backlog "
        "and overdue are counted at Sunday 24:00; went overdue over the weekend are the cases due "
        "on either day and still open at its end; grid coverage is the share of grids patrolled "
        "on either day; spikes are judged day by day; the reference is the same two days a week "
        "earlier. The 30-day figures, expected to go overdue and active grid workers are as of "
        "Sunday.",
    },
    "period_unknown": {
        "zh": "链接中的 period={asked} 无法识别，已显示 {day} 当日简报（可用：weekend，周日适用）",
        "en": "period={asked} in the link is not known: showing the day {day} (known: weekend, "
        "as of a Sunday)",
    },
    "period_not_sunday": {
        "zh": "周末合并仅适用于周日（{day} 不是周日），已显示当日简报",
        "en": "The weekend view is for a Sunday only ({day} is not one): showing the day",
    },
    "period_no_data": {
        "zh": "数据未覆盖 {day} 前的周六，已显示当日简报",
        "en": "The data does not reach the Saturday before {day}: showing the day",
    },
    "ref_last_weekend": {"zh": "较上周末同两天", "en": "vs the same two days a week earlier"},
    "ref_last_weekend_short": {"zh": "较上周末", "en": "vs last weekend"},
    "help_new_weekend": {
        "zh": "周六、周日两天上报的事件（不含已撤销）",
        "en": "Incidents reported on Saturday and Sunday (cancelled left out)",
    },
    "help_closed_weekend": {
        "zh": "周六、周日两天结案的事件",
        "en": "Incidents closed on Saturday and Sunday",
    },
    "help_backlog_weekend": {
        "zh": "周日结束时尚未结案的事件",
        "en": "Reported and not closed by the end of Sunday",
    },
    "help_overdue_weekend": {
        "zh": "周日结束时积压中已过处置时限的事件",
        "en": "Backlog past its deadline at the end of Sunday",
    },
    "help_grid_coverage_weekend": {
        "zh": "周六或周日有巡查记录的网格占比；近 7 天：7 天内至少巡查过一次的网格占比",
        "en": "Share of grids patrolled on Saturday or Sunday; 7 days: share patrolled at least "
        "once in the 7 days ending on Sunday",
    },
    "section_spikes_weekend": {"zh": "周末异常激增（逐日）", "en": "Weekend spikes (day by day)"},
    "no_spikes_weekend": {"zh": "周末两天均无异常激增", "en": "No spikes on either day"},
    "late_tab_new_weekend": {
        "zh": "周末新增超期 {n} 件",
        "en": "New overdue, weekend: {n}",
    },
    "no_new_late_weekend": {
        "zh": "周末无新增超期案件",
        "en": "No case went overdue over the weekend",
    },
    "col_new_overdue_weekend": {"zh": "周末新增", "en": "New at the weekend"},
    "strip_new_late_weekend": {
        "zh": "周末新增超期 {n} 件",
        "en": "New overdue, weekend: {n}",
    },
    "strip_no_new_late_weekend": {
        "zh": "周末无新增超期案件",
        "en": "No case went overdue at the weekend",
    },
    "col_day": {"zh": "日期", "en": "Day"},
    "kiosk_day": {"zh": "{day} 简报", "en": "briefing for {day}"},
    "kiosk_weekend": {"zh": "周末合并 {first} 至 {last}", "en": "the weekend {first} to {last}"},
    # The wall's carousel (kiosk=1&cycle=60).
    "carousel_open": {"zh": "打开大屏轮播", "en": "Open the kiosk carousel"},
    "carousel_open_help": {
        "zh": "大屏依次显示本级与下一级各地（如全市与各区），每处 {seconds} 秒；可在链接中修改 cycle",
        "en": "The wall shows this place and each place below it in turn (the city and each "
        "district), {seconds} s each; change cycle in the link",
    },
    "carousel_next": {
        "zh": "轮播 {i}/{n} · 下一个：{place} {seconds} 秒",
        "en": "{i}/{n} · next: {place} in {seconds} s",
    },
    "carousel_bad_cycle": {
        "zh": "轮播间隔 cycle={asked} 无效（应为 {low}–{high} 秒的整数），已按 {seconds} 秒轮播",
        "en": "cycle={asked} is not valid (a whole number of seconds, {low}–{high}): turning "
        "every {seconds} s",
    },
    "carousel_needs_kiosk": {
        "zh": "链接中的 cycle={asked} 只在大屏模式下轮播：请在链接中加上 kiosk=1",
        "en": "cycle={asked} in the link turns the wall in kiosk mode only: add kiosk=1 to it",
    },
    "quarantined_rows_details": {"zh": "查看隔离数据详情", "en": "Quarantined rows in detail"},
}
