"""The frame every analysis page (/incidents, /resolution, /workload, /training) shares: the
scoped catalog, the as-of day and time window in the sidebar, the header, the drill-down bar,
URL-kept filters and table downloads.

State lives in the URL like the briefing's: `as_of`, `at` (drill level), `days` (time window),
`lang`, plus each page's own filters (`url_choice`). A page calls `setup()` and lays out what it
gets back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.analysis import downloads as result_files
from dashboard.app import day_picker, page_data, printed_table, shell, ui
from dashboard.core.i18n import share_text, t  # noqa: F401 — share_text: the pages' name for it
from dashboard.data import places
from dashboard.data.catalog import Catalog

WINDOWS = (7, 30, 90, 365)  # days; the time window's choices
DEFAULT_WINDOW = page_data.DEFAULT_WINDOW


@dataclass(frozen=True)
class Context:
    """What a page needs: its catalog (already scoped to the drill level — and, with sign-in,
    to the user's scope), the data version (for cache keys), the window's first and last day
    (inclusive) and the language."""

    cat: Catalog
    version: str
    lang: str
    at: str  # drill level: '' the city, else a grid-code prefix
    as_of: date  # last day of the window, inclusive
    days: int  # window length in days
    data_first: date
    data_last: date
    crumbs: list[places.Crumb]

    @property
    def first(self) -> date:
        """First day of the window, inclusive."""
        return self.as_of - timedelta(days=self.days - 1)

    @property
    def first_in_data(self) -> date:
        """First day of the window that the data covers (later than `first` when the window
        reaches back before the data starts): per-day figures divide by days that have data."""
        return max(self.first, self.data_first)

    @property
    def place(self) -> str:
        """The place path, e.g. 太原市 › 小店区 (Taiyuan › Xiaodian District in English)."""
        return shell.place_path(self.crumbs, self.lang)


FILE_TAG = "_analysis_file_tag"  # session-state key: place and window for download file names


def _window_from_url() -> int:
    try:
        days = int(st.query_params.get("days", DEFAULT_WINDOW))
    except ValueError:
        return DEFAULT_WINDOW
    return days if days in WINDOWS else DEFAULT_WINDOW


def _on_days() -> None:
    days = st.session_state["analysis_days"]
    shell.set_param("days", None if days == DEFAULT_WINDOW else str(days))


def setup(title_key: str) -> Context:
    """Open the page: catalog (or a no-catalog message and stop), sidebar (as-of day, time
    window), header with place and window, drill-down bar. `title_key` names the page title."""
    params = shell.page_params()
    lang = params.lang
    cat, version = shell.catalog_or_stop(params.at, lang)
    first, last = shell.data_days(cat)
    as_of = params.as_of if params.as_of and first <= params.as_of <= last else last
    days = _window_from_url()
    with st.sidebar:
        day_picker.day_picker(
            t("analysis_as_of", lang),
            t("analysis_as_of_help", lang),
            first,
            last,
            as_of,
            "analysis_as_of",
            lang,
        )
        st.session_state["analysis_days"] = days
        st.segmented_control(
            t("analysis_days", lang),
            WINDOWS,
            key="analysis_days",
            required=True,
            format_func=lambda n: t("analysis_days_n", lang, n=n),
            on_change=_on_days,
        )
    crumbs = places.breadcrumb(cat)
    ctx = Context(cat, version, lang, params.at, as_of, days, first, last, crumbs)
    # Downloaded files say which place and days they hold (session state: one per session).
    st.session_state[FILE_TAG] = f"{params.at or 'city'}_{ctx.first}_to_{as_of}"
    badges = [(f"{t('data_version', lang)} {version}", "blue", ":material/verified:")]
    ui.header(
        t(title_key, lang),
        t(
            "analysis_sub",
            lang,
            place=ctx.place,
            first=ctx.first.isoformat(),
            last=as_of.isoformat(),
            days=days,
        ),
        badges,
    )
    shell.drill_bar(cat, crumbs, params.at, lang)
    return ctx


def url_choice(name: str, options: Sequence[str], default: str | None = None) -> str | None:
    """A page filter kept in the URL parameter `name`: its value if it is one of `options`,
    else `default` (a hand-edited link with a bad value falls back instead of failing)."""
    value = st.query_params.get(name)
    return value if value in options else default


def url_int(name: str, default: int = 0, minimum: int = 0) -> int:
    """A whole-number page filter kept in the URL parameter `name`, at least `minimum`; a
    hand-edited link with something else falls back to `default`."""
    try:
        return max(minimum, int(st.query_params.get(name, default)))
    except ValueError:
        return default


def url_choices(name: str, options: Sequence[str]) -> list[str]:
    """A multi-value page filter kept in the URL as `name=a,b`; unknown values are left out."""
    value = st.query_params.get(name) or ""
    allowed = set(options)
    return [v for v in value.split(",") if v in allowed]


def keep_in_url(name: str, key: str, default: object = None) -> Callable[[], None]:
    """An on_change callback that writes widget `key`'s value into URL parameter `name`
    (lists joined with commas; the default value removes the parameter)."""

    def _store() -> None:
        value = st.session_state[key]
        if isinstance(value, list | tuple):
            value = ",".join(map(str, value))
        shell.set_param(name, None if value == default or value is None else str(value))

    return _store


SECTION_PARAM = "section"  # URL parameter naming a page's open lower section


def sections(
    page: str, parts: dict[str, str], lang: str, *, param: str = SECTION_PARAM
) -> tuple[str, DeltaGenerator]:
    """A page's lower sections as tabs, of which only the open one runs and reaches the browser:
    a chart nobody opened costs neither the server nor the browser, and does not hold the top of
    the page. `parts` maps section id → i18n key of its label, in order; the open section is
    kept in the URL (`section=<id>`, or `param`, absent for the first). Returns the open
    section's id and the tab to lay it out in."""
    ids = list(parts)
    labels = {k: t(v, lang) for k, v in parts.items()}
    by_label = {v: k for k, v in labels.items()}
    chosen = url_choice(param, ids, ids[0])
    key = f"{page}_section_{lang}"  # labels differ by language: one widget per language

    def _store() -> None:
        picked = by_label.get(st.session_state[key], ids[0])
        shell.set_param(param, None if picked == ids[0] else picked)

    st.session_state[key] = labels[chosen]  # the URL is the truth, as for every filter
    tabs = st.tabs(list(labels.values()), key=key, on_change=_store)
    return chosen, tabs[ids.index(chosen)]


def show_sections(
    page: str,
    parts: dict[str, tuple[str, Callable[[], None]]],
    lang: str,
    *,
    param: str = SECTION_PARAM,
) -> str:
    """`sections` with a layout function per section: `parts` maps id → (i18n key of its label,
    function laying it out); only the open section's function runs, inside its tab. Returns the
    open section's id."""
    opened, tab = sections(page, {k: label for k, (label, _) in parts.items()}, lang, param=param)
    with tab:
        parts[opened][1]()
    return opened


def downloads(frame: pl.DataFrame, name: str, lang: str) -> None:
    """CSV, Excel and Parquet download buttons for a table shown on the page. `name` is the
    grain (e.g. `incidents_by_street`); the file is named after it, the place and the window
    (`griddash-incidents_by_street_140105_2026-10-30_to_2026-11-28.csv`) and holds every row of
    `frame`."""
    tag = st.session_state.get(FILE_TAG)
    stem = f"griddash-{name}_{tag}" if tag else f"griddash-{name}"
    with st.container(horizontal=True, horizontal_alignment="right", gap="small"):
        for fmt, (ext, mime) in result_files.FORMATS.items():
            st.download_button(
                t(f"download_{fmt}", lang),
                data=lambda fmt=fmt: result_files.download(frame, fmt),
                file_name=f"{stem}.{ext}",
                mime=mime,
                icon=":material/download:",
                key=f"dl_{name}_{fmt}",
                on_click="ignore",
                type="tertiary",
            )


TABLE_ROWS = 200  # rows drawn on the page: thousands more cost the browser, not the reader
# A table of at most this many rows is printed as plain HTML: a short list is read, not sorted
# or scrolled, and a page without a data grid loads 1.6 MB less JavaScript and draws no canvas
# (docs/performance.md, "2026-12-02, morning"; dashboard/app/printed_table.py). Longer ones
# are a data grid; both download.
PRINTED_ROWS = 30


def decimal_formats(frame: pl.DataFrame) -> dict:
    """A number format per numeric column of `frame`, thousands separated ("2,720", where
    Streamlit would show "2720"): a float column with as many decimals as its values need, the
    same on every row ("87.0" under "88.2", where Streamlit would show "87"); a whole-number
    column as whole numbers (every identifier in the data is text, so none is spelt 1,234)."""
    formats = {}
    for c, kind in frame.schema.items():
        if kind.is_float():
            formats[c] = st.column_config.NumberColumn(
                format=f"%,.{printed_table.decimals(frame[c].drop_nulls())}f"
            )
        elif kind.is_integer():
            formats[c] = st.column_config.NumberColumn(format="%,d")
    return formats


# From this size a number is hard to read without separators; below it a year (2026) or an hour
# stays as it is.
SEPARATE_FROM = 10_000


def large_number_formats(frame: pl.DataFrame) -> dict:
    """For the SQL console's grid, whose columns can be anything (a count, a year, an id cast to
    a number): thousands separators on the numeric columns holding a value of SEPARATE_FROM or
    more — whole numbers as "12,345", others in the browser's own notation ("12,345.678");
    every other column keeps Streamlit's own format."""
    formats = {}
    for c, kind in frame.schema.items():
        if not kind.is_numeric():
            continue
        largest = frame[c].drop_nulls().abs().max() if frame.height else None
        if largest is None or not largest >= SEPARATE_FROM:  # NaN is not large either
            continue
        number = "%,d" if kind.is_integer() else "localized"
        formats[c] = st.column_config.NumberColumn(format=number)
    return formats


def table(
    frame: pl.DataFrame,
    name: str,
    lang: str,
    *,
    columns: dict[str, str] | None = None,
    height: int | str = "auto",
    rows: int = TABLE_ROWS,
    find: Sequence[str] = (),
    names: dict[str, str] | None = None,
    sortable: bool = False,
    omit: Sequence[str] = (),
) -> None:
    """A table with its downloads. `columns` maps column name → i18n key of its heading (the
    downloaded files keep the same headings); columns not named keep their names. The page
    draws the first `rows` rows and says so when there are more; the downloads hold every
    row. `find`: columns (by name) a search box matches, case-insensitive, part of the text.
    `names`: the columns holding place or unit names and their kind (places.NAME_KINDS;
    places.NAME_COLUMNS by default), shown romanised in English; the downloads keep the
    Chinese, as the data has it. A table that draws at most PRINTED_ROWS rows (a short one,
    or the first `rows` of a top list) is printed as HTML unless it has `find` or is
    `sortable` (a league table, however short: the page says a click on a heading sorts it);
    a longer one is a data grid. `omit`: columns (by name) left off the page, kept in the
    downloads (a figure the page's header already gives, where the column is narrow)."""
    shown = places.in_language(frame, lang, names).drop(omit, strict=False)
    if columns:
        heads = {c: t(k, lang) for c, k in columns.items() if c in frame.columns}
        frame = frame.rename(heads)
        shown = shown.rename({c: h for c, h in heads.items() if c in shown.columns})
    if frame.is_empty():
        st.info(t("no_rows", lang))
        return
    if find:
        needle = st.text_input(
            t("table_find", lang),
            key=f"find_{name}",
            help=t("table_find_help", lang),
            icon=":material/search:",
        ).strip()
        if needle:
            heads = [t(columns[c], lang) if columns and c in columns else c for c in find]
            shown = shown.filter(
                pl.any_horizontal(
                    pl.col(h)
                    .cast(pl.String)
                    .str.to_lowercase()
                    .str.contains(needle.lower(), literal=True)
                    for h in heads
                )
            )
            st.caption(t("table_found", lang, n=f"{shown.height:,}"))
    if min(shown.height, rows) <= PRINTED_ROWS and not find and not sortable:
        st.html(printed_table.html(shown.head(rows)))
    else:
        # "–" for a figure that has no value (a KM p90 never reached): not Streamlit's "None"
        st.dataframe(
            shown.head(rows),
            hide_index=True,
            width="stretch",
            height=height,
            placeholder="–",
            column_config=decimal_formats(frame),
        )
    if shown.height > rows:
        st.caption(
            t(
                "table_first_rows",
                lang,
                shown=f"{rows:,}",
                total=f"{shown.height:,}",
                all=f"{frame.height:,}",
            )
        )
    downloads(frame, name, lang)
