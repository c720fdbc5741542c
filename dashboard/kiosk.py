"""The briefing's lists as plain HTML tables: on the wall screen (kiosk, 大屏模式) dark,
high-contrast and sized in rem, which the kiosk style scales with the screen width (1920×1080
and 3840×2160 alike); on the page light. Plain HTML, so every colour and size is ours, long
names wrap instead of being cut off, and no data-grid component has to load for a glance. The
tiles are dashboard.tile_cards', the trend dashboard.svg_charts'."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

CSS = """
<style>
.kq-table { width: 100%; border-collapse: collapse; font-size: 1.0rem; color: #e8edf3; }
.kq-table th { text-align: left; color: #9fb0c5; font-weight: 500; padding: 0.25rem 0.4rem;
               border-bottom: 1px solid #2c3a52; }
.kq-table td { padding: 0.3rem 0.4rem; border-bottom: 1px solid #1c2738; }
.kq-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.kq-title { color: #f4f7fb; font-size: 1.35rem; font-weight: 700; margin: 0.2rem 0 0.4rem 0; }
.kq-ok { color: #4cc38a; font-size: 1.1rem; }
.kq-table.kq-light { font-size: 0.92rem; color: #1f2a37; }
.kq-light th { color: #5b6675; border-bottom: 1px solid #d5dbe3; }
.kq-light td { padding: 0.28rem 0.4rem; border-bottom: 1px solid #eef1f5; }
.kq-light td:first-child, .kq-table td.num { white-space: nowrap; }
</style>
"""


def _cell(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence], numeric: set[int],
          empty: str, *, theme: str = "dark") -> str:  # fmt: skip
    """A table, titled when `title` is given; `numeric` are the indexes of right-aligned number
    columns; `theme` dark (the wall) or light (the page)."""
    head = f'<div class="kq-title">{escape(title)}</div>' if title else ""
    if not rows:
        return CSS + head + f'<div class="kq-ok">✓ {escape(empty)}</div>'
    th = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if i in numeric else ""}">{escape(_cell(v))}</td>'
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    light = " kq-light" if theme == "light" else ""
    return CSS + head + f'<table class="kq-table{light}"><tr>{th}</tr>{body}</table>'
