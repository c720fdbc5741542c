"""One figure, one name: each briefing figure is called by its glossary name (DESIGN.md) on the
tile, on the analysis pages, in the weekly PDF and in `griddash brief`, in Chinese and in English.
The names are written here from the glossary, not read from the code."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.commands import brief_cli
from dashboard.core import i18n
from dashboard.measures import metrics

# figure → (zh, en) glossary name, and the strings that show it (tile, page, PDF).
GLOSSARY = {
    "on_time_rate_30d": (
        ("按期办结率", "On-time rate"),
        ("tile_on_time_rate_30d", "res_m_on_time", "rep_k_on_time_rate"),
    ),
    "km_median_hours_30d": (
        ("办结时长中位数", "Resolution time (median"),
        (
            "tile_km_median_hours_30d",
            "res_m_km_median",
            "rep_k_km_median_hours",
            "res_col_km_median",
        ),
    ),
    "within_limit_30d": (
        ("时限内办结概率", "Within-limit probability"),
        ("res_m_within", "rep_k_within_limit"),
    ),
    "grid_coverage": (
        ("网格覆盖率", "Grid coverage"),
        ("tile_grid_coverage", "rep_k_grid_coverage"),
    ),
    "active_workers": (("在岗网格员", "Active grid workers"), ("tile_active_workers",)),
    "training_coverage_365d": (
        ("培训覆盖率", "Training coverage"),
        ("tile_training_coverage_365d",),
    ),
    "backlog": (("积压", "Backlog"), ("tile_backlog", "rep_k_backlog")),
    "overdue": (("超期", "Overdue"), ("tile_overdue", "rep_k_overdue")),
}


@pytest.mark.parametrize("figure", sorted(GLOSSARY))
def test_every_screen_names_a_figure_by_its_glossary_name(figure):
    (zh, en), keys = GLOSSARY[figure]
    for key in keys:
        assert i18n.t(key, "zh").startswith(zh), (key, i18n.t(key, "zh"))
        assert i18n.t(key, "en").startswith(en), (key, i18n.t(key, "en"))


def test_the_brief_command_uses_the_glossary_names():
    b = metrics.Brief(
        as_of=date(2024, 6, 10),
        scope="",
        data_version="v",
        new=1,
        closed=1,
        backlog=1,
        overdue=1,
        on_time_rate_30d=0.5,
        km_median_hours_30d=1.0,
        km_p90_hours_30d=2.0,
        within_limit_30d=0.5,
        grid_coverage=0.5,
        active_workers=1,
        training_coverage_365d=0.5,
        spikes=[],
    )
    text = brief_cli.render(b)
    for (zh, en), _ in GLOSSARY.values():
        assert zh in text and en.lower() in text.lower(), (zh, en)
    # Nothing else competes for the KM median's name.
    assert "KM median" not in text and "median to close" not in text.lower()
