"""Text in griddash's PDFs (the weekly report, the supervision notice) with fpdf2: the one
embedded CJK font, the colours, line breaking for Chinese mixed with numbers and Latin words,
text cut to fit a cell, paragraphs."""

from __future__ import annotations

import re

from fpdf import FPDF

INK, MUTED, RULE, HEAD_BG = (31, 42, 55), (100, 110, 125), (210, 216, 224), (232, 238, 246)
ACCENT = (0, 114, 178)
# The family the charts' SVG text names first (figures.FONT), so the layout and the charts share
# one embedded font: loading and subsetting the 5 MB collection twice took about a second.
FONT = "WenQuanYi Micro Hei"

# Line breaking for text that mixes Chinese and numbers: a Chinese character may end a line
# anywhere, a run of Latin letters, digits and their signs never is split, a closing mark never
# starts a line and an opening one never ends it. (fpdf2's own wrapping breaks at spaces only,
# which leaves half-empty lines in Chinese text, or splits numbers.)
_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F.,:;%+\-–—/'’&·×=_()\[\]]+|\s+|.")
_CLOSING = set("，。；：、）」』》％%…!?！？")
_OPENING = set("（「『《")


def lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """`text` broken into lines no wider than `width` (mm) in the current font."""
    tokens: list[str] = []
    for tok in _TOKEN.findall(text):
        if tokens and (tok[0] in _CLOSING or tokens[-1][-1] in _OPENING) and not tok.isspace():
            tokens[-1] += tok
        else:
            tokens.append(tok)
    out, line = [], ""
    for tok in tokens:
        if line and pdf.get_string_width(line + tok) > width:
            out.append(line.rstrip())
            line = "" if tok.isspace() else tok
        else:
            line += tok
    if line.strip():
        out.append(line.rstrip())
    return out


def fit(pdf: FPDF, text: object, width: float, room: float = 2) -> str:
    """`text` in the current font, cut with … where it is wider than a cell of `width` mm less
    `room` mm (the cell's own padding)."""
    text = str(text)
    if pdf.get_string_width(text) <= width - room:
        return text
    while text and pdf.get_string_width(text + "…") > width - room:
        text = text[:-1]
    return text + "…"


def paragraph(pdf: FPDF, text: str, height: float, x: float | None = None) -> None:
    """Text in the current font from x (default the left margin) to the right margin, `height`
    mm per line; the cursor ends at the left margin under it."""
    x = pdf.l_margin if x is None else x
    for line in lines(pdf, text, pdf.w - pdf.r_margin - x):
        pdf.set_x(x)
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
