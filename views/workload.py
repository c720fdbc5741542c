"""/workload — 网格员工作量 / grid-worker workload: how the work is spread over the grid workers
of the place being looked at in the time window (distributions, Gini and Lorenz curve, over- and
under-loaded workers with their grids), grids without an active worker, workload per grid on the
map, and patrol coverage over time. Layout only: the figures come from dashboard.app.page_data
(cached, shared between sessions) over dashboard.analysis.workload_analysis, the charts from
dashboard.analysis.workload_figures. Below the tiles, one section at a time (analysis_page.sections,
`section=` in the URL)."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis import workload_analysis as wa
from dashboard.analysis import workload_figures as wf
from dashboard.analysis import workload_map as wm
from dashboard.app import analysis_page, page_data, place_map, shell, ui
from dashboard.charts.tile_cards import Card
from dashboard.core.i18n import t
from dashboard.geo import maps

ctx = analysis_page.setup("nav_workload")
lang = ctx.lang
# Days before the data starts are not counted: no worker was in post then.
view = page_data.workload_view(ctx.cat, ctx.first_in_data, ctx.as_of)

# -- filters (kept in the URL) --------------------------------------------------------------------
measure = analysis_page.url_choice("measure", wa.MEASURES, wa.DEFAULT_MEASURE)
employment = analysis_page.url_choice("employment", wa.EMPLOYMENT, "all")
with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
    st.session_state["wl_measure"] = measure
    # Five measures side by side, one click each (and no select box's code for the browser to
    # load: docs/performance.md, "a lighter frame"); each one's unit is on its tiles and axes.
    st.segmented_control(
        t("wl_filter_measure", lang),
        wa.MEASURES,
        key="wl_measure",
        required=True,
        format_func=lambda m: t(f"wl_measure_{m}", lang),
        on_change=analysis_page.keep_in_url("measure", "wl_measure", wa.DEFAULT_MEASURE),
    )
    st.session_state["wl_employment"] = employment
    st.segmented_control(
        t("wl_filter_employment", lang),
        wa.EMPLOYMENT,
        key="wl_employment",
        required=True,
        format_func=lambda e: t(f"wl_employment_{e}", lang),
        on_change=analysis_page.keep_in_url("employment", "wl_employment", "all"),
    )
with st.expander(t("wl_definitions_title", lang), icon=":material/info:"):
    st.markdown(t("wl_definitions", lang))

workers = wa.select(view.workers, employment)
spread = wa.spread(workers, measure)
fence, over, under = wa.loaded(workers, measure)

# -- tiles ------------------------------------------------------------------------------------
name = t(f"wl_measure_{measure}", lang)
unit = t(f"wl_unit_{measure}", lang)
tiles = (
    (
        "workers",
        t("wl_tile_workers", lang),
        wf.fmt(spread.workers, decimals=0),
        t("wl_tile_workers_help", lang, first=view.first, last=view.last),
    ),
    (
        "mean",
        t("wl_tile_mean", lang, unit=unit),
        wf.fmt_stat(spread.mean, measure),
        t("wl_tile_mean_help", lang, measure=name),
    ),
    (
        "median",
        t("wl_tile_median", lang, unit=unit),
        wf.fmt_stat(spread.median, measure),
        t("wl_tile_median_help", lang, measure=name),
    ),
    (
        "gini",
        t("wl_tile_gini", lang),
        wf.fmt(spread.gini, decimals=3),
        t("wl_tile_gini_help", lang),
    ),
    (
        "without_worker",
        t("wl_tile_without_worker", lang),
        wf.fmt(view.without_worker.height, decimals=0),
        t("wl_tile_without_worker_help", lang, day=view.last),
    ),
    (
        "coverage",
        t("wl_tile_coverage", lang),
        "–" if view.coverage_as_of is None else f"{100 * view.coverage_as_of:.1f}%",
        t("wl_tile_coverage_help", lang, day=view.last),
    ),
)
ui.cards(
    [Card(*tile[:3], help=tile[3]) for tile in tiles], widths=[1.05, 1.45, 1.45, 0.9, 1.05, 1.05]
)

# -- distributions ----------------------------------------------------------------------------


def _spread() -> None:
    if workers.is_empty():
        st.info(t("no_rows", lang))
    else:
        left, right = st.columns([3, 2], gap="medium")
        with left:
            ui.chart(
                shell.figure(
                    wf.histogram, workers, measure, lang, median=spread.median, fence=fence
                ),
                "wl_histogram",
            )
        if spread.gini is None:
            few = spread.workers < 2
            right.info(t("wl_no_gini_one" if few else "wl_no_gini", lang, n=spread.workers))
        else:
            with right:
                ui.chart(shell.figure(wf.lorenz, spread, measure, lang), "wl_lorenz")
        part = int((~workers["full_window"]).sum())
        if part:  # only worth a word when some workers were in post for part of the window
            st.caption(t("wl_spread_note", lang, n=f"{spread.workers:,}", part=f"{part:,}"))
        if workers.height >= 5:  # boxes of one or two workers are flat lines that say nothing
            ui.chart(shell.figure(wf.boxes, workers, lang), "wl_boxes")


# -- over- and under-loaded -------------------------------------------------------------------


def _loaded() -> None:
    if fence is None:
        st.info(t("no_rows", lang))
    else:
        if fence.median <= 0:
            st.caption(t("wl_loaded_zero", lang, n=f"{fence.workers:,}", unit=unit))
        else:
            d = wf.stat_decimals([fence.low], measure)  # two digits of the smallest at least
            st.caption(
                t(
                    "wl_loaded_rule",
                    lang,
                    n=f"{fence.workers:,}",
                    median=wf.fmt(fence.median, decimals=d),
                    low=wf.fmt(fence.low, decimals=d),
                    high=wf.fmt(fence.high, decimals=d),
                    unit=unit,
                )
            )
        columns = {
            "worker_id": "wl_col_worker_id",
            "display_name": "wl_col_name",
            "employment": "wl_col_employment",
            "value": f"wl_measure_{measure}",
            "grids": "wl_col_grids",
            "grid_names": "wl_col_grid_names",
            "street_names": "wl_col_streets",
        }
        # Lazy tabs: only the open list is laid out (a hidden data grid is drawn all the same).
        tabs = st.tabs(
            [t("wl_over", lang, n=f"{over.height:,}"), t("wl_under", lang, n=f"{under.height:,}")],
            key=f"wl_lists_{lang}",
            on_change="rerun",
        )
        for tab, frame, kind in zip(
            tabs, (over, under), ("overloaded", "underloaded"), strict=True
        ):
            if tab.open:
                with tab:
                    analysis_page.table(
                        wa.employment_words(frame, lang),
                        f"workload_{kind}_{measure}",
                        lang,
                        columns=columns,
                        height=320 if frame.height > 8 else "auto",
                    )


# -- map and grids without a worker -----------------------------------------------------------


def _map() -> None:
    left, right = st.columns([3, 2], gap="medium")
    with left:
        by_place = wa.map_by_place(ctx.cat.scope)
        level = t("level_district" if not ctx.cat.scope else "level_street", lang)
        level = level.lower() if lang == "en" else level  # "per district", mid-sentence
        if by_place:
            st.subheader(t("wl_section_map_places", lang, measure=name, level=level))
        else:
            st.subheader(t("wl_section_map", lang, measure=name))
        values = wa.map_values(workers, view.assignments, measure, ctx.cat.scope)
        # SVG, drawn without WebGL; a place or grid clicked is drilled into, as on every map
        drawn = shell.figure(wm.grid_map_svg, ctx.cat, values, measure, lang, spread.mean)
        code = place_map.show(drawn, maps.TIP_STYLE, key=f"wl_map_{ctx.at or 'city'}")
        if code and code != ctx.at:
            shell.go(code)
            st.rerun()
        st.html(wm.legend_html(spread.mean, measure, lang))
        key = "wl_map_note_places" if by_place else "wl_map_note"
        inline = name[:1].lower() + name[1:] if lang == "en" else name  # mid-sentence
        st.caption(t(key, lang, measure=inline, level=level) + wm.range_note(values, measure, lang))
    with right:
        st.subheader(t("wl_section_vacant", lang, day=view.last))
        if view.without_worker.is_empty():
            st.success(t("wl_no_vacant", lang, day=view.last), icon=":material/check_circle:")
        else:
            analysis_page.table(
                view.without_worker.drop("grid_type"),
                "workload_grids_without_worker",
                lang,
                columns=wa.VACANT_TABLE_COLUMNS,
                height=420 if view.without_worker.height > 10 else "auto",
            )
        st.caption(t("wl_vacant_note", lang))
        ui.chart(shell.figure(wf.vacant, view.without_by_day, lang, height=300), "wl_vacant")


# -- patrol coverage over time ----------------------------------------------------------------


def _coverage() -> None:
    ui.chart(
        shell.figure(
            wf.coverage, page_data.workload_coverage(ctx.cat, view.first, view.last), lang
        ),
        "wl_coverage",
    )
    st.caption(t("wl_coverage_note", lang))


# -- every worker -----------------------------------------------------------------------------


def _workers() -> None:
    st.caption(t("wl_section_workers", lang, n=f"{workers.height:,}"))
    analysis_page.table(
        wa.worker_table(workers, lang),
        "workload_by_worker",
        lang,
        columns=wa.WORKER_TABLE_COLUMNS,
        height=420,
        find=("worker_id", "display_name"),
    )


analysis_page.show_sections(
    "wl",
    {
        "spread": ("wl_section_spread", _spread),
        "loaded": ("wl_section_loaded", _loaded),
        "map": ("wl_tab_map", _map),
        "coverage": ("wl_section_coverage", _coverage),
        "workers": ("wl_tab_workers", _workers),
    },
    lang,
)
