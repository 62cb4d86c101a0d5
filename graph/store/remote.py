"""A store that is any SPARQL 1.1 database, spoken to over HTTP (``sparql+http://...``).

Specification and endpoint URLs::

    sparql+http://HOST:PORT/PATH?query=Q&update=U&store=S&union=param&timeout=60

``Q``, ``U`` and ``S`` are resolved against ``http://HOST:PORT/PATH`` like links in a page, so
a relative name lands under ``PATH`` and one starting with ``/`` replaces it. The defaults
(``query``, ``update``, ``store``) fit ``oxigraph serve``: ``sparql+http://127.0.0.1:7878/``
talks to ``/query``, ``/update`` and ``/store``. Tested against ``oxigraph serve`` and
Debian's Virtuoso 7.2.5; other databases are untested (README, "Remote stores"):

* Virtuoso: ``sparql+http://HOST:8890/?query=/sparql&update=/sparql&store=/sparql-graph-crud``
  (the ``SPARQL`` user needs ``SPARQL_UPDATE`` to write), or with credentials ``/sparql-auth``
  and ``/sparql-graph-crud-auth`` (Digest). Its default graph is every graph it holds, its own
  system graphs too, whatever ``union`` says; queries naming our vocabulary are unaffected.
* Apache Jena Fuseki, dataset ``ds``:
  ``sparql+http://127.0.0.1:3030/ds/?query=sparql&update=update&store=data&union=server``.

Credentials never go in the URL (refused, not echoed); they come from the environment:
``SCO_KG_STORE_TOKEN`` is sent as ``Authorization: Bearer`` on every request, or
``SCO_KG_STORE_USER`` and ``SCO_KG_STORE_PASSWORD`` answer the database's Basic or Digest
challenge (a challenged request is sent again with them: a big upload travels twice). A refused
or missing credential is one ``StoreError`` line (``HTTP 401``) that names the variables, never
their values.

* ``union``: how a query gets the union of the named graphs as its default graph, as our
  other stores give it. ``param`` (default) sends Oxigraph's ``union-default-graph`` URL
  parameter; ``server`` sends nothing, for a database configured that way already (``oxigraph
  serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``).
* ``timeout``: seconds for each HTTP request (default 60); a query past it raises
  ``QueryTimeout``.
* ``version_ttl``: seconds a computed ``version`` is reused (default 2; see below).
* ``load``: how ``replace_nquads`` (the bulk path of ``build``) sends graphs: ``auto``
  (default: ``nquads``, falling back to ``gsp`` and then ``update`` when the database refuses
  the method), ``nquads``, ``gsp`` or ``update`` (see below).
* ``jobs``: concurrent upload requests (default 2); ``batch_mb``: the N-Quads a request carries,
  in MB (default 16: a batch closes at the first graph that takes it past that).
* ``bulk``: ``auto`` (default) asks a server that answers as ``Oxigraph`` to load each N-Quads
  batch with its bulk loader (its ``no_transaction`` parameter: measured 2.7x faster than a
  transaction per request on 588,456 quads, 22 s against 59 s); ``yes`` always asks, ``no``
  never does.

How each Store method maps onto the protocols:

* ``query``: SPARQL 1.1 Protocol, POST form-encoded, ``Accept`` chosen by the query form read
  after the prologue: SPARQL JSON (else XML) results for SELECT and ASK, N-Triples (else Turtle,
  RDF/XML) for CONSTRUCT and DESCRIBE (Virtuoso answers a table to any query when a table
  format is acceptable at all). Results are pyoxigraph's own objects:
  ``parse_query_results`` gives ``QuerySolutions`` / ``QueryBoolean``; a CONSTRUCT or DESCRIBE
  answer is loaded into a scratch in-memory ``pyoxigraph.Store`` and read back with
  ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }``, which yields a genuine ``QueryTriples``
  (what ``querying.format_result``, ``pyoxigraph.serialize`` and the server's negotiation
  check for with ``isinstance``).
* ``graphs`` / ``len`` / ``version``: only the graphs this store wrote, listed in a registry
  graph ``urn:sco-kg:graphs`` (``<urn:sco-kg:graphs> rdfs:member <g>``) that every write
  updates in the same request as the data where it can; a database with no registry yet (filled
  by other tools) lists every named graph it holds, and the registry's first write adopts those
  under ``https://w3id.org/sco-kg/graph/``. The registry and staging graphs are never listed,
  counted or dumped (but, like all named graphs, are in a union default graph).
* ``replace_graphs``: each graph's triples are PUT (Graph Store Protocol, N-Triples) into a
  staging graph ``urn:sco-kg:staging:<token>:<n>``, then one Update request moves every
  staging graph onto its target (``MOVE SILENT GRAPH``). The database runs an update request
  as one transaction (Oxigraph and Fuseki do), so readers see all graphs replaced or none.
  While the upload runs, the staging graphs are visible to union queries: load into a
  database nobody is querying, or accept that window.
* ``replace_nquads``: the bulk path a build takes. Each graph arrives as its canonical
  N-Quads bytes (read from the local build's graph file when the request is made) and is sent
  as bytes; no quad becomes a Python object. Graphs are packed into requests of about
  ``batch_mb`` and sent ``jobs`` at a time. By ``load`` method:

  - ``nquads``: the graphs of a batch that exist on the database are dropped (one Update
    request), then the batch is POSTed as one N-Quads document to the store endpoint without
    ``graph`` (Graph Store Protocol on the whole dataset; ``oxigraph serve`` and Fuseki take
    it). Oxigraph loads one request in one transaction, or, with ``bulk``, with its bulk
    loader, which is not atomic: a batch that fails there has its graphs dropped again, so
    each of them is whole or absent (unless that clean-up fails too: the error says so).
  - ``gsp``: one Graph Store Protocol ``PUT ?graph=IRI`` of N-Triples per graph (the graph's
    lines with the graph term cut off, a byte replacement), which replaces it.
  - ``update``: one SPARQL Update request per batch, ``DROP SILENT GRAPH`` for each graph then
    ``INSERT DATA { GRAPH <g> { ... } }``: any SPARQL 1.1 Update endpoint, one transaction per
    batch, but about 2.5x slower than ``nquads`` on Oxigraph (parsing SPARQL, not N-Quads).

  ``auto`` tries ``nquads`` on the first batch and steps down to ``gsp``, then ``update``,
  when the database answers 404, 405, 406, 415 or 501 (it lacks the method), answers with an
  HTML page, or loaded nothing (checked with one ASK); the method used is
  kept in ``load_method``. Guarantees: a batch is applied whole or not at all (``nquads`` and
  ``update``; ``gsp`` per graph), but not the whole call: a graph being replaced is missing
  between its drop and its load, and a failure stops the batches not yet sent and raises one
  ``StoreError`` line (HTTP status and the server's message) that says how many graphs were
  loaded. The graphs in ``remove`` are dropped only after every batch loaded. Running the same
  build again completes a partial one.
* ``remove_graphs``: one Update request of ``DROP SILENT GRAPH``.
* ``quads`` / ``dump``: the dataset is fetched once as N-Quads with a GSP GET on the store
  endpoint without ``graph`` (Oxigraph answers with every named graph); when the database
  refuses that (Virtuoso: 406) or answers another type, each of our graphs is fetched by a GSP
  GET ``?graph=`` (else a ``CONSTRUCT``). The quads received are checked against the database's
  count per graph, so an answer cut by a row cap is an error, not a short dump. They are loaded
  into an in-memory ``OxigraphStore`` and dumped by it, so a dump is byte-identical to one from
  a local store holding the same data. This needs memory for the dataset, as a local store
  does anyway. Virtuoso's ``"1"^^xsd:boolean`` is read back as the ``"true"`` written.
* ``version``: a digest of every named graph with its quad count. Computing it scans the
  database, so it is reused for ``version_ttl`` seconds; writes through this object reset it.
  Oxigraph sends no ETag to reuse instead.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QueryError, QueryTimeout, StoreError
from ..rdf.vocab import GRAPH as OUR_GRAPHS
from . import QueryResult
from .oxigraph import OxigraphStore

STAGING = "urn:sco-kg:staging:"
REGISTRY = "urn:sco-kg:graphs"  # the graph that lists the graphs this store wrote
_MEMBER = "http://www.w3.org/2000/01/rdf-schema#member"
_REGISTRY_CLASS = "urn:sco-kg:GraphRegistry"
# Accept by query form: Virtuoso answers a CONSTRUCT as a result table (and an ASK as one too,
# with some headers) when a table format is acceptable, whatever the q-values say.
_ACCEPT_TABLE = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
_ACCEPT_ANY = ("application/sparql-results+json, application/n-triples;q=0.9, "
               "application/sparql-results+xml;q=0.8, text/turtle;q=0.7")
# The prologue before a query's form keyword: comments, BASE and PREFIX declarations.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*",
                       re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
# Credentials for a database that asks for them (see the module docstring); never logged.
ENV_USER, ENV_PASSWORD, ENV_TOKEN = ("SCO_KG_STORE_USER", "SCO_KG_STORE_PASSWORD",
                                     "SCO_KG_STORE_TOKEN")
_UNION_MODES = ("param", "server")
LOAD_METHODS = ("auto", "nquads", "gsp", "update")
_LACKS_METHOD = (404, 405, 406, 415, 501)  # HTTP answers meaning "not this way": try the next
_GRAPH_FORMATS = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                  "text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML}


class RemoteStore:
    """A SPARQL 1.1 database reached over HTTP (see the module docstring for the mapping)."""

    supports_timeout = True
    needs_network = True  # its queries go over HTTP: the server must not sandbox its workers

    def __init__(self, location: str | None, *, read_only: bool = False,
                 create: bool = False) -> None:
        if not location:
            raise StoreError("a remote store needs a URL: sparql+http://HOST:PORT/PATH")
        self.read_only = read_only
        parts = urllib.parse.urlsplit(location)
        if "@" in parts.netloc:  # never echo it: the part before @ may be a password
            raise StoreError(f"credentials do not go in the store URL: set {ENV_USER} and "
                             f"{ENV_PASSWORD} (or {ENV_TOKEN}) in the environment")
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise StoreError(f"not an HTTP URL: {location!r}")
        options = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        unknown = set(options) - {"query", "update", "store", "union", "timeout", "version_ttl",
                                  "load", "jobs", "batch_mb", "bulk"}
        if unknown:
            raise StoreError(f"unknown remote store option(s): {', '.join(sorted(unknown))}")
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        self.query_url = urllib.parse.urljoin(base, options.get("query", "query"))
        self.update_url = urllib.parse.urljoin(base, options.get("update", "update"))
        self.store_url = urllib.parse.urljoin(base, options.get("store", "store"))
        self.union = options.get("union", "param")
        if self.union not in _UNION_MODES:
            raise StoreError(f"union must be one of {', '.join(_UNION_MODES)}: {self.union!r}")
        self.load = options.get("load", "auto")
        if self.load not in LOAD_METHODS:
            raise StoreError(f"load must be one of {', '.join(LOAD_METHODS)}: {self.load!r}")
        self.load_method: str | None = None  # the method replace_nquads used last
        self.bulk = options.get("bulk", "auto")
        if self.bulk not in ("auto", "yes", "no"):
            raise StoreError(f"bulk must be one of auto, yes, no: {self.bulk!r}")
        self._server = ""  # the Server header of the last answer
        try:
            self.timeout = float(options.get("timeout", 60))
            self.version_ttl = float(options.get("version_ttl", 2))
            self.jobs = max(1, int(options.get("jobs", 2)))
            self.batch_bytes = int(float(options.get("batch_mb", 16)) * 2**20)
        except ValueError as exc:
            raise StoreError(f"bad number in remote store options: {exc}") from exc
        self._version: tuple[float, str] | None = None
        self._opener, self._auth_header, self._credentials = _opener(base)
        try:  # fail at open, with the URL, rather than at first use
            self.query("ASK {}")
        except QueryError as exc:
            raise StoreError(f"no SPARQL query endpoint at {self.query_url}: {exc}") from exc

    # -- reading -------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        registered = self._registered()
        if registered is not None:
            return sorted(registered)
        return sorted(g for g in self._all_graphs() if _ours(g))

    def _registered(self) -> set[str] | None:
        """The graphs the registry lists, or None when the database has no registry."""
        rows = self.query(f"SELECT ?p ?g WHERE {{ GRAPH <{REGISTRY}> {{ <{REGISTRY}> ?p ?g }} }}")
        assert isinstance(rows, ox.QuerySolutions)
        found = False
        graphs = set()
        for row in rows:
            found = True
            if row["p"] is not None and row["p"].value == _MEMBER and \
                    isinstance(row["g"], ox.NamedNode):
                graphs.add(row["g"].value)
        return graphs if found else None

    def _all_graphs(self) -> list[str]:
        """Every named graph the database lists (Virtuoso's own too)."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        assert isinstance(rows, ox.QuerySolutions)
        found = [row["g"] for row in rows]
        if any(g is None for g in found):  # Virtuoso binds nothing for an empty pattern
            rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            assert isinstance(rows, ox.QuerySolutions)
            found = [row["g"] for row in rows]
        return [g.value for g in found if isinstance(g, ox.NamedNode)]

    def __len__(self) -> int:
        return sum(self._counts().values())

    @property
    def version(self) -> str:
        now = time.monotonic()
        if self._version is None or now - self._version[0] > self.version_ttl:
            counts = "\n".join(f"{g} {n}" for g, n in sorted(self._counts().items()))
            self._version = (now, hashlib.sha256(counts.encode()).hexdigest()[:16])
        return self._version[1]

    def query(self, text: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, base_iri: str | None = None,
              timeout: float | None = None) -> QueryResult:
        """Run a query on the database; results as pyoxigraph objects.

        Raises:
            QueryError: the database refused the query (its message is kept).
            QueryTimeout: no answer within ``timeout`` (or the store's) seconds.
        """
        if base_iri:
            text = f"BASE <{base_iri}>\n{text}"
        form: list[tuple[str, str]] = [("query", text)]
        if default_graph is None and named_graphs is None:
            if self.union == "param":
                form.append(("union-default-graph", ""))
        else:
            form += [("default-graph-uri", g) for g in default_graph or ()]
            form += [("named-graph-uri", g) for g in named_graphs or ()]
        body, content_type = self._request(
            self.query_url, data=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": _accept(text)},
            timeout=timeout, error=QueryError)
        return _parse_answer(body, content_type)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        return self._snapshot(graph).quads(graph)

    def dump(self, fmt: str, output: BinaryIO, *, graph: str | None = None) -> None:
        self._snapshot(graph).dump(fmt, output, graph=graph)

    # -- writing -------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        self._check_writable()
        token = secrets.token_hex(6)
        moves = []
        try:
            for number, (iri, quads) in enumerate(graphs.items()):
                staging = f"{STAGING}{token}:{number}"
                body = io.BytesIO()
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                             body, ox.RdfFormat.N_TRIPLES)
                if body.getvalue():
                    self._request(self._graph_url(staging), data=body.getvalue(), method="PUT",
                                  headers={"Content-Type": "application/n-triples"})
                    moves.append(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{iri}>")
                else:
                    moves.append(f"DROP SILENT GRAPH <{iri}> ; CREATE SILENT GRAPH <{iri}>")
            if moves:  # one request: the graphs and their registration, all or nothing
                self._update(" ;\n".join(moves + [self._register(graphs)]))
        except BaseException:
            drops = [f"DROP SILENT GRAPH <{STAGING}{token}:{n}>" for n in range(len(graphs))]
            if drops:
                try:
                    self._update(" ;\n".join(drops))
                except StoreError:
                    pass  # the original error matters more; staging graphs are named
            raise
        finally:
            self._version = None

    def remove_graphs(self, iris: Iterable[str]) -> None:
        self._check_writable()
        iris = list(iris)
        drops = [f"DROP SILENT GRAPH <{iri}>" for iri in iris]
        if drops:
            members = " ".join(f"<{REGISTRY}> <{_MEMBER}> <{iri}> ." for iri in iris)
            drops.append(f"DELETE DATA {{ GRAPH <{REGISTRY}> {{ {members} }} }}")
            self._update(" ;\n".join(drops))
        self._version = None

    def _register(self, iris: Iterable[str]) -> str:
        """The update that lists ``iris`` in the registry (adopting, on the registry's first
        write, the graphs under our namespace that the database already holds: a dataset loaded
        before the registry existed, or by another tool)."""
        iris = set(iris)
        if self._registered() is None:
            iris |= {g for g in self._all_graphs() if g.startswith(OUR_GRAPHS)}
        members = " ".join(f"<{REGISTRY}> <{_MEMBER}> <{iri}> ." for iri in sorted(iris))
        return (f"INSERT DATA {{ GRAPH <{REGISTRY}> {{ <{REGISTRY}> a <{_REGISTRY_CLASS}> . "
                f"{members} }} }}")

    def replace_nquads(self, graphs: Mapping[str, Callable[[], bytes]], *,
                       remove: Iterable[str] = ()) -> int:
        """Replace each graph with its canonical N-Quads, then drop ``remove`` (the bulk path).

        Args:
            graphs: graph IRI -> a function giving that graph's canonical N-Quads (called when
                its batch is sent, so at most ``jobs`` batches are in memory).
            remove: graphs to drop once every graph is loaded.

        Returns:
            The number of quads sent. ``load_method`` says which protocol carried them.

        Raises:
            StoreError: one line: the request that failed, its HTTP status, the server's
                message, and how many graphs were loaded before it (see the module docstring).
        """
        self._check_writable()
        existing = set(self._all_graphs())
        methods = [self.load] if self.load != "auto" else ["nquads", "gsp", "update"]
        done = {"graphs": 0, "quads": 0}
        lock = threading.Lock()
        in_flight = threading.Semaphore(self.jobs)  # bounds the batches held in memory

        def send(batch: list[tuple[str, bytes]]) -> None:
            try:
                self._send_batch(batch, methods[0], existing)
                self._update(self._register(iri for iri, _ in batch))
            finally:
                in_flight.release()
            with lock:
                done["graphs"] += len(batch)
                done["quads"] += sum(body.count(b"\n") for _, body in batch)

        try:
            batches = _read_batches(graphs, self.batch_bytes)
            first = next(batches, None)
            while first is not None:  # the first batch finds the method the database takes
                try:
                    in_flight.acquire()
                    send(first)
                    if len(methods) > 1 and not self._landed(first):
                        raise _LacksMethod(f"{methods[0]}: the database answered but did not "
                                           "load the data")
                    break
                except _LacksMethod:
                    if len(methods) == 1:
                        raise
                    methods.pop(0)
            self.load_method = methods[0]
            with ThreadPoolExecutor(self.jobs) as pool:
                futures: list[Future[None]] = []
                for batch in batches:
                    in_flight.acquire()
                    if any(f.done() and f.exception() for f in futures):
                        in_flight.release()
                        break  # a batch failed: send no more
                    futures.append(pool.submit(send, batch))
                for future in futures:
                    future.result()
        except (StoreError, _LacksMethod) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise StoreError(f"{message} ({done['graphs']} of {len(graphs)} graphs loaded; "
                             f"run the build again to finish)") from exc
        finally:
            self._version = None
        self.remove_graphs(g for g in remove if g in existing)
        return done["quads"]

    def _landed(self, batch: list[tuple[str, bytes]]) -> bool:
        """Whether the first graph of ``batch`` with data is on the database now (Virtuoso's
        Graph Store endpoint answers 200 with a form to a POST without ``graph``)."""
        for iri, nquads in batch:
            if nquads:
                return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"))
        return True

    def _send_batch(self, batch: list[tuple[str, bytes]], method: str,
                    existing: set[str]) -> None:
        """Send one batch of graphs by ``method`` (see the module docstring)."""
        if method == "nquads":
            stale = [iri for iri, _ in batch if iri in existing]
            if stale:
                self._update(" ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in stale))
            body = b"".join(nquads for _, nquads in batch)
            if not body:
                return
            bulk = self.bulk == "yes" or (self.bulk == "auto"
                                          and self._server.startswith("Oxigraph"))
            url = self.store_url + ("&" if "?" in self.store_url else "?") + "no_transaction" \
                if bulk else self.store_url
            try:
                _, answer_type = self._request(url, data=body, method="POST", lacks_method=True,
                                               headers={"Content-Type": "application/n-quads"})
                if answer_type == "text/html":  # Virtuoso: a form page, nothing loaded
                    raise _LacksMethod(f"POST {url}: answered with a page, not a load")
            except (StoreError, _LacksMethod) as exc:
                if bulk:  # not atomic: take back what part of the batch got in
                    try:
                        self._update(" ;\n".join(f"DROP SILENT GRAPH <{i}>" for i, _ in batch))
                    except StoreError as cleanup:
                        raise type(exc)(f"{exc.args[0]}; dropping the batch's graphs after it "
                                        f"failed too, some may be partial: {cleanup}") from exc
                raise
        elif method == "gsp":
            for iri, nquads in batch:
                self._request(self._graph_url(iri), data=_triples(iri, nquads), method="PUT",
                              lacks_method=True, headers={"Content-Type": "application/n-triples"})
        else:
            parts = [f"DROP SILENT GRAPH <{iri}> ;\n".encode() for iri, _ in batch]
            parts.append(b"INSERT DATA {\n")
            for iri, nquads in batch:
                parts += [f"GRAPH <{iri}> {{\n".encode(), _triples(iri, nquads), b"}\n"]
            parts.append(b"}\n")
            self._request(self.update_url, data=b"".join(parts), lacks_method=True,
                          headers={"Content-Type": "application/sparql-update"})

    def close(self) -> None:
        self._version = None

    # -- plumbing ------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("this store is open read-only")

    def _graph_url(self, graph: str) -> str:
        return f"{self.store_url}?{urllib.parse.urlencode({'graph': graph})}"

    def _update(self, text: str) -> None:
        self._request(self.update_url, data=text.encode("utf-8"),
                      headers={"Content-Type": "application/sparql-update"})

    def _counts(self) -> dict[str, int]:
        """Quads per graph of ours (``graphs``): not the database's own graphs."""
        ours = self.graphs()
        rows = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(rows, ox.QuerySolutions)
        counts = {row["g"].value: int(row["n"].value) for row in rows
                  if isinstance(row["g"], ox.NamedNode)}
        return {g: counts.get(g, 0) for g in ours}

    def _snapshot(self, graph: str | None) -> OxigraphStore:
        """The dataset (or one graph) copied into memory, to read or dump like a local store.

        The whole dataset comes in one Graph Store GET when the database answers it with
        N-Quads (Oxigraph); otherwise (Virtuoso answers 406) each of our graphs is fetched on
        its own. Either way the quads received are checked against the database's own count,
        so an answer cut short (a row cap such as Virtuoso's ``ResultSetMaxRows``) is an error,
        not a short dump.
        """
        counts = self._counts()
        wanted = [graph] if graph is not None else sorted(counts)
        by_graph: dict[str, list[ox.Quad]] = {}
        if graph is None:
            try:
                body, content_type = self._request(self.store_url, lacks_method=True,
                                                   headers={"Accept": "application/n-quads"})
            except _LacksMethod:
                body, content_type = b"", None
            if content_type == "application/n-quads":
                for quad in ox.parse(body, ox.RdfFormat.N_QUADS):
                    if isinstance(quad.graph_name, ox.NamedNode) and \
                            quad.graph_name.value in counts:
                        by_graph.setdefault(quad.graph_name.value, []).append(quad)
                wanted = []
        for iri in wanted:
            by_graph[iri] = self._graph_quads(iri)
        for iri, quads in by_graph.items():
            if len(quads) < counts.get(iri, 0):
                raise StoreError(f"the database sent {len(quads)} of the {counts[iri]} quads of "
                                 f"<{iri}>: it cut the answer short (a row limit?)")
        local = OxigraphStore(None)
        local.replace_graphs({iri: quads for iri, quads in by_graph.items() if quads})
        return local

    def _graph_quads(self, iri: str) -> list[ox.Quad]:
        """One graph's quads: a Graph Store GET, else (the endpoint refuses) a CONSTRUCT."""
        node = ox.NamedNode(iri)
        try:
            body, content_type = self._request(
                self._graph_url(iri), missing_ok=True, lacks_method=True,
                headers={"Accept": "application/n-triples, text/turtle;q=0.9"})
        except _LacksMethod:
            body, content_type = b"", "lacks method"
        if content_type is None:  # 404: no such graph
            return []
        if content_type in _GRAPH_FORMATS:
            try:
                triples: Iterable[ox.Triple] = list(ox.parse(
                    _canonical_booleans(body, content_type), _GRAPH_FORMATS[content_type]))
            except SyntaxError as exc:
                raise StoreError(f"unreadable graph <{iri}> from the database: {exc}") from exc
        else:
            answer = self.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
            assert isinstance(answer, ox.QueryTriples)
            triples = list(answer)
        return [ox.Quad(t.subject, t.predicate, t.object, node) for t in triples]

    def _request(self, url: str, *, data: bytes | None = None, method: str | None = None,
                 headers: Mapping[str, str] | None = None, timeout: float | None = None,
                 error: type[StoreError] | type[QueryError] = StoreError,
                 missing_ok: bool = False, lacks_method: bool = False,
                 ) -> tuple[bytes, str | None]:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if self._auth_header:
            request.add_unredirected_header("Authorization", self._auth_header)
        try:
            with self._opener.open(request, timeout=timeout or self.timeout) as response:
                self._server = response.headers.get("Server", "")
                if response.headers.get("X-SQL-State"):  # Virtuoso's "anytime" partial answer
                    raise QueryTimeout(f"{url}: the database stopped the query and answered "
                                       f"with partial results: "
                                       f"{response.headers.get('X-SQL-Message', '')}")
                content_type = response.headers.get_content_type()
                return response.read(), content_type
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return b"", None
            if exc.code == 401:  # the server's page says nothing more; never echo credentials
                exc.close()
                raise StoreError(f"{method or ('POST' if data is not None else 'GET')} {url}: "
                                 f"HTTP 401: {_auth_advice(self._credentials)}") from None
            message = exc.read().decode("utf-8", "replace")
            if exc.headers.get_content_type() == "text/html":  # Virtuoso's error pages
                message = re.sub(r"<title>.*?</title>|<[^>]*>", " ", message, flags=re.S)
            message = " ".join(message.split())[:500]
            if lacks_method and exc.code in _LACKS_METHOD:
                raise _LacksMethod(f"{method or 'POST'} {url}: HTTP {exc.code}: {message}") \
                    from exc
            raise error(f"{method or ('POST' if data is not None else 'GET')} {url}: "
                        f"HTTP {exc.code}: {message}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"{url}: no answer within {timeout or self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryTimeout(f"{url}: no answer within {timeout or self.timeout:g} s") \
                    from exc
            raise StoreError(f"cannot reach SPARQL database at {url}: {exc.reason}") from exc
        except OSError as exc:
            raise StoreError(f"{url}: {exc}") from exc


class _LacksMethod(Exception):
    """The database answered that it does not take a request this way (_LACKS_METHOD)."""


def _ours(graph: str) -> bool:
    """Not one of the store's own bookkeeping graphs (staging, registry)."""
    return not graph.startswith(STAGING) and graph != REGISTRY


def _accept(query: str) -> str:
    """The Accept header for a query: result tables for SELECT and ASK, RDF for the others."""
    prologue = _PROLOGUE.match(query)
    form = _FORM.match(query, prologue.end() if prologue else 0)
    if form is None:
        return _ACCEPT_ANY
    return _ACCEPT_TABLE if form.group(1).upper() in {"SELECT", "ASK"} else _ACCEPT_GRAPH


def _opener(base: str) -> tuple[urllib.request.OpenerDirector, str, str]:
    """An opener answering the database's authentication challenges, from the environment.

    ``SCO_KG_STORE_TOKEN`` is sent as ``Authorization: Bearer`` on every request;
    ``SCO_KG_STORE_USER`` and ``SCO_KG_STORE_PASSWORD`` answer a Basic or Digest challenge
    (Virtuoso's ``/sparql-auth`` asks for Digest) for any URL on the database's host.
    Returns the opener, the fixed Authorization header (or ""), and which variables were used
    (for error messages, which name variables, never values).
    """
    token = os.environ.get(ENV_TOKEN, "")
    user = os.environ.get(ENV_USER, "")
    password = os.environ.get(ENV_PASSWORD, "")
    if token:
        return urllib.request.build_opener(), f"Bearer {token}", ENV_TOKEN
    if user or password:
        if not (user and password):
            raise StoreError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        root = urllib.parse.urlunsplit(urllib.parse.urlsplit(base)[:2] + ("/", "", ""))
        passwords.add_password(None, root, user, password)
        opener = urllib.request.build_opener(_BasicAuth(passwords), _DigestAuth(passwords))
        return opener, "", f"{ENV_USER}/{ENV_PASSWORD}"
    return urllib.request.build_opener(), "", ""


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Answers a Basic challenge; closes the challenge's answer (urllib leaves it open)."""

    def http_error_401(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def, unused-ignore]
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        finally:
            fp.close()


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Answers a Digest challenge; closes the challenge's answer (urllib leaves it open)."""

    def http_error_401(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def, unused-ignore]
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        finally:
            fp.close()


def _auth_advice(credentials: str) -> str:
    """One line for a 401, naming the variables in use (never their values)."""
    if credentials:
        return f"the database refused the credentials in {credentials}"
    return (f"the database asks for credentials: set {ENV_USER} and {ENV_PASSWORD} "
            f"(or {ENV_TOKEN}) in the environment")


def _read_batches(graphs: Mapping[str, Callable[[], bytes]],
                  limit: int) -> Iterator[list[tuple[str, bytes]]]:
    """Graphs read one by one and packed into batches of at least ``limit`` bytes (or the rest)."""
    batch: list[tuple[str, bytes]] = []
    size = 0
    for iri, read in graphs.items():
        body = read()
        batch.append((iri, body))
        size += len(body)
        if size >= limit:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _triples(iri: str, nquads: bytes) -> bytes:
    """One graph's N-Quads lines as N-Triples: the graph term cut off each line, as bytes.

    Safe as a byte replacement: in N-Quads a newline only ends a line (literals escape it), so
    `` <g> .\\n`` can only be a line's last term.
    """
    return nquads.replace(f" <{iri}> .\n".encode(), b" .\n")


_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEAN_TERM = re.compile(rb'(?<!\\)"([01])"\^\^<' + re.escape(_XSD_BOOLEAN.encode()) + rb">")
_BOOLEAN_XML = re.compile(rb'(<literal datatype="' + re.escape(_XSD_BOOLEAN.encode())
                          + rb'">)([01])(</literal>)')


def _canonical_booleans(body: bytes, content_type: str | None) -> bytes:
    """``"1"``/``"0"`` xsd:boolean literals written ``"true"``/``"false"``.

    Virtuoso keeps a boolean as a number and answers ``"1"^^xsd:boolean`` for the
    ``"true"^^xsd:boolean`` it was given (both valid, but terms compare by lexical form): this
    store writes only the canonical forms, so it reads them back that way. A no-op unless the
    answer names xsd:boolean.
    """
    if _XSD_BOOLEAN.encode() not in body:
        return body
    words = {b"1": b"true", b"0": b"false"}
    if content_type == "application/sparql-results+json":
        answer = json.loads(body)
        for row in answer.get("results", {}).get("bindings", []):
            for term in row.values():
                if term.get("datatype") == _XSD_BOOLEAN and term.get("value") in ("1", "0"):
                    term["value"] = "true" if term["value"] == "1" else "false"
        return json.dumps(answer).encode()
    if content_type == "application/sparql-results+xml":
        return _BOOLEAN_XML.sub(lambda m: m[1] + words[m[2]] + m[3], body)
    return _BOOLEAN_TERM.sub(lambda m: b'"' + words[m[1]] + b'"^^<' + _XSD_BOOLEAN.encode()
                             + b">", body)


def _parse_answer(body: bytes, content_type: str | None) -> QueryResult:
    """A protocol answer as pyoxigraph's result objects (see the module docstring)."""
    body = _canonical_booleans(body, content_type)
    results = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}
    graphs = _GRAPH_FORMATS
    try:
        if content_type in results:
            return ox.parse_query_results(body, results[content_type])
        if content_type in graphs:
            scratch = ox.Store()
            scratch.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                                for t in ox.parse(body, graphs[content_type]))
            return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    except SyntaxError as exc:
        raise StoreError(f"unreadable answer from the SPARQL database: {exc}") from exc
    raise StoreError(f"unexpected answer type from the SPARQL database: {content_type!r} "
                     f"{json.dumps(body[:200].decode('utf-8', 'replace'))}")
