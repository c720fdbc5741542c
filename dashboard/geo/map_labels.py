"""Where a map's labels go, in screen pixels at the map's view: the spike labels beside their
rings, then the places' names, largest place first, nudged or left out rather than written over
one another (place_labels)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pydeck as pdk

from dashboard.geo import map_raster
from dashboard.geo.map_layers import Label


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """World pixel coordinates of a point at a zoom level (map_raster.world_px, one point)."""
    x, y = map_raster.world_px(np.array([lon]), np.array([lat]), zoom)
    return float(x[0]), float(y[0])


def _text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in max(text.split("\n"), key=len))


def _covered(box, taken) -> float:
    """The area of `box` that boxes in `taken` cover (overlaps counted once per box)."""
    return sum(
        max(0.0, min(box[2], b[2]) - max(box[0], b[0]))
        * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
        for b in taken
    )


def _overlaps(box, taken) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken)


# Where a spike's label may go, in order of preference: (text anchor, baseline, offset direction).
_SPIKE_SIDES = (
    ("start", "center", (1, 0)),
    ("end", "center", (-1, 0)),
    ("middle", "top", (0, 1)),
    ("middle", "bottom", (0, -1)),
)


def place_labels(
    labels: Sequence[Label],
    view: pdk.ViewState,
    size: float,
    marks: Sequence[dict] = (),
    spike_size: float = 0,
    offset: float = 0,
    ring: float = 0,
) -> list[dict]:
    """Spike labels first, then the places' names, so nothing is written over anything else.
    Each spike label goes on the first side of its marker (right, left, below, above) that
    covers no ring (radius `ring` px), other spike label or name's home spot, else where it
    covers least. Then the names, largest place first: one that would cover a ring, a spike label
    or a name already placed is nudged (up, down, left, right, diagonally: it stays over its
    place), then tried the same way in its short form (Label.short: Yingze for Yingze /
    District), and left out only when neither fits — the tooltip still names every place. Sets
    "anchor", "baseline" and "offset" on the marks; returns the names' rows with their
    "offset" in pixels."""
    rings = []
    for m in marks:
        x, y = _pixels(*m["position"], view.zoom)
        rings.append((x - ring, y - ring, x + ring, y + ring))

    def home(text: str, x: float, y: float) -> tuple[float, float, float, float]:
        lines = text.count("\n") + 1
        return x, y, _text_width(text, size) + 6, size * (1.3 + 1.2 * (lines - 1))

    homes = [home(lb.text, *_pixels(lb.lon, lb.lat, view.zoom)) for lb in labels]
    taken = list(rings)
    for m in marks:
        x, y = _pixels(*m["position"], view.zoom)
        w = _text_width(m["label"], spike_size) + 12
        h = (m["label"].count("\n") + 1) * spike_size * 1.25 + 6
        boxes = []
        for anchor, baseline, (dx, dy) in _SPIKE_SIDES:
            cx, cy = x + dx * (offset + w / 2), y + dy * (offset + h / 2)
            boxes.append(
                (anchor, baseline, (dx, dy), (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
            )
        spots = taken + [
            (hx - hw / 2, hy - hh / 2, hx + hw / 2, hy + hh / 2) for hx, hy, hw, hh in homes
        ]
        anchor, baseline, (dx, dy), box = next(
            (b for b in boxes if not _overlaps(b[3], spots)),
            min(boxes, key=lambda b: (_overlaps(b[3], taken), _covered(b[3], spots))),
        )
        taken.append(box)
        m.update(anchor=anchor, baseline=baseline, offset=[dx * offset, dy * offset])
    rows = []
    line = size * 1.3
    for label, spot in zip(labels, homes, strict=True):
        # The name whole, else its short form (label.short) — each tried at every nudge.
        tries = [(label.text, spot)]
        if label.short and label.short != label.text:
            tries.append((label.short, home(label.short, spot[0], spot[1])))
        for text, (x, y, w, h) in tries:
            box = _first_free(x, y, w, h, line, taken)
            if box is not None:
                taken.append(box[1])
                dx, dy = box[0]
                rows.append(
                    {
                        "position": [label.lon, label.lat],
                        "text": text,
                        "offset": [round(dx, 1), round(dy, 1)],
                    }
                )
                break
    return rows


def _first_free(x: float, y: float, w: float, h: float, line: float, taken) -> tuple | None:
    """The first nudge ((dx, dy), box) of a w × h label at (x, y) that covers nothing in
    `taken`, or None."""
    # Up and down by lines of text, not by the label's height: a name on two lines moved by its
    # own height twice landed over the neighbouring place.
    nudges = (
        (0, 0),
        (0, -0.9 * line),
        (0, 0.9 * line),
        (-w / 3, 0),
        (w / 3, 0),
        (-w / 3, -0.9 * line),
        (w / 3, -0.9 * line),
        (-w / 3, 0.9 * line),
        (w / 3, 0.9 * line),
        (0, -1.7 * line),
        (0, 1.7 * line),
    )
    for dx, dy in nudges:
        box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
        if not _overlaps(box, taken):
            return (dx, dy), box
    return None
