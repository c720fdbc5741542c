"""The validator on generated demo data: clean as generated, then defects injected into a new
hive partition file, each counted exactly."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import polars as pl
from conftest import DEMO_VALIDATED_AT

from dashboard.commands import cli
from dashboard.pipeline.validate import validate


def test_generated_demo_is_clean(demo):
    assert demo.result.exit_code == 0
    assert demo.result.errors == []
    for name, rows in demo.summary.items():
        assert demo.result.tables[name] == {"rows": rows, "quarantined": 0, "reasons": {}}


def test_injected_defects_in_demo_data(demo, tmp_path, capsys):
    exports = tmp_path / "exports"
    shutil.copytree(demo.exports, exports, ignore=shutil.ignore_patterns("_quarantine"))
    month = sorted((exports / "incidents").glob("year=*/month=*"))[-1]
    good = pl.read_parquet(next(month.glob("*.parquet")), hive_partitioning=False)
    sample = good.head(8)
    bad = pl.concat(
        [
            # 2 rows repeating ids already read earlier (the file sorts after part-0).
            sample.slice(0, 2),
            # 3 rows in a grid that does not exist (well-formed 16-digit code).
            sample.slice(2, 3).with_columns(
                pl.col("incident_id") + "X", grid_code=pl.lit("1401059999990001")
            ),
            # 1 row closed an hour before it was reported.
            sample.slice(5, 1).with_columns(
                pl.col("incident_id") + "Y",
                closed_at=pl.col("reported_at") - timedelta(hours=1),
                status=pl.lit("closed"),
            ),
            # 1 row in Beijing.
            sample.slice(6, 1).with_columns(
                pl.col("incident_id") + "Z", lon=pl.lit(116.40), lat=pl.lit(39.90)
            ),
            # 1 row with a 15-digit grid code.
            sample.slice(7, 1).with_columns(
                pl.col("incident_id") + "W", grid_code=pl.col("grid_code").str.slice(0, 15)
            ),
        ]
    )
    bad.write_parquet(month / "part-9.parquet")

    result = validate(exports, now=DEMO_VALIDATED_AT)
    assert result.exit_code == 1
    incidents = result.tables["incidents"]
    assert incidents["rows"] == demo.summary["incidents"] + 8
    assert incidents["quarantined"] == 8
    assert incidents["reasons"] == {
        "duplicate_id": 2,
        "bad_grid_code": 1,
        "unknown_grid": 3,
        "closed_before_reported": 1,
        "outside_city": 1,
    }
    # Every other table is untouched.
    others = {n: t["quarantined"] for n, t in result.tables.items() if n != "incidents"}
    assert others == dict.fromkeys(others, 0)
    quarantined = pl.read_parquet(exports / "_quarantine" / "incidents.parquet")
    assert quarantined.height == 8
    assert set(quarantined["_file"]) == {
        f"incidents/{month.relative_to(exports / 'incidents')}/part-9.parquet"
    }
    report = json.loads((exports / "_quarantine" / "report.json").read_text())
    assert report["tables"]["incidents"]["reasons"] == incidents["reasons"]

    # The command line says the same, in JSON, with exit status 1.
    code = cli.main(["validate", str(exports), "--json"])
    assert code == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed["tables"]["incidents"]["quarantined"] == 8
