"""No query makes the server fetch a URL or read a file; every query has limits.

A listener run by the test stands in for an internal service: if any request reached it, it
would record it. A local file holds a secret triple: it must never appear in an answer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from servers import live_app
from small_data import SLOW_QUERY

SECRET = "the-secret-value-42"


@pytest.fixture()
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on 127.0.0.1 recording every connection it gets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    seen.append(conn.recv(4096) or b"<connected>")
                except OSError:
                    seen.append(b"<connected>")
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        stop.set()
        thread.join()
        server.close()


@pytest.fixture()
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.nt"
    path.write_text(f'<http://example.org/x> <http://example.org/p> "{SECRET}" .\n', "utf-8")
    return path


def ask(url: str, query: str, **params: str) -> requests.Response:
    return requests.post(url + "/sparql", data={"query": query, **params}, timeout=30)


def test_security_from_never_fetches_nor_reads(live_server: str, listener: tuple,
                                               secret_file: Path) -> None:
    port, seen = listener
    for source in (f"http://127.0.0.1:{port}/data.ttl", secret_file.as_uri(),
                   "file:///etc/hostname"):
        for clause in ("FROM", "FROM NAMED"):
            response = ask(live_server, f"SELECT * {clause} <{source}> WHERE "
                                        "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
            assert response.status_code == 200, response.text
            assert response.json()["results"]["bindings"] == []
        response = ask(live_server, "SELECT * { ?s ?p ?o }", **{"default-graph-uri": source})
        assert response.json()["results"]["bindings"] == []
    time.sleep(0.3)
    assert seen == []


def test_security_pyoxigraph_never_dereferences_from(listener: tuple, secret_file: Path) -> None:
    port, seen = listener
    store = ox.Store()
    for source in (f"http://127.0.0.1:{port}/x", secret_file.as_uri()):
        rows = list(store.query(f"SELECT * FROM <{source}> WHERE {{ ?s ?p ?o }}"))
        assert rows == []
    time.sleep(0.3)
    assert seen == []


@pytest.mark.parametrize("template", [
    "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?a ?b ?c OPTIONAL {{ SELECT * {{ service silent <{url}> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_security_service_refused_and_nothing_reaches_the_target(
        live_server: str, listener: tuple, template: str) -> None:
    port, seen = listener
    response = ask(live_server, template.format(url=f"http://127.0.0.1:{port}/sparql"))
    assert response.status_code == 403
    assert "SERVICE" in response.json()["error"]
    time.sleep(0.3)
    assert seen == []


@pytest.mark.parametrize("update", [
    "LOAD <file:///etc/hostname>",
    "LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://example.org/g>",
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "DROP ALL",
    "CLEAR ALL",
])
def test_security_updates_refused(live_server: str, update: str) -> None:
    for response in (ask(live_server, update),
                     requests.post(live_server + "/sparql", data={"update": update}, timeout=30),
                     requests.post(live_server + "/sparql", data=update, timeout=30,
                                   headers={"Content-Type": "application/sparql-update"})):
        assert response.status_code == 403, response.text
    count = ask(live_server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").json()
    assert count["results"]["bindings"][0]["n"]["value"] == "5"


def test_security_timeout_stops_the_query_and_server_keeps_serving(small_store: Path) -> None:
    with live_app(small_store, query_timeout_s=1, workers=1, rate_limit_query_s=0) as url:
        started = time.monotonic()
        response = ask(url, SLOW_QUERY)
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert "time limit" in response.json()["error"]
        assert elapsed < 3
        started = time.monotonic()
        follow_up = ask(url, "ASK {}")
        assert follow_up.json()["boolean"] is True
        assert time.monotonic() - started < 1


def test_security_workers_have_no_network(small_store: Path) -> None:
    with live_app(small_store, workers=1) as url:
        assert requests.get(url + "/healthz", timeout=30).json()["sandboxed"] is True


def test_security_oversized_and_malformed_queries(live_server: str) -> None:
    assert ask(live_server, "ASK { " + "?s ?p ?o . " * 20_000 + "}").status_code == 413
    assert ask(live_server, "SELECT * WHERE { ?s").status_code == 400
    deep = "SELECT * WHERE " + "{ " * 60 + "?s ?p ?o" + " }" * 60
    response = ask(live_server, deep)
    assert response.status_code == 400
    assert "nest" in response.json()["error"]
