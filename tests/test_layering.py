"""Data flows one way: articles -> extraction -> statements -> quads -> store -> server."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def loaded_after(import_line: str) -> set[str]:
    code = f"import sys; {import_line}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    return set(out.stdout.split())


def test_layering_server_never_loads_extraction() -> None:
    modules = loaded_after("import sco_kg.server")
    assert "sco_kg.graph.extract" not in modules
    assert "sco_kg.graph.build" not in modules


def test_layering_extraction_loads_no_io_libraries() -> None:
    modules = loaded_after("import sco_kg.graph.extract")
    for heavy in ("flask", "werkzeug", "rdflib", "pyoxigraph", "sco_kg.server"):
        assert heavy not in modules, f"{heavy} is loaded by sco_kg.graph.extract"


def test_layering_extraction_modules_do_no_io() -> None:
    forbidden_calls = {"open", "urlopen", "read_text", "read_bytes", "write_text", "write_bytes"}
    forbidden_modules = {"os", "pathlib", "socket", "urllib", "requests", "subprocess", "io"}
    for path in sorted((REPO / "graph" / "extract").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""]
                for name in names:
                    assert name.split(".")[0] not in forbidden_modules, f"{path.name}: {name}"
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name not in forbidden_calls, f"{path.name}:{node.lineno} calls {name}"


def test_layering_nothing_imports_the_server_but_the_console_script() -> None:
    for folder in ("graph", "queries", "ontology"):
        for path in (REPO / folder).rglob("*.py"):
            assert "sco_kg.server" not in path.read_text("utf-8"), path
