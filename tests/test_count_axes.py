"""Count axes show whole numbers (figures.count_axis, and echarts.count_axis for the pages drawn
with ECharts): small counts step by 1, an empty chart
shows 0 and 1, stacked bars are judged by their stacked height — and the charts that count
things use it. And the sources chart's bars are a period wide however few they are."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import plotly.graph_objects as go
import polars as pl
import pytest

from dashboard.analysis import workload_figures
from dashboard.charts import echarts, figures
from dashboard.core import i18n


def bars(*series, stack=False) -> go.Figure:
    fig = go.Figure([go.Bar(x=["a", "b", "c"], y=list(s)) for s in series])
    if stack:
        fig.update_layout(barmode="stack")
    return fig


def y_axis(fig: go.Figure) -> dict:
    return fig.layout.yaxis.to_plotly_json()


def test_small_counts_step_by_one():
    axis = y_axis(figures.count_axis(bars([2, 1, 0])))
    assert axis["tickformat"] == ",d" and axis["dtick"] == 1
    assert axis["range"] == pytest.approx([0, 2.2])


def test_an_empty_chart_shows_zero_and_one():
    axis = y_axis(figures.count_axis(bars([0, 0, 0])))
    assert axis["dtick"] == 1 and axis["range"] == pytest.approx([0, 1.1])


def test_stacked_bars_count_their_stacked_height():
    # Each bar under 5, stacked to 6: plotly's own ticks (whole numbers by the format) suffice.
    axis = y_axis(figures.count_axis(bars([3, 1, 0], [3, 2, 0], stack=True)))
    assert axis["tickformat"] == ",d" and "dtick" not in axis and "range" not in axis
    # Unstacked, the same bars peak at 3: a step of 1.
    assert y_axis(figures.count_axis(bars([3, 1, 0], [3, 2, 0])))["dtick"] == 1


def test_horizontal_bars_on_x():
    fig = go.Figure(go.Bar(y=["a", "b"], x=[1, 2], orientation="h"))
    axis = figures.count_axis(fig, "x").layout.xaxis.to_plotly_json()
    assert axis["dtick"] == 1 and axis["tickformat"] == ",d"


def test_count_charts_use_it():
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(3)]
    trend = pl.DataFrame({"day": days, "new": [2, 1, 0], "closed": [1, 1, 0], "backlog": [1, 1, 1]})
    assert y_axis(figures.trend_30d(trend, "zh"))["dtick"] == 1
    ages = pl.DataFrame({"age_bucket": ["0-1d", "1-3d"], "backlog": [0, 0], "overdue": [0, 0]})
    assert y_axis(figures.backlog_by_age(ages, "en"))["range"] == pytest.approx([0, 1.1])
    vacant = pl.DataFrame({"day": days, "grids_without_worker": [0, 0, 0]})
    axis = workload_figures.vacant(vacant, "zh").option["yAxis"]
    assert (axis["min"], axis["max"], axis["interval"], axis["minInterval"]) == (0, 1, 1, 1)


def test_echarts_count_axes_step_by_one_below_five():
    # ECharts' counts (dashboard.charts.echarts): whole numbers always; under 5, a step of 1 up
    # to the next whole number; from 5, ECharts' own steps.
    assert echarts.count_axis([2, 1, None]) == {"min": 0, "minInterval": 1, "interval": 1, "max": 3}
    assert echarts.count_axis([]) == {"min": 0, "minInterval": 1, "interval": 1, "max": 1}
    assert echarts.count_axis([4.5]) == {"min": 0, "minInterval": 1, "interval": 1, "max": 5}
    assert echarts.count_axis([5, 0]) == {"min": 0, "minInterval": 1}


def test_numpy_values_and_gaps_are_read():
    fig = go.Figure(go.Bar(x=np.array([1, 2, 3]), y=np.array([3, 1, np.nan])))
    assert y_axis(figures.count_axis(fig))["range"] == pytest.approx([0, 3.3])


@pytest.mark.parametrize(
    ("per_week", "labels", "at"),
    [
        # 11-01 … 11-28, a bar a day: 11-23 is the 23rd
        (False, [f"11-{d:02d}" for d in range(1, 29)], 22),
        # weeks from the Monday before Sunday 11-01 (10-26) to the one of 11-28 (11-23)
        (True, ["10-26", "11-02", "11-09", "11-16", "11-23"], 4),
    ],
)
def test_source_bars_are_a_period_wide_even_alone(per_week, labels, at):
    """One day with incidents used to draw a hairline: every period of the window has its
    place on the axis, so a lone bar is as wide as its period and the window shows whole."""
    from datetime import datetime

    from dashboard.analysis import incident_figures

    frame = pl.DataFrame(
        {"period": [datetime(2026, 11, 23)], "source": ["hotline"], "incidents": [1]}
    )
    option = incident_figures.sources_over_time(
        frame, "zh", date(2026, 11, 1), date(2026, 11, 28), per_week=per_week
    ).option
    assert option["xAxis"]["data"] == labels
    drawn = {
        (s["name"], i): bar["value"]
        for s in option["series"]
        for i, bar in enumerate(s["data"])
        if bar
    }
    assert drawn == {(i18n.t("source_hotline", "zh"), at): 1}
    assert option["yAxis"]["interval"] == 1


def test_the_pdf_backlog_chart_writes_its_numbers_level_and_its_legend_as_the_page():
    ages = pl.DataFrame({"age_bucket": ["0-1d", "7-30d"], "backlog": [97, 27], "overdue": [0, 19]})
    fig = figures.backlog_by_age(ages, "zh")
    # Each stack's segments labelled level (plotly turned a short segment's number on its side),
    # within deadline named first in the legend as on the page.
    assert [bar.textangle for bar in fig.data] == [0, 0]
    assert [bar.text for bar in fig.data] == [("97", "8"), ("", "19")]
    assert fig.layout.legend.traceorder == "normal"
