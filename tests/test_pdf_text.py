"""Text in the PDFs (dashboard.reporting.pdf_text): Chinese breaks between any two characters,
a number or a Latin word never, a closing mark never starts a line and an opening one never
ends it; text too wide for a cell is cut with …. Widths are counted in Chinese characters of
the embedded font (each the same width), so every expected line below is worked out by hand."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from dashboard.reporting import report
from dashboard.reporting.pdf_text import FONT, fit, lines, paragraph


@pytest.fixture
def pdf():
    if not report.FONT_PATH.exists():
        pytest.skip(f"expected the CJK font at {report.FONT_PATH} (make setup installs it)")
    doc = FPDF(unit="mm", format="A4")
    doc.add_font(FONT, "", str(report.FONT_PATH), collection_font_number=0)
    doc.set_font(FONT, size=10)
    doc.add_page()
    return doc


def _chars(pdf: FPDF, n: float) -> float:
    """The width of n Chinese characters, in mm."""
    return n * pdf.get_string_width("中")


def test_chinese_breaks_anywhere(pdf):
    assert lines(pdf, "一二三四五六七", _chars(pdf, 3.5)) == ["一二三", "四五六", "七"]


def test_a_number_is_never_split(pdf):
    # "12,345" is one token: it moves to the next line whole rather than breaking after "12".
    two = pdf.get_string_width("12,345")
    assert two < _chars(pdf, 3.5)
    assert lines(pdf, "新增12,345件", _chars(pdf, 3.5)) == ["新增", "12,345", "件"]


def test_a_closing_mark_stays_with_the_character_before_it(pdf):
    # Three characters fit; the 。 after the third goes down with it instead of starting a line.
    assert lines(pdf, "一二三。四五", _chars(pdf, 3.2)) == ["一二", "三。四", "五"]


def test_an_opening_mark_stays_with_the_character_after_it(pdf):
    assert lines(pdf, "一二（三）", _chars(pdf, 3.2)) == ["一二", "（三）"]


def test_spaces_between_words_do_not_start_a_line(pdf):
    width = pdf.get_string_width("Grid 15,") + 0.1
    assert lines(pdf, "Grid 15, Yingze District", width) == ["Grid 15,", "Yingze", "District"]


def test_text_that_fits_is_kept_and_text_that_does_not_is_cut(pdf):
    assert fit(pdf, "一二三", _chars(pdf, 3) + 2) == "一二三"
    # 4.5 characters of text: "一二三" and the … (as wide as a character here) fit, "一二三四…"
    # would not
    assert pdf.get_string_width("…") == pytest.approx(_chars(pdf, 1))
    assert fit(pdf, "一二三四五六", _chars(pdf, 4.5) + 2) == "一二三…"
    # room: what the cell keeps free besides the text (the notice's cells keep 3 mm)
    assert fit(pdf, "一二三", _chars(pdf, 3) + 2.5, room=3) == "一…"


def test_a_paragraph_writes_one_cell_per_line(pdf):
    pdf.set_margins(10, 10, pdf.w - 10 - _chars(pdf, 3.5))
    y = pdf.get_y()
    paragraph(pdf, "一二三四五六七", 5)
    assert pdf.get_y() == pytest.approx(y + 3 * 5)
    assert pdf.get_x() == pytest.approx(pdf.l_margin)
