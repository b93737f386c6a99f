"""The apps form layers that point one way: computed from the source, failing on any cycle.

Layers, bottom to top (an app may import its own layer or below, never above; see the README):
core → people → registry, accounts → checks (the vigilance engine) → domain apps → web, api, demo.
An app not listed here (a new domain app) is a domain app.
"""

import ast
import pathlib

import equipage

ROOT = pathlib.Path(equipage.__file__).parent
LAYERS = {
    "core": 0,
    "people": 1,
    "registry": 2,
    "accounts": 2,
    "checks": 3,
    # domain apps (teams, governance, selfassessment, indicators, compliance, …): 4
    "web": 5,
    "api": 5,
    "demo": 5,
}
DOMAIN = 4


def _imported_modules(path: pathlib.Path) -> set[str]:
    package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            else:
                found.add(node.module)
    return found


def import_graph() -> dict[str, set[str]]:
    """Which equipage apps each app's source imports (migrations left out)."""
    apps = {child.name for child in ROOT.iterdir() if (child / "apps.py").exists()}
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for module in _imported_modules(path):
                parts = module.split(".")
                if parts[0] == "equipage" and len(parts) > 1 and parts[1] in apps and parts[1] != app:
                    graph[app].add(parts[1])
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as a path (first node repeated at the end), or [] if there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_cycle_finder_finds_a_cycle_and_accepts_a_dag():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_import_graph_between_apps_has_no_cycle():
    graph = import_graph()
    assert {"core", "registry", "checks", "web"} <= set(graph)
    cycle = find_cycle(graph)
    assert not cycle, "Import cycle between apps: " + " → ".join(cycle)


def test_every_app_imports_only_its_layer_and_below():
    graph = import_graph()
    upward = sorted(
        f"{app} → {target}"
        for app, targets in graph.items()
        for target in targets
        if LAYERS.get(target, DOMAIN) > LAYERS.get(app, DOMAIN)
    )
    assert not upward, "Imports pointing up the layers: " + ", ".join(upward)


def test_the_bottom_layers_know_no_domain_app():
    graph = import_graph()
    assert graph["core"] == set()
    assert graph["registry"] <= {"core", "people"}
    assert graph["checks"] <= {"core", "people", "registry"}
