"""The package layout stays easy to see: no import circles, every module says its job."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def import_graph(with_parents: bool = False) -> dict[str, set[str]]:
    """Module → the suengine modules it imports anywhere in its text (lazy imports inside functions included);
    with `with_parents`, also the packages whose `__init__` runs before it."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                for alias in node.names:
                    candidate = f"{module}.{alias.name}"
                    targets.add(candidate if candidate in modules else module)
        # importing a.b.c first runs a/__init__.py and a/b/__init__.py: those are edges too
        parents = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + (0 if is_package else 1))} if with_parents else set()
        graph[name] = {t for t in targets | parents if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    graph = import_graph()
    assert "suengine.publish.results" in graph and graph["suengine.publish.results"], "the graph must see imports"
    assert cycles(graph) == []


def stage(module: str) -> str:
    """`suengine.engine.run` → `suengine.engine`: the pipeline stage (package or top-level module) a module belongs to."""
    return ".".join(module.split(".")[:2])


def test_pipeline_stages_depend_on_each_other_one_way() -> None:
    # A package's __init__ may import its own modules (a facade); across stages, importing a module also runs
    # its package's __init__, so those edges count: engine/__init__ → publish → engine.periods would be a circle.
    stages: dict[str, set[str]] = {}
    for module, targets in import_graph(with_parents=True).items():
        stages.setdefault(stage(module), set()).update(stage(t) for t in targets if stage(t) != stage(module))
    assert stages["suengine.build"] >= {"suengine.ingest", "suengine.engine", "suengine.publish", "suengine.render"}
    assert cycles(stages) == []


def test_every_module_opens_with_a_line_that_says_its_job() -> None:
    missing = [str(p.relative_to(SRC)) for p, _ in _modules().values() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []


def test_no_source_file_is_over_500_lines() -> None:
    """Long modules hide what they do: split one before it passes 500 lines."""
    long = {str(path.relative_to(SRC)): n for path in SRC.rglob("*.py") if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, f"filer över 500 rader: {long}"
