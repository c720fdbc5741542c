"""Strings of the supervision notice (督办单): the one-page PDF and its controls on the briefing."""

STRINGS: dict[str, dict[str, str]] = {
    # the PDF
    "ntc_title": {"zh": "督 办 单", "en": "Supervision notice"},
    "ntc_number": {"zh": "督〔{year}〕{day}-{serial}号", "en": "No. DB-{year}-{day}-{serial}"},
    "ntc_to": {"zh": "致：", "en": "To: "},
    "ntc_not_dispatched": {
        "zh": "（案件尚未派遣承办单位，由所在街道督促）",
        "en": " (the case has no handling unit yet; sent to its street)",
    },
    "ntc_subject": {"zh": "事由", "en": "Subject"},
    "ntc_facts": {"zh": "一、事件情况", "en": "1. The case"},
    "ntc_spike_facts": {"zh": "一、激增情况", "en": "1. The spike"},
    "ntc_steps": {"zh": "二、办理过程", "en": "2. What has happened so far"},
    "ntc_spike_items": {"zh": "二、当日事件构成", "en": "2. What was reported on the day"},
    "ntc_demands": {"zh": "三、办理要求", "en": "3. What is required"},
    "ntc_date": {"zh": "{y}年{m}月{d}日", "en": "{day}"},
    "ntc_small_print": {
        "zh": "数据版本 {version} · 数据截至 {as_of} 24:00 · 编号 = 数据日期 + 案由哈希（同一案由同一天"
        "编号相同）· 回复时限：紧急案件为签发次日，其他为签发后 3 个工作日（{days}）· griddash",
        "en": "Data version {version} · data up to {as_of} 24:00 · number = data day + a hash of the "
        "subject (the same subject on the same day has the same number) · reply by: urgent cases "
        "the day after issue, all others 3 working days after it ({days}) · griddash",
    },
    "ntc_days_calendar": {
        "zh": "按 {source} 的节假日及调休安排",
        "en": "public holidays and weekend working days as in {source}",
    },
    "ntc_days_plain": {
        "zh": "周一至周五，不含法定节假日调整",
        "en": "Monday to Friday; public holidays not taken into account",
    },
    # case facts
    "ntc_case_overdue": {
        "zh": "{place}“{item}”事件（编号 {id}）处置时限为 {deadline}，截至 {as_of} 24:00 仍未办结，"
        "已超期 {days} 天（{hours} 小时）。",
        "en": "Incident {id} ({item}, {place}) was due at {deadline} and was still open at the end "
        "of {as_of}: {days} days ({hours} hours) overdue.",
    },
    "ntc_case_at_risk": {
        "zh": "{place}“{item}”事件（编号 {id}）将于 {deadline} 到期，截至 {as_of} 24:00 尚未办结；"
        "按近 90 天“{group}”领域事件的办结情况估计，超期概率为 {p}。",
        "en": "Incident {id} ({item}, {place}) is due at {deadline} and was still open at the end "
        "of {as_of}; from how cases of its matter group ({group}) closed in the last 90 days, the "
        "chance that it misses its deadline is {p}.",
    },
    "ntc_f_id": {"zh": "事件编号", "en": "Incident"},
    "ntc_f_item": {"zh": "事项", "en": "Item"},
    "ntc_f_urgency": {"zh": "紧急程度", "en": "Urgency"},
    "ntc_urgent": {"zh": "紧急", "en": "urgent"},
    "ntc_normal": {"zh": "一般", "en": "normal"},
    "ntc_f_source": {"zh": "上报来源", "en": "Source"},
    "ntc_f_place": {"zh": "地点", "en": "Place"},
    "ntc_f_reported": {"zh": "上报时间", "en": "Reported"},
    "ntc_f_dispatched": {"zh": "派遣时间", "en": "Dispatched"},
    "ntc_f_deadline": {"zh": "处置时限", "en": "Deadline"},
    "ntc_deadline_value": {"zh": "{at}（时限 {hours} 小时）", "en": "{at} (time limit {hours} h)"},
    "ntc_f_unit": {"zh": "承办单位", "en": "Handling unit"},
    "ntc_unit_none": {"zh": "尚未派遣", "en": "not dispatched yet"},
    "ntc_f_overdue": {"zh": "超期时长", "en": "Overdue by"},
    "ntc_overdue_value": {
        "zh": "{days} 天（{hours} 小时，截至 {as_of} 24:00）",
        "en": "{days} days ({hours} hours, at the end of {as_of})",
    },
    "ntc_f_p_miss": {"zh": "超期概率", "en": "Chance of missing"},
    "ntc_p_miss_value": {
        "zh": "{p}（{day} 到期 {due} 件，预计超期 {expected} 件）",
        "en": "{p} (due {day}: {due}, expected to go overdue {expected})",
    },
    "ntc_col_time": {"zh": "时间", "en": "Time"},
    "ntc_col_step": {"zh": "环节", "en": "Step"},
    "ntc_col_unit": {"zh": "单位", "en": "Unit"},
    "ntc_no_steps": {"zh": "无办理记录。", "en": "No workflow steps recorded."},
    "ntc_step_report": {"zh": "上报", "en": "report"},
    "ntc_step_accept": {"zh": "受理", "en": "accept"},
    "ntc_step_dispatch": {"zh": "派遣", "en": "dispatch"},
    "ntc_step_return": {"zh": "退回", "en": "return"},
    "ntc_step_escalate": {"zh": "升级", "en": "escalate"},
    "ntc_step_resolve": {"zh": "处置", "en": "handle"},
    "ntc_step_verify": {"zh": "核查", "en": "verify"},
    "ntc_step_close": {"zh": "结案", "en": "close"},
    "ntc_step_reopen": {"zh": "重新办理", "en": "reopen"},
    "ntc_step_cancel": {"zh": "撤销", "en": "cancel"},
    "ntc_more_steps": {
        "zh": "另有更早的 {n} 个环节未列出。",
        "en": "{n} earlier steps not listed.",
    },
    # demands
    "ntc_do_overdue": {
        "zh": "请立即督促办理，尽快办结，并查明超期原因。",
        "en": "Have the case handled at once and closed as soon as possible; find out why it "
        "went overdue.",
    },
    "ntc_do_at_risk": {
        "zh": "请确保于处置时限 {deadline} 前办结。",
        "en": "Make sure the case is closed by its deadline, {deadline}.",
    },
    "ntc_do_dispatch": {
        "zh": "该案件尚未派遣，请立即明确承办单位。",
        "en": "The case has not been dispatched: name a handling unit at once.",
    },
    "ntc_do_spike": {
        "zh": "请核查激增原因（同一问题重复上报、集中性问题或突发情况），组织处置。",
        "en": "Find out why incidents spiked (one problem reported many times, a common cause, "
        "or an emergency) and have them handled.",
    },
    "ntc_do_reply_case": {
        "zh": "请于 {reply_by} 前将办理结果书面回复{centre}（{rule}）。",
        "en": "Reply in writing to the {centre} with the outcome by {reply_by} ({rule}).",
    },
    "ntc_do_reply_spike": {
        "zh": "请于 {reply_by} 前将核查及处置情况书面回复{centre}（{rule}）。",
        "en": "Reply in writing to the {centre} with what was found and done by {reply_by} "
        "({rule}).",
    },
    "ntc_rule_urgent": {"zh": "紧急案件：签发次日", "en": "urgent case: the day after issue"},
    "ntc_rule_working": {
        "zh": "签发后 3 个工作日",
        "en": "3 working days after issue",
    },
    # spike facts
    "ntc_spike": {
        "zh": "{place}于 {as_of} 上报事件 {count} 件，近 28 天日均 {baseline} 件，超出 {excess} 件，"
        "属异常激增。",
        "en": "{place} had {count} incidents reported on {as_of} against a 28-day mean of "
        "{baseline}: {excess} more, a spike.",
    },
    "ntc_f_day": {"zh": "日期", "en": "Day"},
    "ntc_f_count": {"zh": "当日上报", "en": "Reported on the day"},
    "ntc_f_baseline": {"zh": "近 28 天日均", "en": "28-day mean"},
    "ntc_baseline_value": {
        "zh": "{baseline} 件（{first} 至 {last}）",
        "en": "{baseline} ({first} to {last})",
    },
    "ntc_f_excess": {"zh": "超出", "en": "Excess"},
    "ntc_f_p_value": {"zh": "泊松上尾概率", "en": "Poisson upper tail"},
    "ntc_p_value_value": {
        "zh": "{p}（判定标准：低于 1e-4 且当日至少 10 件）",
        "en": "{p} (a spike: below 1e-4 and at least 10 incidents on the day)",
    },
    "ntc_count_value": {"zh": "{n} 件", "en": "{n}"},
    "ntc_col_item": {"zh": "事项", "en": "Item"},
    "ntc_col_count": {"zh": "当日", "en": "On the day"},
    "ntc_col_baseline": {"zh": "近 28 天日均", "en": "28-day mean"},
    "ntc_more_items": {
        "zh": "另有 {n} 个事项共 {count} 件。",
        "en": "{n} more items, {count} in all.",
    },
    # the briefing's controls
    "ntc_pick": {"zh": "督办单", "en": "Supervision notice"},
    "ntc_pick_help": {
        "zh": "选择上面列出的异常激增或超期、预计超期案件，生成一页 A4 督办单（PDF），致承办单位或所在街道",
        "en": "Pick a spike, or an overdue or at-risk case listed above, for a one-page A4 notice "
        "(PDF) to its handling unit or street",
    },
    "ntc_make": {"zh": "生成督办单", "en": "Make notice"},
    "ntc_download": {"zh": "下载督办单", "en": "Download notice"},
    "ntc_opt_spike": {"zh": "异常激增 · {name} · {count} 件", "en": "Spike · {name} · {count}"},
    "ntc_opt_new_late": {"zh": "新增超期 · {id} · {place}", "en": "Newly overdue · {id} · {place}"},
    "ntc_opt_at_risk": {
        "zh": "预计超期 · {id} · {place} · {p}",
        "en": "At risk · {id} · {place} · {p}",
    },
    "ntc_opt_longest": {
        "zh": "超期 {days} 天 · {id} · {place}",
        "en": "Overdue {days} d · {id} · {place}",
    },
    "ntc_none": {"zh": "当日无可督办的激增或案件", "en": "Nothing to send a notice about"},
}
