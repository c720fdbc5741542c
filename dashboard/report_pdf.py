"""The weekly report's layout with fpdf2: A4 portrait, one embedded CJK font, page numbers."""

from __future__ import annotations

import io
import logging
from datetime import datetime

from fpdf import FPDF, FontFace

from dashboard import report
from dashboard.i18n import t

INK, MUTED, RULE, HEAD_BG = (31, 42, 55), (100, 110, 125), (210, 216, 224), (232, 238, 246)
ACCENT = (0, 114, 178)
FONT = "wqy"
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


def _table(pdf: FPDF, head: list[str], rows: list[list[str]], widths: list[float],
           aligns: str, size: float = 9) -> None:  # fmt: skip
    pdf.set_font(FONT, size=size)
    pdf.set_fill_color(*HEAD_BG)
    pdf.set_draw_color(*RULE)
    for h, w, a in zip(head, widths, aligns, strict=True):
        pdf.cell(w, 7, _fit(pdf, h, w), border="B", align=a, fill=True)
    pdf.ln()
    for row in rows:
        for v, w, a in zip(row, widths, aligns, strict=True):
            pdf.cell(w, 6.2, _fit(pdf, v, w), border="B", align=a)
        pdf.ln()
    pdf.ln(2)


def _heading_style() -> FontFace:
    return FontFace(emphasis=None, fill_color=HEAD_BG, color=INK)


def _note(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(1)


def build(data: report.ReportData, svgs: list[bytes], lang: str, now: datetime,
          sources: list[tuple[str, str, str]]) -> FPDF:  # fmt: skip
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.lang = lang
    week = report.week_label(data.monday)
    pdf.title_text = f"{t('rep_title', lang)} · {week} · {data.scope_name}"
    pdf.set_creation_date(now)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=16)
    for family in (FONT, "WenQuanYi Micro Hei"):  # the second: figures.FONT in the SVGs
        pdf.add_font(family, "", str(report.FONT_PATH), collection_font_number=0)
    pdf.set_font(FONT, size=10)
    pdf.set_text_color(*INK)
    full = pdf.w - pdf.l_margin - pdf.r_margin

    # 1 · cover
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font(FONT, size=28)
    pdf.cell(0, 14, t("city", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=22)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 14, t("rep_title", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(20)
    rows = [
        (t("rep_week", lang), week),
        (t("rep_days", lang), f"{data.monday} – {data.sunday}"),
        (t("rep_scope", lang), f"{data.scope_name}" + (f" ({data.scope})" if data.scope else "")),
        (t("rep_generated", lang), now.strftime("%Y-%m-%d %H:%M")),
        (t("data_version", lang), data.info.get("data_version", "–")),
    ]
    pdf.set_font(FONT, size=12)
    for k, v in rows:
        pdf.set_x(45)
        pdf.set_text_color(*MUTED)
        pdf.cell(35, 9, k)
        pdf.set_text_color(*INK)
        pdf.cell(0, 9, v, new_x="LMARGIN", new_y="NEXT")

    # 2 · KPIs and trend
    pdf.add_page()
    _heading(pdf, t("rep_kpis", lang))
    rows = []
    for key in report.KPI_KEYS:
        now_v = data.kpis[key]
        before = data.prev[key] if data.prev else None
        rows.append([t(f"rep_k_{key}", lang), report.fmt_value(key, now_v, lang),
                     report.fmt_value(key, before, lang),
                     report.fmt_change(key, now_v, before, lang)])  # fmt: skip
    head = [t("rep_indicator", lang), t("rep_this_week", lang), t("rep_prev_week", lang),
            t("rep_change", lang)]  # fmt: skip
    _table(pdf, head, rows, [66, 38, 38, full - 142], "LRRR", size=10)
    _note(pdf, t("rep_kpi_notes", lang))
    pdf.image(io.BytesIO(svgs[0]), x=pdf.l_margin, y=pdf.get_y() + 2, w=full)

    # 3 · resolution: KM curves by matter group
    pdf.add_page()
    _heading(pdf, t("rep_resolution", lang))
    y = pdf.get_y()
    pdf.image(io.BytesIO(svgs[2]), x=pdf.l_margin, y=y, w=full)
    pdf.set_y(y + full * report.KM_HEIGHT / 900 + 3)

    def hours(x):
        return "–" if x is None else f"{x:,.1f}"

    rows = [[g.group, f"{g.incidents:,}", f"{g.closed:,}", hours(g.median_hours),
             hours(g.p90_hours)] for g in report.km_by_group(data.by_group, lang)]  # fmt: skip
    head = [t(k, lang) for k in ("rep_col_group", "rep_col_incidents", "rep_col_closed",
                                 "rep_col_km_median", "rep_col_km_p90")]  # fmt: skip
    _table(pdf, head, rows, [full - 128, 30, 30, 34, 34], "LRRRR", size=8.5)
    _note(pdf, t("rep_km_note", lang))

    # 4 · backlog by age and late cases
    pdf.add_page()
    _heading(pdf, t("rep_backlog", lang))
    y = pdf.get_y()
    pdf.image(io.BytesIO(svgs[1]), x=pdf.l_margin, y=y, w=full)
    pdf.set_y(y + full * 400 / 900 + 4)
    _heading(pdf, t("rep_late", lang))
    item = "item_zh" if lang == "zh" else "item_en"
    rows = [[r["incident_id"], r["grid_name"] or r["grid_code"], r[item] or r["item_code"],
             f"{r['hours_overdue']:,.1f}", r["handling_unit"] or "–"]
            for r in data.late.iter_rows(named=True)]  # fmt: skip
    head = [t(k, lang) for k in ("rep_col_id", "rep_col_place", "rep_col_item",
                                 "rep_col_hours_overdue", "rep_col_unit")]  # fmt: skip
    if rows:
        _table(pdf, head, rows, [34, 42, 44, 22, full - 142], "LLLRL", size=8)
    else:
        _note(pdf, t("rep_none", lang))

    # 5 · workload and training
    pdf.add_page()
    _heading(pdf, t("rep_workload", lang))

    def num(x, digits=0):
        return "–" if x is None else f"{x:,.{digits}f}"

    summary = report.workload_summary(data.workload)
    rows = [[t(f"rep_w_{w.column}", lang), num(w.total), num(w.mean, 1), num(w.median, 1),
             num(w.max), num(w.gini, 3)] for w in summary]  # fmt: skip
    head = [t(k, lang) for k in ("rep_col_measure", "rep_col_total", "rep_col_mean",
                                 "rep_col_median", "rep_col_max", "rep_col_gini")]  # fmt: skip
    _table(pdf, head, rows, [full - 130, 26, 26, 26, 26, 26], "LRRRRR", size=9)
    _note(pdf, t("rep_workload_note", lang, n=f"{summary[0].workers:,}"))
    pdf.ln(3)
    _heading(pdf, t("rep_training", lang))
    tr = data.training
    rows = [[str(r["day"]), f"{r['sessions']:,}", f"{r['participant_times']:,}"]
            for r in tr.iter_rows(named=True)]  # fmt: skip
    rows.append([t("rep_total", lang), f"{int(tr['sessions'].sum()):,}",
                 f"{int(tr['participant_times'].sum()):,}"])  # fmt: skip
    head = [t(k, lang) for k in ("rep_col_day", "rep_col_sessions", "rep_col_participant_times")]
    _table(pdf, head, rows, [full - 80, 40, 40], "LRR", size=9)
    _note(pdf, t("rep_training_note", lang))

    # 6 · where incidents were, spikes and data quality
    pdf.add_page()
    _heading(pdf, t("rep_map", lang))
    y = pdf.get_y()
    map_w = full * 0.9  # a little narrower than the page, so spikes and quality still fit
    pdf.image(io.BytesIO(svgs[3]), x=pdf.l_margin + (full - map_w) / 2, y=y, w=map_w)
    pdf.set_y(y + map_w * report.MAP_HEIGHT / 900 + 1)
    _note(pdf, t("rep_map_note", lang))
    _heading(pdf, t("rep_spikes", lang))
    top = sorted(data.spikes, key=lambda ds: (-ds[1].excess, ds[0], ds[1].code))[:15]
    if top:
        rows = [[str(d), s.name, f"{s.count:,}", f"{s.baseline:.2f}", f"{s.excess:+.2f}"]
                for d, s in sorted(top, key=lambda ds: (ds[0], -ds[1].excess))]  # fmt: skip
        head = [t(k, lang) for k in ("rep_col_day", "rep_col_street", "rep_col_count",
                                     "rep_col_baseline", "rep_col_excess")]  # fmt: skip
        _table(pdf, head, rows, [28, full - 106, 26, 26, 26], "LLRRR")
        if len(data.spikes) > len(top):
            _note(pdf, t("rep_more_rows", lang, n=len(data.spikes) - len(top)))
    else:
        _note(pdf, t("rep_no_spikes", lang))
    pdf.ln(3)
    _heading(pdf, t("rep_quality", lang))
    q = data.quality.filter(data.quality["reason_rows"] > 0)
    rows = [
        [r["table_name"], r["reason"], f"{r['reason_rows']:,}"] for r in q.iter_rows(named=True)
    ]
    if rows:
        _table(pdf, [t(k, lang) for k in ("rep_col_table", "rep_col_reason", "rep_col_rows")],
               rows[:20], [55, full - 85, 30], "LLR")  # fmt: skip
        if len(rows) > 20:
            _note(pdf, t("rep_more_rows", lang, n=len(rows) - 20))
    else:
        _note(pdf, t("no_quarantine", lang))

    # 7 · appendix
    pdf.add_page()
    _heading(pdf, t("rep_appendix", lang))
    rows = [[" / ".join(t(k, lang) for k in fig.split(" / ")), name, params]
            for fig, name, params in sources]  # fmt: skip
    head = [t(k, lang) for k in ("rep_col_figure", "rep_col_query", "rep_col_params")]
    pdf.set_font(FONT, size=8)
    pdf.set_draw_color(*RULE)
    with pdf.table(width=full, col_widths=[62, 48, full - 110], borders_layout="HORIZONTAL_LINES",
                   line_height=4.8, text_align="LEFT", headings_style=_heading_style(),
                   ) as table:  # fmt: skip
        for row in [head, *rows]:
            table.row(row)
    pdf.ln(4)
    _heading(pdf, t("rep_fingerprint", lang))
    rows = [[k, v] for k, v in sorted(data.info.items())]
    _table(pdf, ["key", "value"], rows, [50, full - 50], "LL", size=8)
    return pdf
