"""The weekly report's pages with fpdf2: A4 portrait, one embedded CJK font, page numbers; the
blocks they are made of are in report_layout."""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF

from dashboard.core.i18n import t
from dashboard.measures import metrics
from dashboard.reporting import report, report_charts, report_text
from dashboard.reporting.pdf_text import ACCENT, FONT, INK, MUTED, RULE
from dashboard.reporting.report_layout import (
    ReportPdf,
    heading,
    heading_style,
    note,
    sentences,
    svg,
    table,
)

QUALITY_ROWS = 10  # rows of the data-quality table (it shares a page with the appendix)
AT_RISK_ROWS = 8  # rows of the 预计超期 table


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
    table(pdf, head, rows, [full - 114, 38, 38, 38], "LRRR", size=10)


def _at_risk(pdf: FPDF, data: report.ReportData, lang: str, full: float) -> None:
    """预计超期: the cases due on the Monday after the week, the likeliest to miss first."""
    risk = data.at_risk
    heading(
        pdf,
        t(
            "rep_at_risk_heading",
            lang,
            day=metrics.due_day(data.sunday).isoformat(),
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
        table(pdf, head, rows, widths, "LLLRRL", size=8, wrap=frozenset({1, 2, 5}))
        note(pdf, t("rep_at_risk_note", lang, n=AT_RISK_ROWS))
    else:
        note(pdf, t("rep_none", lang))


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
    pdf = ReportPdf(orientation="P", unit="mm", format="A4")
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
    note(
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
    heading(pdf, t("rep_summary", lang))
    sentences(pdf, report_text.talking_points(data, lang))
    pdf.ln(3)
    heading(pdf, t("rep_kpis", lang))
    _kpi_table(pdf, data, lang, full)
    note(pdf, t("rep_kpi_notes", lang))
    note(pdf, t("rep_rates_note", lang))
    pdf.ln(2)
    heading(pdf, t("rep_trend", lang))
    # The trend takes the rest of the page: narrower (centred) where the text above is long.
    room = pdf.h - pdf.b_margin - pdf.get_y() - 1
    width = min(full, room * 900 / heights[0])
    svg(pdf, svgs[0], heights[0], width, x=pdf.l_margin + (full - width) / 2)

    # 2 · backlog by age and the most overdue cases
    pdf.add_page()
    heading(pdf, t("rep_backlog", lang))
    svg(pdf, svgs[1], heights[1], full)
    pdf.ln(3)
    heading(pdf, t("rep_late", lang))
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
        table(pdf, head, rows, widths, "LLLRL", size=8, wrap=frozenset({1, 2, 4}))
    else:
        note(pdf, t("rep_none", lang))
    pdf.ln(3)
    _at_risk(pdf, data, lang, full)

    # 3 · resolution: KM curves by matter group
    pdf.add_page()
    heading(pdf, t("rep_resolution", lang))
    svg(pdf, svgs[2], heights[2], full)
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
    table(pdf, head, rows, [full - 120, 20, 20, 41, 39], "LRRRR", size=8.5)
    note(pdf, t("rep_km_note", lang))

    # 4 · where incidents were: the places one level down, map and table
    pdf.add_page()
    level = t(f"rep_level_{data.child_digits}", lang)
    heading(pdf, t("rep_map", lang))
    svg(pdf, svgs[3], heights[3], full)
    note(
        pdf,
        t("rep_map_note", lang, level=level)
        + (
            " " + t("rep_map_unlabelled", lang, n=charts.unlabelled, level=level)
            if charts.unlabelled
            else ""
        ),
    )
    heading(pdf, t("rep_places", lang, level=level))
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
    table(pdf, head, rows, [14, full - 126, 28, 28, 28, 28], "RLRRRR", size=9)
    if data.places.height > report.PLACE_ROWS:
        note(pdf, t("rep_more_rows", lang, n=data.places.height - report.PLACE_ROWS))

    # 5 · the week's spikes, workload and training
    pdf.add_page()
    heading(pdf, t("rep_spikes", lang))
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
        table(pdf, head, rows, [28, full - 106, 26, 26, 26], "LLRRR", wrap=frozenset({1}))
        if len(data.spikes) > len(top):
            note(pdf, t("rep_more_rows", lang, n=len(data.spikes) - len(top)))
    else:
        note(pdf, t("rep_no_spikes", lang))

    pdf.ln(3)
    heading(pdf, t("rep_workload", lang))

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
    table(pdf, head, rows, [full - 130, 26, 26, 26, 26, 26], "LRRRRR", size=9)
    note(pdf, t("rep_workload_note", lang, n=f"{summary[0].workers:,}"))
    pdf.ln(3)
    heading(pdf, t("rep_training", lang))
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
    table(pdf, head, rows, [full - 80, 40, 40], "LRR", size=9)
    note(pdf, t("rep_training_note", lang))

    # 6 · data quality and the appendix: where every figure comes from; the data version and
    # its fingerprint
    pdf.add_page()
    heading(pdf, t("rep_quality", lang))
    q = data.quality.filter(data.quality["reason_rows"] > 0)
    rows = [
        [r["table_name"], r["reason"], f"{r['reason_rows']:,}"] for r in q.iter_rows(named=True)
    ]
    if rows:
        table(
            pdf,
            [t(k, lang) for k in ("rep_col_table", "rep_col_reason", "rep_col_rows")],
            rows[:QUALITY_ROWS],
            [55, full - 85, 30],
            "LLR",
        )
        if len(rows) > QUALITY_ROWS:
            note(pdf, t("rep_more_rows", lang, n=len(rows) - QUALITY_ROWS))
    else:
        note(pdf, t("no_quarantine", lang))

    pdf.ln(3)
    heading(pdf, t("rep_appendix", lang))
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
        headings_style=heading_style(),
    ) as appendix:
        for row in [head, *rows]:
            appendix.row(row)
    pdf.ln(4)
    heading(pdf, t("rep_fingerprint", lang))
    digest = data.data_version.rpartition("-")[2] or "–"
    rows = [[t("data_version", lang), data.data_version], [t("rep_fp_digest", lang), digest]]
    pdf.set_font(FONT, size=10)
    for k, v in rows:
        pdf.set_text_color(*MUTED)
        pdf.cell(40, 7, k)
        pdf.set_text_color(*INK)
        pdf.cell(0, 7, v, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    note(pdf, t("rep_fp_note", lang))
    return pdf
