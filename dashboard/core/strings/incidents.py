"""Strings of the /incidents page."""

STRINGS: dict[str, dict[str, str]] = {
    # filters
    "inc_filters": {"zh": "筛选", "en": "Filters"},
    "inc_matter": {"zh": "准入事项", "en": "Matter type"},
    "inc_item": {"zh": "事项清单", "en": "Item"},
    "inc_source": {"zh": "来源", "en": "Source"},
    "inc_all_matters": {"zh": "全部准入事项", "en": "All matter types"},
    "inc_all_items": {"zh": "全部事项", "en": "All items"},
    "inc_item_help": {
        "zh": "先选准入事项，再选其下的具体事项。",
        "en": "Pick a matter type first, then one of its items.",
    },
    "inc_source_help": {
        "zh": "不选即全部来源；可多选。",
        "en": "None selected means every source; several may be picked.",
    },
    "inc_filter_note": {
        "zh": "筛选后：{n} 件，占窗口内全部事件（{total} 件）的 {share}。除异常激增外，本页各图表均按筛选计算。",
        "en": "Filtered: {n} incidents, {share} of all {total} in the window. Every panel except "
        "the spikes follows the filters.",
    },
    # headline
    "inc_m_incidents": {"zh": "事件数", "en": "Incidents"},
    "inc_m_incidents_help": {
        "zh": "窗口内上报的事件（不含已撤销），按筛选计算。",
        "en": "Incidents reported in the window (cancelled left out), filtered.",
    },
    "inc_m_per_day": {"zh": "日均事件", "en": "Per day"},
    "inc_m_per_day_help": {
        "zh": "事件数 ÷ 窗口内有数据的天数（{days} 天）。",
        "en": "Incidents ÷ the window's days inside the data ({days} days).",
    },
    "inc_m_grids": {"zh": "有事件的网格", "en": "Grids with incidents"},
    "inc_m_grids_help": {
        "zh": "窗口内至少上报一件（筛选后）事件的网格数 / 范围内网格总数。",
        "en": "Grids with at least one (filtered) incident in the window / all grids in scope.",
    },
    "inc_m_top_matter": {"zh": "最多的准入事项", "en": "Top matter type"},
    "inc_m_top_matter_help": {
        "zh": "窗口内（筛选后）事件最多的准入事项，及其占事件数的比例。",
        "en": "The matter type with the most (filtered) incidents in the window, and its share.",
    },
    "inc_m_top_item": {"zh": "最多的事项", "en": "Top item"},
    "inc_m_top_item_help": {
        "zh": "所选准入事项下，窗口内（筛选后）事件最多的事项，及其占事件数的比例。",
        "en": "The item of the chosen matter type with the most (filtered) incidents, and its "
        "share.",
    },
    "inc_vs_previous": {"zh": "较前 {days} 天", "en": "vs the {days} days before"},
    "inc_previous_n": {
        "zh": "前 {days} 天：{previous} 件。",
        "en": "The {days} days before: {previous}.",
    },
    "inc_no_previous": {
        "zh": "前一窗口超出数据范围，不作比较",
        "en": "the window before lies outside the data: no comparison",
    },
    # sections
    "inc_section_map": {"zh": "事件分布", "en": "Where incidents were reported"},
    "inc_map_mode": {"zh": "地图样式", "en": "Map style"},
    "inc_map_heat": {"zh": "热力图", "en": "Heat"},
    "inc_map_hex": {"zh": "3D 蜂窝柱", "en": "3D hexagons"},
    "inc_map_caption": {
        "zh": "每个事件计在其所属网格的中心点（位置为近似）；颜色越暖（柱越高）事件越多。点击区域可下钻。",
        "en": "Each incident is counted at its grid's centre (positions approximate); warmer "
        "colours (taller columns) mean more incidents. Click a place to drill down.",
    },
    "inc_map_tooltip_window": {
        "zh": "{first} 至 {last} 事件（筛选后）",
        "en": "Incidents {first} to {last} (filtered)",
    },
    "inc_section_top": {"zh": "事件最多的地点", "en": "Places with the most incidents"},
    "inc_top_tab": {"zh": "{level}", "en": "{level}"},
    "inc_col_rank": {"zh": "排名", "en": "Rank"},
    "inc_col_code": {"zh": "编码", "en": "Code"},
    "inc_col_incidents": {"zh": "事件数", "en": "Incidents"},
    "inc_col_per_day": {"zh": "日均", "en": "Per day"},
    "inc_col_share": {"zh": "占比（%）", "en": "Share (%)"},
    "inc_top_caption": {
        "zh": "按事件数排序；下载文件含范围内全部地点（含零事件）。",
        "en": "Most incidents first; the downloads hold every place in scope, zeros included.",
    },
    "inc_section_when": {"zh": "何时上报", "en": "When incidents are reported"},
    "inc_weekday_caption": {
        "zh": "每格为窗口内该星期几、该小时平均每天上报的件数：窗口内各星期几的天数不等（{days}），"
        "按天平均后格子之间可直接比较。",
        "en": "Each cell: incidents a day, on average, at that hour of that weekday in the "
        "window. The window holds different numbers of each weekday ({days}), so counts are "
        "divided by them and cells compare directly.",
    },
    "inc_weekday_caption_even": {
        "zh": "每格为窗口内该星期几、该小时平均每天上报的件数（窗口内每个星期几各 {n} 天）。",
        "en": "Each cell: incidents a day, on average, at that hour of that weekday in the "
        "window (which holds {n} of each weekday).",
    },
    "inc_section_what": {"zh": "事件构成", "en": "What is reported"},
    "inc_section_sources": {"zh": "来源变化", "en": "Sources over time"},
    "inc_sources_week_caption": {
        "zh": "按周（周一起）汇总；首尾两周可能不满 7 天。",
        "en": "Summed per ISO week (from Monday); the first and last weeks may be partial.",
    },
    "inc_section_spikes": {"zh": "异常激增记录", "en": "History of spikes"},
    "inc_spikes_caption": {
        "zh": "逐日检查 {first} 至 {last}（{days} 天）：当日事件不少于 10 件且按前 28 天日均计的泊松上尾概率低于 1e-4。"
        "按全部事件判定，不受上方筛选影响。与上方地点排行同样的各级地点分别判定（一屏知全城只列其中一级，故处数可能少于此处）。",
        "en": "Each day {first} to {last} ({days} days) checked: at least 10 incidents and a "
        "Poisson upper-tail probability below 1e-4 against the 28-day mean. Judged on all "
        "incidents: the filters above do not apply. Each level of the places ranked above is "
        "judged on its own (the briefing lists one level, so it may count fewer).",
    },
    "inc_spikes_capped": {
        "zh": "为保证速度，只检查窗口内最近 {cap} 天。",
        "en": "Only the window's last {cap} days are checked, to keep the page fast.",
    },
    "inc_spikes_baseline": {
        "zh": "数据开始后的前 28 天没有完整的基线，不作检查。",
        "en": "The data's first 28 days have no full baseline and are not checked.",
    },
    "inc_no_spike_days": {
        "zh": "窗口内没有具备完整 28 天基线的日期，无法判断异常激增。",
        "en": "No day in the window has a full 28-day baseline: spikes cannot be judged.",
    },
    "inc_no_spikes": {"zh": "检查期间没有异常激增。", "en": "No spikes in the days checked."},
    "inc_col_day": {"zh": "日期", "en": "Day"},
    "inc_col_level": {"zh": "层级", "en": "Level"},
    "inc_col_ratio": {"zh": "为日均的倍数", "en": "Times the mean"},
    # charts
    "inc_unit_incidents": {"zh": "件", "en": "incidents"},
    "inc_chart_hour_weekday": {
        "zh": "上报时段：星期 × 小时（日均件数）",
        "en": "Reported by weekday × hour (incidents a day)",
    },
    "inc_unit_per_day": {"zh": "{n} 件/天", "en": "{n} a day"},
    "inc_axis_hour": {"zh": "上报时刻（时，北京时间）", "en": "Hour reported (local time)"},
    "inc_axis_weekday": {"zh": "星期", "en": "Weekday"},
    "inc_hover_hour_weekday": {
        "zh": "{weekday} {hour} 时：平均每天 {per_day} 件（{days} 天共 {n} 件）",
        "en": "{weekday} {hour}:00–{hour}:59: {per_day} a day ({n} incidents over {days} days)",
    },
    "inc_wd_1": {"zh": "周一", "en": "Mon"},
    "inc_wd_2": {"zh": "周二", "en": "Tue"},
    "inc_wd_3": {"zh": "周三", "en": "Wed"},
    "inc_wd_4": {"zh": "周四", "en": "Thu"},
    "inc_wd_5": {"zh": "周五", "en": "Fri"},
    "inc_wd_6": {"zh": "周六", "en": "Sat"},
    "inc_wd_7": {"zh": "周日", "en": "Sun"},
    "inc_chart_treemap": {
        "zh": "准入事项 → 事项清单（件）",
        "en": "Matter types → items (incidents)",
    },
    "inc_hover_treemap": {
        "zh": "{n} 件，占上级 {share}",
        "en": "{n} incidents, {share} of the level above",
    },
    "inc_chart_sources_day": {
        "zh": "各来源每日上报事件（件）",
        "en": "Incidents per day by source",
    },
    "inc_chart_sources_week": {
        "zh": "各来源每周上报事件（件）",
        "en": "Incidents per week by source",
    },
    "inc_axis_week": {"zh": "周（周一日期）", "en": "Week (its Monday)"},
    "inc_chart_spikes": {
        "zh": "异常激增：地点 × 日期（点越大当日事件越多）",
        "en": "Spikes by place and day (larger dot, more incidents)",
    },
    "inc_axis_place": {"zh": "地点", "en": "Place"},
    "inc_hover_spike": {
        "zh": "当日 {n} 件，28 天日均 {baseline} 件",
        "en": "{n} incidents, 28-day mean {baseline}",
    },
    # the SQL console's list of named queries
    "sqlquery_incidents_by_grid": {
        "zh": "每个网格在时间段内上报的事件数（不含已撤销），可按事项、事项类别、来源筛选（空为不筛选）",
        "en": "incidents reported per grid in a range of days (no cancelled), optionally of one item, matter type or sources ('' for all)",
    },
    "sqlquery_incidents_by_hour_weekday": {
        "zh": "按星期几 × 小时、事项、来源统计的上报事件数",
        "en": "incidents reported per weekday × hour, item and source in a range of days",
    },
    "sqlquery_incidents_by_day_source": {
        "zh": "每天、每个事项、每种来源上报的事件数",
        "en": "incidents reported per day, item and source in a range of days",
    },
    "sqlquery_incidents_item_names": {
        "zh": "全部事项清单及其准入事项、分组的中英文名称",
        "en": "every item with its matter type and group, named in Chinese and English",
    },
    "sqlquery_incidents_grid_places": {
        "zh": "范围内每个网格的中心点及网格、社区、街道、区名称",
        "en": "every grid in scope with its centre and the names of its places",
    },
}
