"""The weekly report's layout with fpdf2: A4 portrait, one embedded CJK font, page numbers."""

from __future__ import annotations

import io
import logging
import re
from datetime import datetime, timedelta

from fpdf import FPDF, FontFace

from dashboard.core.i18n import t
from dashboard.reporting import report, report_charts, report_text

INK, MUTED, RULE, HEAD_BG = (31, 42, 55), (100, 110, 125), (210, 216, 224), (232, 238, 246)
ACCENT = (0, 114, 178)
# The family the charts' SVG text names first (figures.FONT), so the layout and the charts share
# one embedded font: loading and subsetting the 5 MB collection twice took about a second.
FONT = "WenQuanYi Micro Hei"
QUALITY_ROWS = 10  # rows of the data-quality table (it shares a page with the appendix)
# Plotly's clip paths are not supported by fpdf2's SVG parser; the charts draw inside their axes
# anyway, so the warning for each is noise.
logging.getLogger("fpdf.svg").setLevel(logging.ERROR)


class _Pdf(FPDF):
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


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, size=13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    pdf.set_text_color(*INK)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    text = str(text)
    if pdf.get_string_width(text) <= width - 2:
        return text
    while text and pdf.get_string_width(text + "…") > width - 2:
        text = text[:-1]
    return text + "…"


def _table(
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
        pdf.cell(w, 7, _fit(pdf, h, w), border="B", align=a, fill=True)
    pdf.ln()
    step = size * 0.45  # mm per wrapped line
    for row in rows:
        cells = [
            (lines(pdf, v, w - 2 * pdf.c_margin) or [""]) if i in wrap else [_fit(pdf, v, w)]
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


def _heading_style() -> FontFace:
    return FontFace(emphasis=None, fill_color=HEAD_BG, color=INK)


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


def _paragraph(pdf: FPDF, text: str, height: float, x: float | None = None) -> None:
    """Text from x (default the left margin) to the right margin, `height` mm per line."""
    x = pdf.l_margin if x is None else x
    for line in lines(pdf, text, pdf.w - pdf.r_margin - x):
        pdf.set_x(x)
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def _note(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*MUTED)
    _paragraph(pdf, text, 4.5)
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _kpi_table(pdf: FPDF, data: report.ReportData, lang: str, full: float) -> None:
    rows = []
    for key in report.KPI_KEYS:
        now_v = data.kpis[key]
        before = data.prev[key] if data.prev else None
        rows.append(
            [
                t(f"rep_k_{key}", lang),
                report.fmt_value(key, now_v, lang),
                report.fmt_value(key, before, lang),
                report.fmt_change(key, now_v, before, lang),
            ]
        )
    head = [
        t("rep_indicator", lang),
        t("rep_this_week", lang),
        t("rep_prev_week", lang),
        t("rep_change", lang),
    ]
    _table(pdf, head, rows, [full - 114, 38, 38, 38], "LRRR", size=10)


def _sentences(pdf: FPDF, sentences: list[str]) -> None:
    pdf.set_font(FONT, size=10.5)
    pdf.set_text_color(*INK)
    for sentence in sentences:
        y = pdf.get_y()
        pdf.set_fill_color(*ACCENT)
        pdf.rect(pdf.l_margin + 1, y + 2.2, 1.6, 1.6, style="F")
        _paragraph(pdf, sentence, 6, x=pdf.l_margin + 5)
        pdf.ln(0.8)


def _svg(pdf: FPDF, svg: bytes, px_height: float, width: float, x: float | None = None) -> None:
    """An SVG chart `width` mm wide (its SVG 900 px wide, px_height tall) at the current y;
    the cursor moves below it."""
    y = pdf.get_y()
    pdf.image(io.BytesIO(svg), x=pdf.l_margin if x is None else x, y=y, w=width)
    pdf.set_y(y + width * px_height / 900 + 2)


AT_RISK_ROWS = 8


def _at_risk(pdf: FPDF, data: report.ReportData, lang: str, full: float) -> None:
    """预计超期: the cases due on the Monday after the week, the likeliest to miss first."""
    risk = data.at_risk
    _heading(
        pdf,
        t(
            "rep_at_risk_heading",
            lang,
            day=(data.sunday + timedelta(days=1)).isoformat(),
            due=f"{risk.due_24h:,}",
            expected=f"{risk.expected_overdue_24h:,.1f}",
        ),
    )
    item = "item_zh" if lang == "zh" else "item_en"
    rows = [
        [
            r["incident_id"],
            r["grid_name"] or r["grid_code"],
            r[item] or r["item_code"],
            r["deadline_at"].strftime("%H:%M"),
            f"{100 * r['p_miss']:.0f}%",
            r["handling_unit"] or "–",
        ]
        for r in risk.cases.head(AT_RISK_ROWS).iter_rows(named=True)
    ]
    head = [
        t(k, lang)
        for k in (
            "rep_col_id",
            "rep_col_place",
            "rep_col_item",
            "rep_col_due_at",
            "rep_col_p_miss",
            "rep_col_unit",
        )
    ]
    if rows:
        widths = [34, 40, 40, 16, 16, full - 146]  # grid, item and unit wrap (English)
        _table(pdf, head, rows, widths, "LLLRRL", size=8, wrap=frozenset({1, 2, 5}))
        _note(pdf, t("rep_at_risk_note", lang, n=AT_RISK_ROWS))
    else:
        _note(pdf, t("rep_none", lang))


def build(
    data: report.ReportData,
    charts: report_charts.Charts,
    lang: str,
    now: datetime,
    sources: list[tuple[str, str, str]],
) -> FPDF:
    """The report's pages from its figures (report.collect), its charts (report_charts.charts: trend,
    backlog by age, KM curves, map) and the appendix's sources."""
    svgs, heights = charts.svgs, charts.heights
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.lang = lang
    week = report.week_label(data.monday)
    pdf.title_text = f"{data.title_name} · {t('rep_title', lang)} · {week}"
    pdf.set_title(f"{data.title_name} {t('rep_title', lang)} {week}")
    pdf.set_creation_date(now)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(report.FONT_PATH), collection_font_number=0)
    pdf.set_font(FONT, size=10)
    pdf.set_text_color(*INK)
    full = pdf.w - pdf.l_margin - pdf.r_margin

    # 1 · summary: the place and week, the week in sentences, the KPI table, the daily trend
    pdf.add_page()
    size = 24
    pdf.set_font(FONT, size=size)
    while size > 14 and pdf.get_string_width(data.title_name) > full:
        size -= 1
        pdf.set_font(FONT, size=size)
    pdf.set_text_color(*INK)
    pdf.cell(0, 13, data.title_name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(
        0,
        8,
        t("rep_subtitle", lang, week=week, first=data.monday, last=data.sunday),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    scope = data.scope_name + (f" ({data.scope})" if data.scope else "")
    _note(
        pdf,
        t(
            "rep_meta",
            lang,
            scope=scope,
            generated=now.strftime("%Y-%m-%d %H:%M"),
            version=data.data_version,
        ),
    )
    pdf.ln(2)
    _heading(pdf, t("rep_summary", lang))
    _sentences(pdf, report_text.talking_points(data, lang))
    pdf.ln(3)
    _heading(pdf, t("rep_kpis", lang))
    _kpi_table(pdf, data, lang, full)
    _note(pdf, t("rep_kpi_notes", lang))
    _note(pdf, t("rep_rates_note", lang))
    pdf.ln(2)
    _heading(pdf, t("rep_trend", lang))
    # The trend takes the rest of the page: narrower (centred) where the text above is long.
    room = pdf.h - pdf.b_margin - pdf.get_y() - 1
    width = min(full, room * 900 / heights[0])
    _svg(pdf, svgs[0], heights[0], width, x=pdf.l_margin + (full - width) / 2)

    # 2 · backlog by age and the most overdue cases
    pdf.add_page()
    _heading(pdf, t("rep_backlog", lang))
    _svg(pdf, svgs[1], heights[1], full)
    pdf.ln(3)
    _heading(pdf, t("rep_late", lang))
    item = "item_zh" if lang == "zh" else "item_en"
    rows = [
        [
            r["incident_id"],
            r["grid_name"] or r["grid_code"],
            r[item] or r["item_code"],
            f"{r['days_overdue']:,.1f}",
            r["handling_unit"] or "–",
        ]
        for r in data.late.iter_rows(named=True)
    ]
    head = [
        t(k, lang)
        for k in (
            "rep_col_id",
            "rep_col_place",
            "rep_col_item",
            "rep_col_days_overdue",
            "rep_col_unit",
        )
    ]
    if rows:
        # grid, item and unit wrap: long in English (romanised names, translated items)
        widths = [34, 42, 44, 22, full - 142]
        _table(pdf, head, rows, widths, "LLLRL", size=8, wrap=frozenset({1, 2, 4}))
    else:
        _note(pdf, t("rep_none", lang))
    pdf.ln(3)
    _at_risk(pdf, data, lang, full)

    # 3 · resolution: KM curves by matter group
    pdf.add_page()
    _heading(pdf, t("rep_resolution", lang))
    _svg(pdf, svgs[2], heights[2], full)
    pdf.ln(1)

    def hours(x):
        return "–" if x is None else f"{x:,.1f}"

    rows = [
        [g.group, f"{g.incidents:,}", f"{g.closed:,}", hours(g.median_hours), hours(g.p90_hours)]
        for g in report.km_by_group(data.by_group, lang)
    ]
    head = [
        t(k, lang)
        for k in (
            "rep_col_group",
            "rep_col_incidents",
            "rep_col_closed",
            "rep_col_km_median",
            "rep_col_km_p90",
        )
    ]
    _table(pdf, head, rows, [full - 120, 20, 20, 41, 39], "LRRRR", size=8.5)
    _note(pdf, t("rep_km_note", lang))

    # 4 · where incidents were: the places one level down, map and table
    pdf.add_page()
    level = t(f"rep_level_{data.child_digits}", lang)
    _heading(pdf, t("rep_map", lang))
    _svg(pdf, svgs[3], heights[3], full)
    _note(
        pdf,
        t("rep_map_note", lang, level=level)
        + (
            " " + t("rep_map_unlabelled", lang, n=charts.unlabelled, level=level)
            if charts.unlabelled
            else ""
        ),
    )
    _heading(pdf, t("rep_places", lang, level=level))
    total = data.kpis["new"]
    rows = []
    for i, r in enumerate(data.places.head(report.PLACE_ROWS).iter_rows(named=True), start=1):
        prev = r["prev_incidents"]
        rows.append(
            [
                str(i),
                r["name"],
                f"{r['incidents']:,}",
                f"{100 * r['incidents'] / total:.1f}%" if total else "–",
                "–" if prev is None else f"{prev:,}",
                report.fmt_change("new", r["incidents"], prev, lang),
            ]
        )
    head = [
        t(k, lang)
        for k in (
            "rep_col_rank",
            "rep_col_place_name",
            "rep_col_week_incidents",
            "rep_col_share",
            "rep_col_prev_incidents",
            "rep_change",
        )
    ]
    _table(pdf, head, rows, [14, full - 126, 28, 28, 28, 28], "RLRRRR", size=9)
    if data.places.height > report.PLACE_ROWS:
        _note(pdf, t("rep_more_rows", lang, n=data.places.height - report.PLACE_ROWS))

    # 5 · the week's spikes, workload and training
    pdf.add_page()
    _heading(pdf, t("rep_spikes", lang))
    top = report_text.top_spikes(data.spikes)
    if top:
        rows = [
            [str(d), s.name, f"{s.count:,}", f"{s.baseline:.2f}", f"{s.excess:+.2f}"]
            for d, s in sorted(top, key=lambda ds: (ds[0], -ds[1].excess))
        ]
        head = [
            t(k, lang)
            for k in (
                "rep_col_day",
                "rep_col_street",
                "rep_col_count",
                "rep_col_baseline",
                "rep_col_excess",
            )
        ]
        _table(pdf, head, rows, [28, full - 106, 26, 26, 26], "LLRRR", wrap=frozenset({1}))
        if len(data.spikes) > len(top):
            _note(pdf, t("rep_more_rows", lang, n=len(data.spikes) - len(top)))
    else:
        _note(pdf, t("rep_no_spikes", lang))

    pdf.ln(3)
    _heading(pdf, t("rep_workload", lang))

    def num(x, digits=0):
        return "–" if x is None else f"{x:,.{digits}f}"

    summary = report.workload_summary(data.workload)
    rows = [
        [
            t(f"rep_w_{w.column}", lang),
            num(w.total),
            num(w.mean, 1),
            num(w.median, 1),
            num(w.max),
            num(w.gini, 3),
        ]
        for w in summary
    ]
    head = [
        t(k, lang)
        for k in (
            "rep_col_measure",
            "rep_col_total",
            "rep_col_mean",
            "rep_col_median",
            "rep_col_max",
            "rep_col_gini",
        )
    ]
    _table(pdf, head, rows, [full - 130, 26, 26, 26, 26, 26], "LRRRRR", size=9)
    _note(pdf, t("rep_workload_note", lang, n=f"{summary[0].workers:,}"))
    pdf.ln(3)
    _heading(pdf, t("rep_training", lang))
    tr = data.training
    rows = [
        [str(r["day"]), f"{r['sessions']:,}", f"{r['participant_times']:,}"]
        for r in tr.iter_rows(named=True)
    ]
    rows.append(
        [
            t("rep_total", lang),
            f"{int(tr['sessions'].sum()):,}",
            f"{int(tr['participant_times'].sum()):,}",
        ]
    )
    head = [t(k, lang) for k in ("rep_col_day", "rep_col_sessions", "rep_col_participant_times")]
    _table(pdf, head, rows, [full - 80, 40, 40], "LRR", size=9)
    _note(pdf, t("rep_training_note", lang))

    # 6 · data quality and the appendix: where every figure comes from; the data version and
    # its fingerprint
    pdf.add_page()
    _heading(pdf, t("rep_quality", lang))
    q = data.quality.filter(data.quality["reason_rows"] > 0)
    rows = [
        [r["table_name"], r["reason"], f"{r['reason_rows']:,}"] for r in q.iter_rows(named=True)
    ]
    if rows:
        _table(
            pdf,
            [t(k, lang) for k in ("rep_col_table", "rep_col_reason", "rep_col_rows")],
            rows[:QUALITY_ROWS],
            [55, full - 85, 30],
            "LLR",
        )
        if len(rows) > QUALITY_ROWS:
            _note(pdf, t("rep_more_rows", lang, n=len(rows) - QUALITY_ROWS))
    else:
        _note(pdf, t("no_quarantine", lang))

    pdf.ln(3)
    _heading(pdf, t("rep_appendix", lang))
    rows = [
        [" / ".join(t(k, lang) for k in fig.split(" / ")), name, params]
        for fig, name, params in sources
    ]
    head = [t(k, lang) for k in ("rep_col_figure", "rep_col_query", "rep_col_params")]
    pdf.set_font(FONT, size=8)
    pdf.set_draw_color(*RULE)
    with pdf.table(
        width=full,
        col_widths=[62, 48, full - 110],
        borders_layout="HORIZONTAL_LINES",
        line_height=4.8,
        text_align="LEFT",
        headings_style=_heading_style(),
    ) as table:
        for row in [head, *rows]:
            table.row(row)
    pdf.ln(4)
    _heading(pdf, t("rep_fingerprint", lang))
    digest = data.data_version.rpartition("-")[2] or "–"
    rows = [[t("data_version", lang), data.data_version], [t("rep_fp_digest", lang), digest]]
    pdf.set_font(FONT, size=10)
    for k, v in rows:
        pdf.set_text_color(*MUTED)
        pdf.cell(40, 7, k)
        pdf.set_text_color(*INK)
        pdf.cell(0, 7, v, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    _note(pdf, t("rep_fp_note", lang))
    return pdf
