"""The as-of day chooser of the briefing and the analysis pages, in the page's language.

Streamlit's date picker draws its calendar in English whatever the page's language, starts the
week on Sunday in a Chinese browser, and a typed date does nothing until a day is clicked
(Streamlit issue #12699: no locale). Here instead: a searchable list of the data's days, newest
first, each with its weekday in the chosen language (typing "11-20" finds 2026-11-20), and
buttons for the day before, the day after and the latest day. The choice lives in the URL's
`as_of`; the latest day is kept as no `as_of` at all, so the view follows new data.

The list sits in a popover whose button names the chosen day: the browser loads and starts a
select box's code only when someone opens it, not on every page (0.15–0.2× of a blank page's
time on this machine; docs/performance.md, "2026-12-02, late morning: a lighter frame").
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard.app import shell
from dashboard.core.i18n import t

WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def day_label(day: date, lang: str) -> str:
    """2026-11-28 周六 / 2026-11-28 Sat."""
    return f"{day.isoformat()} {WEEKDAYS[lang][day.weekday()]}"


def _go(day: date | None, last: date) -> None:
    shell.set_param("as_of", None if day is None or day >= last else day.isoformat())


def day_picker(
    label: str, help_text: str, first: date, last: date, value: date, key: str, lang: str
) -> None:
    """The day chooser for first … last showing `value`, under `label`; widget keys start with
    `key`. A choice sets the URL's as_of (none for the latest day) and reruns the page."""
    days = [last - timedelta(days=i) for i in range((last - first).days + 1)]
    st.session_state[key] = value
    with st.popover(
        t("day_chosen", lang, label=label, day=day_label(value, lang)),
        icon=":material/calendar_month:",
        help=help_text,
        width="stretch",
    ):
        st.selectbox(
            label,
            days,
            key=key,
            format_func=lambda d: day_label(d, lang),
            on_change=lambda: _go(st.session_state[key], last),
        )
    with st.container(horizontal=True, gap="small"):
        st.button(
            t("day_prev", lang),
            key=f"{key}_prev",
            disabled=value <= first,
            on_click=_go,
            args=(value - timedelta(days=1), last),
            type="tertiary",
            icon=":material/chevron_left:",
        )
        st.button(
            t("day_next", lang),
            key=f"{key}_next",
            disabled=value >= last,
            on_click=_go,
            args=(value + timedelta(days=1), last),
            type="tertiary",
            icon=":material/chevron_right:",
        )
        st.button(
            t("day_latest", lang),
            key=f"{key}_latest",
            disabled=value >= last,
            on_click=_go,
            args=(None, last),
            type="tertiary",
            icon=":material/last_page:",
        )
