"""The weekly report's building blocks with fpdf2: the page (running title, page numbers),
headings, tables, notes, bulleted sentences and SVG charts. report_pdf puts the pages together
from them."""

from __future__ import annotations

import io
import logging

from fpdf import FPDF, FontFace

from dashboard.core.i18n import t
from dashboard.reporting.pdf_text import ACCENT, FONT, HEAD_BG, INK, MUTED, RULE, fit, lines
from dashboard.reporting.pdf_text import paragraph as _paragraph

# Plotly's clip paths are not supported by fpdf2's SVG parser; the charts draw inside their axes
# anyway, so the warning for each is noise.
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)


class ReportPdf(FPDF):
    """An A4 page of the report: the report's title at the top of every page but the first,
    'page n of N' at the foot."""

    lang = "zh"
    title_text = ""

    def header(self):
        if self.page_no() == 1:
            return
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, self.title_text, align="L")
        self.ln(8)

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, t("rep_page", self.lang, n=self.page_no(), total="{nb}"), align="C")


def heading(pdf: FPDF, text: str) -> None:
    """A section heading in the accent colour, ruled under, across the page."""
    pdf.set_font(FONT, size=13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.set_text_color(*INK)


def table(
    pdf: FPDF,
    head: list[str],
    rows: list[list[str]],
    widths: list[float],
    aligns: str,
    size: float = 9,
    wrap: frozenset[int] = frozenset(),
) -> None:
    """A table; cells cut with … where too wide, except the columns in `wrap` (by index), whose
    text goes on as many lines as it needs: a romanised name in the English report is about
    three times as wide as the Chinese."""
    pdf.set_font(FONT, size=size)
    pdf.set_fill_color(*HEAD_BG)
    pdf.set_draw_color(*RULE)
    for h, w, a in zip(head, widths, aligns, strict=True):
        pdf.cell(w, 7, fit(pdf, h, w), border="B", align=a, fill=True)
    pdf.ln()
    step = size * 0.45  # mm per wrapped line
    for row in rows:
        cells = [
            (lines(pdf, v, w - 2 * pdf.c_margin) or [""]) if i in wrap else [fit(pdf, v, w)]
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        n = max(len(c) for c in cells)
        if n == 1:
            for (v,), w, a in zip(cells, widths, aligns, strict=True):
                pdf.cell(w, 6.2, v, border="B", align=a)
            pdf.ln()
            continue
        height = n * step + 2
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        x0, y0 = pdf.get_x(), pdf.get_y()
        x = x0
        for texts, w, a in zip(cells, widths, aligns, strict=True):
            top = y0 + (height - len(texts) * step) / 2
            for k, text in enumerate(texts):
                pdf.set_xy(x, top + k * step)
                pdf.cell(w, step, text, align=a)
            x += w
        pdf.line(x0, y0 + height, x, y0 + height)
        pdf.set_xy(x0, y0 + height)
    pdf.ln(2)


def heading_style() -> FontFace:
    """The head row of an fpdf2 `pdf.table` in the report's colours."""
    return FontFace(emphasis=None, fill_color=HEAD_BG, color=INK)


def note(pdf: FPDF, text: str) -> None:
    """Small muted text under a table or chart: what it counts, what was left out."""
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*MUTED)
    _paragraph(pdf, text, 4.5)
    pdf.set_text_color(*INK)
    pdf.ln(1)


def sentences(pdf: FPDF, texts: list[str]) -> None:
    """Sentences as a bulleted list, each wrapped under its own start."""
    pdf.set_font(FONT, size=10.5)
    pdf.set_text_color(*INK)
    for sentence in texts:
        y = pdf.get_y()
        pdf.set_fill_color(*ACCENT)
        pdf.rect(pdf.l_margin + 1, y + 2.2, 1.6, 1.6, style="F")
        _paragraph(pdf, sentence, 6, x=pdf.l_margin + 5)
        pdf.ln(0.8)


def svg(pdf: FPDF, image: bytes, px_height: float, width: float, x: float | None = None) -> None:
    """An SVG chart `width` mm wide (its SVG 900 px wide, px_height tall) at the current y;
    the cursor moves below it."""
    y = pdf.get_y()
    pdf.image(io.BytesIO(image), x=pdf.l_margin if x is None else x, y=y, w=width)
    pdf.set_y(y + width * px_height / 900 + 2)
