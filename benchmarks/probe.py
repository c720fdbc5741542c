"""One measurement in a fresh interpreter; prints one JSON object on its last line of output.

Run by benchmarks/run.py, one process per cold measurement:

    probe.py params CATALOG                         the realistic query parameters of the data
    probe.py query-cold CATALOG SCOPE NAME PARAMS   open the catalog, run one named query once
    probe.py brief-cold CATALOG SCOPE               open the catalog, metrics.brief once
    probe.py warm CATALOG SCOPE PARAMS REPEAT NAMES the named queries NAMES and the brief, warm
    probe.py ingest-steps EXPORTS CATALOG           dashboard.pipeline.ingest.ingest, with step_seconds
    probe.py pandas-cold EXPORTS SCOPE              the pandas baseline, reading Parquet included
    probe.py pandas-warm EXPORTS SCOPE REPEAT       the pandas baseline on frames in memory

Timings inside the process start after the imports (reported separately as import_s); the
harness also measures the process from outside (wall time, peak RSS).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _json_default(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit(obj: dict) -> None:
    print(json.dumps(obj, default=_json_default, ensure_ascii=False))


# -- parameters of the named queries ------------------------------------------------------------


def realistic_params(as_of: date) -> dict:
    """Values for every parameter name the named queries use: the as-of day D, the 30 days
    D−29 … D, the cut-off T (end of D), streets (9 digits), a 20-row list, no filter ('')
    for /incidents' matter, item and sources, and a street of 小店区 (the district the harness
    scopes to) for the supervision notice's place."""
    return {
        "as_of": as_of.isoformat(),
        "from": (as_of - timedelta(days=29)).isoformat(),
        "to": as_of.isoformat(),
        "cutoff": datetime.combine(as_of + timedelta(days=1), datetime.min.time()).isoformat(),
        "digits": 9,
        "limit": 20,
        "days": 30,
        "matter": "",
        "item": "",
        "sources": "",
        "code": "140105003",
    }


# Where one query is asked with other values than the rest, as the app asks it:
# grid_coverage_by_day's $days is the coverage period (1, 2 or 7 days), not a 30-day window;
# /resolution splits the KM cohort by the places one level below the scope (the city: districts).
QUERY_VALUES = {"grid_coverage_by_day": {"days": 7}}


def query_values(name: str | None, scope: str) -> dict:
    """The values query `name` is asked with in a session of `scope`, over the shared ones."""
    if name == "resolution_minutes_by_place":
        from dashboard.data import places

        return {"digits": places.child_digits(scope) or 16}
    return QUERY_VALUES.get(name, {})


def bind(declared: dict[str, str], values: dict, name: str | None = None, scope: str = "") -> dict:
    """The declared parameters of query `name` with typed values (query_values over `values`);
    KeyError names one we have no value for."""
    values = {**values, **query_values(name, scope)}
    out = {}
    for param, kind in declared.items():
        value = values[param]
        kind = kind.split(",")[0].strip().lower()
        if kind.startswith("timestamp"):
            value = datetime.fromisoformat(value)
        elif kind.startswith("date"):
            value = date.fromisoformat(value)
        elif kind.startswith("int"):
            value = int(value)
        out[param] = value
    return out


# -- commands -----------------------------------------------------------------------------------


def cmd_params(catalog: str) -> dict:
    from dashboard.data.catalog import Catalog
    from dashboard.measures import metrics

    cat = Catalog(Path(catalog))
    first, last = metrics.data_days(cat)
    as_of = metrics.resolve_as_of(cat, None)
    info = cat.info()
    rows = dict(cat.sql("select table_name, rows_loaded from catalog_tables").iter_rows())
    return {
        "as_of": as_of,
        "first_day": first,
        "last_full_day": last,
        "params": realistic_params(as_of),
        "catalog_info": info,
        "rows_loaded": rows,
    }


def cmd_query_cold(catalog: str, scope: str, name: str, params: str) -> dict:
    from dashboard.data import queries
    from dashboard.data.catalog import Catalog

    q = queries.get(name)
    bound = bind(q.params, json.loads(params), name, scope)
    imported = time.perf_counter()
    cat = Catalog(Path(catalog), scope=scope)
    cat.cursor().close()  # the catalog is opened (attached, views made) on first use
    opened = time.perf_counter()
    frame = cat.query(name, **bound)
    done = time.perf_counter()
    return {
        "import_s": imported - STARTED,
        "open_s": opened - imported,
        "query_s": done - opened,
        "total_s": done - imported,
        "rows": frame.height,
    }


def cmd_brief_cold(catalog: str, scope: str) -> dict:
    from dashboard.data.catalog import Catalog
    from dashboard.measures import metrics

    imported = time.perf_counter()
    cat = Catalog(Path(catalog), scope=scope)
    b = metrics.brief(cat)
    done = time.perf_counter()
    return {"import_s": imported - STARTED, "total_s": done - imported, "brief": b.to_dict()}


def _timed(fn, repeat: int) -> tuple[object, list[float]]:
    """One untimed run (warms caches), then `repeat` timed runs; (last result, seconds)."""
    result = fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return result, samples


def cmd_warm(catalog: str, scope: str, params: str, repeat: str, names: str) -> dict:
    from dashboard.data import queries
    from dashboard.data.catalog import Catalog
    from dashboard.measures import metrics

    values, repeat = json.loads(params), int(repeat)
    cat = Catalog(Path(catalog), scope=scope)
    out: dict = {"queries": {}}
    for name in json.loads(names):
        try:
            bound = bind(queries.get(name).params, values, name, scope)
        except KeyError as exc:
            out["queries"][name] = {"skipped": f"no realistic value for ${exc.args[0]}"}
            continue
        except queries.QueryError as exc:  # removed since the harness listed it
            out["queries"][name] = {"error": str(exc)}
            continue
        try:
            frame, samples = _timed(lambda n=name, b=bound: cat.query(n, **b), repeat)
        except Exception as exc:  # a failing query is a finding, not a crash of the harness
            out["queries"][name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        out["queries"][name] = {
            "median_s": statistics.median(samples),
            "samples_s": samples,
            "rows": frame.height,
        }
    b, samples = _timed(lambda: metrics.brief(cat), repeat)
    out["brief"] = {"median_s": statistics.median(samples), "samples_s": samples}
    out["brief"]["breakdown_s"] = _brief_breakdown(cat, metrics, repeat)
    out["brief_figures"] = b.to_dict()
    return out


def _sql_label(text: str) -> str:
    if "min(reported_at)" in text:
        return "data_days (sql)"
    if "catalog_info" in text:
        return "catalog_info (sql)"
    return "sql: " + " ".join(text.split())[:40]


def _brief_breakdown(cat, metrics, repeat: int) -> dict:
    """Where metrics.brief spends its time, warm: the median per named query / SQL statement
    over `repeat` runs, and the rest (Python: Kaplan–Meier, Poisson, frames) as 'python'."""
    query, sql = cat.query, cat.sql
    spent: dict[str, float] = {}

    def timed(label: str, fn, *args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - t

    # Instance attributes shadow the methods, so metrics' calls (and cat.info's) go through these.
    cat.query = lambda name, **params: timed(name, query, name, **params)
    cat.sql = lambda text, params=None: timed(_sql_label(text), sql, text, params)
    runs = []
    try:
        for _ in range(repeat):
            spent.clear()
            t = time.perf_counter()
            metrics.brief(cat)
            total = time.perf_counter() - t
            runs.append({**spent, "python": total - sum(spent.values()), "total": total})
    finally:
        del cat.query, cat.sql
    return {k: statistics.median(r.get(k, 0.0) for r in runs) for k in runs[0]}


def cmd_ingest_steps(exports: str, catalog: str) -> dict:
    from dashboard.pipeline.ingest import ingest

    imported = time.perf_counter()
    s = ingest(Path(exports), Path(catalog), progress=False)
    return {
        "import_s": imported - STARTED,
        "total_s": time.perf_counter() - imported,
        "seconds": s.seconds,
        "step_seconds": s.step_seconds,
        "rows": s.rows,
        "quarantined": s.quarantined,
        "data_version": s.data_version,
    }


def cmd_pandas_cold(exports: str, scope: str) -> dict:
    import pandas_brief

    imported = time.perf_counter()
    data = pandas_brief.load(Path(exports), scope)
    loaded = time.perf_counter()
    figures = pandas_brief.compute(data)
    done = time.perf_counter()
    return {
        "import_s": imported - STARTED,
        "read_s": loaded - imported,
        "compute_s": done - loaded,
        "total_s": done - imported,
        "brief": figures,
    }


def cmd_pandas_warm(exports: str, scope: str, repeat: str) -> dict:
    import pandas_brief

    data = pandas_brief.load(Path(exports), scope)
    figures, samples = _timed(lambda: pandas_brief.compute(data), int(repeat))
    return {"median_s": statistics.median(samples), "samples_s": samples, "brief": figures}


COMMANDS = {
    "params": cmd_params,
    "query-cold": cmd_query_cold,
    "brief-cold": cmd_brief_cold,
    "warm": cmd_warm,
    "ingest-steps": cmd_ingest_steps,
    "pandas-cold": cmd_pandas_cold,
    "pandas-warm": cmd_pandas_warm,
}

if __name__ == "__main__":
    emit(COMMANDS[sys.argv[1]](*sys.argv[2:]))
