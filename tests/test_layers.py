"""The floors of ARCHITECTURE.md: imports only point down, and no module is in an import circle.

The contracts live in pyproject.toml ([tool.importlinter]); imports inside functions count like any other.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

from hotline.infra.settings import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_import_contracts_are_kept() -> None:
    # import-linter's command sets up logging with dictConfig, which disables every logger already made;
    # enable them again, or the tests after this one would find the app's warnings gone from caplog.
    enabled = [logger for logger in logging.root.manager.loggerDict.values()
               if isinstance(logger, logging.Logger) and not logger.disabled]
    try:
        assert lint_imports(config_filename=str(PROJECT_ROOT / "pyproject.toml"), no_cache=True) == 0
    finally:
        for logger in enabled:
            logger.disabled = False


def test_no_module_is_in_an_import_circle() -> None:
    graph = grimp.build_graph("hotline", cache_dir=None)
    circles = [sorted(group) for group in _strongly_connected(graph) if len(group) > 1]
    assert circles == []


def test_an_upward_import_inside_a_function_breaks_the_floors(tmp_path: Path) -> None:
    shutil.copytree(PROJECT_ROOT / "hotline", tmp_path / "hotline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    rule = tmp_path / "hotline" / "domain" / "codes.py"
    upward = "\n\ndef _reaches_up() -> None:\n    from hotline.services import dossiers  # noqa: F401\n"
    rule.write_text(rule.read_text() + upward)
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": str(LINT_IMPORTS.parent), "PYTHONPATH": str(tmp_path)}, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "hotline.domain is not allowed to import hotline.services" in result.stdout
    assert "hotline.domain.codes -> hotline.services.dossiers" in result.stdout


def _strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the module graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            groups.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return groups


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in (("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")):
        graph.add_import(importer=importer, imported=imported)
    assert [group for group in _strongly_connected(graph) if len(group) > 1] == [{"a", "b", "c"}]
