"""The wall's carousel (轮播, `?kiosk=1&cycle=60`): the place being looked at, then each place one
level down by code (the city, then its ten districts), each for `cycle` seconds, round and round.

Pure step logic, no Streamlit: which place is on the wall at a given tick, when the next one
comes, and what a `cycle` value from a hand-edited link means. The places come from the scoped
catalog (dashboard.data.places.tour), so a district lead's wall only ever shows their own scope
and the places inside it.

The wall reruns every tick (at most REFRESH_S, so new data and the strip's clock still show within
a minute); a place stays for a whole number of equal ticks: cycle 60 s is one tick of 60 s, 90 s two
of 45 s, 300 s five of 60 s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_CYCLE_S = 60
MIN_CYCLE_S = 15  # a place must stay long enough to be read, and to be drawn (1–3 s cold)
MAX_CYCLE_S = 600
REFRESH_S = 60  # the kiosk's own refresh: data and clock at most a minute old


@dataclass(frozen=True)
class Cycle:
    """The carousel's timing: `seconds` a place stays on the wall, as `ticks` reruns of equal
    length; `bad` the link's value when it was refused (None: it was fine)."""

    seconds: int
    ticks: int
    bad: str | None = None

    @property
    def tick_s(self) -> float:
        """Seconds between two runs of the wall (≤ REFRESH_S)."""
        return self.seconds / self.ticks


def timing(seconds: int, bad: str | None = None) -> Cycle:
    """`seconds` per place, in the fewest equal ticks of at most REFRESH_S (90 s: 2 × 45 s)."""
    return Cycle(seconds, math.ceil(seconds / REFRESH_S), bad)


def cycle(text: str | None) -> Cycle | None:
    """The carousel asked for by the `cycle` URL value: None without one (no carousel); a whole
    number of seconds in MIN_CYCLE_S … MAX_CYCLE_S; anything else falls back to DEFAULT_CYCLE_S
    with `bad` set, so the wall can say so instead of failing."""
    if text is None or text == "":
        return None
    text = text.strip()
    seconds = int(text) if text.isascii() and text.isdigit() else None
    if seconds is None or not MIN_CYCLE_S <= seconds <= MAX_CYCLE_S:
        return timing(DEFAULT_CYCLE_S, bad=text)
    return timing(seconds)


@dataclass(frozen=True)
class Stop:
    """The place on the wall at one tick: its code ('' the city) and name, its position (0-based)
    among `count` places, the next place, and the seconds until it comes."""

    code: str
    name: str
    index: int
    count: int
    next_code: str
    next_name: str
    seconds_left: int


def stop_at(places: Sequence[tuple[str, str]], tick: int, c: Cycle) -> Stop:
    """The place shown at the wall's `tick`-th run (0 the first) of the carousel over `places`
    ((code, name) in the order shown: the place itself first, then the ones below by code)."""
    if not places:
        raise ValueError("carousel: expected at least one place, found none")
    step, into = divmod(tick, c.ticks)
    i = step % len(places)
    nxt = places[(i + 1) % len(places)]
    code, name = places[i]
    left = round((c.ticks - into) * c.tick_s)
    return Stop(code, name, i, len(places), nxt[0], nxt[1], left)
