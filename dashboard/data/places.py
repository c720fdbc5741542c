"""The place hierarchy for drill-down: city → district → street → community → grid.

A place is a grid-code prefix: '' the city, 6 digits a district, 9 a street, 12 a community,
16 a grid. Names come from the scoped catalog's `grids` view, so a session never learns the names
of places outside its scope.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.core import romanise
from dashboard.core.i18n import normalize_lang
from dashboard.data.catalog import Catalog

LEVEL_DIGITS = (0, 6, 9, 12, 16)
LEVELS = ("city", "district", "street", "community", "grid")


def level_of(code: str) -> str:
    """'city', 'district', 'street', 'community' or 'grid' for a prefix."""
    return LEVELS[LEVEL_DIGITS.index(len(code))]


def child_digits(code: str) -> int | None:
    """Digits of the places one level below `code`; None under a grid."""
    i = LEVEL_DIGITS.index(len(code))
    return LEVEL_DIGITS[i + 1] if i + 1 < len(LEVEL_DIGITS) else None


@dataclass(frozen=True)
class Crumb:
    code: str  # '' for the city
    name: str  # '' for the city: the page says 太原市 / Taiyuan in the chosen language
    level: str


def children(cat: Catalog) -> pl.DataFrame:
    """The places one level below the catalog's scope: code, name, grids (empty under a grid)."""
    digits = child_digits(cat.scope)
    if digits is None:
        return pl.DataFrame(schema={"code": pl.String, "name": pl.String, "grids": pl.Int64})
    return cat.query("places_under", digits=digits)


def breadcrumb(cat: Catalog) -> list[Crumb]:
    """City, then every level down to the catalog's scope, with names."""
    crumbs = [Crumb("", "", "city")]
    if not cat.scope:
        return crumbs
    row = cat.sql(
        "select district_name, street_name, community_name, grid_name from grids "
        "order by grid_code limit 1"
    )
    if row.is_empty():
        return crumbs
    names = row.row(0)
    for digits, name in zip(LEVEL_DIGITS[1:], names, strict=True):
        if digits > len(cat.scope):
            break
        crumbs.append(Crumb(cat.scope[:digits], name, level_of(cat.scope[:digits])))
    return crumbs


# What a column holds, for `in_language`: a place name (or several joined with 、), a path (the
# level above's name, then the place's own: the spike lists'), or a handling unit.
NAME_KINDS = {
    "place": romanise.place_en,
    "path": romanise.path_en,
    "unit": romanise.unit_en,
}
# The columns the pages' tables name places and units in, by the names the queries give them.
NAME_COLUMNS = {
    "district_name": "place",
    "street_name": "place",
    "community_name": "place",
    "grid_name": "place",
    "name": "place",
    "parent": "place",
    "grid_names": "place",
    "street_names": "place",
    "handling_unit": "unit",
}


def in_language(
    frame: pl.DataFrame, lang: str, kinds: dict[str, str] | None = None
) -> pl.DataFrame:
    """`frame` for the screen in `lang`: in en, the place and unit columns romanised
    (dashboard.core.romanise); in zh, unchanged. `kinds` maps column → kind (NAME_KINDS),
    NAME_COLUMNS by default. Only for what is shown: downloads keep the Chinese."""
    if normalize_lang(lang) != "en":
        return frame
    kinds = NAME_COLUMNS if kinds is None else kinds
    return frame.with_columns(
        pl.col(c).map_elements(NAME_KINDS[k], return_dtype=pl.String, skip_nulls=True)
        for c, k in kinds.items()
        if c in frame.columns and frame.schema[c] == pl.String
    )


def tour(cat: Catalog) -> list[tuple[str, str]]:
    """The wall carousel's places, in order: the catalog's own place, then each place one level
    down by code — (code, name), '' and '' for the city. Read through the scoped catalog, so a
    session limited to a district gets that district and its streets, never another district."""
    own = breadcrumb(cat)[-1]
    name = own.name if own.code == cat.scope else cat.scope  # no grids there: the code names it
    kids = children(cat).sort("code")
    return [(cat.scope, name), *kids.select("code", "name").iter_rows()]
