"""SQL 控制台 / SQL console (`/sql`): ad-hoc SELECTs over the session's scoped views, with the
schema, the named queries as examples and the session's history at hand; the result as a grid,
a quick chart and CSV / Excel / Parquet. `?sql=…` opens the page with that statement in the
editor; it runs when the user presses Run. Layout only: running, history, downloads, schema and
examples come from dashboard.analysis.console, and every statement runs in a worker process of its own
(Catalog.console_statement, the path of `griddash query`)."""

from __future__ import annotations

import shlex
import textwrap
from functools import partial

import streamlit as st

from dashboard.analysis import console, console_chart, console_schema, downloads
from dashboard.app import analysis_page, auth, shell, ui
from dashboard.core.i18n import t
from dashboard.data import places

params = shell.page_params()
lang = params.lang
ss = st.session_state

TEXT, PENDING, RESULT, HISTORY, URL_SEEN, RUNS, FROM_LINK = (
    "sql_text",
    "_sql_pending",
    "_sql_result",
    "_sql_history",
    "_sql_url_seen",
    "_sql_runs",
    "_sql_from_link",
)
DOWNLOAD_LABELS = {"csv": "CSV", "xlsx": "Excel", "parquet": "Parquet"}
GROUPS = ("export", "aggregate", "catalog")
_CSS = """
<style>
.st-key-sql_text textarea { font-family: "DejaVu Sans Mono", "WenQuanYi Micro Hei Mono",
  monospace; font-size: 0.92rem; line-height: 1.45; }
.st-key-sql_browser [data-testid="stMarkdownContainer"] table { font-size: 0.82rem; }
.st-key-sql_browser [data-testid="stMarkdownContainer"] td { padding: 0.2rem 0.4rem; }
.st-key-sql_history button p { font-family: monospace; font-size: 0.8rem; text-align: left; }
</style>
"""


def _run_next() -> None:
    ss[PENDING] = True
    ss[FROM_LINK] = False


def _load(sql: str) -> None:
    ss[TEXT] = sql
    ss[FROM_LINK] = False


@st.cache_data(show_spinner=False, max_entries=32)
def _schema(version: str, scope: str, lang: str) -> list[console_schema.TableInfo]:
    return console_schema.schema(shell.console_catalog(scope), lang)


def _columns_table(table: console_schema.TableInfo) -> str:
    head = f"| {t('sql_col_name', lang)} | {t('sql_col_kind', lang)} | {t('sql_col_description', lang)} |"
    rows = [f"| `{c.name}` | {c.kind} | {c.description.replace('|', '/')} |" for c in table.columns]
    return "\n".join([head, "|---|---|---|", *rows])


def _tables(version: str) -> None:
    needle = st.text_input(
        t("sql_find", lang),
        key="sql_find",
        icon=":material/search:",
        placeholder=t("sql_find_placeholder", lang),
    )
    found = console_schema.find(_schema(version, params.at, lang), needle)
    if not found:
        st.caption(t("sql_find_none", lang))
    for group in GROUPS:
        tables = [x for x in found if x.group == group]
        if tables:
            st.caption(t(f"sql_group_{group}", lang))
        for table in tables:
            with st.expander(f"**{table.name}** · {table.title}", expanded=bool(needle.strip())):
                if table.grain:
                    st.caption(t("sql_grain", lang, grain=table.grain))
                st.markdown(_columns_table(table))
                st.button(
                    t("sql_query_table", lang),
                    key=f"sql_table_{table.name}",
                    on_click=_load,
                    args=(console_schema.table_sql(table.name),),
                    icon=":material/table_view:",
                    type="tertiary",
                )


def _examples() -> None:
    # The pages' catalog, not the console's: a scoped console's catalog_info omits the data's span.
    _, last = shell.data_days(shell.scoped_catalog(params.at).pinned())
    st.caption(t("sql_examples_note", lang, as_of=last.isoformat()))
    for ex in console_schema.examples(last, params.at, lang):
        with st.expander(f"**{ex.name}** · {ex.purpose}"):
            st.caption(t("sql_example_grain", lang, grain=ex.grain, source=ex.source))
            shown = ", ".join(f"`${p}` ({kind}) = `{value}`" for p, kind, value in ex.params)
            st.caption(
                t("sql_example_params", lang, params=shown)
                if shown
                else t("sql_example_no_params", lang)
            )
            st.code(ex.sql, language="sql", height=220)
            st.button(
                t("sql_load", lang),
                key=f"sql_example_{ex.name}",
                on_click=_load,
                args=(ex.sql,),
                icon=":material/input:",
                type="primary",
            )


def _history() -> None:
    entries = ss.get(HISTORY, [])
    if not entries:
        st.caption(t("sql_history_empty", lang))
    with st.container(key="sql_history"):
        for i, e in enumerate(entries):
            st.button(
                textwrap.shorten(e.first_line, 90, placeholder=" …"),
                key=f"sql_history_{i}",
                on_click=_load,
                args=(e.sql,),
                help=t("sql_history_help", lang),
                icon=":material/error:" if e.failure else ":material/history:",
                type="tertiary",
            )
            at = e.at.strftime("%H:%M:%S")
            st.caption(
                t("sql_history_failed", lang, at=at, kind=t(f"sql_kind_{e.failure}", lang))
                if e.failure
                else t(
                    "sql_history_line",
                    lang,
                    at=at,
                    rows=f"{e.rows:,}" + ("+" * e.truncated),
                    ms=f"{e.elapsed_ms:,.0f}",
                )
            )


def _editor(cat) -> None:
    st.text_area(
        t("sql_editor", lang),
        key=TEXT,
        height=190,
        on_change=_run_next,
        help=t("sql_editor_help", lang),
        placeholder="select …",
    )
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(
            t("sql_run", lang),
            key="sql_run",
            type="primary",
            on_click=_run_next,
            icon=":material/play_arrow:",
        )
        st.caption(
            t(
                "sql_limits",
                lang,
                rows=f"{console.MAX_ROWS:,}",
                seconds=f"{cat.limits.time_limit_s:g}",
                memory=cat.limits.memory_limit,
            )
        )


def _chart(cat, result, run_no: int) -> None:
    frame = result.frame
    cols = console_chart.chart_columns(frame)
    st.subheader(t("sql_chart", lang))
    kinds = console_chart.CHART_KINDS
    pick, rest = st.columns([1, 2.4], vertical_alignment="bottom")
    kind = (
        pick.segmented_control(
            t("sql_chart_kind", lang),
            kinds,
            default=cols.kind,
            format_func=lambda k: t(f"sql_chart_{k}", lang),
            key=f"sql_chart_kind_{run_no}",
        )
        or cols.kind
    )
    if kind == "map":
        if not (cols.lon and cols.lat):
            st.info(t("sql_chart_no_coords", lang), icon=":material/map:")
            return
        a, b, c = rest.columns(3, vertical_alignment="bottom")
        lon = a.selectbox(
            t("sql_chart_lon", lang),
            cols.numeric,
            key=f"sql_lon_{run_no}",
            index=cols.numeric.index(cols.lon[0]),
        )
        lat = b.selectbox(
            t("sql_chart_lat", lang),
            cols.numeric,
            key=f"sql_lat_{run_no}",
            index=cols.numeric.index(cols.lat[0]),
        )
        size = c.selectbox(
            t("sql_chart_size", lang),
            (None, *cols.numeric),
            index=1 + cols.numeric.index(cols.ys[0]) if cols.ys else 0,
            format_func=lambda v: v or t("sql_chart_size_none", lang),
            key=f"sql_size_{run_no}",
        )
        st.pydeck_chart(
            console_chart.quick_map(cat, frame, lon, lat, size, lang),
            height=console_chart.MAP_SIZE[1],
        )
        st.caption(t("sql_map_caption", lang, n=f"{frame.height:,}"))
        return
    if not cols.numeric:
        st.info(t("sql_chart_no_numbers", lang), icon=":material/bar_chart:")
        return
    a, b, c = rest.columns([1, 1.6, 1], vertical_alignment="bottom")
    x = a.selectbox(
        t("sql_chart_x", lang), cols.all, index=cols.all.index(cols.x), key=f"sql_x_{run_no}"
    )
    ys = b.multiselect(
        t("sql_chart_y", lang), cols.numeric, default=list(cols.ys), key=f"sql_y_{run_no}"
    )
    options = (None, *(n for n in cols.labels if n != x))
    series = c.selectbox(
        t("sql_chart_series", lang),
        options,
        index=options.index(cols.series) if cols.series in options else 0,
        format_func=lambda v: v or t("sql_chart_series_none", lang),
        key=f"sql_series_{run_no}",
    )
    if not ys:
        st.info(t("sql_chart_need_y", lang), icon=":material/bar_chart:")
        return
    ui.chart(
        console_chart.quick_chart(frame, kind, x, ys, lang, series=series, height=430),
        f"sql_plot_{run_no}",
    )


def _waiting(place, reason: str) -> None:
    """Say why the statement has not started (console.run calls this before it waits)."""
    place.info(
        t(f"sql_waiting_{reason}", lang, per_user=console.PER_USER), icon=":material/hourglass_top:"
    )


def _result(cat, result, run_no: int, version: str) -> None:
    if result.version and result.version != version:  # a result kept from before an ingest
        st.warning(
            t("sql_other_version", lang, ran=result.version, now=version), icon=":material/history:"
        )
    st.caption(t("sql_ran", lang))
    text, left_out = console.shown_text(result.sql)
    st.code(text, language="sql", height=min(42 + 21 * text.count("\n"), 200))
    if left_out:
        st.caption(t("sql_left_out", lang, n=f"{left_out:,}"))
    if not result.ok:
        st.error(result.failure.message(lang, cat.limits), icon=":material/error:")
        st.caption(t("sql_fail_detail", lang))
        st.code(result.failure.detail_text(lang), language="text", wrap_lines=True)
        return
    frame = result.frame
    with st.container(horizontal=True, vertical_alignment="center", key="sql_summary"):
        rows_key = "sql_rows_one" if frame.height == 1 else "sql_rows"
        st.badge(
            t(rows_key, lang, rows=f"{frame.height:,}"), color="blue", icon=":material/table_rows:"
        )
        st.badge(
            t("sql_ms", lang, ms=f"{result.elapsed_ms:,.0f}"), color="gray", icon=":material/timer:"
        )
        if result.cut == "size":
            st.badge(
                t("sql_cut_size", lang, rows=f"{frame.height:,}", size=console.PAGE_SIZE),
                color="orange",
                icon=":material/more_horiz:",
            )
        elif result.truncated:
            st.badge(
                t("sql_more_rows", lang, rows=f"{console.MAX_ROWS:,}"),
                color="orange",
                icon=":material/more_horiz:",
            )
        st.space("stretch")
        for fmt, (_, mime) in downloads.FORMATS.items():
            st.download_button(
                t("sql_download", lang, fmt=DOWNLOAD_LABELS[fmt]),
                data=partial(downloads.download, frame, fmt),
                file_name=console.file_name(result, fmt),
                mime=mime,
                key=f"sql_download_{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )
    if result.renamed:
        pairs = ", ".join(f"{old} → {new}" for old, new in result.renamed)
        st.caption(t("sql_renamed", lang, pairs=pairs))
    if result.truncated:
        st.caption(t("sql_more_rows_help", lang, rows=f"{frame.height:,}"))
        scope = f" --scope {params.at}" if params.at else ""
        st.code(
            f"griddash query {shlex.quote(result.sql)}{scope} --format csv --out result.csv",
            language="bash",
            wrap_lines=True,
        )
    if frame.is_empty():
        st.info(t("sql_no_rows", lang), icon=":material/info:")
    formats = analysis_page.large_number_formats(frame) | {
        c: st.column_config.DateColumn(format="YYYY-MM-DD")
        for c in console_chart.date_columns(frame)
    }
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config=formats,
        height=380 if frame.height > 8 else "auto",
        placeholder="NULL",  # as SQL says it; the quick chart names a null category so too
    )
    if frame.height > 1:  # one row makes no chart
        _chart(cat, result, run_no)


def render() -> None:
    cat, version = shell.catalog_or_stop(params.at, lang, console=True)
    st.html(_CSS)
    # A link with ?sql=… opens the page with that statement in the editor. It runs only when this
    # user presses Run: a link must not make a director run a colleague's statement unseen.
    asked = st.query_params.get("sql")
    if asked and asked != ss.get(URL_SEEN):
        ss[TEXT], ss[URL_SEEN], ss[FROM_LINK], ss[RESULT] = asked, asked, True, None
    # Streamlit forgets a widget's value while its page is not shown: back on the page, the
    # editor holds the statement of the result still shown.
    ss.setdefault(TEXT, ss[RESULT].sql if ss.get(RESULT) else console.STARTER)

    place = shell.place_path(places.breadcrumb(cat), lang, "sql_scope_city")
    ui.header(
        t("sql_title", lang),
        t("sql_sub", lang, centre=t("city_centre", lang), place=place),
        [
            (f"{t('data_version', lang)} {version}", "blue", ":material/verified:"),
            (t("sql_read_only", lang), "green", ":material/lock:"),
        ],
    )

    left, right = st.columns([1, 2.3], gap="medium")
    with right:
        _editor(cat)
        if ss.pop(PENDING, False):
            if ss[TEXT].strip():
                waiting = st.empty()
                with st.spinner():
                    result = console.run(
                        cat,
                        ss[TEXT],
                        user=auth.current_user().id,
                        on_wait=partial(_waiting, waiting),
                    )
                waiting.empty()
                ss[RESULT], ss[RUNS] = result, ss.get(RUNS, 0) + 1
                ss[HISTORY] = console.remember(ss.get(HISTORY, []), result)
                link = console.link_text(result.sql)
                shell.set_param("sql", link)  # the URL shares the query (if it fits in a link)
                ss[URL_SEEN] = link
            else:
                ss[RESULT] = None
        result = ss.get(RESULT)
        if result is None:
            key = "sql_from_link" if ss.get(FROM_LINK) else "sql_not_run"
            st.info(t(key if ss[TEXT].strip() else "sql_empty", lang), icon=":material/edit_note:")
        else:
            _result(cat, result, ss.get(RUNS, 0), version)
    with left, st.container(key="sql_browser"):
        # Only the open tab is laid out (`panel=` in the URL): the examples are some fifty
        # highlighted statements the browser drew on every visit, hidden or not.
        analysis_page.show_sections(
            "sql_panel",
            {
                "tables": ("sql_tab_tables", partial(_tables, version)),
                "examples": ("sql_tab_examples", _examples),
                "history": ("sql_tab_history", _history),
            },
            lang,
            param="panel",
        )


render()
