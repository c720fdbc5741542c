"""The export contract: every table and column the centre's Parquet exports must have.

Written once, here. The validator, the SQL console's schema browser and `docs/contract.md`
(`griddash schema --format markdown`) all read it from this module.

Types are checked by kind, not width: an int16 or int64 column is a fine `integer`, a
timestamp[ms] a fine `timestamp`. Timestamps are local (Asia/Shanghai) without a zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("integer", "floating", "string", "date", "timestamp", "boolean")

# The DuckDB type each kind is cast to when a table is loaded.
DUCKDB_TYPE = {
    "integer": "bigint",
    "floating": "double",
    "string": "varchar",
    "date": "date",
    "timestamp": "timestamp",
    "boolean": "boolean",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool
    zh: str
    en: str
    values: tuple[str, ...] = ()  # allowed values, when the column is an enumeration

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


@dataclass(frozen=True)
class Reference:
    """`columns` of this table must match `target_columns` of a clean row of `target`."""

    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]
    reason: str
    # Only rows where this SQL condition holds must match (e.g. attendance by grid workers).
    when: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    grain_zh: str
    grain_en: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    grid_code_columns: tuple[str, ...] = ()
    # (earlier, later): rows where later < earlier are closed_before_reported.
    order_checks: tuple[tuple[str, str], ...] = ()
    # Rows whose lon/lat lie outside the city are outside_city (pairs of lon, lat columns).
    coordinates: tuple[tuple[str, str], ...] = ()
    # Numeric ranges (column, low, high), inclusive: values outside are bad_value.
    ranges: tuple[tuple[str, float, float], ...] = ()
    big: bool = False  # may be hive-partitioned (year=/month=)
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name, kind, required, zh, en, values=()):
    return Column(name, kind, required, zh, en, tuple(values))


GRID_TYPES = ("urban", "rural", "dedicated")
EMPLOYMENT = ("full_time", "part_time")
ROLES = ("lead", "member")
SOURCES = ("patrol", "resident", "hotline", "video", "department")
URGENCY = ("urgent", "normal")
STATUSES = ("open", "dispatched", "resolved", "closed", "cancelled")
LEVELS = ("grid", "community", "street", "district", "city")
STEPS = (
    "report",
    "accept",
    "dispatch",
    "return",
    "escalate",
    "resolve",
    "verify",
    "close",
    "reopen",
    "cancel",
)
TRAINING_LEVELS = ("city", "district", "street")
TRAINING_MODES = ("video", "onsite")
PERSON_TYPES = ("grid_worker", "cadre")

# Quarantine reasons, in the order they are tried: a row is quarantined once, under the first
# reason that applies. The first block is DESIGN.md's list; the three unknown_* references and
# bad_value (an enumeration or range violation) are this project's additions, each placed
# after the reference checks so the listed order is kept.
REASONS = (
    "duplicate_id",
    "bad_grid_code",
    "unknown_grid",
    "unknown_item",
    "unknown_worker",
    "unknown_category",
    "unknown_incident",
    "unknown_session",
    "closed_before_reported",
    "future_timestamp",
    "outside_city",
    "null_required",
    "bad_value",
)

REASON_TEXT = {
    "duplicate_id": ("重复编号", "duplicate id (first row read is kept)"),
    "bad_grid_code": ("网格编码格式错误", "grid code is not 16 digits"),
    "unknown_grid": ("网格不存在", "grid code not in grids"),
    "unknown_item": ("事项不存在", "item code not in items"),
    "unknown_worker": ("网格员不存在", "worker id not in workers"),
    "unknown_category": ("准入事项不存在", "category code not in categories"),
    "unknown_incident": ("事件不存在", "incident id not in incidents"),
    "unknown_session": ("培训场次不存在", "session id not in trainings"),
    "closed_before_reported": ("结束早于开始", "a later step is timed before an earlier one"),
    "future_timestamp": ("时间在未来", "timestamp after the time of validation"),
    "outside_city": ("坐标在市域外", "coordinates outside the city"),
    "null_required": ("必填字段为空", "required column is null"),
    "bad_value": ("取值不在允许范围", "value not among the allowed values or range"),
}

TABLES: tuple[Table, ...] = (
    Table(
        "categories",
        "准入事项",
        "matter type",
        "准入事项（37 类）",
        "matter types (37)",
        (
            _c("category_code", "string", True, "事项类别编码", "matter type code"),
            _c("name_zh", "string", True, "中文名称", "name in Chinese"),
            _c("name_en", "string", True, "英文名称", "name in English"),
            _c("group_zh", "string", True, "所属领域（中文）", "domain group in Chinese"),
            _c("group_en", "string", True, "所属领域（英文）", "domain group in English"),
            _c(
                "limit_hours_urgent",
                "floating",
                True,
                "紧急件处置时限（小时）",
                "time limit for urgent cases, hours",
            ),
            _c(
                "limit_hours_normal",
                "floating",
                True,
                "一般件处置时限（小时）",
                "time limit for normal cases, hours",
            ),
        ),
        key=("category_code",),
        ranges=(("limit_hours_urgent", 0.1, 8760), ("limit_hours_normal", 0.1, 8760)),
    ),
    Table(
        "items",
        "事项清单条目",
        "item",
        "事项清单（82 项）",
        "items (82)",
        (
            _c("item_code", "string", True, "事项编码", "item code"),
            _c("category_code", "string", True, "所属准入事项编码", "matter type code"),
            _c("name_zh", "string", True, "中文名称", "name in Chinese"),
            _c("name_en", "string", True, "英文名称", "name in English"),
        ),
        key=("item_code",),
        references=(
            Reference(("category_code",), "categories", ("category_code",), "unknown_category"),
        ),
    ),
    Table(
        "grids",
        "网格",
        "grid",
        "网格",
        "grids",
        (
            _c(
                "grid_code",
                "string",
                True,
                "16 位网格编码：12 位社区（村）代码 + 4 位序号",
                "16-digit grid code: 12-digit community/village code + 4-digit sequence",
            ),
            _c("grid_name", "string", True, "网格名称", "grid name"),
            _c(
                "grid_type",
                "string",
                True,
                "网格类型：城市、农村、专属（学校、医院、园区等）",
                "grid type: urban, rural, dedicated (school, hospital, park …)",
                GRID_TYPES,
            ),
            _c(
                "district_code", "string", True, "区（县、市）代码，6 位", "district code, 6 digits"
            ),
            _c("district_name", "string", True, "区（县、市）名称", "district name"),
            _c(
                "street_code",
                "string",
                True,
                "街道（乡镇）代码，9 位",
                "street/town code, 9 digits",
            ),
            _c("street_name", "string", True, "街道（乡镇）名称", "street/town name"),
            _c(
                "community_code",
                "string",
                True,
                "社区（村）代码，12 位",
                "community/village code, 12 digits",
            ),
            _c("community_name", "string", True, "社区（村）名称", "community/village name"),
            _c("households", "integer", True, "户数", "households"),
            _c("population", "integer", True, "常住人口", "resident population"),
            _c("area_km2", "floating", True, "面积（平方公里）", "area, km²"),
            _c("center_lon", "floating", True, "中心点经度（WGS84）", "centre longitude (WGS84)"),
            _c("center_lat", "floating", True, "中心点纬度（WGS84）", "centre latitude (WGS84)"),
            _c(
                "boundary_wkt",
                "string",
                False,
                "边界多边形（WKT，可为空）",
                "boundary polygon as WKT, may be null",
            ),
        ),
        key=("grid_code",),
        grid_code_columns=("grid_code",),
        coordinates=(("center_lon", "center_lat"),),
        ranges=(("households", 0, 1e6), ("population", 0, 1e7), ("area_km2", 0, 1e4)),
    ),
    Table(
        "workers",
        "网格员",
        "grid worker",
        "网格员",
        "grid workers",
        (
            _c("worker_id", "string", True, "网格员编号", "worker id"),
            _c("display_name", "string", True, "显示名（化名）", "display name (pseudonymous)"),
            _c(
                "employment",
                "string",
                True,
                "用工类型：专职、兼职",
                "employment: full or part time",
                EMPLOYMENT,
            ),
            _c("hired_on", "date", True, "入职日期", "hired on"),
            _c("left_on", "date", False, "离职日期（在岗为空）", "left on (null while active)"),
        ),
        key=("worker_id",),
        order_checks=(("hired_on", "left_on"),),
    ),
    Table(
        "worker_grids",
        "网格员 × 网格分配",
        "assignment",
        "网格员分配",
        "worker assignments",
        (
            _c("worker_id", "string", True, "网格员编号", "worker id"),
            _c("grid_code", "string", True, "网格编码", "grid code"),
            _c("role", "string", True, "角色：网格长、成员", "role: lead or member", ROLES),
            _c("valid_from", "date", True, "起始日期", "valid from"),
            _c(
                "valid_to",
                "date",
                False,
                "结束日期（当前有效为空）",
                "valid to (null while current)",
            ),
        ),
        key=("worker_id", "grid_code", "valid_from"),
        references=(Reference(("worker_id",), "workers", ("worker_id",), "unknown_worker"),),
        grid_code_columns=("grid_code",),
        order_checks=(("valid_from", "valid_to"),),
    ),
    Table(
        "incidents",
        "事件",
        "incident",
        "事件",
        "incidents",
        (
            _c("incident_id", "string", True, "事件编号", "incident id"),
            _c("grid_code", "string", True, "所在网格编码", "grid code"),
            _c("item_code", "string", True, "事项编码", "item code"),
            _c(
                "source",
                "string",
                True,
                "来源：网格员巡查、群众（微信）、12345 热线、视频监控、部门移交",
                "source: patrol, resident/WeChat, 12345 hotline, video, department",
                SOURCES,
            ),
            _c(
                "urgency",
                "string",
                True,
                "紧急程度：紧急、一般",
                "urgency: urgent or normal",
                URGENCY,
            ),
            _c("reported_at", "timestamp", True, "上报时间", "reported at"),
            _c(
                "reporter_worker_id",
                "string",
                False,
                "上报网格员编号（非巡查来源为空）",
                "reporting worker (null unless reported on patrol)",
            ),
            _c("lon", "floating", False, "经度（WGS84）", "longitude (WGS84)"),
            _c("lat", "floating", False, "纬度（WGS84）", "latitude (WGS84)"),
            _c(
                "status",
                "string",
                True,
                "状态：待受理、已派遣、已处置、已结案、已撤销",
                "status: open, dispatched, resolved, closed, cancelled",
                STATUSES,
            ),
            _c("accepted_at", "timestamp", False, "受理时间", "accepted at"),
            _c(
                "dispatched_at",
                "timestamp",
                False,
                "派遣时间（就地解决为空）",
                "dispatched at (null when resolved on the spot)",
            ),
            _c("resolved_at", "timestamp", False, "处置完成时间", "resolved at"),
            _c("closed_at", "timestamp", False, "结案时间", "closed at"),
            _c("deadline_at", "timestamp", False, "处置时限截止时间", "deadline"),
            _c("handling_unit", "string", False, "承办单位", "handling unit"),
            _c(
                "escalation_level",
                "string",
                True,
                "办理层级：网格、社区、街道、区、市",
                "level handling it: grid, community, street, district, city",
                LEVELS,
            ),
            _c("satisfaction", "integer", False, "满意度（1–5）", "satisfaction (1–5)"),
        ),
        key=("incident_id",),
        references=(
            Reference(("item_code",), "items", ("item_code",), "unknown_item"),
            Reference(("reporter_worker_id",), "workers", ("worker_id",), "unknown_worker"),
        ),
        grid_code_columns=("grid_code",),
        order_checks=(
            ("reported_at", "accepted_at"),
            ("reported_at", "dispatched_at"),
            ("reported_at", "resolved_at"),
            ("reported_at", "closed_at"),
        ),
        coordinates=(("lon", "lat"),),
        ranges=(("satisfaction", 1, 5),),
        big=True,
    ),
    Table(
        "incident_events",
        "办理环节",
        "workflow step",
        "事件办理环节",
        "incident events",
        (
            _c("incident_id", "string", True, "事件编号", "incident id"),
            _c(
                "step",
                "string",
                True,
                "环节：上报、受理、派遣、退回、升级、处置、核查、结案、重启、撤销",
                "step: report, accept, dispatch, return, escalate, resolve, verify, close, "
                "reopen, cancel",
                STEPS,
            ),
            _c("at", "timestamp", True, "发生时间", "at"),
            _c("unit", "string", False, "办理单位", "acting unit"),
        ),
        key=("incident_id", "step", "at"),
        references=(
            Reference(("incident_id",), "incidents", ("incident_id",), "unknown_incident"),
        ),
        big=True,
    ),
    Table(
        "patrols",
        "网格员 × 网格 × 日",
        "worker × grid × day",
        "巡查",
        "patrols",
        (
            _c("worker_id", "string", True, "网格员编号", "worker id"),
            _c("grid_code", "string", True, "网格编码", "grid code"),
            _c("patrol_date", "date", True, "巡查日期", "patrol date"),
            _c("minutes", "integer", True, "巡查时长（分钟）", "patrol minutes"),
            _c("households_visited", "integer", True, "走访户数", "households visited"),
            _c("distance_km", "floating", False, "巡查里程（公里）", "distance, km"),
        ),
        key=("worker_id", "grid_code", "patrol_date"),
        references=(Reference(("worker_id",), "workers", ("worker_id",), "unknown_worker"),),
        grid_code_columns=("grid_code",),
        ranges=(("minutes", 0, 1440), ("households_visited", 0, 10000), ("distance_km", 0, 500)),
        big=True,
    ),
    Table(
        "trainings",
        "培训场次",
        "session",
        "培训场次",
        "training sessions",
        (
            _c("session_id", "string", True, "场次编号", "session id"),
            _c("title", "string", True, "培训主题", "title"),
            _c("topic", "string", True, "专题", "topic"),
            _c(
                "level",
                "string",
                True,
                "层级：市、区、街道",
                "level: city, district, street",
                TRAINING_LEVELS,
            ),
            _c(
                "mode",
                "string",
                True,
                "形式：视频会议、现场",
                "mode: video conference or on site",
                TRAINING_MODES,
            ),
            _c("starts_at", "timestamp", True, "开始时间", "starts at"),
            _c("duration_minutes", "integer", True, "时长（分钟）", "duration, minutes"),
        ),
        key=("session_id",),
        ranges=(("duration_minutes", 1, 1440),),
    ),
    Table(
        "training_attendance",
        "人员 × 场次",
        "person × session",
        "参训记录",
        "training attendance",
        (
            _c("session_id", "string", True, "场次编号", "session id"),
            _c(
                "person_id",
                "string",
                True,
                "人员编号（网格员即网格员编号）",
                "person id (a grid worker's is their worker id)",
            ),
            _c(
                "person_type",
                "string",
                True,
                "人员类型：网格员、干部",
                "person type: grid worker or cadre",
                PERSON_TYPES,
            ),
            _c("minutes_attended", "integer", True, "参训时长（分钟）", "minutes attended"),
        ),
        key=("session_id", "person_id"),
        references=(
            Reference(("session_id",), "trainings", ("session_id",), "unknown_session"),
            Reference(
                ("person_id",),
                "workers",
                ("worker_id",),
                "unknown_worker",
                when="person_type = 'grid_worker'",
            ),
        ),
        ranges=(("minutes_attended", 0, 1440),),
        big=True,
    ),
)

# Tables in load order: a table's references point only to tables before it.
TABLE_NAMES = tuple(t.name for t in TABLES)
BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The contract of one table, by name."""
    return BY_NAME[name]


def to_markdown() -> str:
    """The whole contract as Markdown (docs/contract.md is generated from this)."""
    lines = [
        "# Export contract",
        "",
        "Generated from `dashboard/core/contract.py` by `griddash schema --format markdown`; "
        "do not edit by hand.",
        "",
        "Types are checked by kind, not width. Timestamps are local (Asia/Shanghai) without zone; "
        "coordinates are WGS84.",
        "",
        "## Quarantine reasons (tried in this order)",
        "",
        "| reason | zh | en |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{r}` | {REASON_TEXT[r][0]} | {REASON_TEXT[r][1]} |" for r in REASONS]
    for t in TABLES:
        lines += ["", f"## `{t.name}` — {t.zh} / {t.en}", ""]
        lines.append(f"One row per {t.grain_en} ({t.grain_zh}). Key: `{', '.join(t.key)}`.")
        for r in t.references:
            cond = f" where {r.when}" if r.when else ""
            lines.append(
                f"`{', '.join(r.columns)}` → `{r.target}.{', '.join(r.target_columns)}`{cond} "
                f"(else `{r.reason}`)."
            )
        lines += ["", "| column | kind | required | zh | en |", "| --- | --- | --- | --- | --- |"]
        for c in t.columns:
            en = c.en + (f" — one of {', '.join(c.values)}" if c.values else "")
            lines.append(
                f"| `{c.name}` | {c.kind} | {'yes' if c.required else 'no'} | {c.zh} | {en} |"
            )
    return "\n".join(lines) + "\n"
