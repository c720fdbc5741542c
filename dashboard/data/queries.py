"""Named queries: one `.sql` file per named result under `queries/`, loaded by name.

Each file starts with a header comment:

    -- incidents_by_district_day: new and closed incidents per district per day.
    -- grain: district_code × day · source: incidents_by_grid_day · params: $from (date), $to (date)

The registry parses it, so the console and the PDF appendix can list every query with its purpose,
grain and parameters. Queries run with bind parameters only (dashboard.data.catalog), never with values
formatted into the text. `queries/build/` holds the DDL the catalog build runs (not in the
registry).

A part several queries share is written once under `queries/include/` and named in a query as
`{{ name }}` on a line of its own (the Kaplan–Meier cohort: `{{ km_cohort }}`); it is put in
place, indented as the marker is, when the file is loaded — SQL text of this package, never a
value. The query's header declares the parameters its includes use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dashboard.core.paths import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
INCLUDES_DIR = QUERIES_DIR / "include"
_INCLUDE = re.compile(r"^([ \t]*)\{\{\s*([a-z0-9_]+)\s*\}\}[ \t]*$", re.MULTILINE)
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)\s*\(([^)]*)\)")
_USED = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    purpose: str
    grain: str
    source: str
    params: dict[str, str]  # name → type, as declared in the header
    sql: str
    path: Path


class QueryError(Exception):
    """A named query does not exist or was called with the wrong parameters."""


def parse(path: Path) -> NamedQuery:
    """Read one query file and its header; raises QueryError when the header is malformed."""
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    first = " ".join(header)
    m = re.match(
        r"([a-z0-9_]+):\s*(.*?)\s*grain:\s*(.*?)\s*·\s*source:\s*(.*?)\s*·\s*params:\s*(.*)$", first
    )
    if not m or m.group(1) != path.stem:
        raise QueryError(
            f"{path}: expected a header '-- {path.stem}: purpose' then "
            f"'-- grain: … · source: … · params: …', found {header[:2]!r}"
        )
    name, purpose, grain, source, params_text = m.groups()
    text = _expand(text, path)
    params = dict(_PARAM.findall(params_text))
    used = set(_USED.findall(_strip_comments(text)))
    if used != set(params):
        raise QueryError(
            f"{path}: header declares parameters {sorted(params)}, the SQL uses {sorted(used)}"
        )
    return NamedQuery(name, purpose, grain, source, params, text, path)


def _expand(text: str, path: Path) -> str:
    """`text` with each `{{ name }}` line replaced by queries/include/<name>.sql, indented as the
    marker; QueryError naming the file when there is no such part."""

    def part(m: re.Match) -> str:
        indent, name = m.groups()
        found = INCLUDES_DIR / f"{name}.sql"
        if not found.is_file():
            raise QueryError(f"{path}: includes {{{{ {name} }}}}, expected {found}, found none")
        body = found.read_text(encoding="utf-8").rstrip("\n")
        return "\n".join(indent + line if line else line for line in body.splitlines())

    return _INCLUDE.sub(part, text)


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


@cache
def registry() -> dict[str, NamedQuery]:
    """Every named query under queries/, by name (sorted)."""
    return {p.stem: parse(p) for p in sorted(QUERIES_DIR.glob("*.sql"))}


def get(name: str) -> NamedQuery:
    try:
        return registry()[name]
    except KeyError:
        raise QueryError(f"no named query {name!r}; expected one of {sorted(registry())}") from None


def bind(query: NamedQuery, params: dict) -> dict:
    """The parameters to pass to DuckDB: exactly the declared ones, else QueryError."""
    missing = set(query.params) - set(params)
    extra = set(params) - set(query.params)
    if missing or extra:
        raise QueryError(
            f"{query.name}: expected parameters {sorted(query.params)}, found {sorted(params)}"
        )
    return dict(params)


def build_sql(name: str) -> str:
    """The DDL of one catalog build step (queries/build/<name>.sql), its includes in place."""
    path = QUERIES_DIR / "build" / f"{name}.sql"
    return _expand(path.read_text(encoding="utf-8"), path)
