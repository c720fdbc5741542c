"""`dashboard/` is layered, and the layers hold: read from the source with an AST walk (imports
inside functions count too — a lazy import hides a cycle, it does not remove it; imports only for
type checkers do not). A module may import its own package's siblings and any package of a lower
layer, never a higher one, and there are no import cycles. `from package import module` is an
edge to that module, not to the package."""

from __future__ import annotations

import ast

from dashboard.core import paths

ROOT = paths.PROJECT_ROOT / "dashboard"
# The layers, bottom first (docs/layout.md). Packages on one layer do not import each other.
LAYERS = [
    {"core"},  # paths, city, contract, strings, stats: no dashboard imports below them
    {"spark"},  # the Spark Connect session, DuckDB SQL → Spark SQL: what the data layer drives
    {"data"},  # the catalog connection, the statement guard and its workers, named queries
    {"pipeline", "measures"},  # generate, validate, ingest, inventory · metrics, the brief
    {"geo", "charts"},  # outlines, map layers, the maps · plotly, ECharts and SVG charts
    {"analysis"},  # the analysis pages' frames, figures and tables; the console's logic
    {"reporting"},  # the weekly PDF
    {"app"},  # the Streamlit shell, page frame, cached page data, access, start-up
    {"commands"},  # the command line
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(paths.PROJECT_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:`."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            skip |= {id(n) for n in ast.walk(node)}
    return skip


def import_graph() -> dict[str, set[str]]:
    """module → the dashboard modules it imports."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, tree in modules.items():
        skip = _type_checking_only(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    targets.append(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                targets += [a.name for a in node.names]
            for target in targets:
                # a module's own package (its parents) is not a dependency it can cycle through
                if target in modules and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_in_dashboard():
    graph = import_graph()
    assert (
        "dashboard.commands.cli" in graph and graph["dashboard.commands.cli"]
    )  # the walk found the imports
    assert cycles(graph) == []


def package_of(module: str) -> str:
    """dashboard.data.catalog → data; dashboard.core.strings.report → core."""
    return module.split(".")[1] if module.count(".") >= 1 else ""


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) pairs that break the layering: into a higher layer, or sideways
    into another package of the same layer."""
    found = []
    for module, targets in graph.items():
        if module == "dashboard":
            continue
        own = package_of(module)
        for target in targets:
            other = package_of(target)
            if other != own and RANK[other] >= RANK[own]:
                found.append((module, target))
    return sorted(found)


def test_the_layer_rule_finds_an_upward_import():
    graph = {
        "dashboard.data.catalog": {"dashboard.app.shell"},
        "dashboard.geo.maps": {"dashboard.charts.figures", "dashboard.measures.metrics"},
        "dashboard.app.shell": {"dashboard.app.ui", "dashboard.data.catalog"},
    }
    assert upward_imports(graph) == [
        ("dashboard.data.catalog", "dashboard.app.shell"),  # up
        ("dashboard.geo.maps", "dashboard.charts.figures"),  # sideways on one layer
    ]


def test_every_module_sits_in_a_layer():
    loose = [m for m in import_graph() if m != "dashboard" and package_of(m) not in RANK]
    assert loose == []


def test_imports_go_down_the_layers():
    assert upward_imports(import_graph()) == []
