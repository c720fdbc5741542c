"""督办单 / supervision notice: one A4 page about one case or one spike, addressed to whoever must
act — the case's handling unit (its street, while it has none), or the street that spiked.

What a notice says comes from the same functions and queries as the briefing's lists, one
definition per figure: a case's hours overdue from the overdue rule
(queries/include/overdue_at_end_of_day.sql, through queries/notice_case.sql), its chance of missing
from metrics.at_risk, a spike's count, 28-day mean and excess from metrics.spikes and what it
consisted of from queries/spikes_by_place_item.sql. Its facts and workflow steps come from
queries/notice_case.sql and queries/notice_case_steps.sql, both through the session's scoped
catalog: a case outside the scope is not found, exactly as one that does not exist.

Rules (docs/notice.md):
- the notice is about the as-of day D (data up to D 24:00) and dated the day after it, the morning
  the briefing shows the case: the same data and day give the same notice;
- reply by: an urgent case the day after issue (within 24 hours); every other notice (a normal
  case, a spike) 3 working days after issue: Monday to Friday, corrected by the operator's
  calendar of public holidays and 调休 where it covers those days (dashboard.core.workdays);
- number: 督〔YYYY〕MMDD-NNNNNN号 (en: DB-YYYY-MMDD-NNNNNN) — year and month-day of D, and six
  digits of the SHA-256 of "case:<id>:<D>" or "spike:<code>:<D>": the same subject on the same day
  always has the same number, in either language.
The layout, and the notice as a file, are dashboard.reporting.notice_pdf's (`make`); its words
notice_text's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from dashboard.core import workdays
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics

REPLY_WORKING_DAYS = 3
STEP_ROWS = 12  # the latest steps a notice lists (the page has room for about that many)
ITEM_ROWS = 8  # the items of a spike a notice lists, most on the day first
SPIKE_DIGITS = (9, 16)  # the places the briefing lists spikes for: streets, and grids below one


class NoticeError(Exception):
    """No notice can be made; `exit_code` is the command line's: 2 the case or place is not in
    the scope (or not a case or place at all), 1 it is there but there is nothing to notify
    (a case neither overdue nor due, a place that did not spike on the day)."""

    exit_code = 2


class NothingToNotify(NoticeError):
    exit_code = 1


@dataclass(frozen=True)
class Subject:
    """What a notice is about: kind 'case' (key: incident id) or 'spike' (key: place code)."""

    kind: str
    key: str


@dataclass
class CaseNotice:
    as_of: date
    number: tuple[str, str, str]  # (year, MMDD, serial)
    issued_on: date
    reply_by: date
    holidays_from: str | None  # the calendar that gave the working days counted (ReplyBy)
    data_version: str
    state: str  # 'overdue' or 'at_risk'
    case: dict  # queries/notice_case.sql's row
    steps: pl.DataFrame  # step, at, unit: the latest STEP_ROWS steps
    earlier_steps: int  # steps before those
    p_miss: float | None = None  # at_risk: metrics.at_risk's p for the case
    due_24h: int | None = None  # at_risk: the scope's due count and expected overdue beside it
    expected_overdue_24h: float | None = None

    @property
    def addressee(self) -> str:
        """The handling unit; the district and street of the case while it has none."""
        return self.case["handling_unit"] or _street(self.case)

    @property
    def dispatched(self) -> bool:
        return self.case["handling_unit"] is not None

    @property
    def limit_hours(self) -> float | None:
        c = self.case
        if c["deadline_at"] is None:
            return None
        return (c["deadline_at"] - c["reported_at"]).total_seconds() / 3600


@dataclass
class SpikeNotice:
    as_of: date
    number: tuple[str, str, str]
    issued_on: date
    reply_by: date
    holidays_from: str | None
    data_version: str
    spike: metrics.Spike
    place: dict  # queries/notice_place.sql's row
    items: pl.DataFrame  # item_code, item_zh, item_en, count, baseline: most on the day first
    more_items: tuple[int, int] = field(default=(0, 0))  # (items, incidents) not listed

    @property
    def addressee(self) -> str:
        return _street(self.place)


def _street(row: dict) -> str:
    return f"{row['district_name'] or ''}{row['street_name'] or ''}"


def number(kind: str, key: str, as_of: date) -> tuple[str, str, str]:
    """(year, MMDD, six-digit serial) of a notice: the serial is the SHA-256 of
    '<kind>:<key>:<as_of>' modulo 10^6, so the same subject on the same day keeps its number."""
    digest = hashlib.sha256(f"{kind}:{key}:{as_of.isoformat()}".encode()).hexdigest()
    return f"{as_of:%Y}", f"{as_of:%m%d}", f"{int(digest, 16) % 1_000_000:06d}"


def issued_on(as_of: date) -> date:
    """A notice about day D is dated D + 1: the morning of the briefing that shows it."""
    return as_of + timedelta(days=1)


@dataclass(frozen=True)
class ReplyBy:
    """The reply-by date, and the calendar file that knew the holidays of the working days the
    rule counts (None: no calendar covers them, they were counted Monday to Friday, and the
    notice says so)."""

    day: date
    holidays_from: str | None


def reply_by(as_of: date, urgent: bool, calendar: workdays.Calendar | None = None) -> ReplyBy:
    """Urgent case: the day after issue, weekend or holiday; anything else: REPLY_WORKING_DAYS
    working days after issue by `calendar` (default: workdays.load(), the operator's file)."""
    if calendar is None:
        try:
            calendar = workdays.load()
        except workdays.CalendarError as exc:
            raise NoticeError(f"the reply-by date needs the working-day calendar: {exc}") from exc
    issued = issued_on(as_of)
    counted = calendar.add_working_days(issued, REPLY_WORKING_DAYS)
    known = calendar.source if calendar.covers(issued, counted) else None
    return ReplyBy(issued + timedelta(days=1) if urgent else counted, known)


def _scope_text(cat: Catalog) -> str:
    return f"scope {cat.scope}" if cat.scope else "the catalog"


def case_notice(
    cat: Catalog,
    incident_id: str,
    as_of: date | None = None,
    at_risk: metrics.AtRisk | None = None,
    calendar: workdays.Calendar | None = None,
) -> CaseNotice:
    """The notice about an incident that was overdue at the end of the as-of day (default the
    last full day), or due in the 24 hours after it (metrics.at_risk; pass the day's result when
    it is at hand). NoticeError when the scoped catalog has no such incident, NothingToNotify when
    it was neither. `calendar`: the working days of the reply-by date (default the operator's).
    """
    as_of = metrics.resolve_as_of(cat, as_of)
    rows = cat.query("notice_case", incident_id=incident_id, as_of=as_of, days=1)
    if rows.is_empty():
        raise NoticeError(
            f"case {incident_id!r}: expected an incident ID in {_scope_text(cat)}, found none "
            "(not found in your scope)"
        )
    case = rows.row(0, named=True)
    day_end = metrics.day_end(as_of)
    state, p_miss, risk = None, None, None
    if case["overdue"]:
        state = "overdue"
    else:
        risk = at_risk if at_risk is not None else metrics.at_risk(cat, as_of)
        mine = risk.cases.filter(pl.col("incident_id") == incident_id)
        if mine.height:
            state, p_miss = "at_risk", float(mine["p_miss"][0])
    if state is None:
        raise NothingToNotify(
            f"case {incident_id}: expected a case overdue at the end of {as_of} or due in the 24 "
            f"hours after it, found {_case_state(case, day_end)}"
        )
    steps = cat.query("notice_case_steps", incident_id=incident_id, as_of=as_of)
    reply = reply_by(as_of, case["urgency"] == "urgent", calendar)
    return CaseNotice(
        as_of=as_of,
        number=number("case", incident_id, as_of),
        issued_on=issued_on(as_of),
        reply_by=reply.day,
        holidays_from=reply.holidays_from,
        data_version=cat.data_version,
        state=state,
        case=case,
        steps=steps.tail(STEP_ROWS),
        earlier_steps=max(steps.height - STEP_ROWS, 0),
        p_miss=p_miss,
        due_24h=risk.due_24h if state == "at_risk" else None,
        expected_overdue_24h=risk.expected_overdue_24h if state == "at_risk" else None,
    )


def _case_state(case: dict, day_end) -> str:
    """What the case was at the end of the day, for an error message."""
    if case["status"] == "cancelled":
        return "a cancelled incident"
    if case["reported_at"] >= day_end:
        return f"one reported later, at {case['reported_at']:%Y-%m-%d %H:%M}"
    if case["closed_at"] is not None and case["closed_at"] < day_end:
        return f"one closed at {case['closed_at']:%Y-%m-%d %H:%M}"
    if case["deadline_at"] is None:
        return "an open incident without a deadline"
    return f"an open incident due at {case['deadline_at']:%Y-%m-%d %H:%M}"


def spike_notice(
    cat: Catalog,
    code: str,
    as_of: date | None = None,
    spikes: list[metrics.Spike] | None = None,
    calendar: workdays.Calendar | None = None,
) -> SpikeNotice:
    """The notice about a street (9 digits) or grid (16) that spiked on the as-of day (default
    the last full day), from metrics.spikes (pass the day's list for that level when it is at
    hand). NoticeError for a code that is not a street or grid in the scope, NothingToNotify
    when it did not spike on the day. `calendar`: as case_notice's."""
    if not (code.isdigit() and len(code) in SPIKE_DIGITS):
        raise NoticeError(
            f"spike: expected a 9-digit street code or a 16-digit grid code, found {code!r}"
        )
    as_of = metrics.resolve_as_of(cat, as_of)
    place = cat.query("notice_place", code=code) if code.startswith(cat.scope) else None
    if place is None or place.is_empty():
        raise NoticeError(
            f"spike {code}: expected a street or grid in {_scope_text(cat)}, found none "
            "(not found in your scope)"
        )
    if spikes is None:
        spikes = metrics.spikes(cat, as_of, digits=len(code))
    spike = next((s for s in spikes if s.code == code), None)
    if spike is None:
        found = ", ".join(s.code for s in spikes if len(s.code) == len(code)) or "none"
        raise NothingToNotify(
            f"spike {code}: expected a spike on {as_of} (at least {metrics.SPIKE_MIN_COUNT} "
            f"incidents and a Poisson upper tail below {_p_max()} against the 28-day "
            f"mean), found none there; the day's spikes in {_scope_text(cat)}: {found}"
        )
    items = cat.query("spikes_by_place_item", as_of=as_of, code=code)
    rest = items.slice(ITEM_ROWS)
    reply = reply_by(as_of, urgent=False, calendar=calendar)
    return SpikeNotice(
        as_of=as_of,
        number=number("spike", code, as_of),
        issued_on=issued_on(as_of),
        reply_by=reply.day,
        holidays_from=reply.holidays_from,
        data_version=cat.data_version,
        spike=spike,
        place=place.row(0, named=True),
        items=items.head(ITEM_ROWS).drop("code"),
        more_items=(rest.height, int(rest["count"].sum())),
    )


@dataclass(frozen=True)
class Choice:
    """One row of the briefing's lists a notice can be made from: its subject, which list, and
    what the list showed of it (for the picker's label)."""

    subject: Subject
    source: str  # 'spike', 'new_late', 'at_risk' or 'longest'
    name: str  # the place: the spike's, or the case's grid
    figure: str  # the spike's count, the case's chance of missing or days overdue, as listed


def choices(spikes, new_late: pl.DataFrame, at_risk: pl.DataFrame, longest: pl.DataFrame):
    """The subjects of the rows the briefing lists, in its order: spikes, the cases that went
    overdue on the day, those due with the highest chance of missing, the longest overdue (a case
    in two lists is offered once)."""
    out, seen = [], set()
    for s in spikes:
        out.append(Choice(Subject("spike", s.code), "spike", s.name, f"{s.count:,}"))
    for source, frame, figure in (
        ("new_late", new_late, None),
        ("at_risk", at_risk, "p_miss"),
        ("longest", longest, "days_overdue"),
    ):
        for row in frame.iter_rows(named=True):
            if row["incident_id"] in seen:
                continue
            seen.add(row["incident_id"])
            if figure == "p_miss":
                shown = f"{100 * row['p_miss']:.0f}%"
            elif figure == "days_overdue":
                shown = f"{row['days_overdue']:,.1f}"
            else:
                shown = ""
            subject = Subject("case", row["incident_id"])
            out.append(Choice(subject, source, row["grid_name"] or row["grid_code"], shown))
    return out


def _p_max() -> str:
    """The spike threshold as DESIGN.md writes it: 1e-4."""
    return f"{metrics.SPIKE_P_MAX:.0e}".replace("e-0", "e-")
