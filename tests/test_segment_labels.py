"""Numbers on stacked bars: a segment under 6 % of the tallest stack gets none (it would be a
speck of shrunken text on the wall screen), every other segment its count."""

import polars as pl

from dashboard.analysis import resolution_figures
from dashboard.charts import figures


def texts(fig) -> list[list[str]]:
    return [list(trace.text) for trace in fig.data]


def echart_texts(chart) -> list[list[str]]:
    """Per series, each bar's label ("" where it has none)."""
    return [
        [bar["label"]["formatter"] if bar["label"]["show"] else "" for bar in series["data"]]
        for series in chart.option["series"]
    ]


def test_backlog_by_age_leaves_thin_segments_unlabelled():
    ages = pl.DataFrame(
        {"age_bucket": ["0-1d", "1-3d", "3-7d"], "backlog": [100, 50, 3], "overdue": [2, 10, 0]}
    )
    # tallest stack 100 → a segment needs at least 6; within deadline 98, 40, 3; overdue 2, 10, 0
    assert texts(figures.backlog_by_age(ages, "zh")) == [["98", "40", ""], ["", "10", ""]]


def test_open_cases_by_step_leaves_thin_segments_unlabelled():
    frame = pl.DataFrame(
        {
            "last_step": ["accept", "dispatch", "resolve"],
            "cases": [2500, 40, 1000],
            "overdue": [149, 0, 150],
        }
    )
    # sorted by cases (smallest first); tallest 2,500 → at least 150; within 40, 850, 2,351
    chart = resolution_figures.open_by_step(frame, "en")
    assert echart_texts(chart) == [["", "850", "2,351"], ["", "150", ""]]


def test_the_resolution_pages_backlog_chart_labels_as_the_briefings():
    ages = pl.DataFrame(
        {"age_bucket": ["0-1d", "1-3d", "3-7d"], "backlog": [100, 50, 3], "overdue": [2, 10, 0]}
    )
    chart = resolution_figures.backlog_by_age(ages, "zh")
    assert echart_texts(chart) == [["98", "40", ""], ["", "10", ""]]
    assert [[bar["value"] for bar in s["data"]] for s in chart.option["series"]] == [
        [98, 40, 3],
        [2, 10, 0],
    ]
