"""RemoteStore against real databases on 127.0.0.1 (no mocks): ``oxigraph serve`` and Debian's
Virtuoso 7 (``tests/virtuoso.py``), each test run on both, and the CLI over them.

Queries that read back what a test wrote name its predicate (``ex:p``): Virtuoso's default
graph is every graph it holds, its own system graphs included, and a registry graph
(``remote.REGISTRY``) lists the graphs the store wrote.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port, oxigraph
from virtuoso import WRITER, WRITER_PASSWORD, Virtuoso, virtuoso

from sco_kg.graph.errors import QueryError, StoreError
from sco_kg.graph.store import Store, open_store
from sco_kg.graph.store.oxigraph import OxigraphStore
from sco_kg.graph.store.remote import RemoteStore

G1, G2 = "http://example.org/g1", "http://example.org/g2"
P = "<http://example.org/p>"


def quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/{s}"),
                   ox.NamedNode("http://example.org/p"), ox.Literal(o), ox.NamedNode(g))


def with_options(spec: str, **options: str) -> str:
    """``spec`` with more store options (it may have some already)."""
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return f"{spec}{'&' if '?' in spec else '?'}{query}"


@dataclass
class Engine:
    """A database under test: its name, the spec of its endpoints, and how to empty it."""

    name: str
    spec: str
    empty: Callable[[], None]


def _update(url: str, text: str) -> None:
    request = urllib.request.Request(url, data=text.encode(),
                                     headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(request, timeout=30):
        pass


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """``oxigraph serve`` or Virtuoso on free loopback ports, one per module and engine."""
    if request.param == "oxigraph":
        with oxigraph("serve", tmp_path_factory.mktemp("oxigraph") / "db") as url:
            yield Engine("oxigraph", f"sparql+{url}/", lambda: _update(f"{url}/update", "DROP ALL"))
        return
    server: Virtuoso = request.getfixturevalue("virtuoso_server")
    location = server.spec.removeprefix("sparql+")
    system = set(RemoteStore(location)._all_graphs())  # Virtuoso's own: kept

    def empty() -> None:
        store = RemoteStore(location)
        drops = [f"DROP SILENT GRAPH <{g}>" for g in store._all_graphs() if g not in system]
        if drops:
            _update(f"{server.url}/sparql", " ;\n".join(drops))

    yield Engine("virtuoso", server.spec, empty)


@pytest.fixture
def spec(engine: Engine) -> str:
    """The spec of an emptied database (the tests of a module share one server)."""
    engine.empty()
    return engine.spec


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph("serve", tmp_path_factory.mktemp("oxigraph-only") / "db") as url:
        yield url


@pytest.fixture
def store(spec: str) -> Iterator[Store]:
    opened = open_store(spec, create=True)
    yield opened
    opened.close()


def test_remote_registered_for_sparql_http_specs(oxigraph_server: str) -> None:
    store = open_store(f"sparql+{oxigraph_server}/")
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
    rows = store.query(f"SELECT ?o WHERE {{ ?s {P} ?o }} ORDER BY ?o")
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
    rows = store.query(f"SELECT ?g ?o {{ GRAPH ?g {{ ?s {P} ?o }} }} ORDER BY ?o")
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
    triples = store.query(f"# a comment\nPREFIX ex: <http://example.org/>\n"
                          f"CONSTRUCT {{ ?s {P} ?o }} WHERE {{ ?s {P} ?o }}")
    assert isinstance(triples, ox.QueryTriples)
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    assert buffer.getvalue() == b'<http://example.org/a> <http://example.org/p> "1" .\n'


def test_remote_booleans_come_back_as_written(store: Store) -> None:
    """Virtuoso answers "1"^^xsd:boolean for the "true"^^xsd:boolean it was given."""
    yes = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    flag = ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
                   yes, ox.NamedNode(G1))
    store.replace_graphs({G1: [flag]})
    rows = store.query(f"SELECT ?o (MAX(?o) AS ?m) WHERE {{ ?s {P} ?o }} GROUP BY ?o")
    assert [(r["o"], r["m"]) for r in rows] == [(yes, yes)]
    assert list(store.quads(G1)) == [flag]
    out = io.BytesIO()
    store.dump("nq", out)
    assert b'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in out.getvalue()


def test_remote_graphs_lists_the_registry_and_adopts_our_namespace_once(
        engine: Engine, spec: str) -> None:
    """Graphs written before the registry existed are kept if under our graph namespace."""
    ours = "https://w3id.org/sco-kg/graph/reference"
    foreign = "http://example.org/someone-elses"
    update_url = open_store(spec).update_url
    _update(update_url, f"INSERT DATA {{ GRAPH <{ours}> {{ <http://example.org/a> {P} 1 }} "
                        f"GRAPH <{foreign}> {{ <http://example.org/a> {P} 2 }} }}")
    store = open_store(spec, create=True)
    if engine.name == "oxigraph":  # no registry yet: every graph is listed
        assert store.graphs() == [foreign, ours]
    store.replace_graphs({G1: [quad("a", "1", G1)]})
    assert store.graphs() == [G1, ours]
    assert len(store) == 2


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
    queried = run_cli("query", f"SELECT ?o WHERE {{ ?s {P} ?o }} ORDER BY ?o", "--format", "csv",
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
        answer = requests.get(f"{url}/sparql", params={"query": f"SELECT ?o {{ ?s {P} ?o }}"},
                              headers={"Accept": "text/csv"}, timeout=30)
    assert answer.status_code == 200 and answer.text.split() == ["o", "1"]


def nquads(*quads: ox.Quad) -> bytes:
    from sco_kg.graph.store.nquads import canonical_nquads

    return canonical_nquads(quads)


def dataset(store: Store) -> list[str]:
    rows = store.query(f"SELECT ?g ?s ?o {{ GRAPH ?g {{ ?s {P} ?o }} }}")
    assert isinstance(rows, ox.QuerySolutions)
    return sorted(f"{r['g'].value} {r['s'].value} {r['o'].value}" for r in rows)


@pytest.mark.parametrize("method", ["nquads", "gsp", "update"])
def test_remote_replace_nquads_replaces_and_removes_by_every_method(
        engine: Engine, spec: str, method: str) -> None:
    store = open_store(with_options(spec, load=method, batch_mb="0.000001", jobs="2"),
                       create=True)
    assert isinstance(store, RemoteStore)
    if engine.name == "virtuoso" and method == "nquads":  # its GSP takes one graph at a time
        with pytest.raises(StoreError, match="answered with a page, not a load"):
            store.replace_nquads({G1: lambda: nquads(quad("a", "1", G1))})
        return
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
    store = open_store(with_options(spec, store="/no-such-endpoint"), create=True)
    assert isinstance(store, RemoteStore)
    store.replace_nquads({G1: lambda: nquads(quad("a", "1", G1))})
    assert store.load_method == "update"
    assert dataset(store) == [f"{G1} http://example.org/a 1"]


@pytest.mark.parametrize("bulk", ["yes", "no"])
def test_remote_replace_nquads_error_is_one_line_with_status_and_progress(
        spec: str, bulk: str) -> None:
    store = open_store(with_options(spec, batch_mb="0.000001", jobs="1", bulk=bulk),
                       create=True)
    assert isinstance(store, RemoteStore)
    with pytest.raises(StoreError) as raised:
        store.replace_nquads({G1: lambda: nquads(quad("a", "1", G1)),
                              G2: lambda: b'<http://example.org/a> <http://example.org/p> "2 .\n'})
    message = str(raised.value)
    assert "\n" not in message and "1 of 2 graphs loaded" in message
    assert re.search(r"HTTP (400|500): .*\w", message)  # Virtuoso: 500, with its reason
    assert dataset(store) == [f"{G1} http://example.org/a 1"]  # the good batch, whole
    assert store.graphs() == [G1]  # the bad one: absent, not partial


# -- authentication ------------------------------------------------------------------------

AUTH_VARS = ("SCO_KG_STORE_USER", "SCO_KG_STORE_PASSWORD", "SCO_KG_STORE_TOKEN")


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in AUTH_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_remote_digest_credentials_from_the_environment_open_virtuosos_auth_endpoints(
        virtuoso_server: Virtuoso, no_credentials: pytest.MonkeyPatch) -> None:
    no_credentials.setenv("SCO_KG_STORE_USER", WRITER)
    no_credentials.setenv("SCO_KG_STORE_PASSWORD", WRITER_PASSWORD)
    store = open_store(virtuoso_server.auth_spec, create=True)
    g = "http://example.org/authenticated"
    store.replace_graphs({g: [quad("a", "1", g)]})
    assert g in store.graphs()
    out = io.BytesIO()
    store.dump("nt", out, graph=g)
    assert out.getvalue() == b'<http://example.org/a> <http://example.org/p> "1" .\n'
    store.remove_graphs([g])
    assert g not in store.graphs()


@pytest.mark.parametrize("password", [None, "wrong-" + "pw"])
def test_remote_refused_credentials_are_one_clear_line_without_the_password(
        virtuoso_server: Virtuoso, no_credentials: pytest.MonkeyPatch,
        password: str | None) -> None:
    if password is not None:
        no_credentials.setenv("SCO_KG_STORE_USER", WRITER)
        no_credentials.setenv("SCO_KG_STORE_PASSWORD", password)
    with pytest.raises(StoreError) as raised:
        open_store(virtuoso_server.auth_spec)
    message = str(raised.value)
    assert "\n" not in message and "HTTP 401" in message
    if password is None:
        assert "asks for credentials: set SCO_KG_STORE_USER and SCO_KG_STORE_PASSWORD" in message
    else:
        assert "refused the credentials in SCO_KG_STORE_USER/SCO_KG_STORE_PASSWORD" in message
        assert password not in message and WRITER_PASSWORD not in message


def test_remote_credentials_in_the_url_are_refused_without_echoing_them(
        no_credentials: pytest.MonkeyPatch) -> None:
    with pytest.raises(StoreError, match="SCO_KG_STORE_USER") as raised:
        open_store("sparql+http://someone:s3cret-value@127.0.0.1:9/")
    assert "s3cret-value" not in str(raised.value)


class _Gate(BaseHTTPRequestHandler):
    """A loopback proxy in front of ``oxigraph serve`` that demands one Authorization value."""

    upstream = ""
    expected = ""
    challenge = ""

    def _forward(self) -> None:
        if self.headers.get("Authorization") != self.expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", self.challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in {"content-type", "accept"}}
        request = urllib.request.Request(self.upstream + self.path, data=body,
                                         method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, kind, data = answer.status, answer.headers.get("Content-Type"), \
                    answer.read()
        except urllib.error.HTTPError as exc:
            status, kind, data = exc.code, exc.headers.get("Content-Type"), exc.read()
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _forward

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.parametrize("scheme", ["basic", "bearer"])
def test_remote_basic_and_bearer_credentials_from_the_environment(
        oxigraph_server: str, no_credentials: pytest.MonkeyPatch, scheme: str) -> None:
    secret = "gate-" + "secret"
    if scheme == "basic":
        no_credentials.setenv("SCO_KG_STORE_USER", "reader")
        no_credentials.setenv("SCO_KG_STORE_PASSWORD", secret)
        expected = "Basic " + base64.b64encode(f"reader:{secret}".encode()).decode()
        challenge = 'Basic realm="sparql"'
    else:
        no_credentials.setenv("SCO_KG_STORE_TOKEN", secret)
        expected, challenge = f"Bearer {secret}", 'Bearer realm="sparql"'
    gate = type("Gate", (_Gate,), {"upstream": oxigraph_server, "expected": expected,
                                   "challenge": challenge})
    server = ThreadingHTTPServer(("127.0.0.1", 0), gate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        spec = f"sparql+http://127.0.0.1:{server.server_port}/"
        store = open_store(spec, create=True)
        g = f"http://example.org/{scheme}"
        store.replace_graphs({g: [quad("a", "1", g)]})
        assert g in store.graphs()
        no_credentials.setenv("SCO_KG_STORE_TOKEN" if scheme == "bearer"
                              else "SCO_KG_STORE_PASSWORD", "not-it")
        with pytest.raises(StoreError, match="HTTP 401: the database refused") as raised:
            open_store(spec)
        assert "not-it" not in str(raised.value) and secret not in str(raised.value)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
