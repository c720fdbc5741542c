"""The wall-screen (kiosk, 大屏模式) rendering of the briefing's lists: plain HTML, so every
colour and size is ours — dark, high-contrast, and sized in rem, which the kiosk style scales
with the screen width (1920×1080 and 3840×2160 alike). The tiles are dashboard.tile_cards' dark
theme, the trend dashboard.svg_charts' dark theme."""

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
</style>
"""


def _cell(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence], numeric: set[int],
          empty: str) -> str:  # fmt: skip
    """A titled dark table; `numeric` are the indexes of right-aligned number columns."""
    head = f'<div class="kq-title">{escape(title)}</div>'
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
    return CSS + head + f'<table class="kq-table"><tr>{th}</tr>{body}</table>'
