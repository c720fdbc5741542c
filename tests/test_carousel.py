"""The wall's carousel (`?kiosk=1&cycle=60`) as pure step logic: which place is on the wall at
which tick, when the next comes, what a hand-edited `cycle` means; and its places read through
the scoped catalog (tiny exports: 小店区 140105 with streets 140105001 and 140105002, 迎泽区
140106 with street 140106001), so a district's wall never turns to another district."""

from __future__ import annotations

from datetime import datetime

import pytest
import tiny_exports as tiny

from dashboard.app import carousel
from dashboard.data import places
from dashboard.data.catalog import Catalog
from dashboard.pipeline.ingest import ingest

CITY = [("", ""), ("140105", "小店区"), ("140106", "迎泽区")]


def test_a_cycle_from_the_link():
    assert carousel.cycle(None) is None and carousel.cycle("") is None  # no carousel
    c = carousel.cycle("60")
    assert (c.seconds, c.ticks, c.tick_s, c.bad) == (60, 1, 60, None)
    # Longer than the wall's one-minute refresh: whole ticks of at most 60 s.
    assert (carousel.cycle("90").ticks, carousel.cycle("90").tick_s) == (2, 45)
    assert (carousel.cycle("300").ticks, carousel.cycle("300").tick_s) == (5, 60)
    assert (carousel.cycle("61").ticks, carousel.cycle("61").tick_s) == (2, 30.5)
    assert carousel.cycle("15").seconds == 15 and carousel.cycle("600").seconds == 600
    # Nonsense falls back to 60 s and says what was refused.
    for bad in ("abc", "14", "601", "-60", "60.5", "６０", "1e2"):
        c = carousel.cycle(bad)
        assert (c.seconds, c.ticks, c.bad) == (60, 1, bad), bad


def test_which_place_at_which_tick():
    one = carousel.timing(60)
    shown = [carousel.stop_at(CITY, tick, one) for tick in range(7)]
    # City, then the districts by code, round and round.
    assert [s.code for s in shown] == ["", "140105", "140106", "", "140105", "140106", ""]
    assert [(s.index, s.count) for s in shown[:3]] == [(0, 3), (1, 3), (2, 3)]
    assert [s.next_name for s in shown[:3]] == ["小店区", "迎泽区", ""]  # back to the city
    assert {s.seconds_left for s in shown} == {60}
    # 120 s a place in two ticks of 60 s: the place stays for two runs, counting down.
    two = carousel.timing(120)
    shown = [carousel.stop_at(CITY, tick, two) for tick in range(5)]
    assert [s.code for s in shown] == ["", "", "140105", "140105", "140106"]
    assert [s.seconds_left for s in shown] == [120, 60, 120, 60, 120]
    # A grid has nothing below it: one place, and the next is itself.
    alone = carousel.stop_at([("1401050010010001", "网格")], 5, one)
    assert (alone.code, alone.count, alone.next_code) == ("1401050010010001", 1, "1401050010010001")
    with pytest.raises(ValueError):
        carousel.stop_at([], 0, one)


@pytest.fixture(scope="module")
def catalog_file(tmp_path_factory):
    root = tmp_path_factory.mktemp("carousel")
    tiny.write(root / "exports", tiny.rows())
    ingest(root / "exports", root / "catalog.duckdb", now=datetime(2024, 6, 12, 8), progress=False)
    return root / "catalog.duckdb"


def test_the_places_of_a_round(catalog_file):
    # The city and its two districts, by code (tiny_exports: 小店区, 迎泽区).
    assert places.tour(Catalog(catalog_file)) == CITY
    # A district's wall: the district, then its own streets (tiny_exports' names), never the
    # other district.
    lead = places.tour(Catalog(catalog_file, scope="140105"))
    assert [code for code, _ in lead] == ["140105", "140105001", "140105002"]
    assert lead[0] == ("140105", "小店区")
    assert not any(code.startswith("140106") for code, _ in lead)
    # One street: the street, then its communities.
    street = places.tour(Catalog(catalog_file, scope="140105001"))
    assert [code for code, _ in street] == ["140105001", "140105001001"]
