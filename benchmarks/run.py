"""The benchmark harness (DESIGN.md, "Performance").

    .venv/bin/python benchmarks/run.py [--sizes 1M,10M,50M] [--data benchmarks/data]
        [--out benchmarks/results/latest.json] [--repeat 5]

Per size (incidents over 730 days ending 2026-11-25, fixed seed):

1. demo exports under DATA/<size>/exports, generated (and timed) only when absent;
2. the catalog DATA/<size>/catalog.duckdb, built by `griddash ingest` in a fresh process (wall
   time, peak RSS) and once more through dashboard.pipeline.ingest.ingest for its per-step seconds —
   only when absent or built by a different version of the build code (see --ingest);
3. every named query of dashboard.data.queries.registry() with parameters taken from the data: cold
   (a fresh process opens the catalog and runs it once) and warm (median of --repeat runs after
   an untimed one), then metrics.brief cold and warm — for the whole city and district 140105;
4. the plain-pandas baseline (benchmarks/pandas_brief.py) of the same brief, cold (reading
   Parquet included) and warm (frames in memory, computation only), its figures checked against
   griddash's.

Tables go to standard output; everything measured goes to --out (sizes measured earlier and not
in --sizes are kept). Sizes take a suffix k or M: 1M, 10M, 50M, 200k.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
from datetime import datetime
from importlib import metadata
from pathlib import Path

import proc

ROOT = proc.ROOT
sys.path.insert(0, str(ROOT))

from dashboard.data import queries  # noqa: E402

# `griddash generate --scale 1` with the seed and end day below gives 2,927,985 incidents in 730
# days (docs/data.md, "Demo data"); the count grows in proportion to the scale.
INCIDENTS_AT_SCALE_1 = 2_927_985
END = "2026-11-25"
SEED = 20240601
DAYS = 730
DISTRICT = "140105"
PAGE_TIME = Path(__file__).resolve().parent / "page_time.py"  # the page's own probe
SCOPES = {"city": "", "district": DISTRICT}

# Targets (DESIGN.md and the benchmark issue).
BRIEF_WARM_MS = 150
BRIEF_COLD_MS = 1000
QUERY_WARM_MS = 50
INGEST_10M_S = 60
PANDAS_RATIO = 30

# What the catalog build depends on: a change here makes a harness-built catalog stale.
BUILD_SOURCES = (
    "dashboard/pipeline/ingest.py",
    "dashboard/pipeline/validate.py",
    "dashboard/pipeline/validate_sql.py",
    "dashboard/core/contract.py",
    "queries/build/*.sql",
)


def parse_size(text: str) -> tuple[str, int]:
    """'1M' → ('1M', 1_000_000); suffix k or M; SystemExit on anything else."""
    text = text.strip()
    scale = {"k": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    try:
        n = float(text[:-1] if scale > 1 else text) * scale
    except ValueError:
        n = 0
    if n < 1_000:
        raise SystemExit(f"--sizes: expected sizes such as 1M or 200k, found {text!r}")
    return text, int(n)


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# -- machine ------------------------------------------------------------------------------------


def machine_info() -> dict:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return ""

    versions = {}
    for package in ("duckdb", "polars", "pandas", "pyarrow", "numpy", "scipy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    git = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    return {
        "date": now(),
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu": first("/proc/cpuinfo", "model name"),
        "ram_gb": round(int(mem_kb) / 1024**2, 1) if mem_kb else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "versions": versions,
        "git_head": git + ("+uncommitted changes" if dirty else ""),
    }


# -- data ---------------------------------------------------------------------------------------


def count_incidents(exports: Path) -> int:
    import pyarrow.dataset as ds

    return ds.dataset(exports / "incidents", format="parquet", partitioning="hive").count_rows()


def prepare_exports(folder: Path, n: int) -> tuple[dict, bool]:
    """The exports of one size, generated when absent; (record, whether generated now)."""
    exports, meta = folder / "exports", folder / "generate.json"
    if (exports / "incidents").is_dir():
        rec = json.loads(meta.read_text()) if meta.exists() else {"note": "made outside harness"}
        rec.update(reused=True, incidents=count_incidents(exports))
        proc.log(f"  exports: reusing {rel(exports)} ({rec['incidents']:,} incidents)")
        return rec, False
    if exports.exists() and any(exports.iterdir()):
        raise SystemExit(
            f"{exports}: a non-empty folder without incidents/; expected exports or nothing "
            "(the harness deletes nothing: move it away)"
        )
    scale = round(n / INCIDENTS_AT_SCALE_1, 4)
    proc.log(f"  exports: generating scale {scale} into {rel(exports)} …")
    r = proc.run(
        [
            proc.GRIDDASH,
            "generate",
            "--out",
            exports,
            "--scale",
            scale,
            "--seed",
            SEED,
            "--end",
            END,
            "--days",
            DAYS,
            "--no-progress",
        ]
    )
    if r.returncode != 0:
        raise proc.ChildFailed(r)
    rec = {
        "measured_at": now(),
        "scale": scale,
        "seed": SEED,
        "end": END,
        "days": DAYS,
        "wall_s": r.wall_s,
        "peak_mb": r.peak_mb,
        "incidents": count_incidents(exports),
    }
    meta.write_text(json.dumps(rec, indent=1))
    proc.log(f"  exports: {rec['incidents']:,} incidents in {r.wall_s:.1f} s")
    return {**rec, "reused": False}, True


def build_hash() -> str:
    h = hashlib.sha256()
    for pattern in BUILD_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def prepare_catalog(folder: Path, mode: str, runs: str, regenerated: bool) -> dict:
    """The catalog of one size; ingest is run (and timed) when the catalog is absent, when the
    exports were just generated, when a harness-built catalog is stale, or with --ingest always."""
    exports, catalog, meta = folder / "exports", folder / "catalog.duckdb", folder / "ingest.json"
    old = json.loads(meta.read_text()) if meta.exists() else None
    current = build_hash()
    stale = old is not None and old.get("build_hash") != current
    if catalog.exists() and not regenerated and (mode == "skip" or (mode == "auto" and not stale)):
        rec = dict(old) if old else {"note": "catalog made outside the harness; ingest not timed"}
        rec["reused"] = True
        if stale:
            rec["stale"] = "built by an earlier version of the build code (--ingest skip)"
        proc.log(f"  catalog: reusing {rel(catalog)}")
        return rec
    rec: dict = {"measured_at": now(), "build_hash": current}
    if runs in ("both", "cli"):
        proc.log("  ingest: griddash ingest …")
        r = proc.run([proc.GRIDDASH, "ingest", exports, "--catalog", catalog, "--no-progress"])
        if r.returncode not in (0, 1):  # 1 = built, with rows quarantined
            raise proc.ChildFailed(r)
        rec["cli"] = {
            "wall_s": r.wall_s,
            "peak_mb": r.peak_mb,
            "returncode": r.returncode,
            "output": r.stdout.strip(),
        }
        proc.log(f"  ingest: {r.wall_s:.1f} s, peak {r.peak_mb:,.0f} MB")
    if runs in ("both", "steps"):
        proc.log("  ingest: dashboard.pipeline.ingest.ingest (per step) …")
        out, r = proc.probe("ingest-steps", exports, catalog)
        rec["steps"] = {**out, "wall_s": r.wall_s, "peak_mb": r.peak_mb}
        proc.log(f"  ingest (steps run): {r.wall_s:.1f} s, peak {r.peak_mb:,.0f} MB")
    meta.write_text(json.dumps(rec, indent=1, ensure_ascii=False))
    return {**rec, "reused": False}


# -- measurements -------------------------------------------------------------------------------


def measure_scope(catalog: Path, exports: Path, scope: str, params: dict, repeat: int) -> dict:
    values = json.dumps(params)
    rec: dict = {"scope": scope, "queries": {}}
    queries.registry.cache_clear()  # others may add queries while a long run goes on
    names = list(queries.registry())
    for name, q in queries.registry().items():
        if set(q.params) - set(params):
            rec["queries"][name] = {"skipped": f"no realistic value for {sorted(q.params)}"}
            continue
        try:
            out, r = proc.probe("query-cold", catalog, scope, name, values)
            rec["queries"][name] = {"cold": {**out, "wall_s": r.wall_s, "peak_mb": r.peak_mb}}
        except proc.ChildFailed as exc:
            rec["queries"][name] = {"cold": {"error": str(exc)}}
    proc.log(f"  [{scope or 'city'}] queries cold done; warm …")
    warm, r = proc.probe("warm", catalog, scope, values, repeat, json.dumps(names))
    for name, w in warm["queries"].items():
        rec["queries"].setdefault(name, {})["warm"] = w
    rec["warm_process"] = {"wall_s": r.wall_s, "peak_mb": r.peak_mb}
    rec["brief_warm"] = warm["brief"]
    out, r = proc.probe("brief-cold", catalog, scope)
    rec["brief_cold"] = {**out, "wall_s": r.wall_s, "peak_mb": r.peak_mb}
    proc.log(
        f"  [{scope or 'city'}] griddash brief cold {out['total_s'] * 1000:,.0f} ms, warm "
        f"{warm['brief']['median_s'] * 1000:,.0f} ms; pandas …"
    )
    rec["page"] = measure_page(catalog, exports, scope, repeat)
    out, r = proc.probe("pandas-cold", exports, scope)
    rec["pandas_cold"] = {**out, "wall_s": r.wall_s, "peak_mb": r.peak_mb}
    pw, r = proc.probe("pandas-warm", exports, scope, repeat)
    rec["pandas_warm"] = {**pw, "wall_s": r.wall_s, "peak_mb": r.peak_mb}
    proc.log(
        f"  [{scope or 'city'}] pandas cold {out['total_s'] * 1000:,.0f} ms, warm "
        f"{pw['median_s'] * 1000:,.0f} ms"
    )

    import pandas_brief

    checks = {
        "cold": pandas_brief.compare(rec["brief_cold"]["brief"], rec["pandas_cold"]["brief"]),
        "warm": pandas_brief.compare(warm["brief_figures"], pw["brief"]),
    }
    rec["pandas_matches"] = not checks["cold"] and not checks["warm"]
    rec["pandas_differences"] = checks
    return rec


def measure_page(catalog: Path, exports: Path, scope: str, repeat: int) -> dict | None:
    """The morning-briefing page's server-side work (benchmarks/page_time.py), if present."""
    if not PAGE_TIME.exists():
        return None
    r = proc.run([proc.PYTHON, PAGE_TIME, catalog, exports, "--repeat", repeat, "--scope", scope])
    try:
        out = r.json()
    except (proc.ChildFailed, json.JSONDecodeError) as exc:
        return {"error": str(exc)}
    proc.log(
        f"  [{scope or 'city'}] page build cold {out.get('build_cold_ms')} ms, warm "
        f"{out.get('build_warm_ms')} ms"
    )
    return {**out, "wall_s": r.wall_s, "peak_mb": r.peak_mb}


def bench_size(label: str, n: int, args) -> dict:
    folder = args.data / label
    folder.mkdir(parents=True, exist_ok=True)
    proc.log(f"== {label} ({n:,} incidents) ==")
    rec: dict = {
        "label": label,
        "target_incidents": n,
        "started_at": now(),
        "machine": machine_info(),
        "loadavg_start": os.getloadavg(),
        "parallel_speedup_start": proc.parallel_speedup(),
        "repeat": args.repeat,
    }
    rec["generate"], regenerated = prepare_exports(folder, n)
    rec["ingest"] = prepare_catalog(folder, args.ingest, args.ingest_runs, regenerated)
    catalog, exports = folder / "catalog.duckdb", folder / "exports"
    data, _ = proc.probe("params", catalog)
    rec["data"] = data
    proc.log(f"  as of {data['as_of']}, {data['rows_loaded'].get('incidents', 0):,} incidents")
    rec["scopes"] = {
        key: measure_scope(catalog, exports, scope, data["params"], args.repeat)
        for key, scope in SCOPES.items()
    }
    rec["loadavg_end"] = os.getloadavg()
    rec["parallel_speedup_end"] = proc.parallel_speedup()
    rec["finished_at"] = now()
    rec["targets"] = evaluate(rec)
    return rec


# -- targets and tables -------------------------------------------------------------------------


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def brief_numbers(s: dict) -> dict:
    cold = _ms(s["brief_cold"]["total_s"])
    warm = _ms(s["brief_warm"]["median_s"])
    p_cold = _ms(s["pandas_cold"]["total_s"])
    p_warm = _ms(s["pandas_warm"]["median_s"])
    return {
        "cold_ms": cold,
        "warm_ms": warm,
        "pandas_cold_ms": p_cold,
        "pandas_warm_ms": p_warm,
        "ratio_cold": p_cold / cold if cold else None,
        "ratio_warm": p_warm / warm if warm else None,
    }


def _verdict(value: float | None, limit: float, *, at_least: bool = False) -> dict:
    if value is None:
        return {"value": None, "limit": limit, "met": False, "note": "not measured"}
    met = value >= limit if at_least else value <= limit
    return {"value": value, "limit": limit, "met": met}


def evaluate(rec: dict) -> list[dict]:
    """Every target that applies to this size, with its value and whether it was met."""
    out = []
    official = rec["label"] == "50M"
    for key, s in rec["scopes"].items():
        b = brief_numbers(s)
        out.append(
            {
                "target": f"brief warm ≤ {BRIEF_WARM_MS} ms ({key})",
                "applies_at": "50M",
                "official": official,
                **_verdict(b["warm_ms"], BRIEF_WARM_MS),
            }
        )
        out.append(
            {
                "target": f"brief cold ≤ {BRIEF_COLD_MS} ms ({key})",
                "applies_at": "50M",
                "official": official,
                **_verdict(b["cold_ms"], BRIEF_COLD_MS),
            }
        )
        for kind in ("cold", "warm"):
            out.append(
                {
                    "target": f"≥ {PANDAS_RATIO}× faster than pandas, {kind} ({key})",
                    "applies_at": "all",
                    "official": True,
                    **_verdict(b[f"ratio_{kind}"], PANDAS_RATIO, at_least=True),
                }
            )
        for name, q in s["queries"].items():
            warm = q.get("warm", {}).get("median_s")
            out.append(
                {
                    "target": f"{name} warm ≤ {QUERY_WARM_MS} ms ({key})",
                    "applies_at": "all",
                    "official": True,
                    **_verdict(_ms(warm), QUERY_WARM_MS),
                }
            )
    wall = rec["ingest"].get("cli", {}).get("wall_s")
    if rec["label"] == "10M" and wall is not None:
        out.append(
            {
                "target": f"ingest 10M ≤ {INGEST_10M_S} s",
                "applies_at": "10M",
                "official": True,
                **_verdict(wall, INGEST_10M_S),
            }
        )
    return out


def _f(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def _status(value: float | None, limit: float, at_least: bool = False) -> str:
    if value is None:
        return "–"
    if at_least:
        return "met" if value >= limit else f"missed ({value:.1f}×)"
    return "met" if value <= limit else f"missed by {value - limit:,.0f}"


def render(rec: dict) -> str:
    """The tables of one size (Markdown, readable as plain text too)."""
    parts = [
        f"### {rec['label']}: {rec['generate'].get('incidents', 0):,} incidents, as of "
        f"{rec['data']['as_of']} (repeat {rec['repeat']})"
    ]
    if rec["label"] != "50M":
        parts.append("(The brief's ≤ 150 ms / ≤ 1 s targets are set at 50M; shown for reference.)")
    g, i = rec["generate"], rec["ingest"]
    rows = [
        [
            "generate",
            _f(g.get("wall_s"), 1),
            _f(g.get("peak_mb")),
            "",
            "earlier run" if g.get("reused") else "this run",
        ]
    ]
    target = f"≤ {INGEST_10M_S} s" if rec["label"] == "10M" else ""
    for key, label in (("cli", "ingest (griddash ingest)"), ("steps", "ingest (per-step run)")):
        if key in i:
            wall = i[key]["wall_s"]
            status = _status(wall, INGEST_10M_S) if target else ""
            rows.append(
                [
                    label,
                    _f(wall, 1),
                    _f(i[key]["peak_mb"]),
                    f"{target} {status}".strip(),
                    "earlier run" if i.get("reused") else "this run",
                ]
            )
    parts.append(_table(["build step", "wall s", "peak MB", "target", "measured"], rows))
    steps = i.get("steps", {}).get("step_seconds")
    if steps:
        total = sum(steps.values())
        top = sorted(steps.items(), key=lambda kv: -kv[1])
        parts.append(
            "ingest steps: "
            + ", ".join(
                f"{k} {v:.1f} s ({100 * v / total:.0f} %)" for k, v in top if v >= 0.05 * total
            )
            + f"; all {len(steps)} steps {total:.1f} s"
        )

    header = [
        "scope",
        "step",
        "cold ms",
        "cold query ms",
        "warm ms",
        "peak MB",
        "pandas cold ms",
        "pandas warm ms",
        "pandas/gd cold",
        "pandas/gd warm",
        "target",
    ]
    rows = []
    for key, s in rec["scopes"].items():
        for name, q in s["queries"].items():
            cold, warm = q.get("cold", {}), q.get("warm", {})
            if "skipped" in q or "error" in cold or "error" in warm:
                why = q.get("skipped") or cold.get("error") or warm.get("error")
                rows.append(
                    [
                        key,
                        name,
                        "error" if "skipped" not in q else "skipped",
                        why[:60],
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
                continue
            w = _ms(warm.get("median_s"))
            rows.append(
                [
                    key,
                    name,
                    _f(_ms(cold.get("total_s")), 1),
                    _f(_ms(cold.get("query_s")), 1),
                    _f(w, 1),
                    _f(cold.get("peak_mb")),
                    "",
                    "",
                    "",
                    "",
                    f"warm ≤ {QUERY_WARM_MS}: {_status(w, QUERY_WARM_MS)}",
                ]
            )
        b = brief_numbers(s)
        targets = (
            f"warm ≤ {BRIEF_WARM_MS}: {_status(b['warm_ms'], BRIEF_WARM_MS)}; "
            f"cold ≤ {BRIEF_COLD_MS}: {_status(b['cold_ms'], BRIEF_COLD_MS)}; "
            f"≥ {PANDAS_RATIO}×: cold {_status(b['ratio_cold'], PANDAS_RATIO, True)}, "
            f"warm {_status(b['ratio_warm'], PANDAS_RATIO, True)}"
        )
        rows.append(
            [
                key,
                "**brief**",
                _f(b["cold_ms"], 1),
                "",
                _f(b["warm_ms"], 1),
                _f(s["brief_cold"]["peak_mb"]),
                _f(b["pandas_cold_ms"]),
                _f(b["pandas_warm_ms"]),
                _f(b["ratio_cold"], 1, "×"),
                _f(b["ratio_warm"], 1, "×"),
                targets,
            ]
        )
    parts.append(_table(header, rows))
    notes = []
    for key, s in rec["scopes"].items():
        page = s.get("page")
        if page and "error" not in page:
            notes.append(
                f"{key}: briefing page server-side (benchmarks/page_time.py): build "
                f"{_f(page.get('build_cold_ms'))} ms cold / {_f(page.get('build_warm_ms'))} ms "
                f"warm; whole script under AppTest {_f(page.get('script_first_ms'))} ms first run "
                f"/ {_f(page.get('script_warm_ms'))} ms rerun; peak {_f(page['peak_mb'])} MB"
            )
        elif page:
            notes.append(f"{key}: briefing page probe failed: {page['error']}")
    for key, s in rec["scopes"].items():
        pc, pw = s["pandas_cold"], s["pandas_warm"]
        match = (
            "match"
            if s["pandas_matches"]
            else "DIFFER: "
            + "; ".join(s["pandas_differences"]["cold"] + s["pandas_differences"]["warm"])
        )
        notes.append(
            f"{key}: pandas cold = read {pc['read_s']:.1f} s + compute {pc['compute_s']:.1f} s, "
            f"peak {pc['peak_mb']:,.0f} MB (warm process {pw['peak_mb']:,.0f} MB); "
            f"griddash warm process peak {s['warm_process']['peak_mb']:,.0f} MB; "
            f"figures pandas vs griddash: {match}"
        )
        parts_s = s["brief_warm"].get("breakdown_s")
        if parts_s:
            top = sorted(
                ((k, v) for k, v in parts_s.items() if k != "total"), key=lambda kv: -kv[1]
            )
            notes.append(
                f"{key}: warm brief {parts_s['total'] * 1000:.0f} ms = "
                + ", ".join(f"{k} {v * 1000:.1f}" for k, v in top)
                + " ms"
            )
    notes.append(
        f"load average at start {_load(rec['loadavg_start'])}, at end {_load(rec['loadavg_end'])}"
        + _speedup(rec)
    )
    parts.append("\n".join(f"- {n}" for n in notes))
    return "\n\n".join(parts)


def _speedup(rec: dict) -> str:
    """Two threads against one at start and end (proc.parallel_speedup), where measured."""
    if "parallel_speedup_start" not in rec:
        return ""
    start, end = rec["parallel_speedup_start"], rec["parallel_speedup_end"]
    return f"; two threads {start['speedup']:.2f}× / {end['speedup']:.2f}× as fast as one"


def _load(avg) -> str:
    return " / ".join(f"{x:.2f}" for x in avg)


# -- main ---------------------------------------------------------------------------------------


def write_json(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1M,10M,50M", help="comma-separated, e.g. 1M,10M,50M")
    p.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    p.add_argument("--repeat", type=int, default=5, help="warm runs per measurement (median)")
    p.add_argument(
        "--ingest",
        choices=("auto", "always", "skip"),
        default="auto",
        help="auto: ingest when the catalog is missing or stale (default)",
    )
    p.add_argument(
        "--ingest-runs",
        choices=("both", "cli", "steps"),
        default="both",
        help="time `griddash ingest`, the per-step run, or both (default)",
    )
    args = p.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.repeat < 1:
        p.error("--repeat: expected at least 1")
    args.data = args.data.resolve()

    results = {"sizes": {}}
    if args.out.exists():
        try:
            results = json.loads(args.out.read_text())
        except json.JSONDecodeError:
            proc.log(f"{args.out}: not JSON, starting afresh")
    results["harness"] = {"command": " ".join(sys.argv), "updated_at": now()}
    results["machine"] = machine_info()
    results.setdefault("sizes", {})
    tables = []
    for label, n in sizes:
        rec = bench_size(label, n, args)
        results["sizes"][label] = rec
        write_json(args.out, results)  # after every size: a long run keeps what it measured
        tables.append(render(rec))
        print(tables[-1] + "\n", flush=True)
    m = results["machine"]
    print(
        f"machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, "
        f"{', '.join(f'{k} {v}' for k, v in m['versions'].items())}; results in "
        f"{rel(args.out)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
