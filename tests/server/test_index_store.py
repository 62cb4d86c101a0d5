"""A server over a store served from its on-disk index answers as one over the same store in
memory (issue 17): every canned query, the dumps, the Graph Store Protocol's default graph."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from servers import serving

from sco_kg.graph.store.index import IndexedStore
from sco_kg.graph.store.oxigraph import OxigraphStore
from sco_kg.queries import load
from sco_kg.server import close_app, create_app
from sco_kg.server.web.state import EXTENSION

SRJ = "application/sparql-results+json"


@pytest.fixture(scope="module")
def disjoint_seeds(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed build, marked as having disjoint graphs (both servers then use Oxigraph's own
    union default graph, so their answers must agree row for row)."""
    copy = tmp_path_factory.mktemp("disjoint") / "store"
    shutil.copytree(seed_store_path, copy)
    manifest = json.loads((copy / "manifest.json").read_text("utf-8"))
    manifest["disjoint_graphs"] = True
    (copy / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return copy


@pytest.fixture(scope="module")
def both(disjoint_seeds: Path) -> Iterator[tuple[str, str]]:
    """(disk URL, memory URL): one store folder, served both ways with query workers."""
    common = {"workers": 1, "rate_limit_query_s": 0, "reload_check_s": 0, "cache_mb": 0}
    disk = create_app({**common, "memory_max_quads": 0}, store=str(disjoint_seeds))
    memory = create_app(common, store=str(disjoint_seeds))
    try:
        assert isinstance(disk.extensions[EXTENSION].generations.current._store, IndexedStore)
        assert isinstance(memory.extensions[EXTENSION].generations.current._store,
                          OxigraphStore)
        with serving(disk) as disk_url, serving(memory) as memory_url:
            yield disk_url, memory_url
    finally:
        close_app(disk)
        close_app(memory)


def _rows(url: str) -> list[str]:
    response = requests.get(url, headers={"Accept": SRJ}, timeout=60)
    assert response.status_code == 200, response.text
    return sorted(json.dumps(b, sort_keys=True) for b in response.json()["results"]["bindings"])


@pytest.mark.parametrize("query", [q for q in load() if "SERVICE" not in q.text.upper()],
                         ids=lambda q: q.name)
def test_index_store_canned_queries_answer_as_in_memory(both: tuple[str, str], query) -> None:
    disk, memory = both
    assert _rows(f"{disk}/queries/{query.name}") == _rows(f"{memory}/queries/{query.name}")


@pytest.mark.parametrize("path", ["/dumps/sco-kg.nq", "/dumps/sco-kg.nt", "/dumps/sco-kg.trig",
                                  "/rdf-graph-store?default"])
def test_index_store_dumps_are_the_same_bytes(both: tuple[str, str], path: str) -> None:
    disk, memory = both
    headers = {"Accept": "application/trig"} if "graph-store" in path else {}
    got = [requests.get(base + path, headers=headers, timeout=60) for base in both]
    assert [r.status_code for r in got] == [200, 200]
    assert got[0].content == got[1].content and got[0].content
