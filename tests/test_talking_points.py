"""晨会要点 (talking points): each rule on hand-made figures (the expected sentence written out
literally), and the whole list of `griddash brief --json` on the demo against figures worked out
independently from the Parquet exports (tests/test_brief_independent.py's Polars oracle,
tests/at_risk_oracle.py's lifelines)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import at_risk_oracle
import polars as pl
import pytest
from test_brief_independent import expected as independent

from dashboard.commands import cli
from dashboard.core import i18n
from dashboard.core.romanise import path_name, place_name, unit_name
from dashboard.measures import metrics
from dashboard.measures import talking_points as tp

D = date(2024, 6, 10)


def _brief(**changes) -> metrics.Brief:
    """A brief with hand-picked figures (only what the rules read matters)."""
    cases = pl.DataFrame(
        {
            "incident_id": ["R5", "R6"],
            "grid_code": ["1401060010010001", "1401050010010002"],
            "grid_name": ["桥东第1网格", None],
            "handling_unit": ["迎泽区城市管理局", None],
            "p_miss": [0.875, 0.5],
        }
    )
    b = metrics.Brief(
        as_of=D,
        scope="",
        data_version="v",
        new=120,
        closed=90,
        backlog=300,
        overdue=12,
        on_time_rate_30d=0.9,
        km_median_hours_30d=5.0,
        km_p90_hours_30d=40.0,
        within_limit_30d=0.8,
        grid_coverage=0.4567,
        active_workers=100,
        training_coverage_365d=0.9125,
        spikes=[metrics.Spike("140105002", "小店区坞城街道", 30, 2.25, 27.75, 1e-9)],
        at_risk=metrics.AtRisk(2, 1.375, cases),
    )
    return replace(b, **changes)


def _refs(**changes) -> tp.References:
    last_week = {"new": 100, "closed": 100, "backlog": 250, "overdue": 12}
    return replace(tp.References(last_week, 95, 100, 0.9), **changes)


def _said(points, lang="zh") -> list[str]:
    return tp.texts(points, lang)


def test_every_rule_on_hand_made_figures():
    got = _said(tp.build(_brief(), _refs()))
    # change: new +20 % (120/100), closed −10 %, backlog +20 % (300/250), overdue 0: new and
    # backlog tie at 20 %; the earlier key (new) is said.
    assert got == [
        "2024-06-10 新增事件 120 件，结案 90 件；日末积压 300 件，其中超期 12 件。",
        "较上周同日变化最大的是新增事件：120 件，上周同日 100 件，增加 20 件（+20.0%）。",
        "异常激增 1 处，最突出的是小店区坞城街道：30 件，28 天日均 2.2 件。",
        "06-11 到期 2 件，预计超期 1.4 件；最可能超期的是 R5（桥东第1网格，迎泽区城市管理局，超期概率 88%）。",
        "网格覆盖率 45.7%；近 7 天有 5 个网格（共 100 个）无巡查记录。",
        "在岗网格员培训覆盖率（365 天）91.2%，较 30 天前 +1.2 个百分点。",
    ]
    en = _said(tp.build(_brief(), _refs()), "en")
    assert en[1] == (
        "The largest change on the same weekday last week is new incidents: 120 against 100, "
        "up 20 (+20.0%)."
    )
    assert en[4] == "Grid coverage 45.7%; 5 of 100 grids had no patrol in the last 7 days."


def test_change_rule_picks_the_largest_relative_change_and_skips_zero_references():
    # overdue 12 → 3 is −75 %; backlog 300/250 +20 %; new 120 against 0 has no relative change.
    refs = _refs(last_week={"new": 0, "closed": 90, "backlog": 250, "overdue": 12})
    change = tp.build(_brief(overdue=3), refs)[1]
    assert (change.rule, change.key) == ("change", "tp_change_down")
    assert change.figures == {"figure": "overdue", "now": 3, "before": 12, "delta": 9, "pct": -0.75}
    assert change.text("zh") == (
        "较上周同日变化最大的是超期：3 件，上周同日 12 件，减少 9 件（-75.0%）。"
    )
    # Nothing changed, or no reference day: no change sentence.
    same = _refs(last_week={"new": 120, "closed": 90, "backlog": 300, "overdue": 12})
    assert [p.rule for p in tp.build(_brief(), same)][:2] == ["volume", "spikes"]
    assert "change" not in [p.rule for p in tp.build(_brief(), _refs(last_week=None))]


def test_optional_rules_drop_out_and_at_least_three_remain():
    empty = metrics.AtRisk(0, 0.0, pl.DataFrame())
    points = tp.build(
        _brief(spikes=[], at_risk=empty, training_coverage_365d=None),
        _refs(last_week=None, patrolled_7d=100),
    )
    assert _said(points) == [
        "2024-06-10 新增事件 120 件，结案 90 件；日末积压 300 件，其中超期 12 件。",
        "06-11 无到期的未结案件。",
        "网格覆盖率 45.7%；近 7 天全部 100 个网格都有巡查记录。",
    ]


def test_at_risk_case_without_grid_name_or_unit():
    cases = pl.DataFrame(
        {
            "incident_id": ["R6"],
            "grid_code": ["1401050010010002"],
            "grid_name": [None],
            "handling_unit": [None],
            "p_miss": [1.0],
        },
        schema_overrides={"grid_name": pl.String, "handling_unit": pl.String},
    )
    point = tp.build(_brief(at_risk=metrics.AtRisk(1, 1.0, cases)), _refs())[3]
    assert point.text("zh") == (
        "06-11 到期 1 件，预计超期 1.0 件；最可能超期的是 R6（1401050010010002，（尚未派遣），"
        "超期概率 100%）。"
    )


def test_training_without_a_reference_30_days_earlier():
    point = tp.build(_brief(), _refs(training_30d_earlier=None))[-1]
    assert point.text("en") == "Training coverage (365 d) of active grid workers: 91.2%."


def _read(exports, table):
    return pl.read_parquet(exports / table / "**" / "*.parquet", hive_partitioning=False)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_brief_json_talking_points_equal_independent_figures(demo, demo_catalog, capsys, lang):
    assert cli.main(["brief", "--json", "--lang", lang, "--catalog", str(demo_catalog)]) == 0
    out = json.loads(capsys.readouterr().out)
    d = date.fromisoformat(out["as_of"])
    now, week = independent(demo.exports, d), independent(demo.exports, d - timedelta(days=7))
    earlier = independent(demo.exports, d - timedelta(days=30))
    t = i18n.t
    want = [
        t(
            "tp_volume",
            lang,
            day=str(d),
            new=f"{now.new:,}",
            closed=f"{now.closed:,}",
            backlog=f"{now.backlog:,}",
            overdue=f"{now.overdue:,}",
        )
    ]
    keys = ("new", "closed", "backlog", "overdue")
    rel = {k: abs(getattr(now, k) - getattr(week, k)) / getattr(week, k) for k in keys}
    top = max(keys, key=lambda k: (rel[k], -keys.index(k)))
    a, b = getattr(now, top), getattr(week, top)
    assert a != b
    want.append(
        t(
            "tp_change_up" if a > b else "tp_change_down",
            lang,
            figure=t(f"tp_figure_{top}", lang),
            now=f"{a:,}",
            before=f"{b:,}",
            delta=f"{abs(a - b):,}",
            pct=f"{100 * (a - b) / b:+.1f}%",
        )
    )
    assert now.spikes, "the demo's last day has a burst"
    spike = out["spikes"][0]  # its place and mean; the rule's counts are checked independently
    assert (spike["code"], spike["count"]) in now.spikes
    want.append(
        t(
            "tp_spikes",
            lang,
            n=len(now.spikes),
            name=path_name(spike["name"], lang),  # in English romanised (core.romanise)
            count=f"{spike['count']:,}",
            baseline=f"{spike['baseline']:.1f}",
        )
    )
    cases = at_risk_oracle.due_cases(
        _read(demo.exports, "incidents"),
        _read(demo.exports, "items"),
        _read(demo.exports, "categories"),
        d,
    )
    first = cases.row(0, named=True)
    grid = _read(demo.exports, "grids").filter(pl.col("grid_code") == first["grid_code"])
    want.append(
        t(
            "tp_at_risk",
            lang,
            due_day=f"{d + timedelta(days=1):%m-%d}",  # the day they fall due: the morning's
            due=f"{cases.height:,}",
            expected=f"{cases['p_miss'].sum():,.1f}",
            incident=first["incident_id"],
            grid=place_name(grid["grid_name"][0], lang),
            unit=unit_name(first["handling_unit"], lang) or t("unit_not_dispatched", lang),
            p_miss=f"{100 * first['p_miss']:.0f}%",
        )
    )
    patrols = _read(demo.exports, "patrols").filter(
        pl.col("patrol_date").is_between(d - timedelta(days=6), d)
    )
    grids = _read(demo.exports, "grids").height
    unpatrolled = grids - patrols["grid_code"].n_unique()
    want.append(
        t(
            "tp_coverage_gap" if unpatrolled else "tp_coverage_full",
            lang,
            share=f"{100 * now.coverage:.1f}%",
            unpatrolled=f"{unpatrolled:,}",
            grids=f"{grids:,}",
        )
    )
    assert earlier.trained is not None and now.trained is not None
    want.append(
        t(
            "tp_training_change",
            lang,
            share=f"{100 * now.trained:.1f}%",
            change_pp=f"{100 * (now.trained - earlier.trained):+.1f}",
        )
    )
    assert out["talking_points"] == want


def test_a_weekend_says_so_and_names_its_largest_spike():
    # Saturday's spike is listed first (day by day), Sunday's has the larger excess (40 − 3.5).
    spikes = [
        metrics.Spike("140105002", "小店区坞城街道", 30, 2.25, 27.75, 1e-9),
        metrics.Spike("140106001", "迎泽区柳巷街道", 40, 3.5, 36.5, 1e-12),
    ]
    sunday = date(2024, 6, 9)
    b = _brief(as_of=sunday, period_first=sunday - timedelta(days=1), spikes=spikes)
    got = _said(tp.build(b, _refs()))
    assert got[:3] == [
        "2024-06-08–2024-06-09 周末两天新增事件 120 件，结案 90 件；周日日末积压 300 件，其中超期 12 件。",
        "较上一个周末变化最大的是新增事件：120 件，上个周末 100 件，增加 20 件（+20.0%）。",
        "异常激增 2 处，最突出的是迎泽区柳巷街道：40 件，28 天日均 3.5 件。",
    ]


def test_a_change_that_rounds_to_nothing_has_no_minus_sign():
    # −0.04 pp is shown as "+0.0", as the tile shows no fall: never "-0.0".
    point = tp.TalkingPoint("training", "tp_training_change", {"share": 0.9, "change_pp": -0.0004})
    assert point.text("zh") == "在岗网格员培训覆盖率（365 天）90.0%，较 30 天前 +0.0 个百分点。"
    point = tp.TalkingPoint("training", "tp_training_change", {"share": 0.9, "change_pp": -0.0006})
    assert "-0.1 pp" in point.text("en")
