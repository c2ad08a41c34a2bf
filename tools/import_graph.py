"""Print the import graph of the briefing package and any cycle in it.

    python tools/import_graph.py          # cycles among module-level imports (exit 1 if any)
    python tools/import_graph.py --all    # also imports made inside functions

Only imports of briefing's own modules count; ``if TYPE_CHECKING:`` imports never do.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefing"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, lazy: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.dump(child.test):
                continue
            inner = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and (top or lazy) and child.module:
                if child.module.startswith("briefing"):
                    found.add(child.module)
                    found.update(f"{child.module}.{a.name}" for a in child.names)
            elif isinstance(child, ast.Import) and (top or lazy):
                found.update(a.name for a in child.names if a.name.startswith("briefing"))
            visit(child, inner)

    visit(tree, True)
    return found


def graph(lazy: bool) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in imports(path, lazy) if m in modules and m != name}
        for name, path in modules.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, state, stack = [], {}, []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            walk(node)
    return found


def main() -> int:
    lazy = "--all" in sys.argv
    # a package imports its parent's __init__ implicitly: not a dependency of ours
    edges = {k: {v for v in vs if not k.startswith(v + ".")} for k, vs in graph(lazy).items()}
    found = cycles(edges)
    for cycle in found:
        print("cycle:", " -> ".join(cycle))
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} imports, {len(found)} cycles")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
