"""The briefing's wall screen (kiosk, 大屏模式) pieces and its lists as plain HTML tables: on the
wall dark, high-contrast and sized in rem, which the kiosk style scales with the screen width
(1920×1080 and 3840×2160 alike; every word ≥ 24 px at 1080p), on the page light. Plain HTML, so
every colour and size is ours, long names wrap instead of being cut off, and no data-grid
component has to load for a glance. Also: the kiosk's link (it follows the latest day), the
historical-snapshot banner and the bottom strip (clock, the data's day, the cases that went
overdue, and in the carousel the place that comes next, counting down). The tiles are
dashboard.charts.tile_cards', the trend dashboard.charts.svg_charts'."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from dashboard.core import romanise
from dashboard.core.i18n import normalize_lang

# A cell kept on one line: a date or time ("2026-12-01 09:00"), or a code or id ("140105003",
# "SJ202611270000004").
KEEP = re.compile(r"^(?:[0-9][0-9\-:/. ]*|[A-Za-z]{0,3}[0-9]{4,})$")

CSS = """
<style>
.kq-table { width: 100%; border-collapse: collapse; font-size: 1.5rem; color: #e8edf3; }
.kq-table th { text-align: left; color: #9fb0c5; font-weight: 500; padding: 0.15rem 0.4rem;
               border-bottom: 1px solid #2c3a52; }
.kq-table td { padding: 0.2rem 0.4rem; border-bottom: 1px solid #1c2738; line-height: 1.3; }
.kq-table td.num, .kq-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.kq-title { color: #f4f7fb; font-size: 1.75rem; font-weight: 700; margin: 0 0 0.3rem 0; }
.kq-ok { color: #4cc38a; font-size: 1.5rem; }
/* In the header's empty middle, so the pinned wall keeps the same layout as the live one;
   a notice (a link's value that was refused) below the snapshot banner when there are both. */
.kq-banners { position: fixed; top: 0.9rem; left: 30%; z-index: 50; display: flex;
              flex-direction: column; align-items: flex-start; gap: 0.3rem;
              max-width: 32%; }
.kq-banner { background: #6d35b0; color: #ffffff; font-size: 1.6rem; font-weight: 700;
             padding: 0.3rem 1.2rem; border-radius: 0.4rem; white-space: nowrap; }
/* A notice (a refused link value) is longer: it wraps within the header's middle, short of the
   data-version badges on the right, which it covered on one line. */
.kq-banner.kq-notice { background: #8a5a00; font-weight: 600; font-size: 1.3rem;
                       white-space: normal; line-height: 1.3; }
/* The carousel's next place, with a countdown the browser runs between two runs of the wall
   (a registered integer property animated down to 0, shown as a counter: no script). Its
   syntax is written with CSS escapes: st.html's sanitiser drops a style holding a less-than
   sign followed by a letter. */
@property --kq-left { syntax: "\\3C integer\\3E "; initial-value: 0; inherits: false; }
@keyframes kq-count { to { --kq-left: 0; } }
@keyframes kq-drain { to { width: 0; } }
.kq-next { color: #cfe0ff; font-weight: 600; }
.kq-count { animation: kq-count linear forwards; counter-reset: kq var(--kq-left);
            font-variant-numeric: tabular-nums; }
.kq-count::after { content: counter(kq); }
.kq-progress { position: absolute; left: 0; top: 0; height: 0.25rem; background: #6f9be0;
               animation: kq-drain linear forwards; }
.kq-strip { position: fixed; left: 0; right: 0; bottom: 0; height: 3.3rem; z-index: 50;
            display: flex; align-items: center; gap: 1.6rem; padding: 0 1.6rem;
            background: #101b2e; border-top: 1px solid #2c3a52; color: #d5dde8;
            font-size: 1.5rem; white-space: nowrap; overflow: hidden; }
.kq-clock { color: #ffffff; font-size: 1.9rem; font-weight: 700;
            font-variant-numeric: tabular-nums; }
.kq-news { color: #ff9b8f; font-weight: 700; }
.kq-ticker { flex: 1; overflow: hidden; min-width: 0; }
.kq-run { display: inline-block; padding-left: 100%; animation: kq-scroll linear infinite; }
@keyframes kq-scroll { from { transform: translateX(0); } to { transform: translateX(-100%); } }
.kq-table.kq-light { font-size: 0.92rem; color: #1f2a37; }
.kq-light th { color: #5b6675; border-bottom: 1px solid #d5dbe3; }
.kq-light td { padding: 0.28rem 0.4rem; border-bottom: 1px solid #eef1f5; }
/* Dates, times, codes and ids never break (KEEP); names wrap, so a long English unit name
   does not push the figures beside it out of a half-width column. */
.kq-table td.keep, .kq-table td.num { white-space: nowrap; }
.kq-scroll { overflow-x: auto; max-width: 100%; }
/* On the wall a romanised name (three times the Chinese width) takes two lines at most, as a
   Chinese one does, cut with an ellipsis after them: the lists (three rows each) still fit
   above the bottom strip, and "Gujiao City Planning and Natural Resources Bureau" is not
   "Gujiao City Planning an…". A number's heading stays on one line (超期件数, not 超期件 / 数). */
.kq-table:not(.kq-light) td.kq-name { width: 60%; }
.kq-table:not(.kq-light) .kq-clamp { display: -webkit-box; -webkit-box-orient: vertical;
                                     -webkit-line-clamp: 2; overflow: hidden; }
.kq-table th.num { white-space: nowrap; }
</style>
"""


@dataclass(frozen=True)
class Named:
    """A table cell showing `text` with `title` as its tooltip: a romanised name, the Chinese."""

    text: str
    title: str


def name_cell(
    name: str | None, lang: str, english: Callable[[str], str] = romanise.place_en
) -> Named | str | None:
    """A place (or, with `english=romanise.unit_en`, a handling unit) for a table in `lang`: as
    stored in zh; in en romanised, with the Chinese as its tooltip."""
    if name is None or normalize_lang(lang) != "en":
        return name
    return Named(english(name), name)


def _td(value, numeric: bool) -> str:
    cls = "num" if numeric else ""
    if isinstance(value, Named):
        cls = f"{cls} kq-name".strip()
        return (
            f'<td class="{cls}" title="{escape(value.title)}">'
            f'<div class="kq-clamp">{escape(value.text)}</div></td>'
        )
    text = _cell(value)
    if not numeric and KEEP.match(text):
        cls = "keep"
    return f'<td class="{cls}">{escape(text)}</td>'


def _cell(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence],
    numeric: set[int],
    empty: str,
    *,
    theme: str = "dark",
) -> str:
    """A table, titled when `title` is given; `numeric` are the indexes of right-aligned number
    columns; `theme` dark (the wall) or light (the page)."""
    head = f'<div class="kq-title">{escape(title)}</div>' if title else ""
    if not rows:
        return CSS + head + f'<div class="kq-ok">✓ {escape(empty)}</div>'
    th = "".join(
        f'<th class="{"num" if i in numeric else ""}">{escape(c)}</th>'
        for i, c in enumerate(columns)
    )
    body = "".join(
        "<tr>" + "".join(_td(v, i in numeric) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    if theme == "light":  # on the page: sideways scrolling rather than spilling out
        return (
            CSS + head + f'<div class="kq-scroll"><table class="kq-table kq-light">'
            f"<tr>{th}</tr>{body}</table></div>"
        )
    return CSS + head + f'<table class="kq-table"><tr>{th}</tr>{body}</table>'


def link(params: Mapping[str, str], cycle: int | None = None) -> str:
    """The kiosk's link from the page's query parameters: the place, window and language kept,
    the day and the period left out, so the wall follows the latest day instead of staying on
    the one looked at when the link was copied (and a weekend, which fits Sundays only, does
    not turn into a notice the other six days); with `cycle`, the carousel of that many
    seconds a place."""
    kept = {k: v for k, v in params.items() if k not in ("kiosk", "as_of", "period", "cycle")}
    more = {"cycle": str(cycle)} if cycle else {}
    return "?" + urlencode({**kept, "kiosk": "1", **more})


def banners(items: Sequence[tuple[str, str]]) -> str:
    """Bands at the top of the wall, one under the other: ("snapshot", text) — the view is
    pinned to a past day (历史快照) — and ("notice", text) — a value of the link was refused
    and the default is shown."""
    html = "".join(
        f'<div class="kq-banner" data-testid="kiosk-snapshot">{escape(text)}</div>'
        if kind == "snapshot"
        else f'<div class="kq-banner kq-notice" data-testid="kiosk-notice">{escape(text)}</div>'
        for kind, text in items
    )
    return CSS + f'<div class="kq-banners">{html}</div>'


def banner(text: str) -> str:
    """The snapshot band alone (banners)."""
    return banners([("snapshot", text)])


@dataclass(frozen=True)
class UpNext:
    """The carousel's line on the strip: `before` and `after` the seconds left (a countdown from
    `seconds`), and the drain bar's share of the whole `cycle`."""

    before: str
    after: str
    seconds: int
    cycle: int


def _up_next(nxt: UpNext) -> str:
    share = 100 * min(1.0, nxt.seconds / nxt.cycle) if nxt.cycle else 0
    timing = f"animation-duration:{nxt.seconds}s"
    return (
        f'<span class="kq-next" data-testid="kiosk-next">{escape(nxt.before)}'
        f'<span class="kq-count" style="--kq-left:{nxt.seconds};{timing}"></span>'
        f"{escape(nxt.after)}</span>"
        f'<div class="kq-progress" style="width:{share:.1f}%;{timing}"></div>'
    )


def strip(
    clock: str, data_until: str, news: str, ticker: Sequence[str], up_next: UpNext | None = None
) -> str:
    """The wall's bottom strip: the clock (as of the last refresh, every minute), the data's day,
    the count of cases that went overdue, a ticker running past (the talking points, then those
    cases: about 4 s per item and a sixth of a second per character, so a sentence can be read
    from five metres) and, in the carousel, the next place with the seconds until it comes and
    a bar draining over them."""
    run = ""
    if ticker:
        seconds = max(20, 4 * len(ticker), round(sum(len(x) for x in ticker) / 6))
        text = "  ·  ".join(ticker)
        run = (
            f'<div class="kq-ticker"><span class="kq-run" style="animation-duration:{seconds}s">'
            f"{escape(text)}</span></div>"
        )
    return (
        CSS + '<div class="kq-strip" data-testid="kiosk-strip">'
        f'<span class="kq-clock">{escape(clock)}</span><span>{escape(data_until)}</span>'
        f'<span class="kq-news">{escape(news)}</span>{run}'
        + (_up_next(up_next) if up_next else "")
        + "</div>"
    )
