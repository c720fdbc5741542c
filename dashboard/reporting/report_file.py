"""The weekly PDF as a file: `generate` (the report's data and charts from dashboard.reporting.report, laid
out by dashboard.reporting.report_pdf, written to a file), `griddash report` (`main`), and the folder of
generated reports the /reports page lists (`report_name`, `stored_reports`). Above both
report and report_pdf, so neither imports the other's caller."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dashboard.core import paths
from dashboard.data import catalogs
from dashboard.data.catalog import Catalog
from dashboard.data.warehouse import WarehouseError
from dashboard.measures import metrics
from dashboard.reporting.report import (
    FONT_PATH,
    ReportError,
    check_week,
    collect,
    last_full_week,
    parse_week,
    week_label,
)
from dashboard.reporting.report_charts import SvgExporter, charts
from dashboard.reporting.report_pdf import build
from dashboard.reporting.report_text import sources

# -- the report ----------------------------------------------------------------------------------


def generate(
    cat: Catalog,
    out: Path,
    *,
    week: str | None = None,
    lang: str = "zh",
    now: datetime | None = None,
) -> Path:
    """Write the report of `week` (default: the last full week) for the catalog's scope."""
    if Path(out).is_dir():  # said before any work, not as a traceback after it
        raise ReportError(f"--out {out}: expected the PDF file to write, found a folder")
    if not FONT_PATH.exists():
        raise ReportError(
            f"{FONT_PATH}: CJK font missing; install Debian's package `fonts-wqy-microhei`"
        )
    monday = parse_week(week) if week else last_full_week(cat)
    check_week(cat, monday)  # before chromium starts
    with SvgExporter() as exporter:  # chromium starts while the data is read
        data = collect(cat, monday, lang)
        made = charts(data, lang, exporter.export)
    # The centre's local time (the machine may run on UTC), as everything else on screen.
    now = now or datetime.now(paths.LOCAL_TZ)
    pdf = build(data, made, lang, now, sources(data, lang))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out


# -- the folder of generated reports (the /reports page) -----------------------------------------

_NAME = re.compile(r"(\d{4}-W\d{2})(?:_(city|\d{6,16}))?(?:_(zh|en))?\.pdf")


@dataclass(frozen=True)
class Stored:
    """A report in the reports folder; week, scope and lang read from its name."""

    path: Path
    week: str | None
    scope: str | None  # '' the city; None unknown (a name not written by report_name)
    lang: str | None
    size: int
    modified: datetime  # in the centre's time zone (paths.LOCAL_TZ), as people read it


def report_name(monday: date, scope: str, lang: str) -> str:
    """'2026-W43_city_zh.pdf', '2026-W43_140123_en.pdf'."""
    return f"{week_label(monday)}_{scope or 'city'}_{lang}.pdf"


def stored_reports(folder: Path) -> list[Stored]:
    """The PDFs in `folder`, newest first (by modification time, then name)."""
    found = []
    for p in Path(folder).glob("*.pdf") if Path(folder).is_dir() else []:
        st = p.stat()
        m = _NAME.fullmatch(p.name)
        scope = None
        if m and m.group(2):
            scope = "" if m.group(2) == "city" else m.group(2)
        found.append(
            Stored(
                p,
                m.group(1) if m else None,
                scope,
                m.group(3) if m else None,
                st.st_size,
                datetime.fromtimestamp(st.st_mtime, paths.LOCAL_TZ),
            )
        )
    return sorted(found, key=lambda r: (-r.modified.timestamp(), r.path.name))


def main(args) -> int:
    import sys
    import time

    started = time.perf_counter()
    try:
        cat = catalogs.open_catalog(args.catalog, scope=args.scope)
        out = generate(cat, args.out, week=args.week, lang=args.lang)
    except (ReportError, metrics.MetricsError, ValueError, WarehouseError) as exc:
        print(f"griddash report: {exc}", file=sys.stderr)
        return 2
    print(f"{out} ({time.perf_counter() - started:.1f} s)")
    return 0
