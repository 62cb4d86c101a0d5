"""Server fixtures: a small store made with the real ``sco-kg load``, and live servers.

Nothing here depends on the seed build: the data is a few triples written for these tests.
Servers bind 127.0.0.1 on port 0 (werkzeug ``make_server`` in a thread) and are shut down,
with their query workers, in ``finally``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import live_app
from small_data import DATA_A, DATA_B, GRAPH_A, GRAPH_B, load_store


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
