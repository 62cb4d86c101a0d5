"""Server fixtures: a small store made with the real ``sco-kg load``, and live servers.

Nothing here depends on the seed build: the data is a few triples written for these tests.
Servers bind 127.0.0.1 on port 0 (werkzeug ``make_server`` in a thread) and are shut down,
with their query workers, in ``finally``.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from sco_kg.server import close_app, create_app

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


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` on 127.0.0.1, any free port; yields its base URL; always shut down."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextmanager
def live_app(store: Path, **settings: object) -> Iterator[str]:
    """A fresh app over ``store`` with ``settings``, served; yields the base URL."""
    app = create_app(settings, store=str(store))
    try:
        with serving(app) as url:
            yield url
    finally:
        close_app(app)


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    (folder / "a.ttl").write_text(DATA_A, "utf-8")
    (folder / "b.ttl").write_text(DATA_B, "utf-8")
    return load_store(folder / "store", {GRAPH_A: folder / "a.ttl", GRAPH_B: folder / "b.ttl"})


@pytest.fixture(scope="session")
def live_server(small_store: Path) -> Iterator[str]:
    """The endpoint over the small store with default settings (2 workers, sandboxed)."""
    with live_app(small_store, rate_limit_query_s=0) as url:
        yield url
