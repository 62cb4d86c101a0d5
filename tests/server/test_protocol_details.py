"""Protocol details as other people's clients meet them (issue 16, item 1).

HEAD wherever GET works, the ``format=`` names clients send, an empty query, the CORS
preflight, and a cut answer that says so in its body. Real server on 127.0.0.1, real clients
(SPARQLWrapper, rdflib, requests).
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path
from xml.dom import minidom

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from servers import live_app, serving
from SPARQLWrapper import JSON, N3, RDFXML, TURTLE, XML, SPARQLWrapper

from sco_kg.server import close_app, create_app

NAMES = "SELECT ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
KNOWS = "CONSTRUCT WHERE { ?s <http://example.org/knows> ?o }"
EX = rdflib.Namespace("http://example.org/")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.mark.parametrize("params", [
    {"query": NAMES},
    {"query": NAMES, "format": "csv"},
    {"query": KNOWS},
    {},  # the service description
    {"query": "ASK {"},  # an error: the same status and type, no body
])
def test_protocol_head_sparql_is_get_without_body(live_server: str, params: dict) -> None:
    get = requests.get(live_server + "/sparql", params=params, timeout=10)
    head = requests.head(live_server + "/sparql", params=params, timeout=10)
    assert head.status_code == get.status_code
    assert head.content == b""
    for name in ("Content-Type", "Content-Length", "Vary"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_protocol_head_wherever_get_works(small_store: Path) -> None:
    """Every GET route without parameters in its URL answers HEAD alike, with no body."""
    app = create_app({"workers": 1, "rate_limit_query_s": 0}, store=str(small_store))
    try:
        paths = sorted(rule.rule for rule in app.url_map.iter_rules()
                       if "GET" in (rule.methods or ()) and not rule.arguments)
        assert "/sparql" in paths and "/docs/truncation" in paths
        with serving(app) as url:
            for path in paths:
                get = requests.get(url + path, timeout=10, allow_redirects=False)
                head = requests.head(url + path, timeout=10, allow_redirects=False)
                assert head.status_code == get.status_code, path
                assert head.content == b"", path
                assert head.headers.get("Content-Type") == get.headers.get("Content-Type"), path
    finally:
        close_app(app)


def sparqlwrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


@pytest.mark.parametrize(("fmt", "media_type", "rdflib_format"), [
    (RDFXML, "application/rdf+xml", "xml"),
    (N3, "text/turtle", "n3"),
    (TURTLE, "text/turtle", "turtle"),
    (XML, "application/rdf+xml", "xml"),
])
def test_protocol_sparqlwrapper_construct_formats_parse(live_server: str, fmt: str,
                                                       media_type: str,
                                                       rdflib_format: str) -> None:
    """SPARQLWrapper sends format=rdf+xml (and the media type), format=n3, format=xml..."""
    result = sparqlwrapper(live_server, KNOWS, fmt).query()
    assert result.response.headers["Content-Type"].split(";")[0] == media_type
    # the body as sent (SPARQLWrapper's own RDF/XML convert() builds a deprecated rdflib
    # ConjunctiveGraph, which this suite's warnings-as-errors refuses; rdflib's N3 parser warns
    # alike about its own internals)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = rdflib.Graph().parse(data=result.response.read(), format=rdflib_format)
    assert set(graph) == {(EX.alice, EX.knows, EX.bob), (EX.carol, EX.knows, EX.alice)}


def test_protocol_sparqlwrapper_select_json_and_xml(live_server: str) -> None:
    as_json = sparqlwrapper(live_server, NAMES, JSON).query().convert()
    assert [b["name"]["value"] for b in as_json["results"]["bindings"]] == \
        ["Alice", "Bob", "Carol"]
    as_xml = sparqlwrapper(live_server, NAMES, XML).query().convert()
    assert len(as_xml.getElementsByTagName("result")) == 3


@pytest.mark.parametrize(("query", "names", "expected"), [
    (NAMES, ["json"], "application/sparql-results+json"),
    (NAMES, ["srj"], "application/sparql-results+json"),
    (NAMES, ["xml"], "application/sparql-results+xml"),
    (NAMES, ["sparql-results+xml"], "application/sparql-results+xml"),
    (NAMES, ["csv"], "text/csv"),
    (NAMES, ["tsv"], "text/tab-separated-values"),
    (NAMES, ["text/tab-separated-values"], "text/tab-separated-values"),
    (KNOWS, ["rdf+xml"], "application/rdf+xml"),
    (KNOWS, ["rdf+xml", "application/rdf+xml"], "application/rdf+xml"),
    (KNOWS, ["xml"], "application/rdf+xml"),
    (KNOWS, ["rdf"], "application/rdf+xml"),
    (KNOWS, ["n3"], "text/turtle"),
    (KNOWS, ["turtle"], "text/turtle"),
    (KNOWS, ["ttl"], "text/turtle"),
    (KNOWS, ["json"], "application/ld+json"),
    (KNOWS, ["json-ld"], "application/ld+json"),
    (KNOWS, ["nt"], "application/n-triples"),
    (KNOWS, ["n-triples"], "application/n-triples"),
    (KNOWS, ["application/n-triples"], "application/n-triples"),
    (KNOWS, ["trig"], "application/trig"),
    (KNOWS, ["nquads"], "application/n-quads"),
])
def test_protocol_format_aliases_per_query_form(live_server: str, query: str,
                                               names: list[str], expected: str) -> None:
    params = [("query", query)] + [("format", name) for name in names]
    response = requests.get(live_server + "/sparql", params=params, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == expected


@pytest.mark.parametrize(("query", "fmt", "accept", "expected"), [
    (NAMES, "html", "text/csv", "text/csv"),  # unknown name: Accept decides
    (NAMES, "no-such-format", None, "application/sparql-results+json"),
    (NAMES, "turtle", "application/sparql-results+xml", "application/sparql-results+xml"),
    (KNOWS, "csv", "application/n-triples", "application/n-triples"),  # results-only name
    (KNOWS, "html", "application/rdf+xml", "application/rdf+xml"),
])
def test_protocol_unknown_format_leaves_it_to_accept(live_server: str, query: str, fmt: str,
                                                     accept: str | None,
                                                     expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(live_server + "/sparql", params={"query": query, "format": fmt},
                            headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == expected


def test_protocol_output_parameter_as_format(live_server: str) -> None:
    response = requests.get(live_server + "/sparql", params={"query": NAMES, "output": "tsv"},
                            timeout=10)
    assert response.headers["Content-Type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize("text", ["", "   \n\t", "# only a comment\n", "#a\r#b"])
def test_protocol_empty_query_is_400(live_server: str, method: str, text: str) -> None:
    url = live_server + "/sparql"
    if method == "GET":
        response = requests.get(url, params={"query": text}, timeout=10)
    elif method == "POST form":
        response = requests.post(url, data={"query": text}, timeout=10)
    else:
        response = requests.post(url, data=text.encode(), timeout=10,
                                 headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400, response.text
    assert "empty" in response.json()["error"]


def test_protocol_cors_preflight_allows_every_method_served(live_server: str) -> None:
    response = requests.options(live_server + "/sparql", timeout=10, headers={
        "Origin": "https://other.example", "Access-Control-Request-Method": "QUERY",
        "Access-Control-Request-Headers": "content-type"})
    assert response.status_code == 200
    allowed = {m.strip() for m in response.headers["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "POST", "QUERY", "OPTIONS"}
    assert allowed == {m.strip() for m in response.headers["Allow"].split(",")}
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    dumps = requests.options(live_server + "/dumps/", timeout=10,
                             headers={"Origin": "https://other.example"})
    assert {m.strip() for m in dumps.headers["Access-Control-Allow-Methods"].split(",")} == \
        {"GET", "HEAD", "OPTIONS"}


@pytest.fixture(scope="module")
def capped(small_store: Path):  # type: ignore[no-untyped-def]
    with live_app(small_store, max_rows=2, workers=1, rate_limit_query_s=0) as url:
        yield url


def test_protocol_cut_json_results_link_the_explanation(capped: str) -> None:
    response = requests.get(capped + "/sparql", params={"query": NAMES}, timeout=10)
    assert response.headers["X-SCO-KG-Truncated"] == "true"
    body = response.json()
    assert len(body["results"]["bindings"]) == 2
    assert body["head"]["vars"] == ["name"]
    [link] = body["head"]["link"]
    assert link == capped + "/docs/truncation"
    assert response.headers["Link"] == f'<{link}>; rel="describedby"'
    assert "Link" in response.headers["Access-Control-Expose-Headers"]  # scripts may read it
    page = requests.get(link, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "2</strong> result rows" in page.text
    # the same through SPARQLWrapper and rdflib, which never show the headers
    result = sparqlwrapper(capped, NAMES, JSON).query().convert()
    assert result["head"]["link"] == [link]
    store = SPARQLStore(capped + "/sparql", returnFormat="json")
    assert [str(row[0]) for row in rdflib.Graph(store=store).query(NAMES)] == ["Alice", "Bob"]
    store.close()
    parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 2


def test_protocol_cut_xml_results_link_the_explanation(capped: str) -> None:
    response = requests.get(capped + "/sparql", params={"query": NAMES, "format": "xml"},
                            timeout=10)
    document = minidom.parseString(response.content)
    [link] = document.getElementsByTagName("head")[0].getElementsByTagName("link")
    assert link.getAttribute("href") == capped + "/docs/truncation"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        result = rdflib.query.Result.parse(source=io.BytesIO(response.content),
                                           format="xml")
    assert len(list(result)) == 2


def test_protocol_whole_answers_carry_no_link(capped: str) -> None:
    whole = requests.get(capped + "/sparql", params={"query": NAMES + " LIMIT 2"}, timeout=10)
    assert "X-SCO-KG-Truncated" not in whole.headers and "Link" not in whole.headers
    assert "link" not in whole.json()["head"]
    boolean = requests.get(capped + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert boolean.json() == {"head": {}, "boolean": True}


def test_protocol_cut_csv_and_rdf_flag_in_headers_only(capped: str) -> None:
    csv = requests.get(capped + "/sparql", params={"query": NAMES, "format": "csv"},
                       timeout=10)
    assert csv.headers["X-SCO-KG-Truncated"] == "true"
    assert csv.text.splitlines() == ["name", "Alice", "Bob"]
    rdf = requests.get(capped + "/sparql", timeout=10,
                       params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ttl"})
    assert rdf.headers["X-SCO-KG-Truncated"] == "true"
    assert len(rdflib.Graph().parse(data=rdf.text, format="turtle")) == 2


def test_protocol_service_description_states_the_caps(capped: str) -> None:
    response = requests.get(capped + "/sparql", headers={"Accept": "text/turtle"}, timeout=10)
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    [service] = graph.subjects(rdflib.RDF.type, SD.Service)
    [comment] = graph.objects(service, rdflib.RDFS.comment)
    assert "2 result rows" in str(comment) and comment.language == "en"
    assert graph.value(service, rdflib.RDFS.seeAlso) == \
        rdflib.URIRef(capped + "/docs/truncation")
    as_jsonld = requests.get(capped + "/sparql", params={"format": "json-ld"}, timeout=10)
    assert as_jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert json.loads(as_jsonld.text)
