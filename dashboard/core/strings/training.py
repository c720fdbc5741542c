"""Strings of the /training page (keys prefixed `tr_`, plus the SQL console's `sqlquery_training_*`
lines for the page's named queries)."""

STRINGS: dict[str, dict[str, str]] = {
    # headline figures
    "tr_kpi_participant_times": {"zh": "累计参训人次", "en": "Participant-times (all time)"},
    "tr_kpi_participant_times_help": {
        "zh": "从数据中第一场培训到截至日期的参训记录数（一人参加一场记一人次）。",
        "en": "Attendance records from the first session in the data to the as-of day "
        "(one person at one session is one participant-time).",
    },
    "tr_kpi_sessions": {"zh": "累计培训场次", "en": "Sessions (all time)"},
    "tr_kpi_sessions_help": {
        "zh": "从数据中第一场培训到截至日期开始的培训场次。",
        "en": "Sessions that started from the first one in the data to the as-of day.",
    },
    "tr_kpi_coverage": {"zh": "覆盖率（365天）", "en": "Coverage (365 d)"},
    "tr_kpi_never": {"zh": "从未参训", "en": "Never trained"},
    "tr_kpi_lapsed": {"zh": "培训中断", "en": "Lapsed"},
    "tr_kpi_hours": {"zh": "人均时长中位数", "en": "Median hours"},
    "tr_kpi_hours_help": {
        "zh": "每名在岗网格员近 365 天参训时长（分钟 ÷ 60）的中位数，未参训者计 0。",
        "en": "Median hours per worker: over the active grid workers, the hours attended "
        "(minutes ÷ 60) in the 365 days; workers with none count as 0.",
    },
    "tr_kpi_status_help": {
        "zh": "截至日期在岗网格员中：从未参训 = 数据中没有任何以网格员身份的参训记录；"
        "培训中断 = 此前参训过、但近 365 天没有。",
        "en": "Of the workers active on the as-of day: never trained = no attendance as a grid "
        "worker anywhere in the data; lapsed = trained before, but not in the 365 days.",
    },
    "tr_scope_note": {
        "zh": "下钻视图只含本地网格员的参训记录：干部在数据中不属于任何地点，只在全市视图中计入参训人次。",
        "en": "A drill-down view holds its own grid workers' attendance only: cadres carry no "
        "place in the data, so they are counted in participant-times at city level only.",
    },
    # sections
    "tr_sec_sessions": {"zh": "培训场次", "en": "Training sessions"},
    "tr_sec_coverage": {"zh": "培训覆盖率", "en": "Training coverage"},
    "tr_sec_topics": {"zh": "专题与形式", "en": "Topics and modes"},
    "tr_sec_workers": {"zh": "未参训与培训中断的网格员", "en": "Never-trained and lapsed workers"},
    "tr_sec_hours": {"zh": "人均参训时长", "en": "Hours per worker"},
    "tr_sec_on_time": {"zh": "培训覆盖率与按期办结率", "en": "Training coverage and on-time rate"},
    # widgets
    "tr_span": {"zh": "显示场次", "en": "Sessions shown"},
    "tr_span_window": {"zh": "时间窗口内", "en": "In the time window"},
    "tr_span_365": {"zh": "近 365 天", "en": "Last 365 days"},
    "tr_span_all": {"zh": "全部", "en": "All"},
    "tr_span_note": {
        "zh": "时间窗口（{first} 至 {last}）内开始的培训：{n} 场。"
        "全市讲堂大约每月一场，因此默认显示近 365 天的场次。",
        "en": "Sessions started in the time window ({first} to {last}): {n}. With about one "
        "city-wide lecture a month, the timeline shows the last 365 days by default.",
    },
    "tr_span_shown": {
        "zh": "图中：{n} 场，参训 {times} 人次。",
        # Topics are the exports' own words (free text, in Chinese): not translated.
        "en": "Shown: {n} sessions, {times} participant-times. Topics as the exports name them.",
    },
    "tr_colour": {"zh": "颜色区分", "en": "Colour by"},
    "tr_colour_topic": {"zh": "专题", "en": "Topic"},
    "tr_colour_mode": {"zh": "形式", "en": "Mode"},
    "tr_colour_level": {"zh": "层级", "en": "Level"},
    "tr_list": {"zh": "名单", "en": "List"},
    "tr_list_never": {"zh": "从未参训（{n}）", "en": "Never trained ({n})"},
    "tr_list_lapsed": {"zh": "培训中断（{n}）", "en": "Lapsed ({n})"},
    # values
    "tr_mode_video": {"zh": "视频会议", "en": "Video conference"},
    "tr_mode_onsite": {"zh": "现场", "en": "On site"},
    "tr_level_city": {"zh": "市级", "en": "City"},
    "tr_level_district": {"zh": "区级", "en": "District"},
    "tr_level_street": {"zh": "街道级", "en": "Street"},
    "tr_status_trained": {"zh": "近 365 天参训", "en": "Trained (365 d)"},
    "tr_status_lapsed": {"zh": "培训中断", "en": "Lapsed"},
    "tr_status_never": {"zh": "从未参训", "en": "Never trained"},
    "tr_employment_full_time": {"zh": "专职", "en": "Full-time"},
    "tr_employment_part_time": {"zh": "兼职", "en": "Part-time"},
    # charts
    "tr_chart_timeline": {
        "zh": "培训场次时间线（圆点面积 = 参训人次）",
        "en": "Training sessions (marker area = participant-times)",
    },
    "tr_chart_cumulative": {"zh": "累计参训人次", "en": "Cumulative participant-times"},
    "tr_chart_coverage": {
        "zh": "各{level}培训覆盖率（近 365 天）",
        "en": "Training coverage by {level} (365 days)",
    },
    "tr_chart_topics": {
        "zh": "各专题参训人次（近 365 天；标签为覆盖在岗网格员比例）",
        "en": "Participant-times by topic (365 days; label: share of active workers reached)",
    },
    "tr_chart_hours": {
        "zh": "网格员近 365 天参训时长分布",
        "en": "Hours of training per grid worker (365 days)",
    },
    "tr_chart_on_time": {
        "zh": "各{level}培训覆盖率与按期办结率",
        "en": "Training coverage and on-time rate by {level}",
    },
    "tr_lvl_district": {"zh": "区（县、市）", "en": "district"},
    "tr_lvl_street": {"zh": "街道（乡镇）", "en": "street (town)"},
    "tr_lvl_community": {"zh": "社区（村）", "en": "community (village)"},
    "tr_lvl_grid": {"zh": "网格", "en": "grid"},
    "tr_axis_starts_at": {"zh": "开始时间（年-月）", "en": "Start (year-month)"},
    "tr_axis_level": {"zh": "培训层级", "en": "Session level"},
    "tr_axis_participant_times": {"zh": "参训人次", "en": "Participant-times"},
    "tr_axis_coverage": {
        "zh": "培训覆盖率（%，近 365 天）",
        "en": "Training coverage (%, 365 days)",
    },
    "tr_axis_hours": {"zh": "参训时长（小时）", "en": "Hours attended (h)"},
    "tr_axis_workers": {"zh": "网格员（人）", "en": "Grid workers"},
    "tr_axis_on_time": {
        "zh": "按期办结率（%，近 {days} 天）",
        "en": "On-time rate (%, {days} days)",
    },
    "tr_series_all": {"zh": "全部", "en": "All"},
    "tr_series_grid_workers": {"zh": "网格员", "en": "Grid workers"},
    "tr_series_cadres": {"zh": "干部", "en": "Cadres"},
    "tr_total_line": {"zh": "合计 {value}", "en": "Total {value}"},
    "tr_median_line": {"zh": "中位数 {value} 小时", "en": "Median {value} h"},
    "tr_reached_label": {"zh": "覆盖 {share}", "en": "reached {share}"},
    "tr_hover_participant_times": {"zh": "参训人次", "en": "Participant-times"},
    "tr_hover_workers_cadres": {"zh": "网格员 / 干部", "en": "Grid workers / cadres"},
    "tr_hover_duration": {"zh": "时长", "en": "Duration"},
    # notes
    "tr_coverage_note": {
        "zh": "培训覆盖率：截至日期在岗网格员中，近 365 天（{first} 至 {last}）以网格员身份参加过至少一场培训的比例。"
        "各地按截至日期有效的网格分配归属，一人分管两地时两地各计一次；合计线与一屏知全城的数字相同。",
        "en": "Training coverage: of the grid workers active on the as-of day, the share who "
        "attended at least one session as a grid worker in the 365 days ({first} to {last}). "
        "Workers belong to places by their grid assignments valid on the as-of day (one covering "
        "two places counts in both); the total line is the briefing's figure.",
    },
    "tr_topics_note": {
        "zh": "专题名称来自数据。覆盖比例 = 近 365 天参加过该专题（或形式）培训的在岗网格员 ÷ 在岗网格员。",
        "en": "Topic names come from the data (Chinese only). Share reached = active grid workers "
        "who attended a session of the topic (or mode) in the 365 days ÷ active grid workers.",
    },
    "tr_workers_note": {
        "zh": "数据中最早的培训在 {first}，“从未参训”指此后没有记录。新入职网格员可能尚未赶上培训，请结合入职日期看。",
        "en": "The first session in the data is on {first}; 'never trained' means no record "
        "since. Recently hired workers may not have had a session yet: see the hire date.",
    },
    "tr_on_time_caveat": {
        "zh": "这里只描述两者同时的分布，不说明因果：各{level}的事项结构、工作量和人员配置都不同，"
        "覆盖率高低并不能解释按期办结率的差异。",
        "en": "This describes how the two figures sit side by side; it does not show cause and "
        "effect: the {level_plural} differ in matter mix, workload and staffing, and coverage "
        "alone does not explain differences in the on-time rate.",
    },
    "tr_on_time_halves": {
        "zh": "覆盖率不低于中位数（{median}）的{level}合计按期办结率 {high}，低于中位数的为 {low}。",
        "en": "{level_plural} at or above the median coverage ({median}) closed {high} on time "
        "together; those below it {low}.",
    },
    "tr_on_time_note": {
        "zh": "按期办结率：近 {days} 天（{first} 至 {last}）办结且有时限的事件中按期办结的比例；"
        "没有这类事件的{level}不画出（{n} 个）。圆点面积 = 有时限的办结数。",
        "en": "On-time rate: of the incidents closed in the {days} days ({first} to {last}) that "
        "have a deadline, the share closed by it; {n} places with no such case are left out. "
        "Marker area: closed cases with a deadline.",
    },
    "tr_on_time_few": {
        "zh": "这里只有 {n} 个{level}有两项数据，太少，无从比较；数字见右表。",
        "en": "Only {n} places here have both figures, too few to compare; the table has them.",
    },
    "tr_plural_street": {"zh": "街道", "en": "Streets"},
    "tr_plural_community": {"zh": "社区", "en": "Communities"},
    "tr_plural_grid": {"zh": "网格", "en": "Grids"},
    "tr_plural_district": {"zh": "区", "en": "Districts"},
    "tr_no_sessions": {
        "zh": "所选范围内没有培训场次。",
        "en": "No training sessions in the chosen range.",
    },
    "tr_no_workers": {"zh": "这里没有在岗网格员。", "en": "No active grid workers here."},
    "tr_none_listed": {"zh": "没有这类网格员。", "en": "No such workers."},
    # table headings
    "tr_col_code": {"zh": "编码", "en": "Code"},
    "tr_col_name": {"zh": "名称", "en": "Name"},
    "tr_col_active_workers": {"zh": "在岗网格员", "en": "Active workers"},
    "tr_col_trained_365d": {"zh": "近 365 天参训", "en": "Trained (365 d)"},
    "tr_col_lapsed": {"zh": "培训中断", "en": "Lapsed"},
    "tr_col_never_trained": {"zh": "从未参训", "en": "Never trained"},
    "tr_col_coverage": {"zh": "培训覆盖率（%）", "en": "Training coverage (%)"},
    "tr_col_worker_id": {"zh": "网格员编号", "en": "Worker id"},
    "tr_col_display_name": {"zh": "姓名（化名）", "en": "Name (pseudonym)"},
    "tr_col_employment": {"zh": "用工形式", "en": "Employment"},
    "tr_col_hired_on": {"zh": "入职日期", "en": "Hired on"},
    "tr_col_street": {"zh": "街道（乡镇）", "en": "Street (town)"},
    "tr_col_community": {"zh": "社区（村）", "en": "Community (village)"},
    "tr_col_grid_codes": {"zh": "网格编码", "en": "Grid codes"},
    "tr_col_grid_names": {"zh": "网格", "en": "Grids"},
    "tr_col_sessions_ever": {"zh": "累计参训场次", "en": "Sessions ever"},
    "tr_col_sessions_365d": {"zh": "近 365 天场次", "en": "Sessions (365 d)"},
    "tr_col_hours_365d": {"zh": "近 365 天时长（小时）", "en": "Hours (365 d)"},
    "tr_col_last_session": {"zh": "最近参训日期", "en": "Last session"},
    "tr_col_status": {"zh": "状态", "en": "Status"},
    "tr_col_topic": {"zh": "专题", "en": "Topic"},
    "tr_col_mode": {"zh": "形式", "en": "Mode"},
    "tr_col_sessions": {"zh": "场次", "en": "Sessions"},
    "tr_col_participant_times": {"zh": "参训人次", "en": "Participant-times"},
    "tr_col_workers_reached": {"zh": "覆盖网格员", "en": "Workers reached"},
    "tr_col_reached_share": {"zh": "覆盖比例（%）", "en": "Share reached (%)"},
    "tr_col_title": {"zh": "培训名称", "en": "Title"},
    "tr_col_starts_at": {"zh": "开始时间", "en": "Starts at"},
    "tr_col_level": {"zh": "层级", "en": "Level"},
    "tr_col_duration": {"zh": "时长（分钟）", "en": "Duration (min)"},
    "tr_col_grid_worker_times": {"zh": "网格员人次", "en": "Grid-worker times"},
    "tr_col_cadre_times": {"zh": "干部人次", "en": "Cadre times"},
    "tr_col_on_time_rate": {"zh": "按期办结率", "en": "On-time rate"},
    "tr_col_on_time_pct": {"zh": "按期办结率（%）", "en": "On-time rate (%)"},
    "tr_col_closed_with_deadline": {"zh": "有时限的办结数", "en": "Closed with deadline"},
    "tr_col_closed_on_time": {"zh": "按期办结数", "en": "Closed on time"},
    "tr_sessions_table": {"zh": "场次明细", "en": "Sessions table"},
    "tr_places_table": {"zh": "各{level}明细", "en": "By {level}"},
    # the SQL console's examples
    "sqlquery_training_sessions": {
        "zh": "截至某日的每场培训及其参训人次（网格员、干部分列）和参训时长",
        "en": "every training session up to a day, with participant-times (grid workers, "
        "cadres) and hours attended",
    },
    "sqlquery_training_by_worker_grid": {
        "zh": "某日在岗网格员 × 所分管网格：参训场次、近 365 天时长、最近参训日期和状态",
        "en": "active worker × assigned grid on a day: sessions, hours in 365 days, last "
        "session and training status",
    },
    "sqlquery_training_reach_by_topic_mode": {
        "zh": "近 365 天各专题、各形式的培训场次、参训人次和覆盖的在岗网格员",
        "en": "per topic and per mode, sessions, participant-times and active workers reached "
        "in 365 days",
    },
    "sqlquery_training_on_time_by_place": {
        "zh": "某一层级各地在一段时间内有时限的办结数和按期办结数",
        "en": "per place at a depth, incidents closed with a deadline and on time in a period",
    },
}
