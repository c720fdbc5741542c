"""一屏知全城 / Morning briefing: yesterday at a glance for the place being looked at — tiles, map,
spikes, late cases, trends — with drill-down from city to grid, and a wall-screen kiosk layout
(`?kiosk=1`). Layout only: the figures come from dashboard.measures.briefing (and so from
dashboard.measures.metrics and the named queries)."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import streamlit as st

from dashboard.app import day_picker, kiosk, shell, ui
from dashboard.charts import figures, svg_charts, tile_cards
from dashboard.core import paths
from dashboard.core.i18n import t
from dashboard.core.romanise import path_en, path_name, place_name, unit_en, unit_name
from dashboard.data import places
from dashboard.geo import maps
from dashboard.reporting import notice, notice_pdf

params = shell.page_params()
lang = params.lang
if params.kiosk:
    ui.kiosk_style()


def _fmt(tile) -> str:
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


def _delta(tile) -> str | None:
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


def _extra(tile) -> str | None:
    if tile.extra is None:
        return None
    key, value = tile.extra
    shown = _fmt(replace(tile, value=value, unit=tile.extra_unit or tile.unit))
    return t(key, lang, value=shown)


def _label(tile) -> str:
    return t(f"tile_{tile.key}", lang)


def _help(tile) -> str:
    return (
        f"{t(f'help_{tile.key}', lang)} · {t(tile.reference_label, lang)} · "
        f"{t(tile.trend_label, lang)}"
    )


def _reference(tile) -> str:
    if tile.change is None:
        return t("no_reference", lang)
    # Short on the card (one line beside the value, in English too); whole in the tooltip.
    return t(tile.reference_label + "_short", lang)


def _on_window() -> None:
    shell.set_param("window", "7" if st.session_state["window_input"] == 7 else None)


def _sidebar(first, last, as_of) -> None:
    with st.sidebar:
        day_picker.day_picker(
            t("as_of", lang), t("as_of_help", lang), first, last, as_of or last, "as_of_input", lang
        )
        st.session_state["window_input"] = params.window
        st.radio(
            t("window", lang),
            (1, 7),
            key="window_input",
            horizontal=True,
            format_func=lambda w: t(f"window_{w}", lang),
            on_change=_on_window,
        )
        st.link_button(
            t("kiosk_open", lang),
            kiosk.link(st.query_params.to_dict()),
            icon=":material/tv:",
            help=t("kiosk_open_help", lang),
        )


def _header(cat, version, view, crumbs) -> None:
    bad = shell.quarantined_rows(cat)
    badges = [(f"{t('data_version', lang)} {version}", "blue", ":material/verified:")]
    if params.as_of and not params.kiosk:  # pinned to a day: it will not follow new data
        badges.insert(0, (t("snapshot_badge", lang), "violet", ":material/history:"))
    if bad:
        badges.append((t("quality_badge", lang, n=f"{bad:,}"), "orange", ":material/report:"))
    else:
        badges.append((t("quality_ok", lang), "green", ":material/check_circle:"))
    path = shell.place_path(crumbs, lang)
    ui.header(
        t("app_name", lang),
        t("briefing_sub", lang, place=path, day=view.brief.as_of.isoformat()),
        badges,
    )
    if bad and not params.kiosk and shell.sees_whole_city():
        st.page_link(
            "views/inventory.py",
            label=t("quarantined_rows_details", lang),
            icon=":material/arrow_forward:",
        )


def _map(cat, view, size) -> None:
    deck = maps.deck(
        cat,
        view.brief.as_of,
        window_days=params.window,
        lang=lang,
        spikes=view.spikes,
        kiosk=params.kiosk,
        size=size,
    )
    event = st.pydeck_chart(
        deck,
        height=size[1],
        on_select="rerun",
        selection_mode="single-object",
        key=f"map_{params.at or 'city'}",
    )
    code = maps.clicked_code(event)
    if code and code != params.at:
        shell.go(code)
        st.rerun()


def _spike_rows(view, wall: bool = False):
    # The English wall names a spike's place by its own name: "…, <district>" would not fit.
    wall_en = wall and lang == "en"
    return [
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


def _unit(name):
    return kiosk.name_cell(name, lang, unit_en) or t("unit_not_dispatched", lang)


def _grid(name):
    return kiosk.name_cell(name, lang)


def _late_rows(view, limit):
    late = view.late_cases.head(limit)
    item = "item_zh" if lang == "zh" else "item_en"
    return list(
        zip(
            late["incident_id"],
            [_grid(g) for g in late["grid_name"]],
            late[item],
            late["days_overdue"],
            [_unit(u) for u in late["handling_unit"]],
            strict=True,
        )
    )


def _new_late_rows(view, limit):
    late = view.new_late_cases.head(limit)
    item = "item_zh" if lang == "zh" else "item_en"
    return list(
        zip(
            late["incident_id"],
            [_grid(g) for g in late["grid_name"]],
            late[item],
            [d.strftime("%H:%M") for d in late["deadline_at"]],
            [_unit(u) for u in late["handling_unit"]],
            strict=True,
        )
    )


def _at_risk_rows(view, limit):
    due = view.at_risk.cases.head(limit)
    item = "item_zh" if lang == "zh" else "item_en"
    return list(
        zip(
            due["incident_id"],
            [_grid(g) for g in due["grid_name"]],
            due[item],
            [d.strftime("%H:%M") for d in due["deadline_at"]],
            [f"{100 * p:.0f}%" for p in due["p_miss"]],
            [_unit(u) for u in due["handling_unit"]],
            strict=True,
        )
    )


def _unit_rows(view, limit):
    units = view.overdue_units.head(limit)
    return [(_unit(u), int(n), int(k), m) for u, n, k, m in units.rows()]


SPIKE_COLS = ("col_place", "col_count", "col_baseline", "col_excess")
LATE_COLS = ("col_incident", "col_grid", "col_item", "col_days_overdue", "col_unit")
NEW_LATE_COLS = ("col_incident", "col_grid", "col_item", "col_due_at", "col_unit")
AT_RISK_COLS = ("col_incident", "col_grid", "col_item", "col_due_at", "col_p_miss", "col_unit")
LIST_ROWS = 8  # rows of each case list; the notice picker offers the same rows
UNIT_COLS = ("col_unit", "col_overdue_cases", "col_new_overdue", "col_max_days_overdue")


def _light_table(columns, rows, numeric, empty) -> None:
    # Plain HTML tables: a glance needs no sorting, long names wrap instead of being cut.
    if rows:
        st.html(kiosk.table(None, [t(c, lang) for c in columns], rows, numeric, "", theme="light"))
    else:
        st.success(t(empty, lang), icon=":material/check_circle:")


def _late(view) -> None:
    """Overdue cases three ways: those that went overdue on the day (the news), per handling
    unit (who to call), and the longest overdue (the long tail, the same most mornings)."""
    st.subheader(t("section_late", lang))
    risk = view.at_risk
    new, at_risk, units, longest = st.tabs(
        [
            t("late_tab_new", lang, n=f"{view.new_overdue:,}"),
            t(
                "late_tab_at_risk",
                lang,
                due=f"{risk.due_24h:,}",
                expected=f"{risk.expected_overdue_24h:,.1f}",
            ),
            t("late_tab_units", lang),
            t("late_tab_longest", lang),
        ]
    )
    with new:
        _light_table(NEW_LATE_COLS, _new_late_rows(view, LIST_ROWS), set(), "no_new_late")
    with at_risk:
        _light_table(AT_RISK_COLS, _at_risk_rows(view, LIST_ROWS), {4}, "no_at_risk")
    with units:
        _light_table(UNIT_COLS, _unit_rows(view, LIST_ROWS), {1, 2, 3}, "no_late")
    with longest:
        _light_table(LATE_COLS, _late_rows(view, LIST_ROWS), {3}, "no_late")


def _choice_label(choice: notice.Choice) -> str:
    # a spike's name is its district's then its own; a case's, its grid's (romanised in English)
    name = (
        path_name(choice.name, lang) if choice.source == "spike" else place_name(choice.name, lang)
    )
    values = {"name": name, "place": name, "id": choice.subject.key}
    values |= {"count": choice.figure, "p": choice.figure, "days": choice.figure}
    return t(f"ntc_opt_{choice.source}", lang, **values)


def _notice(cat, view) -> None:
    """督办单: pick a listed spike or case, make its one-page PDF on request, download it. The
    PDF is made only when the button is pressed, and kept for this session and selection."""
    choices = notice.choices(
        view.spikes,
        view.new_late_cases.head(LIST_ROWS),
        view.at_risk.cases.head(LIST_ROWS),
        view.late_cases.head(LIST_ROWS),
    )
    if not choices:
        st.caption(t("ntc_none", lang))
        return
    by_key = {f"{c.subject.kind}:{c.subject.key}": c for c in choices}
    pick, make = st.columns([3, 1], vertical_alignment="bottom")
    key = pick.selectbox(
        t("ntc_pick", lang),
        list(by_key),
        format_func=lambda k: _choice_label(by_key[k]),
        key="notice_pick",
        help=t("ntc_pick_help", lang),
    )
    as_of = view.brief.as_of
    token = (key, as_of.isoformat(), lang, cat.data_version, cat.scope)
    if make.button(
        t("ntc_make", lang), icon=":material/picture_as_pdf:", key="notice_make", width="stretch"
    ):
        try:
            name, pdf = notice_pdf.make(
                cat, by_key[key].subject, as_of, lang, at_risk=view.at_risk, spikes=view.spikes
            )
        except notice.NoticeError as exc:
            st.warning(str(exc))
        else:
            st.session_state["notice_pdf"] = (token, name, pdf)
    made = st.session_state.get("notice_pdf")
    if made and made[0] == token:
        st.download_button(
            t("ntc_download", lang) + f" · {made[1]}",
            made[2],
            file_name=made[1],
            mime="application/pdf",
            icon=":material/download:",
            key="notice_download",
            on_click="ignore",
        )


def _talking_points(view) -> None:
    """晨会要点: the day's talking points, read out at the 8:30 meeting."""
    st.subheader(t("tp_heading", lang))
    items = "".join(f"<li>{escape(p.text(lang))}</li>" for p in view.talking_points)
    st.html(
        '<ol class="gd-talking" data-testid="talking-points" style="margin:0 0 0.4rem 1.1rem;'
        f'padding:0;font-size:0.95rem;line-height:1.45">{items}</ol>'
    )


def _normal(cat, view, crumbs) -> None:
    shell.drill_bar(cat, crumbs, params.at, lang)
    st.html(
        tile_cards.cards(
            view.tiles, _label, _fmt, _delta, _reference, help_text=_help, extra=_extra
        )
    )
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader(t("section_map", lang))
        _map(cat, view, maps.VIEWPORT)
        # Under the map, beside the lists: the first screen keeps the tiles and the map.
        _talking_points(view)
    with right:
        st.subheader(t("section_spikes", lang))
        _light_table(SPIKE_COLS, _spike_rows(view), {1, 2, 3}, "no_spikes")
        _late(view)
        _notice(cat, view)
    # Drawn as SVG images, not plotly: a glance needs no zoom, and the page is ready ~1 s sooner.
    a, c = st.columns([3, 2], gap="medium")
    a.html(_trend(view, "light", width=880))
    ages = view.backlog_ages
    c.html(
        svg_charts.stacked_bars(
            [t(f"age_{b}", lang) for b in ages["age_bucket"]],
            [
                (
                    t("series_within_deadline", lang),
                    figures.BLUE,
                    [b - o for b, o in zip(ages["backlog"], ages["overdue"], strict=True)],
                ),
                (t("series_overdue", lang), figures.RED, ages["overdue"].to_list()),
            ],
            t("chart_backlog_age_title", lang),
            t("axis_cases", lang),
            theme="light",
            width=580,
        )
    )


def _trend(view, theme: str, width: int | None = None) -> str:
    """New, closed and backlog per day over 30 days, as an SVG image in the theme."""
    trend = view.trend
    # The wall's legend is short: the backlog is read at the day's end there too.
    backlog = t("tile_backlog" if theme == "dark" else "series_backlog", lang)
    return svg_charts.trend_chart(
        trend["day"].to_list(),
        [
            (t("series_new", lang), figures.BLUE, trend["new"].to_list()),
            (t("series_closed", lang), figures.GREEN, trend["closed"].to_list()),
            (backlog, figures.ORANGE, trend["backlog"].to_list()),
        ],
        t("chart_trend_title", lang),
        t("axis_incidents", lang),
        theme=theme,
        dashed=(backlog,),
        width=width,
    )


def _kiosk(cat, view) -> None:
    """One screen, nothing to click: tiles beside the map, lists and trends below, and a strip
    along the bottom with the clock, the data's day and the cases that went overdue on it."""
    if params.as_of:  # pinned to a day: say so on the wall, it will not follow new data
        st.html(kiosk.banner(t("snapshot_banner", lang, day=view.brief.as_of.isoformat())))
    left, right = st.columns([6, 5], gap="medium")
    left.html(
        tile_cards.cards(
            view.tiles, _label, _fmt, _delta, _reference, columns=3, theme="dark", extra=_extra
        )
    )
    with right:
        _map(cat, view, maps.KIOSK_VIEWPORT)
    a, b, c = st.columns([4, 5, 5], gap="medium")
    a.html(
        kiosk.table(
            t("section_spikes", lang),
            [t(x, lang) for x in SPIKE_COLS[:3]],
            [r[:3] for r in _spike_rows(view, wall=True)[:4]],
            {1, 2},
            t("no_spikes", lang),
        )
    )
    b.html(
        kiosk.table(
            t("late_units_title", lang),
            [t(x, lang) for x in UNIT_COLS[:3]],
            [r[:3] for r in _unit_rows(view, 4)],
            {1, 2},
            t("no_late", lang),
        )
    )
    c.html(_trend(view, "dark"))
    new = view.new_late_cases
    n = view.new_overdue
    item = "item_zh" if lang == "zh" else "item_en"
    ticker = [
        f"{place_name(g, lang)} · {i} → {unit_name(u, lang) or t('unit_not_dispatched', lang)}"
        for g, i, u in zip(new["grid_name"], new[item], new["handling_unit"], strict=True)
    ]
    st.html(
        kiosk.strip(
            paths.now_local().strftime("%H:%M"),
            t("strip_data_until", lang, day=view.brief.as_of.isoformat()),
            t("strip_new_late", lang, n=f"{n:,}") if n else t("strip_no_new_late", lang),
            ticker,
        )
    )


def render() -> None:
    cat, version = shell.catalog_or_stop(params.at, lang)
    first, last = shell.data_days(cat)
    as_of = params.as_of if params.as_of and first <= params.as_of <= last else None
    if not params.kiosk:
        _sidebar(first, last, as_of)
    view = shell.briefing_view(cat, as_of)
    crumbs = places.breadcrumb(cat)
    _header(cat, version, view, crumbs)
    if params.kiosk:
        _kiosk(cat, view)
    else:
        _normal(cat, view, crumbs)
    if not params.kiosk:  # the kiosk's clock is in its bottom strip
        st.caption(t("refreshed", lang, time=paths.now_local().strftime("%H:%M:%S")))


if params.kiosk:
    # The wall refreshes itself: a new catalog version shows up within a minute, no restart.
    st.fragment(render, run_every=60)()
else:
    render()
