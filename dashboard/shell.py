"""What every analysis page shares: its state in the URL, the scoped catalog, cached data.

A view's state — as-of day, drill level (`at`, a grid-code prefix), heat window, language,
`kiosk=1` — lives in the URL query parameters, so a copied link reproduces the view. Bad values in
a hand-edited URL fall back to the defaults instead of failing the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from dashboard import briefing, catalog, i18n, metrics, paths, places, ui
from dashboard.catalog import Catalog, CatalogError


@dataclass(frozen=True)
class PageParams:
    lang: str
    as_of: date | None  # None: the last full day in the data (follows new data in kiosk mode)
    at: str  # drill level: '' city, 6/9/12/16-digit prefix
    kiosk: bool
    window: int  # heat window in days: 1 or 7


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def page_params() -> PageParams:
    """The page's state from the URL (and the language switch)."""
    as_of = None
    if text := _param("as_of"):
        try:
            as_of = date.fromisoformat(text)
        except ValueError:
            as_of = None
    at = _param("at") or ""
    try:
        at = catalog.check_scope(at)
    except ValueError:
        at = ""
    window = 7 if _param("window") == "7" else 1
    return PageParams(ui.current_lang(), as_of, at, _param("kiosk") == "1", window)


def set_param(name: str, value: str | None) -> None:
    """Put one value in the URL (None or '' removes it)."""
    if value in (None, ""):
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = value


def scoped_catalog(scope: str) -> Catalog:
    """One Catalog per catalog file and drill level, shared by the sessions (it reopens on a
    new version)."""
    return _catalog(str(paths.catalog_file()), scope)


@st.cache_resource(show_spinner=False, max_entries=64)
def _catalog(path: str, scope: str) -> Catalog:
    return Catalog(path, scope=scope)


def console_catalog(scope: str) -> Catalog:
    """The SQL console's Catalog for a scope: the same views and lock-down as scoped_catalog,
    with the console's tighter limits (catalog.CONSOLE_LIMITS, as `griddash query`). A separate
    connection, so the pages' own queries keep their limits."""
    return _console_catalog(str(paths.catalog_file()), scope)


@st.cache_resource(show_spinner=False, max_entries=64)
def _console_catalog(path: str, scope: str) -> Catalog:
    return Catalog(path, scope=scope, limits=catalog.CONSOLE_LIMITS)


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def briefing_view(data_version: str, scope: str, as_of: date | None) -> briefing.BriefingView:
    """The briefing for one data version, place and day: computed once, then served from memory.

    data_version is in the key so a new catalog gives new figures without a restart.
    """
    return briefing.build(scoped_catalog(scope), as_of)


def data_days(data_version: str) -> tuple[date, date]:
    return _data_days(data_version)


@st.cache_data(show_spinner=False, max_entries=16)
def _data_days(data_version: str) -> tuple[date, date]:
    return metrics.data_days(scoped_catalog(""))


def quarantined_rows(cat: Catalog) -> int:
    return int(cat.sql("select coalesce(sum(quarantined), 0) as n from catalog_tables")["n"][0])


def catalog_or_stop(scope: str, lang: str, *, console: bool = False) -> tuple[Catalog, str]:
    """The scoped catalog (the console's, with its limits, if `console`) and its data version;
    without a catalog, says what to run and stops the page."""
    try:
        cat = console_catalog(scope) if console else scoped_catalog(scope)
        return cat, cat.data_version
    except CatalogError as exc:
        no_catalog(lang, exc)
        raise  # not reached: no_catalog stops the script


def no_catalog(lang: str, error: Exception) -> None:
    """Say that there is no catalog yet, and the command that builds one; stop the page."""
    st.warning(f"**{i18n.t('no_catalog', lang)}** — {i18n.t('no_catalog_body', lang)}")
    st.code("griddash ingest data/exports", language="bash")
    st.caption(str(error))
    st.stop()


def go(code: str) -> None:
    """Drill to a place (a grid-code prefix; '' the city): it goes into the URL."""
    set_param("at", code)


def drill_bar(cat: Catalog, crumbs: list[places.Crumb], at: str, lang: str) -> None:
    """The breadcrumb (city › district › …, each a button back up) and the pills of the places
    one level down. Shared by the briefing and the analysis pages."""
    t = i18n.t
    with st.container(horizontal=True, vertical_alignment="center"):
        for i, crumb in enumerate(crumbs):
            st.button(crumb.name or t("level_city", lang), key=f"crumb_{crumb.code or 'city'}",
                      on_click=go, args=(crumb.code,),
                      type="primary" if i == len(crumbs) - 1 else "tertiary",
                      icon=":material/chevron_right:" if i else ":material/location_city:")  # fmt: skip
    kids = places.children(cat)
    if not kids.is_empty():
        names = dict(kids.select("code", "name").iter_rows())
        choice = st.pills(t("drill", lang), list(names), format_func=names.__getitem__,
                          key=f"drill_{at or 'city'}", help=t("drill_help", lang))  # fmt: skip
        if choice:
            go(choice)
            st.rerun()
