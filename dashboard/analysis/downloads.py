"""Downloads of a result or a table: CSV (UTF-8 with a byte-order mark, for Excel), Excel and
Parquet, nested values as JSON text where the format holds flat values only. Used by the SQL
console and by every analysis page's tables."""

from __future__ import annotations

import io
import json

import polars as pl

# -- formats ----------------------------------------------------------------------------------

FORMATS = {  # format → (file extension, MIME type)
    "csv": ("csv", "text/csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": ("parquet", "application/vnd.apache.parquet"),
}


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs, arrays) as JSON text: CSV and Excel hold flat values."""
    nested = [n for n, d in frame.schema.items() if d.is_nested()]
    if not nested:
        return frame
    return frame.with_columns(
        pl.Series(
            n,
            [
                None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                for v in frame[n].to_list()
            ],
            dtype=pl.String,
        )
        for n in nested
    )


def download(frame: pl.DataFrame, fmt: str) -> bytes:
    """The result as a file: `csv` (UTF-8 with a byte-order mark, so Excel reads Chinese
    text), `xlsx` (one sheet) or `parquet` (types kept, nested columns too)."""
    buf = io.BytesIO()
    if fmt == "csv":
        buf.write(b"\xef\xbb\xbf")
        _flat(frame).write_csv(buf)
    elif fmt == "xlsx":
        _flat(frame).write_excel(buf, worksheet="result", autofit=frame.height <= 2_000)
    elif fmt == "parquet":
        frame.write_parquet(buf)
    else:
        raise ValueError(f"format: expected one of {', '.join(FORMATS)}, found {fmt!r}")
    return buf.getvalue()
