"""The server process's start: everything imported before the first session, then a warm-up.

`griddash serve` runs `python -m dashboard.app.startup run app.py …` instead of `streamlit run`:

1. preload(): every module a page needs is imported here, in one thread, before Streamlit
   starts. Streamlit runs each session's script in a thread of this process; a module imported
   lazily by two scripts at the same moment breaks (plotly imports pandas on first use:
   "partially initialized module 'pandas' has no attribute 'Series'"). Plotly's trace and
   layout validators, which it also loads lazily, are loaded by building one figure of every
   kind the pages draw.
2. warm_up(): once the server runs, a thread builds the city's default first views (the
   briefing of the latest day with its map, and each analysis page with nothing in its URL)
   through the same shared cache the pages use, and again within 5 s of each new catalog
   version, so the first director or analyst of the day does not wait for them. Pages already
   reading a version stay on it until the new one's views are built (catalog.gate, publish):
   a swap never leaves the sessions of the moment computing the new version's first views.
   Then, the new version published, warm_places() builds the briefing for each place one level
   below the city (the wall carousel's round, a director's first drill) and for each user's
   scope in the access file (a district lead's first page).
3. Streamlit's own command line runs the app (same options as `streamlit run`).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
import os
import pkgutil
import sys
import threading
import time

from dashboard.core import engine
from dashboard.data import catalogs

# Modules never imported by the pages' process (commands and workers of their own).
NOT_PRELOADED = {"dashboard.app.startup", "dashboard.__main__"}
# The Spark engine's modules (they import pyspark): preloaded only with GRIDDASH_ENGINE=spark.
SPARK_ONLY = ("dashboard.spark.", "dashboard.data.spark_", "dashboard.pipeline.spark_")
THIRD_PARTY = (
    "pandas",
    "numpy",
    "pyarrow",
    "pyarrow.parquet",
    "polars",
    "duckdb",
    "plotly.graph_objects",
    "plotly.io",
    "plotly.express",
    "pydeck",
    "shapely",
    "kaleido",
    "fpdf",
    "xlsxwriter",
    "narwhals",
    # Imported lazily on a page's first use of a feature (found by recording sys.modules around
    # each page's first run; tests/test_startup.py checks that nothing is left).
    "streamlit.emojis",
    "streamlit.material_icon_names",
    "streamlit.dataframe.lazy_df_adapters",
    "pyarrow.pandas_compat",
    "pyarrow.vendored.version",
    "narwhals._interchange.dataframe",
    "polars._utils.udfs",
)
WARM_UP_LIMIT_S = 600  # the server must be up by then; warming is skipped otherwise
# Places warmed after the city, at most: each holds a scoped Catalog (shell._catalog keeps 64)
# and takes about 1.5 s at 50M incidents on one core.
WARM_PLACES_MAX = 24
REWARM_EVERY_S = 5  # how often the warm-up thread looks for a new catalog version (a stat)

log = logging.getLogger("griddash.startup")


def preload() -> list[str]:
    """Import every third-party module the pages use and every dashboard module; load plotly's
    lazy validators. Returns the modules imported."""
    names = [m for m in THIRD_PARTY if _exists(m)]
    for name in names:
        importlib.import_module(name)
    import streamlit.runtime.caching.cache_data_api  # noqa: F401 — its logger, set below

    import dashboard

    # st.cache_data checks its options when a module defines a cached function; before the
    # runtime exists it warns that it has none (the caches themselves are made on first use).
    quiet = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    spark = engine.engine() == "spark"
    try:
        for info in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
            if info.name.startswith(SPARK_ONLY) and not spark:
                continue
            if info.name not in NOT_PRELOADED:
                importlib.import_module(info.name)
                names.append(info.name)
    finally:
        quiet.setLevel(level)
    _plotly_validators()
    from PIL import Image

    Image.init()  # the image plugins, which PIL imports when it first opens a file (page icon)
    return names


def prepare() -> list[str]:
    """preload(), then move everything it made out of the garbage collector's view: it lives as
    long as the server, and a full collection walking it takes ~0.2 s here, holding the GIL (so
    every session and the health endpoint wait). Returns the modules imported."""
    names = preload()
    catalogs.prepare()  # with the Spark engine: its session, before the first visitor
    gc.collect()
    gc.freeze()
    return names


def _exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its parent package is not installed
        return False


def _plotly_validators() -> None:
    """Import every plotly graph-object class (plotly loads each trace's and each layout part's
    module on first use; all of them take ≈ 1.3 s and 30 MB), then build and serialise, as
    st.plotly_chart does, one figure of every trace kind: the weekly report (made on /reports)
    still draws plotly."""
    import plotly.graph_objects as go
    import plotly.graph_objs
    import plotly.io as pio

    for info in pkgutil.walk_packages(plotly.graph_objs.__path__, "plotly.graph_objs."):
        if "figurewidget" not in info.name:  # needs Jupyter's ipywidgets, not used here
            importlib.import_module(info.name)

    traces = [
        go.Scatter(x=[1, 2], y=[1, 2]),
        go.Bar(x=[1], y=[1]),
        go.Box(y=[1, 2]),
        go.Histogram(x=[1, 2]),
        go.Heatmap(z=[[1]]),
        go.Pie(values=[1]),
        go.Scattergl(x=[1], y=[1]),
        go.Violin(y=[1, 2]),
        go.Funnel(x=[1], y=["a"]),
        go.Table(cells={"values": [[1]]}),
        go.Sankey(node={"label": ["a"]}),
        go.Treemap(labels=["a"], parents=[""]),
    ]
    fig = go.Figure(traces)
    fig.update_layout(
        title="warm",
        xaxis={"title": "x"},
        legend={"orientation": "h"},
        shapes=[{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 1}],
        annotations=[{"text": "a", "x": 0, "y": 0}],
    )
    fig.add_vline(x=1)
    fig.add_hrect(y0=0, y1=1)
    pio.to_json(fig, validate=True)


def warm_up() -> str:
    """Build, through the shared cache the pages read, the city's default first views of the
    latest catalog: the briefing of the latest full day with its map, then each analysis page
    with nothing in its URL (dashboard.app.page_data.default_views). Returns what was done, for the
    log; a page that fails is named there and the others are still built."""
    from dashboard.app import page_data, shell
    from dashboard.core import paths

    path = paths.catalog_file()
    if not path.exists():
        return f"no catalog at {path} yet: nothing to warm"
    started = time.perf_counter()
    # The file's version now, through the shared Catalog the pages use (same cache keys: the
    # location as the pages name it), even while the pages stay on the previous version until
    # this one is published.
    cat = shell._catalog(catalogs.location(), "").newest()
    _, as_of = shell.data_days(cat)

    done = []
    builds = {"briefing": lambda: _warm_briefing(cat), **page_data.default_views(cat)}
    for page, build in builds.items():
        took = time.perf_counter()
        try:
            build()
        except Exception as exc:  # noqa: BLE001 — that page computes on its first visit instead
            done.append(f"{page} failed ({type(exc).__name__}: {exc})")
        else:
            done.append(f"{page} {time.perf_counter() - took:.1f} s")
    return (
        f"warmed the city's first views of {as_of} (data version "
        f"{cat.data_version}) in {time.perf_counter() - started:.1f} s: "
        f"{', '.join(done)}"
    )


def places_to_warm(cat) -> list[str]:
    """The places whose briefing is built after the city's views, in order: each place one
    level below the city (the wall carousel's round, a director's first drill), then the scope
    of each user in the access file (the page they land on), at most WARM_PLACES_MAX."""
    from dashboard.app import auth, shell

    codes = [code for code, _ in shell.tour(cat)[1:]]
    try:
        users = auth.load().users.values()
    except auth.AccessError:  # the server says so on every page; nothing to warm for anyone
        users = []
    for scope in sorted({u.scope for u in users if u.scope}):
        if scope not in codes:
            codes.append(scope)
    return codes[:WARM_PLACES_MAX]


def warm_places(stamp: object) -> str:
    """Build, through the shared cache, the briefing of the latest full day with its maps for
    each of places_to_warm, on the catalog version `stamp` (scoped_db.file_stamp), stopping
    when a newer one lands (the next warm-up starts over). Run after the city's views are
    published, so new data never waits for it. Not the analysis pages: some of their shared
    caches keep 8–16 views, and the city's must stay in them. Returns what was done, for the
    log."""
    from dashboard.app import shell
    from dashboard.core import paths
    from dashboard.data.scoped_db import CatalogError, file_stamp

    path, key = paths.catalog_file(), catalogs.location()  # key: as the pages name it
    started = time.perf_counter()
    city = shell._catalog(key, "").newest()
    done, failed = [], []
    for code in places_to_warm(city):
        try:
            if file_stamp(path) != stamp:
                done.append("stopped: a newer catalog landed")
                break
            _warm_briefing(shell._catalog(key, code).newest())
        except CatalogError:
            done.append("stopped: the catalog is being replaced")
            break
        except Exception as exc:  # noqa: BLE001 — that place computes on its first visit instead
            failed.append(f"{code} ({type(exc).__name__}: {exc})")
        else:
            done.append(code)
    places = [d for d in done if not d.startswith("stopped")]
    said = (
        f"warmed the briefing of {len(places)} places in "
        f"{time.perf_counter() - started:.1f} s: {', '.join(done) or 'none'}"
    )
    return said + (f"; failed: {', '.join(failed)}" if failed else "")


def _warm_briefing(cat) -> None:
    """The briefing of the latest full day of `cat` and its map in both languages, on the
    page and on the wall, through the shared caches (the page's own calls, the same keys)."""
    from dashboard.app import shell
    from dashboard.data import places
    from dashboard.geo import maps, wall_map

    view = shell.briefing_view(cat, None)
    places.breadcrumb(cat)
    for lang in ("zh", "en"):
        at = view.brief.as_of
        maps.svg(cat, at, window_days=1, lang=lang, spikes=view.map_spikes, size=maps.VIEWPORT)
        wall_map.picture(
            cat, at, window_days=1, lang=lang, spikes=view.map_spikes, size=maps.KIOSK_VIEWPORT
        )


def _warm_when_up() -> None:
    """Wait for Streamlit's runtime (its caches live there), warm up, then warm up again each
    time a new catalog is swapped in (the server runs for weeks; the 06:00 ingest must not make
    the 08:30 director wait). Never fails the server: a problem is logged and the first page
    computes as usual."""
    from streamlit.runtime import Runtime, RuntimeState

    up = (RuntimeState.NO_SESSIONS_CONNECTED, RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED)
    deadline = time.monotonic() + WARM_UP_LIMIT_S
    while not (Runtime.exists() and Runtime.instance().state in up):
        if time.monotonic() > deadline:
            return
        time.sleep(0.2)  # polling the runtime's start, not timing anything
    # Cached functions called outside a session warn that there is no script context.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    warmed: object = object()  # never warmed
    while Runtime.exists() and Runtime.instance().state in up:
        warmed = warm_if_new(warmed)
        time.sleep(REWARM_EVERY_S)  # a stat of the catalog file per period


def warm_if_new(warmed: object) -> object:
    """Warm up (logging what was done) when the catalog file is not the one last warmed, then
    publish that version to the pages (catalog.publish), whether the warm-up succeeded or not;
    `warmed` is the stamp last warmed (scoped_db.file_stamp; None: there was no catalog).
    Returns the stamp now warmed."""
    from dashboard.core import paths
    from dashboard.data import catalog
    from dashboard.data.scoped_db import CatalogError, file_stamp

    path = paths.catalog_file()
    try:
        stamp = file_stamp(path)
    except CatalogError:  # no catalog yet: look again later
        stamp = None
    if stamp == warmed:
        return warmed
    try:
        said = warm_up()
    except Exception as exc:  # noqa: BLE001 — a warm-up problem must not stop the server
        said = f"warm-up skipped: {type(exc).__name__}: {exc}"
    if stamp is not None:
        # If the file was replaced again meanwhile, this stamp is already old: the next look
        # warms the newer one, and pages wait for that (or HOLD_LIMIT_S).
        catalog.publish(path, stamp)
    print(f"griddash: {said}", file=sys.stderr, flush=True)  # after publishing: pages show it
    if stamp is not None and said.startswith("warmed"):
        try:
            said = warm_places(stamp)
        except Exception as exc:  # noqa: BLE001 — as above
            said = f"warming the places skipped: {type(exc).__name__}: {exc}"
        print(f"griddash: {said}", file=sys.stderr, flush=True)
    return stamp


def main(argv: list[str]) -> None:
    """Prepare (preload, freeze), start the warm-up thread, run Streamlit's command line with `argv`."""
    started = time.perf_counter()
    names = prepare()
    print(
        f"griddash: imported {len(names)} modules before serving in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    if os.environ.get("GRIDDASH_WARM_UP", "1") != "0":
        from dashboard.core import paths
        from dashboard.data import catalog

        catalog.gate(paths.catalog_file())  # pages move to a new version once it is warmed
        threading.Thread(target=_warm_when_up, name="griddash-warm-up", daemon=True).start()
    from streamlit.web import cli

    cli.main(args=argv, prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
