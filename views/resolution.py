"""/resolution — 办结时长: how long incidents take to close (Kaplan–Meier by matter group, place
or source, with time-limit markers), where cases stall in the workflow, the backlog by age,
returns and escalations, the cases due today and how many will probably go overdue (预计超期) by
matter group, the handling-unit league table and satisfaction. Layout only: the
frames come from dashboard.app.page_data (cached, shared between sessions) over
dashboard.analysis.resolution_analysis, the charts from dashboard.analysis.resolution_figures and km_figures (the
Kaplan–Meier curves).

URL parameters besides the shared ones (as_of, at, days, lang): `split` (group · place ·
source, default group), `min` (league table: at least this many closed cases) and `section`
(the open section, analysis_page.sections: only its frames are fetched)."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis import km_figures
from dashboard.analysis import resolution_analysis as ra
from dashboard.analysis import resolution_figures as rf
from dashboard.analysis import resolution_tables as rt
from dashboard.app import analysis_page, page_data, shell, ui
from dashboard.charts.tile_cards import Card
from dashboard.core.i18n import t

ctx = analysis_page.setup("nav_resolution")
lang = ctx.lang


def _hours(h: float | None) -> str:
    return rt.hours_text(h, lang)


head = page_data.resolution_headline(ctx.cat, ctx.first, ctx.as_of)
s = head.summary

st.caption(t("res_intro", lang))

# -- headline figures ----------------------------------------------------------------------------
# (key, value, help key): res_m_<key> names each card.
headline = (
    ("km_median", _hours(s.km_median_hours), "res_m_km_help"),
    ("km_p90", _hours(s.km_p90_hours), "res_m_km_help"),
    ("naive", _hours(s.naive_median_hours), "res_m_naive_help"),
    ("within", analysis_page.share_text(s.within_limit), "res_m_within_help"),
    ("on_time", analysis_page.share_text(s.on_time_rate), "res_m_on_time_help"),
)
ui.cards(
    [
        Card(
            "incidents",
            t("res_m_incidents", lang),
            f"{s.incidents:,}",
            t("res_m_open", lang, n=f"{s.still_open:,}"),
            help=t("res_m_incidents_help", lang),
        ),
        *(Card(k, t(f"res_m_{k}", lang), v, help=t(h, lang)) for k, v, h in headline),
    ]
)

if few := rt.few_note(s, lang):
    st.warning(few, icon=":material/warning:")
if note := rt.km_note(s, lang):
    st.info(note, icon=":material/info:")

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
        fig = shell.figure(
            km_figures.km_segments,
            rt.km_curves(segments, split, lang),
            lang,
            title=t(
                "res_chart_km",
                lang,
                split=t(f"res_split_{split}", lang),
                split_lower=t(f"res_split_{split}", lang).lower(),
            ),
            limits=rt.km_markers(head.limits, lang),
            x_max_hours=24.0 * ctx.days,
            height=480,
        )
        ui.chart(fig, "res_km")
        st.caption(
            t(
                "res_km_note",
                lang,
                n=ra.MAX_CURVES,
                **rt.km_note_values(head.limits, lang),
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
            ui.chart(shell.figure(rf.stage_durations, stages, lang), "res_stages")
        st.caption(t("res_stages_note", lang))
        shown_stages = rt.stage_table(stages, lang)
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
            ui.chart(shell.figure(rf.open_by_step, open_steps, lang), "res_open")
        st.caption(t("res_open_note", lang))
        shown_open = rt.open_steps_table(open_steps, lang)
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
        ui.chart(shell.figure(rf.backlog_by_age, data["ages"], lang), "res_ages")
        st.caption(t("res_backlog_note", lang))
    returns = data["returns"]
    with right:
        if returns.is_empty():
            st.info(t("no_rows", lang))
        else:
            ui.chart(shell.figure(rf.returns_escalations, returns, lang), "res_returns")
        st.caption(t("res_returns_note", lang))
        shown_returns = rt.returns_table(returns, lang)
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


# -- due today and expected to go overdue (预计超期) ---------------------------------------------


def _due() -> None:
    risk = page_data.resolution_section(ctx.cat, ctx.first, ctx.as_of, "due")["at_risk"]
    st.caption(
        t(
            "res_due_note",
            lang,
            due=f"{risk.due_24h:,}",
            expected=f"{risk.expected_overdue_24h:,.1f}",
            day=ctx.as_of.isoformat(),
        )
    )
    # The groups (a short table) above the cases, each as wide as the page, so every case's
    # chance of missing stays in view beside it.
    analysis_page.table(
        rt.at_risk_groups(risk, lang),
        "at_risk_by_group",
        lang,
        columns={
            "group": "res_col_group",
            "due": "res_col_due",
            "expected_overdue": "res_col_expected_overdue",
            "expected_share": "res_col_expected_share",
        },
    )
    analysis_page.table(
        rt.at_risk_cases(risk, lang),
        "at_risk_cases",
        lang,
        columns={
            "incident_id": "res_col_incident",
            "grid_name": "res_col_grid",
            "item": "res_col_item",
            "p_miss_pct": "res_col_p_miss",
            "deadline_at": "res_col_deadline",
            "handling_unit": "res_col_unit",
            "group": "res_col_group",
            "age_hours": "res_col_age_hours",
            "limit_hours": "res_col_limit_hours",
        },
        find=("incident_id", "grid_name", "handling_unit"),
    )


# -- handling-unit league table ------------------------------------------------------------------


def _league() -> None:
    data = page_data.resolution_section(ctx.cat, ctx.first, ctx.as_of, "league")
    min_closed = analysis_page.url_int("min", default=0, minimum=0)
    st.session_state["res_min"] = min_closed
    st.number_input(
        t("res_league_min", lang),
        min_value=0,
        step=10,
        key="res_min",
        width=260,
        on_change=analysis_page.keep_in_url("min", "res_min", 0),
    )
    league = rt.league_table(data["league"], min_closed)
    st.caption(t("res_league_note", lang))
    analysis_page.table(
        league,
        "resolution_by_handling_unit",
        lang,
        height=420,
        sortable=True,  # a ranking: the note says a click on a heading sorts it
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
        ui.cards(
            [
                Card(
                    "sat_mean",
                    t("res_m_sat_mean", lang),
                    "–" if sat.mean is None else f"{sat.mean:.2f}",
                ),
                Card(
                    "sat_rated",
                    t("res_m_sat_rated", lang),
                    analysis_page.share_text(sat.share_rated),
                    help=t("res_m_sat_rated_help", lang),
                ),
                Card(
                    "sat_late",
                    t("res_m_sat_late", lang),
                    "–" if sat.mean_late is None else f"{sat.mean_late:.2f}",
                ),
            ],
            widths=[1],
        )
    with right:
        if sat.rated:
            ui.chart(shell.figure(rf.satisfaction, sat.by_score, lang), "res_sat")
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
        "due": ("res_due_heading", _due),
        "league": ("res_league_heading", _league),
        "sat": ("res_sat_heading", _sat),
    },
    lang,
)
