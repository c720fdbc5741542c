"""What one kind of Streamlit element costs in the browser: the floor under a page's time.

    .venv/bin/python benchmarks/component_floor.py [--repeat 3] [--out F]

A benchmark, not a test. It serves one tiny Streamlit app (its own server, same Streamlit) whose
URL names what it shows besides one line of text: nothing (the blank yardstick), one st.metric,
one or three small plotly charts, one
small ECharts chart (`st.echarts_chart`, Streamlit's own element), one or two st.dataframe tables
of 50 rows, one pydeck map with one point (`map_provider=None`), a chart of either kind with a
table, or a plotly chart, a table and a map together. Each is loaded
like benchmarks/page_speed.py's pages (a fresh Chromium context: first visit, then warm) and
timed to ready the same way. The data are tiny on purpose: what is left is the cost of loading
and starting the element's frontend component, which no page using it can go below.

Reports medians and each variant as a multiple of the blank one (printed, and as JSON to --out,
default benchmarks/results/page_speed/floor-<date>.json).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 — Chromium settings, free ports, process groups
import page_speed  # noqa: E402 — start, measure, summary, print_table

APP = """import plotly.graph_objects as go
import polars as pl
import pydeck as pdk
import streamlit as st

shown = st.query_params.get("show", "")
st.write("x")
if "metric" in shown:
    st.metric("a", 1, border=True)
for i in range(3 if "plotly3" in shown else 1 if "plotly" in shown else 0):
    st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[1, 3, 2])), key=f"p{i}")
if "echarts" in shown:
    st.echarts_chart({"xAxis": {"type": "category", "data": ["a", "b", "c"]},
                      "yAxis": {"type": "value"}, "tooltip": {},
                      "series": [{"type": "bar", "data": [1, 3, 2]}]}, key="e")
for i in range(2 if "table2" in shown else 1 if "table" in shown else 0):
    st.dataframe(pl.DataFrame({"a": list(range(50))}), key=f"t{i}")
if "map" in shown:
    st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=[{"p": [112.5, 37.8]}],
                                               get_position="p", get_radius=100)],
                             map_provider=None,
                             initial_view_state=pdk.ViewState(longitude=112.5, latitude=37.8,
                                                              zoom=10)), height=500)
"""
VARIANTS = (
    "metric",
    "plotly",
    "plotly3",
    "echarts",
    "table",
    "table2",
    "map",
    "plotly+table",
    "echarts+table",
    "plotly+table+map",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="griddash-floor-"))
    (tmp / "floor.py").write_text(APP)
    port = load.free_port()
    server = page_speed.start(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(tmp / "floor.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        dict(os.environ),
        tmp,
        port,
        tmp / "floor.log",
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        targets = {"blank": base, **{v: f"{base}?show={v}" for v in VARIANTS}}
        started = datetime.datetime.now()
        found = asyncio.run(page_speed.measure(targets, args.repeat))
    finally:
        load.kill_group(server.pid)
    rows = page_speed.summary(found)
    print(f"\n== component floor: {args.repeat} repeats, medians, 1920×1080")
    page_speed.print_table(rows)
    out = args.out or (
        load.ROOT / "benchmarks" / "results" / "page_speed" / f"floor-{started:%Y-%m-%d-%H%M}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "params": {
                    "repeat": args.repeat,
                    "started": started.isoformat(timespec="seconds"),
                    "loadavg": os.getloadavg(),
                },
                "summary": rows,
                "visits": found,
            },
            indent=1,
            default=str,
        )
    )
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
