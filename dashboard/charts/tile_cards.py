"""The briefing's tiles as plain HTML with inline SVG sparklines, for the page and the kiosk;
and the analysis pages' headline figures as the same cards without a sparkline (`plain`).

One `st.html` for all the tiles instead of one `st.metric` with a chart each: the browser draws
ten small images instead of ten Vega charts (about 0.5 s of the briefing's first paint on this
machine), and the tiles take two short rows, so the map is on the first screen at 1920×1080.

The analysis pages and /data drew their figures with `st.metric` before 12-02: one more kind of
element for the browser to load and start on every visit, ~0.1× of a blank page's time here
(docs/performance.md, "2026-12-02, late morning: a lighter frame").

Each card carries `data-tile="<key>"`, its label in `.gd-tile-label` and its value in
`.gd-tile-value` (what the tests read); the help text is the card's tooltip.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from dashboard.measures.briefing import Tile

# Light (the page) and dark (the kiosk): good, bad and neutral change; the sparkline's colour
# when the change is neutral.
COLOURS = {
    "light": {"good": "#0f8a4b", "bad": "#d6313b", "neutral": "#6b7686", "line": "#3b6fd1"},
    "dark": {"good": "#4cc38a", "bad": "#ff7a6b", "neutral": "#9fb0c5", "line": "#6f9be0"},
}

CSS = """
<style>
.gd-tiles { display: grid; gap: 0.7rem; }
.gd-tile { border-radius: 0.5rem; padding: 0.55rem 0.9rem 0.35rem 0.9rem; min-width: 0; }
.gd-tile-head { display: flex; align-items: baseline; gap: 0.3rem; min-width: 0; }
.gd-tile-label { font-size: 0.95rem; white-space: nowrap; overflow: hidden;
                 text-overflow: ellipsis; }
.gd-tile-help { opacity: 0.55; font-size: 0.85rem; }
.gd-tile-row { display: flex; align-items: baseline; gap: 0.6rem; flex-wrap: wrap; }
.gd-tile-value { font-size: 2.0rem; font-weight: 650; line-height: 1.2;
                 font-variant-numeric: tabular-nums; }
.gd-tile-delta { font-size: 0.95rem; font-weight: 600; white-space: nowrap; }
.gd-tile-ref { font-size: 0.85rem; font-weight: 400; margin-left: 0.3rem; }
.gd-tile-extra { font-size: 0.85rem; font-variant-numeric: tabular-nums; }
.gd-tile-spark { display: block; width: 100%; height: 2.0rem; margin-top: 0.15rem; }
/* Plain cards (no sparkline): a long label wraps rather than lose its end. */
.gd-plain .gd-tile { padding: 0.55rem 0.9rem 0.55rem 0.9rem; }
.gd-plain .gd-tile-label { white-space: normal; }
.gd-plain .gd-tile-row { flex-direction: column; align-items: flex-start; gap: 0.1rem; }
.gd-plain .gd-tile-value { font-size: 2.1rem; font-weight: 600; }
.gd-plain .gd-tile-delta { white-space: normal; }
.gd-light .gd-tile { background: #ffffff; border: 1px solid #dfe3ea; }
.gd-light .gd-tile-head { color: #3d4654; }
.gd-light .gd-tile-value { color: #1a2230; }
.gd-light .gd-tile-ref, .gd-light .gd-tile-extra { color: #6b7686; }
.gd-dark .gd-tile { background: #131d2e; border: 1px solid #24324a; border-radius: 0.6rem;
                    padding: 0.4rem 0.9rem 0.35rem 0.9rem; }
.gd-dark .gd-tile-head { color: #b9c4d3; }
/* The wall: every word ≥ 24 px at 1920×1080 (the kiosk's root is 16.5 px). */
.gd-dark .gd-tile-label { font-size: 1.5rem; white-space: normal; line-height: 1.25; }
.gd-dark .gd-tile-help { display: none; }
.gd-dark .gd-tile-value { color: #f4f7fb; font-size: 2.4rem; font-weight: 700; line-height: 1.1; }
/* Five cards a row across the wall: the change beside the value, wrapped under it only when
   the card is too narrow for both (English). */
.gd-dark .gd-tile-row { align-items: baseline; gap: 0 0.8rem; }
.gd-dark .gd-tile-delta { font-size: 1.5rem; }
.gd-dark .gd-tile-ref { color: #a3b1c4; margin-left: 0.35rem; font-size: 1.5rem; }
.gd-dark .gd-tile-extra { color: #b9c4d3; font-size: 1.5rem; }
.gd-dark .gd-tile-spark { height: 1.3rem; margin-top: 0.1rem; }
</style>
"""


def spark(values: Sequence[float | None], color: str) -> str:
    """A sparkline of the values (None: a gap) as an <img> holding an SVG polyline, stretched
    to its box; "" when fewer than two values are known."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    lo = min(v for _, v in points)
    hi = max(v for _, v in points)
    span = (hi - lo) or 1.0
    n = max(i for i, _ in points) or 1
    coords = " ".join(f"{100 * i / n:.2f},{28 - 24 * (v - lo) / span:.2f}" for i, v in points)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 30" preserveAspectRatio="none">'
        f'<polyline fill="none" stroke="{color}" stroke-width="2" '
        f'vector-effect="non-scaling-stroke" points="{coords}"/></svg>'
    )
    # st.html sanitises inline <svg> away; as an image it passes, and stays vector.
    data = base64.b64encode(svg.encode()).decode()
    return f'<img class="gd-tile-spark" alt="" src="data:image/svg+xml;base64,{data}">'


def shows_zero(text: str | None) -> bool:
    """Whether a formatted change reads as zero ("+0", "-0.0 小时", "+0.0 pp")."""
    digits = re.sub(r"[^0-9]", "", text or "")
    return bool(digits) and set(digits) == {"0"}


def change_colour(tile: Tile, shown: str | None, theme: str = "light") -> str:
    """The change's colour: good or bad by the tile's better direction; neutral when there is
    no reference or no better direction, or the change as `shown` reads as zero."""
    colours = COLOURS[theme]
    change = tile.change
    if change is None or tile.better not in ("up", "down") or change == 0 or shows_zero(shown):
        return colours["neutral"]
    return colours["good"] if (change > 0) == (tile.better == "up") else colours["bad"]


def _card(
    key: str,
    label: str,
    value: str,
    tip: str,
    note: str | None,
    colour: str,
    ref: str,
    below: str = "",
) -> str:
    """One card's HTML: label (and ⓘ when it has a tooltip), value, the note in `colour` and
    the reference beside or under the value; `below`: HTML after them (a sparkline)."""
    mark = '<span class="gd-tile-help">ⓘ</span>' if tip else ""
    note_html = (
        f'<span class="gd-tile-delta" style="color:{colour}">{escape(note)}</span>' if note else ""
    )
    ref_html = f'<span class="gd-tile-ref">{escape(ref)}</span>' if ref else ""
    after = f"<span>{note_html}{ref_html}</span>" if note_html or ref_html else ""
    return (
        f'<div class="gd-tile" data-tile="{escape(key)}" title="{escape(tip)}">'
        f'<div class="gd-tile-head"><span class="gd-tile-label">{escape(label)}</span>'
        f"{mark}</div>"
        f'<div class="gd-tile-row"><span class="gd-tile-value">{escape(value)}</span>{after}</div>'
        f"{below}</div>"
    )


def cards(
    items: Sequence[Tile],
    label: Callable[[Tile], str],
    value: Callable[[Tile], str],
    delta: Callable[[Tile], str | None],
    reference: Callable[[Tile], str],
    *,
    help_text: Callable[[Tile], str] | None = None,
    extra: Callable[[Tile], str | None] | None = None,
    columns: int = 5,
    theme: str = "light",
) -> str:
    """The tiles as a grid of `columns` cards (theme "light" or "dark"): label, value, the
    change against the reference (an arrow unless it reads as zero) and the trend's sparkline;
    help_text: each card's tooltip; extra: a second figure under the value (None: none)."""
    colours = COLOURS[theme]
    html = []
    for tile in items:
        d = delta(tile)
        colour = change_colour(tile, d, theme)
        if shows_zero(d):  # zero is no change: no sign, no arrow, no colour
            d = d.lstrip("+-")
        elif d and tile.change:
            d = ("↑ " if tile.change > 0 else "↓ ") + d
        line = colour if colour != colours["neutral"] else colours["line"]
        more = extra(tile) if extra else None
        more_html = f'<div class="gd-tile-extra">{escape(more)}</div>' if more else ""
        html.append(
            _card(
                tile.key,
                label(tile),
                value(tile),
                help_text(tile) if help_text else "",
                d,
                colour,
                reference(tile),
                more_html + spark(tile.trend, line),
            )
        )
    grid = f"grid-template-columns: repeat({columns}, minmax(0, 1fr));"
    return CSS + f'<div class="gd-tiles gd-{theme}" style="{grid}">' + "".join(html) + "</div>"


@dataclass(frozen=True)
class Card:
    """One headline figure as a card (what st.metric drew): `value` as shown, under it `note`
    (a change, a name, a status; None: nothing) in the colour of `tone` ("neutral", "good",
    "bad") and `note_ref` (what a change is against) in grey; `help` is the card's tooltip."""

    key: str
    label: str
    value: str
    note: str | None = None
    note_ref: str = ""
    help: str = ""
    tone: str = "neutral"


def plain(items: Sequence[Card], widths: Sequence[float] | None = None) -> str:
    """The cards side by side in one row (widths: relative column widths, default equal; one
    card per row when a single width is given), in the page's light theme."""
    colours = COLOURS["light"]
    html = [
        _card(c.key, c.label, c.value, c.help, c.note, colours[c.tone], c.note_ref) for c in items
    ]
    widths = list(widths) if widths else [1.0] * len(items)
    grid = "grid-template-columns: " + " ".join(f"minmax(0, {w:g}fr)" for w in widths) + ";"
    return (
        CSS + f'<div class="gd-tiles gd-light gd-plain" style="{grid}">' + "".join(html) + "</div>"
    )
