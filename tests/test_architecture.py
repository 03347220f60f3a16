"""The packages show the layers: imports point one way, from the command line down to the core, and
no module imports another that (through any chain) imports it back. Outside libraries stay where the
README's module map says: polib in catalog/po.py, WeasyPrint in render/pdf.py, Typer in cli.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "pressflow"
# Lower first: a module may import its own layer and those before it, never one after.
LAYERS = ["core", "cache", "source", "catalog", "check", "render", "publish"]
TOP = len(LAYERS)  # cli, doctor, the package itself
# Which modules may import each outside library (the rest must go through them).
CONFINED = {
    "polib": {"pressflow.catalog.po"},
    "weasyprint": {"pressflow.render.pdf", "pressflow.doctor"},
    "typer": {"pressflow.cli"},
    "rich": {"pressflow.cli"},
    "icu": {"pressflow.check.numerals", "pressflow.render.cldr"},
    "hunspell": {"pressflow.check.kazakh_dictionary"},
    "watchfiles": {"pressflow.publish.preview_server"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else TOP


def imports(path: Path) -> set[str]:
    """The modules `path` imports, anywhere in it, but for type checking alone."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for node in ast.walk(branch)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from pressflow.catalog import po`: the module po, not the package
            found.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if (PACKAGE.parent / node.module.replace(".", "/") / f"{alias.name}.py").is_file()
            )
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {
    module: {name for name in imports(path) if name in MODULES and name != module}
    for module, path in MODULES.items()
}


def test_there_are_modules_in_every_layer():
    assert {LAYERS[layer(module)] for module in MODULES if layer(module) < TOP} == set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module):
    upward = sorted(
        name for name in GRAPH[module] if layer(name) > layer(module) and name != "pressflow"
    )
    assert upward == [], (
        f"{module} ({LAYERS[layer(module)] if layer(module) < TOP else 'top'}) imports {upward}"
    )


def test_no_import_cycle():
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> None:
        if module in done:
            return
        assert module not in visiting, " → ".join([*visiting[visiting.index(module) :], module])
        visiting.append(module)
        for name in sorted(GRAPH[module]):
            visit(name)
        visiting.pop()
        done.add(module)

    for module in MODULES:
        visit(module)


@pytest.mark.parametrize("library", sorted(CONFINED))
def test_outside_libraries_stay_in_their_modules(library):
    users = {
        module
        for module, path in MODULES.items()
        if any(name == library or name.startswith(f"{library}.") for name in imports(path))
    }
    assert users <= CONFINED[library], sorted(users - CONFINED[library])


def test_the_module_map_lists_every_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [
        module
        for module in MODULES
        if module.count(".") == 2
        and f"`{module.split('.', 1)[1].replace('.', '/')}.py`" not in readme
    ]
    assert missing == []
