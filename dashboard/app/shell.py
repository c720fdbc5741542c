"""What every analysis page shares: its state in the URL, the scoped catalog, cached data.

A view's state — as-of day, drill level (`at`, a grid-code prefix), heat window, language,
`kiosk=1` — lives in the URL query parameters, so a copied link reproduces the view. Bad values in
a hand-edited URL fall back to the defaults instead of failing the page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import polars as pl
import streamlit as st

from dashboard.app import auth, carousel, ui
from dashboard.app.auth import AccessDenied, AccessError
from dashboard.core import i18n, paths, romanise, runlog
from dashboard.data import catalog, catalogs, places, sql_sandbox
from dashboard.data.catalog import Catalog, CatalogError, Pinned
from dashboard.measures import briefing, metrics, period

T = TypeVar("T")


@dataclass(frozen=True)
class PageParams:
    lang: str
    as_of: date | None  # None: the last full day in the data (follows new data in kiosk mode)
    at: str  # drill level: '' city, 6/9/12/16-digit prefix
    kiosk: bool
    window: int  # heat window in days: 1 or 7
    # The wall's carousel (`cycle`, kiosk only; None: none; its `bad` set when the link's value
    # was refused and the default is used) and the briefing's period as asked (`period`: None
    # the day; whether a weekend applies depends on the day, see measures.period).
    cycle: carousel.Cycle | None = None
    period: str | None = None
    # A `cycle` the link carries without kiosk=1, as written: the page says how to turn the wall.
    cycle_without_kiosk: str | None = None


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
    user = auth.current_user()
    if not user.allows(at):
        # A link to a place outside the user's scope (or to the city, for a district lead)
        # opens the user's own place instead, and the URL says so.
        at = user.scope
        set_param("at", at)
    window = 7 if _param("window") == "7" else 1
    kiosk = kiosk_asked()
    cycle = carousel.cycle(_param("cycle")) if kiosk else None
    return PageParams(
        lang=ui.current_lang(),
        as_of=as_of,
        at=at,
        kiosk=kiosk,
        window=window,
        cycle=cycle,
        period=_param("period"),
        cycle_without_kiosk=None if kiosk else _param("cycle"),
    )


def kiosk_asked() -> bool:
    """Whether the URL asks for the wall screen (`kiosk=1`; the briefing's kiosk mode)."""
    return _param("kiosk") == "1"


def set_param(name: str, value: str | None) -> None:
    """Put one value in the URL (None or '' removes it)."""
    if value in (None, ""):
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = value


def scoped_catalog(scope: str) -> Catalog:
    """One Catalog per catalog file and drill level, shared by the sessions (it reopens on a
    new version). The signed-in user must be allowed `scope` (auth.AccessDenied if not): every
    page, download and report gets its data through here or console_catalog."""
    auth.check_scope(auth.current_user(), scope)
    return _catalog(catalogs.location(), scope)


@st.cache_resource(show_spinner=False, max_entries=64)
def _catalog(path: str, scope: str) -> Catalog:
    return catalogs.open_catalog(path, scope=scope)


def console_catalog(scope: str) -> Catalog:
    """The SQL console's Catalog for a scope: the console's views (no server path; nothing
    city-wide for a scoped session) and limits (catalog.CONSOLE_LIMITS, as `griddash query`).
    Its statements run in worker processes (Catalog.console_statement); in this process it only
    describes the schema. Refused (auth.AccessDenied) to viewers and outside the user's scope."""
    user = auth.current_user()
    if not user.can_use_console:
        raise AccessDenied(
            f"{user.id} is a {user.role}: expected a role with the SQL console",
            "deny_console",
            user=user.id,
            role=user.role,
        )
    auth.check_scope(user, scope)
    return _console_catalog(catalogs.location(), scope, user.scope)


@st.cache_resource(show_spinner=False, max_entries=64)
def _console_catalog(path: str, scope: str, boundary: str) -> Catalog:
    # The server keeps two console workers warm from the first console page on (sql_sandbox).
    sql_sandbox.keep_warm(2)
    return catalogs.open_catalog(
        path, scope=scope, limits=catalog.CONSOLE_LIMITS, console=True, boundary=boundary
    )


# How cached page data keys a pinned catalog of either engine (by type name: the Spark one is
# not imported on the DuckDB path).
PINNED_KEYS = {
    Pinned: Pinned.cache_key,
    "dashboard.data.spark_catalog.SparkPinned": lambda cat: cat.cache_key(),
}


def cached(**options):
    """st.cache_data for page data computed from a Pinned catalog: the catalog is keyed on its
    file, scope and data version (Pinned.cache_key), so sessions looking at the same place and
    version share one computation (Streamlit computes a key once while others wait for it), and
    a new catalog version gives new figures without a restart."""
    return st.cache_data(show_spinner=False, hash_funcs=PINNED_KEYS, **options)


def shared(**options):
    """st.cache_resource keyed like `cached`: for large results that are shared, not copied, on
    every hit (nothing may mutate them)."""
    return st.cache_resource(show_spinner=False, hash_funcs=PINNED_KEYS, **options)


def figure(build: Callable[..., T], *args, **kwargs) -> T:
    """build(*args, **kwargs) — a chart — made once and shared by every session that draws the
    same one: keyed on the builder and on the arguments' content (frames by their rows), so
    the same view in the same language gives the same object. Building a figure is about half
    of a warm page run's server time (docs/performance.md). Pages only read the figure (the
    chart element serialises it); nothing may change it after `build`."""
    return _figure(f"{build.__module__}.{build.__qualname__}", build, args, kwargs)


def frame_key(frame: pl.DataFrame) -> tuple:
    """What identifies a frame's content: its schema and a digest of every row's hash.
    (Streamlit's own hashing of a Polars frame digests the printed row hashes, which pyarrow
    abbreviates beyond 20 rows: two frames differing in a middle row got the same key.)"""
    digest = hashlib.sha256(frame.hash_rows(seed=0).to_numpy().tobytes()).hexdigest()
    return (tuple((name, str(kind)) for name, kind in frame.schema.items()), frame.height, digest)


@st.cache_resource(
    show_spinner=False,
    max_entries=1024,
    hash_funcs={**PINNED_KEYS, pl.DataFrame: frame_key},
)
def _figure(name: str, _build: Callable, args: tuple, kwargs: dict):
    return _build(*args, **kwargs)  # `name` keys the builder; `_build` is not hashed


# No time-to-live: the data version is in the key, and an entry the warm-up built at the 06:00
# ingest must still be there at the 08:30 briefing.
def briefing_view(cat: Pinned, as_of: date | None, period: str = "day") -> briefing.BriefingView:
    """The briefing for one data version, place, day and period ("day", or "weekend" on a
    Sunday): computed once, then served from memory to every session that asks — the wall's
    carousel comes back to each place every round and finds it here."""
    # Every argument passed the same way, so the page, the wall and the warm-up share one key
    # whether or not they name the period.
    return _briefing_view(cat, as_of, period)


@cached(max_entries=256)
def _briefing_view(cat: Pinned, as_of: date | None, period: str) -> briefing.BriefingView:
    return briefing.build(cat, as_of, period)


briefing_view.clear = _briefing_view.clear  # type: ignore[attr-defined]


def briefing_period(asked: str | None, as_of: date) -> tuple[str, str | None]:
    """The briefing's period for the link's `period` value on the as-of day: ("weekend", None)
    when a weekend is asked as of a Sunday; else ("day", None), or ("day", reason key) when the
    link asked for something that does not exist or does not fit the day — the page falls back
    to the day, says why, and takes the value out of the URL."""
    try:
        return period.period(asked, as_of).kind, None
    except period.PeriodError as exc:
        set_param("period", None)
        return "day", exc.key


def offers_weekend(as_of: date) -> bool:
    """Whether the weekend view can be offered for the as-of day (a Sunday)."""
    return period.offers_weekend(as_of)


@cached(max_entries=64)
def tour(cat: Pinned) -> list[tuple[str, str]]:
    """The carousel's places under the catalog's scope (places.tour), per data version."""
    return places.tour(cat)


@cached(max_entries=16)
def data_days(cat: Pinned) -> tuple[date, date]:
    """(first day, last full day) of the data: the whole city's span, recorded at ingest (the
    same through any scope)."""
    return metrics.data_days(cat)


def quarantined_rows(cat: Catalog) -> int:
    return int(cat.sql("select coalesce(sum(quarantined), 0) as n from catalog_tables")["n"][0])


def catalog_or_stop(scope: str, lang: str, *, console: bool = False) -> tuple[Catalog, str]:
    """The scoped catalog pinned at its current version (Catalog.pinned: the whole page run
    reads that version, even if a new ingest lands meanwhile) and the version; with `console`,
    the console's catalog (its statements run on the version current when they start). Without
    a catalog, says what to run and stops the page."""
    try:
        cat = console_catalog(scope) if console else scoped_catalog(scope).pinned()
        version = cat.data_version
        runlog.note_version(st.session_state, version)
        return cat, version
    except CatalogError as exc:
        no_catalog(lang, exc)
        raise  # not reached: no_catalog stops the script
    except AccessError as exc:
        refused(lang, exc)
        raise  # not reached


def no_catalog(lang: str, error: Exception) -> None:
    """Say that there is no catalog yet, and the command that builds one; stop the page."""
    st.warning(f"**{i18n.t('no_catalog', lang)}** — {i18n.t('no_catalog_body', lang)}")
    # No folder named: the command reads GRIDDASH_DATA and GRIDDASH_CATALOG as the server does.
    st.code("griddash ingest", language="bash")
    st.caption(paths.without_server_paths(str(error)))
    st.stop()


def go(code: str) -> None:
    """Drill to a place (a grid-code prefix; '' the city): it goes into the URL."""
    set_param("at", code)


def drill_bar(cat: Catalog, crumbs: list[places.Crumb], at: str, lang: str) -> None:
    """The breadcrumb (city › district › …, each a button back up) and the pills of the places
    one level down. Shared by the briefing and the analysis pages. Places above the user's
    scope are not offered (a district lead's path starts at their district)."""
    t = i18n.t
    user = auth.current_user()
    crumbs = [c for c in crumbs if user.allows(c.code)]
    kids = places.children(cat)
    # One row: the path, then the places one level down (a short bar keeps the briefing's map
    # on the first screen).
    english = i18n.normalize_lang(lang) == "en"
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        for i, crumb in enumerate(crumbs):
            st.button(
                romanise.place_name(crumb.name, lang) or t("level_city", lang),
                key=f"crumb_{crumb.code or 'city'}",
                on_click=go,
                args=(crumb.code,),
                type="primary" if i == len(crumbs) - 1 else "tertiary",
                icon=":material/chevron_right:" if i else ":material/location_city:",
                help=crumb.name if english and crumb.name else None,  # the Chinese, on hover
            )
        if kids.is_empty():
            return
        # Pills show the romanised name in English (they take no tooltip; the crumb does), a
        # street's or community's without its generic word as on the map (坞城街道 → Wucheng):
        # in full, a district's ten streets took a second row and pushed the map off the screen.
        names = {
            code: romanise.label_en(name) if english else name
            for code, name in kids.select("code", "name").rows()
        }
        st.markdown(
            f":material/subdirectory_arrow_right: {t('drill', lang)}",
            help=t("drill_help", lang),
            width="content",
        )
        choice = st.pills(
            t("drill", lang),
            list(names),
            format_func=names.__getitem__,
            key=f"drill_{at or 'city'}",
            label_visibility="collapsed",
            width="content",
            # wrap onto more rows, not off the bar's right edge: a street's two dozen
            # communities (in a horizontal container Streamlit keeps pills on one row that
            # scrolls, with nothing to say there are more)
            wrap=True,
        )
    if choice:
        go(choice)
        st.rerun()


def place_path(crumbs: list[places.Crumb], lang: str, city_key: str = "city") -> str:
    """The path of places, e.g. 太原市 › 小店区, in English Taiyuan › Xiaodian District."""
    return " › ".join(romanise.place_name(c.name, lang) or i18n.t(city_key, lang) for c in crumbs)


def refused(lang: str, error: Exception) -> None:
    """Say that this is not for this user, and why; stop the page (offering to sign out and
    in as someone else when people sign in through the identity provider)."""
    key = getattr(error, "key", None)
    values = dict(getattr(error, "values", {}))
    if "role" in values:
        values["role"] = i18n.t(f"role_{values['role']}", lang)
    # the access file's own errors, its path hidden
    reason = i18n.t(key, lang, **values) if key else paths.without_server_paths(str(error))
    st.error(f"**{i18n.t('access_refused', lang)}** — {reason}", icon=":material/block:")
    try:
        oidc = auth.load().mode == "oidc" and bool(st.user.to_dict().get("is_logged_in"))
    except AccessError:
        oidc = False
    if oidc:
        st.button(i18n.t("sign_out", lang), on_click=st.logout, icon=":material/logout:")
    st.stop()


def signed_in_user(lang: str) -> auth.User:
    """The signed-in user, or the page stops: a sign-in button (OIDC, nobody signed in yet), or
    a refusal saying why (unknown user, missing proxy header, wrong access file)."""
    try:
        return auth.current_user()
    except auth.NotSignedIn:
        provider = auth.load().provider
        st.info(i18n.t("sign_in_needed", lang), icon=":material/login:")
        if st.button(i18n.t("sign_in", lang), type="primary", icon=":material/login:"):
            st.login(provider) if provider else st.login()
        st.stop()
    except AccessError as exc:
        refused(lang, exc)
    raise AssertionError("not reached: the page stopped")


def sees_whole_city() -> bool:
    """True for users whose scope is the whole city: the data inventory (/data) is theirs only,
    since it describes every exported row — all districts' counts and quarantined rows."""
    return auth.current_user().scope == ""


def exports_folder(lang: str):
    """The exports folder for the data inventory; the page stops for users with a smaller
    scope than the city."""
    user = auth.current_user()
    if user.scope:
        refused(
            lang,
            AccessDenied(
                f"{user.id} may see places under {user.scope!r}: expected a whole-city scope for the "
                "data inventory, which describes every district's rows",
                "deny_inventory",
            ),
        )
    return paths.exports_dir()


def place_name(scope: str) -> str | None:
    """The name of a place ('' → None: the page says 太原市 / Taiyuan in its language); the
    code itself when there is no catalog yet to name it."""
    if not scope:
        return None
    try:
        crumbs = places.breadcrumb(scoped_catalog(scope))
    except CatalogError:
        return scope
    return crumbs[-1].name if len(crumbs) > 1 else scope


def user_scope() -> str:
    """The signed-in user's scope ('' the whole city)."""
    return auth.current_user().scope


def stored_reports(folder):
    """The weekly PDFs in `folder` this user may download: those whose file name names a place
    inside the user's scope (report_file.report_name); files named otherwise only for whole-city
    users."""
    from dashboard.reporting import report_file

    user = auth.current_user()
    return [
        r
        for r in report_file.stored_reports(folder)
        if (user.allows(r.scope) if r.scope is not None else user.scope == "")
    ]
