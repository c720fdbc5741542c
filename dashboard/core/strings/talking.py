"""Strings of the talking points (晨会要点): one sentence per rule of
dashboard/measures/talking_points.py, each naming the figures it cites."""

STRINGS: dict[str, dict[str, str]] = {
    "tp_heading": {"zh": "晨会要点", "en": "Talking points"},
    "tp_volume": {
        "zh": "{day} 新增事件 {new} 件，结案 {closed} 件；日末积压 {backlog} 件，其中超期 {overdue} 件。",
        "en": "On {day}, {new} new incidents and {closed} closed; {backlog} in the backlog at the "
        "day's end, {overdue} of them overdue.",
    },
    "tp_volume_weekend": {
        "zh": "{day} 周末两天新增事件 {new} 件，结案 {closed} 件；周日日末积压 {backlog} 件，其中超期 "
        "{overdue} 件。",
        "en": "Over the weekend {day}, {new} new incidents and {closed} closed; {backlog} in the "
        "backlog at the end of Sunday, {overdue} of them overdue.",
    },
    "tp_change_up_weekend": {
        "zh": "较上一个周末变化最大的是{figure}：{now} 件，上个周末 {before} 件，增加 {delta} 件（{pct}）。",
        "en": "The largest change on the weekend before is {figure}: {now} against {before}, up "
        "{delta} ({pct}).",
    },
    "tp_change_down_weekend": {
        "zh": "较上一个周末变化最大的是{figure}：{now} 件，上个周末 {before} 件，减少 {delta} 件（{pct}）。",
        "en": "The largest change on the weekend before is {figure}: {now} against {before}, down "
        "{delta} ({pct}).",
    },
    "tp_figure_new": {"zh": "新增事件", "en": "new incidents"},
    "tp_figure_closed": {"zh": "结案", "en": "closed"},
    "tp_figure_backlog": {"zh": "积压", "en": "the backlog"},
    "tp_figure_overdue": {"zh": "超期", "en": "overdue"},
    "tp_change_up": {
        "zh": "较上周同日变化最大的是{figure}：{now} 件，上周同日 {before} 件，增加 {delta} 件（{pct}）。",
        "en": "The largest change on the same weekday last week is {figure}: {now} against "
        "{before}, up {delta} ({pct}).",
    },
    "tp_change_down": {
        "zh": "较上周同日变化最大的是{figure}：{now} 件，上周同日 {before} 件，减少 {delta} 件（{pct}）。",
        "en": "The largest change on the same weekday last week is {figure}: {now} against "
        "{before}, down {delta} ({pct}).",
    },
    "tp_spikes": {
        "zh": "异常激增 {n} 处，最突出的是{name}：{count} 件，28 天日均 {baseline} 件。",
        "en": "Spikes: {n}; the largest at {name}: {count} incidents against a 28-day mean of "
        "{baseline}.",
    },
    "tp_at_risk": {
        "zh": "{due_day} 到期 {due} 件，预计超期 {expected} 件；最可能超期的是 {incident}（{grid}，"
        "{unit}，超期概率 {p_miss}）。",
        "en": "{due} cases are due {due_day} and about {expected} are expected to go overdue; the "
        "likeliest to miss is {incident} ({grid}, {unit}, {p_miss} chance).",
    },
    "tp_no_at_risk": {"zh": "{due_day} 无到期的未结案件。", "en": "No open case is due {due_day}."},
    "tp_coverage_gap": {
        "zh": "网格覆盖率 {share}；近 7 天有 {unpatrolled} 个网格（共 {grids} 个）无巡查记录。",
        "en": "Grid coverage {share}; {unpatrolled} of {grids} grids had no patrol in the last 7 "
        "days.",
    },
    "tp_coverage_full": {
        "zh": "网格覆盖率 {share}；近 7 天全部 {grids} 个网格都有巡查记录。",
        "en": "Grid coverage {share}; all {grids} grids had a patrol in the last 7 days.",
    },
    "tp_training": {
        "zh": "在岗网格员培训覆盖率（365 天）{share}。",
        "en": "Training coverage (365 d) of active grid workers: {share}.",
    },
    "tp_training_change": {
        "zh": "在岗网格员培训覆盖率（365 天）{share}，较 30 天前 {change_pp} 个百分点。",
        "en": "Training coverage (365 d) of active grid workers: {share}, {change_pp} pp on 30 "
        "days earlier.",
    },
}
