"""One answer on every store: each canned query and the README's worked example, row for row.

The seed build is queried (a) in a ``memory:`` store loaded with its graphs, (b) as the built
store folder (the default backend), (c) on ``oxigraph serve --union-default-graph`` loaded
by ``build_remote``, whose default graph is the *multiset* union of the named graphs: the
answers agree only if no triple is stated in two named graphs (issue 17, items 2 and 4), and
(d) on Debian's Virtuoso 7 (``tests/virtuoso.py``) loaded by ``build_remote`` too, whose default
graph is every graph it holds (its own system graphs too; the queries name our vocabulary), so
the canned queries are written in SPARQL both engines run (issue 16, item 4).
Canned queries are bound with their defaults, as ``/queries/<name>`` binds them without
parameters; the ``federated_*`` ones need Wikidata and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import OXIGRAPH, free_port, server_process
from virtuoso import virtuoso

from sco_kg.graph.store import Store, open_store, solutions
from sco_kg.graph.store.oxigraph import StoreFolder
from sco_kg.queries import load

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text("utf-8")


def worked_example() -> str:
    match = re.search(r"<!-- worked-example:query -->\s*```\w*\n(.*?)```", README, re.S)
    assert match, "README has no worked example"
    return match.group(1)


QUERIES = {q.name: q.bind() for q in load() if not q.name.startswith("federated_")}
QUERIES["readme_worked_example"] = worked_example()


@pytest.fixture(scope="module")
def memory_store(seed_store_path: Path) -> Iterator[Store]:
    folder = StoreFolder(seed_store_path)
    store = open_store("memory:")
    store.replace_graphs({iri: ox.parse(folder.graph_nquads(iri), ox.RdfFormat.N_QUADS)
                          for iri in folder.graphs()})
    yield store
    store.close()


@pytest.fixture(scope="module")
def remote_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """``oxigraph serve --union-default-graph`` on a free port, filled by ``build_remote``."""
    from sco_kg.graph.build import build_remote

    location = tmp_path_factory.mktemp("oxigraph-union") / "db"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with server_process([str(OXIGRAPH), "serve", "--union-default-graph", "--location",
                         str(location), "--bind", f"127.0.0.1:{port}"],
                        f"{url}/query?query=ASK%7B%7D", location.with_name("stderr.log"),
                        name="oxigraph serve --union-default-graph"):
        spec = f"sparql+{url}/?union=server"
        report = build_remote(REPO / "seeds", spec)
        assert report.ok, report.errors
        store = open_store(spec, read_only=True)
        yield store
        store.close()


@pytest.fixture(scope="module")
def virtuoso_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Virtuoso on free ports, filled by ``build_remote`` through its anonymous endpoints."""
    from sco_kg.graph.build import build_remote

    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        report = build_remote(REPO / "seeds", server.spec)
        assert report.ok, report.errors
        store = open_store(server.spec, read_only=True)
        yield store
        store.close()


def rows(store: Store, text: str) -> list[tuple[str, ...]]:
    answer = solutions(store.query(text))
    names = [v.value for v in answer.variables]
    return sorted(tuple("" if s[n] is None else str(s[n]) for n in names) for s in answer)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_stores_agree_row_for_row(name: str, seed_store: Store, memory_store: Store,
                                  remote_store: Store, virtuoso_store: Store) -> None:
    text = QUERIES[name]
    on_folder = rows(seed_store, text)
    assert rows(memory_store, text) == on_folder
    assert rows(remote_store, text) == on_folder
    assert rows(virtuoso_store, text) == on_folder


@pytest.mark.slow
def test_stores_agree_on_the_graphs_and_quads_held(seed_store: Store, remote_store: Store,
                                                   virtuoso_store: Store) -> None:
    """Only the graphs the build wrote are listed and counted, not Virtuoso's own."""
    assert remote_store.graphs() == virtuoso_store.graphs() == seed_store.graphs()
    assert len(remote_store) == len(virtuoso_store) == len(seed_store)


def test_stores_agree_checks_the_worked_example_and_every_local_canned_query() -> None:
    assert "readme_worked_example" in QUERIES
    assert {"member_states", "population_share", "said_about"} <= set(QUERIES)
