"""事件分析 / Incidents: where, when, what and through which channel incidents were reported in
the time window, with matter / item / source filters kept in the URL (`matter`, `item`,
`source=a,b`, `map=hex`; `top=16` lists the grids beside the map), and the spikes of the
window. Layout only: the frames come from dashboard.app.page_data (cached, shared between
sessions) over dashboard.analysis.incident_analysis, the charts from
dashboard.analysis.incident_figures, the map from dashboard.analysis.incident_map. Below the
map, one section at a time (analysis_page.sections, `section=` in the URL)."""

from __future__ import annotations

import streamlit as st

from dashboard.analysis import incident_analysis as ia
from dashboard.analysis import incident_figures as fig
from dashboard.analysis import incident_map
from dashboard.app import analysis_page, page_data, place_map, shell, ui
from dashboard.charts.tile_cards import Card
from dashboard.core.i18n import pick, t
from dashboard.geo import maps

ctx = analysis_page.setup("nav_incidents")
lang = ctx.lang


names, places = page_data.incident_reference(ctx.cat)
matters = ia.matters(names)
item_label = {
    c: pick(zh, en, lang)
    for c, zh, en in names.select("item_code", "item_zh", "item_en").iter_rows()
}
matter = analysis_page.url_choice("matter", list(matters), "")
items = ia.items_of(names, matter) if matter else []
item = analysis_page.url_choice("item", items, "")
sources = analysis_page.url_choices("source", ia.SOURCES)
mode = analysis_page.url_choice("map", incident_map.MAP_MODES, "heat")


def _on_matter() -> None:
    shell.set_param("matter", st.session_state["inc_matter"] or None)
    shell.set_param("item", None)  # an item belongs to one matter


with st.container(border=True, horizontal=True, vertical_alignment="bottom"):
    st.session_state["inc_matter"] = matter
    st.selectbox(
        t("inc_matter", lang),
        ["", *matters],
        key="inc_matter",
        on_change=_on_matter,
        format_func=lambda c: pick(*matters[c], lang) if c else t("inc_all_matters", lang),
        width=280,
    )
    st.session_state["inc_item"] = item
    st.selectbox(
        t("inc_item", lang),
        ["", *items],
        key="inc_item",
        disabled=not matter,
        on_change=analysis_page.keep_in_url("item", "inc_item", ""),
        format_func=lambda c: item_label[c] if c else t("inc_all_items", lang),
        help=t("inc_item_help", lang),
        width=320,
    )
    st.session_state["inc_sources"] = sources
    st.pills(
        t("inc_source", lang),
        ia.SOURCES,
        selection_mode="multi",
        key="inc_sources",
        format_func=lambda s: fig.source_name(s, lang),
        help=t("inc_source_help", lang),
        on_change=analysis_page.keep_in_url("source", "inc_sources", ""),
    )

filters = ia.Filters(matter or None, item or None, tuple(s for s in ia.SOURCES if s in sources))
view = page_data.incident_view(ctx.cat, ctx.first, ctx.as_of, ctx.data_first, filters)
head = view.headline


# -- headline -----------------------------------------------------------------------------------


about = t("inc_m_incidents_help", lang)
if head.previous is not None:
    delta = f"{head.incidents - head.previous:+,}" + (
        f" ({100 * head.change:+.1f}%)" if head.change is not None else ""
    )
    ref = t("inc_vs_previous", lang, days=ctx.days)
    about += " " + t("inc_previous_n", lang, days=ctx.days, previous=f"{head.previous:,}")
    # No change is no change: "0", without an arrow (as on the briefing's tiles).
    if head.incidents == head.previous:
        delta = "0"
    else:
        delta = ("↑ " if head.incidents > head.previous else "↓ ") + delta
else:
    delta, ref = None, t("inc_no_previous", lang)
with_incidents = int((view.grids["incidents"] > 0).sum())
cards = [
    Card("incidents", t("inc_m_incidents", lang), f"{head.incidents:,}", delta, ref, about),
    Card(
        "per_day",
        t("inc_m_per_day", lang),
        "–" if head.per_day is None else f"{head.per_day:,.{ia.per_day_decimals(head.per_day)}f}",
        help=t("inc_m_per_day_help", lang, days=head.days_with_data),
    ),
    Card(
        "grids",
        t("inc_m_grids", lang),
        f"{with_incidents:,} / {view.grids.height:,}",
        help=t("inc_m_grids_help", lang),
    ),
]
top = ia.top_entry(view.by_item, filters)
if top and head.incidents:
    kind, zh, en, n = top
    # The share as the value, the name below it: long English names do not fit a tile's value.
    cards.append(
        Card(
            "top",
            t(f"inc_m_top_{kind}", lang),
            analysis_page.share_text(n / head.incidents),
            pick(zh, en, lang),
            help=t(f"inc_m_top_{kind}_help", lang),
        )
    )
else:
    cards.append(Card("top", t("inc_m_top_matter", lang), "–"))
ui.cards(cards)
if filters.active:
    st.caption(
        t(
            "inc_filter_note",
            lang,
            n=f"{head.incidents:,}",
            total=f"{head.all_incidents:,}",
            share=analysis_page.share_text(head.share_of_all),
        )
    )


# -- map and top places -------------------------------------------------------------------------

left, right = st.columns([3, 2], gap="medium")
with left:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.subheader(t("inc_section_map", lang))
        st.session_state["inc_map"] = mode
        st.segmented_control(
            t("inc_map_mode", lang),
            incident_map.MAP_MODES,
            key="inc_map",
            required=True,
            format_func=lambda m: t(f"inc_map_{m}", lang),
            on_change=analysis_page.keep_in_url("map", "inc_map", "heat"),
            label_visibility="collapsed",
        )
    # built once per view and shared by the sessions (40 ms a run at scale 1: the heat picture)
    key = f"inc_map_{ctx.at or 'city'}_{mode}"
    if mode == "heat":  # SVG, drawn without WebGL; the 3D columns need deck.gl
        drawn = shell.figure(incident_map.svg, ctx.cat, view.grids, lang, ctx.first, ctx.as_of)
        code = place_map.show(drawn, maps.TIP_STYLE, key=key)
    else:
        deck = shell.figure(
            incident_map.deck, ctx.cat, view.grids, mode, lang, ctx.first, ctx.as_of
        )
        event = st.pydeck_chart(
            deck,
            height=incident_map.MAP_SIZE[1],
            on_select="rerun",
            selection_mode="single-object",
            key=key,
        )
        code = maps.clicked_code(event)
    st.caption(t("inc_map_caption", lang))
    if code and code != ctx.at:
        shell.go(code)
        st.rerun()
with right:
    st.subheader(t("inc_section_top", lang))
    # One level at a time (`top=` in the URL), as the sections below: a grid nobody opened
    # costs the browser nothing.
    opened, tab = analysis_page.sections(
        "inc_top", {str(d): fig.LEVEL_NAMES[d] for d in view.tops}, lang, param="top"
    )
    with tab:
        digits = int(opened)
        top = view.tops[digits]
        analysis_page.table(
            fig.top_table(top),
            fig.TOP_FILES[digits],
            lang,
            columns=fig.top_columns(digits),
            # a top list, printed: read at a glance beside the map, no data grid to start;
            # per day is the count over the window's days (in the header): left to the files,
            # so a grid's 16-digit code fits the column
            rows=fig.TOP_ROWS,
            omit=("per_day",),
        )
    st.caption(t("inc_top_caption", lang))

# -- lower sections: one open at a time (analysis_page.sections) -------------------------------


def _when() -> None:
    if not head.incidents:
        st.info(t("no_rows", lang))
        return
    matrix = page_data.incident_hour_weekday(ctx.cat, ctx.first, ctx.as_of, filters)
    ui.chart(shell.figure(fig.hour_weekday, matrix, view.weekday_days, lang), "inc_hour_weekday")
    counts = " · ".join(f"{fig.weekday_name(d, lang)} {n}" for d, n in view.weekday_days.items())
    even = len(set(view.weekday_days.values())) == 1  # 7, 14, … days: each weekday as often
    key = "inc_weekday_caption_even" if even else "inc_weekday_caption"
    st.caption(t(key, lang, days=counts, n=next(iter(view.weekday_days.values()))))


def _what() -> None:
    if view.by_item.height:
        ui.chart(shell.figure(fig.matter_treemap, view.by_item, lang), "inc_treemap")
    else:
        st.info(t("no_rows", lang))


def _sources() -> None:
    if not view.by_source.height:
        st.info(t("no_rows", lang))
        return
    ui.chart(
        shell.figure(
            fig.sources_over_time,
            view.by_source,
            lang,
            max(ctx.first, ctx.data_first),
            ctx.as_of,
            per_week=view.per_week,
        ),
        "inc_sources",
    )
    if view.per_week:
        st.caption(t("inc_sources_week_caption", lang))


def _spikes() -> None:
    checked = ia.spike_days(ctx.first, ctx.as_of, ctx.data_first)
    if checked is None:
        st.info(t("inc_no_spike_days", lang))
        return
    a, b = checked
    n_days = (b - a).days + 1
    notes = [t("inc_spikes_caption", lang, first=a.isoformat(), last=b.isoformat(), days=n_days)]
    if ctx.days > ia.SPIKE_HISTORY_MAX_DAYS:
        notes.append(t("inc_spikes_capped", lang, cap=ia.SPIKE_HISTORY_MAX_DAYS))
    if a > ctx.first and n_days < ia.SPIKE_HISTORY_MAX_DAYS:
        notes.append(t("inc_spikes_baseline", lang))
    st.caption(" ".join(notes))
    spikes = page_data.incident_spikes(ctx.cat, a, b)
    if spikes.is_empty():
        st.success(t("inc_no_spikes", lang), icon=":material/check_circle:")
    else:
        ui.chart(shell.figure(fig.spike_history, spikes, lang, a, b), "inc_spikes")
        analysis_page.table(
            fig.spike_table(spikes, lang),
            "spikes_by_place_day",
            lang,
            columns=fig.SPIKE_COLUMNS,
            names={"name": "path"},  # a street's name after its district's (spikes_by_place)
        )


analysis_page.show_sections(
    "inc",
    {
        "what": ("inc_section_what", _what),
        "when": ("inc_section_when", _when),
        "sources": ("inc_section_sources", _sources),
        "spikes": ("inc_section_spikes", _spikes),
    },
    lang,
)
