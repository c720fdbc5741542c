"""`griddash notice --case ID | --spike CODE [--as-of DATE] [--scope PREFIX] [--lang zh|en]
--out FILE`: the supervision notice (督办单) about one case or one spike, as a one-page PDF.

Exit 0 written · 1 nothing to notify (the case was neither overdue nor due in the 24 hours after
the day; the place did not spike on the day) · 2 not found in the scope (an unknown case ID or
place code, or one outside --scope), or a bad day, scope or catalog."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.data import catalogs
from dashboard.data.catalog import CatalogError, check_scope
from dashboard.data.warehouse import WarehouseError
from dashboard.measures import metrics
from dashboard.reporting import notice, notice_pdf


def main(args) -> int:
    subject = (
        notice.Subject("case", args.case)
        if args.case is not None
        else notice.Subject("spike", args.spike)
    )
    try:
        cat = catalogs.open_catalog(args.catalog, scope=check_scope(args.scope))
        _, pdf = notice_pdf.make(cat, subject, args.as_of, args.lang)
    except notice.NoticeError as exc:
        print(f"griddash notice: {exc}", file=sys.stderr)
        return exc.exit_code
    except (ValueError, CatalogError, WarehouseError, metrics.MetricsError) as exc:
        print(f"griddash notice: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    print(out)
    return 0
