"""The /data page's tables and chart from an inventory (dashboard.pipeline.inventory.build):
sizes, times, counts and shares written out, quarantined rows per reason, the commands to run,
every text in the chosen language."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl

from dashboard.charts import echarts as ec
from dashboard.core import contract, i18n, paths
from dashboard.pipeline.inventory import ERRORS_SCHEMA, Inventory


def format_bytes(n: int | None) -> str:
    if n is None:
        return "–"
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError


def format_time(value: datetime | date | None, kind: str | None) -> str:
    if value is None:
        return "–"
    if kind == "date" or (isinstance(value, datetime) and value.time() == datetime.min.time()):
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


def reason_totals(inv: Inventory, lang: str) -> pl.DataFrame:
    """Quarantined rows per reason over all tables, in the contract's reason order."""
    label = "reason_zh" if i18n.normalize_lang(lang) == "zh" else "reason_en"
    order = {r: i for i, r in enumerate(contract.REASONS)}
    return (
        inv.reasons.group_by("reason", label, maintain_order=True)
        .agg(pl.col("rows").sum(), pl.col("table").unique(maintain_order=True).alias("tables"))
        .with_columns(
            pl.col("reason")
            .replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_o")
        )
        .sort("_o")
        .drop("_o")
        .rename({label: "text"})
    )


def tables_view(inv: Inventory, lang: str) -> pl.DataFrame:
    """The table inventory with display columns in `lang` (column names are i18n keys)."""
    lang = i18n.normalize_lang(lang)
    zh = lang == "zh"
    out = []
    for r in inv.tables.iter_rows(named=True):
        out.append(
            {
                "col_table": r["table"],
                "col_name": r["name_zh"] if zh else r["name_en"],
                "col_grain": r["grain_zh"] if zh else r["grain_en"],
                "col_rows": r["rows"] if r["files"] else None,
                "col_quarantined": r["quarantined"],
                "col_clean": r["clean"],
                "col_files": r["files"],
                "col_size": format_bytes(r["bytes"]) if r["files"] else "–",
                "col_time_column": r["time_column"] or "–",
                "col_first": format_time(r["first"], r["time_kind"]),
                "col_last": format_time(r["last"], r["time_kind"]),
                "col_status": i18n.t(f"status_{r['status']}", lang),
            }
        )
    return pl.DataFrame(out)


def errors_view(inv: Inventory) -> pl.DataFrame:
    """Load errors for display: the message without the file or table it starts with."""
    out = []
    for e in inv.errors.iter_rows(named=True):
        message = e["message"]
        for prefix in (e["file"], e["table"]):
            if prefix and message.startswith(f"{prefix}: "):
                message = message[len(prefix) + 2 :]
                break
        message = paths.without_server_paths(message)  # a reader's text may name the file
        out.append({"table": e["table"], "file": e["file"] or "–", "message": message})
    return pl.DataFrame(out, schema=ERRORS_SCHEMA)


# The commands the page suggests name no folder: they read it from GRIDDASH_DATA (else
# data/exports) as the server does, and no server path reaches a page (DESIGN.md, security).
VALIDATE_COMMAND = "griddash validate"
GENERATE_COMMAND = "griddash generate --scale 1"


def report_name(inv: Inventory) -> str:
    """Where the validation report is, relative to the exports folder (_quarantine/report.json):
    the page says where to look without naming a server path."""
    report, exports = Path(inv.report_path), Path(inv.exports)
    try:
        return report.relative_to(exports).as_posix()
    except ValueError:
        return report.name


def format_count(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


def format_share(part: int | None, whole: int | None) -> str:
    if not part or not whole:
        return "0%"
    share = part / whole
    if share < 0.0001:
        return "<0.01%"
    return f"{share:.2%}" if share < 0.01 else f"{share:.1%}"


def format_span(first: datetime | None, last: datetime | None) -> str | None:
    if first is None or last is None:
        return None
    return f"{first:%Y-%m-%d} – {last:%Y-%m-%d}"


def format_days(first: datetime | None, last: datetime | None, lang: str) -> str:
    """Calendar days covered, first and last day included."""
    if first is None or last is None:
        return "–"
    return i18n.t("kpi_days", lang, days=f"{(last.date() - first.date()).days + 1:,}")


def reasons_view(inv: Inventory, lang: str) -> pl.DataFrame:
    """Quarantined rows per table and reason, for display (column names are i18n keys)."""
    zh = i18n.normalize_lang(lang) == "zh"
    names = {s.name: (s.zh if zh else s.en) for s in contract.TABLES}
    return pl.DataFrame(
        [
            {
                "col_reason": r["reason_zh"] if zh else r["reason_en"],
                "col_name": names.get(r["table"], r["table"]),
                "col_table": r["table"],
                "col_reason_code": r["reason"],
                "col_rows": r["rows"],
            }
            for r in inv.reasons.iter_rows(named=True)
        ],
        schema={
            "col_reason": pl.String,
            "col_name": pl.String,
            "col_table": pl.String,
            "col_reason_code": pl.String,
            "col_rows": pl.Int64,
        },
    )


def quarantine_figure(inv: Inventory, lang: str) -> ec.Chart:
    """Horizontal bars: quarantined rows per reason over all tables, largest on top."""
    totals = reason_totals(inv, lang).sort("rows")
    bars = [
        {
            "value": n,
            "label": {"formatter": f"{n:,}"},
            "tooltip": {"formatter": ec.tip(text, f"{n:,}")},
        }
        for text, n in zip(totals["text"], totals["rows"], strict=True)
    ]
    option = ec.option(
        "",
        ec.axis(i18n.t("chart_quarantine_x", lang), **ec.count_axis(totals["rows"].to_list())),
        ec.axis(
            "",
            "category",
            side="y",
            data=totals["text"].to_list(),
            axisLabel={"hideOverlap": False},
        ),
        [
            {
                "type": "bar",
                "data": bars,
                "itemStyle": {"color": "#c2410c"},
                "label": {"show": True, "position": "right", "color": ec.FG},
                "barCategoryGap": "30%",
            }
        ],
        grid={"top": 8, "right": 56},
    )
    del option["title"]  # the section's heading names it
    return ec.Chart(option, max(160, 44 * totals.height + 60))
