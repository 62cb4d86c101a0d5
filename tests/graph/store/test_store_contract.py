"""The Store contract, run over every local backend."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.errors import QueryError, StoreError
from sco_kg.graph.store import Store, open_store, solutions

G1, G2 = "http://example.org/g1", "http://example.org/g2"


def quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/{s}"),
                   ox.NamedNode("http://example.org/p"), ox.Literal(o), ox.NamedNode(g))


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    spec = "memory:" if request.param == "memory" else f"oxigraph:{tmp_path / 'store'}"
    opened = open_store(spec, create=True)
    yield opened
    opened.close()


def test_store_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


@pytest.mark.parametrize(("query", "kind"), [
    ("SELECT ?o WHERE { ?s ?p ?o }", ox.QuerySolutions), ("ASK { ?s ?p ?o }", ox.QueryBoolean),
    ("CONSTRUCT WHERE { ?s ?p ?o }", ox.QueryTriples)])
def test_store_query_answers_with_pyoxigraph_results(store: Store, query: str, kind: type) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)]})
    result = store.query(query)
    assert isinstance(result, kind)
    if kind is ox.QuerySolutions:
        assert [r["o"].value for r in solutions(result)] == ["1"]
    else:
        with pytest.raises(QueryError, match="SELECT"):
            solutions(result)


def test_store_default_graph_is_the_union_of_named_graphs(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    rows = store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert [r["o"].value for r in rows] == ["1", "2"]
    assert store.graphs() == [G1, G2]
    assert len(store) == 2


def test_store_protocol_dataset_uses_only_the_graphs_named(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    rows = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[G2])
    assert [r["o"].value for r in rows] == ["2"]
    unknown = store.query("SELECT ?o WHERE { ?s ?p ?o }",
                          default_graph=["http://example.org/unknown"])
    assert list(unknown) == []


def test_store_replace_graphs_replaces_only_the_graphs_given(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    store.replace_graphs({G1: [quad("c", "3", G1)]})
    assert sorted(r["o"].value for r in store.query("SELECT ?o { ?s ?p ?o }")) == ["2", "3"]


def test_store_version_changes_with_the_data(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)]})
    before = store.version
    store.replace_graphs({G1: [quad("a", "2", G1)]})
    assert store.version != before


def test_store_syntax_error_is_a_query_error_with_the_parsers_message(store: Store) -> None:
    with pytest.raises(QueryError, match="1:"):
        store.query("SELECT * WHERE {")


def test_store_nquads_dump_is_graph_major_and_sorted_within_each_graph(store: Store) -> None:
    """Graphs in IRI order, each one's lines sorted: an order that streams from the graph
    files at any size (issue 17), where a global sort would hold the whole dump."""
    store.replace_graphs({G2: [quad("b", "2", G2)], G1: [quad("z", "9", G1), quad("a", "1", G1)]})
    out = io.BytesIO()
    store.dump("nq", out)
    lines = out.getvalue().splitlines()
    assert [line.rsplit(b" ", 2)[1] for line in lines] == [f"<{G1}>".encode()] * 2 + [
        f"<{G2}>".encode()]
    assert lines[:2] == sorted(lines[:2]) and len(lines) == 3


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt", "jsonld"])
def test_store_every_dump_format_parses_back(store: Store, fmt: str) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("b", "2", G2)]})
    out = io.BytesIO()
    store.dump(fmt, out)
    rdf_format = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                  "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    assert len(list(ox.parse(out.getvalue(), rdf_format))) == 2


def test_store_read_only_refuses_writes(tmp_path: Path) -> None:
    writable = open_store(str(tmp_path / "s"), create=True)
    writable.replace_graphs({G1: [quad("a", "1", G1)]})
    reader = open_store(str(tmp_path / "s"), read_only=True)
    with pytest.raises(StoreError):
        reader.replace_graphs({G1: []})
    assert len(reader) == 1


def test_store_on_disk_survives_reopening(tmp_path: Path) -> None:
    first = open_store(str(tmp_path / "s"), create=True)
    first.replace_graphs({G1: [quad("a", "1", G1)]})
    first.remove_graphs([])
    again = open_store(str(tmp_path / "s"))
    assert again.graphs() == [G1] and again.version == first.version


def test_store_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="sco-kg build"):
        open_store(str(tmp_path / "nothing-here"))


def test_store_union_default_graph_is_a_set_not_a_multiset(store: Store) -> None:
    store.replace_graphs({G1: [quad("a", "1", G1)], G2: [quad("a", "1", G2)]})
    assert len(list(store.query("SELECT * WHERE { ?s ?p ?o }"))) == 1
    assert len(store) == 2
    store.remove_graphs([G2])
    assert len(list(store.query("SELECT * WHERE { ?s ?p ?o }"))) == 1
    store.remove_graphs([G1])
    assert list(store.query("SELECT * WHERE { ?s ?p ?o }")) == []
