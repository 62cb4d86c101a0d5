"""The SPARQL protocol as real clients see it: SPARQLWrapper, rdflib's SPARQLStore, raw HTTP."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from servers import live_app
from small_data import GRAPH_A, GRAPH_B, SLOW_QUERY
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

NAMES = "SELECT ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def wrapper(url: str, fmt: str, query: str = NAMES) -> SPARQLWrapper:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparql_sparqlwrapper_json_over_union_of_graphs(live_server: str) -> None:
    result = wrapper(live_server, JSON).query().convert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == \
        ["Alice", "Bob", "Carol"]


def test_sparql_sparqlwrapper_xml_csv_and_turtle(live_server: str) -> None:
    xml = wrapper(live_server, XML).query().convert()
    assert len(xml.getElementsByTagName("result")) == 3
    rows = list(csv.reader(io.StringIO(wrapper(live_server, CSV).query().convert().decode())))
    assert rows == [["name"], ["Alice"], ["Bob"], ["Carol"]]
    graph = rdflib.Graph().parse(
        data=wrapper(live_server, TURTLE, "CONSTRUCT WHERE { ?s <http://example.org/knows> ?o }")
        .query().convert(), format="turtle")
    assert len(graph) == 2


def test_sparql_sparqlwrapper_post(live_server: str) -> None:
    client = wrapper(live_server, JSON, "ASK { <http://example.org/alice> ?p ?o }")
    client.setMethod("POST")
    assert client.query().convert()["boolean"] is True


def test_sparql_rdflib_sparqlstore(live_server: str) -> None:
    store = SPARQLStore(live_server + "/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store)
    names = sorted(str(row[0]) for row in graph.query(NAMES))
    assert names == ["Alice", "Bob", "Carol"]
    graph.close()


def test_sparql_protocol_dataset_uses_local_graphs_only(live_server: str) -> None:
    params = {"query": NAMES, "default-graph-uri": GRAPH_B}
    result = requests.get(live_server + "/sparql", params=params, timeout=10).json()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Carol"]
    params["default-graph-uri"] = "http://example.org/unknown"
    result = requests.get(live_server + "/sparql", params=params, timeout=10).json()
    assert result["results"]["bindings"] == []
    query = "SELECT ?g { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    result = requests.get(live_server + "/sparql", timeout=10,
                          params={"query": query, "named-graph-uri": GRAPH_A}).json()
    assert [b["g"]["value"] for b in result["results"]["bindings"]] == [GRAPH_A]


@pytest.mark.parametrize(("query", "accept", "expected"), [
    (NAMES, None, "application/sparql-results+json"),
    (NAMES, "*/*", "application/sparql-results+json"),
    (NAMES, "text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    (NAMES, "application/sparql-results+xml", "application/sparql-results+xml"),
    (NAMES, "text/html, */*;q=0.1", "application/sparql-results+json"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", None, "text/turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "*/*", "text/turtle"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/ld+json", "application/ld+json"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/rdf+xml;q=0.9, application/n-triples",
     "application/n-triples"),
    ("DESCRIBE <http://example.org/alice>", "application/trig", "application/trig"),
    ("DESCRIBE <http://example.org/alice>", "application/n-quads", "application/n-quads"),
])
def test_sparql_content_negotiation(live_server: str, query: str, accept: str | None,
                                    expected: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = requests.get(live_server + "/sparql", params={"query": query}, headers=headers,
                            timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in response.headers["Vary"]
    assert float(response.headers["X-SCO-KG-Query-Time"]) >= 0


def test_sparql_format_parameter_overrides_accept(live_server: str) -> None:
    response = requests.get(live_server + "/sparql", params={"query": NAMES, "format": "csv"},
                            headers={"Accept": "application/sparql-results+xml"}, timeout=10)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.text.splitlines()[1] == "Alice"


@pytest.mark.parametrize(("method", "kwargs", "status"), [
    ("PUT", {"params": {"query": "ASK {}"}}, 405),
    ("DELETE", {}, 405),
    ("POST", {"data": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ("POST", {"data": b"ASK {}"}, 415),
    ("POST", {"data": "ASK {}".encode("utf-16"),
              "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),
    ("POST", {"data": b"\xff\xfeASK", "headers": {"Content-Type": "application/sparql-query"}},
     400),
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("GET", {"params": {"query": "ASK {"}}, 400),
    ("GET", {"params": {"query": NAMES}, "headers": {"Accept": "image/png"}}, 406),
    # format= naming no results format leaves the choice to Accept, which has none here
    ("GET", {"params": {"query": NAMES, "format": "turtle"}, "headers": {"Accept": "image/png"}},
     406),
    ("GET", {"params": {"update": "CLEAR ALL"}}, 403),
    ("POST", {"data": {"update": "DROP ALL"}}, 403),
    ("POST", {"data": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
     403),
    ("POST", {"data": {"query": "x" * 200_000}}, 413),
    ("POST", {"data": b"x" * 2_000_000, "headers": {"Content-Type": "application/sparql-query"}},
     413),
])
def test_sparql_status_codes(live_server: str, method: str, kwargs: dict, status: int) -> None:
    response = requests.request(method, live_server + "/sparql", timeout=10, **kwargs)
    assert response.status_code == status, response.text
    if status != 405:
        assert response.json()["status"] == status


def test_sparql_syntax_error_gives_parser_message_without_trace(live_server: str) -> None:
    response = requests.get(live_server + "/sparql", params={"query": "SELECT * WHERE { ?s"},
                            timeout=10)
    assert response.status_code == 400
    assert "1:20" in response.json()["error"]  # Oxigraph's line:column, the engine's parser
    assert "Traceback" not in response.text


def test_errors_json_shape(live_server: str) -> None:
    response = requests.get(live_server + "/sparql", params={"query": "ASK {"}, timeout=10)
    body = response.json()
    assert response.headers["Content-Type"] == "application/json"
    assert set(body) == {"ok", "status", "title", "error"}
    assert body["ok"] is False and body["status"] == 400 and body["title"] == "Bad Request"
    # Oxigraph's message lists what it expected, "<" among them: escaped in HTML
    html = requests.get(live_server + "/sparql", params={"query": "ASK { ?s"}, timeout=10,
                        headers={"Accept": "text/html, */*;q=0.1"})
    assert html.headers["Content-Type"].startswith("text/html")
    # the site's error page (issue 15): the message escaped, inside the layout
    message = html.text.split('class="error-message">', 1)[1].split("</p>", 1)[0]
    assert "&lt;" in message and "<" not in message
    assert 'class="site"' in html.text and 'role="search"' in html.text


def test_sparql_http_query_method(live_server: str) -> None:
    response = requests.request("QUERY", live_server + "/sparql", data="ASK {}", timeout=10,
                                headers={"Content-Type": "application/sparql-query"})
    assert response.json() == {"head": {}, "boolean": True}


def test_sparql_service_description_is_truthful(live_server: str) -> None:
    response = requests.get(live_server + "/sparql", headers={"Accept": "text/turtle"},
                            timeout=10)
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    endpoints = list(graph.objects(None, SD.endpoint))
    assert endpoints == [rdflib.URIRef(live_server + "/sparql")]
    features = set(graph.objects(None, SD.feature))
    assert features == {SD.UnionDefaultGraph}
    assert {str(n) for n in graph.objects(None, SD.name)} == {GRAPH_A, GRAPH_B}
    jsonld = requests.get(live_server + "/sparql", params={"format": "jsonld"}, timeout=10)
    assert json.loads(jsonld.text)


def test_sparql_cors_without_credentials_and_request_ids(live_server: str) -> None:
    response = requests.get(live_server + "/sparql", params={"query": "ASK {}"}, timeout=10,
                            headers={"Origin": "https://evil.example", "X-Request-Id": "abc-1"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["X-Request-Id"] == "abc-1"
    assert "callback" not in requests.get(live_server + "/sparql", timeout=10, params={
        "query": "ASK {}", "callback": "f"}).text
    assert requests.get(live_server + "/healthz", timeout=10).json()["ok"] is True


def test_sparql_row_cap_truncates_and_flags(small_store: Path) -> None:
    with live_app(small_store, max_rows=2, workers=1) as url:
        for fmt in ("json", "tsv"):
            response = requests.get(url + "/sparql", params={"query": NAMES, "format": fmt},
                                    timeout=10)
            assert response.headers["X-SCO-KG-Truncated"] == "true"
        assert len(response.text.splitlines()) == 3  # header + 2 rows
        construct = requests.get(url + "/sparql", timeout=10,
                                 params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
        assert construct.headers["X-SCO-KG-Truncated"] == "true"
        assert len(construct.text.splitlines()) == 2
        whole = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert "X-SCO-KG-Truncated" not in whole.headers


def test_sparql_rate_limit_answers_429_with_retry_after(small_store: Path) -> None:
    with live_app(small_store, rate_limit_query_s=0.3, query_timeout_s=0.5, workers=1) as url:
        slow = requests.get(url + "/sparql", params={"query": SLOW_QUERY}, timeout=10)
        assert slow.status_code == 503
        throttled = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=10)
        assert throttled.status_code == 429
        assert int(throttled.headers["Retry-After"]) >= 1





def test_sparql_from_clauses_select_local_graphs(live_server: str) -> None:
    """pyoxigraph's union option would override FROM; the guard's dataset must win."""
    query = f"SELECT ?name FROM <{GRAPH_B}> WHERE {{ ?s <http://example.org/name> ?name }}"
    result = requests.get(live_server + "/sparql", params={"query": query}, timeout=10).json()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Carol"]
    query = ("PREFIX g: <http://example.org/graph/> SELECT ?g FROM NAMED g:a "
             "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    result = requests.get(live_server + "/sparql", params={"query": query}, timeout=10).json()
    assert [b["g"]["value"] for b in result["results"]["bindings"]] == [GRAPH_A]
