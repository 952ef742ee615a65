"""The import graph of ``frisat``: no loops, and the layers point one way (core ← reporting ← web).

Read from the source with :mod:`ast`, without importing anything. Every import statement counts:
module level, inside a function and under ``if TYPE_CHECKING:`` alike, because a loop hidden in a
function body or a type-checking block is still a loop (issue 12: break it by moving the shared
piece down). Migrations are left out (Django loads them by name, nobody imports them).

Two graphs are checked: modules (``frisat.web.survey.forms`` → ``frisat.web.survey.widgets``), and
packages — the top-level packages (``frisat.core``, ``frisat.reporting`` …) and the web apps
(``frisat.web.rounds``, ``frisat.web.organisations`` …), so two apps that use each other are a loop
even when no two of their modules are.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import frisat

ROOT = Path(frisat.__file__).parent
Graph = dict[str, set[str]]


def _module_files() -> dict[str, Path]:
    files = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def _imported_names(module: str, path: Path) -> Iterable[str]:
    """Every name imported anywhere in the file (``from a import b`` gives ``a.b`` and ``a``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def module_graph() -> Graph:
    """Module → the ``frisat`` modules it imports (a name inside a module counts as the module)."""
    files = _module_files()

    def owner(name: str) -> str | None:
        while name and name not in files:
            name = name.rpartition(".")[0]
        return name or None

    graph: Graph = {}
    for module, path in files.items():
        targets = {owner(name) for name in _imported_names(module, path) if name.split(".")[0] == "frisat"}
        # ``from frisat.web.audits import views`` names the package as well; only the module counts.
        graph[module] = {t for t in targets if t and t != module and not module.startswith(f"{t}.")}
    return graph


def package_of(module: str) -> str:
    """``frisat.web.rounds.views`` → ``frisat.web.rounds``; ``frisat.core.stats`` → ``frisat.core``."""
    parts = module.split(".")
    return ".".join(parts[:3] if parts[1:2] == ["web"] else parts[:2])


def package_graph(graph: Mapping[str, set[str]]) -> Graph:
    packages: Graph = {}
    for module, targets in graph.items():
        source = package_of(module)
        packages.setdefault(source, set()).update(package_of(t) for t in targets if package_of(t) != source)
    return packages


def loops(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(graph: Mapping[str, set[str]], component: list[str]) -> str:
    members = set(component)
    return "; ".join(f"{m} → {', '.join(sorted(graph[m] & members))}" for m in component)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return module_graph()


def test_the_graph_sees_imports_in_functions_and_type_checking_blocks(tmp_path):
    path = tmp_path / "example.py"
    path.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from frisat.a import B\n"
                    "def f():\n    from . import c\n    import frisat.d\n", encoding="utf-8")
    names = set(_imported_names("frisat.pkg.example", path))
    assert {"frisat.a", "frisat.a.B", "frisat.pkg", "frisat.pkg.c", "frisat.d"} <= names


def test_loops_finds_a_loop_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert loops(graph) == [["a", "b", "c"]]
    assert loops({"a": {"b"}, "b": set()}) == []


def test_no_import_loop_between_modules(graph):
    found = loops(graph)
    assert not found, "import loops between modules:\n" + "\n".join(_describe(graph, c) for c in found)


def test_no_import_loop_between_packages_and_web_apps(graph):
    packages = package_graph(graph)
    found = loops(packages)
    assert not found, "import loops between packages:\n" + "\n".join(_describe(packages, c) for c in found)


def _third_party(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _imported_names("x", path) if name and not name.startswith("frisat")}


@pytest.mark.parametrize(("layer", "forbidden"), [
    ("frisat.core", ("frisat.reporting", "frisat.web", "frisat.cli", "frisat.io", "frisat.demo")),
    ("frisat.reporting", ("frisat.web", "frisat.cli")),
])
def test_lower_layers_import_nothing_from_higher_ones(graph, layer, forbidden):
    wrong = sorted(f"{m} → {t}" for m, targets in graph.items() if m == layer or m.startswith(f"{layer}.")
                   for t in targets if any(t == f or t.startswith(f"{f}.") for f in forbidden))
    assert not wrong, f"{layer} imports from a higher layer:\n" + "\n".join(wrong)


@pytest.mark.parametrize("layer", ["core", "reporting"])
def test_core_and_reporting_know_nothing_of_django(layer):
    users = sorted(str(path.relative_to(ROOT)) for path in (ROOT / layer).rglob("*.py")
                   if "django" in _third_party(path))
    assert not users, f"frisat.{layer} imports Django: {users}"


def test_web_common_imports_no_web_app(graph):
    """``frisat.web.common`` is what every app shares: it may use core, never an app (or it would loop)."""
    wrong = sorted(f"{m} → {t}" for m, targets in graph.items() if m.startswith("frisat.web.common")
                   for t in targets if t.startswith("frisat.web.") and not t.startswith("frisat.web.common"))
    assert not wrong, "\n".join(wrong)
