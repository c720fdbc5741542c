"""dashboard.core.stats against hand-worked examples and independent implementations (lifelines, numpy)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dashboard.core import stats

# --- Kaplan–Meier by hand -------------------------------------------------------------------------

# Eight durations (hours); c = censored (still open at the cut-off).
#   1, 2, 2, 2c, 3c, 4, 5c, 6
#
#   t   at risk (time >= t)          events  S(t) just after t
#   1   8                            1       7/8                 = 0.875
#   2   7 (2, 2, 2c, 3c, 4, 5c, 6)   2       7/8 · 5/7 = 5/8     = 0.625
#   3   censored only -> S unchanged
#   4   3 (4, 5c, 6)                 1       5/8 · 2/3 = 5/12    ≈ 0.4167
#   5   censored only -> S unchanged
#   6   1 (6)                        1       5/12 · 0/1          = 0
#
# The 2c sits in the risk set at t = 2 (events before censorings at a tie). Removing it first
# would give 7/8 · 4/6 = 7/12 ≈ 0.583 at t = 2 instead.
# Median: first S <= 0.5 -> t = 4. p90: first S <= 0.1 -> t = 6.
HAND_TIMES = np.array([1, 2, 2, 2, 3, 4, 5, 6], dtype=float)
HAND_EVENTS = np.array([1, 1, 1, 0, 0, 1, 0, 1], dtype=bool)


def test_km_curve_hand_example_with_ties_and_censoring():
    times, survival = stats.km_curve(HAND_TIMES, HAND_EVENTS)
    np.testing.assert_array_equal(times, [1, 2, 4, 6])
    np.testing.assert_allclose(survival, [7 / 8, 5 / 8, 5 / 12, 0.0], rtol=0, atol=1e-15)


def test_km_curve_does_not_depend_on_row_order():
    order = np.random.default_rng(3).permutation(HAND_TIMES.size)
    times, survival = stats.km_curve(HAND_TIMES[order], HAND_EVENTS[order])
    np.testing.assert_array_equal(times, [1, 2, 4, 6])
    np.testing.assert_allclose(survival, [7 / 8, 5 / 8, 5 / 12, 0.0], rtol=0, atol=1e-15)


def test_km_quantiles_hand_example():
    assert stats.km_quantile(HAND_TIMES, HAND_EVENTS, 0.5) == 4.0
    assert stats.km_quantile(HAND_TIMES, HAND_EVENTS, 0.1) == 6.0
    # S(1) = 7/8 is the first value <= 0.9
    assert stats.km_quantile(HAND_TIMES, HAND_EVENTS, 0.9) == 1.0


def test_km_survival_at_hand_example():
    assert stats.km_survival_at(HAND_TIMES, HAND_EVENTS, 0.5) == 1.0  # before the first event
    assert stats.km_survival_at(HAND_TIMES, HAND_EVENTS, 2.0) == pytest.approx(5 / 8)  # at t
    assert stats.km_survival_at(HAND_TIMES, HAND_EVENTS, 3.5) == pytest.approx(5 / 8)  # flat
    assert stats.km_survival_at(HAND_TIMES, HAND_EVENTS, 4.0) == pytest.approx(5 / 12)
    assert stats.km_survival_at(HAND_TIMES, HAND_EVENTS, 100.0) == 0.0


def test_km_median_not_reached_is_none():
    # 1, 2c, 3c, 4c: S = 3/4 after t = 1 and never falls again.
    times = np.array([1.0, 2.0, 3.0, 4.0])
    events = np.array([True, False, False, False])
    assert stats.km_quantile(times, events, 0.5) is None
    assert stats.km_quantile(times, events, 0.1) is None
    assert stats.km_quantile(times, events, 0.75) == 1.0
    # nobody closed at all: no curve, no median
    assert stats.km_quantile(times, np.zeros(4, dtype=bool), 0.5) is None
    assert stats.km_quantile(np.empty(0), np.empty(0, dtype=bool), 0.5) is None


def test_km_median_counts_survival_of_exactly_one_half():
    # 24 durations 1..24, all closed: S(12) = 12/24 = 1/2 exactly, so the median is 12. The
    # floating-point product of the 12 factors comes out as 0.5000000000000001; without the
    # tolerance the median would slip to 13.
    times = np.arange(1, 25, dtype=float)
    events = np.ones(24, dtype=bool)
    assert stats.km_quantile(times, events, 0.5) == 12.0


def test_km_event_at_time_zero():
    # 0, 0c, 1, 2: at t = 0 all 4 at risk, 1 event -> 3/4; t = 1: 2 at risk -> 3/4 · 1/2 = 3/8
    times, survival = stats.km_curve([0.0, 0.0, 1.0, 2.0], [True, False, True, True])
    np.testing.assert_array_equal(times, [0, 1, 2])
    np.testing.assert_allclose(survival, [3 / 4, 3 / 8, 0.0])


def test_km_rejects_bad_input():
    with pytest.raises(ValueError, match="non-negative"):
        stats.km_curve([1.0, -2.0], [True, True])
    with pytest.raises(ValueError, match="NaN"):
        stats.km_curve([1.0, float("nan")], [True, True])
    with pytest.raises(ValueError, match="differ in length"):
        stats.km_curve([1.0, 2.0], [True])
    with pytest.raises(ValueError, match="whole numbers"):
        stats.km_curve([1.0, 2.0], [True, True], weights=[1.5, 1])
    with pytest.raises(ValueError, match="whole numbers"):
        stats.km_curve([1.0, 2.0], [True, True], weights=[-1, 1])


# --- Kaplan–Meier against lifelines ---------------------------------------------------------------


def _datasets():
    """Three random datasets with heavy ties and censoring: (name, times, events)."""
    rng = np.random.default_rng(20240601)
    # whole hours 0..30, 70 % closed
    yield "whole_hours", rng.integers(0, 31, 300).astype(float), rng.random(300) < 0.7
    # half-hour steps of an exponential, 40 % closed
    yield "half_hours", np.round(rng.exponential(20, 2000) * 2) / 2, rng.random(2000) < 0.4
    # administrative censoring at 48 h: most cases still open, so S stays above 0.5
    raw = np.round(rng.exponential(200, 500))
    yield "mostly_open", np.minimum(raw, 48.0), raw < 48


DATASETS = list(_datasets())


def _grouped(times, events):
    """One row per distinct (time, event) with its count — what a GROUP BY would hand over."""
    keys, counts = np.unique(np.column_stack([times, events]), axis=0, return_counts=True)
    return keys[:, 0], keys[:, 1].astype(bool), counts


@pytest.mark.parametrize(("name", "times", "events"), DATASETS, ids=[d[0] for d in DATASETS])
def test_km_matches_lifelines(name, times, events):
    lifelines = pytest.importorskip("lifelines")
    from lifelines.utils import qth_survival_time

    kmf = lifelines.KaplanMeierFitter().fit(times, events)
    expected = kmf.survival_function_["KM_estimate"]

    event_times, survival = stats.km_curve(times, events)
    np.testing.assert_array_equal(event_times, np.unique(times[events]))
    np.testing.assert_allclose(survival, expected.loc[event_times].to_numpy(), rtol=1e-10)
    # ... and between event times (lifelines' timeline also holds every censoring time and 0)
    ours = [stats.km_survival_at(times, events, t) for t in expected.index]
    np.testing.assert_allclose(ours, expected.to_numpy(), rtol=1e-10)

    # lifelines' median_survival_time_ / percentile(q) use the same definition — the first time
    # with S(t) <= q — but return inf where never reached (we return None), compare without a
    # tolerance and compute S as exp(Σ log(1 − d/n)). The two can only disagree where S lands
    # within rounding of q, which these datasets do not (checked here so a change of seed cannot
    # make the comparison silently meaningless).
    lifelines_q = [(0.5, kmf.median_survival_time_), (0.1, qth_survival_time(0.1, expected))]
    for q, lifelines_value in lifelines_q:
        assert np.abs(survival - q).min() > 1e-9
        ours_q = stats.km_quantile(times, events, q)
        assert (np.inf if ours_q is None else ours_q) == lifelines_value
    if name == "mostly_open":
        assert stats.km_quantile(times, events, 0.5) is None  # the case the dataset is for


@pytest.mark.parametrize(("name", "times", "events"), DATASETS, ids=[d[0] for d in DATASETS])
def test_km_grouped_input_equals_expanded_input(name, times, events):
    g_times, g_events, counts = _grouped(times, events)
    assert g_times.size < times.size  # really grouped
    # a zero-count row must change nothing
    g_times = np.append(g_times, 1000.0)
    g_events = np.append(g_events, True)
    counts = np.append(counts, 0)

    expanded = stats.km_curve(times, events)
    grouped = stats.km_curve(g_times, g_events, weights=counts)
    np.testing.assert_array_equal(grouped[0], expanded[0])
    np.testing.assert_allclose(grouped[1], expanded[1], rtol=1e-12)
    for q in (0.5, 0.1):
        assert stats.km_quantile(g_times, g_events, q, counts) == stats.km_quantile(
            times, events, q
        )

    lifelines = pytest.importorskip("lifelines")
    kmf = lifelines.KaplanMeierFitter().fit(g_times, g_events, weights=counts)
    np.testing.assert_allclose(
        grouped[1], kmf.survival_function_["KM_estimate"].loc[grouped[0]].to_numpy(), rtol=1e-10
    )


# --- within the time limit ------------------------------------------------------------------------


def test_within_limit_counts_closing_exactly_at_the_deadline():
    # ratio = elapsed ÷ limit; c = still open at the cut-off
    #   0.5, 0.8c, 1.0, 1.0c, 1.2, 2.0c
    #   t    at risk                       events  S
    #   0.5  6                             1       5/6
    #   0.8  censored only
    #   1.0  4 (1.0, 1.0c, 1.2, 2.0c)      1       5/6 · 3/4 = 5/8
    # within = 1 − S(1) = 3/8. Dropping the close at exactly 1.0 would give 1 − 5/6 = 1/6; taking
    # the 1.0c out of the risk set first would give 1 − 5/6 · 2/3 = 4/9.
    ratio = np.array([0.5, 0.8, 1.0, 1.0, 1.2, 2.0])
    closed = np.array([True, False, True, False, True, False])
    assert stats.within_limit_probability(ratio, closed) == pytest.approx(3 / 8)


def test_within_limit_ratio_from_timestamps_is_exactly_one():
    # closed_at == deadline_at: the ratio is x / x, exactly 1.0 in floating point, so the case
    # is within. One other case closed at twice the limit: S(1) = 1/2 -> within = 1/2.
    reported = np.array(["2024-06-01T10:00", "2024-06-01T11:17"], dtype="datetime64[s]")
    deadline = np.array(["2024-06-03T10:00", "2024-06-01T14:29"], dtype="datetime64[s]")
    closed_at = np.array(["2024-06-03T10:00", "2024-06-01T17:41"], dtype="datetime64[s]")
    ratio = (closed_at - reported) / (deadline - reported)
    assert ratio[0] == 1.0
    assert stats.within_limit_probability(ratio, [True, True]) == 0.5


def test_within_limit_empty_and_grouped():
    assert stats.within_limit_probability(np.empty(0), np.empty(0, dtype=bool)) is None
    # grouped: 0.5 ×2 closed, 3.0 ×2 open -> at 0.5 4 at risk, 2 events: S(1) = 2/4, within 1/2
    assert stats.within_limit_probability([0.5, 3.0], [True, False], weights=[2, 2]) == 0.5


# --- naive median ---------------------------------------------------------------------------------


def test_naive_median_hand_example():
    # closed durations of HAND_TIMES: 1, 2, 2, 4, 6 -> middle value 2 (the KM median is 4)
    assert stats.naive_median(HAND_TIMES, HAND_EVENTS) == 2.0
    assert stats.naive_median([1.0, 2.0], [False, False]) is None


@pytest.mark.parametrize(("name", "times", "events"), DATASETS, ids=[d[0] for d in DATASETS])
def test_naive_median_matches_numpy_grouped_and_not(name, times, events):
    assert stats.naive_median(times, events) == np.median(times[events])
    g_times, g_events, counts = _grouped(times, events)
    assert stats.naive_median(g_times, g_events, counts) == np.median(times[events])


def test_weighted_naive_median_odd_and_even_totals():
    # expanded [1, 3, 3, 7] (even): (3 + 3)/2 = 3; [1, 3, 3, 7, 7, 7] (even): (3 + 7)/2 = 5;
    # [1, 3, 3, 7, 7] (odd): 3. A zero weight and a censored row change nothing.
    times = np.array([7.0, 1.0, 3.0, 9.0, 100.0])
    events = np.array([True, True, True, True, False])
    assert stats.naive_median(times, events, weights=[1, 1, 2, 0, 50]) == 3.0
    assert stats.naive_median(times, events, weights=[3, 1, 2, 0, 50]) == 5.0
    assert stats.naive_median(times, events, weights=[2, 1, 2, 0, 50]) == 3.0
    assert np.median([1, 3, 3, 7, 7, 7]) == 5.0  # the convention being matched


# --- Gini and Lorenz ------------------------------------------------------------------------------


def test_gini_equal_values_is_zero():
    assert stats.gini([5, 5, 5, 5]) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("n", [2, 5, 40])
def test_gini_one_holds_everything(n):
    values = np.zeros(n)
    values[n // 2] = 17.0
    assert stats.gini(values) == pytest.approx((n - 1) / n)


def test_gini_hand_example():
    # sorted 1, 2, 3, 4: Σ i·x = 1 + 4 + 9 + 16 = 30, n = 4, Σx = 10
    # G = 2·30 / (4·10) − 5/4 = 1.5 − 1.25 = 0.25
    assert stats.gini([3, 1, 4, 2]) == pytest.approx(0.25)
    # cross-check with the mean-absolute-difference definition: Σ|xi − xj| / (2 n² mean)
    x = np.array([3, 1, 4, 2, 0, 9, 9], dtype=float)
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
    assert stats.gini(x) == pytest.approx(mad)


def test_gini_nothing_to_share_is_none():
    assert stats.gini([]) is None
    assert stats.gini([0, 0, 0]) is None
    with pytest.raises(ValueError):
        stats.gini([1, -1])


def test_lorenz_endpoints_and_hand_points():
    population, share = stats.lorenz([3, 1, 4, 2])
    # sorted 1, 2, 3, 4 of 10: cumulative 0, 1, 3, 6, 10
    np.testing.assert_allclose(population, [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(share, [0, 0.1, 0.3, 0.6, 1])
    population, share = stats.lorenz(np.random.default_rng(1).exponential(3, 101))
    assert (population[0], share[0], population[-1], share[-1]) == (0, 0, 1, 1)
    assert np.all(np.diff(share) >= 0)
    population, share = stats.lorenz([0, 0])  # nothing to share: the line of equality
    np.testing.assert_allclose(share, population)
    assert (share[0], share[-1]) == (0, 1)


# --- Poisson tail and spikes ----------------------------------------------------------------------


def _tail_by_hand(count: int, mean: float) -> float:
    """P(X >= count) = Σ_{k >= count} e^−mean · mean^k / k!, summed far into the tail."""
    return sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(count, count + 80))


def test_poisson_upper_tail_small_numbers_by_hand():
    # P(X >= 3 | 1.5) = 1 − e^−1.5 (1 + 1.5 + 1.125) = 1 − 0.22313 · 3.625 ≈ 0.19115
    assert stats.poisson_upper_tail(3, 1.5) == pytest.approx(1 - math.exp(-1.5) * 3.625)
    assert stats.poisson_upper_tail(3, 1.5) == pytest.approx(0.191153, abs=1e-6)
    counts = np.array([0, 1, 4, 10, 12])
    means = np.array([2.0, 0.3, 1.0, 1.0, 5.0])
    expected = [_tail_by_hand(int(c), float(m)) for c, m in zip(counts, means, strict=True)]
    np.testing.assert_allclose(stats.poisson_upper_tail(counts, means), expected, rtol=1e-9)
    assert isinstance(stats.poisson_upper_tail(3, 1.5), float)


def test_poisson_upper_tail_zero_mean():
    np.testing.assert_array_equal(stats.poisson_upper_tail([0, 1, 25], 0.0), [1.0, 0.0, 0.0])
    with pytest.raises(ValueError):
        stats.poisson_upper_tail(3, -1.0)


def test_spike_rule_edge_cases():
    # count 9, baseline 0.01: the tail is ~2.7e-24 but 9 < 10 -> not a spike
    assert _tail_by_hand(9, 0.01) < 1e-20
    assert stats.is_spike(9, 0.01) is False
    # count 10, baseline 1: tail ≈ 1.114e-7 < 1e-4 -> spike
    assert _tail_by_hand(10, 1.0) == pytest.approx(1.1142547833e-7, rel=1e-9)
    assert stats.is_spike(10, 1.0) is True
    # count 12, baseline 5: tail ≈ 0.0055 -> ordinary day
    assert stats.is_spike(12, 5.0) is False
    # a brand-new hotspot (baseline 0) with 10 incidents is a spike; an unknown baseline is not
    np.testing.assert_array_equal(
        stats.is_spike([10, 9, 12, 10, 10], [0.0, 0.01, 5.0, 1.0, np.nan]),
        [True, False, False, True, False],
    )
    # the thresholds are parameters
    assert stats.is_spike(9, 0.01, min_count=5) is True
    assert stats.is_spike(10, 1.0, p_max=1e-8) is False
