"""A tiny valid export dataset, written from literal rows with pyarrow.

`rows()` gives fresh rows per table (tests change them to inject defects); `write(out, data)`
writes them as `out/<table>/part-0.parquet` with the contract's column kinds. Two matter types,
three items, four grids in two districts (小店区 140105, 迎泽区 140106), three workers, eight
incidents with their workflow steps, patrols, two training sessions and their attendance. All
times lie in 2024, so they are in the past for any real clock.
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core import contract

ARROW = {
    "integer": pa.int64(),
    "floating": pa.float64(),
    "string": pa.string(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "boolean": pa.bool_(),
}

G1, G2, G3, G4 = "1401050010010001", "1401050010010002", "1401050020010001", "1401060010010001"


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _grid(code, name, gtype, dname, sname, cname, lon, lat):
    return {
        "grid_code": code,
        "grid_name": name,
        "grid_type": gtype,
        "district_code": code[:6],
        "district_name": dname,
        "street_code": code[:9],
        "street_name": sname,
        "community_code": code[:12],
        "community_name": cname,
        "households": 420,
        "population": 1100,
        "area_km2": 0.35,
        "center_lon": lon,
        "center_lat": lat,
        "boundary_wkt": None,
    }


def _incident(iid, grid, item, source, urgency, reported, status, **extra):
    row = {
        "incident_id": iid,
        "grid_code": grid,
        "item_code": item,
        "source": source,
        "urgency": urgency,
        "reported_at": _t(reported),
        "reporter_worker_id": None,
        "lon": None,
        "lat": None,
        "status": status,
        "accepted_at": None,
        "dispatched_at": None,
        "resolved_at": None,
        "closed_at": None,
        "deadline_at": None,
        "handling_unit": None,
        "escalation_level": "grid",
        "satisfaction": None,
    }
    for k, v in extra.items():
        row[k] = _t(v) if k.endswith("_at") and isinstance(v, str) else v
    return row


# Laid out by hand, one row per line or two, so the fixture reads like a table.
# fmt: off
_ROWS = {
    "categories": [
        {"category_code": "C01", "name_zh": "市容环境", "name_en": "City appearance",
         "group_zh": "城市管理", "group_en": "Urban management",
         "limit_hours_urgent": 24.0, "limit_hours_normal": 72.0},
        {"category_code": "C02", "name_zh": "矛盾纠纷", "name_en": "Disputes",
         "group_zh": "平安建设", "group_en": "Public safety",
         "limit_hours_urgent": 12.0, "limit_hours_normal": 120.0},
    ],
    "items": [
        {"item_code": "I0101", "category_code": "C01", "name_zh": "乱堆乱放",
         "name_en": "Clutter"},
        {"item_code": "I0102", "category_code": "C01", "name_zh": "占道经营",
         "name_en": "Street vending"},
        {"item_code": "I0201", "category_code": "C02", "name_zh": "邻里纠纷",
         "name_en": "Neighbour dispute"},
    ],
    "grids": [
        _grid(G1, "龙城社区第一网格", "urban", "小店区", "坞城街道", "龙城社区", 112.565, 37.820),
        _grid(G2, "龙城社区第二网格", "urban", "小店区", "坞城街道", "龙城社区", 112.568, 37.822),
        _grid(G3, "北格村网格", "rural", "小店区", "北格镇", "北格村", 112.640, 37.700),
        _grid(G4, "柳巷社区网格", "urban", "迎泽区", "柳巷街道", "柳巷社区", 112.560, 37.860),
    ],
    "workers": [
        {"worker_id": "W001", "display_name": "网格员甲", "employment": "full_time",
         "hired_on": date(2021, 3, 1), "left_on": None},
        {"worker_id": "W002", "display_name": "网格员乙", "employment": "full_time",
         "hired_on": date(2022, 6, 15), "left_on": None},
        {"worker_id": "W003", "display_name": "网格员丙", "employment": "part_time",
         "hired_on": date(2023, 1, 9), "left_on": date(2024, 5, 31)},
    ],
    "worker_grids": [
        {"worker_id": "W001", "grid_code": G1, "role": "lead",
         "valid_from": date(2021, 3, 1), "valid_to": None},
        {"worker_id": "W001", "grid_code": G2, "role": "member",
         "valid_from": date(2022, 1, 1), "valid_to": None},
        {"worker_id": "W002", "grid_code": G3, "role": "lead",
         "valid_from": date(2022, 6, 15), "valid_to": None},
        {"worker_id": "W003", "grid_code": G4, "role": "lead",
         "valid_from": date(2023, 1, 9), "valid_to": date(2024, 5, 31)},
    ],
    "incidents": [
        _incident("E0001", G1, "I0101", "patrol", "normal", "2024-06-01 09:10:00", "closed",
                  reporter_worker_id="W001", lon=112.5651, lat=37.8203,
                  accepted_at="2024-06-01 09:20:00", resolved_at="2024-06-01 11:00:00",
                  closed_at="2024-06-01 15:00:00", deadline_at="2024-06-04 09:10:00",
                  handling_unit="坞城街道城管科", satisfaction=5),
        _incident("E0002", G1, "I0102", "resident", "urgent", "2024-06-02 08:00:00", "closed",
                  accepted_at="2024-06-02 08:30:00", dispatched_at="2024-06-02 09:00:00",
                  resolved_at="2024-06-02 14:00:00", closed_at="2024-06-02 18:00:00",
                  deadline_at="2024-06-03 08:00:00", handling_unit="小店区城管局",
                  escalation_level="district", satisfaction=4),
        _incident("E0003", G2, "I0201", "hotline", "normal", "2024-06-03 10:00:00", "resolved",
                  accepted_at="2024-06-03 10:15:00", resolved_at="2024-06-05 10:00:00",
                  deadline_at="2024-06-08 10:00:00", escalation_level="community"),
        _incident("E0004", G3, "I0101", "patrol", "normal", "2024-06-04 16:45:00", "open",
                  reporter_worker_id="W002", lon=112.6401, lat=37.7002,
                  deadline_at="2024-06-07 16:45:00"),
        _incident("E0005", G3, "I0201", "video", "urgent", "2024-06-05 07:30:00", "dispatched",
                  accepted_at="2024-06-05 07:35:00", dispatched_at="2024-06-05 08:00:00",
                  deadline_at="2024-06-05 19:30:00", handling_unit="北格镇综治办",
                  escalation_level="street"),
        _incident("E0006", G4, "I0102", "department", "normal", "2024-06-06 11:00:00",
                  "cancelled", accepted_at="2024-06-06 11:05:00"),
        _incident("E0007", G4, "I0101", "patrol", "normal", "2024-05-20 09:00:00", "closed",
                  reporter_worker_id="W003", lon=112.5602, lat=37.8601,
                  accepted_at="2024-05-20 09:05:00", resolved_at="2024-05-20 10:00:00",
                  closed_at="2024-05-20 12:00:00", deadline_at="2024-05-23 09:00:00",
                  satisfaction=3),
        _incident("E0008", G2, "I0101", "resident", "normal", "2024-06-07 20:00:00", "closed",
                  accepted_at="2024-06-07 20:10:00", resolved_at="2024-06-08 09:00:00",
                  closed_at="2024-06-08 10:00:00", deadline_at="2024-06-10 20:00:00",
                  satisfaction=5),
    ],
    "incident_events": [
        {"incident_id": i, "step": s, "at": _t(at), "unit": u}
        for i, s, at, u in [
            ("E0001", "report", "2024-06-01 09:10:00", None),
            ("E0001", "accept", "2024-06-01 09:20:00", "龙城社区"),
            ("E0001", "close", "2024-06-01 15:00:00", "龙城社区"),
            ("E0002", "report", "2024-06-02 08:00:00", None),
            ("E0002", "dispatch", "2024-06-02 09:00:00", "小店区城管局"),
            ("E0002", "close", "2024-06-02 18:00:00", "小店区城管局"),
            ("E0003", "report", "2024-06-03 10:00:00", None),
            ("E0004", "report", "2024-06-04 16:45:00", None),
            ("E0005", "report", "2024-06-05 07:30:00", None),
            ("E0006", "cancel", "2024-06-06 11:05:00", "部门"),
            ("E0007", "report", "2024-05-20 09:00:00", None),
            ("E0008", "report", "2024-06-07 20:00:00", None),
        ]
    ],
    "patrols": [
        {"worker_id": w, "grid_code": g, "patrol_date": d, "minutes": m,
         "households_visited": h, "distance_km": km}
        for w, g, d, m, h, km in [
            ("W001", G1, date(2024, 6, 1), 120, 15, 3.5),
            ("W001", G2, date(2024, 6, 1), 60, 8, None),
            ("W002", G3, date(2024, 6, 4), 180, 22, 9.0),
            ("W003", G4, date(2024, 5, 20), 90, 11, 2.2),
        ]
    ],
    "trainings": [
        {"session_id": "T01", "title": "网格事项准入培训", "topic": "事项清单", "level": "city",
         "mode": "video", "starts_at": _t("2024-03-12 09:00:00"), "duration_minutes": 90},
        {"session_id": "T02", "title": "矛盾纠纷调处", "topic": "平安建设", "level": "district",
         "mode": "onsite", "starts_at": _t("2024-04-18 14:30:00"), "duration_minutes": 120},
    ],
    "training_attendance": [
        {"session_id": s, "person_id": p, "person_type": t, "minutes_attended": m}
        for s, p, t, m in [
            ("T01", "W001", "grid_worker", 90),
            ("T01", "W002", "grid_worker", 85),
            ("T01", "CADRE-17", "cadre", 90),
            ("T02", "W001", "grid_worker", 120),
            ("T02", "W003", "grid_worker", 110),
        ]
    ],
}
# fmt: on

ROW_COUNTS = {name: len(rows) for name, rows in _ROWS.items()}


def rows() -> dict[str, list[dict]]:
    """Fresh copies of the valid rows, {table: [row dict]}, in contract column order."""
    return copy.deepcopy(_ROWS)


def arrow_table(name: str, table_rows: list[dict], types: dict | None = None) -> pa.Table:
    """`table_rows` as an Arrow table with the contract's columns (kinds mapped by ARROW);
    `types` overrides the Arrow type of some columns, and a column typed None is left out."""
    types = types or {}
    fields = []
    for col in contract.table(name).columns:
        t = types.get(col.name, ARROW[col.kind])
        if t is not None:
            fields.append(pa.field(col.name, t))
    schema = pa.schema(fields)
    return pa.Table.from_pylist(table_rows, schema=schema)


def write(out: Path, data: dict[str, list[dict]] | None = None) -> Path:
    """Write `data` (default: the valid rows) as `out/<table>/part-0.parquet`; returns `out`."""
    data = rows() if data is None else data
    for name, table_rows in data.items():
        write_part(out, name, table_rows)
    return out


def write_part(
    out: Path, name: str, table_rows: list[dict], part: str = "part-0.parquet", types=None
) -> Path:
    """Write one file `out/<name>/<part>` (part may contain hive folders); returns its path."""
    path = out / name / part
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow_table(name, table_rows, types), path)
    return path
