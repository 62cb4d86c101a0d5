"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (query operation only; updates get 403).

Three bindings (GET, POST form-encoded, POST ``application/sparql-query``) plus the HTTP
``QUERY`` method. The protocol dataset (``default-graph-uri``, ``named-graph-uri``) names
local graphs only: an unknown graph is empty and nothing is ever fetched. Without it the
default graph is the union of all named graphs. GET with no query answers the service
description. Other blueprints run queries through ``query_response`` / ``run_query``, so
they get the same limits, time-outs and headers.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import Blueprint, Response, render_template, request, url_for

from ..engine.errors import Busy, QueryError, QueryTimeout
from ..engine.evaluation import Answer
from ..engine.guard import UPDATE_REFUSED
from ..engine.negotiation import (
    Format,
    NotAcceptable,
    choose_rdf_format,
    choose_results_format,
)
from ..engine.tokens import tokens
from .description import service_description
from .errors import ServerError
from .state import current_client, current_state

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graph: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    formats: tuple[str, ...]  # format= values, then output= values (Fuseki's name)


# HEAD is served wherever GET is (flask adds it to every GET rule): the same status and
# headers, no body.
@bp.route("/sparql", methods=["GET", "POST", "QUERY"])
def sparql() -> Response:
    """A query, or the service description when there is none."""
    protocol = read_protocol_request()
    if protocol.query is None:
        return service_description(request.base_url, protocol.formats)
    return query_response(protocol.query, default_graph=protocol.default_graph,
                          named_graphs=protocol.named_graphs, override=protocol.formats)


@bp.after_request
def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response


def read_protocol_request() -> ProtocolRequest:
    """The operation's parameters, validated as the protocol (and its test suite) requires."""
    fields: dict[str, list[str]] = {k: request.args.getlist(k) for k in request.args}
    body_query: list[str] = []
    if request.method not in {"GET", "HEAD"}:
        mimetype, charset = request.mimetype, request.mimetype_params.get("charset")
        if mimetype == UPDATE_TYPE:
            raise ServerError(403, UPDATE_REFUSED)
        if mimetype not in {FORM, QUERY_TYPE}:
            raise ServerError(415, f"send the query as {FORM} or {QUERY_TYPE}, "
                                   f"not {request.content_type or 'no Content-Type'}")
        if charset and charset.lower().replace("-", "") != "utf8":
            raise ServerError(415, f"queries must be UTF-8, not {charset}")
        text = _utf8(request.get_data(cache=False))
        if mimetype == QUERY_TYPE:
            body_query = [text]
        else:
            for key, values in parse_qs(text, keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
    if fields.get("update"):
        raise ServerError(403, UPDATE_REFUSED)
    queries = body_query + fields.get("query", [])
    if len(queries) > 1:
        raise ServerError(400, "give exactly one query")
    if queries and is_blank(queries[0]):
        raise ServerError(400, "the query is empty: send a SELECT, ASK, CONSTRUCT or DESCRIBE "
                               "query (or no query parameter, for the service description)")
    default_graph = fields.get("default-graph-uri")
    named_graphs = fields.get("named-graph-uri")
    dataset = default_graph is not None or named_graphs is not None
    return ProtocolRequest(
        query=queries[0] if queries else None,
        default_graph=tuple(default_graph or ()) if dataset else None,
        named_graphs=tuple(named_graphs or ()) if dataset else None,
        formats=tuple(fields.get("format", []) + fields.get("output", [])))


def is_blank(text: str) -> bool:
    """True when ``text`` holds nothing but whitespace and comments (Oxigraph's rules).

    Such a text is a valid, empty SPARQL Update, which is why the guard would refuse it as
    one (403); as a query it is a client's mistake (400).
    """
    try:
        return next(tokens(text), None) is None  # tokens() skips whitespace and comments
    except QueryError:
        return False


def run_query(text: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, results_format: str | None = "json",
              rdf_format: str | None = "turtle") -> Answer:
    """Run a query for the current request through the engine, within the client's rate limit.

    Args:
        results_format: ``negotiation`` name for SELECT/ASK answers (None: refuse them, 406).
        rdf_format: name for CONSTRUCT/DESCRIBE answers (None: refuse them, 406).

    Raises:
        ServerError: 429 when the client's query time is used up, or when it already has
            ``max_queries_per_client`` queries running (``clients.InFlight``).
        Busy: too many requests are waiting on the engine already (``state.Admission``).
        QueryError, EngineUnavailable, WorkerFailed: the engine's (``errors.ENGINE_STATUS``).
    """
    state = current_state()
    engine = state.engine
    base_iri = state.settings.base_iri or request.base_url
    job = engine.prepare(text, default_graph=default_graph, named_graphs=named_graphs,
                         base_iri=base_iri, results_format=results_format,
                         rdf_format=rdf_format)
    cached = engine.cached(job)
    if cached is not None:
        return cached
    client = current_client()
    state.limiter.check(client)
    with state.in_flight.hold(client):
        state.admission.admit()
        started = time.perf_counter()
        try:
            answer = engine.run(job)
        except Busy:
            raise  # it never ran: waiting for a worker costs the client nothing
        except QueryTimeout:
            state.limiter.charge(client, engine.budgets.query_timeout_s)
            raise
        except QueryError:
            raise  # refused by the guard or the parser, before any evaluation
        except BaseException:
            state.limiter.charge(client, time.perf_counter() - started)
            raise
    state.limiter.charge(client, answer.seconds)  # the time it ran, not the time it waited
    return answer


def query_response(text: str, *, default_graph: Sequence[str] | None = None,
                   named_graphs: Sequence[str] | None = None,
                   override: str | Sequence[str] | None = None) -> Response:
    """Run a query and answer in the format the request negotiates (``format=`` or Accept).

    A ``format=`` that names no format for the query's form leaves the choice to Accept.
    """
    accept = request.headers.get("Accept")
    results_format = _negotiated(choose_results_format, accept, override)
    rdf_format = _negotiated(choose_rdf_format, accept, override)
    if results_format is None and rdf_format is None:
        raise ServerError(406, f"cannot answer in {accept!r}: SELECT/ASK give "
                               "SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE give "
                               "Turtle, N-Triples, RDF/XML, JSON-LD, TriG or N-Quads")
    answer = run_query(text, default_graph=default_graph, named_graphs=named_graphs,
                       results_format=results_format, rdf_format=rdf_format)
    body = answer.body
    if answer.truncated:
        body = with_truncation_link(body, answer.content_type, truncation_url())
    response = Response(body, content_type=answer.content_type)
    response.headers["X-SCO-KG-Query-Time"] = f"{answer.seconds:.4f}"
    response.headers["X-SCO-KG-Cache"] = "hit" if answer.cached else "miss"
    if answer.etag:
        response.set_etag(answer.etag)
        response.make_conditional(request)
    if answer.truncated:
        response.headers["X-SCO-KG-Truncated"] = "true"
        response.headers["Link"] = f'<{truncation_url()}>; rel="describedby"'
    response.vary.add("Accept")
    return response


def truncation_url() -> str:
    return url_for("sparql.truncation", _external=True)


def with_truncation_link(body: bytes, content_type: str, url: str) -> bytes:
    """A cut SPARQL JSON or XML results document with a ``link`` to ``url`` in its head.

    Both formats have a place for it (JSON ``head.link``, XML ``<link href>``), which clients
    that never show response headers (SPARQLWrapper, rdflib) still hand to their users. CSV,
    TSV and the RDF formats have none: ``X-SCO-KG-Truncated`` and ``Link`` are all they get.
    pyoxigraph writes the head first (``{"head":{`` / ``<head>...</head>``); a body of any
    other shape is left as it is.
    """
    media = content_type.split(";")[0].strip()
    if media == "application/sparql-results+json":
        start = b'{"head":{'
        if body.startswith(start):
            return start + b'"link":' + json.dumps([url]).encode() + b"," + body[len(start):]
    elif media == "application/sparql-results+xml":
        end = body.find(b"</head>")
        if end >= 0:
            link = f'<link href="{html.escape(url, quote=True)}"/>'.encode()
            return body[:end] + link + body[end:]
    return body


@bp.get("/docs/truncation")
def truncation() -> str:
    """What a cut answer is, and the caps that cut it (linked from every cut answer)."""
    settings = current_state().settings
    return render_template("truncation.html", max_rows=settings.max_rows,
                           max_response_bytes=settings.max_response_bytes)


def _negotiated(choose: Callable[[str | None, str | Sequence[str] | None], Format],
                accept: str | None, override: str | Sequence[str] | None) -> str | None:
    try:
        return choose(accept, override).name
    except NotAcceptable:
        return None


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ServerError(400, "the request body is not valid UTF-8") from None
