"""The days a briefing covers: one day, or — read on a Monday morning — the weekend, Saturday and
Sunday together (周末合并: what happened since Friday's briefing). Pure dates, no data.

What the figures mean for a weekend is defined once, in metrics.brief (and the briefing's
references in measures.briefing): the counts of the period (new, closed) are summed over its
days; backlog and overdue are read at the end of its last day (Sunday 24:00); "went overdue" are
the cases whose deadline fell in the period and that were still open at its end; spikes are
judged on each day against that day's own 28 days; grid coverage counts the grids patrolled on
at least one of its days; the reference is the same days a week earlier. docs/pages.md says the
same in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("day", "weekend")
SUNDAY = 6  # date.weekday()


class PeriodError(ValueError):
    """A period that does not exist or does not fit the day; `key` names the i18n reason."""

    def __init__(self, message: str, key: str):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Period:
    """`kind` "day" (D alone) or "weekend" (Saturday and Sunday, D the Sunday); `last` is D, the
    as-of day, whose end T is the cut-off of every backlog figure."""

    kind: str
    last: date

    @property
    def days(self) -> int:
        """How many days the period holds: 1 or 2."""
        return 2 if self.kind == "weekend" else 1

    @property
    def first(self) -> date:
        return self.last - timedelta(days=self.days - 1)

    @property
    def dates(self) -> list[date]:
        """Its days, first to last."""
        return [self.first + timedelta(days=i) for i in range(self.days)]

    def week_earlier(self) -> Period:
        """The reference: the same days a week earlier."""
        return Period(self.kind, self.last - timedelta(days=7))


def offers_weekend(as_of: date) -> bool:
    """A weekend can be read as of a Sunday only (the last full day on a Monday morning)."""
    return as_of.weekday() == SUNDAY


def period(kind: str | None, as_of: date) -> Period:
    """The period of `kind` (None: the day) ending on the as-of day; PeriodError when the kind is
    unknown or a weekend is asked as of a day that is not a Sunday."""
    kind = kind or "day"
    if kind not in KINDS:
        raise PeriodError(
            f"period: expected one of {', '.join(KINDS)}, found {kind!r}", "period_unknown"
        )
    if kind == "weekend" and not offers_weekend(as_of):
        raise PeriodError(
            f"period weekend: expected a Sunday as the as-of day, found {as_of} ({as_of:%A})",
            "period_not_sunday",
        )
    return Period(kind, as_of)
