#!/usr/bin/env bash
# Demo data for `make run` / `make demo-data`: generate exports into DIR when it holds no
# Parquet data, then validate them and build the catalog when it is missing, older than them or
# older than the code that builds it.
# Usage: scripts/demo-data.sh DIR SCALE
set -euo pipefail
cd "$(dirname "$0")/.."

exports=${1:-data/exports}
scale=${2:-1}
griddash=.venv/bin/griddash

has_data() {
    [ -d "$exports" ] && find "$exports" -name '*.parquet' -not -path '*/_*' -print -quit | grep -q .
}

if has_data; then
    echo "demo-data: $exports already holds data; leaving it as it is"
else
    echo "demo-data: generating demo exports into $exports (scale $scale)"
    force=()
    # A folder without Parquet data (say, the leftovers of an interrupted run) is replaced.
    if [ -d "$exports" ] && [ -n "$(ls -A "$exports")" ]; then force=(--force); fi
    "$griddash" generate --out "$exports" --scale "$scale" "${force[@]}"
fi

catalog=${GRIDDASH_CATALOG:-data/catalog.duckdb}
if [ ! -f "$catalog" ] || [ ! -f "$exports/_quarantine/report.json" ] \
    || [ -n "$(find "$exports" -name '*.parquet' -not -path '*/_*' -newer "$catalog" -print -quit)" ] \
    || [ -n "$(find queries/build queries/include dashboard/pipeline dashboard/core/data_days.py \
        -newer "$catalog" -print -quit)" ]; then
    # (the last: this griddash builds the catalog differently from the one that built it)
    echo "demo-data: validating $exports and building the catalog $catalog"
    rc=0
    "$griddash" ingest "$exports" --catalog "$catalog" || rc=$?
    # 1 = some rows quarantined (shown on screen); 2 = a table could not be loaded.
    if [ "$rc" -ge 2 ]; then
        echo "demo-data: ingest failed (exit $rc)" >&2
        exit "$rc"
    fi
fi
