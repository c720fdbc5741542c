"""The data inventory against values counted independently: pyarrow over the same files, and the
hand-known rows of the tiny dataset (tests/tiny_exports.py)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import tiny_exports as tiny
from conftest import DEMO_VALIDATED_AT

from dashboard.analysis import inventory_view
from dashboard.core import contract, i18n
from dashboard.pipeline import inventory
from dashboard.pipeline.validate import validate

TIME_COLUMNS = {
    "incidents": "reported_at",
    "incident_events": "at",
    "patrols": "patrol_date",
    "trainings": "starts_at",
    "workers": "hired_on",
    "worker_grids": "valid_from",
}


# -- independent counting -------------------------------------------------------------------


def parquet_files(exports: Path, table: str) -> list[Path]:
    """A table's files, walked here without the project's code: DIR/<table>/**/*.parquet minus
    anything under a `_` or `.` name, plus DIR/<table>.parquet."""
    found = []
    folder = exports / table
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        found += [Path(root) / f for f in files if f.endswith(".parquet") and f[0] not in "_."]
    if (exports / f"{table}.parquet").is_file():
        found.append(exports / f"{table}.parquet")
    return found


def span(files: list[Path], column: str, cutoff: datetime):
    """(min, max) of a column over files, leaving out values after cutoff, with pyarrow."""
    values = pa.chunked_array(
        [pq.read_table(f, columns=[column]).column(0).cast(pa.timestamp("us")) for f in files]
    )
    values = values.filter(pc.less_equal(values, pa.scalar(cutoff, pa.timestamp("us"))))
    mm = pc.min_max(values).as_py()
    return mm["min"], mm["max"]


def quarantine_counts(exports: Path) -> dict[str, dict[str, int]]:
    """{table: {reason: rows}} from the quarantine Parquet files themselves."""
    out = {}
    for f in (exports / "_quarantine").glob("*.parquet"):
        reasons = pq.read_table(f, columns=["_reason"]).column(0).to_pylist()
        counts: dict[str, int] = {}
        for r in reasons:
            counts[r] = counts.get(r, 0) + 1
        out[f.stem] = counts
    return out


# -- the generated demo dataset ----------------------------------------------------------------


def test_demo_inventory_matches_independent_counts(demo):
    inv = inventory.build(demo.exports)
    assert inv.validated and not inv.stale and inv.report_error is None
    assert inv.validated_at == DEMO_VALIDATED_AT
    assert inv.tables["table"].to_list() == list(contract.TABLE_NAMES)
    bad = quarantine_counts(demo.exports)

    for row in inv.tables.iter_rows(named=True):
        name = row["table"]
        files = parquet_files(demo.exports, name)
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        quarantined = sum(bad.get(name, {}).values())
        assert row["files"] == len(files) > 0, name
        assert row["bytes"] == sum(f.stat().st_size for f in files), name
        assert row["rows"] == rows == demo.summary[name], name
        assert row["quarantined"] == quarantined, name
        assert row["clean"] == rows - quarantined, name
        assert row["status"] == ("quarantined" if quarantined else "ok"), name
        assert (row["name_zh"], row["name_en"]) == (
            contract.table(name).zh,
            contract.table(name).en,
        )
        if name in TIME_COLUMNS:
            assert row["time_column"] == TIME_COLUMNS[name]
            assert (row["first"], row["last"]) == span(
                files, TIME_COLUMNS[name], DEMO_VALIDATED_AT
            ), name
        else:
            assert row["time_column"] is None and row["first"] is None, name

    got = {(r["table"], r["reason"]): r["rows"] for r in inv.reasons.iter_rows(named=True)}
    want = {(t, r): n for t, counts in bad.items() for r, n in counts.items()}
    assert got == want
    assert inv.quarantined_total == sum(want.values())
    assert inv.errors.height == len(demo.result.errors) == 0

    first, last = inv.span("incidents")
    assert first.date() >= date(2026, 9, 17) and last.date() <= date(2026, 10, 31)
    assert inv.count("grids") == demo.summary["grids"] - sum(bad.get("grids", {}).values())


def test_fingerprint_changes_with_the_data(demo, tmp_path):
    exports = tmp_path / "exports"
    shutil.copytree(demo.exports, exports)
    before = inventory.fingerprint(exports)
    assert inventory.fingerprint(exports) == before
    report = exports / "_quarantine" / "report.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    data["validated_at"] = "2026-11-02T08:30:00"
    report.write_text(json.dumps(data), encoding="utf-8")
    stat = report.stat()
    os.utime(report, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time, other content
    assert inventory.fingerprint(exports) != before
    after = inventory.fingerprint(exports)
    patrol = next((exports / "patrols").rglob("*.parquet"))
    os.utime(patrol, ns=(1, patrol.stat().st_mtime_ns + 10**9))
    assert inventory.fingerprint(exports) != after


# -- the tiny dataset: states a page must tell apart ------------------------------------------


@pytest.fixture
def tiny_exports(tmp_path) -> Path:
    return tiny.write(tmp_path / "exports")


def test_not_validated_is_said_not_zero(tiny_exports):
    inv = inventory.build(tiny_exports)
    assert not inv.report_found and not inv.validated and inv.validated_at is None
    assert inv.quarantined_total is None
    assert inv.tables["quarantined"].null_count() == len(contract.TABLE_NAMES)
    assert set(inv.tables["status"]) == {"not_validated"}
    assert dict(zip(inv.tables["table"], inv.tables["rows"], strict=True)) == tiny.ROW_COUNTS
    assert inv.count("incidents") == tiny.ROW_COUNTS["incidents"]


def test_validated_tiny_dataset_hand_values(tiny_exports):
    validate(tiny_exports, now=datetime(2025, 1, 1))
    inv = inventory.build(tiny_exports)
    assert inv.validated_at == datetime(2025, 1, 1)
    assert inv.quarantined_total == 0 and inv.reasons.height == 0 and inv.errors.height == 0
    assert set(inv.tables["status"]) == {"ok"}
    assert inv.tables["files"].to_list() == [1] * len(contract.TABLE_NAMES)
    # Hand-read from tests/tiny_exports.py: E0007 is the earliest report, E0008 the latest.
    assert inv.span("incidents") == (datetime(2024, 5, 20, 9, 0), datetime(2024, 6, 7, 20, 0))
    assert inv.span("workers") == (datetime(2021, 3, 1), datetime(2023, 1, 9))
    # Three worker records, W003 with a leaving day (2024-05-31): the count holds all three.
    assert inv.count("workers") == 3 and inv.workers_left == 1
    assert inv.span("trainings") == (datetime(2024, 3, 12, 9, 0), datetime(2024, 4, 18, 14, 30))
    view = inventory_view.tables_view(inv, "zh").row(5, named=True)
    assert view["col_name"] == "事件" and view["col_first"] == "2024-05-20 09:00"
    assert inventory_view.tables_view(inv, "en").row(3, named=True)["col_first"] == "2021-03-01"


def test_future_timestamps_are_left_out_of_the_span(tmp_path):
    data = tiny.rows()
    late = dict(data["incidents"][0], incident_id="E0099", reported_at=datetime(2099, 1, 1))
    late.update(status="open", accepted_at=None, resolved_at=None, closed_at=None)
    late.update(deadline_at=None, satisfaction=None)
    data["incidents"].append(late)
    exports = tiny.write(tmp_path / "exports", data)
    result = validate(exports, now=datetime(2025, 1, 1))
    assert result.tables["incidents"]["reasons"] == {"future_timestamp": 1}
    inv = inventory.build(exports)
    # The files' statistics say 2099; the span stops at the time of validation.
    assert inv.span("incidents") == (datetime(2024, 5, 20, 9, 0), datetime(2024, 6, 7, 20, 0))
    row = inv.row("incidents")
    assert (row["rows"], row["quarantined"], row["clean"], row["status"]) == (
        9,
        1,
        8,
        "quarantined",
    )
    reasons = inventory_view.reason_totals(inv, "zh")
    assert reasons.select("reason", "text", "rows").rows() == [
        ("future_timestamp", contract.REASON_TEXT["future_timestamp"][0], 1)
    ]


def test_missing_table_and_load_errors(tiny_exports):
    shutil.rmtree(tiny_exports / "patrols")
    result = validate(tiny_exports, now=datetime(2025, 1, 1))
    inv = inventory.build(tiny_exports)
    assert inv.row("patrols")["status"] == "missing"
    assert inv.row("patrols")["files"] == 0 and inv.count("patrols") is None
    assert inv.errors["table"].to_list() == [e["table"] for e in result.errors] == ["patrols"]
    view = inventory_view.errors_view(inv)
    assert not view["message"][0].startswith("patrols:")


def test_files_changed_after_validation_are_stale(tiny_exports):
    validate(tiny_exports, now=datetime(2025, 1, 1))
    assert not inventory.build(tiny_exports).stale
    data = tiny.rows()
    data["grids"] = data["grids"][:-1]
    tiny.write(tiny_exports, data)
    inv = inventory.build(tiny_exports)
    assert inv.stale
    assert inv.row("grids")["rows"] == tiny.ROW_COUNTS["grids"] - 1


def test_unreadable_report_is_not_taken_as_validation(tiny_exports):
    validate(tiny_exports, now=datetime(2025, 1, 1))
    (tiny_exports / "_quarantine" / "report.json").write_text("{not json", encoding="utf-8")
    inv = inventory.build(tiny_exports)
    assert not inv.validated and inv.report_error and "JSONDecodeError" in inv.report_error
    assert inv.quarantined_total is None


def test_empty_folder_has_no_data(tmp_path):
    inv = inventory.build(tmp_path)
    assert not inv.has_data and not inv.report_found
    assert set(inv.tables["status"]) == {"missing"}


def test_formatting():
    assert inventory_view.format_bytes(512) == "512 B"
    assert inventory_view.format_bytes(1536) == "1.5 KB"
    assert inventory_view.format_bytes(5 * 1024**3) == "5.0 GB"
    assert inventory_view.format_count(1234567) == "1,234,567"
    assert inventory_view.format_count(None) == "–"
    assert inventory_view.format_share(1, 1000) == "0.10%"
    assert inventory_view.format_share(50, 1000) == "5.0%"
    assert inventory_view.format_share(59, 4_674_428) == "<0.01%"
    first, last = datetime(2026, 9, 17, 0, 5), datetime(2026, 10, 31, 23, 0)
    assert inventory_view.format_days(first, last, "zh") == "共 45 天"
    assert inventory_view.format_days(first, last, "en") == "45 days"
    assert inventory_view.format_span(first, last) == "2026-09-17 – 2026-10-31"


def test_every_status_and_string_has_both_languages():
    for key, texts in i18n.STRINGS.items():
        assert set(texts) == set(i18n.LANGS), key
        assert all(texts.values()), key
    for status in inventory.STATUSES:
        assert i18n.t(f"status_{status}", "zh") != i18n.t(f"status_{status}", "en")
    assert i18n.normalize_lang("en-US") == "en"
    assert i18n.normalize_lang("fr") == i18n.normalize_lang(None) == "zh"
