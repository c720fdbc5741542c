"""A short table printed as plain HTML (analysis_page.table's tables of a few rows, /data's list
of tables): read, not sorted or scrolled, so no data grid has to load and nothing is drawn on a
canvas. Numbers are written as the data grid writes them; the table is as wide as its content
(not stretched across the page) and scrolls sideways rather than spill out of a narrow column;
names wrap, but never to a character a line; dates, times and codes never break."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

import polars as pl

from dashboard.app import kiosk

MAX_DECIMALS = 3

# On top of the kiosk's light table (kiosk.CSS, which `html` includes, with its sideways
# scrolling box): the table's own width, wrapping headings, room between columns.
CSS = """
<style>
.kq-table.gd-print { width: auto; min-width: min(100%, 40rem); }
.gd-print th { white-space: normal; vertical-align: bottom; min-width: 3.5em; }
.kq-table.gd-print th.num { white-space: normal; }
.gd-print td { white-space: normal; min-width: 6em; }
.kq-table.gd-print td.num, .gd-print td.keep { white-space: nowrap; min-width: 0; }
.gd-print td.rt, .gd-print th.rt { text-align: right; font-variant-numeric: tabular-nums; }
.gd-print th + th, .gd-print td + td { padding-left: 1.1rem; }
</style>
"""

# A text value read as a number, so right-aligned: "× 8.2", "4.3 KB", "12.5%" (not a bare code).
_NUMBER_LIKE = re.compile(r"^[×x~≈+\-−]?\s?[0-9][0-9,.]*\s?(?:%|[A-Za-z]{1,3})?$")


def decimals(values: pl.Series) -> int:
    """The fewest decimals (0 … MAX_DECIMALS) that show every value of a float column as it is
    (values are rounded where they are made: 88.2, 87.0 → 1)."""
    for d in range(MAX_DECIMALS):
        if ((values - values.round(d)).abs() < 1e-9).all():
            return d
    return MAX_DECIMALS


def _text_class(values: Sequence[str]) -> str:
    """The cell class of a text column from its values ("–" left out): "keep" (one line),
    "rt" (right-aligned and one line) or "" (wraps)."""
    shown = [v for v in values if v != "–"]
    if not shown:
        return ""
    if all(_NUMBER_LIKE.match(v) and not v.isdigit() for v in shown):
        return "rt keep"
    if all(kiosk.KEEP.match(v) for v in shown):
        return "keep"
    return ""


def html(frame: pl.DataFrame) -> str:
    """`frame` as a plain HTML table, its column names as headings: integers thousands
    separated, a float column with as many decimals as its values need ("87.0" under "88.2"),
    numbers right-aligned (class "num"), "–" where a value is missing; text escaped."""
    cells: list[list[str]] = []
    classes: list[str] = []
    for c, kind in frame.schema.items():
        values = frame[c]
        if kind.is_numeric():
            spec = f",.{decimals(values.drop_nulls())}f" if kind.is_float() else ","
            cells.append(["–" if v is None else format(v, spec) for v in values])
            classes.append("num")
        else:
            column = ["–" if v is None else str(v) for v in values]
            cells.append(column)
            classes.append(_text_class(column))
    # a heading is aligned as its cells are; it may wrap whatever they do
    aligned = {"num": "num", "rt keep": "rt"}
    head = "".join(
        f'<th class="{aligned.get(cls, "")}">{escape(name)}</th>'
        for name, cls in zip(frame.columns, classes, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{cls}">{escape(cell)}</td>' for cell, cls in zip(row, classes, strict=True)
        )
        + "</tr>"
        for row in zip(*cells, strict=True)
    )
    table = f'<table class="kq-table kq-light gd-print"><tr>{head}</tr>{body}</table>'
    return kiosk.CSS + CSS + f'<div class="kq-scroll">{table}</div>'
