"""analysis_page.table: a short table printed as plain HTML, a long one a data grid; the printed
table's cells written out by hand."""

from __future__ import annotations

import polars as pl
import pytest
from apptest_pages import PrintedTableParser
from streamlit.testing.v1 import AppTest

from dashboard.app import analysis_page, kiosk, printed_table


def parsed(html: str) -> dict:
    parser = PrintedTableParser()
    parser.feed(html)
    (table,) = parser.tables
    return table


def test_cells_are_written_as_the_data_grid_would_show_them():
    frame = pl.DataFrame(
        {
            "name": ["小店区 <A&B>", None],
            "incidents": [1234, 5],
            "median_hours": [1.5, None],
            "share_pct": [12.25, 3.0],
            "code": ["140105", "140106"],
        }
    )
    html = printed_table.html(frame)
    table = parsed(html)
    assert table["heads"] == ["name", "incidents", "median_hours", "share_pct", "code"]
    # numbers right-aligned; a code is text, however many digits it has
    assert table["numeric"] == [False, True, True, True, False]
    assert table["rows"] == [
        # thousands separated; a float column with the decimals its values need (1.5 → one,
        # 12.25 beside 3.0 → two on every row); a missing value "–", not "None"
        ["小店区 <A&B>", "1,234", "1.5", "12.25", "140105"],
        ["–", "5", "–", "3.00", "140106"],
    ]
    assert "&lt;A&amp;B&gt;" in html  # the data is text, never markup


def _page(rows: int, sortable: bool) -> None:
    import polars as pl

    from dashboard.app import analysis_page

    analysis_page.table(pl.DataFrame({"n": list(range(rows))}), "t", "en", sortable=sortable)


@pytest.mark.parametrize(
    ("rows", "sortable", "printed"),
    [
        (1, False, True),
        (analysis_page.PRINTED_ROWS, False, True),
        (analysis_page.PRINTED_ROWS + 1, False, False),
        (1, True, False),  # a ranking the page says can be sorted is a grid however short
    ],
)
def test_a_short_table_is_printed_and_a_long_one_is_a_grid(rows, sortable, printed):
    at = AppTest.from_function(_page, args=(rows, sortable), default_timeout=30)
    at.run()
    assert not at.exception
    html = [h.proto.body for h in at.get("html") if "kq-table" in h.proto.body]
    if printed:
        assert not at.dataframe
        (body,) = html
        assert [r[0] for r in parsed(body)["rows"]] == [f"{i:,}" for i in range(rows)]
    else:
        assert not html
        (grid,) = at.dataframe
        assert grid.value["n"].tolist() == list(range(rows))
    # either way, the rows can be downloaded
    assert len(at.get("download_button")) == 3


def test_text_columns_are_laid_out_by_what_they_hold():
    frame = pl.DataFrame(
        {
            "name": ["Wucheng Subdistrict", "北营街道"],
            "day": ["2026-12-01", "2026-11-30"],
            "at": ["2026-12-02 00:06", None],
            "code": ["140105003", "140105001"],
            "id": ["SJ202611270000004", "SJ202611290000001"],
            "ratio": ["× 8.2", "× 12.0"],
            "size": ["4.3 KB", "1,002.3 KB"],
        }
    )
    html = printed_table.html(frame)
    # a name wraps (never to one character a line: the stylesheet's min-width)
    assert '<td class="">Wucheng Subdistrict</td>' in html
    # dates, times, codes and ids stay on one line; a missing value does not change that
    for cell in ("2026-12-01", "2026-12-02 00:06", "140105003", "SJ202611270000004"):
        assert f'<td class="keep">{cell}</td>' in html
    assert '<td class="keep">–</td>' in html
    # a number written as text is right-aligned like a number, heading too — a code is not
    assert '<td class="rt keep">× 8.2</td>' in html and '<th class="rt">ratio</th>' in html
    assert '<td class="rt keep">1,002.3 KB</td>' in html
    assert '<th class="">code</th>' in html
    # the table scrolls sideways in a narrow column instead of spilling out of it
    assert '<div class="kq-scroll"><table class="kq-table kq-light gd-print">' in html


def test_the_briefings_lists_wrap_names_and_keep_ids_on_one_line():
    """kiosk.table (the briefing's lists): an English unit name wraps, so the figures beside it
    stay in a half-width column; an incident id and a deadline do not break; on the page the
    list scrolls sideways rather than spill out; the wall's dark table is as it was."""
    rows = [
        ["SJ202611270000004", "Wanbailin District Housing and Urban-Rural Development Bureau"]
        + ["2026-12-02 00:06", 7]
    ]
    light = kiosk.table(None, ["Incident", "Unit", "Due", "Overdue"], rows, {3}, "", theme="light")
    assert '<td class="keep">SJ202611270000004</td>' in light
    assert '<td class="">Wanbailin District Housing' in light
    assert '<td class="keep">2026-12-02 00:06</td>' in light
    assert '<td class="num">7</td>' in light
    assert '<div class="kq-scroll"><table class="kq-table kq-light">' in light
    dark = kiosk.table(None, ["Incident", "Unit", "Due", "Overdue"], rows, {3}, "")
    assert '<table class="kq-table">' in dark and "kq-scroll" not in dark.split("</style>")[-1]
