"""A store that is any SPARQL 1.1 database, spoken to over HTTP (``sparql+http://...``).

Specification and endpoint URLs::

    sparql+http://HOST:PORT/PATH?query=Q&update=U&store=S&union=param&timeout=60

``Q``, ``U`` and ``S`` are resolved against ``http://HOST:PORT/PATH`` like links in a page, so
a relative name lands under ``PATH`` and one starting with ``/`` replaces it. The defaults
(``query``, ``update``, ``store``) fit ``oxigraph serve``: ``sparql+http://127.0.0.1:7878/``
talks to ``/query``, ``/update`` and ``/store``. Apache Jena Fuseki, dataset ``ds``:
``sparql+http://127.0.0.1:3030/ds/?query=sparql&update=update&store=data&union=server``.

* ``union``: how a query gets the union of the named graphs as its default graph, as our
  other stores give it. ``param`` (default) sends Oxigraph's ``union-default-graph`` URL
  parameter; ``server`` sends nothing, for a database configured that way already (``oxigraph
  serve --union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``).
* ``timeout``: seconds for each HTTP request (default 60); a query past it raises
  ``QueryTimeout``.
* ``version_ttl``: seconds a computed ``version`` is reused (default 2; see below).

How each Store method maps onto the protocols:

* ``query``: SPARQL 1.1 Protocol, POST form-encoded, ``Accept`` offering SPARQL JSON results
  and N-Triples so the server answers by query form. Results are pyoxigraph's own objects:
  ``parse_query_results`` gives ``QuerySolutions`` / ``QueryBoolean``; a CONSTRUCT or DESCRIBE
  answer is loaded into a scratch in-memory ``pyoxigraph.Store`` and read back with
  ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }``, which yields a genuine ``QueryTriples``
  (what ``querying.format_result``, ``pyoxigraph.serialize`` and the server's negotiation
  check for with ``isinstance``).
* ``replace_graphs``: each graph's triples are PUT (Graph Store Protocol, N-Triples) into a
  staging graph ``urn:sco-kg:staging:<token>:<n>``, then one Update request moves every
  staging graph onto its target (``MOVE SILENT GRAPH``). The database runs an update request
  as one transaction (Oxigraph and Fuseki do), so readers see all graphs replaced or none.
  While the upload runs, the staging graphs are visible to union queries: load into a
  database nobody is querying, or accept that window.
* ``remove_graphs``: one Update request of ``DROP SILENT GRAPH``.
* ``quads`` / ``dump``: the dataset is fetched once as N-Quads with a GSP GET on the store
  endpoint without ``graph`` (Oxigraph answers with every named graph; when a database
  answers otherwise, a ``SELECT ?s ?p ?o ?g`` query is used), bulk-loaded into an in-memory
  ``OxigraphStore``, and dumped by it, so a dump is byte-identical to one from a local store
  holding the same data. This needs memory for the dataset, as a local store does anyway.
* ``version``: a digest of every named graph with its quad count. Computing it scans the
  database, so it is reused for ``version_ttl`` seconds; writes through this object reset it.
  Oxigraph sends no ETag to reuse instead.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QueryError, QueryTimeout, StoreError
from . import QueryResult
from .oxigraph import OxigraphStore

STAGING = "urn:sco-kg:staging:"
_ACCEPT_RESULTS = ("application/sparql-results+json, application/n-triples;q=0.9, "
                   "application/sparql-results+xml;q=0.8, text/turtle;q=0.7")
_UNION_MODES = ("param", "server")


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
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise StoreError(f"not an HTTP URL: {location!r}")
        options = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        unknown = set(options) - {"query", "update", "store", "union", "timeout", "version_ttl"}
        if unknown:
            raise StoreError(f"unknown remote store option(s): {', '.join(sorted(unknown))}")
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        self.query_url = urllib.parse.urljoin(base, options.get("query", "query"))
        self.update_url = urllib.parse.urljoin(base, options.get("update", "update"))
        self.store_url = urllib.parse.urljoin(base, options.get("store", "store"))
        self.union = options.get("union", "param")
        if self.union not in _UNION_MODES:
            raise StoreError(f"union must be one of {', '.join(_UNION_MODES)}: {self.union!r}")
        try:
            self.timeout = float(options.get("timeout", 60))
            self.version_ttl = float(options.get("version_ttl", 2))
        except ValueError as exc:
            raise StoreError(f"bad number in remote store options: {exc}") from exc
        self._version: tuple[float, str] | None = None
        try:  # fail at open, with the URL, rather than at first use
            self.query("ASK {}")
        except QueryError as exc:
            raise StoreError(f"no SPARQL query endpoint at {self.query_url}: {exc}") from exc

    # -- reading -------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        assert isinstance(rows, ox.QuerySolutions)
        return sorted(g for g in (row["g"].value for row in rows) if not g.startswith(STAGING))

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
                     "Accept": _ACCEPT_RESULTS},
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
            if moves:
                self._update(" ;\n".join(moves))
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
        drops = [f"DROP SILENT GRAPH <{iri}>" for iri in iris]
        if drops:
            self._update(" ;\n".join(drops))
        self._version = None

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
        rows = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(rows, ox.QuerySolutions)
        return {row["g"].value: int(row["n"].value) for row in rows
                if not row["g"].value.startswith(STAGING)}

    def _snapshot(self, graph: str | None) -> OxigraphStore:
        """The dataset (or one graph) copied into memory, to read or dump like a local store."""
        local = OxigraphStore(None)
        if graph is not None:
            body, content_type = self._request(self._graph_url(graph),
                                               headers={"Accept": "application/n-triples"},
                                               missing_ok=True)
            if content_type is not None:
                triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
                node = ox.NamedNode(graph)
                local.replace_graphs({graph: (ox.Quad(t.subject, t.predicate, t.object, node)
                                              for t in triples)})
            return local
        body, content_type = self._request(self.store_url,
                                           headers={"Accept": "application/n-quads"})
        if content_type == "application/n-quads":
            quads: Iterable[ox.Quad] = ox.parse(body, ox.RdfFormat.N_QUADS)
        else:  # a store endpoint that answers with its default graph only
            rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            assert isinstance(rows, ox.QuerySolutions)
            quads = (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            if isinstance(quad.graph_name, ox.NamedNode) and \
                    not quad.graph_name.value.startswith(STAGING):
                by_graph.setdefault(quad.graph_name.value, []).append(quad)
        local.replace_graphs(by_graph)
        return local

    def _request(self, url: str, *, data: bytes | None = None, method: str | None = None,
                 headers: Mapping[str, str] | None = None, timeout: float | None = None,
                 error: type[StoreError] | type[QueryError] = StoreError,
                 missing_ok: bool = False) -> tuple[bytes, str | None]:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                content_type = response.headers.get_content_type()
                return response.read(), content_type
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return b"", None
            message = exc.read().decode("utf-8", "replace").strip()[:2000]
            raise error(f"{url}: HTTP {exc.code}: {message}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"{url}: no answer within {timeout or self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryTimeout(f"{url}: no answer within {timeout or self.timeout:g} s") \
                    from exc
            raise StoreError(f"cannot reach SPARQL database at {url}: {exc.reason}") from exc
        except OSError as exc:
            raise StoreError(f"{url}: {exc}") from exc


def _parse_answer(body: bytes, content_type: str | None) -> QueryResult:
    """A protocol answer as pyoxigraph's result objects (see the module docstring)."""
    results = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
               "application/sparql-results+xml": ox.QueryResultsFormat.XML,
               "text/tab-separated-values": ox.QueryResultsFormat.TSV}
    graphs = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
              "application/rdf+xml": ox.RdfFormat.RDF_XML}
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
