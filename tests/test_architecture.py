"""The package's shape, as docs/architecture.md states it: layers that point one way, modules of
at most 400 lines, imports at the top but where a measured start-up cost is written down."""
from __future__ import annotations

import ast

from conftest import REPO

PACKAGE = REPO / "pipeline"
#: Layer (sub-package or top-level module of ``pipeline``) → the layers it must not import.
FORBIDDEN = {
    "readers": {"transforms", "writers", "citations", "build", "catalog", "project", "inputs"},
    "transforms": {"readers", "writers", "build", "catalog", "project", "inputs"},
    "citations": {"readers", "transforms", "writers", "build", "catalog", "project", "annotations"},
    "annotations": {"readers", "transforms", "writers", "build", "catalog", "project", "inputs"},
    "ids": {"readers", "transforms", "writers", "build", "catalog", "project", "inputs", "annotations"},
    "collation": {"transforms", "writers", "build", "cli", "catalog", "project", "inputs", "annotations",
                  "citations", "works"},
    "writers": {"readers", "transforms", "build", "catalog", "project", "inputs", "convert", "citations"},
}
#: The only imports inside functions, each with the start-up cost that justifies it.
LAZY = {
    ("cli", "pipeline.build"), ("cli", "pipeline.convert"), ("cli", "pipeline.transforms.base"),
    ("cli", "pipeline.render"), ("cli", "pipeline.writers.registry"), ("cli", "pipeline.validate"),
    ("cli", "pipeline.citations.crf.train"),
    ("writers.search", "pagefind_bin_extended"),
}


def modules() -> dict[str, ast.Module]:
    return {".".join(path.relative_to(PACKAGE).with_suffix("").parts): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))}


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def layer(name: str) -> str:
    return name.split(".")[0]


def test_layers_point_one_way():
    crossings = []
    for name, tree in modules().items():
        for node in ast.walk(tree):
            for target in imported(node):
                if target.startswith("pipeline."):
                    other = layer(target.removeprefix("pipeline."))
                    if other in FORBIDDEN.get(layer(name), set()):
                        crossings.append(f"{name} -> {target}")
    assert crossings == []


def test_no_module_is_over_400_lines():
    sizes = {path.relative_to(REPO).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert {path: size for path, size in sizes.items() if size > 400} == {}


def test_every_module_says_its_job():
    assert [name for name, tree in modules().items() if not ast.get_docstring(tree)] == []


def test_imports_inside_functions_are_the_measured_lazy_ones():
    lazy = set()
    for name, tree in modules().items():
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom) and node.module:
                        lazy.add((name, node.module))
                    elif isinstance(node, ast.Import):
                        lazy.update((name, alias.name) for alias in node.names)
    assert lazy == LAZY


def test_the_architecture_document_names_the_registries():
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for registry in ("pipeline/readers/__init__.py", "pipeline/writers/registry.py",
                     "pipeline/transforms/__init__.py", "pipeline/inputs.py", "pipeline/project.py"):
        assert registry in text
        assert (REPO / registry).is_file()
