"""The wall's map (the kiosk, `?kiosk=1`): the briefing's map as one picture drawn on the server.

Nobody clicks a wall, and a wall PC often has no GPU. Drawn by deck.gl in software WebGL, the
map held the browser's frames 1.5 s and more after the page was otherwise ready
(docs/performance.md); a PNG is shown at once. The picture draws what maps.plan worked out for
the deck — the same view, heat, outlines, names and spike marks — at WALL_PIXEL_RATIO times the
map's pixels, so that a 4K wall, zoomed ×2 by CSS, stays about as sharp. Not drawn: the places'
faint fill, which is only there to be hovered and clicked.

One picture per view, kept like the deck's heat (a minute's refresh of the wall shows the same
bytes, so the browser has them already).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from dashboard.core import paths
from dashboard.core.shared_cache import SharedCache
from dashboard.data.catalog import Catalog
from dashboard.geo import map_raster
from dashboard.geo.map_layers import (
    BACKGROUND,
    FINE_LINE_PX,
    FINE_OUTLINE,
    LABEL,
    LABEL_HALO,
    OUTLINE,
    SPIKE,
    SPIKE_HALO,
    geometry_paths,
    heat_picture,
    place_line_px,
)
from dashboard.geo.maps import (
    KIOSK_VIEWPORT,
    SPIKE_FILL,
    SPIKE_LINE_PX,
    MapPlan,
    heat_factor,
    plan,
)
from dashboard.measures.metrics import Spike

# Pictures' pixels per map pixel: 830 × 520 map pixels → 1,452 × 910. Streamlit shrinks an image
# wider than 1,460 px (and encodes it again, on every run); this is as sharp as it lets through
# whole, for a 4K wall zoomed ×2 by CSS.
WALL_PIXEL_RATIO = 1.75
# Halo widths as a share of the text's size (the deck's SDF outlines look about this wide).
NAME_HALO = 0.08
SPIKE_LABEL_HALO = 0.14
_PICTURES: SharedCache[bytes] = SharedCache(32)


def picture(
    cat: Catalog,
    as_of: date,
    *,
    window_days: int = 1,
    lang: str = "zh",
    spikes: Sequence[Spike] = (),
    size: tuple[int, int] | None = None,
) -> bytes:
    """The wall's map of the catalog's scope on as_of as a PNG of WALL_PIXEL_RATIO × `size`
    pixels (picture_size; `size` default maps.KIOSK_VIEWPORT): arguments as maps.deck's, in
    kiosk mode."""
    size = size or KIOSK_VIEWPORT
    marks = tuple((s.code, s.name, s.own_name, s.count) for s in spikes)  # what a label says

    def build() -> bytes:
        p = plan(
            cat, as_of, window_days=window_days, lang=lang, spikes=spikes, kiosk=True, size=size
        )
        out = io.BytesIO()
        draw(p).save(out, format="PNG", optimize=False, compress_level=6)
        return out.getvalue()

    return _PICTURES.get(
        (cat.data_version, cat.scope, as_of, window_days, lang, marks, size), build
    )


def clear_cache() -> None:
    _PICTURES.clear()


def picture_size(size: tuple[int, int]) -> tuple[int, int]:
    """The picture's pixels for a map of `size` pixels."""
    return round(size[0] * WALL_PIXEL_RATIO), round(size[1] * WALL_PIXEL_RATIO)


def draw(p: MapPlan) -> Image.Image:
    """The map of plan `p` as an RGB picture of WALL_PIXEL_RATIO × p.size pixels, drawn in the
    deck's order: heat, the grids' and the places' outlines, names, spike rings, spike labels."""
    r = WALL_PIXEL_RATIO
    base = Image.new("RGBA", picture_size(p.size), tuple(BACKGROUND))
    if p.heat.height:
        base.alpha_composite(_heat(p))
    outlines = _raster(p, r)
    paths = []
    if p.shapes.fine is not None:
        fine = [
            np.asarray(x, dtype=np.float64)[:, :2]
            for x in geometry_paths(p.shapes.fine["geometry"])
        ]
        paths.append((fine, FINE_OUTLINE, FINE_LINE_PX * p.scale))
    places = [
        np.asarray(x, dtype=np.float64)[:, :2]
        for feature in p.shapes.children
        for x in geometry_paths(feature["geometry"])
    ]
    paths.append((places, OUTLINE, place_line_px(p.cat.scope) * p.scale))
    for lines, colour, width in paths:
        base.alpha_composite(_image(map_raster.lines(outlines, lines, colour, width * r)))
    pen = ImageDraw.Draw(base)
    for row in p.label_rows:
        _text(pen, p, row, row["text"], p.label_size, LABEL, LABEL_HALO, NAME_HALO)
    if p.marks:
        lon = np.array([m["position"][0] for m in p.marks], dtype=np.float64)
        lat = np.array([m["position"][1] for m in p.marks], dtype=np.float64)
        rings = map_raster.dots(
            outlines,
            lon,
            lat,
            [SPIKE_FILL] * len(p.marks),
            p.ring_px * r,
            SPIKE,
            SPIKE_LINE_PX * p.scale * r,
        )
        base.alpha_composite(_image(rings))
        pen = ImageDraw.Draw(base)
        for m in p.marks:
            _text(
                pen, p, m, m["label"], p.spike_size, [255, 255, 255], SPIKE_HALO, SPIKE_LABEL_HALO
            )
    return base.convert("RGB")


def _raster(p: MapPlan, r: float) -> map_raster.Raster:
    """The picture's own raster: the map's view, no margin, one cell per picture pixel (the
    map one zoom level per doubling finer)."""
    zoom = p.view.zoom + np.log2(r)
    return map_raster.raster_for(
        (p.view.longitude, p.view.latitude), zoom, picture_size(p.size), 0, cell=1
    )


def _image(rgba: np.ndarray) -> Image.Image:
    return Image.fromarray(np.ascontiguousarray(rgba), "RGBA")


def _heat(p: MapPlan) -> Image.Image:
    """The deck's heat picture (half the map's pixels, with a margin), stretched to the
    picture's pixels and cut to the view, as the browser stretches it."""
    r = WALL_PIXEL_RATIO
    level = len(p.cat.scope)
    raster, rgba = heat_picture(p.heat, level, p.view, p.size, heat_factor(p.window_days), p.scale)
    cx, cy = map_raster.world_px(
        np.array([p.view.longitude]), np.array([p.view.latitude]), p.view.zoom
    )
    # the raster's corner in the map's pixels, from the view's top-left corner
    left = (raster.left - (float(cx[0]) - p.size[0] / 2)) * r
    top = (raster.top - (float(cy[0]) - p.size[1] / 2)) * r
    width, height = raster.columns * raster.cell * r, raster.rows * raster.cell * r
    stretched = _image(rgba).resize((round(width), round(height)), Image.Resampling.BILINEAR)
    layer = Image.new("RGBA", picture_size(p.size), (0, 0, 0, 0))
    layer.paste(stretched, (round(left), round(top)))
    return layer


_ANCHOR_X = {"start": "l", "middle": "m", "end": "r"}
_ANCHOR_Y = {"top": "a", "center": "m", "bottom": "d"}


def _text(
    pen: ImageDraw.ImageDraw,
    p: MapPlan,
    row: dict,
    text: str,
    size: float,
    fill: Sequence[int],
    halo: Sequence[int],
    halo_share: float,
) -> None:
    """`text` at the row's position and pixel offset, anchored as the deck anchors it (names:
    their middle; spike labels: row's "anchor" and "baseline"), in a halo."""
    r = WALL_PIXEL_RATIO
    x, y = _pixel(p, row["position"])
    dx, dy = row.get("offset", (0, 0))
    anchor = _ANCHOR_X[row.get("anchor", "middle")] + _ANCHOR_Y[row.get("baseline", "center")]
    pen.multiline_text(
        ((x + dx) * r, (y + dy) * r),
        text,
        font=_font(round(size * r)),
        fill=tuple(fill[:3]),
        anchor=anchor,
        align={"l": "left", "m": "center", "r": "right"}[anchor[0]],
        stroke_width=max(1, round(size * r * halo_share)),
        stroke_fill=tuple(halo[:3]),
    )


def _pixel(p: MapPlan, position: Sequence[float]) -> tuple[float, float]:
    """A (lon, lat)'s place on the map, in the map's pixels from its top-left corner."""
    x, y = map_raster.world_px(
        np.array([position[0], p.view.longitude]),
        np.array([position[1], p.view.latitude]),
        p.view.zoom,
    )
    return float(x[0] - x[1]) + p.size[0] / 2, float(y[0] - y[1]) + p.size[1] / 2


@cache
def _font(px: int) -> ImageFont.FreeTypeFont:
    if not paths.CJK_FONT.exists():
        raise FileNotFoundError(
            f"{paths.CJK_FONT}: expected the CJK font the wall's map writes its names in, found "
            "no file; install Debian's package fonts-wqy-microhei (make setup does)"
        )
    return ImageFont.truetype(str(paths.CJK_FONT), px)
