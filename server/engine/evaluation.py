"""Run one query and serialise its answer, within the row and byte caps.

This is what a query worker does with a ``Job`` (``executor.py``): check (``guard.py``), run on
the store, serialise with pyoxigraph. Results are first written as TSV (solutions) or
N-Triples (triples), where one line is one row, by a writer that stops the engine once the
caps are reached; a cut answer is then re-serialised in the negotiated format, all in
pyoxigraph's Rust code. Stopping the writer also stops the evaluation, so a query without
LIMIT over a large graph costs only the rows it returns.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pyoxigraph as ox

from ...graph.store import Store
from .errors import NoAcceptableFormat, QueryError
from .guard import QueryDataset, check_query
from .negotiation import FORMATS_BY_NAME, Format, serialize_triples

if TYPE_CHECKING:
    from typing_extensions import Buffer

Form = Literal["solutions", "boolean", "triples"]


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_response_bytes: int
    max_query_depth: int


@dataclass(frozen=True)
class Job:
    """One query, with its protocol dataset and the formats negotiated for each query form."""

    text: str
    default_graph: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    base_iri: str | None
    results_format: str | None  # None: no acceptable SPARQL results format (406 if needed)
    rdf_format: str | None  # None: no acceptable RDF format
    checked: bool = False  # the text already passed guard.check_query ...
    query_dataset: QueryDataset | None = None  # ... which found these FROM / FROM NAMED


@dataclass(frozen=True)
class Answer:
    content_type: str
    body: bytes
    truncated: bool
    seconds: float
    query_dataset: QueryDataset | None = None  # what the guard found, for the server's cache
    etag: str | None = None  # set when the answer is cached (server/answers.py)
    cached: bool = False
    form: Form = "solutions"  # what the query gave: its body is in the format for that form


class _Enough(Exception):
    """Raised by the capped writer to stop the serialiser (and the evaluation) early."""


class _CappedLines(io.BytesIO):
    """A binary sink keeping at most ``lines`` complete lines and ``max_bytes`` bytes."""

    def __init__(self, lines: int, max_bytes: int) -> None:
        super().__init__()
        self.lines, self.max_bytes = lines, max_bytes
        self.count = self.size = 0
        self.truncated = False

    def write(self, data: Buffer, /) -> int:
        chunk = bytes(data)
        super().write(chunk)
        self.count += chunk.count(b"\n")
        self.size += len(chunk)
        if self.count > self.lines or self.size > self.max_bytes:
            self.truncated = True
            raise _Enough
        return len(chunk)

    def value(self) -> bytes:
        body = self.getvalue()
        if not self.truncated:
            return body
        body = body[:self.max_bytes]
        end = -1
        for _ in range(self.lines):
            nxt = body.find(b"\n", end + 1)
            if nxt < 0:
                break
            end = nxt
        return body[:end + 1]


def evaluate(store: Store, job: Job, limits: Limits) -> Answer:
    """Answer ``job`` from ``store``.

    Raises:
        QueryError: bad syntax (``QueryRefused``: an update or ``SERVICE``;
            ``NoAcceptableFormat``: the query's form has no format in ``job``).
    """
    started = time.perf_counter()
    query_dataset = job.query_dataset if job.checked else check_query(
        job.text, max_depth=limits.max_query_depth, base_iri=job.base_iri)
    default_graph, named_graphs = job.default_graph, job.named_graphs
    if default_graph is None and named_graphs is None and query_dataset is not None:
        default_graph, named_graphs = query_dataset  # the protocol dataset wins over FROM
    try:
        result = store.query(job.text, default_graph=default_graph, named_graphs=named_graphs,
                             base_iri=job.base_iri)
    except (SyntaxError, ValueError, RuntimeError) as exc:
        # pyoxigraph's words for a query it will not run: a bad IRI in the protocol dataset
        # (ValueError), an extension function it does not know (RuntimeError). A client's
        # mistake, never a 500 (issue 13).
        raise QueryError(f"{exc}") from None
    form: Form
    if isinstance(result, ox.QueryTriples):
        content_type, body, truncated = _graph_answer(result, job.rdf_format, limits)
        form = "triples"
    elif isinstance(result, ox.QueryBoolean):
        content_type, body = _boolean_answer(result, job.results_format)
        truncated, form = False, "boolean"
    else:
        assert isinstance(result, ox.QuerySolutions)
        content_type, body, truncated = _results_answer(result, job.results_format, limits)
        form = "solutions"
    return Answer(content_type, body, truncated, time.perf_counter() - started, query_dataset,
                  form=form)


def _results_format(name: str | None) -> Format:
    if name is None:
        raise NoAcceptableFormat("no acceptable SPARQL results format (JSON, XML, CSV, TSV)")
    return FORMATS_BY_NAME[name]


def _boolean_answer(result: ox.QueryBoolean, name: str | None) -> tuple[str, bytes]:
    fmt = _results_format(name)
    body = result.serialize(format=fmt.results_format)
    assert body is not None
    return fmt.content_type, body


def _results_answer(result: ox.QuerySolutions, name: str | None,
                    limits: Limits) -> tuple[str, bytes, bool]:
    fmt = _results_format(name)
    sink = _CappedLines(limits.max_rows + 1, limits.max_response_bytes)  # + header line
    try:
        result.serialize(sink, ox.QueryResultsFormat.TSV)
    except _Enough:
        pass
    tsv = sink.value()
    if fmt.name == "tsv":
        return fmt.content_type, tsv, sink.truncated
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    body = parsed.serialize(format=fmt.results_format)
    assert body is not None
    return fmt.content_type, body, sink.truncated


def _graph_answer(result: ox.QueryTriples, name: str | None,
                  limits: Limits) -> tuple[str, bytes, bool]:
    if name is None:
        raise NoAcceptableFormat("no acceptable RDF format (Turtle, N-Triples, RDF/XML, "
                                 "JSON-LD, TriG, N-Quads)")
    fmt = FORMATS_BY_NAME[name]
    sink = _CappedLines(limits.max_rows, limits.max_response_bytes)
    try:
        result.serialize(sink, ox.RdfFormat.N_TRIPLES)
    except _Enough:
        pass
    ntriples = sink.value()
    if fmt.name == "ntriples":
        return fmt.content_type, ntriples, sink.truncated
    triples = ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)
    return fmt.content_type, serialize_triples(_triples(triples), fmt), sink.truncated


def _triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    return (quad.triple for quad in quads)
