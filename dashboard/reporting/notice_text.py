"""The words of a supervision notice (督办单), in its language: dates, the place, the addressee,
the number and what the notice requires — for its page, dashboard.reporting.notice_pdf."""

from __future__ import annotations

from datetime import date, datetime

from dashboard.core.i18n import t
from dashboard.core.romanise import place_name, unit_name
from dashboard.reporting.notice import CaseNotice, SpikeNotice

WEEKDAYS = {
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def day_text(day: date, lang: str, weekday: bool = False) -> str:
    """'2024年6月13日' / '13 June 2024', with the weekday where asked."""
    if lang == "zh":
        text = t("ntc_date", lang, y=day.year, m=day.month, d=day.day)
        return f"{text}（{WEEKDAYS['zh'][day.weekday()]}）" if weekday else text
    text = f"{day.day} {day:%B %Y}"
    return f"{WEEKDAYS['en'][day.weekday()]} {text}" if weekday else text


def at_text(value: datetime | None) -> str:
    """A moment to the minute, or "–"."""
    return "–" if value is None else f"{value:%Y-%m-%d %H:%M}"


def pct_text(p: float) -> str:
    """A probability in whole per cent."""
    return f"{100 * p:.0f}%"  # as the briefing's list shows it


def place_text(row: dict, lang: str) -> str:
    """District, street, community and grid names; the community left out where the grid's name
    carries it already (裕德五社区第7网格), as spikes_by_place names grids."""
    community, grid = row["community_name"], row["grid_name"]
    if community and grid and grid.startswith(community):
        community = None
    names = [x for x in (row["district_name"], row["street_name"], community, grid) if x]
    if lang == "zh":
        return "".join(names)
    # In English the smallest place first, each romanised: Grid 15, …, Yingze District.
    return ", ".join(place_name(x, lang) for x in reversed(names))


def addressee(n: CaseNotice | SpikeNotice, lang: str) -> str:
    """Who the notice goes to, in the notice's language: the unit, or the district and street."""
    unit = n.case["handling_unit"] if isinstance(n, CaseNotice) else None
    if unit:
        return unit_name(unit, lang)
    if lang == "zh":
        return n.addressee
    row = n.case if isinstance(n, CaseNotice) else n.place
    parts = [row["street_name"], row["district_name"]]
    return ", ".join(place_name(x, lang) for x in parts if x)


def with_code(name: str, code: str, lang: str) -> str:
    """A place's name with its code in brackets."""
    return f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"


def number_text(n: CaseNotice | SpikeNotice, lang: str) -> str:
    """The notice's number (督〔2026〕1130-123456号)."""
    year, day, serial = n.number
    return t("ntc_number", lang, year=year, day=day, serial=serial)


def case_demands(n: CaseNotice, lang: str) -> list[str]:
    """What a case notice requires, one item each: dispatch, close or act before the deadline,
    reply by the day."""
    c = n.case
    demands = [] if n.dispatched else [t("ntc_do_dispatch", lang)]
    if n.state == "overdue":
        demands.append(t("ntc_do_overdue", lang))
    else:
        demands.append(t("ntc_do_at_risk", lang, deadline=at_text(c["deadline_at"])))
    rule = t("ntc_rule_urgent" if c["urgency"] == "urgent" else "ntc_rule_working", lang)
    demands.append(
        t(
            "ntc_do_reply_case",
            lang,
            reply_by=day_text(n.reply_by, lang, weekday=True),
            centre=t("city_centre", lang),
            rule=rule,
        )
    )
    return demands


def spike_demands(n: SpikeNotice, lang: str) -> list[str]:
    """What a spike notice requires: find the cause, reply by the day."""
    demands = [
        t("ntc_do_spike", lang),
        t(
            "ntc_do_reply_spike",
            lang,
            reply_by=day_text(n.reply_by, lang, weekday=True),
            centre=t("city_centre", lang),
            rule=t("ntc_rule_working", lang),
        ),
    ]
    return demands
