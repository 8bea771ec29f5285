"""The package's imports run one way and keep private names private (STYLE.md, issue 18).

The imports of every module under `src/leyenda` are read with `ast` (nothing is imported), and
two rules are checked:

* **No circle.** Module A depends on B when A imports B anywhere in its text: at the top, inside
  a function, or under `if TYPE_CHECKING:`. A function-level import runs later than a top-level
  one, so Python tolerates a circle made of them, but it is still a circle of layering (the
  lower module reaches back up), and this is what the test is for; an import made only for type
  annotations is a dependency of the module's meaning, so it counts as well. Importing
  `leyenda.p.m` from outside package `leyenda.p` also depends on `leyenda/p/__init__.py`,
  which Python runs first. The root package `leyenda/__init__.py` is the exception: it is the
  public API, the top of the layering, that imports everything below it; Python has always
  started it before any submodule, so a submodule depends on it only when it names it (the
  test then finds the circle).
* **No private name across modules.** No `from .m import _name` and no `m._name` on a module
  bound by an import, where `m` is another module of the package: what another module needs is
  public and documented (dunder names such as `__version__` are public).

And README's table of stages names every module, so the map a newcomer reads stays whole.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "leyenda"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE


@dataclass
class Module:
    """One module of the package as its text reads: what it imports and which private
    names of other modules it takes."""

    name: str
    path: Path
    is_package: bool
    imports: dict[str, int] = field(default_factory=dict)  # module → first line importing it
    private: list[str] = field(default_factory=list)  # "line: what" for each private name taken


def module_name(path: Path, src: Path = SRC) -> tuple[str, bool]:
    """The dotted name of a file under `src` (the package's folder) and whether it is a
    package's `__init__.py`."""
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def read_modules(src: Path = SRC) -> dict[str, Module]:
    """Every module of the package, with its imports of other modules of the package."""
    modules: dict[str, Module] = {}
    for path in sorted(src.rglob("*.py")):
        name, is_package = module_name(path, src)
        modules[name] = Module(name, path, is_package)
    for module in modules.values():
        _read_imports(module, modules)
    return modules


def _resolve(module: Module, level: int, target: str | None) -> str:
    """The absolute name `from <dots><target>` means inside `module`."""
    if level == 0:
        return target or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _read_imports(module: Module, modules: dict[str, Module]) -> None:
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    bound: dict[str, str] = {}  # local name → a module of the package it is bound to

    def depends(target: str, line: int) -> None:
        if target == module.name or target not in modules:
            return
        module.imports.setdefault(target, line)
        # importing a.b.c from outside package a.b first runs a/b/__init__.py
        parts = target.split(".")
        for i in range(2, len(parts)):
            parent = ".".join(parts[:i])
            if not module.name.startswith(parent + ".") and parent != module.name:
                module.imports.setdefault(parent, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                    depends(alias.name, node.lineno)
                    if alias.asname:
                        bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node.level, node.module)
            if source != PACKAGE and not source.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules:  # `from . import phrasing`: the module itself
                    depends(submodule, node.lineno)
                    bound[alias.asname or alias.name] = submodule
                    if _is_private(alias.name):
                        module.private.append(f"{node.lineno}: module {submodule}")
                else:
                    depends(source, node.lineno)
                    if _is_private(alias.name) and source != module.name:
                        module.private.append(f"{node.lineno}: {source}.{alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and _is_private(node.attr)
            and bound[node.value.id] != module.name
        ):
            module.private.append(f"{node.lineno}: {bound[node.value.id]}.{node.attr}")


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """The import graph's strongly connected components of more than one module (Tarjan),
    each as a list of module names, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in modules[name].imports:
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == name:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for name in sorted(modules):
        if name not in index:
            visit(name)
    return sorted(found)


def circle_through(modules: dict[str, Module], component: list[str]) -> str:
    """The shortest circle from the component's first module back to it, as
    "a:12 → b:3 → a" (each module with the line importing the next), so that a failure
    says which import to look at."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        for target in modules[here].imports:
            if target == start:
                trail = [here]
                while trail[-1] != start:
                    trail.append(came_from[trail[-1]])
                trail.reverse()
                steps = zip(trail, [*trail[1:], start], strict=True)
                return " → ".join(f"{a}:{modules[a].imports[b]}" for a, b in steps) + f" → {start}"
            if target in members and target not in came_from and target != start:
                came_from[target] = here
                queue.append(target)
    raise AssertionError(f"no circle through {start}")  # a component always has one


def test_the_import_graph_is_read_from_the_source() -> None:
    modules = read_modules()
    assert "leyenda.store" in modules and "leyenda.claims" in modules
    assert "leyenda.model" in modules["leyenda.pipeline"].imports
    # a submodule imported from outside its package also runs the package's __init__.py
    assert {"leyenda.claims", "leyenda.claims.durations"} <= set(
        modules["leyenda.reconcile"].imports
    )


def test_no_import_circle_between_modules() -> None:
    modules = read_modules()
    found = cycles(modules)
    assert not found, "import circles:\n" + "\n".join(
        f"{', '.join(c)}\n    e.g. {circle_through(modules, c)}" for c in found
    )


def test_no_module_takes_another_modules_private_names() -> None:
    taken = {
        str(m.path.relative_to(SRC.parent)): m.private for m in read_modules().values() if m.private
    }
    assert not taken, f"private names taken across modules: {taken}"


def test_the_readme_table_of_stages_names_every_module() -> None:
    """README's "How it works" table lists each module and package of `src/leyenda`, so a
    newcomer finds every stage there (its module column names them: `nlp.py`, `store/`)."""
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| stage | module | does |") :].split("\n\n", 1)[0]
    rows = [line.split("|") for line in table.splitlines()[2:]]
    named = {name for row in rows for name in re.findall(r"`([\w./]+)`", row[2])}
    modules = {
        p.name + "/" if p.is_dir() else p.name
        for p in SRC.iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").exists())
    }
    assert modules - named == set(), "modules the README's table leaves out"
    assert named - modules == set(), "names in the module column that are no module"


def test_the_checks_catch_a_circle_and_a_private_import(tmp_path: Path) -> None:
    pkg = tmp_path / PACKAGE
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import thing\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n    return a._hidden\n")
    (pkg / "sub" / "__init__.py").write_text("from .c import _x\n")
    (pkg / "sub" / "c.py").write_text("_x = 1\n")
    (pkg / "d.py").write_text("from .sub.c import _x\n")
    modules = read_modules(pkg)
    assert cycles(modules) == [["leyenda.a", "leyenda.b"]]
    assert (
        circle_through(modules, ["leyenda.a", "leyenda.b"])
        == "leyenda.a:1 → leyenda.b:2 → leyenda.a"
    )
    assert {"leyenda.sub", "leyenda.sub.c"} <= set(modules["leyenda.d"].imports)
    assert modules["leyenda.b"].private == ["3: leyenda.a._hidden"]
    assert modules["leyenda.sub"].private == ["1: leyenda.sub.c._x"]
    assert modules["leyenda.d"].private == ["1: leyenda.sub.c._x"]
