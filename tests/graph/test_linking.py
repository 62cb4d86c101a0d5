"""Wikidata linking against a real SPARQL server over the offline Wikidata subset (no mocks).

``oxigraph serve-read-only`` serves ``tests/data/wikidata/sco-subset.nt`` on 127.0.0.1; a small
counting proxy in front of it counts requests, records User-Agents and can answer 429 with
``Retry-After``, so the cache and the retry policy are proved on the wire.
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from servers import OXIGRAPH, live_app, oxigraph

from sco_kg.graph.cli import cli
from sco_kg.graph.link import EndpointError, WikidataClient
from sco_kg.graph.link.linking import link_store
from sco_kg.graph.link.scoring import AMBIGUOUS, LINKED, NO_CANDIDATE, Candidate, Entity, decide
from sco_kg.graph.rdf import vocab
from sco_kg.graph.store.oxigraph import OxigraphStore

ENTITIES = Path(__file__).resolve().parents[2] / "ontology" / "entities.ttl"
QUERIES = Path(__file__).resolve().parents[2] / "queries"
README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
WIKIDATA_SUBSET = Path(__file__).resolve().parents[1] / "data" / "wikidata" / "sco-subset.nt"

# The acceptance list: entity IRI key -> the QID the stand-in must give.
EXPECTED = {
    "org/sco": "Q485207", "org/un": "Q1065", "org/asean": "Q7768",
    "state/china": "Q148", "state/russia": "Q159", "state/kazakhstan": "Q232",
    "state/kyrgyzstan": "Q813", "state/tajikistan": "Q863", "state/uzbekistan": "Q265",
    "state/india": "Q668", "state/pakistan": "Q843",
    "person/xi-jinping": "Q15031", "person/antonio-guterres": "Q311440",
    "place/qingdao": "Q170322", "place/dushanbe": "Q9365",
}

TEST_ENTITIES = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sco: <https://w3id.org/sco-kg/ontology#> .
@prefix id: <https://w3id.org/sco-kg/id/> .
id:org\\/sco a sco:IntergovernmentalOrganization ;
    rdfs:label "Shanghai Cooperation Organisation"@en ; skos:altLabel "SCO"@en .
id:state\\/india a sco:State ; rdfs:label "India"@en .
id:state\\/china a sco:State ; rdfs:label "China"@en .
id:person\\/antonio-guterres a sco:Person ; rdfs:label "Antonio Guterres"@en .
id:person\\/rashid-alimov a sco:Person ; rdfs:label "Rashid Alimov"@en .
id:place\\/dushanbe a sco:City ; rdfs:label "Dushanbe"@en .
id:place\\/st-petersburg a sco:City ; rdfs:label "St. Petersburg"@en .
id:membership\\/sco\\/india a sco:Membership ; org:member id:state\\/india ;
    org:organization id:org\\/sco ; sco:startDate "2017"^^xsd:gYear .
id:membership\\/sco\\/china a sco:Membership ; org:member id:state\\/china ;
    org:organization id:org\\/sco ; sco:startDate "2002"^^xsd:gYear .
"""


@pytest.fixture(scope="module")
def wikidata_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve-read-only`` over the Wikidata subset; yields its query URL."""
    folder = tmp_path_factory.mktemp("wikidata")
    subprocess.run([str(OXIGRAPH), "load", "--location", str(folder / "db"), "--file",
                    str(WIKIDATA_SUBSET)],
                   check=True, capture_output=True)
    with oxigraph("serve-read-only", folder / "db") as url:
        yield f"{url}/query"


class _Proxy(ThreadingHTTPServer):
    """Forwards to ``upstream``; counts requests; answers 429 to the first ``throttle`` ones."""

    daemon_threads = True

    def __init__(self, upstream: str, throttle: int = 0, retry_after: str = "1") -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = urlsplit(upstream)
        self.throttle, self.retry_after = throttle, retry_after
        self.seen: list[tuple[float, str, str, int]] = []  # time, method, User-Agent, status
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.upstream.path}"


class _ProxyHandler(BaseHTTPRequestHandler):
    server: _Proxy

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._forward()

    def do_POST(self) -> None:  # noqa: N802
        self._forward()

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            throttled = self.server.throttle > 0
            self.server.throttle -= throttled
            self.server.seen.append((time.monotonic(), self.command,
                                     self.headers.get("User-Agent", ""), 429 if throttled else 0))
        if throttled:
            self.send_response(429)
            self.send_header("Retry-After", self.server.retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        upstream = http.client.HTTPConnection(self.server.upstream.hostname,
                                              self.server.upstream.port, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in {"content-type", "accept"}}
            upstream.request(self.command, self.path, body=body or None, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.getheader("Content-Type", "text/plain"))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy_factory(wikidata_server: str) -> Iterator:
    started: list[tuple[_Proxy, threading.Thread]] = []

    def start(throttle: int = 0, retry_after: str = "1") -> _Proxy:
        proxy = _Proxy(wikidata_server, throttle, retry_after)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        started.append((proxy, thread))
        return proxy

    yield start
    for proxy, thread in started:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=10)


def make_store(path: Path, *, reference: bytes = b"", article: bytes = b"") -> Path:
    """A store holding ``reference`` (Turtle) as the reference graph and ``article`` as one
    article graph, the two places entities come from."""
    store = OxigraphStore(str(path), create=True)
    graphs = {}
    for iri, text in ((vocab.GRAPH_REFERENCE, reference), (vocab.article_graph("t"), article)):
        if text:
            node = ox.NamedNode(iri)
            graphs[iri] = [ox.Quad(t.subject, t.predicate, t.object, node)
                           for t in ox.parse(text, format=ox.RdfFormat.TURTLE)]
    store.replace_graphs(graphs)
    store.close()
    return path


def links(path: Path) -> dict[str, str]:
    """Entity key -> linked QID, as the links graph says."""
    store = OxigraphStore(str(path), read_only=True)
    rows = store.query(f"SELECT ?e ?w WHERE {{ GRAPH <{vocab.GRAPH_LINKS}> "
                       f"{{ ?e <{vocab.SKOS}exactMatch> ?w }} }}")
    return {r["e"].value[len(vocab.ID):]: r["w"].value[len(vocab.WD):] for r in rows}


def run_link(*args: str) -> str:
    result = CliRunner().invoke(cli, ["link", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


# -- acceptance on the catalogue -------------------------------------------------------------


@pytest.mark.parametrize("trust", ["names only", "catalogue checked"])
def test_linking_catalogue_links_every_subset_entity_and_nothing_wrong(
        trust: str, wikidata_server: str, tmp_path: Path) -> None:
    """With the catalogue as article data its curated QIDs are not read, so the name lookup
    alone must find them; as the reference graph, they are checked as well."""
    text = ENTITIES.read_bytes()
    path = make_store(tmp_path / "store", **{"article" if trust == "names only" else
                                              "reference": text})
    output = run_link("--endpoint", wikidata_server, "--store", str(path),
                      "--cache", str(tmp_path / "cache"))
    found = links(path)
    for key, qid in EXPECTED.items():
        assert found.get(key) == qid, (key, output)
    subset = set(re.findall(r"<http://www\.wikidata\.org/entity/(Q\d+)> <http://www\.w3\.org"
                            r"/2000/01/rdf-schema#label>",
                            WIKIDATA_SUBSET.read_text("utf-8")))
    curated = {t.subject.value[len(vocab.ID):]: t.object.value[len(vocab.WD):]
               for t in ox.parse(text, format=ox.RdfFormat.TURTLE)
               if t.predicate.value == vocab.SKOS + "exactMatch"}
    wanted = {key: qid for key, qid in curated.items() if qid in subset}
    assert found == wanted, output  # every subset entity, and not one link more
    assert "person/rashid-alimov" not in found
    assert re.search(r"^no candidate .*Rashid Alimov  \[no item has this label or alias\]",
                     output, re.M)
    assert "a running `sco-kg serve` over this store picks the change up" in output


def test_linking_rejects_a_wrong_curated_qid(wikidata_server: str, tmp_path: Path) -> None:
    reference = TEST_ENTITIES.encode() + (
        b"@prefix wd: <http://www.wikidata.org/entity/> .\n"
        b"id:place\\/dushanbe skos:exactMatch wd:Q649 .\n"
        b"id:state\\/india skos:exactMatch wd:Q9 .\n")
    path = make_store(tmp_path / "store", reference=reference)
    output = run_link("--endpoint", wikidata_server, "--store", str(path))
    assert re.search(r"^catalogue disagreement .*Dushanbe  \[catalogue says Q649 \('Moscow'\), "
                     r"name lookup says Q9365", output, re.M), output
    assert re.search(r"^catalogue QID unconfirmed .*India  \[catalogue QID Q9 not found", output,
                     re.M), output
    found = links(path)
    assert "place/dushanbe" not in found and "state/india" not in found
    assert found["place/st-petersburg"] == "Q656"  # an alias of the item
    assert found["person/antonio-guterres"] == "Q311440"
    store = OxigraphStore(str(path), read_only=True)
    outcome = {r["o"].value[len(vocab.SCO):] for r in store.query(
        f"SELECT ?o WHERE {{ GRAPH <{vocab.GRAPH_LINKS}> {{ ?d <{vocab.SCO}entity> "
        f"<{vocab.ID}place/dushanbe> ; <{vocab.SCO}linkOutcome> ?o ; "
        f"<{vocab.SCO}candidate> <{vocab.WD}Q9365> }} }}")}
    assert outcome == {"CatalogueDisagreement"}


# -- provenance and determinism ---------------------------------------------------------------


def test_linking_records_score_label_and_query_per_link(wikidata_server: str,
                                                        tmp_path: Path) -> None:
    path = make_store(tmp_path / "store", article=TEST_ENTITIES.encode())
    run_link("--endpoint", wikidata_server, "--store", str(path))
    store = OxigraphStore(str(path), read_only=True)
    rows = list(store.query(f"""
        PREFIX sco: <{vocab.SCO}> PREFIX prov: <{vocab.PROV}> PREFIX rdf: <{vocab.RDF}>
        SELECT ?score ?label ?text ?sha ?endpoint WHERE {{ GRAPH <{vocab.GRAPH_LINKS}> {{
          ?d sco:entity <{vocab.ID}org/sco> ; sco:linkOutcome sco:Linked ; sco:score ?score ;
             sco:candidateLabel ?label ; rdf:object <{vocab.WD}Q485207> ;
             prov:wasDerivedFrom ?q .
          ?q <{vocab.SCHEMA}text> ?text ; sco:sha256 ?sha ; sco:endpoint ?endpoint }} }}"""))
    assert len(rows) == 1
    assert float(rows[0]["score"].value) >= 0.9
    assert rows[0]["label"].value == "Shanghai Cooperation Organisation"
    assert '"SCO"@en' in rows[0]["text"].value and rows[0]["endpoint"].value == wikidata_server
    reasons = {r["c"].value for r in store.query(
        f"SELECT ?c WHERE {{ ?d <{vocab.SCO}entity> <{vocab.ID}person/rashid-alimov> ; "
        f"<{vocab.RDFS}comment> ?c }}")}
    assert reasons == {"no item has this label or alias"}
    assert not any("Time" in str(q.predicate) for q in store.quads(vocab.GRAPH_LINKS))


def test_linking_queries_are_plain_sparql_11(wikidata_server: str, tmp_path: Path) -> None:
    """What runs on the stand-in must run unchanged on the live service: no vendor extensions."""
    path = make_store(tmp_path / "store", article=TEST_ENTITIES.encode())
    link_store(str(path), endpoint=wikidata_server, enrich=True)
    store = OxigraphStore(str(path), read_only=True)
    texts = [q.object.value for q in store.quads(vocab.GRAPH_LINKS)
             if q.predicate.value == vocab.SCHEMA + "text"]
    assert texts
    for text in texts:
        assert "SERVICE" not in text and "wikibase:label" not in text and "bd:" not in text
        assert "VALUES" in text  # batched, never one request per entity


# -- the live-service etiquette, proved on the wire -------------------------------------------


def test_linking_second_run_sends_no_request(proxy_factory, tmp_path: Path) -> None:
    proxy = proxy_factory()
    path = make_store(tmp_path / "store", reference=ENTITIES.read_bytes())
    first = run_link("--endpoint", proxy.url, "--store", str(path), "--enrich")
    sent = len(proxy.seen)
    entities = int(re.search(r"^(\d+) entities", first, re.M).group(1))
    assert 0 < sent < entities / 10, first  # batched
    graph_before = sorted(map(str, OxigraphStore(str(path)).quads(vocab.GRAPH_LINKS)))
    second = run_link("--endpoint", proxy.url, "--store", str(path), "--enrich")
    assert len(proxy.seen) == sent, second
    assert f"0 requests sent, {sent} answered from cache" in second
    assert (tmp_path / "store.wikidata-cache").is_dir()  # beside the store, not inside
    assert sorted(map(str, OxigraphStore(str(path)).quads(vocab.GRAPH_LINKS))) == graph_before


def test_linking_sends_a_descriptive_user_agent(proxy_factory, tmp_path: Path) -> None:
    proxy = proxy_factory()
    path = make_store(tmp_path / "store", article=TEST_ENTITIES.encode())
    link_store(str(path), endpoint=proxy.url)
    agents = {agent for _, _, agent, _ in proxy.seen}
    assert len(agents) == 1
    assert re.fullmatch(r"sco-kg/\S+ \(https://\S+; Wikidata linker\) SPARQLWrapper/\S+",
                        agents.pop())


def test_linking_honours_429_retry_after(proxy_factory, tmp_path: Path) -> None:
    proxy = proxy_factory(throttle=1, retry_after="1")
    path = make_store(tmp_path / "store", article=TEST_ENTITIES.encode())
    output = run_link("--endpoint", proxy.url, "--store", str(path))
    (t429, _, _, status), (t_retry, *_rest) = proxy.seen[0], proxy.seen[1]
    assert status == 429
    assert t_retry - t429 >= 1.0
    assert "1 retries (1.0 s waited)" in output
    assert links(path)["org/sco"] == "Q485207"


def test_linking_gives_up_on_a_long_retry_after_and_keeps_the_store(proxy_factory,
                                                                     tmp_path: Path) -> None:
    proxy = proxy_factory(throttle=5, retry_after="3600")
    path = make_store(tmp_path / "store", article=TEST_ENTITIES.encode())
    client = WikidataClient(proxy.url, max_wait=5)
    with pytest.raises(EndpointError, match="asked to wait 3600 s"):
        link_store(str(path), client=client)
    assert len(proxy.seen) == 1
    assert vocab.GRAPH_LINKS not in OxigraphStore(str(path)).graphs()


# -- enrichment and the canned query ------------------------------------------------------------


def test_linking_enrichment_feeds_the_membership_dates_query(wikidata_server: str,
                                                             tmp_path: Path) -> None:
    path = make_store(tmp_path / "store", article=TEST_ENTITIES.encode())
    link_store(str(path), endpoint=wikidata_server, enrich=True)
    store = OxigraphStore(str(path), read_only=True)
    rows = {r["memberLabel"].value: (r["wikidataStart"].value, r["agreement"].value)
            for r in store.query((QUERIES / "wikidata_membership_dates.rq").read_text("utf-8"))}
    assert rows == {"India": ("2017-06-01T00:00:00Z", "agrees"),
                    "China": ("2001-06-15T00:00:00Z", "differs")}


def test_linking_federated_queries_parse_and_name_the_live_service() -> None:
    from rdflib.plugins.sparql import prepareQuery

    files = sorted(QUERIES.glob("federated_*.rq"))
    assert files
    for path in files:
        text = path.read_text("utf-8")
        prepareQuery(text)  # parsed only: running it would call the live service
        assert "SERVICE <https://query.wikidata.org/sparql>" in text
        assert "refuses it (403)" in text  # the text tells the user this endpoint won't run it


# -- scoring (pure) -----------------------------------------------------------------------------


def _candidate(qid: str, name: str, role: str, classes: set[str], typed: bool) -> Candidate:
    return Candidate(qid, name, {(name, role)}, classes, typed)


def test_scoring_two_humans_with_one_name_are_ambiguous() -> None:
    person = Entity("x", ("person",), ("Wang Yi",))
    human = frozenset({"Q5"})
    decision = decide(person, [_candidate("Q1", "Wang Yi", "label", {"Q5"}, True),
                               _candidate("Q2", "Wang Yi", "label", {"Q5"}, True)], human)
    assert decision.outcome == AMBIGUOUS and decision.best is None
    context = decide(person, [_candidate("Q1", "Wang Yi", "label", {"Q5"}, True),
                              _candidate("Q2", "Wang Yi", "label", {"Q5"}, True)], human,
                     related={"Q2": {"Q148", "Q485207"}}, linked={"Q148", "Q485207"})
    assert context.outcome == LINKED and context.best.qid == "Q2"


def test_scoring_exact_label_of_the_wrong_type_is_no_candidate() -> None:
    city = Entity("x", ("city",), ("Shanghai",))
    decision = decide(city, [_candidate("Q9", "Shanghai", "label", set(), True)],
                      frozenset({"Q515"}))
    assert decision.outcome == NO_CANDIDATE
    assert "1 of another type" in decision.reason


# -- the real seed build --------------------------------------------------------------------------


def test_linking_seed_build_links_the_acceptance_list(seed_store_path: Path, wikidata_server: str,
                                                      tmp_path: Path) -> None:
    """On a copy of the seed build: every entity the articles mention and the subset holds is
    linked to its item, the rest stay unlinked, and the articles' membership dates agree."""
    path = tmp_path / "store"
    shutil.copytree(seed_store_path, path)
    output = run_link("--endpoint", wikidata_server, "--store", str(path), "--enrich")
    found = links(path)
    for key, qid in EXPECTED.items():
        assert found.get(key) == qid, (key, output)
    store = OxigraphStore(str(path), read_only=True)
    mentioned = {r["e"].value[len(vocab.ID):] for r in store.query(
        f"SELECT DISTINCT ?e WHERE {{ ?e <{vocab.SCO}denotedBy> ?m }}")}
    assert {"person/rashid-alimov", "org/shanghai-five"} <= mentioned - set(found)
    dates = list(store.query((QUERIES / "wikidata_membership_dates.rq").read_text("utf-8")))
    agreement = [r["agreement"].value for r in dates]
    assert agreement.count("agrees") >= 8 and "differs" not in agreement
    store.close()
    # The README's links example prints what the README shows on this linked seed graph.
    from sco_kg.server.cli import cli as full_cli

    query, expected = (re.search(rf"<!-- example:links:{part} -->\s*```\w*\n(.*?)```", README,
                                 re.S).group(1)  # type: ignore[union-attr]
                       for part in ("query", "output"))
    result = CliRunner().invoke(full_cli, ["query", query, "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == expected.splitlines()


def test_linking_links_are_served_in_dumps_sparql_and_entity_pages(
        seed_store_path: Path, wikidata_server: str, tmp_path: Path) -> None:
    """After `sco-kg link`, the links graph reaches users through every door of the server."""
    import requests

    path = tmp_path / "store"
    shutil.copytree(seed_store_path, path)
    run_link("--endpoint", wikidata_server, "--store", str(path))
    sco = "https://w3id.org/sco-kg/id/org/sco"
    with live_app(path, workers=1, rate_limit_query_s=0) as url:
        ask = requests.get(f"{url}/sparql", timeout=30, params={"query": (
            f"ASK {{ GRAPH <{vocab.GRAPH_LINKS}> {{ <{sco}> "
            f"<{vocab.SKOS}exactMatch> <{vocab.WD}Q485207> }} }}")},
            headers={"Accept": "application/sparql-results+json"})
        assert ask.json()["boolean"] is True
        dump = requests.get(f"{url}/dumps/sco-kg.nq", timeout=60)
        assert dump.status_code == 200
        assert (f"<{sco}> <{vocab.SKOS}exactMatch> <{vocab.WD}Q485207> "
                f"<{vocab.GRAPH_LINKS}> .").encode() in dump.content
        page = requests.get(f"{url}/id/org/sco", timeout=30, headers={"Accept": "text/html"})
        assert "https://www.wikidata.org/wiki/Q485207" in page.text \
            or "http://www.wikidata.org/entity/Q485207" in page.text
