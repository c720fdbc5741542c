"""一屏知全城 / Morning briefing: yesterday at a glance for the place being looked at — tiles, map,
spikes, late cases, trends — with drill-down from city to grid, and a wall-screen kiosk layout
(`?kiosk=1`). Layout only: the figures come from dashboard.briefing (and so from
dashboard.metrics and the named queries)."""

from __future__ import annotations

import streamlit as st

from dashboard import figures, kiosk, maps, paths, places, shell, svg_charts, tile_cards, ui
from dashboard.i18n import t

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
    return f"{value:,.0f}"


def _delta(tile) -> str | None:
    change = tile.change
    if change is None:
        return None
    if tile.unit == "share":
        return f"{100 * change:+.1f} pp"
    if tile.unit == "hours":
        return f"{change:+.1f} {t('unit_hours', lang)}"
    return f"{change:+,.0f}"


def _label(tile) -> str:
    return t(f"tile_{tile.key}", lang)


def _help(tile) -> str:
    return f"{t(f'help_{tile.key}', lang)} · {t(tile.trend_label, lang)}"


def _reference(tile) -> str:
    return t(tile.reference_label, lang) if tile.change is not None else t("no_reference", lang)


def _on_as_of() -> None:
    shell.set_param("as_of", st.session_state["as_of_input"].isoformat())


def _on_window() -> None:
    shell.set_param("window", "7" if st.session_state["window_input"] == 7 else None)


def _sidebar(first, last, as_of) -> None:
    with st.sidebar:
        st.session_state["as_of_input"] = as_of or last
        st.date_input(t("as_of", lang), min_value=first, max_value=last,
                      help=t("as_of_help", lang), key="as_of_input", on_change=_on_as_of)  # fmt: skip
        st.session_state["window_input"] = params.window
        st.radio(t("window", lang), (1, 7), key="window_input", horizontal=True,
                 format_func=lambda w: t(f"window_{w}", lang), on_change=_on_window)  # fmt: skip
        link = [f"{k}={v}" for k, v in st.query_params.items() if k != "kiosk"] + ["kiosk=1"]
        st.link_button(t("kiosk_open", lang), "?" + "&".join(link), icon=":material/tv:")


def _header(cat, version, view, crumbs) -> None:
    bad = shell.quarantined_rows(cat)
    badges = [(f"{t('data_version', lang)} {version}", "blue", ":material/verified:")]
    if bad:
        badges.append((t("quality_badge", lang, n=f"{bad:,}"), "orange", ":material/report:"))
    else:
        badges.append((t("quality_ok", lang), "green", ":material/check_circle:"))
    path = " › ".join(c.name or t("city", lang) for c in crumbs)
    ui.header(t("app_name", lang),
              t("briefing_sub", lang, place=path, day=view.brief.as_of.isoformat()), badges)  # fmt: skip
    if bad and not params.kiosk and shell.sees_whole_city():
        st.page_link("views/inventory.py", label=t("quarantined_rows_details", lang),
                     icon=":material/arrow_forward:")  # fmt: skip


def _map(cat, view, size) -> None:
    deck = maps.deck(cat, view.brief.as_of, window_days=params.window, lang=lang,
                     spikes=view.spikes, kiosk=params.kiosk, size=size)  # fmt: skip
    event = st.pydeck_chart(deck, height=size[1], on_select="rerun",
                            selection_mode="single-object", key=f"map_{params.at or 'city'}")  # fmt: skip
    code = maps.clicked_code(event)
    if code and code != params.at:
        shell.go(code)
        st.rerun()


def _spike_rows(view):
    return [(s.name, s.count, round(s.baseline, 1), round(s.excess, 1)) for s in view.spikes]


def _late_rows(view, limit):
    late = view.late_cases.head(limit)
    item = "item_zh" if lang == "zh" else "item_en"
    return list(zip(late["incident_id"], late["grid_name"], late[item],
                    [round(h) for h in late["hours_overdue"]], late["handling_unit"],
                    strict=True))  # fmt: skip


SPIKE_COLS = ("col_place", "col_count", "col_baseline", "col_excess")
LATE_COLS = ("col_incident", "col_grid", "col_item", "col_hours_overdue", "col_unit")


def _normal(cat, view, crumbs) -> None:
    shell.drill_bar(cat, crumbs, params.at, lang)
    st.html(tile_cards.cards(view.tiles, _label, _fmt, _delta, _reference, help_text=_help))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader(t("section_map", lang))
        _map(cat, view, (1050, 500))
    with right:
        st.subheader(t("section_spikes", lang))
        # Plain HTML tables: a glance needs no sorting, long names wrap instead of being cut.
        if view.spikes:
            st.html(kiosk.table(None, [t(c, lang) for c in SPIKE_COLS], _spike_rows(view),
                                {1, 2, 3}, "", theme="light"))  # fmt: skip
        else:
            st.success(t("no_spikes", lang), icon=":material/check_circle:")
        st.subheader(t("section_late", lang))
        rows = _late_rows(view, 10)
        if rows:
            st.html(kiosk.table(None, [t(c, lang) for c in LATE_COLS], rows, {3}, "",
                                theme="light"))  # fmt: skip
        else:
            st.success(t("no_late", lang), icon=":material/check_circle:")
    # Drawn as SVG images, not plotly: a glance needs no zoom, and the page is ready ~1 s sooner.
    a, c = st.columns([3, 2], gap="medium")
    a.html(_trend(view, "light", width=880))
    ages = view.backlog_ages
    c.html(svg_charts.stacked_bars(
        [t(f"age_{b}", lang) for b in ages["age_bucket"]],
        [(t("series_within_deadline", lang), figures.BLUE,
          [b - o for b, o in zip(ages["backlog"], ages["overdue"], strict=True)]),
         (t("series_overdue", lang), figures.RED, ages["overdue"].to_list())],
        t("chart_backlog_age_title", lang), t("axis_cases", lang), theme="light", width=580))  # fmt: skip


def _trend(view, theme: str, width: int | None = None) -> str:
    """New, closed and backlog per day over 30 days, as an SVG image in the theme."""
    trend = view.trend
    backlog = t("series_backlog", lang)
    return svg_charts.trend_chart(
        trend["day"].to_list(),
        [(t("series_new", lang), figures.BLUE, trend["new"].to_list()),
         (t("series_closed", lang), figures.GREEN, trend["closed"].to_list()),
         (backlog, figures.ORANGE, trend["backlog"].to_list())],
        t("chart_trend_title", lang), t("axis_incidents", lang), theme=theme,
        dashed=(backlog,), width=width)  # fmt: skip


def _kiosk(cat, view) -> None:
    """One screen, nothing to click: tiles beside the map, lists and trends below."""
    left, right = st.columns([5, 6], gap="medium")
    left.html(tile_cards.cards(view.tiles, _label, _fmt, _delta, _reference, columns=3,
                               theme="dark"))  # fmt: skip
    with right:
        _map(cat, view, (1000, 470))
    a, b, c = st.columns([4, 6, 5], gap="medium")
    a.html(kiosk.table(t("section_spikes", lang), [t(x, lang) for x in SPIKE_COLS],
                       _spike_rows(view)[:5], {1, 2, 3}, t("no_spikes", lang)))  # fmt: skip
    b.html(kiosk.table(t("section_late", lang), [t(x, lang) for x in LATE_COLS[1:]],
                       [r[1:] for r in _late_rows(view, 5)], {2}, t("no_late", lang)))  # fmt: skip
    c.html(_trend(view, "dark"))


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
    st.caption(t("refreshed", lang, time=paths.now_local().strftime("%H:%M:%S")))


if params.kiosk:
    # The wall refreshes itself: a new catalog version shows up within a minute, no restart.
    st.fragment(render, run_every=60)()
else:
    render()
