"""The SQL the validator runs: one statement per table that reads its Parquet files and gives
every row its quarantine reason.

Everything here only builds SQL text from the contract; `dashboard.pipeline.validate` runs it. All checks
are set-based DuckDB SQL (tables may have tens of millions of rows), and a row's reason is a single
CASE whose branches follow `contract.REASONS`, so a row is quarantined once, under the first
reason that applies.
"""

from __future__ import annotations

from datetime import datetime

from dashboard.core import city
from dashboard.core.contract import DUCKDB_TYPE, REASONS, Table

# Columns that may legitimately lie in the future: a deadline of an open case, the planned end
# of an assignment, a planned leaving date. Every other timestamp or date column is checked.
FUTURE_OK = {
    ("incidents", "deadline_at"),
    ("worker_grids", "valid_to"),
    ("workers", "left_on"),
}

# In the grids table the division codes must be the grid code's prefixes (6, 9, 12 digits).
GRID_PREFIXES = (("district_code", 6), ("street_code", 9), ("community_code", 12))

GRID_CODE_PATTERN = "[0-9]{16}"  # RE2 [0-9] is ASCII only, so full-width digits are rejected

# Columns a table takes from the table one of its references points to, joined while that
# reference is checked: the events carry their incident's grid code into the catalog, so that a
# scope filters them like everything else. Joined here, once, instead of a second join of every
# event when the catalog is built (10M incidents, 50M events: the copy 13 → 7 s, the check 2 s
# more). The referenced table's key is unique among its clean rows, so no row is repeated.
CARRIED = {"incident_events": ("incidents", ("grid_code",))}
CARRY_ALIAS = "_c"


def ident(name: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def checked_name(table: str) -> str:
    return f"checked_{table}"


def clean_name(table: str) -> str:
    return f"clean_{table}"


def source_sql(table: Table, files: list[str]) -> str:
    """SELECT reading `files` (full paths, in sorted order) as the contract's columns cast to
    their canonical DuckDB types, plus `_file` (the file's place in `files`, from 0) and `_row`
    (row number within the file, from 0). The file is a number, not its path, until a bad row
    is written out (quarantine_sql): 50 M events each carrying a 50-character path took 3–4 s
    more to check, held as text in memory (10M incidents, docs/performance.md).

    union_by_name lets files of one table differ in width (int16 here, int64 there) or carry
    different extra columns; the schema check has already made sure every file has every
    contract column of an acceptable kind. Hive partition columns are not wanted: the contract
    columns are in the files.
    """
    cols = ", ".join(
        f"CAST({ident(c.name)} AS {DUCKDB_TYPE[c.kind].upper()}) AS {ident(c.name)}"
        for c in table.columns
    )
    file_list = "[" + ", ".join(literal(f) for f in files) + "]"
    return (
        f"SELECT {cols}, file_index AS _file, file_row_number AS _row "
        f"FROM read_parquet({file_list}, file_row_number = true, "
        f"hive_partitioning = false, union_by_name = true)"
    )


def _any(conditions: list[str]) -> str:
    return " OR ".join(f"({c})" for c in conditions)


def reason_conditions(table: Table, now: datetime) -> dict[str, list[str]]:
    """For each reason, the SQL conditions (over `s`, the source row, and `d`, its duplicate-key
    match) under which a row of `table` has it. A NULL condition counts as false, which is how
    each check skips null values; only null_required looks at nulls.
    """
    s = {c.name: f"s.{ident(c.name)}" for c in table.columns}
    kinds = {c.name: c.kind for c in table.columns}
    cond: dict[str, list[str]] = {r: [] for r in REASONS}

    # The first row read keeps the key; `d._first` is the (file, row) of that first row, set
    # only for keys that occur more than once.
    cond["duplicate_id"].append("d._first IS NOT NULL AND {'f': s._file, 'r': s._row} <> d._first")

    for col in table.grid_code_columns:
        cond["bad_grid_code"].append(f"NOT regexp_full_match({s[col]}, '{GRID_CODE_PATTERN}')")
        if table.name != "grids":
            cond["unknown_grid"].append(
                f"NOT EXISTS (SELECT 1 FROM {clean_name('grids')} g WHERE g.grid_code = {s[col]})"
            )
    if "grid_code" in table.grid_code_columns:
        for col, width in GRID_PREFIXES:
            if col in s:
                cond["bad_grid_code"].append(f"{s[col]} <> left({s['grid_code']}, {width})")

    for ref in table.references:
        match = " AND ".join(
            f"t.{ident(tc)} = {s[c]}" for c, tc in zip(ref.columns, ref.target_columns, strict=True)
        )
        parts = [f"{s[c]} IS NOT NULL" for c in ref.columns]
        if ref.when:
            parts.insert(0, f"({ref.when})")
        if carried_reference(table) is ref:  # joined in checks_sql: no match, no key
            parts.append(f"{CARRY_ALIAS}._k0 IS NULL")
        else:
            parts.append(f"NOT EXISTS (SELECT 1 FROM {clean_name(ref.target)} t WHERE {match})")
        cond[ref.reason].append(" AND ".join(parts))

    for earlier, later in table.order_checks:
        cond["closed_before_reported"].append(f"{s[later]} < {s[earlier]}")

    for c in table.columns:
        if (table.name, c.name) in FUTURE_OK:
            continue
        if c.kind == "timestamp":
            cond["future_timestamp"].append(f"{s[c.name]} > TIMESTAMP '{now.isoformat(' ')}'")
        elif c.kind == "date":
            cond["future_timestamp"].append(f"{s[c.name]} > DATE '{now.date().isoformat()}'")

    lon_min, lat_min, lon_max, lat_max = city.BBOX
    for lon, lat in table.coordinates:
        # NaN is above every number in DuckDB, so a NaN coordinate falls outside too.
        inside = (
            f"{s[lon]} BETWEEN {lon_min} AND {lon_max} AND {s[lat]} BETWEEN {lat_min} AND {lat_max}"
        )
        cond["outside_city"].append(
            f"{s[lon]} IS NOT NULL AND {s[lat]} IS NOT NULL AND NOT ({inside})"
        )

    cond["null_required"] += [f"{s[c.name]} IS NULL" for c in table.columns if c.required]

    for c in table.columns:
        if c.values:
            allowed = ", ".join(literal(v) for v in c.values)
            cond["bad_value"].append(f"{s[c.name]} NOT IN ({allowed})")
    for col, low, high in table.ranges:
        assert kinds[col] in ("integer", "floating"), (table.name, col)
        cond["bad_value"].append(f"{s[col]} < {low!r} OR {s[col]} > {high!r}")
    return cond


def carried_reference(table: Table):
    """The reference of `table` whose target gives it columns (CARRIED), or None."""
    target = CARRIED.get(table.name, (None,))[0]
    return next((r for r in table.references if r.target == target), None)


def carried_columns(table: Table) -> tuple[str, ...]:
    """The columns `table`'s checked and clean rows carry beyond the contract's (CARRIED)."""
    return CARRIED[table.name][1] if carried_reference(table) else ()


def checks_sql(
    table: Table, now: datetime, src: str = "src", *, repeats: str = "sort"
) -> tuple[str, str]:
    """The rules over the rows of `src` (a relation with the contract columns, `_file` and
    `_row`), as (CTEs, final SELECT): the SELECT gives the contract columns, the carried ones
    (CARRIED: null where no referenced row matches), `_file`, `_row` and `_reason` (NULL for a
    good row). Reference checks read the clean_* views of the tables before
    this one, so those must exist already. DuckDB runs it in `checked_sql`; the Spark engine
    transpiles the same text (dashboard.pipeline.spark_validate_sql).

    repeats: how the hashes of keys seen more than once are found — "sort" (DuckDB: the hashes
    sorted, each compared with the next) or "group" (grouped and counted: Spark, whose window
    without a partition would sort every row in one task). Both give the same candidates.
    """
    key = [ident(k) for k in table.key]
    dup_cols = ", ".join(f"{k} AS _k{i}" for i, k in enumerate(key))
    dup_where = " AND ".join(f"{k} IS NOT NULL" for k in key)
    dup_hash = f"hash({', '.join(key)})"
    dup_on = " AND ".join(f"s.{k} = d._k{i}" for i, k in enumerate(key))
    whens = [
        f"WHEN {_any(conds)} THEN {literal(reason)}"
        for reason, conds in reason_conditions(table, now).items()
        if conds
    ]
    cols = ", ".join(
        [f"s.{ident(c)}" for c in table.column_names]
        + [f"{CARRY_ALIAS}.{ident(c)}" for c in carried_columns(table)]
    )
    carry = ""
    if ref := carried_reference(table):
        keys = ", ".join(f"{ident(tc)} AS _k{i}" for i, tc in enumerate(ref.target_columns))
        taken = ", ".join(ident(c) for c in carried_columns(table))
        on = " AND ".join(f"{CARRY_ALIAS}._k{i} = s.{ident(c)}" for i, c in enumerate(ref.columns))
        carry = (
            f"LEFT JOIN (SELECT {keys}, {taken} FROM {clean_name(ref.target)}) {CARRY_ALIAS} "
            f"ON {on} "
        )
    hashes = f"SELECT {dup_hash} AS _h FROM {src} WHERE {dup_where}"
    if repeats == "sort":
        # A hash equal to the next in sorted order is seen more than once. Sorting the 64-bit
        # hashes beats grouping them, where every distinct key is a group of its own (50M
        # events, DuckDB 2.0.1, 2 cores: 2.8 s against 5.4 s, and no hash table at the memory
        # limit).
        repeated = (
            f"SELECT _h FROM (SELECT _h, lead(_h) OVER (ORDER BY _h) AS _next FROM ({hashes})) "
            f"WHERE _h = _next"
        )
    elif repeats == "group":
        repeated = f"{hashes} GROUP BY ALL HAVING count(*) > 1"
    else:
        raise ValueError(f'repeats: expected "sort" or "group", found {repeats!r}')
    ctes = (
        # Hashes of the keys seen more than once: one 64-bit hash per row is far cheaper to
        # handle than the key itself with the first (file, row) (50M events: 7 s against 39 s
        # when grouped). A collision only adds a candidate; `dup` then checks them exactly.
        f"dup_hash AS ({repeated}), "
        # Keys seen more than once, with the (file, row) of the first read; usually few, so the
        # join below is cheap compared with a window over the whole table.
        f"dup AS (SELECT {dup_cols}, min({{'f': _file, 'r': _row}}) AS _first FROM {src} "
        f"WHERE {dup_where} AND {dup_hash} IN (SELECT _h FROM dup_hash) "
        f"GROUP BY ALL HAVING count(*) > 1)"
    )
    select = (
        f"SELECT {cols}, s._file, s._row, CASE {' '.join(whens)} END AS _reason "
        f"FROM {src} s {carry}LEFT JOIN dup d ON {dup_on}"
    )
    return ctes, select


def checked_sql(table: Table, files: list[str], now: datetime) -> str:
    """CREATE OR REPLACE TABLE checked_<name>: the contract columns (canonical types), the
    carried ones, `_file`, `_row` and `_reason` (NULL for a good row), from `files` (see
    `checks_sql`).
    """
    ctes, select = checks_sql(table, now)
    return (
        f"CREATE OR REPLACE TABLE {checked_name(table.name)} AS "
        # Reading the Parquet once per use (three times) beats materialising the CTE: at 30M rows
        # it saves ~2.5 GB and runs faster under a memory limit (measured with DuckDB 2.0, 2 cores).
        f"WITH src AS NOT MATERIALIZED ({source_sql(table, files)}), {ctes} {select}"
    )


def clean_sql(table: Table) -> str:
    """CREATE OR REPLACE VIEW clean_<name>: the contract columns of the good rows, and the
    columns they carry (CARRIED)."""
    cols = ", ".join(ident(c) for c in (*table.column_names, *carried_columns(table)))
    return (
        f"CREATE OR REPLACE VIEW {clean_name(table.name)} AS "
        f"SELECT {cols} FROM {checked_name(table.name)} WHERE _reason IS NULL"
    )


def quarantine_sql(table: Table, path: str, names: list[str] | None = None) -> str:
    """COPY the bad rows of checked_<name> (contract columns, _reason, _file, _row, in read
    order) to the Parquet file `path`. names: the files' paths relative to the exports folder,
    in the order read, when checked_<name>'s `_file` is a file's place among them (DuckDB's
    source_sql); written out as the path. Without them `_file` is written as it is."""
    cols = ", ".join(ident(c) for c in table.column_names)
    checked = checked_name(table.name)
    file, order = "_file", "_file, _row"
    if names is not None:  # the path for the number; the rows still in the files' order
        file = "[" + ", ".join(literal(n) for n in names) + "][_file::bigint + 1] AS _file"
        order = f"{checked}._file, _row"
    return (
        f"COPY (SELECT {cols}, _reason, {file}, _row FROM {checked} "
        f"WHERE _reason IS NOT NULL ORDER BY {order}) TO {literal(path)} (FORMAT parquet)"
    )


def counts_sql(table: Table) -> str:
    """Rows per reason (NULL = good rows) in checked_<name>."""
    return f"SELECT _reason, count(*) FROM {checked_name(table.name)} GROUP BY _reason"
