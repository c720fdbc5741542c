"""`griddash brief [--as-of DATE] [--scope PREFIX] [--period day|weekend] [--json]`: the
morning-briefing figures (of the day, or of the weekend ending on a Sunday)."""

from __future__ import annotations

import json
import sys
import unicodedata

from dashboard.data import catalogs
from dashboard.data.catalog import CatalogError, check_scope
from dashboard.data.warehouse import WarehouseError
from dashboard.measures import metrics, talking_points


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f} %"


def _hours(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f} h"


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render(b: metrics.Brief, points: list[str] | None = None) -> str:
    """The brief as a readable table (English labels, zh glossary words beside them)."""
    rows = [
        ("as of · 日期", b.as_of.isoformat()),
        *(
            [("period · 周末合并", f"weekend {b.period_first} … {b.as_of}")]
            if b.period == "weekend"
            else []
        ),
        ("scope · 范围", b.scope or "city · 全市"),
        ("data version · 数据版本", b.data_version),
        ("new · 新增事件", f"{b.new:,}"),
        ("closed · 结案", f"{b.closed:,}"),
        ("backlog · 积压", f"{b.backlog:,}"),
        ("overdue · 超期", f"{b.overdue:,}"),
        ("on-time rate (30 d) · 按期办结率", _pct(b.on_time_rate_30d)),
        ("resolution time (median, 30 d) · 办结时长中位数", _hours(b.km_median_hours_30d)),
        ("resolution time (p90, 30 d) · 办结时长 P90", _hours(b.km_p90_hours_30d)),
        ("within-limit probability (30 d) · 时限内办结概率", _pct(b.within_limit_30d)),
        ("grid coverage · 网格覆盖率", _pct(b.grid_coverage)),
        ("active grid workers · 在岗网格员", f"{b.active_workers:,}"),
        ("training coverage (365 d) · 培训覆盖率", _pct(b.training_coverage_365d)),
    ]
    if b.at_risk is not None:
        rows.append(("due the next day · 次日到期", f"{b.at_risk.due_24h:,}"))
        rows.append(("expected to go overdue · 预计超期", f"{b.at_risk.expected_overdue_24h:.1f}"))
    width = max(_width(k) for k, _ in rows) + 2
    lines = [k + " " * (width - _width(k)) + v for k, v in rows]
    lines.append("spikes · 异常激增:" + ("" if b.spikes else " none · 无"))
    for s in b.spikes:
        lines.append(
            f"  {s.day} {s.code} {s.name}: {s.count:,} incidents, 28-day mean {s.baseline:.1f}, "
            f"excess {s.excess:.1f}"
        )
    if points:
        lines.append("talking points · 晨会要点:")
        lines.extend(f"  - {p}" for p in points)
    return "\n".join(lines)


def main(args) -> int:
    try:
        scope = check_scope(args.scope)
        cat = catalogs.open_catalog(args.catalog, scope=scope)
        b = metrics.brief(cat, args.as_of, getattr(args, "period", "day"))
        points = talking_points.texts(talking_points.for_brief(cat, b), args.lang)
    except (ValueError, CatalogError, WarehouseError, metrics.MetricsError) as exc:
        print(f"griddash: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**b.to_dict(), "talking_points": points}, ensure_ascii=False, indent=1))
    else:
        print(render(b, points))
    return 0
