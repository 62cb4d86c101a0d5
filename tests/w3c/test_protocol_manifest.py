"""The W3C SPARQL 1.1 Protocol test suite, one pytest case per manifest entry.

The manifest (w3c/rdf-tests ``sparql/sparql11/protocol``, copied unmodified to
``tests/data/w3c-sparql11-protocol/`` with its data files and licence) is read with rdflib. Each
entry's requests are sent to a real server on 127.0.0.1 over a store filled with the suite's
data through the real ``sco-kg load``. No ``Accept`` beyond requests' ``*/*`` is sent, so
defaults are tested, and CONSTRUCT/DESCRIBE must come back as Turtle, N-Triples or RDF/XML
(strict, no N-Quads).

Entries that do not apply are listed in ``NOT_APPLICABLE`` with the reason, and still run: the
endpoint is read-only, so their update request must get 403 (nothing is filtered out).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.dom import minidom

import pytest
import rdflib
import requests
from rdflib.collection import Collection
from servers import live_app

SUITE = Path(__file__).resolve().parents[1] / "data" / "w3c-sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
DATA_GRAPH = "http://kasei.us/2009/09/sparql/data/{}.rdf"

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")

_READ_ONLY = "read-only endpoint: SPARQL Update is refused with 403 (issue 3)"
NOT_APPLICABLE = {name: _READ_ONLY for name in (
    "update_dataset_default_graph", "update_dataset_default_graphs",
    "update_dataset_named_graphs", "update_dataset_full", "update_post_form",
    "update_post_direct", "update_base_uri")}

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml"}


def _entries() -> list:
    graph = rdflib.Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    params = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(test).rsplit("#", 1)[-1]
        requests_list = Collection(graph, graph.value(graph.value(test, MF.action), HT.requests))
        steps = [_request(graph, node) for node in requests_list]
        params.append(pytest.param(name, steps, id=name))
    return params


def _request(graph: rdflib.Graph, node: rdflib.term.Node) -> dict:
    headers = {}
    header_list = graph.value(node, HT.headers)
    for header in (Collection(graph, header_list) if header_list else []):
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = graph.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    return {
        "method": str(graph.value(node, HT.methodName)),
        "path": str(graph.value(node, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        "headers": headers, "data": data,
        "status": {str(s).rsplit("#", 1)[-1] for s in graph.objects(response, MF.expectedStatus)},
        "format": str(graph.value(response, MF.expectedFormat) or ""),
        "boolean": None if boolean is None else boolean.toPython(),
    }


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("w3c") / "store"
    for name in ("data1", "data2", "data3"):
        subprocess.run([sys.executable, "-m", "sco_kg.server.cli", "load",
                        str(SUITE / f"{name}.nt"), "--graph", DATA_GRAPH.format(name),
                        "--store", str(store)], check=True, capture_output=True)
    with live_app(store, rate_limit_query_s=0) as url:
        yield url


@pytest.mark.parametrize(("name", "steps"), _entries())
def test_protocol_manifest(endpoint: str, name: str, steps: list[dict]) -> None:
    if name in NOT_APPLICABLE:
        first = steps[0]
        response = requests.request(first["method"], endpoint + first["path"], timeout=30,
                                    headers=first["headers"], data=first["data"])
        assert response.status_code == 403, NOT_APPLICABLE[name]
        return
    for step in steps:
        response = requests.request(step["method"], endpoint + step["path"], timeout=30,
                                    headers=step["headers"], data=step["data"])
        status_class = f"StatusCode{response.status_code // 100}xx"
        assert status_class in step["status"], (response.status_code, response.text)
        if response.status_code >= 400:
            continue
        media_type = response.headers["Content-Type"].split(";")[0].strip()
        expected = {"boolean": BOOLEAN_TYPES, "tabular": TABULAR_TYPES, "RDF": RDF_TYPES}
        if step["format"]:
            assert media_type in expected[step["format"]], media_type
        if step["format"] == "RDF":
            rdf_format = {"text/turtle": "turtle", "application/n-triples": "nt",
                          "application/rdf+xml": "xml"}[media_type]
            rdflib.Graph().parse(data=response.text, format=rdf_format)
        if step["boolean"] is not None:
            assert _boolean(response, media_type) is step["boolean"]


def _boolean(response: requests.Response, media_type: str) -> bool:
    if media_type.endswith("json"):
        return response.json()["boolean"]
    node = minidom.parseString(response.content).getElementsByTagName("boolean")[0]
    return node.firstChild.data.strip() == "true"


def test_service_description_returns_rdf(endpoint: str) -> None:
    response = requests.get(endpoint + "/sparql", timeout=30)
    assert response.headers["Content-Type"].split(";")[0] in RDF_TYPES
    assert len(rdflib.Graph().parse(data=response.text, format="turtle")) > 0


def test_service_description_has_endpoint_triple(endpoint: str) -> None:
    graph = _description(endpoint)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert list(graph.objects(None, sd.endpoint)) == [rdflib.URIRef(endpoint + "/sparql")]


def test_service_description_conforms_to_schema(endpoint: str) -> None:
    """The checks the SD spec's schema implies: typed service, known terms, IRIs in range."""
    graph = _description(endpoint)
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    services = list(graph.subjects(rdflib.RDF.type, sd.Service))
    assert len(services) == 1
    service = services[0]
    assert graph.value(service, sd.supportedLanguage) == sd.SPARQL11Query
    assert sd.SPARQL11Update not in set(graph.objects(service, sd.supportedLanguage))
    assert set(graph.objects(service, sd.feature)) <= {
        sd.DereferencesURIs, sd.UnionDefaultGraph, sd.RequiresDataset, sd.EmptyGraphs,
        sd.BasicFederatedQuery}
    assert sd.DereferencesURIs not in set(graph.objects(service, sd.feature))
    assert all(isinstance(f, rdflib.URIRef) for f in graph.objects(service, sd.resultFormat))
    dataset = graph.value(service, sd.defaultDataset)
    assert (dataset, rdflib.RDF.type, sd.Dataset) in graph
    names = {graph.value(n, sd.name) for n in graph.objects(dataset, sd.namedGraph)}
    assert names == {rdflib.URIRef(DATA_GRAPH.format(f"data{i}")) for i in (1, 2, 3)}
    # the answer caps have no SD term: an rdfs:comment and rdfs:seeAlso on the service
    annotations = {rdflib.RDF.type, rdflib.RDFS.comment, rdflib.RDFS.seeAlso}
    for predicate in set(graph.predicates()):
        assert predicate in annotations or str(predicate).startswith(str(sd))


def _description(endpoint: str) -> rdflib.Graph:
    response = requests.get(endpoint + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    return rdflib.Graph().parse(data=response.text, format="turtle")
