"""The morning briefing's words and list rows in the page's language — the tiles' values,
changes, labels and tooltips, and the rows of its lists (spikes, overdue cases, cases due today,
handling units) — from a dashboard.measures.briefing.BriefingView. Formatting only, for
views/briefing.py on the page and the wall; every function takes the language."""

from __future__ import annotations

from dataclasses import replace

from dashboard.app import day_picker, kiosk
from dashboard.core.i18n import t
from dashboard.core.romanise import path_en, unit_en


def tile_value(tile, lang: str) -> str:
    """A tile's value as the card shows it, in its unit."""
    value = tile.value
    if value is None:
        return "–"
    if tile.unit == "share":
        return f"{100 * value:.1f}%"
    if tile.unit == "hours":
        return f"{value:.1f} {t('unit_hours', lang)}"
    if tile.unit == "expected":  # a sum of probabilities: one decimal says it is an estimate
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def tile_change(tile, lang: str) -> str | None:
    """A tile's change on its reference, signed, in its unit; None without a reference."""
    change = tile.change
    if change is None:
        return None
    if tile.unit == "share":
        return f"{100 * change:+.1f} pp"
    if tile.unit == "hours":
        return f"{change:+.1f} {t('unit_hours', lang)}"
    if tile.unit == "expected":
        return f"{change:+,.1f}"
    return f"{change:+,.0f}"


def tile_extra(tile, lang: str) -> str | None:
    """The small second figure under a tile's value, worded."""
    if tile.extra is None:
        return None
    key, value = tile.extra
    shown = tile_value(replace(tile, value=value, unit=tile.extra_unit or tile.unit), lang)
    day = tile.extra_day.strftime("%m-%d") if tile.extra_day else ""
    return t(key, lang, value=shown, day=day)


def tile_label(tile, lang: str) -> str:
    return t(f"tile_{tile.key}", lang)


# Words that change when the briefing reads a weekend (period=weekend): "<key>_weekend".
WEEKEND_WORDS = {
    "help_new",
    "help_closed",
    "help_backlog",
    "help_overdue",
    "help_grid_coverage",
    "section_spikes",
    "no_spikes",
    "late_tab_new",
    "no_new_late",
    "col_new_overdue",
    "strip_new_late",
    "strip_no_new_late",
}


WALL_WORDS = {"col_baseline", "col_new_overdue", "col_new_overdue_weekend"}


def wall_word(key: str) -> str:
    """The string key of a list heading on the wall: "<key>_wall" where the page's is too long
    for the wall's narrow columns."""
    return f"{key}_wall" if key in WALL_WORDS else key


def word(key: str, view) -> str:
    """The string key for the view's period: the weekend's own words where they differ."""
    return f"{key}_weekend" if view.weekend and key in WEEKEND_WORDS else key


def tile_help(tile, view, lang: str) -> str:
    return (
        f"{t(word(f'help_{tile.key}', view), lang)} · {t(tile.reference_label, lang)} · "
        f"{t(tile.trend_label, lang)}"
    )


def tile_reference(tile, lang: str) -> str:
    if tile.change is None:
        return t("no_reference", lang)
    # Short on the card (one line beside the value, in English too); whole in the tooltip.
    return t(tile.reference_label + "_short", lang)


def spike_rows(view, lang: str, wall: bool = False) -> list[tuple]:
    """The spikes list's rows: place, count, 28-day mean, excess (a weekend: the day first)."""
    # The English wall names a spike's place by its own name: "…, <district>" would not fit.
    wall_en = wall and lang == "en"
    rows = [
        (
            kiosk.name_cell(s.own_name, lang)
            if wall_en
            else kiosk.name_cell(s.name, lang, path_en),
            s.count,
            round(s.baseline, 1),
            round(s.excess, 1),
        )
        for s in view.spikes
    ]
    if view.weekend:  # a weekend's spikes are judged day by day: say which day
        days = [day_picker.WEEKDAYS[lang][s.day.weekday()] for s in view.spikes]
        rows = [(d, *r) for d, r in zip(days, rows, strict=True)]
    return rows


def spike_cols(view) -> tuple[str, ...]:
    return ("col_day", *SPIKE_COLS) if view.weekend else SPIKE_COLS


def unit_cell(name, lang: str):
    return kiosk.name_cell(name, lang, unit_en) or t("unit_not_dispatched", lang)


def grid_cell(name, lang: str):
    return kiosk.name_cell(name, lang)


def _case_rows(cases, lang: str, *middle) -> list[tuple]:
    """A case list's rows: incident, grid, item, the list's own columns (`middle`), unit."""
    item = "item_zh" if lang == "zh" else "item_en"
    return list(
        zip(
            cases["incident_id"],
            [grid_cell(g, lang) for g in cases["grid_name"]],
            cases[item],
            *middle,
            [unit_cell(u, lang) for u in cases["handling_unit"]],
            strict=True,
        )
    )


def _hh_mm(cases) -> list[str]:
    return [d.strftime("%H:%M") for d in cases["deadline_at"]]


def late_rows(view, limit: int, lang: str) -> list[tuple]:
    """The longest overdue: incident, grid, item, days overdue, unit."""
    late = view.late_cases.head(limit)
    return _case_rows(late, lang, late["days_overdue"])


def new_late_rows(view, limit: int, lang: str) -> list[tuple]:
    """Went overdue on the day: incident, grid, item, due time, unit."""
    late = view.new_late_cases.head(limit)
    return _case_rows(late, lang, _hh_mm(late))


def at_risk_rows(view, limit: int, lang: str) -> list[tuple]:
    """Due today, likeliest to miss first: incident, grid, item, due time, chance, unit."""
    due = view.at_risk.cases.head(limit)
    return _case_rows(due, lang, _hh_mm(due), [f"{100 * p:.0f}%" for p in due["p_miss"]])


def unit_rows(view, limit: int, lang: str) -> list[tuple]:
    """Overdue per handling unit: unit, overdue, new on the day, longest in days."""
    units = view.overdue_units.head(limit)
    return [(unit_cell(u, lang), int(n), int(k), m) for u, n, k, m in units.rows()]


SPIKE_COLS = ("col_place", "col_count", "col_baseline", "col_excess")
LATE_COLS = ("col_incident", "col_grid", "col_item", "col_days_overdue", "col_unit")
NEW_LATE_COLS = ("col_incident", "col_grid", "col_item", "col_due_at", "col_unit")
AT_RISK_COLS = ("col_incident", "col_grid", "col_item", "col_due_at", "col_p_miss", "col_unit")
LIST_ROWS = 8  # rows of each case list; the notice picker offers the same rows
UNIT_COLS = ("col_unit", "col_overdue_cases", "col_new_overdue", "col_max_days_overdue")
