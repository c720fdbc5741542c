"""Summary tables of a results file, in Markdown, across sizes (for docs/performance.md).

.venv/bin/python benchmarks/report.py [benchmarks/results/latest.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from run import PANDAS_RATIO, QUERY_WARM_MS, _f, _ms, _table, brief_numbers

ORDER = ("1M", "10M", "50M")


def sizes(results: dict) -> list[tuple[str, dict]]:
    found = results["sizes"]
    named = [k for k in ORDER if k in found] + [k for k in found if k not in ORDER]
    return [(k, found[k]) for k in named]


def build_table(results: dict) -> str:
    rows = []
    for label, r in sizes(results):
        g, i = r["generate"], r["ingest"]
        steps = i.get("steps", {}).get("step_seconds", {})
        copy = sum(steps.get(k, 0) for k in ("incidents", "incident_events"))
        aggregates = sum(
            steps.get(k, 0) for k in ("incidents_by_grid_day", "backlog_by_grid_day", "open_spans")
        )
        cli, per_step = i.get("cli", {}), i.get("steps", {})
        rows.append(
            [
                label,
                f"{g.get('incidents', 0):,}",
                f"{_f(g.get('wall_s'), 0)} s · {_f(g.get('peak_mb'))} MB",
                f"{_f(cli.get('wall_s'), 0)} s · {_f(cli.get('peak_mb'))} MB" if cli else "–",
                f"{_f(per_step.get('wall_s'), 0)} s · {_f(per_step.get('peak_mb'))} MB"
                if per_step
                else "–",
                f"{_f(steps.get('validate'), 0)} s" if steps else "–",
                f"{_f(copy, 0)} s" if steps else "–",
                f"{_f(aggregates, 0)} s" if steps else "–",
            ]
        )
    header = [
        "size",
        "incidents",
        "generate",
        "`griddash ingest`",
        "ingest, per-step run",
        "↳ validate",
        "↳ copy incidents + events",
        "↳ aggregates",
    ]
    return _table(header, rows)


def brief_table(results: dict) -> str:
    rows = []
    for label, r in sizes(results):
        for key, s in r["scopes"].items():
            b = brief_numbers(s)
            scope = "city" if key == "city" else f"district {s['scope']}"
            rows.append(
                [
                    label,
                    scope,
                    _f(b["cold_ms"]),
                    _f(b["warm_ms"]),
                    _f(s["brief_cold"]["peak_mb"]),
                    _f(b["pandas_cold_ms"]),
                    _f(b["pandas_warm_ms"]),
                    _f(s["pandas_cold"]["peak_mb"]),
                    _f(b["ratio_cold"], 1, "×"),
                    _f(b["ratio_warm"], 1, "×"),
                    "yes" if s["pandas_matches"] else "**no**",
                ]
            )
    header = [
        "size",
        "scope",
        "brief cold ms",
        "brief warm ms",
        "peak MB",
        "pandas cold ms",
        "pandas warm ms",
        "pandas peak MB",
        "pandas ÷ griddash cold",
        "… warm",
        "same figures",
    ]
    return _table(header, rows)


def query_table(results: dict) -> str:
    runs = sizes(results)
    names: list[str] = []
    for _, r in runs:
        for s in r["scopes"].values():
            names += [n for n in s["queries"] if n not in names]
    rows = []
    for name in sorted(names):
        row = [name]
        for _, r in runs:
            cells = []
            for s in r["scopes"].values():
                warm = s["queries"].get(name, {}).get("warm", {}).get("median_s")
                ms = _ms(warm)
                cells.append(
                    "–" if ms is None else f"**{ms:.0f}**" if ms > QUERY_WARM_MS else f"{ms:.0f}"
                )
            row.append(" / ".join(cells))
        last = runs[-1][1]["scopes"]["city"]["queries"].get(name, {}).get("cold", {})
        row.append(_f(_ms(last.get("query_s")), 0))
        row.append(_f(_ms(last.get("total_s")), 0))
        rows.append(row)
    last_label = runs[-1][0]
    header = [
        "named query",
        *(f"{k} warm ms city / district" for k, _ in runs),
        f"{last_label} cold ms, query",
        f"{last_label} cold ms, open + query",
    ]
    return _table(header, rows)


def page_table(results: dict) -> str | None:
    rows = []
    for label, r in sizes(results):
        for key, s in r["scopes"].items():
            p = s.get("page")
            if not p or "error" in p:
                continue
            rows.append(
                [
                    label,
                    key,
                    _f(p.get("build_cold_ms")),
                    _f(p.get("build_warm_ms")),
                    _f(p.get("script_first_ms")),
                    _f(p.get("script_warm_ms")),
                    _f(p.get("peak_mb")),
                ]
            )
    if not rows:
        return None
    header = [
        "size",
        "scope",
        "page build cold ms",
        "page build warm ms",
        "script first run ms",
        "script rerun ms",
        "peak MB",
    ]
    return _table(header, rows)


def targets(results: dict) -> str:
    lines = []
    for label, r in sizes(results):
        for t in r["targets"]:
            if not t.get("official"):
                continue
            named_query = not any(w in t["target"] for w in ("brief", "pandas", "ingest"))
            if named_query and t["met"]:
                continue  # named queries that met ≤ 50 ms: summarised below, not listed
            v = t["value"]
            unit = "×" if "pandas" in t["target"] else (" s" if "ingest" in t["target"] else " ms")
            verdict = "met" if t["met"] else "**missed**"
            lines.append(f"- {label}: {t['target']}: {_f(v, 1)}{unit} — {verdict}")
    lines.append(
        f"- every other named query, every size and scope: warm ≤ {QUERY_WARM_MS} ms — met"
    )
    lines.append(f"- (≥ {PANDAS_RATIO}× is checked for the brief, cold vs cold and warm vs warm)")
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "results/latest.json")
    results = json.loads(path.read_text())
    parts = [build_table(results), brief_table(results), query_table(results)]
    page = page_table(results)
    if page:
        parts.append(page)
    parts.append(targets(results))
    print("\n\n".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
