"""The briefing's tiles as HTML (dashboard.charts.tile_cards): the change's arrow and colour, zero as no
change, and the sparkline's points, worked out by hand; and the analysis pages' plain cards."""

from __future__ import annotations

import base64
import re

from apptest_pages import TileParser

from dashboard.charts import tile_cards
from dashboard.measures.briefing import Tile

LIGHT = tile_cards.COLOURS["light"]


def tile(key, value, reference, better="up", trend=(1, 2)) -> Tile:
    return Tile(
        key, value, reference, "ref_last_week", list(trend), "trend_daily_30d", "count", better
    )


def render(*tiles: Tile, delta=lambda x: f"{x.change:+,.0f}") -> str:
    return tile_cards.cards(
        tiles,
        lambda x: x.key.upper(),
        lambda x: f"{x.value:,}",
        delta,
        lambda x: "vs last week",
        help_text=lambda x: f"help {x.key}",
    )


def deltas(html: str) -> dict[str, tuple[str, str]]:
    """key → (change as shown, its colour)."""
    found = re.findall(r'data-tile="(\w+)".*?gd-tile-delta" style="color:(#\w+)">([^<]*)<', html)
    return {key: (text, colour) for key, colour, text in found}


def test_good_news_is_green_and_bad_news_red_by_the_tiles_direction():
    html = render(
        tile("closed", 120, 100, better="up"),  # more closed: good
        tile("overdue", 12, 10, better="down"),  # more overdue: bad
        tile("backlog", 90, 100, better="down"),  # less backlog: good
        tile("new", 50, 40, better="neither"),  # more new: neither
    )
    assert deltas(html) == {
        "closed": ("↑ +20", LIGHT["good"]),
        "overdue": ("↑ +2", LIGHT["bad"]),
        "backlog": ("↓ -10", LIGHT["good"]),
        "new": ("↑ +10", LIGHT["neutral"]),
    }


def test_a_change_that_reads_as_zero_has_no_sign_arrow_or_colour():
    hours = tile("km", 1.43, 1.40, better="down")  # +0.03 h shows as +0.0
    html = render(
        tile("workers", 8650, 8650),
        hours,
        delta=lambda x: f"{x.change:+.1f} h" if x.key == "km" else f"{x.change:+,.0f}",
    )
    assert deltas(html) == {"workers": ("0", LIGHT["neutral"]), "km": ("0.0 h", LIGHT["neutral"])}


def test_no_reference_shows_no_change():
    html = render(tile("new", 5, None), delta=lambda x: None)
    assert 'class="gd-tile-delta"' not in html
    parser = TileParser()
    parser.feed(html)
    assert parser.cards == [
        {"key": "new", "title": "help new", "label": "NEW", "value": "5", "ref": "vs last week"}
    ]


def test_the_sparkline_spans_the_box_lowest_at_the_bottom_and_skips_gaps():
    img = tile_cards.spark([10, None, 30, 20], "#123456")
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", img).group(1)).decode()
    # x: index / last index × 100; y: 28 at the lowest (10), 4 at the highest (30).
    assert 'points="0.00,28.00 66.67,4.00 100.00,16.00"' in svg
    assert 'stroke="#123456"' in svg
    assert tile_cards.spark([None, 5, None], "#000") == ""  # one known value: no line


def test_plain_cards_show_label_value_note_and_reference_in_their_columns():
    html = tile_cards.plain(
        [
            tile_cards.Card("n", "Incidents <all>", "1,234", "↑ +12", "vs the 7 days before", "h"),
            tile_cards.Card("s", "Status", "0", "missing", tone="bad"),
            tile_cards.Card("k", "Median", "–"),
        ],
        widths=[1, 2.5, 1],
    )
    parser = TileParser()
    parser.feed(html)
    assert parser.cards == [
        {
            "key": "n",
            "title": "h",
            "label": "Incidents <all>",  # escaped in the HTML, read back as written
            "value": "1,234",
            "delta": "↑ +12",
            "ref": "vs the 7 days before",
        },
        {"key": "s", "title": "", "label": "Status", "value": "0", "delta": "missing"},
        {"key": "k", "title": "", "label": "Median", "value": "–"},
    ]
    assert "Incidents &lt;all&gt;" in html
    assert html.count("ⓘ") == 1  # only the card with a help text says it has one
    assert f'gd-tile-delta" style="color:{LIGHT["bad"]}">missing<' in html
    assert f'gd-tile-delta" style="color:{LIGHT["neutral"]}">↑ +12<' in html
    assert "grid-template-columns: minmax(0, 1fr) minmax(0, 2.5fr) minmax(0, 1fr);" in html


def test_plain_cards_stack_under_one_width():
    html = tile_cards.plain([tile_cards.Card("a", "A", "1"), tile_cards.Card("b", "B", "2")], [1])
    assert "grid-template-columns: minmax(0, 1fr);" in html
    assert html.index('data-tile="a"') < html.index('data-tile="b"')
