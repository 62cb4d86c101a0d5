"""Dumps, Graph Store Protocol reads, the JSON-LD context and the VoID description, over HTTP."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from handmade import make_store, served

from sco_kg.graph.rdf import vocab

DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
                   "jsonld": ox.RdfFormat.JSON_LD}
UNION_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    store = make_store(str(tmp_path_factory.mktemp("dumps") / "store"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def base(store) -> str:
    with served(store) as url:
        yield url


def _triples(body: bytes, fmt: ox.RdfFormat) -> set:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(body, fmt)}


def _union(store) -> set:
    return {(q.subject, q.predicate, q.object) for q in store.quads()}


@pytest.mark.parametrize("ext", sorted(DATASET_FORMATS))
def test_dumps_dataset_formats_hold_every_quad(base: str, store, ext: str) -> None:
    response = requests.get(f"{base}/dumps/sco-kg.{ext}", timeout=30)
    assert response.status_code == 200
    quads = set(ox.parse(response.content, DATASET_FORMATS[ext]))
    assert len(quads) == len(store)
    assert quads == set(store.quads())


@pytest.mark.parametrize("ext", sorted(UNION_FORMATS))
def test_dumps_union_formats_hold_every_triple(base: str, store, ext: str) -> None:
    response = requests.get(f"{base}/dumps/sco-kg.{ext}", timeout=30)
    triples = {(t.subject, t.predicate, t.object)
               for t in ox.parse(response.content, UNION_FORMATS[ext])}
    assert triples == _union(store)


# rdflib 7's Dataset.parse warns about its own deprecated internals.
@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")
def test_dumps_jsonld_uses_the_published_context_and_parses_with_rdflib(base: str,
                                                                       store) -> None:
    body = requests.get(f"{base}/dumps/sco-kg.jsonld", timeout=30).json()
    context = requests.get(f"{base}/ns/context.jsonld", timeout=30)
    assert context.headers["Content-Type"].startswith("application/ld+json")
    assert body["@context"] == context.json()["@context"]
    keys = {k for g in body["@graph"] for node in g["@graph"] for k in node}
    assert "rdfs:label" in keys or "label" in keys  # short keys, not full IRIs
    dataset = rdflib.Dataset()
    dataset.parse(data=json.dumps(body), format="json-ld")
    assert len(list(dataset.quads())) == len(store)


@pytest.mark.parametrize("ext", ["ttl", "nq", "jsonld"])
def test_dumps_gzip_is_the_same_bytes_compressed(base: str, ext: str) -> None:
    plain = requests.get(f"{base}/dumps/sco-kg.{ext}", timeout=30)
    packed = requests.get(f"{base}/dumps/sco-kg.{ext}.gz", timeout=30,
                          headers={"Accept-Encoding": "identity"}, stream=True)
    assert packed.headers["Content-Type"] == "application/gzip"
    assert gzip.decompress(packed.raw.read()) == plain.content


def test_dumps_etag_and_last_modified_revalidate_with_304(base: str) -> None:
    first = requests.get(f"{base}/dumps/sco-kg.ttl", timeout=30)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = requests.get(f"{base}/dumps/sco-kg.ttl", headers={"If-None-Match": etag},
                         timeout=30)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(f"{base}/dumps/sco-kg.ttl", headers={"If-Modified-Since": modified},
                         timeout=30)
    assert since.status_code == 304
    other = requests.get(f"{base}/dumps/sco-kg.nq", headers={"If-None-Match": etag},
                         timeout=30)
    assert other.status_code == 200


def test_dumps_are_written_once_to_a_cache_next_to_the_store(base: str, store) -> None:
    requests.get(f"{base}/dumps/sco-kg.trig", timeout=30)
    cached = Path(str(store.path) + ".dumps") / store.version / "sco-kg.trig"
    assert cached.is_file()
    stamp = cached.stat().st_mtime_ns
    requests.get(f"{base}/dumps/sco-kg.trig", timeout=30)
    assert cached.stat().st_mtime_ns == stamp


def test_dumps_index_lists_every_download(base: str) -> None:
    listing = requests.get(f"{base}/dumps/", headers={"Accept": "application/json"},
                           timeout=30).json()
    names = {d["name"] for d in listing["dumps"]}
    assert {"sco-kg.ttl", "sco-kg.ttl.gz", "sco-kg.trig", "sco-kg.nq", "sco-kg.jsonld.gz"} <= names
    for item in listing["dumps"]:
        head = requests.head(item["url"], timeout=30)
        assert head.status_code == 200, item
    page = requests.get(f"{base}/dumps/", headers={"Accept": "text/html"}, timeout=30)
    assert page.headers["Content-Type"].startswith("text/html") and "sco-kg.nq.gz" in page.text
    assert requests.get(f"{base}/dumps/other.ttl", timeout=30).status_code == 404


def test_dumps_graph_store_reads_one_graph(base: str, store) -> None:
    graph = vocab.article_graph("a001")
    response = requests.get(f"{base}/rdf-graph-store", params={"graph": graph}, timeout=30)
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    triples = _triples(response.content, ox.RdfFormat.TURTLE)
    expected = {(q.subject, q.predicate, q.object) for q in store.quads(graph)}
    assert triples == expected
    as_nt = requests.get(f"{base}/rdf-graph-store", params={"graph": graph}, timeout=30,
                         headers={"Accept": "application/n-triples"})
    assert as_nt.headers["Content-Type"] == "application/n-triples"
    assert _triples(as_nt.content, ox.RdfFormat.N_TRIPLES) == expected


def test_dumps_graph_store_default_graph_is_the_union(base: str, store) -> None:
    response = requests.get(f"{base}/rdf-graph-store?default", timeout=30)
    triples = {(t.subject, t.predicate, t.object)
               for t in ox.parse(response.content, ox.RdfFormat.TURTLE)}
    assert triples == _union(store)


def test_dumps_graph_store_head_and_errors(base: str) -> None:
    graph = vocab.article_graph("a001")
    get = requests.get(f"{base}/rdf-graph-store", params={"graph": graph}, timeout=30)
    head = requests.head(f"{base}/rdf-graph-store", params={"graph": graph}, timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    missing = {"graph": "http://example.org/no-such-graph"}
    assert requests.get(f"{base}/rdf-graph-store", params=missing, timeout=30).status_code == 404
    assert requests.head(f"{base}/rdf-graph-store", params=missing, timeout=30).status_code == 404
    assert requests.get(f"{base}/rdf-graph-store", timeout=30).status_code == 400
    both = requests.get(f"{base}/rdf-graph-store?default&graph={graph}", timeout=30)
    assert both.status_code == 400
    refused = requests.get(f"{base}/rdf-graph-store", params={"graph": graph}, timeout=30,
                           headers={"Accept": "image/png"})
    assert refused.status_code == 406
    revalidated = requests.get(f"{base}/rdf-graph-store", params={"graph": graph}, timeout=30,
                               headers={"If-None-Match": get.headers["ETag"]})
    assert revalidated.status_code == 304


def test_dumps_void_describes_the_dataset(base: str, store) -> None:
    response = requests.get(f"{base}/.well-known/void", timeout=30)
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    void = rdflib.Namespace(vocab.VOID)
    dcat = rdflib.Namespace(vocab.DCAT)
    dataset = rdflib.URIRef(vocab.BASE)
    # void:triples counts the union graph's distinct triples (this store repeats some
    # across graphs); the graphs' own counts add up to the quads.
    distinct = {(q.subject, q.predicate, q.object) for q in store.quads()}
    assert len(distinct) < len(store)
    assert int(graph.value(dataset, void.triples)) == len(distinct)
    subsets = list(graph.objects(dataset, void.subset))
    assert sum(int(graph.value(s, void.triples)) for s in subsets) == len(store)
    assert int(graph.value(dataset, void.entities)) > 0
    assert graph.value(dataset, void.sparqlEndpoint) == rdflib.URIRef(f"{base}/sparql")
    assert graph.value(dataset, rdflib.URIRef(vocab.DCT + "license")) is not None
    rights = str(graph.value(dataset, rdflib.URIRef(vocab.DCT + "rights")))
    assert "publishers" in rights
    dumps = {str(u) for u in graph.objects(dataset, void.dataDump)}
    assert f"{base}/dumps/sco-kg.nq.gz" in dumps
    media = {str(m) for d in graph.objects(dataset, dcat.distribution)
             for m in graph.objects(d, dcat.mediaType)}
    assert any(m.endswith("application/n-quads") for m in media)
    sources = set(graph.objects(dataset, rdflib.URIRef(vocab.DCT + "source")))
    assert rdflib.URIRef(vocab.article_iri("a001")) in sources
    as_jsonld = requests.get(f"{base}/.well-known/void", timeout=30,
                             headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["Content-Type"] == "application/ld+json"
    assert len(list(ox.parse(io.BytesIO(as_jsonld.content), ox.RdfFormat.JSON_LD))) == len(graph)


def test_dumps_of_a_store_without_a_folder_use_a_temporary_cache() -> None:
    store = make_store()
    try:
        with served(store) as url:
            first = requests.get(f"{url}/dumps/sco-kg.nq.gz", timeout=30)
            assert first.status_code == 200
            assert len(list(ox.parse(gzip.decompress(first.content),
                                     ox.RdfFormat.N_QUADS))) == len(store)
            again = requests.get(f"{url}/dumps/sco-kg.nq.gz", timeout=30,
                                 headers={"If-None-Match": first.headers["ETag"]})
            assert again.status_code == 304
    finally:
        store.close()
