"""Linked data by the book (issue 16, items 2 and 3), on a live server over the seed build.

Every IRI the dataset mints dereferences the way DBpedia's do: an identifier answers 303 See
Other to a document chosen by ``Accept``; every document a redirect or a ``Link`` header
advertises exists and parses; documents carry ``Last-Modified`` (the build) and answer
conditional GETs with 304. The VoID counts the union graph's distinct triples, entity JSON-LD
is compacted with the published context, and a JSON-LD 1.0 processor reads the 1.0 dump.
"""

from __future__ import annotations

import email.utils
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox
import pytest
import rdflib
import requests
from pyld import jsonld
from rdflib.compare import isomorphic
from servers import live_app

from sco_kg.graph.rdf import vocab

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
                  "application/rdf+xml": "xml", "application/ld+json": "json-ld",
                  "application/trig": "trig", "application/n-quads": "nquads"}
LINK = re.compile(r'<([^>]*)>\s*;\s*rel="([^"]+)"(?:\s*;\s*type="([^"]+)")?')


@pytest.fixture(scope="module")
def base(seed_store_path: Path) -> Iterator[str]:
    with live_app(seed_store_path, rate_limit_query_s=0) as url:
        yield url


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


def minted(seed_store) -> set[str]:
    """Every IRI under the dataset's namespace the seed build states (any position)."""
    found = set()
    for quad in seed_store.quads():
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(vocab.BASE):
                found.add(term.value)
    return found


def local(base: str, iri: str) -> str:
    """Where the w3id namespace sends ``iri`` on this server (the fragment stays home)."""
    assert iri.startswith(vocab.BASE)
    return f"{base}/{iri[len(vocab.BASE):].partition('#')[0]}"


def links(response: requests.Response) -> list[tuple[str, str, str | None]]:
    """(absolute URL, rel, type) of every link-value of the ``Link`` header."""
    return [(urljoin(response.url, url), rel, media or None)
            for url, rel, media in LINK.findall(response.headers.get("Link", ""))]


def parse(response: requests.Response) -> rdflib.Graph:
    """The document, parsed by rdflib (a dataset format's triples in its default graph)."""
    media = response.headers["Content-Type"].split(";")[0]
    if media == "application/ld+json":
        # rdflib 7.6's JSON-LD parser warns of its own deprecations (ConjunctiveGraph): read
        # with pyld, the other processor, and hand rdflib the triples.
        nquads = jsonld.to_rdf(response.json(), {"format": "application/n-quads"})
        return rdflib.Graph().parse(data=nquads, format="nt")
    graph = rdflib.Dataset() if media in {"application/trig", "application/n-quads"} \
        else rdflib.Graph()
    graph.parse(data=response.content, format=RDFLIB_FORMATS[media])
    return graph


def see_other(session: requests.Session, url: str, accept: str) -> requests.Response:
    response = session.get(url, headers={"Accept": accept}, allow_redirects=False, timeout=60)
    assert response.status_code == 303, (url, accept, response.status_code)
    assert "Accept" in response.headers["Vary"], url
    return response


@pytest.mark.slow
def test_dereference_every_entity_and_every_advertised_document_resolves(
        base: str, seed_store, session: requests.Session) -> None:
    entities = sorted(i for i in minted(seed_store) if i.startswith(vocab.ID) and "#" not in i)
    assert len(entities) > 300
    documents: set[str] = set()
    pages: set[str] = set()
    for entity in entities:
        rest = entity[len(vocab.ID):]
        response = see_other(session, local(base, entity), "text/turtle")
        assert response.headers["Location"] == f"/data/{rest}.ttl", entity
        described = {(url, media) for url, rel, media in links(response) if rel == "describedby"}
        assert {media for _, media in described} == {
            "text/html", "text/turtle", "application/n-triples", "application/rdf+xml",
            "application/ld+json"}, entity
        for url, media in described:
            (pages if media == "text/html" else documents).add(url)
    advertised = documents | pages
    for url in sorted(documents):
        response = session.get(url, timeout=60)
        assert response.status_code == 200, url
        assert "Content-Location" not in response.headers, url
        assert response.headers["Last-Modified"], url
        entity = vocab.ID + url.split("/data/", 1)[1].rpartition(".")[0]
        graph = parse(response)
        assert rdflib.URIRef(entity) in set(graph.subjects()) | set(graph.objects()), url
        for alternate, rel, media in links(response):
            assert rel == "alternate" and media, url
            assert alternate in advertised, (url, alternate)
    # The pages, and a browser's 303 to them: one of each kind of entity (the site crawler,
    # test_site_links, renders every one of them).
    kinds: dict[str, str] = {}
    for url in sorted(pages):
        kinds.setdefault(url.split("/page/", 1)[1].split("/")[0], url)
    for url in kinds.values():
        rest = url.split("/page/", 1)[1]
        redirect = see_other(session, f"{base}/id/{rest}", BROWSER["Accept"])
        assert redirect.headers["Location"] == f"/page/{rest}", rest
        response = session.get(url, headers=BROWSER, timeout=60)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].startswith("text/html"), url
        assert {a for a, _, _ in links(response)} <= documents, url


def test_dereference_every_iri_the_dataset_mints_resolves(base: str, seed_store,
                                                          session: requests.Session) -> None:
    """The ontology, its terms (through the ontology's document), the named graphs and the
    dataset (the entities: the test above): an RDF client following its nose gets RDF
    about each."""
    iris = {i for i in minted(seed_store) if not i.startswith(vocab.ID)} | {vocab.BASE}
    assert {i for i in iris if i.startswith(vocab.SCO)} and \
        {i for i in iris if i.startswith(vocab.GRAPH)}
    fetched: dict[str, rdflib.Graph] = {}
    for iri in sorted(iris):
        url = local(base, iri)
        if url not in fetched:
            response = see_other(session, url, "text/turtle")
            document = session.get(urljoin(url, response.headers["Location"]), timeout=60,
                                   headers={"Accept": "text/turtle"})
            assert document.status_code == 200, iri
            assert document.headers["Content-Type"].startswith("text/turtle"), iri
            fetched[url] = parse(document)
        graph = fetched[url]
        node = rdflib.URIRef(iri)
        if iri == vocab.BASE:
            assert (node, rdflib.RDF.type, rdflib.URIRef(vocab.VOID + "Dataset")) in graph
        elif not iri.startswith(vocab.GRAPH):  # a graph's content need not name the graph
            assert node in set(graph.subjects()) | set(graph.objects()), iri


def test_dereference_ontology_html_for_browsers_turtle_for_machines(
        base: str, seed_store, session: requests.Session) -> None:
    ontology = vocab.SCO.rstrip("#")
    terms = sorted(i for i in minted(seed_store) if i.startswith(vocab.SCO))
    assert len(terms) > 50
    machine = see_other(session, f"{base}/ontology", "text/turtle")
    assert machine.headers["Location"] == "/ontology.ttl"
    graph = parse(session.get(f"{base}/ontology.ttl", timeout=60))
    assert (rdflib.URIRef(ontology), rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    assert {t for t in terms if (rdflib.URIRef(t), None, None) not in graph} == set()
    browser = see_other(session, f"{base}/ontology", BROWSER["Accept"])
    assert browser.headers["Location"] == "/ontology.html"
    page = session.get(f"{base}/ontology.html", timeout=60)
    assert page.headers["Content-Type"].startswith("text/html")
    anchors = set(re.findall(r'<article class="term" id="([^"]+)"', page.text))
    assert {t[len(vocab.SCO):] for t in terms} <= anchors
    # rdflib, following its nose from a term's IRI to its document, finds the term there.
    term = vocab.SCO + "Claim"
    assert (rdflib.URIRef(term), rdflib.RDF.type, rdflib.OWL.Class) in \
        rdflib.Graph().parse(local(base, term))
    # Every format the ontology advertises exists and says the same.
    for url, rel, media in links(session.get(f"{base}/ontology.ttl", timeout=60)):
        assert rel == "alternate", url
        response = session.get(url, timeout=60)
        assert response.headers["Content-Type"].split(";")[0] == media, url
        if media != "text/html":
            assert isomorphic(parse(response), graph), url
    # The page links a term to the term's entry on the same page (a superclass here).
    assert 'href="/ontology.html#Event"' in page.text


def test_dereference_named_graphs_resolve_to_their_content(base: str, seed_store,
                                                           session: requests.Session) -> None:
    graphs = sorted(seed_store.graphs())
    assert len(graphs) >= 6
    for graph_iri in graphs:
        expected = {(q.subject, q.predicate, q.object)
                    for q in seed_store.quads() if q.graph_name == ox.NamedNode(graph_iri)}
        for accept in ("text/turtle", "application/n-quads", BROWSER["Accept"]):
            response = see_other(session, local(base, graph_iri), accept)
            document = session.get(urljoin(base, response.headers["Location"]), timeout=60)
            assert document.status_code == 200, graph_iri
            media = document.headers["Content-Type"].split(";")[0]
            fmt = {"text/turtle": ox.RdfFormat.TURTLE,
                   "application/n-quads": ox.RdfFormat.N_QUADS}[media]
            got = {(q.subject, q.predicate, q.object)
                   for q in ox.parse(document.content, fmt)}
            assert got == expected, (graph_iri, accept)
        for url, rel, _ in links(response):
            assert rel == "describedby"
            assert session.get(urljoin(base, url), timeout=60).status_code == 200, url
    assert session.get(f"{base}/graph/no-such-graph", timeout=60).status_code == 404


def test_dereference_dataset_iri_is_the_void_and_home_page_for_browsers(
        base: str, session: requests.Session) -> None:
    machine = see_other(session, f"{base}/", "text/turtle")
    void = session.get(urljoin(base, machine.headers["Location"]), timeout=60)
    graph = parse(void)
    assert (rdflib.URIRef(vocab.BASE), rdflib.RDF.type,
            rdflib.URIRef(vocab.VOID + "Dataset")) in graph
    home = session.get(f"{base}/", headers=BROWSER, timeout=60)
    assert home.status_code == 200 and not home.history
    assert home.headers["Content-Type"].startswith("text/html")
    assert any(rel == "describedby" for _, rel, _ in links(home))
    # The nodes the VoID mints (its distributions, subsets, endpoint) resolve to it as well.
    nodes = {str(s) for s in graph.subjects() if str(s).startswith(vocab.BASE + "dataset/")}
    assert nodes
    for node in sorted(nodes):
        response = see_other(session, local(base, node), "text/turtle")
        assert response.headers["Location"].startswith("/.well-known/void")


def test_dereference_documents_have_last_modified_and_answer_304(
        base: str, seed_store_path: Path, session: requests.Session) -> None:
    built = int((seed_store_path / "manifest.json").stat().st_mtime)
    for path in ("/page/state/india", "/data/state/india.ttl", "/data/state/india.jsonld",
                 "/ontology.html", "/ontology.ttl", "/.well-known/void",
                 f"/rdf-graph-store?graph={vocab.GRAPH_DERIVED}", "/dumps/sco-kg.ttl"):
        response = session.get(base + path, timeout=60)
        assert response.status_code == 200, path
        stamp = email.utils.parsedate_to_datetime(response.headers["Last-Modified"])
        assert int(stamp.timestamp()) == built, path
        again = session.get(base + path, timeout=60,
                            headers={"If-Modified-Since": response.headers["Last-Modified"]})
        assert again.status_code == 304, path
        assert not again.content, path


def test_dereference_old_document_urls_and_unknown_names(base: str,
                                                         session: requests.Session) -> None:
    moved = session.get(f"{base}/id/state/india.rdf", allow_redirects=False, timeout=60)
    assert moved.status_code == 301
    assert moved.headers["Location"] == "/data/state/india.rdf"
    assert session.get(base + moved.headers["Location"], timeout=60).status_code == 200
    negotiated = session.get(f"{base}/data/state/india", allow_redirects=False, timeout=60,
                             headers={"Accept": "application/ld+json"})
    assert negotiated.status_code == 303
    assert negotiated.headers["Location"] == "/data/state/india.jsonld"
    for path in ("/id/state/nowhere", "/id/state/nowhere.ttl", "/page/state/nowhere",
                 "/data/state/nowhere.ttl", "/data/state/nowhere", "/ontology/9.9.9",
                 "/ontology.exe", "/graph/article/nothing"):
        assert session.get(base + path, timeout=60).status_code == 404, path
    head = session.head(f"{base}/id/state/india", headers={"Accept": "text/turtle"},
                        timeout=60)
    assert head.status_code == 303 and head.headers["Location"] == "/data/state/india.ttl"
    assert session.head(f"{base}/data/state/india.ttl", timeout=60).status_code == 200
    refused = session.get(f"{base}/id/state/india", headers={"Accept": "image/png"},
                          timeout=60, allow_redirects=False)
    assert refused.status_code == 406


def test_dereference_void_counts_distinct_triples_and_graph_subsets_add_up_to_quads(
        base: str, seed_store, session: requests.Session) -> None:
    graph = parse(session.get(f"{base}/.well-known/void", timeout=60))
    void = rdflib.Namespace(vocab.VOID)
    dataset = rdflib.URIRef(vocab.BASE)
    triples = {(q.subject, q.predicate, q.object) for q in seed_store.quads()}
    assert int(graph.value(dataset, void.triples)) == len(triples)
    subsets = list(graph.objects(dataset, void.subset))
    assert len(subsets) == len(list(seed_store.graphs()))
    assert sum(int(graph.value(s, void.triples)) for s in subsets) == len(seed_store)


def test_dereference_entity_jsonld_is_compacted_with_the_published_context(
        base: str, session: requests.Session) -> None:
    context = session.get(f"{base}/ns/context.jsonld", timeout=60).json()["@context"]
    for rest in ("state/india", "org/sco"):
        document = session.get(f"{base}/data/{rest}.jsonld", timeout=60)
        body = document.json()
        assert body["@context"] == context
        keys = {k for node in body["@graph"] for k in node}
        assert "label" not in context or keys & set(context), keys  # short keys in use
        assert not any(k.startswith("http") for k in keys), keys
        turtle = session.get(f"{base}/data/{rest}.ttl", timeout=60)
        as_jsonld = set(ox.parse(io.BytesIO(document.content), ox.RdfFormat.JSON_LD))
        assert as_jsonld == set(ox.parse(io.BytesIO(turtle.content), ox.RdfFormat.TURTLE))


def test_dereference_jsonld_10_processor_reads_the_10_dump(base: str, seed_store,
                                                           session: requests.Session) -> None:
    """pyld in ``json-ld-1.0`` processing mode: it refuses the 1.1 dump (``@version``) and
    reads the 1.0 one to the same quads as the N-Quads dump."""
    index = session.get(f"{base}/dumps/", headers={"Accept": "application/json"}, timeout=60)
    names = {d["name"] for d in index.json()["dumps"]}
    assert {"sco-kg.jsonld", "sco-kg.1.0.jsonld", "sco-kg.1.0.jsonld.gz"} <= names
    options = {"processingMode": "json-ld-1.0", "format": "application/n-quads"}
    v11 = session.get(f"{base}/dumps/sco-kg.jsonld", timeout=60).json()
    with pytest.raises(jsonld.JsonLdError):
        jsonld.to_rdf(v11, options)
    v10 = session.get(f"{base}/dumps/sco-kg.1.0.jsonld", timeout=60)
    assert v10.headers["Content-Type"].startswith("application/ld+json")
    body = v10.json()
    assert "@version" not in body["@context"]
    assert {k: v for k, v in body["@context"].items()} == \
        {k: v for k, v in v11["@context"].items() if k != "@version"}
    read = set(ox.parse(jsonld.to_rdf(body, options).encode(), ox.RdfFormat.N_QUADS))
    assert read == set(seed_store.quads())
    assert json.dumps(body["@graph"]) == json.dumps(v11["@graph"])
