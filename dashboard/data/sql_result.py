"""What a console worker sends back: Arrow record batches the caller can take.

A result is cut into pieces of about PIECE_BYTES of Arrow data and PIECE_VALUES values, so the
caller handles (and `griddash query` writes out, checking its time limit in between) a bounded
amount at a time. Values are counted with nested ones included, nulls too: a list of ten thousand
null structs of forty fields weighs next to nothing in Arrow and four hundred thousand objects in
Python — counting bytes alone let a result of a few hundred bytes take the web server to gigabytes
when the page charted it. Dates Polars cannot hold (±infinity) are refused with the column's name,
nested ones included: Polars panics on them.
"""

from __future__ import annotations

import re

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

PIECE_BYTES = 8 << 20
PIECE_VALUES = 250_000

# Dates and times Polars (chrono) can hold: about ±260,000 years around 1970.
_DAYS = 95_000_000
_PER_DAY = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000}
# DuckDB types whose Arrow form is not the value (UHUGEINT's maximum arrives as -1, BIGNUM as a
# double), and Arrow types Polars cannot take (intervals, unions, an enum inside a list): the
# analyst casts them to varchar. A top-level enum arrives as its text.
_UNFAITHFUL = re.compile(r"\b(UHUGEINT|BIGNUM|VARINT)\b")


class NotShowable(Exception):
    """A result value the console cannot show or write (the message says which column)."""


def check_types(relation: duckdb.DuckDBPyRelation) -> None:
    """NotShowable for a column of a type that would arrive changed."""
    for name, kind in zip(relation.columns, relation.types, strict=True):
        if _UNFAITHFUL.search(str(kind).upper()):  # nested ones too
            raise NotShowable(
                f"column {name!r} is a {kind}, which cannot be shown as it is; cast it to varchar"
            )


def plain_schema(schema: pa.Schema) -> pa.Schema:
    """The schema as it is sent: enums (dictionaries) as their values' type; NotShowable for a
    type that cannot be shown."""
    fields = []
    for field in schema:
        kind = field.type
        if pa.types.is_dictionary(kind):
            field = field.with_type(kind.value_type)
        _showable(field.type, field.name)
        fields.append(field)
    return pa.schema(fields, metadata=schema.metadata)


def _showable(kind: pa.DataType, name: str) -> None:
    what = (
        "intervals (use epoch(…) for seconds, or cast it to varchar)"
        if pa.types.is_interval(kind)
        else "a union (cast it to varchar)"
        if pa.types.is_union(kind)
        else "enums inside a list or struct (cast them to varchar)"
        if pa.types.is_dictionary(kind)
        else None
    )
    if what:
        raise NotShowable(f"column {name!r} holds {what}, which the console cannot show")
    for i in range(kind.num_fields):
        _showable(kind.field(i).type, name)


def plain(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """The batch with its enum columns as their values, under `schema` (plain_schema)."""
    columns = [
        c.dictionary_decode() if pa.types.is_dictionary(c.type) else c for c in batch.columns
    ]
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def values(array: pa.Array) -> int:
    """Values an array holds, nested ones and nulls included."""
    kind = array.type
    if pa.types.is_struct(kind):
        return len(array) + sum(values(child) for child in array.flatten())
    if isinstance(array, pa.ListArray | pa.LargeListArray | pa.FixedSizeListArray | pa.MapArray):
        return len(array) + values(array.flatten())  # flatten keeps to the slice's elements
    return len(array)


def batch_values(batch: pa.RecordBatch) -> int:
    return sum(values(column) for column in batch.columns)


def pieces(batch: pa.RecordBatch) -> list[pa.RecordBatch]:
    """The batch in slices of about PIECE_BYTES and PIECE_VALUES (rows of one size assumed)."""
    parts = max(-(-batch.nbytes // PIECE_BYTES), -(-batch_values(batch) // PIECE_VALUES), 1)
    parts = min(parts, max(batch.num_rows, 1))
    step = -(-batch.num_rows // parts) if batch.num_rows else 1
    return [batch.slice(start, step) for start in range(0, max(batch.num_rows, 1), step)]


def check_dates(array: pa.Array, name: str) -> None:
    """NotShowable when a date or timestamp in `array` (nested ones included) is out of Polars'
    range."""
    kind = array.type
    if pa.types.is_struct(kind):
        for child in array.flatten():
            check_dates(child, name)
        return
    if isinstance(array, pa.ListArray | pa.LargeListArray | pa.FixedSizeListArray | pa.MapArray):
        check_dates(array.flatten(), name)
        return
    if pa.types.is_date32(kind):
        limit = _DAYS
    elif pa.types.is_date64(kind):
        limit = _DAYS * _PER_DAY["ms"]
    elif pa.types.is_timestamp(kind) and kind.unit in _PER_DAY:
        limit = _DAYS * _PER_DAY[kind.unit]
    else:
        return
    ends = pc.min_max(array.view(pa.int64() if kind.bit_width == 64 else pa.int32()))
    low, high = ends["min"].as_py(), ends["max"].as_py()
    if low is not None and (low < -limit or high > limit):
        raise NotShowable(
            f"column {name!r} holds a date beyond the years -260000 to 260000 (such as "
            "infinity), which cannot be shown; cast it to varchar"
        )


def unique_names(schema: pa.Schema) -> tuple[pa.Schema, list[list[str]]]:
    """The schema with repeated column names numbered as DuckDB numbers them (a, a_1 …), and
    the [name, new name] pairs."""
    seen: set[str] = set()
    renamed, names = [], []
    for name in schema.names:
        new, n = name, 0
        while new in seen:
            n += 1
            new = f"{name}_{n}"
        seen.add(new)
        names.append(new)
        if new != name:
            renamed.append([name, new])
    if not renamed:
        return schema, []
    fields = [schema.field(i).with_name(n) for i, n in enumerate(names)]
    return pa.schema(fields, metadata=schema.metadata), renamed
