"""一屏知全城 / Morning briefing: yesterday at a glance for the place being looked at — tiles, map,
spikes, late cases, trends — with drill-down from city to grid, and a wall-screen kiosk layout
(`?kiosk=1`, with `cycle=60` a carousel through the place and the places below it) and, as of a
Sunday, the weekend read together (`period=weekend`). Layout only: the figures come from
dashboard.measures.briefing (and so from dashboard.measures.metrics and the named queries)."""

from __future__ import annotations

from functools import partial
from html import escape

import streamlit as st

from dashboard.app import briefing_cells as bc
from dashboard.app import (
    briefing_charts,
    carousel,
    day_picker,
    kiosk,
    notice_panel,
    place_map,
    shell,
    ui,
)
from dashboard.charts import tile_cards
from dashboard.core import paths
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name, unit_name
from dashboard.data import places
from dashboard.geo import maps, wall_map

params = shell.page_params()
lang = params.lang
if params.kiosk:
    ui.kiosk_style()


# The words and rows, bound to the page's language (dashboard/app/briefing_cells.py).
_fmt = partial(bc.tile_value, lang=lang)
_delta = partial(bc.tile_change, lang=lang)
_extra = partial(bc.tile_extra, lang=lang)
_label = partial(bc.tile_label, lang=lang)
_help = partial(bc.tile_help, lang=lang)
_reference = partial(bc.tile_reference, lang=lang)
_w = bc.word
_spike_rows = partial(bc.spike_rows, lang=lang)
_spike_cols = bc.spike_cols
_late_rows = partial(bc.late_rows, lang=lang)
_new_late_rows = partial(bc.new_late_rows, lang=lang)
_at_risk_rows = partial(bc.at_risk_rows, lang=lang)
_unit_rows = partial(bc.unit_rows, lang=lang)
SPIKE_COLS, LATE_COLS, NEW_LATE_COLS = bc.SPIKE_COLS, bc.LATE_COLS, bc.NEW_LATE_COLS
AT_RISK_COLS, UNIT_COLS, LIST_ROWS = bc.AT_RISK_COLS, bc.UNIT_COLS, bc.LIST_ROWS


def _on_window() -> None:
    shell.set_param("window", "7" if st.session_state["window_input"] == 7 else None)


def _on_weekend() -> None:
    shell.set_param("period", "weekend" if st.session_state["weekend_input"] else None)


def _sidebar(first, last, as_of, kind, places_below) -> None:
    with st.sidebar:
        day_picker.day_picker(
            t("as_of", lang), t("as_of_help", lang), first, last, as_of or last, "as_of_input", lang
        )
        if shell.offers_weekend(as_of or last):  # only a Sunday ends a weekend
            st.session_state["weekend_input"] = kind == "weekend"
            st.toggle(
                t("weekend_toggle", lang),
                key="weekend_input",
                help=t("weekend_toggle_help", lang),
                on_change=_on_weekend,
            )
        st.session_state["window_input"] = params.window
        st.segmented_control(  # the element of the language switch, not one more kind
            t("window", lang),
            (1, 7),
            key="window_input",
            required=True,
            format_func=lambda w: t(f"window_{w}", lang),
            on_change=_on_window,
        )
        st.link_button(
            t("kiosk_open", lang),
            kiosk.link(st.query_params.to_dict()),
            icon=":material/tv:",
            help=t("kiosk_open_help", lang),
        )
        if places_below:  # a grid has nothing below it to turn to
            st.link_button(
                t("carousel_open", lang),
                kiosk.link(st.query_params.to_dict(), cycle=carousel.DEFAULT_CYCLE_S),
                icon=":material/autoplay:",
                help=t("carousel_open_help", lang, seconds=carousel.DEFAULT_CYCLE_S),
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
    if view.weekend:
        p = view.period
        sub = t("briefing_sub_weekend", lang, place=path, first=p.first, last=p.last)
    else:
        sub = t("briefing_sub", lang, place=path, day=view.brief.as_of.isoformat())
    if params.kiosk:
        # The wall names its place large (the carousel changes it every cycle), the places above
        # it and the day small; short, so the snapshot banner in the middle stays clear of it.
        p = view.period
        day = (
            t("kiosk_weekend", lang, first=p.first, last=p.last)
            if view.weekend
            else t("kiosk_day", lang, day=view.brief.as_of.isoformat())
        )
        above = shell.place_path(crumbs[:-1], lang) if len(crumbs) > 1 else ""
        own = shell.place_path(crumbs[-1:], lang)
        ui.header(own, f"{above} · {day}" if above else day, badges)
    else:
        ui.header(t("app_name", lang), sub, badges)
    if view.weekend and not params.kiosk:  # what a weekend's figures mean, once, on screen
        st.caption(t("weekend_note", lang))
    if bad and not params.kiosk and shell.sees_whole_city():
        st.page_link(
            "views/inventory.py",
            label=t("quarantined_rows_details", lang),
            icon=":material/arrow_forward:",
        )


def _map(cat, view, at: str) -> None:
    """The page's map, clicked to drill down: drawn by the browser as SVG (the wall's is a
    picture: _kiosk)."""
    drawn = maps.svg(
        cat,
        view.brief.as_of,
        window_days=params.window,
        lang=lang,
        spikes=view.map_spikes,
        size=maps.VIEWPORT,
    )
    code = place_map.show(drawn, maps.TIP_STYLE, key=f"map_{at or 'city'}")
    if code and code != at:
        shell.go(code)
        st.rerun()


def _light_table(columns, rows, numeric, empty, view=None, total: int = 0) -> None:
    # Plain HTML tables: a glance needs no sorting, long names wrap instead of being cut.
    # total: how many rows the list has in all; a list cut to its first rows says so.
    if view is not None:  # the period's own words (a weekend's "new" is the weekend's)
        columns, empty = [_w(c, view) for c in columns], _w(empty, view)
    if rows:
        st.html(kiosk.table(None, [t(c, lang) for c in columns], rows, numeric, "", theme="light"))
        if total > len(rows):
            st.caption(t("list_first_rows", lang, shown=len(rows), total=f"{total:,}"))
    else:
        st.success(t(empty, lang), icon=":material/check_circle:")


def _late(view) -> None:
    """Overdue cases three ways: those that went overdue on the day (the news), per handling
    unit (who to call), and the longest overdue (the long tail, the same most mornings)."""
    st.subheader(t("section_late", lang))
    risk = view.at_risk
    new, at_risk, units, longest = st.tabs(
        [
            t(_w("late_tab_new", view), lang, n=f"{view.new_overdue:,}"),
            t(
                "late_tab_at_risk",
                lang,
                day=f"{view.due_day:%m-%d}",
                due=f"{risk.due_24h:,}",
                expected=f"{risk.expected_overdue_24h:,.1f}",
            ),
            t("late_tab_units", lang),
            t("late_tab_longest", lang),
        ]
    )
    units_all = view.overdue_units  # every unit with an overdue case: its counts add up
    with new:
        rows = _new_late_rows(view, LIST_ROWS)
        _light_table(NEW_LATE_COLS, rows, set(), "no_new_late", view, view.new_overdue)
    with at_risk:
        rows = _at_risk_rows(view, LIST_ROWS)
        _light_table(AT_RISK_COLS, rows, {4}, "no_at_risk", total=risk.due_24h)
    with units:
        rows = _unit_rows(view, LIST_ROWS)
        _light_table(UNIT_COLS, rows, {1, 2, 3}, "no_late", view, units_all.height)
    with longest:
        rows = _late_rows(view, LIST_ROWS)
        _light_table(LATE_COLS, rows, {3}, "no_late", total=int(units_all["overdue"].sum()))


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
            view.tiles,
            _label,
            _fmt,
            _delta,
            _reference,
            help_text=lambda tile: _help(tile, view),
            extra=_extra,
        )
    )
    # Two columns that each run to the foot: the charts follow on in them, so the taller lists
    # (long English names) leave no gap under the talking points.
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader(t("section_map", lang))
        _map(cat, view, params.at)
        # Under the map, beside the lists: the first screen keeps the tiles and the map.
        _talking_points(view)
        st.html(briefing_charts.trend(view, "light", lang, width=880))
    with right:
        st.subheader(t(_w("section_spikes", view), lang))
        cols = _spike_cols(view)
        numeric = {len(cols) - 3, len(cols) - 2, len(cols) - 1}
        _light_table(cols, _spike_rows(view), numeric, "no_spikes", view)
        _late(view)
        notice_panel.panel(cat, view, lang, LIST_ROWS)
    right.html(briefing_charts.backlog_by_age(view, lang))


def _kiosk(cat, view, stop: carousel.Stop | None, notices: list[str]) -> None:
    """One screen, nothing to click: the ten tiles in two rows of five across the wall, then the
    map, the lists and the trend side by side, and a strip along the bottom with the clock, the
    data's day, the cases that went overdue and, in the carousel, the place that comes next."""
    banners = [("notice", text) for text in notices]
    if params.as_of:  # pinned to a day: say so on the wall, it will not follow new data
        banners.insert(
            0, ("snapshot", t("snapshot_banner", lang, day=view.brief.as_of.isoformat()))
        )
    if banners:
        st.html(kiosk.banners(banners))
    st.html(
        tile_cards.cards(
            view.tiles, _label, _fmt, _delta, _reference, columns=5, theme="dark", extra=_extra
        )
    )
    # The map's column is about KIOSK_VIEWPORT wide (830 of the 1,867 px between the margins);
    # the trend's drawing is narrow enough that its column scales its text to ≥ 24 px.
    where, lists, trend = st.columns([83, 48, 52], gap="small")
    with where:
        # Nobody clicks a wall, and a wall PC may have no GPU: the map as one picture drawn on
        # the server (deck.gl in software WebGL held the wall's frames 1.5 s and more).
        png = wall_map.picture(
            cat,
            view.brief.as_of,
            window_days=params.window,
            lang=lang,
            spikes=view.map_spikes,
            size=maps.KIOSK_VIEWPORT,
        )
        ui.wall_picture(png, maps.KIOSK_VIEWPORT[0])
    spike_cols = _spike_cols(view)[:3]  # a weekend names the day instead of the 28-day mean
    lists.html(
        kiosk.table(
            t(_w("section_spikes", view), lang),
            [t(bc.wall_word(x), lang) for x in spike_cols],
            [r[:3] for r in _spike_rows(view, wall=True)[:3]],
            {2} if view.weekend else {1, 2},
            t(_w("no_spikes", view), lang),
        )
    )
    lists.html(
        kiosk.table(
            t("late_units_title", lang),
            [t(bc.wall_word(_w(x, view)), lang) for x in UNIT_COLS[:3]],
            [r[:3] for r in _unit_rows(view, 3)],
            {1, 2},
            t("no_late", lang),
        )
    )
    # as tall as the map beside it
    trend.html(briefing_charts.trend(view, "dark", lang, width=340, height=290))
    new = view.new_late_cases
    n = view.new_overdue
    item = "item_zh" if lang == "zh" else "item_en"
    # The talking points first (晨会要点, for the room), then the cases that went overdue.
    points = [
        f"{t('tp_heading', lang)} {i}. {p.text(lang)}" for i, p in enumerate(view.talking_points, 1)
    ]
    ticker = points + [
        f"{place_name(g, lang)} · {i} → {unit_name(u, lang) or t('unit_not_dispatched', lang)}"
        for g, i, u in zip(new["grid_name"], new[item], new["handling_unit"], strict=True)
    ]
    up_next = None
    if stop is not None and stop.count > 1:
        # "next: 迎泽区 in 42 s": the seconds count down in the browser, between two runs.
        before, after = t(
            "carousel_next",
            lang,
            i=stop.index + 1,
            n=stop.count,
            place=place_name(stop.next_name, lang) if stop.next_name else t("city", lang),
            seconds="\0",
        ).split("\0")
        up_next = kiosk.UpNext(before, after, stop.seconds_left, params.cycle.seconds)
    st.html(
        kiosk.strip(
            paths.now_local().strftime("%H:%M"),
            t("strip_data_until", lang, day=view.brief.as_of.isoformat()),
            t(_w("strip_new_late", view), lang, n=f"{n:,}")
            if n
            else t(_w("strip_no_new_late", view), lang),
            ticker,
            up_next,
        )
    )


def _carousel_stop() -> carousel.Stop | None:
    """The place the wall's carousel shows on this run (None: no carousel). Each run of the
    wall — every tick of the cycle — moves one tick on; the places are those of the scoped
    catalog of the link's place (the user's scope at most: shell.page_params)."""
    if params.cycle is None:
        return None
    base, _ = shell.catalog_or_stop(params.at, lang)
    tick = st.session_state.get("carousel_tick", -1) + 1
    st.session_state["carousel_tick"] = tick
    return carousel.stop_at(shell.tour(base), tick, params.cycle)


def render() -> None:
    stop = _carousel_stop()
    at = stop.code if stop else params.at
    cat, version = shell.catalog_or_stop(at, lang)
    first, last = shell.data_days(cat)
    as_of = params.as_of if params.as_of and first <= params.as_of <= last else None
    kind, refused = shell.briefing_period(params.period, as_of or last)
    notices = []
    if refused:  # a period the link asked for that does not fit: the day, and why
        notices.append(t(refused, lang, asked=params.period, day=(as_of or last).isoformat()))
    if params.cycle and params.cycle.bad is not None:
        notices.append(
            t(
                "carousel_bad_cycle",
                lang,
                asked=params.cycle.bad,
                low=carousel.MIN_CYCLE_S,
                high=carousel.MAX_CYCLE_S,
                seconds=params.cycle.seconds,
            )
        )
    if params.cycle_without_kiosk:
        notices.append(t("carousel_needs_kiosk", lang, asked=params.cycle_without_kiosk))
    if not params.kiosk:
        _sidebar(first, last, as_of, kind, bool(shell.tour(cat)[1:]))
        for text in notices:
            st.info(text, icon=":material/info:")
    view = shell.briefing_view(cat, as_of, kind)
    crumbs = places.breadcrumb(cat)
    _header(cat, version, view, crumbs)
    if params.kiosk:
        _kiosk(cat, view, stop, notices)
    else:
        _normal(cat, view, crumbs)
    if not params.kiosk:  # the kiosk's clock is in its bottom strip
        st.caption(t("refreshed", lang, time=paths.now_local().strftime("%H:%M:%S")))
    if stop is not None and stop.next_code != at:
        # The next place's briefing, made now (after this one is on the wall) unless another
        # wall or session already has: the turn to it is then served from memory.
        shell.briefing_view(shell.catalog_or_stop(stop.next_code, lang)[0], as_of, kind)


if params.kiosk:
    # The wall refreshes itself: a new catalog version shows up within a minute, no restart;
    # in the carousel every tick (at most a minute), a place staying a whole number of ticks.
    st.fragment(render, run_every=params.cycle.tick_s if params.cycle else 60)()
else:
    render()
