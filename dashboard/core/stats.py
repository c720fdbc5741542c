"""Pure numeric helpers for the metrics layer: Kaplan–Meier, medians, Gini/Lorenz, Poisson spikes.

Everything here takes and returns numpy arrays or plain floats: no I/O, no DuckDB, no pandas. The
metrics layer does the SQL and hands the columns over; the definitions these functions implement
are the ones in DESIGN.md, "Metric definitions".

Durations may come one row per incident (millions of rows) or grouped, one row per distinct
(duration, closed) pair with a count in `weights`; both give the same answers.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import poisson

# S(t) is a product of many factors; in floating point an exact 0.5 can come out as 0.5000000000001,
# and "closes at the median" would then be missed. Quantile comparisons allow this much slack.
QUANTILE_TOLERANCE = 1e-12


def _durations(
    times: np.ndarray, events: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Checked 1-d float times, bool events and float weights (1 per row when weights is None)."""
    t = np.asarray(times, dtype=float).ravel()
    e = np.asarray(events).ravel().astype(bool)
    if t.shape != e.shape:
        raise ValueError(f"times and events differ in length: {t.size} and {e.size}")
    if np.isnan(t).any() or (t < 0).any():
        raise ValueError("times should be non-negative numbers, found a negative value or NaN")
    if weights is None:
        w = np.ones(t.size)
    else:
        w = np.asarray(weights, dtype=float).ravel()
        if w.shape != t.shape:
            raise ValueError(f"weights and times differ in length: {w.size} and {t.size}")
        # Weights are row counts of grouped data; fractional weights would make the "average the
        # two middle values" median and the at-risk counts meaningless.
        if not np.isfinite(w).all() or (w < 0).any() or (w != np.round(w)).any():
            raise ValueError("weights should be non-negative whole numbers (row counts)")
    return t, e, w


def km_curve(
    times: np.ndarray, events: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan–Meier survival curve.

    times: durations (any unit, >= 0) — to the event, or to the cut-off where censored.
    events: True where the event was observed (incident closed), False where censored (still open).
    weights: optional whole-number count per row, for grouped input (one row per distinct
        (time, event) pair); None means one per row.
    Returns (event_times, survival): the distinct times with at least one event, ascending, and
    S(t) just after each of them (events at t included). Both empty when there is no event.
    """
    t, e, w = _durations(times, events, weights)
    if t.size == 0:
        return np.empty(0), np.empty(0)
    # One sort (inside np.unique); everything after is a bincount or a cumulative sum.
    distinct, group = np.unique(t, return_inverse=True)
    rows_at = np.bincount(group, weights=w, minlength=distinct.size)
    events_at = np.bincount(group, weights=w * e, minlength=distinct.size)
    # At risk at u = everyone whose time is >= u. Rows censored at u are still in it: at tied
    # times events come first, censorings after (the standard KM convention, and lifelines').
    at_risk = np.cumsum(rows_at[::-1])[::-1]
    has_event = events_at > 0
    # Only event times change S; dropping the rest also avoids 0/0 where only zero-weight rows sit.
    factors = 1.0 - events_at[has_event] / at_risk[has_event]
    return distinct[has_event], np.cumprod(factors)


def km_quantile(
    times: np.ndarray, events: np.ndarray, q: float, weights: np.ndarray | None = None
) -> float | None:
    """Smallest event time t with Kaplan–Meier S(t) <= q; None if the curve never gets there.

    times, events, weights: as for `km_curve`. q: survival level in [0, 1] — the median duration
    is q = 0.5, the 90th percentile q = 0.1. Returns a time in the unit of `times`.
    """
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q should be a survival level between 0 and 1, found {q}")
    event_times, survival = km_curve(times, events, weights)
    reached = np.flatnonzero(survival <= q + QUANTILE_TOLERANCE)
    return float(event_times[reached[0]]) if reached.size else None


def km_survival_at(
    times: np.ndarray, events: np.ndarray, t: float, weights: np.ndarray | None = None
) -> float:
    """Kaplan–Meier S(t): the estimated share still without the event after time t.

    times, events, weights: as for `km_curve`. t: a time in the same unit. Events at exactly t
    count as having happened (S is right-continuous). Past the last observation the curve is held
    flat. NaN when there is no input at all.
    """
    if np.asarray(times).size == 0:
        return float("nan")
    return float(km_survival(times, events, np.array([t], dtype=float), weights)[0])


def km_survival(
    times: np.ndarray, events: np.ndarray, at: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Kaplan–Meier S at each of many times: `km_survival_at` for an array `at`, one curve.

    Returns an array shaped like `at`: 1.0 before the first event (and everywhere when there is
    no event), held flat past the last observation.
    """
    event_times, survival = km_curve(times, events, weights)
    at = np.asarray(at, dtype=float)
    last = np.searchsorted(event_times, at, side="right") - 1
    padded = np.concatenate(([1.0], survival))
    return padded[last + 1]


def within_limit_probability(
    ratio: np.ndarray, closed: np.ndarray, weights: np.ndarray | None = None
) -> float | None:
    """Estimated share of incidents closed within their time limit: 1 − S(1).

    ratio: elapsed ÷ time limit, elapsed being to the close, or to the cut-off where still open.
    closed: True where the incident closed before the cut-off (the event).
    weights: optional counts for grouped input.
    Returns a share in [0, 1], or None for empty input. Closing exactly at the deadline
    (ratio == 1.0) counts as within — S(1) includes events at 1.
    """
    if np.asarray(ratio).size == 0:
        return None
    return 1.0 - km_survival_at(ratio, closed, 1.0, weights)


def naive_median(
    times: np.ndarray, events: np.ndarray, weights: np.ndarray | None = None
) -> float | None:
    """Median of the observed (event) durations only, ignoring the censored ones.

    Biased low for open cohorts — shown beside the KM median only to explain that bias.
    times, events, weights: as for `km_curve`. Returns np.median of the event times (with
    weights: of the event times each repeated weight times), or None when there is no event.
    """
    t, e, w = _durations(times, events, weights)
    t, w = t[e], w[e]
    total = w.sum()
    if total == 0:
        return None
    if weights is None:
        return float(np.median(t))
    order = np.argsort(t, kind="stable")
    t, cumulative = t[order], np.cumsum(w[order])
    # The k-th value (0-based) of the expanded array is the first whose cumulative count exceeds k.
    # An odd total has one middle position, an even one two, averaged — as np.median does.
    n = int(total)
    middle = np.searchsorted(cumulative, [(n - 1) // 2, n // 2], side="right")
    return float(t[middle].mean())


def gini(values: np.ndarray) -> float | None:
    """Gini coefficient of non-negative values (e.g. cases handled per worker).

    0 = everyone equal; (n−1)/n = one of n holds everything. Standard sorted-values formula
    G = 2·Σ i·x_i / (n·Σx) − (n+1)/n, i = 1..n ascending. None when empty or when the sum is 0.
    """
    x = np.sort(np.asarray(values, dtype=float).ravel())
    if (x < 0).any() or np.isnan(x).any():
        raise ValueError("gini needs non-negative values, found a negative value or NaN")
    n, total = x.size, x.sum()
    if n == 0 or total == 0:
        return None
    ranks = np.arange(1, n + 1)
    return float(2.0 * (ranks * x).sum() / (n * total) - (n + 1) / n)


def lorenz(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lorenz curve of non-negative values.

    Returns (population_share, value_share): n + 1 points each, from (0, 0) to (1, 1), the
    population sorted from smallest to largest value. Where there is nothing to share (empty input
    or all zeros) it returns the line of equality; `gini` returns None for those, check it first.
    """
    x = np.sort(np.asarray(values, dtype=float).ravel())
    if (x < 0).any() or np.isnan(x).any():
        raise ValueError("lorenz needs non-negative values, found a negative value or NaN")
    n = max(x.size, 1)
    population = np.arange(n + 1) / n
    total = x.sum()
    if total == 0:
        return population, population.copy()
    value = np.concatenate([[0.0], np.cumsum(x)]) / total
    value[-1] = 1.0  # exact endpoint despite rounding in the cumulative sum
    return population, value


def poisson_upper_tail(count, mean):
    """P(X >= count) for X ~ Poisson(mean), elementwise.

    count: observed count(s) (whole numbers). mean: expected count(s), >= 0 (a trailing baseline).
    Returns an array, or a float when both inputs are scalars. A mean of 0 gives 0.0 for any
    count >= 1 (and 1.0 for count <= 0).
    """
    c = np.asarray(count, dtype=float)
    m = np.asarray(mean, dtype=float)
    if (m < 0).any():
        raise ValueError("poisson_upper_tail: mean should be >= 0")
    # sf(k) = P(X > k), so P(X >= count) = sf(count - 1). A mean of 0 is a point mass at 0, kept
    # as its own branch so it does not depend on how a scipy version treats mu = 0; NaN stays NaN.
    positive = m > 0
    tail = np.where(
        positive,
        poisson.sf(c - 1, np.where(positive, m, 1.0)),
        np.where(m == 0, np.where(c <= 0, 1.0, 0.0), np.nan),
    )
    return float(tail) if tail.ndim == 0 else tail


def is_spike(count, baseline_mean, p_max: float = 1e-4, min_count: int = 10):
    """DESIGN's spike rule, elementwise: count >= min_count and P(X >= count) < p_max.

    count: incidents on the day. baseline_mean: trailing 28-day mean for the same area.
    Returns a bool array, or a bool when both inputs are scalars. A NaN baseline is never a spike.
    """
    c = np.asarray(count, dtype=float)
    spike = (c >= min_count) & (np.asarray(poisson_upper_tail(c, baseline_mean)) < p_max)
    return bool(spike) if spike.ndim == 0 else spike
