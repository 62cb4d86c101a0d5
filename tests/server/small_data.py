"""A few triples written for the protocol tests, loaded with the real ``sco-kg load``."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

GRAPH_A = "http://example.org/graph/a"
GRAPH_B = "http://example.org/graph/b"

DATA_A = """\
@prefix ex: <http://example.org/> .
ex:alice ex:name "Alice" ; ex:knows ex:bob .
ex:bob ex:name "Bob" .
"""
DATA_B = """\
@prefix ex: <http://example.org/> .
ex:carol ex:name "Carol" ; ex:knows ex:alice .
"""


def sco_kg(*args: str) -> str:
    """Run the real console script in a subprocess."""
    done = subprocess.run([sys.executable, "-m", "sco_kg.server.cli", *args],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def load_store(path: Path, graphs: Mapping[str, Path]) -> Path:
    """A store at ``path`` holding each file in its named graph, via ``sco-kg load``."""
    for iri, file in graphs.items():
        sco_kg("load", str(file), "--graph", iri, "--store", str(path))
    return path


# A query built to run for minutes: the timeout must stop it.
_TEN = " ".join(str(i) for i in range(10))
SLOW_QUERY = ("SELECT (COUNT(*) AS ?n) WHERE { "
              + " ".join(f"VALUES ?v{k} {{ {_TEN} }}" for k in range(10)) + " }")
