"""The supervision notice (督办单) as a file: `make`, and its page with fpdf2: A4 portrait, one page, laid out like a
government notice — red title and rule, number, addressee, subject, the facts as a table, what
has happened so far, what is required and by when, the issuing centre and date, and the data
version in small print. The weekly report's embedded CJK font and line breaking
(dashboard.reporting.pdf_text); the notice's words from dashboard.reporting.notice_text."""

from __future__ import annotations

from datetime import date, datetime

from fpdf import FPDF

from dashboard.core.i18n import pick, t
from dashboard.core.romanise import unit_name
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics
from dashboard.reporting import notice_text as nt
from dashboard.reporting import report
from dashboard.reporting.notice import (
    CaseNotice,
    SpikeNotice,
    Subject,
    case_notice,
    spike_notice,
)
from dashboard.reporting.pdf_text import FONT, HEAD_BG, INK, MUTED, RULE, fit, lines, paragraph

RED = (190, 22, 34)
MARGIN = 20


def _paragraph(pdf: FPDF, text: str, size: float, height: float, indent: float = 0) -> None:
    pdf.set_font(FONT, size=size)
    paragraph(pdf, text, height, x=pdf.l_margin + indent)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2.5)
    pdf.set_font(FONT, size=12)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7.5, text, new_x="LMARGIN", new_y="NEXT")


def _facts(pdf: FPDF, rows: list[tuple[str, str]], label_w: float = 34) -> None:
    """A two-column table, label and value, the value wrapped over as many lines as it needs."""
    pdf.set_font(FONT, size=10)
    pdf.set_draw_color(*RULE)
    value_w = pdf.w - pdf.l_margin - pdf.r_margin - label_w
    for label, value in rows:
        wrapped = lines(pdf, value, value_w - 4) or [""]
        h = 6.2 * len(wrapped)
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_fill_color(*HEAD_BG)
        pdf.rect(x, y, label_w, h, style="DF")
        pdf.rect(x + label_w, y, value_w, h, style="D")
        pdf.set_text_color(*MUTED)
        pdf.set_xy(x + 2, y)
        pdf.cell(label_w - 4, 6.2, label)
        pdf.set_text_color(*INK)
        for i, line in enumerate(wrapped):
            pdf.set_xy(x + label_w + 2, y + 6.2 * i)
            pdf.cell(value_w - 4, 6.2, line)
        pdf.set_xy(x, y + h)


def _table(pdf: FPDF, head: list[str], rows: list[list[str]], widths: list[float], aligns: str):
    pdf.set_font(FONT, size=9.5)
    pdf.set_draw_color(*RULE)
    pdf.set_fill_color(*HEAD_BG)
    pdf.set_text_color(*MUTED)
    for h, w, a in zip(head, widths, aligns, strict=True):
        pdf.cell(w, 6.5, _fit(pdf, h, w, a), border=1, align=a, fill=True)
    pdf.ln()
    pdf.set_text_color(*INK)
    for row in rows:
        for v, w, a in zip(row, widths, aligns, strict=True):
            pdf.cell(w, 6, _fit(pdf, v, w, a), border=1, align=a)
        pdf.ln()


def _fit(pdf: FPDF, text: str, width: float, align: str = "L") -> str:
    """`text` cut with an ellipsis to fit `width` mm, a space from the border it is aligned to
    (a unit's name is rarely that long)."""
    text = fit(pdf, text, width, room=3)
    return text + " " if align == "R" else " " + text


def _demands(pdf: FPDF, demands: list[str]) -> None:
    for i, text in enumerate(demands, start=1):
        pdf.set_font(FONT, size=11)
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 2, y)
        pdf.cell(7, 6.4, f"{i}.")
        pdf.set_y(y)
        _paragraph(pdf, text, 11, 6.4, indent=9)


def _case_body(pdf: FPDF, n: CaseNotice, lang: str, bottom: float) -> None:
    """Subject, facts and steps; the steps that fit above `bottom` (mm), the latest."""
    c = n.case
    item = pick(c["item_zh"] or c["item_code"], c["item_en"] or c["item_code"], lang)
    category = pick(c["category_zh"] or "", c["category_en"] or "", lang)
    group = pick(c["group_zh"] or "–", c["group_en"] or "–", lang)
    place = nt.place_text(c, lang)
    as_of = n.as_of.isoformat()
    deadline = nt.at_text(c["deadline_at"])
    if n.state == "overdue":
        subject = t(
            "ntc_case_overdue",
            lang,
            place=place,
            item=item,
            id=c["incident_id"],
            deadline=deadline,
            as_of=as_of,
            days=f"{c['days_overdue']:,.1f}",
            hours=f"{c['hours_overdue']:,.1f}",
        )
    else:
        subject = t(
            "ntc_case_at_risk",
            lang,
            place=place,
            item=item,
            id=c["incident_id"],
            deadline=deadline,
            as_of=as_of,
            group=group,
            p=nt.pct_text(n.p_miss),
        )
    _subject(pdf, subject, lang)
    _heading(pdf, t("ntc_facts", lang))
    limit = n.limit_hours
    rows = [
        (t("ntc_f_id", lang), c["incident_id"]),
        (t("ntc_f_item", lang), f"{category} · {item}" if category else item),
        (t("ntc_f_urgency", lang), t(f"ntc_{c['urgency']}", lang)),
        (t("ntc_f_source", lang), t(f"source_{c['source']}", lang)),
        (t("ntc_f_place", lang), nt.with_code(place, c["grid_code"], lang)),
        (t("ntc_f_reported", lang), nt.at_text(c["reported_at"])),
        (t("ntc_f_dispatched", lang), nt.at_text(c["dispatched_at"]) if n.dispatched else "–"),
        (
            t("ntc_f_deadline", lang),
            t("ntc_deadline_value", lang, at=deadline, hours=f"{limit:,.0f}")
            if limit is not None
            else deadline,
        ),
        (t("ntc_f_unit", lang), unit_name(c["handling_unit"], lang) or t("ntc_unit_none", lang)),
    ]
    if n.state == "overdue":
        rows.append(
            (
                t("ntc_f_overdue", lang),
                t(
                    "ntc_overdue_value",
                    lang,
                    days=f"{c['days_overdue']:,.1f}",
                    hours=f"{c['hours_overdue']:,.1f}",
                    as_of=as_of,
                ),
            )
        )
    else:
        rows.append(
            (
                t("ntc_f_p_miss", lang),
                t(
                    "ntc_p_miss_value",
                    lang,
                    p=nt.pct_text(n.p_miss),
                    day=metrics.due_day(n.as_of).isoformat(),
                    due=f"{n.due_24h:,}",
                    expected=f"{n.expected_overdue_24h:,.1f}",
                ),
            )
        )
    _facts(pdf, rows)
    _heading(pdf, t("ntc_steps", lang))
    if n.steps.is_empty():
        _paragraph(pdf, t("ntc_no_steps", lang), 10, 6)
    else:
        full = pdf.w - pdf.l_margin - pdf.r_margin
        rows = _rows_that_fit(pdf, bottom)
        shown = n.steps.tail(rows)
        steps = [
            [nt.at_text(at), t(f"ntc_step_{step}", lang), unit_name(unit, lang) or "–"]
            for step, at, unit in shown.select("step", "at", "unit").rows()
        ]
        head = [t(k, lang) for k in ("ntc_col_time", "ntc_col_step", "ntc_col_unit")]
        _table(pdf, head, steps, [38, 26, full - 64], "LLL")
        earlier = n.earlier_steps + n.steps.height - shown.height
        if earlier:
            pdf.set_text_color(*MUTED)
            _paragraph(pdf, t("ntc_more_steps", lang, n=earlier), 8.5, 5)
            pdf.set_text_color(*INK)


def _rows_that_fit(pdf: FPDF, bottom: float) -> int:
    """Table rows (6 mm, under a 6.5 mm head, a 5 mm note below) that fit above `bottom`."""
    return max(int((bottom - pdf.get_y() - 6.5 - 5) // 6), 1)


def _spike_body(pdf: FPDF, n: SpikeNotice, lang: str, bottom: float) -> None:
    """Subject, facts and the day's items; the items that fit above `bottom` (mm)."""
    s, p = n.spike, n.place
    place = nt.place_text(p, lang)
    as_of = n.as_of.isoformat()
    subject = t(
        "ntc_spike",
        lang,
        place=place,
        as_of=as_of,
        count=f"{s.count:,}",
        baseline=f"{s.baseline:,.1f}",
        excess=f"{s.excess:,.1f}",
    )
    _subject(pdf, subject, lang)
    _heading(pdf, t("ntc_spike_facts", lang))
    first, last = n.as_of.toordinal() - 28, n.as_of.toordinal() - 1
    rows = [
        (t("ntc_f_place", lang), nt.with_code(place, s.code, lang)),
        (t("ntc_f_day", lang), as_of),
        (t("ntc_f_count", lang), t("ntc_count_value", lang, n=f"{s.count:,}")),
        (
            t("ntc_f_baseline", lang),
            t(
                "ntc_baseline_value",
                lang,
                baseline=f"{s.baseline:,.1f}",
                first=date.fromordinal(first).isoformat(),
                last=date.fromordinal(last).isoformat(),
            ),
        ),
        (t("ntc_f_excess", lang), t("ntc_count_value", lang, n=f"{s.excess:,.1f}")),
        (t("ntc_f_p_value", lang), t("ntc_p_value_value", lang, p=f"{s.p_value:.1e}")),
    ]
    _facts(pdf, rows)
    _heading(pdf, t("ntc_spike_items", lang))
    full = pdf.w - pdf.l_margin - pdf.r_margin
    shown = n.items.head(_rows_that_fit(pdf, bottom))
    items = [
        [pick(zh or code, en or code, lang), f"{k:,}", f"{b:,.1f}"]
        for code, zh, en, k, b in shown.select(
            "item_code", "item_zh", "item_en", "count", "baseline"
        ).rows()
    ]
    head = [t(k, lang) for k in ("ntc_col_item", "ntc_col_count", "ntc_col_baseline")]
    _table(pdf, head, items, [full - 64, 30, 34], "LRR")
    more = n.more_items[0] + n.items.height - shown.height
    count = n.more_items[1] + int(n.items["count"].sum()) - int(shown["count"].sum())
    if more:
        pdf.set_text_color(*MUTED)
        _paragraph(pdf, t("ntc_more_items", lang, n=more, count=f"{count:,}"), 8.5, 5)
        pdf.set_text_color(*INK)


def _subject(pdf: FPDF, text: str, lang: str) -> None:
    pdf.ln(1.5)
    pdf.set_font(FONT, size=11)
    label = t("ntc_subject", lang) + ("：" if lang == "zh" else ": ")
    y = pdf.get_y()
    pdf.cell(pdf.get_string_width(label) + 0.5, 6.6, label)
    pdf.set_y(y)
    _paragraph(pdf, text, 11, 6.6, indent=pdf.get_string_width(label) + 0.5)


def build(n: CaseNotice | SpikeNotice, lang: str) -> bytes:
    """The notice as a one-page A4 PDF."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, 16, MARGIN)
    pdf.set_auto_page_break(False)
    # The date the notice is about, not the wall clock: the same data gives the same file.
    pdf.set_creation_date(datetime.combine(n.issued_on, datetime.min.time()))
    pdf.add_font(FONT, "", str(report.FONT_PATH), collection_font_number=0)
    number = nt.number_text(n, lang)
    pdf.set_title(f"{t('ntc_title', lang).replace(' ', '')} {number}")
    pdf.add_page()
    full = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_text_color(*RED)
    pdf.set_font(FONT, size=26)
    pdf.cell(0, 14, t("ntc_title", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    pdf.set_text_color(*INK)
    pdf.cell(0, 7, number, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.l_margin + full, y)
    pdf.set_line_width(0.25)
    pdf.line(pdf.l_margin, y + 1.2, pdf.l_margin + full, y + 1.2)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 5)

    pdf.set_font(FONT, size=13)
    to = t("ntc_to", lang) + nt.addressee(n, lang)
    if isinstance(n, CaseNotice) and not n.dispatched:
        to += t("ntc_not_dispatched", lang)
    _paragraph(pdf, to, 13, 8)
    # What comes below the lists is laid out first in thought: the small print at the foot, the
    # demands and the signature above it; the steps (or items) take the room left, latest kept.
    pdf.set_font(FONT, size=7.5)
    days = (
        t("ntc_days_calendar", lang, source=n.holidays_from)
        if n.holidays_from
        else t("ntc_days_plain", lang)
    )
    small = t("ntc_small_print", lang, version=n.data_version, as_of=n.as_of.isoformat(), days=days)
    wrapped = lines(pdf, small, full)
    foot = pdf.h - 12 - 3.8 * len(wrapped)
    case = isinstance(n, CaseNotice)
    demands = nt.case_demands(n, lang) if case else nt.spike_demands(n, lang)
    pdf.set_font(FONT, size=11)
    demand_lines = sum(len(lines(pdf, d, full - 9)) for d in demands)
    bottom = foot - 1.5 - (10 + 6.4 * demand_lines + 8 + 14 + 3)
    if case:
        _case_body(pdf, n, lang, bottom)
    else:
        _spike_body(pdf, n, lang, bottom)
    _heading(pdf, t("ntc_demands", lang))
    _demands(pdf, demands)

    # The issuing centre and the date, right-aligned under the text.
    pdf.ln(8)
    pdf.set_font(FONT, size=12)
    block = max(
        pdf.get_string_width(t("city_centre", lang)),
        pdf.get_string_width(nt.day_text(n.issued_on, lang)),
    )
    x = pdf.l_margin + full - block - 6
    for text in (t("city_centre", lang), nt.day_text(n.issued_on, lang)):
        pdf.set_x(x)
        pdf.cell(block, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")

    # The data version in small print at the foot of the page.
    pdf.set_font(FONT, size=7.5)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, foot - 1.5, pdf.l_margin + full, foot - 1.5)
    pdf.set_text_color(*MUTED)
    pdf.set_y(foot)
    for line in wrapped:
        pdf.cell(0, 3.8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make(
    cat: Catalog,
    subject: Subject,
    as_of: date | None,
    lang: str,
    *,
    at_risk: metrics.AtRisk | None = None,
    spikes: list[metrics.Spike] | None = None,
) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the notice about `subject` on the as-of day, in `lang`."""
    if subject.kind == "case":
        notice = case_notice(cat, subject.key, as_of, at_risk=at_risk)
    else:
        notice = spike_notice(cat, subject.key, as_of, spikes=spikes)
    return file_name(subject, notice.as_of, lang), build(notice, lang)


def file_name(subject: Subject, as_of: date, lang: str) -> str:
    """'notice_2024-06-12_case_E0001_zh.pdf' (the key made safe for a file name)."""
    key = "".join(c if c.isalnum() or c in "-_" else "_" for c in subject.key)
    return f"notice_{as_of.isoformat()}_{subject.kind}_{key}_{lang}.pdf"
