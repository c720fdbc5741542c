"""Working days, for the 督办单's reply-by date: Monday to Friday, corrected by the operator's
calendar of public holidays and the weekend days worked in their place (调休), as the State
Council announces them each year.

The calendar file — `$GRIDDASH_CALENDAR`, default `calendar.toml` in the project folder, optional
(`calendar.example.toml` shows one) — has one table per year it covers:

    [2026]
    off = ["2026-01-01..2026-01-03", "2026-10-01..2026-10-07"]   # days or ranges, both ends in
    work = ["2026-01-04", "2026-09-20", "2026-10-10"]            # weekend days worked (调休)

A year without a table is not covered: its days count Monday to Friday, and whoever shows a
date counted over it says so (`Calendar.covers`). A file that cannot be read as such a calendar
stops with CalendarError, naming the file, the entry, what was expected and what was found.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from dashboard.core import paths

ENV = "GRIDDASH_CALENDAR"
KEYS = ("off", "work")


class CalendarError(Exception):
    """The calendar file is missing (when named by $GRIDDASH_CALENDAR) or malformed."""


@dataclass(frozen=True)
class Calendar:
    """Days off on weekdays (`off`), weekend days worked (`work`), the years the file covers and
    the file's name (None: no calendar, Monday to Friday everywhere)."""

    off: frozenset[date] = frozenset()
    work: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    source: str | None = None

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday unless listed off; Saturday or Sunday when listed as worked."""
        if day in self.work:
            return True
        return day.weekday() < 5 and day not in self.off

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n ≥ 1)."""
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def covers(self, first: date, last: date) -> bool:
        """True when every year from `first` to `last` has a table in the calendar."""
        return all(y in self.years for y in range(first.year, last.year + 1))


def calendar_file() -> Path:
    """$GRIDDASH_CALENDAR, or calendar.toml in the project folder."""
    return Path(os.environ.get(ENV) or paths.PROJECT_ROOT / "calendar.toml")


def load(path: Path | None = None) -> Calendar:
    """The calendar in `path` (default calendar_file()). No file at the default place: no
    calendar (Monday to Friday). A file named by $GRIDDASH_CALENDAR or `path` must exist."""
    named = path is not None or bool(os.environ.get(ENV))
    path = path or calendar_file()
    if not path.exists():
        if named:
            raise CalendarError(f"{path}: expected a working-day calendar (TOML), found no file")
        return Calendar()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CalendarError(
            f"{path}: expected a TOML file, found an unreadable one: {exc}"
        ) from exc
    except OSError as exc:  # a folder, no permission
        raise CalendarError(f"{path}: expected a readable file, found {exc.strerror}") from exc
    return parse(doc, path)


def parse(doc: dict, path: Path) -> Calendar:
    """A Calendar from the parsed TOML of the calendar file at `path` (named in errors; its
    file name is the calendar's `source`)."""
    source = str(path)
    off: set[date] = set()
    work: set[date] = set()
    years: set[int] = set()
    for key, table in doc.items():
        if not (key.isdigit() and len(key) == 4 and isinstance(table, dict)):
            raise CalendarError(
                f"{source}: expected only tables named by a year, such as [2026], found {key!r}"
            )
        year = int(key)
        unknown = sorted(set(table) - set(KEYS))
        if unknown:
            raise CalendarError(
                f"{source}: [{key}] expected the keys off and work, found {', '.join(unknown)}"
            )
        days = {k: _days(table.get(k, []), source, key, k) for k in KEYS}
        for k, listed in days.items():
            outside = sorted(d for d in listed if d.year != year)
            if outside:
                raise CalendarError(
                    f"{source}: [{key}] {k}: expected days of {year}, found {outside[0]}"
                )
        weekdays = sorted(d for d in days["work"] if d.weekday() < 5)
        if weekdays:
            raise CalendarError(
                f"{source}: [{key}] work: expected Saturdays or Sundays worked in place of a "
                f"holiday, found {weekdays[0]}, a weekday (a working day anyway)"
            )
        both = sorted(days["off"] & days["work"])
        if both:
            raise CalendarError(
                f"{source}: [{key}] expected a day either off or worked, found {both[0]} in both"
            )
        off |= days["off"]
        work |= days["work"]
        years.add(year)
    return Calendar(frozenset(off), frozenset(work), frozenset(years), path.name)


def _days(entries, source: str, year: str, key: str) -> set[date]:
    """The days of a list of 'YYYY-MM-DD' and 'YYYY-MM-DD..YYYY-MM-DD' (both ends included;
    TOML dates unquoted too)."""
    if not isinstance(entries, list):
        raise CalendarError(
            f"{source}: [{year}] {key}: expected a list of days, found {type(entries).__name__}"
        )
    found: set[date] = set()
    for entry in entries:
        if isinstance(entry, date) and not isinstance(entry, datetime):
            entry = entry.isoformat()  # a TOML date, unquoted
        ends = entry.split("..") if isinstance(entry, str) else None
        try:
            if ends is None or len(ends) > 2:
                raise ValueError
            first, last = date.fromisoformat(ends[0]), date.fromisoformat(ends[-1])
        except ValueError:
            raise CalendarError(
                f"{source}: [{year}] {key}: expected a day (2026-10-01) or a range of days "
                f"(2026-10-01..2026-10-07), found {entry!r}"
            ) from None
        if last < first:
            raise CalendarError(
                f"{source}: [{year}] {key}: expected a range from its first day to its last, "
                f"found {entry!r}"
            )
        found |= {first + timedelta(days=i) for i in range((last - first).days + 1)}
    return found
