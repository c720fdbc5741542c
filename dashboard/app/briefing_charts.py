"""The morning briefing's two charts as SVG images (dashboard.charts.svg_charts), from a
dashboard.measures.briefing.BriefingView, in the page's language: new, closed and backlog over
the 30 days (on the page and on the wall) and the backlog by age. Drawn as images, not plotly:
a glance needs no zoom, and the page is ready about a second sooner."""

from __future__ import annotations

from dashboard.charts import figures, svg_charts
from dashboard.core.i18n import t


def trend(view, theme: str, lang: str, width: int | None = None, height: int | None = None) -> str:
    """New, closed and backlog per day over 30 days in the theme ("light" on the page, "dark"
    on the wall); width and height of the drawing in px (the theme's by default)."""
    days = view.trend
    # The wall's legend is short: the backlog is read at the day's end there too.
    backlog = t("tile_backlog" if theme == "dark" else "series_backlog", lang)
    if theme == "dark":
        new, closed = figures.SKY, figures.LIGHT_GREEN
    else:
        new, closed = figures.BLUE, figures.GREEN
    return svg_charts.trend_chart(
        days["day"].to_list(),
        [
            (t("series_new", lang), new, days["new"].to_list()),
            (t("series_closed", lang), closed, days["closed"].to_list()),
            (backlog, figures.ORANGE, days["backlog"].to_list()),
        ],
        t("chart_trend_title", lang),
        t("axis_incidents", lang),
        theme=theme,
        dashed=(backlog,),
        width=width,
        height=height,
        # On the wall the tiles above show the same last values: the legend names the lines
        # only, so the narrow drawing (large text) keeps all three. A weekend's tiles count
        # both days: Sunday's alone beside them read as a second, different figure.
        legend_values=theme != "dark" and not view.weekend,
    )


def backlog_by_age(view, lang: str, width: int = 580) -> str:
    """The backlog at the day's end by age bucket, within deadline and overdue stacked."""
    ages = view.backlog_ages
    within = [b - o for b, o in zip(ages["backlog"], ages["overdue"], strict=True)]
    return svg_charts.stacked_bars(
        [t(f"age_{b}", lang) for b in ages["age_bucket"]],
        [
            (t("series_within_deadline", lang), figures.BLUE, within),
            (t("series_overdue", lang), figures.RED, ages["overdue"].to_list()),
        ],
        t("chart_backlog_age_title", lang),
        t("axis_cases", lang),
        theme="light",
        width=width,
    )
