"""/training — 培训参与: sessions over time, cumulative participant-times, training coverage by
place, topic and mode, never-trained and lapsed workers, hours per worker, and coverage beside the
on-time rate (descriptive). Layout only: the frames come from dashboard.app.page_data (cached,
shared between sessions) over dashboard.analysis.training_analysis, the charts from
dashboard.analysis.training_figures. Below the headline, one section at a time (analysis_page.sections,
`section=` in the URL)."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis import training_analysis as ta
from dashboard.analysis import training_figures as tf
from dashboard.app import analysis_page, page_data, shell, ui
from dashboard.charts.tile_cards import Card
from dashboard.core.i18n import t
from dashboard.data import places

ctx = analysis_page.setup("nav_training")
lang = ctx.lang


view = page_data.training_view(ctx.cat, ctx.as_of, ctx.days)
level = places.level_of(ctx.at)
child_level = places.LEVELS[min(places.LEVELS.index(level) + 1, 4)]


def _height(frame, tall: int) -> int | str:
    """A fixed table height for long tables; short ones take only the rows they have."""
    return tall if frame.height > 10 else "auto"


PLACE_COLUMNS = {
    "code": "tr_col_code",
    "name": "tr_col_name",
    "active_workers": "tr_col_active_workers",
    "trained_365d": "tr_col_trained_365d",
    "lapsed": "tr_col_lapsed",
    "never_trained": "tr_col_never_trained",
    "coverage": "tr_col_coverage",
}

REACH_COLUMNS = {
    "topic": "tr_col_topic",
    "mode": "tr_col_mode",
    "sessions": "tr_col_sessions",
    "participant_times": "tr_col_participant_times",
    "workers_reached": "tr_col_workers_reached",
    "reached_share": "tr_col_reached_share",
}

WORKER_COLUMNS = {
    "worker_id": "tr_col_worker_id",
    "display_name": "tr_col_display_name",
    "employment": "tr_col_employment",
    "hired_on": "tr_col_hired_on",
    "street_name": "tr_col_street",
    "community_name": "tr_col_community",
    "grid_names": "tr_col_grid_names",
    "grid_codes": "tr_col_grid_codes",
    "sessions_ever": "tr_col_sessions_ever",
    "last_session_day": "tr_col_last_session",
}


# -- headline figures ------------------------------------------------------------------------------
totals, counts = view.totals, view.status_counts()
median_hours = view.workers["hours_365d"].median() if view.workers.height else None
kpis = [
    (
        "tr_kpi_participant_times",
        f"{totals['participant_times']:,}",
        "tr_kpi_participant_times_help",
    ),
    ("tr_kpi_sessions", f"{totals['sessions']:,}", "tr_kpi_sessions_help"),
    (
        "tr_kpi_coverage",
        analysis_page.share_text(view.coverage_365d),
        "help_training_coverage_365d",
    ),
    ("tr_kpi_never", f"{counts['never']:,}", "tr_kpi_status_help"),
    ("tr_kpi_lapsed", f"{counts['lapsed']:,}", "tr_kpi_status_help"),
    (
        "tr_kpi_hours",
        "–" if median_hours is None else f"{median_hours:.1f} {t('unit_hours', lang)}",
        "tr_kpi_hours_help",
    ),
]
ui.cards(
    [Card(label, t(label, lang), value, help=t(help_key, lang)) for label, value, help_key in kpis]
)
if ctx.at:
    st.caption(t("tr_scope_note", lang))

# -- sessions --------------------------------------------------------------------------------------


def _sessions() -> None:
    span = analysis_page.url_choice("span", ta.SPANS, "365")
    colour = analysis_page.url_choice("colour", ta.COLOURS, "topic")
    with st.container(horizontal=True, gap="large"):
        st.session_state["tr_span"] = span
        st.segmented_control(
            t("tr_span", lang),
            ta.SPANS,
            key="tr_span",
            required=True,
            format_func=lambda s: t(f"tr_span_{s}", lang),
            on_change=analysis_page.keep_in_url("span", "tr_span", "365"),
        )
        st.session_state["tr_colour"] = colour
        st.segmented_control(
            t("tr_colour", lang),
            ta.COLOURS,
            key="tr_colour",
            required=True,
            format_func=lambda c: t(f"tr_colour_{c}", lang),
            on_change=analysis_page.keep_in_url("colour", "tr_colour", "topic"),
        )
    shown = view.window_sessions(span)
    st.caption(
        t(
            "tr_span_note",
            lang,
            n=view.window_sessions("window").height,
            first=ctx.first,
            last=ctx.as_of,
        )
        + " "
        + t(
            "tr_span_shown",
            lang,
            n=shown.height,
            times=f"{int(shown['participant_times'].sum()):,}",
        )
    )
    left, right = st.columns([3, 2], gap="medium")
    with left:
        if shown.is_empty():
            st.info(t("tr_no_sessions", lang))
        else:
            ui.chart(shell.figure(tf.timeline, shown, lang, colour), "tr_timeline")
    with right:
        if view.sessions.is_empty():
            st.info(t("tr_no_sessions", lang))
        else:
            ui.chart(shell.figure(tf.cumulative, view.sessions, lang), "tr_cumulative")
    # Lazy: the table is laid out only once opened (a closed expander's data grid was still
    # loaded and drawn on every visit).
    sessions_box = st.expander(
        t("tr_sessions_table", lang), key=f"tr_sessions_open_{lang}", on_change="rerun"
    )
    if sessions_box.open:
        with sessions_box:
            _sessions_table(shown)


def _sessions_table(shown) -> None:
    """The sessions shown on the timeline, one row each, with their downloads."""
    analysis_page.table(
        ta.sessions_table(shown, lang),
        "training_sessions",
        lang,
        columns={
            "session_id": "tr_col_code",
            "title": "tr_col_title",
            "topic": "tr_col_topic",
            "level": "tr_col_level",
            "mode": "tr_col_mode",
            "starts_at": "tr_col_starts_at",
            "duration_minutes": "tr_col_duration",
            "participant_times": "tr_col_participant_times",
            "grid_worker_times": "tr_col_grid_worker_times",
            "cadre_times": "tr_col_cadre_times",
        },
    )


# -- coverage by place -----------------------------------------------------------------------------


def _coverage() -> None:
    st.caption(t("tr_coverage_note", lang, first=view.coverage_first, last=view.as_of))
    street_level = "street" if len(ctx.at) < 9 else child_level
    left, right = st.columns([1, 1], gap="medium")
    with left:
        if view.by_child["coverage"].is_null().all():
            st.info(t("tr_no_workers", lang))
        else:
            ui.chart(
                shell.figure(
                    tf.coverage_bars, view.by_child, child_level, view.coverage_365d, lang
                ),
                "tr_coverage",
            )
    with right:
        st.markdown(f"**{t('tr_places_table', lang, level=t(f'tr_lvl_{street_level}', lang))}**")
        analysis_page.table(
            ta.places_table(view.by_street),
            f"training_coverage_by_{street_level}",
            lang,
            columns=PLACE_COLUMNS,
            height=_height(view.by_street, 420),
        )


# -- topics and modes ------------------------------------------------------------------------------


def _topics() -> None:
    st.caption(t("tr_topics_note", lang))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        if view.by_topic.is_empty():
            st.info(t("tr_no_sessions", lang))
        else:
            ui.chart(shell.figure(tf.topics, view.by_topic, lang), "tr_topics")
    with right:
        analysis_page.table(
            ta.reach_table(view.by_mode, "mode", lang),
            "training_reach_by_mode",
            lang,
            columns=REACH_COLUMNS,
        )
        analysis_page.table(
            ta.reach_table(view.by_topic, "topic", lang),
            "training_reach_by_topic",
            lang,
            columns=REACH_COLUMNS,
        )


# -- never-trained and lapsed workers; hours per worker ---------------------------------------------


def _workers() -> None:
    first_session = view.sessions["starts_at"].min() if view.sessions.height else None
    # The list takes the width (eight columns, the place names long in English) and the hours
    # histogram comes under it.
    st.subheader(t("tr_sec_workers", lang))
    st.caption(t("tr_workers_note", lang, first=first_session.date() if first_session else "–"))
    for status, tab in zip(
        ("never", "lapsed"),
        st.tabs(
            [
                t("tr_list_never", lang, n=f"{counts['never']:,}"),
                t("tr_list_lapsed", lang, n=f"{counts['lapsed']:,}"),
            ]
        ),
        strict=True,
    ):
        with tab:
            listed = ta.worker_list(view.workers, status, lang)
            analysis_page.table(
                listed,
                f"training_{status}_workers",
                lang,
                columns=WORKER_COLUMNS,
                height=_height(listed, 380),
            )
    left, _ = st.columns([3, 2], gap="medium")
    with left:
        st.subheader(t("tr_sec_hours", lang))
        if view.workers.is_empty():
            st.info(t("tr_no_workers", lang))
        else:
            ui.chart(shell.figure(tf.hours, view.workers, lang), "tr_hours")


# -- coverage beside the on-time rate (descriptive) -------------------------------------------------


def _on_time() -> None:
    on_level = places.LEVELS[places.LEVEL_DIGITS.index(view.on_time_digits)]
    plural = t(f"tr_plural_{on_level}", lang)
    rated = ta.rated_places(view.on_time)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        if rated.is_empty():
            st.info(t("no_rows", lang))
        elif rated.height < 4:
            st.info(t("tr_on_time_few", lang, n=rated.height, level=t(f"level_{on_level}", lang)))
        else:
            ui.chart(
                shell.figure(tf.on_time_scatter, view.on_time, on_level, ctx.days, lang),
                "tr_on_time",
            )
    with right:
        st.warning(
            t(
                "tr_on_time_caveat",
                lang,
                level=t(f"level_{on_level}", lang),
                level_plural=plural.lower(),
            ),
            icon=":material/info:",
        )
        halves = ta.on_time_by_coverage_half(view.on_time)
        if halves:
            st.markdown(
                t(
                    "tr_on_time_halves",
                    lang,
                    level=t(f"level_{on_level}", lang),
                    level_plural=plural,
                    median=analysis_page.share_text(halves["median_coverage"]),
                    high=analysis_page.share_text(halves["high"]),
                    low=analysis_page.share_text(halves["low"]),
                )
            )
        st.caption(
            t(
                "tr_on_time_note",
                lang,
                days=ctx.days,
                first=ctx.first,
                last=ctx.as_of,
                level=t(f"level_{on_level}", lang),
                n=view.on_time.height - rated.height,
            )
        )
        analysis_page.table(
            ta.on_time_table(view.on_time),
            f"training_on_time_by_{on_level}",
            lang,
            columns={
                **PLACE_COLUMNS,
                "closed_with_deadline": "tr_col_closed_with_deadline",
                "closed_on_time": "tr_col_closed_on_time",
                "on_time_rate": "tr_col_on_time_pct",
            },
            height=_height(view.on_time, 300),
        )


analysis_page.show_sections(
    "tr",
    {
        "sessions": ("tr_sec_sessions", _sessions),
        "coverage": ("tr_sec_coverage", _coverage),
        "topics": ("tr_sec_topics", _topics),
        "workers": ("tr_sec_workers", _workers),
        "on_time": ("tr_sec_on_time", _on_time),
    },
    lang,
)
