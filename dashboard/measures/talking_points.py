"""晨会要点 (talking points): 3–6 sentences for the 8:30 meeting, written by fixed rules from the
brief's figures (DESIGN.md, Metric definitions, talking points) — no free text that a figure does
not back, no language model.

The rules, in the order the sentences are said:

1. **volume** (always): new and closed on the day, backlog and overdue at its end;
2. **change** (when the same weekday last week is in the data): of new, closed, backlog and
   overdue, the one that changed most relative to last week (a figure that was 0 has no relative
   change and is left out; nothing said when none changed);
3. **spikes** (when there are any): how many, and the largest excess with its count and 28-day
   mean;
4. **at_risk** (always): due today and expected to go overdue, and the case likeliest to miss
   with its handling unit and chance; or that nothing is due;
5. **coverage** (always): the day's grid coverage, and how many grids had no patrol in the 7 days
   ending on it (or that every grid had one);
6. **training** (when there are active workers): training coverage (365 d), and its change on 30
   days earlier when that day is in the data.

A point keeps its figures (`TalkingPoint.figures`, raw values) beside the words, so a test or a
reader can check each sentence against the brief; `text(lang)` words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from dashboard.core.i18n import t
from dashboard.core.romanise import path_name, place_name, unit_name
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics
from dashboard.measures.period import Period

CHANGE_KEYS = ("new", "closed", "backlog", "overdue")


@dataclass(frozen=True)
class TalkingPoint:
    rule: str  # volume, change, spikes, at_risk, coverage, training
    key: str  # the i18n key of the sentence
    figures: dict = field(default_factory=dict)  # the raw values the sentence cites

    def text(self, lang: str) -> str:
        """The sentence in `lang`, every figure formatted as the briefing shows it."""
        return t(self.key, lang, **_formatted(self.figures, lang))


def _signed(value: float) -> str:
    """A change to one decimal with its sign; a change that rounds to nothing is "+0.0", never
    "-0.0" (−0.04 pp read as a fall the tile does not show)."""
    return f"{round(value, 1) + 0.0:+.1f}"  # + 0.0 turns −0.0 into 0.0


def _formatted(figures: dict, lang: str) -> dict[str, str]:
    out = {}
    for name, value in figures.items():
        if name == "figure":
            out[name] = t(f"tp_figure_{value}", lang)
        elif name == "share":
            out[name] = f"{100 * value:.1f}%"
        elif name == "p_miss":
            out[name] = f"{100 * value:.0f}%"
        elif name == "change_pp":
            out[name] = _signed(100 * value)
        elif name == "pct":
            out[name] = f"{_signed(100 * value)}%"
        elif name in ("expected", "baseline"):
            out[name] = f"{value:,.1f}"
        elif name == "unit":  # places and units romanised in English (core.romanise)
            out[name] = unit_name(value, lang) or t("unit_not_dispatched", lang)
        elif name == "name":
            out[name] = path_name(value, lang)
        elif name == "grid":
            out[name] = place_name(value, lang)
        elif name == "due_day":  # as the tiles name it (briefing_cells.tile_extra)
            out[name] = f"{value:%m-%d}"
        elif isinstance(value, int):
            out[name] = f"{value:,}"
        else:
            out[name] = str(value)
    return out


@dataclass(frozen=True)
class References:
    """What the rules compare with, beyond the brief itself."""

    last_week: dict | None  # kpis_by_day's row of D − 7 (None: not in the data)
    patrolled_7d: int  # grids with a patrol in D − 6 … D
    grids: int  # grids in scope
    training_30d_earlier: float | None  # training coverage (365 d) on D − 30


def references(cat: Catalog, brief: metrics.Brief) -> References:
    """The references the rules need, from the same metrics the briefing's tiles use."""
    d = brief.as_of
    first, _ = metrics.data_days(cat)
    week = d - timedelta(days=7)
    last_week = None
    if week >= first:
        # The same day(s) a week earlier, counted as the brief's period is (a weekend: both days).
        before = Period(brief.period, d).week_earlier()
        rows = metrics.kpis_by_day(cat, before.first, before.last)
        last_week = metrics.period_counts(rows, before) or None
    _, patrolled, grids = cat.query("grid_coverage_by_day", **{"from": d, "to": d}, days=7).row(0)
    earlier = d - timedelta(days=30)
    trained = metrics.workforce(cat, earlier)[1] if earlier >= first else None
    return References(last_week, int(patrolled), int(grids), trained)


def largest_change(brief: metrics.Brief, last_week: dict | None) -> tuple[str, int, int] | None:
    """(key, the day, the same weekday last week) of the CHANGE_KEYS figure that changed most
    relative to last week; None without a reference or where none changed. Ties go to the
    earlier key in CHANGE_KEYS."""
    if last_week is None:
        return None
    best, best_rel = None, 0.0
    for key in CHANGE_KEYS:
        now, before = getattr(brief, key), last_week[key]
        if before is None or before == 0:
            continue
        rel = abs(now - before) / before
        if rel > best_rel:
            best, best_rel = (key, int(now), int(before)), rel
    return best


def build(brief: metrics.Brief, refs: References) -> list[TalkingPoint]:
    """The talking points of a brief, by the module's rules, in their order."""
    b = brief
    day = b.as_of.isoformat()
    weekend = bool(b.period_first and b.period_first != b.as_of)
    # A weekend's sentences say so: both its days, Sunday's end, the weekend before.
    suffix = "_weekend" if weekend else ""
    if weekend:
        day = f"{b.period_first.isoformat()}–{day}"
    out = [
        TalkingPoint(
            "volume",
            "tp_volume" + suffix,
            {
                "day": day,
                "new": b.new,
                "closed": b.closed,
                "backlog": b.backlog,
                "overdue": b.overdue,
            },
        )
    ]
    change = largest_change(b, refs.last_week)
    if change is not None:
        key, now, before = change
        out.append(
            TalkingPoint(
                "change",
                ("tp_change_up" if now > before else "tp_change_down") + suffix,
                {
                    "figure": key,
                    "now": now,
                    "before": before,
                    "delta": abs(now - before),
                    "pct": (now - before) / before,
                },
            )
        )
    if b.spikes:
        # The largest excess (a weekend lists its spikes day by day).
        top = min(b.spikes, key=lambda x: (-x.excess, x.code))
        out.append(
            TalkingPoint(
                "spikes",
                "tp_spikes",
                {
                    "n": len(b.spikes),
                    "name": top.name,
                    "count": top.count,
                    "baseline": top.baseline,
                },
            )
        )
    risk = b.at_risk
    if risk is not None and risk.due_24h:
        case = risk.cases.row(0, named=True)
        out.append(
            TalkingPoint(
                "at_risk",
                "tp_at_risk",
                {
                    "due_day": metrics.due_day(b.as_of),
                    "due": risk.due_24h,
                    "expected": risk.expected_overdue_24h,
                    "incident": case["incident_id"],
                    "grid": case["grid_name"] or case["grid_code"],
                    "unit": case["handling_unit"],
                    "p_miss": case["p_miss"],
                },
            )
        )
    else:
        out.append(TalkingPoint("at_risk", "tp_no_at_risk", {"due_day": metrics.due_day(b.as_of)}))
    unpatrolled = refs.grids - refs.patrolled_7d
    if b.grid_coverage is not None:
        # A count, not a 7-day share: one grid in 8,967 would read 100.0 %.
        out.append(
            TalkingPoint(
                "coverage",
                "tp_coverage_gap" if unpatrolled else "tp_coverage_full",
                {"share": b.grid_coverage, "unpatrolled": unpatrolled, "grids": refs.grids},
            )
        )
    if b.training_coverage_365d is not None:
        before = refs.training_30d_earlier
        if before is None:
            out.append(TalkingPoint("training", "tp_training", {"share": b.training_coverage_365d}))
        else:
            out.append(
                TalkingPoint(
                    "training",
                    "tp_training_change",
                    {
                        "share": b.training_coverage_365d,
                        "change_pp": b.training_coverage_365d - before,
                    },
                )
            )
    return out


def for_brief(cat: Catalog, brief: metrics.Brief) -> list[TalkingPoint]:
    """The talking points of `brief` (computed on `cat`, the same scope)."""
    return build(brief, references(cat, brief))


def texts(points: list[TalkingPoint], lang: str) -> list[str]:
    """The sentences in `lang`, in order: what `brief --json` prints as talking_points."""
    return [p.text(lang) for p in points]
