"""The `griddash` command line: one subcommand per job, each delegating to its module."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from dashboard.core import paths
from dashboard.core.usage import UsageError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, found {text!r}") from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, found {text!r}")
    return value


def _size(text: str) -> int:
    from dashboard.data.scoped_db import size_bytes

    try:
        return size_bytes(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _time_limit(text: str) -> float:
    value = _positive_float(text)
    if not value <= 86_400:  # a day; inf and nan are no time limit
        raise argparse.ArgumentTypeError(f"expected at most 86400 seconds, found {text[:20]!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 1 or more, found {text[:20]!r}"
        )
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="griddash", description="Grid-governance command centre analytics (一屏知全城)."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    g = sub.add_parser("generate", help="write demo exports for Taiyuan")
    g.add_argument("--out", type=Path, default=None, help="exports folder (default: data/exports)")
    g.add_argument(
        "--scale",
        type=_positive_float,
        default=1.0,
        help="incident volume; 1 ≈ 4,000 incidents a day (default 1)",
    )
    g.add_argument("--seed", type=int, default=20240601, help="random seed (default 20240601)")
    g.add_argument(
        "--end",
        type=_date,
        default=None,
        help="last day of data (default: yesterday, Asia/Shanghai)",
    )
    g.add_argument("--days", type=int, default=730, help="days of history (default 730)")
    g.add_argument(
        "--divisions",
        type=Path,
        default=None,
        help="CSV code,name,level,parent_code of real divisions to use for names",
    )
    g.add_argument(
        "--boundaries",
        type=Path,
        default=None,
        help="GeoJSON of district outlines (property adcode) to tile instead of synthetic outlines",
    )
    g.add_argument("--no-progress", action="store_true", help="no progress bar")
    g.add_argument(
        "--force", action="store_true", help="overwrite an existing non-empty exports folder"
    )

    v = sub.add_parser("validate", help="check exports against the contract, quarantine bad rows")
    v.add_argument(
        "dir", type=Path, nargs="?", default=None, help="exports folder (default: data/exports)"
    )
    v.add_argument("--json", action="store_true", help="print the result as one JSON object")
    v.add_argument(
        "--quarantine",
        type=Path,
        default=None,
        help="where quarantined rows go (default: DIR/_quarantine)",
    )

    i = sub.add_parser("ingest", help="validate, then build the catalog and swap it in")
    i.add_argument(
        "dir", type=Path, nargs="?", default=None, help="exports folder (default: data/exports)"
    )
    i.add_argument(
        "--catalog", type=Path, default=None, help="catalog file (default: data/catalog.duckdb)"
    )
    i.add_argument("--no-progress", action="store_true", help="no progress bar")

    b = sub.add_parser("brief", help="the morning-briefing figures")
    b.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="the day to brief (default: the last full day in the data)",
    )
    b.add_argument("--scope", default="", help="grid-code prefix: district, street, community")
    b.add_argument(
        "--period",
        choices=("day", "weekend"),
        default="day",
        help="day (default), or weekend: Saturday and Sunday together, as of a Sunday",
    )
    b.add_argument("--json", action="store_true", help="print one JSON object")
    b.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="the talking points' language: zh (default) or en",
    )
    b.add_argument("--catalog", default=None, help=argparse.SUPPRESS)

    q = sub.add_parser("query", help="run one read-only SELECT against the catalog")
    q.add_argument(
        "sql",
        nargs="?",
        default=None,
        help="one SELECT statement; - reads it from standard input (or use --file)",
    )
    q.add_argument("--file", type=Path, default=None, help="read the statement from this file")
    q.add_argument("--scope", default="", help="grid-code prefix: district, street, community")
    q.add_argument("--format", choices=("table", "csv", "json", "parquet"), default="table")
    q.add_argument("--out", type=Path, default=None, help="write here instead of standard output")
    q.add_argument(
        "--time-limit",
        type=_time_limit,
        default=10.0,
        help="seconds before the statement's process is stopped (default 10)",
    )
    q.add_argument(
        "--memory-limit",
        default="2GB",
        help="memory of the statement's process, e.g. 2GB or 500MB (default 2GB)",
    )
    q.add_argument(
        "--max-rows", type=_count, default=1000, help="rows shown in table format (default 1000)"
    )
    q.add_argument(
        "--max-bytes",
        type=_size,
        default=None,
        help="largest result (Arrow data) for csv/json/parquet, e.g. 4GB (the default)",
    )
    q.add_argument("--catalog", default=None, help=argparse.SUPPRESS)

    r = sub.add_parser(
        "report",
        help="the weekly PDF snapshot",
        description="Write the weekly PDF snapshot of one ISO week (Monday to "
        "Sunday) for the city or a place in it, from the catalog "
        "($GRIDDASH_CATALOG); run it from cron every Monday.",
    )
    r.add_argument("--week", default=None, help="ISO week YYYY-Www (default: the last full week)")
    r.add_argument("--scope", default="", help="grid-code prefix: district, street, community")
    r.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="the report's language: zh (default) or en",
    )
    r.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    r.add_argument("--catalog", default=None, help=argparse.SUPPRESS)

    n = sub.add_parser(
        "notice",
        help="a supervision notice (督办单) about one case or spike, as a one-page PDF",
        description="Write the supervision notice (督办单) about a case that was overdue at the "
        "end of the as-of day or due in the 24 hours after it (addressed to its handling unit), "
        "or about a street or grid that spiked on the day (addressed to the street). Exit 0 "
        "written, 1 nothing to notify (not overdue or due; no spike there that day), 2 not "
        "found in the scope or bad arguments.",
    )
    about = n.add_mutually_exclusive_group(required=True)
    about.add_argument("--case", default=None, metavar="ID", help="the incident ID")
    about.add_argument(
        "--spike", default=None, metavar="CODE", help="the street (9 digits) or grid (16) code"
    )
    n.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="the day the notice is about (default: the last full day in the data)",
    )
    n.add_argument("--scope", default="", help="grid-code prefix: district, street, community")
    n.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="the notice's language (default zh)"
    )
    n.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    n.add_argument("--catalog", default=None, help=argparse.SUPPRESS)

    s = sub.add_parser("schema", help="print the export contract")
    s.add_argument("--format", choices=("markdown", "json"), default="markdown")

    sv = sub.add_parser("serve", help="run the dashboard")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8501)
    sv.add_argument(
        "--processes",
        type=int,
        default=1,
        help="Streamlit processes behind one address (nginx, sticky sessions); about one per core",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except UsageError as exc:
        print(f"griddash: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "generate":
        from dashboard.pipeline.generate import generate

        out = args.out or paths.exports_dir()
        if out.exists() and any(out.iterdir()) and not args.force:
            raise UsageError(
                f"{out} is not empty: expected an empty or new folder (use --force to replace)"
            )
        end = args.end or (paths.today_local() - timedelta(days=1))
        summary = generate(
            out,
            scale=args.scale,
            seed=args.seed,
            end=end,
            days=args.days,
            divisions_csv=args.divisions,
            boundaries_geojson=args.boundaries,
            progress=not args.no_progress,
        )
        for name, rows in summary.items():
            print(f"{name:20s} {rows:>12,d}")
        return 0
    if args.command == "validate":
        from dashboard.pipeline.validate import main as validate_main

        return validate_main(args)
    if args.command == "ingest":
        from dashboard.core.engine import engine

        # GRIDDASH_ENGINE=spark: the warehouse at --catalog, built on Spark (pyspark is imported
        # only then).
        if engine() == "spark":
            from dashboard.pipeline.spark_ingest import main as ingest_main
        else:
            from dashboard.pipeline.ingest import main as ingest_main

        return ingest_main(args)
    if args.command in ("brief", "query", "report", "notice"):
        # With GRIDDASH_ENGINE=spark: import it and open the session before the command runs.
        from dashboard.data import catalogs

        catalogs.prepare()
    if args.command == "brief":
        from dashboard.commands.brief_cli import main as brief_main

        return brief_main(args)
    if args.command == "query":
        from dashboard.commands.query_cli import main as query_main

        return query_main(args)
    if args.command == "report":
        from dashboard.reporting.report_file import main as report_main

        return report_main(args)
    if args.command == "notice":
        from dashboard.commands.notice_cli import main as notice_main

        return notice_main(args)
    if args.command == "schema":
        from dashboard.core import contract

        if args.format == "json":
            import json
            from dataclasses import asdict

            print(json.dumps([asdict(t) for t in contract.TABLES], ensure_ascii=False, indent=1))
        else:
            sys.stdout.write(contract.to_markdown())
        return 0
    if args.command == "serve":
        from dashboard.commands.serve import serve

        return serve(args.host, args.port, args.processes)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
