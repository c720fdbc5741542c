"""/resolution — 办结时长: how long incidents take to close (Kaplan–Meier by matter group, place
or source, with time-limit markers), where cases stall in the workflow, the backlog by age,
returns and escalations, the handling-unit league table and satisfaction. Layout only: the
frames come from dashboard.page_data (cached, shared between sessions) over
dashboard.resolution_analysis, the charts from dashboard.resolution_figures.

URL parameters besides the shared ones (as_of, at, days, lang): `split` (group · place ·
source, default group), `min` (league table: at least this many closed cases) and `section`
(the open section, analysis_page.sections: only its frames are fetched)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import analysis_page, page_data, shell
from dashboard import resolution_analysis as ra
from dashboard import resolution_figures as rf
from dashboard.i18n import t

ctx = analysis_page.setup("nav_resolution")
lang = ctx.lang
PLOT = {"displayModeBar": False}
H = t("unit_hours", lang)


def _hours(h: float | None) -> str:
    if h is None:
        return "–"
    return f"{h:.1f} {H}" if h < 100 else f"{h:,.0f} {H}"


head = page_data.resolution_headline(ctx.cat, ctx.first, ctx.as_of)
s: ra.Summary = head["summary"]

st.caption(t("res_intro", lang))

# -- headline figures ----------------------------------------------------------------------------
cols = st.columns(6)
cols[0].metric(
    t("res_m_incidents", lang),
    f"{s.incidents:,}",
    t("res_m_open", lang, n=f"{s.still_open:,}"),
    delta_color="off",
    delta_arrow="off",
    help=t("res_m_incidents_help", lang),
)
cols[1].metric(t("res_m_km_median", lang), _hours(s.km_median_hours), help=t("res_m_km_help", lang))
cols[2].metric(t("res_m_km_p90", lang), _hours(s.km_p90_hours), help=t("res_m_km_help", lang))
cols[3].metric(
    t("res_m_naive", lang), _hours(s.naive_median_hours), help=t("res_m_naive_help", lang)
)
cols[4].metric(
    t("res_m_within", lang),
    analysis_page.share_text(s.within_limit),
    help=t("res_m_within_help", lang),
)
cols[5].metric(
    t("res_m_on_time", lang),
    analysis_page.share_text(s.on_time_rate),
    help=t("res_m_on_time_help", lang),
)

if s.incidents and s.still_open == 0:
    st.info(t("res_why_none", lang), icon=":material/info:")
elif s.incidents and s.km_median_hours is not None and s.naive_median_hours is not None:
    diff = s.km_median_hours - s.naive_median_hours
    if abs(diff) < 0.05:
        direction = t("res_why_same", lang)
    elif diff > 0:
        direction = t("res_why_lower", lang, diff=_hours(diff))
    else:  # possible when early censoring hides short cases: say so rather than "the same"
        direction = t("res_why_higher", lang, diff=_hours(-diff))
    st.info(
        t(
            "res_why",
            lang,
            open=f"{s.still_open:,}",
            share=analysis_page.share_text(s.still_open / s.incidents),
            naive=_hours(s.naive_median_hours),
            km=_hours(s.km_median_hours),
            direction=direction,
        ),
        icon=":material/info:",
    )

# -- Kaplan–Meier by segment ---------------------------------------------------------------------


def _km() -> None:
    split = analysis_page.url_choice("split", ra.SPLITS, page_data.DEFAULT_SPLIT)
    st.session_state["res_split"] = split
    st.segmented_control(
        t("res_split", lang),
        ra.SPLITS,
        key="res_split",
        required=True,
        format_func=lambda k: t(f"res_split_{k}", lang),
        on_change=analysis_page.keep_in_url("split", "res_split", page_data.DEFAULT_SPLIT),
    )
    segments = page_data.resolution_segments(ctx.cat, ctx.first, ctx.as_of, split)
    if not segments:
        st.info(t("no_rows", lang))
    else:
        limits = head["limits"]
        median_limit = dict(zip(limits["urgency"], limits["median_limit_hours"], strict=True))
        markers = [
            (t(f"res_limit_{u}", lang, h=rf.hour_text(median_limit[u], lang)), median_limit[u])
            for u in ("urgent", "normal")
            if median_limit.get(u)
        ]
        shown = segments[: ra.MAX_CURVES]
        curves = [
            (
                ra.segment_label(
                    split,
                    {"segment": g.segment, "label_zh": g.label_zh, "label_en": g.label_en},
                    lang,
                ),
                g,
            )
            for g in shown
        ]
        fig = shell.figure(
            rf.km_segments,
            curves,
            lang,
            title=t(
                "res_chart_km",
                lang,
                split=t(f"res_split_{split}", lang),
                split_lower=t(f"res_split_{split}", lang).lower(),
            ),
            limits=markers,
            x_max_hours=24.0 * ctx.days,
            height=480,
        )
        st.plotly_chart(fig, width="stretch", config=PLOT)
        st.caption(
            t(
                "res_km_note",
                lang,
                n=ra.MAX_CURVES,
                urgent=rf.hour_text(median_limit["urgent"], lang)
                if median_limit.get("urgent")
                else "–",
                normal=rf.hour_text(median_limit["normal"], lang)
                if median_limit.get("normal")
                else "–",
            )
        )
        analysis_page.table(
            ra.segment_table(segments, split, lang),
            f"resolution_by_{split}",
            lang,
            columns={
                "segment": "res_col_segment",
                "incidents": "res_col_incidents",
                "closed": "res_col_closed",
                "still_open": "res_col_still_open",
                "km_median_hours": "res_col_km_median",
                "km_p90_hours": "res_col_km_p90",
                "naive_median_hours": "res_col_naive",
            },
        )


# -- where cases stall ---------------------------------------------------------------------------


def _stall() -> None:
    data = page_data.resolution_section(ctx.cat, ctx.first, ctx.as_of, "stall")
    left, right = st.columns(2)
    stages = data["stages"]
    with left:
        if stages.is_empty():
            st.info(t("no_rows", lang))
        else:
            st.plotly_chart(
                shell.figure(rf.stage_durations, stages, lang, height=420),
                width="stretch",
                config=PLOT,
            )
        st.caption(t("res_stages_note", lang))
        shown_stages = stages.select(
            pl.col("path").map_elements(lambda p: t(f"res_path_{p}", lang), return_dtype=pl.String),
            pl.col("stage").map_elements(
                lambda p: t(f"res_stage_{p}", lang), return_dtype=pl.String
            ),
            "cases",
            pl.col("median_hours").round(2),
            pl.col("p90_hours").round(2),
        )
        analysis_page.table(
            shown_stages,
            "stage_hours_by_stage",
            lang,
            columns={
                "path": "res_col_path",
                "stage": "res_col_stage",
                "cases": "res_col_cases",
                "median_hours": "res_col_median_hours",
                "p90_hours": "res_col_p90_hours",
            },
        )
    open_steps = data["open_steps"]
    with right:
        if open_steps.is_empty():
            st.info(t("no_rows", lang))
        else:
            st.plotly_chart(
                shell.figure(rf.open_by_step, open_steps, lang, height=420),
                width="stretch",
                config=PLOT,
            )
        st.caption(t("res_open_note", lang))
        shown_open = open_steps.select(
            pl.col("last_step").map_elements(
                lambda p: t(f"res_step_{p}", lang), return_dtype=pl.String
            ),
            "cases",
            "overdue",
            pl.col("median_age_hours").round(1),
        )
        analysis_page.table(
            shown_open,
            "open_cases_by_last_step",
            lang,
            columns={
                "last_step": "res_col_last_step",
                "cases": "res_col_cases",
                "overdue": "res_col_overdue",
                "median_age_hours": "res_col_median_age",
            },
        )


# -- backlog, returns and escalations ------------------------------------------------------------


def _backlog() -> None:
    data = page_data.resolution_section(ctx.cat, ctx.first, ctx.as_of, "backlog")
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            shell.figure(rf.backlog_by_age, data["ages"], lang, height=400),
            width="stretch",
            config=PLOT,
        )
        st.caption(t("res_backlog_note", lang))
    returns = data["returns"]
    with right:
        if returns.is_empty():
            st.info(t("no_rows", lang))
        else:
            st.plotly_chart(
                shell.figure(rf.returns_escalations, returns, lang, height=400),
                width="stretch",
                config=PLOT,
            )
        st.caption(t("res_returns_note", lang))
        shown_returns = returns.select(
            pl.col("escalation_level").map_elements(
                lambda p: t(f"res_level_{p}", lang), return_dtype=pl.String
            ),
            "cases",
            "returned_cases",
            (pl.col("return_rate") * 100).round(1),
            "escalated_cases",
            (pl.col("escalation_rate") * 100).round(1),
            "returns",
            "escalations",
        )
        analysis_page.table(
            shown_returns,
            "returns_by_level",
            lang,
            columns={
                "escalation_level": "res_col_level",
                "cases": "res_col_dispatched",
                "returned_cases": "res_col_returned",
                "return_rate": "res_col_return_rate",
                "escalated_cases": "res_col_escalated",
                "escalation_rate": "res_col_escalation_rate",
                "returns": "res_col_returns",
                "escalations": "res_col_escalations",
            },
        )


# -- handling-unit league table ------------------------------------------------------------------


def _league() -> None:
    data = page_data.resolution_section(ctx.cat, ctx.first, ctx.as_of, "league")
    try:
        min_closed = max(0, int(st.query_params.get("min", 0)))
    except ValueError:
        min_closed = 0
    st.session_state["res_min"] = min_closed
    st.number_input(
        t("res_league_min", lang),
        min_value=0,
        step=10,
        key="res_min",
        width=260,
        on_change=analysis_page.keep_in_url("min", "res_min", 0),
    )
    league = (
        data["league"]
        .filter(pl.col("closed") >= min_closed)
        .with_columns((pl.col("on_time_rate") * 100).round(1))
    )
    st.caption(t("res_league_note", lang))
    analysis_page.table(
        league,
        "resolution_by_handling_unit",
        lang,
        height=420,
        columns={
            "handling_unit": "res_col_unit",
            "closed": "res_col_closed_window",
            "on_time_rate": "res_col_on_time_rate",
            "median_hours_closed": "res_col_median_closed",
            "returns": "res_col_unit_returns",
            "open_at_end": "res_col_open_end",
            "overdue_at_end": "res_col_overdue_end",
        },
    )


# -- satisfaction --------------------------------------------------------------------------------


def _sat() -> None:
    data = page_data.resolution_section(ctx.cat, ctx.first, ctx.as_of, "sat")
    sat: ra.Satisfaction = data["satisfaction"]
    left, right = st.columns([1, 2])
    with left:
        st.metric(t("res_m_sat_mean", lang), "–" if sat.mean is None else f"{sat.mean:.2f}")
        st.metric(
            t("res_m_sat_rated", lang),
            analysis_page.share_text(sat.share_rated),
            help=t("res_m_sat_rated_help", lang),
        )
        st.metric(
            t("res_m_sat_late", lang), "–" if sat.mean_late is None else f"{sat.mean_late:.2f}"
        )
    with right:
        if sat.rated:
            st.plotly_chart(
                shell.figure(rf.satisfaction, sat.by_score, lang, height=380),
                width="stretch",
                config=PLOT,
            )
        else:
            st.info(t("no_rows", lang))
    analysis_page.table(
        sat.by_score,
        "satisfaction_by_score",
        lang,
        columns={
            "score": "res_col_score",
            "on_time": "res_series_on_time",
            "late": "res_series_late",
            "no_limit": "res_series_no_limit",
            "total": "res_col_total",
        },
    )


analysis_page.show_sections(
    "res",
    {
        "km": ("res_km_heading", _km),
        "stall": ("res_stall_heading", _stall),
        "backlog": ("res_backlog_heading", _backlog),
        "league": ("res_league_heading", _league),
        "sat": ("res_sat_heading", _sat),
    },
    lang,
)
