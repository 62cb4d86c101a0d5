"""RemoteStore against a real ``oxigraph serve`` on 127.0.0.1 (no mocks), and the CLI over it."""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port, oxigraph

from sco_kg.graph.errors import QueryError, StoreError
from sco_kg.graph.store import Store, open_store
from sco_kg.graph.store.oxigraph import OxigraphStore
from sco_kg.graph.store.remote import RemoteStore

G1, G2 = "http://example.org/g1", "http://example.org/g2"


def quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/{s}"),
                   ox.NamedNode("http://example.org/p"), ox.Literal(o), ox.NamedNode(g))


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port; yields its base URL."""
    with oxigraph("serve", tmp_path_factory.mktemp("oxigraph") / "db") as url:
        yield url


@pytest.fixture
def spec(oxigraph_server: str) -> str:
    """The spec of an emptied database (tests share one server)."""
    request = urllib.request.Request(f"{oxigraph_server}/update", data=b"DROP ALL",
                                     headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=10):
        pass
    return f"sparql+{oxigraph_server}/"


@pytest.fixture
def store(spec: str) -> Iterator[Store]:
    opened = open_store(spec, create=True)
    yield opened
    opened.close()


def test_remote_registered_for_sparql_http_specs(store: Store) -> None:
    assert isinstance(store, RemoteStore)
    assert isinstance(store, Store)
    assert store.query_url.endswith("/query") and store.update_url.endswith("/update")
    assert store.store_url.endswith("/store")


def test_remote_endpoint_urls_resolve_against_the_spec_path(oxigraph_server: str) -> None:
    custom = open_store(f"sparql+{oxigraph_server}/ds/?query=/query&update=/update&store=/store")
    assert custom.query_url == f"{oxigraph_server}/query"
    with pytest.raises(StoreError, match="/ds/sparql"):  # Fuseki's layout: relative names
        open_store(f"sparql+{oxigraph_server}/ds/?query=sparql&update=update&store=data")


def test_remote_rejects_unknown_options_and_unreachable_servers() -> None:
    with pytest.raises(StoreError, match="unknown remote store option"):
        open_store("sparql+http://127.0.0.1:9/?qurey=/q")
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(f"sparql+http://127.0.0.1:{free_port()}/")


def test_remote_default_graph_is_the_union_of_named_graphs(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    rows = store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert isinstance(rows, ox.QuerySolutions)
    assert [r["o"].value for r in rows] == ["1", "2"]
    assert store.graphs() == [G1, G2]
    assert len(store) == 2


def test_remote_protocol_dataset_uses_only_the_graphs_named(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    rows = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[G2])
    assert [r["o"].value for r in rows] == ["2"]
    rows = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[G1])
    assert [r["g"].value for r in rows] == [G1]


def test_remote_replace_graphs_replaces_only_the_graphs_given(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    store.replace_graphs({G1: [quad("c", "3", G1), quad("d", "4", "http://other")]})
    rows = store.query("SELECT ?g ?o { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o")
    assert [(r["g"].value, r["o"].value) for r in rows] == [(G2, "2"), (G1, "3"), (G1, "4")]
    assert store.graphs() == [G1, G2]  # no staging graph is left behind


def test_remote_replace_with_no_quads_leaves_an_empty_graph(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)]})
    store.replace_graphs({G1: []})
    assert len(store) == 0


def test_remote_remove_graphs(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    store.remove_graphs([G1, "http://example.org/never-there"])
    assert store.graphs() == [G2]


def test_remote_version_changes_with_the_data(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)]})
    before = store.version
    assert store.version == before
    store.replace_graphs({G1: [quad("a", "2", G1), quad("b", "3", G1)]})
    assert store.version != before


def test_remote_ask_and_construct_give_pyoxigraph_results(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)]})
    assert isinstance(store.query("ASK { ?s ?p '1' }"), ox.QueryBoolean)
    assert bool(store.query("ASK { ?s ?p '1' }"))
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(triples, ox.QueryTriples)
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    assert buffer.getvalue() == b'<http://example.org/a> <http://example.org/p> "1" .\n'


def test_remote_base_iri_applies_to_relative_iris(store: Store) -> None:
    rows = store.query("SELECT ?x WHERE { BIND(<rel> AS ?x) }", base_iri="http://example.org/")
    assert [r["x"].value for r in rows] == ["http://example.org/rel"]


def test_remote_query_error_keeps_the_servers_message(store: Store) -> None:
    with pytest.raises(QueryError, match="HTTP 400"):
        store.query("SELEC * WHERE { ?s ?p ?o }")


def test_remote_read_only_refuses_writes(spec: str) -> None:
    store = open_store(spec, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.replace_graphs({G1: [quad("a", "1", G1)]})
    with pytest.raises(StoreError, match="read-only"):
        store.remove_graphs([G1])


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt", "jsonld"])
def test_remote_dump_matches_a_local_store_byte_for_byte(store: Store, fmt: str) -> None:
    data = {G1: [quad("a", "1", G1), quad("b", "x\ny", G1)], G2: [quad("a", "2", G2)]}
    store.replace_graphs(data)
    local = OxigraphStore(None)
    local.replace_graphs(data)
    for graph in (None, G1):
        remote_bytes, local_bytes = io.BytesIO(), io.BytesIO()
        store.dump(fmt, remote_bytes, graph=graph)
        local.dump(fmt, local_bytes, graph=graph)
        assert remote_bytes.getvalue() == local_bytes.getvalue()
    assert sorted(map(str, store.quads(G2))) == sorted(map(str, data[G2]))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sco_kg.server.cli", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_remote_cli_load_query_export(spec: str, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:a ex:p "1" .\nex:b ex:p "2" .\n',
                    "utf-8")
    loaded = run_cli("load", str(data), "--graph", G1, "--store", spec)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 2 triples" in loaded.stdout
    queried = run_cli("query", "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "--format", "csv",
                      "--store", spec)
    assert queried.returncode == 0, queried.stderr
    assert queried.stdout.split() == ["o", "1", "2"]
    exported = run_cli("export", "--format", "nq", "--store", spec)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == (f'<http://example.org/a> <http://example.org/p> "1" <{G1}> .\n'
                               f'<http://example.org/b> <http://example.org/p> "2" <{G1}> .\n')


def test_remote_build_puts_the_seed_graph_on_the_server_and_keeps_loaded_graphs(
        spec: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sco_kg.graph.cli import cli

    seeds = Path(__file__).resolve().parents[3] / "seeds"
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://example.org/a> <http://example.org/p> 1 .\n", "utf-8")
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(extra), "--graph", "http://example.org/extra",
                                 "--store", spec])
    assert loaded.exit_code == 0, loaded.output
    built = runner.invoke(cli, ["build", "--seeds", str(seeds), "--store", spec])
    assert built.exit_code == 0, built.output
    remote = open_store(spec)
    graphs = remote.graphs()
    assert "http://example.org/extra" in graphs
    assert sum(g.startswith("https://w3id.org/sco-kg/graph/article/") for g in graphs) == 5
    local = tmp_path / "local"
    from sco_kg.graph.build import build
    build(seeds, local)
    assert len(remote) == len(open_store(str(local))) + 1


def test_remote_store_is_served_with_default_settings(store: Store) -> None:
    """The workers' network sandbox would cut a remote store off: it is lifted for it."""
    import requests
    from servers import live_app

    store.replace_graphs({G1: [quad("a", "1", G1)]})
    with live_app(store, rate_limit_query_s=0) as url:
        answer = requests.get(f"{url}/sparql", params={"query": "SELECT ?o { ?s ?p ?o }"},
                              headers={"Accept": "text/csv"}, timeout=30)
    assert answer.status_code == 200 and answer.text.split() == ["o", "1"]


def nquads(*quads: ox.Quad) -> bytes:
    from sco_kg.graph.store.nquads import canonical_nquads

    return canonical_nquads(quads)


def dataset(store: Store) -> list[str]:
    rows = store.query("SELECT ?g ?s ?o { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(rows, ox.QuerySolutions)
    return sorted(f"{r['g'].value} {r['s'].value} {r['o'].value}" for r in rows)


@pytest.mark.parametrize("method", ["nquads", "gsp", "update"])
def test_remote_replace_nquads_replaces_and_removes_by_every_method(
        spec: str, method: str) -> None:
    store = open_store(f"{spec}?load={method}&batch_mb=0.000001&jobs=2", create=True)
    assert isinstance(store, RemoteStore)
    g3 = "http://example.org/g3"
    store.replace_graphs({G1: [quad("old", "0", G1)], g3: [quad("c", "9", g3)]})
    sent = store.replace_nquads(
        {G1: lambda: nquads(quad("a", "1", G1), quad("b", 'x "y"\nz', G1)),
         G2: lambda: nquads(quad("a", "2", G2))}, remove=[g3, "http://example.org/never"])
    assert sent == 3 and store.load_method == method
    assert dataset(store) == [f"{G1} http://example.org/a 1", f'{G1} http://example.org/b x "y"\nz',
                              f"{G2} http://example.org/a 2"]


def test_remote_replace_nquads_steps_down_to_update_when_the_store_endpoint_is_missing(
        spec: str) -> None:
    store = open_store(f"{spec}?store=/no-such-endpoint", create=True)
    assert isinstance(store, RemoteStore)
    store.replace_nquads({G1: lambda: nquads(quad("a", "1", G1))})
    assert store.load_method == "update"
    assert dataset(store) == [f"{G1} http://example.org/a 1"]


@pytest.mark.parametrize("bulk", ["yes", "no"])
def test_remote_replace_nquads_error_is_one_line_with_status_and_progress(
        spec: str, bulk: str) -> None:
    store = open_store(f"{spec}?batch_mb=0.000001&jobs=1&bulk={bulk}", create=True)
    assert isinstance(store, RemoteStore)
    with pytest.raises(StoreError) as raised:
        store.replace_nquads({G1: lambda: nquads(quad("a", "1", G1)),
                              G2: lambda: b'<http://example.org/a> <http://example.org/p> "2 .\n'})
    message = str(raised.value)
    assert "\n" not in message and "HTTP 400" in message and "1 of 2 graphs loaded" in message
    assert dataset(store) == [f"{G1} http://example.org/a 1"]  # the good batch, whole
    assert store.graphs() == [G1]  # the bad one: absent, not partial
