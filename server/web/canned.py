"""Canned queries: ``queries/*.rq`` listed at ``/queries`` and run at ``/queries/<name>``.

A query runs through the same executor, limits and content negotiation as ``/sparql``
(``sparql.run_query`` / ``query_response``): JSON by default, XML/CSV/TSV by ``Accept`` or
``format=``, and an HTML table when a browser asks for ``text/html``. Query-string parameters
are bound by ``CannedQuery.bind``, which checks each against its declared type and writes it
as an RDF term in a ``VALUES`` row, never as pasted text.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask.blueprints import BlueprintSetupState

from ...queries import CannedQuery, CannedQueryError, load
from ..engine.negotiation import RESULTS_FORMATS, Format, NotAcceptable, choose
from .entities import href
from .entity_data import curie
from .errors import ServerError
from .labels import labels
from .sparql import query_response, run_query
from .state import current_reader

bp = Blueprint("canned", __name__, template_folder="templates")

EXTENSION = "sco_kg_canned"
HTML = Format("html", "text/html", ("html",), ("application/xhtml+xml",))
JSON = Format("json", "application/json", ("json",))
RESERVED = frozenset({"format"})


@bp.record_once
def _load_queries(state: BlueprintSetupState) -> None:
    """Read the queries once, when the app is built (they are part of the release)."""
    queries = load()
    clash = [p.name for q in queries for p in q.parameters if p.name in RESERVED]
    if clash:
        raise CannedQueryError(f"parameter name {clash[0]!r} is reserved")
    state.app.extensions[EXTENSION] = {q.name: q for q in queries}


def _queries() -> dict[str, CannedQuery]:
    return current_app.extensions[EXTENSION]


def _describe(query: CannedQuery) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description,
            "url": url_for("canned.run", name=query.name, _external=True),
            "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                            "help": p.help} for p in query.parameters]}


@bp.get("/queries")
def index() -> Response | str:
    """Every canned query: JSON for programs, a list for browsers."""
    queries = list(_queries().values())
    if _wants(JSON, HTML) is HTML:
        return render_template("queries.html", queries=queries,
                               breadcrumbs=[("Canned queries", None)])
    body = json.dumps({"queries": [_describe(q) for q in queries]}, indent=1,
                      ensure_ascii=False)
    return Response(body + "\n", mimetype="application/json")


@bp.get("/queries/<name>")
def run(name: str) -> Response | str:
    """Run one query with the query-string parameters bound."""
    query = _queries().get(name)
    if query is None:
        raise ServerError(404, f"no canned query {name!r}; see /queries")
    values = {k: v for k, v in request.args.items() if k not in RESERVED}
    try:
        text = query.bind(values)
    except CannedQueryError as exc:
        raise ServerError(400, str(exc)) from None
    if _wants(*RESULTS_FORMATS, HTML) is not HTML:
        return query_response(text, override=request.args.get("format"))
    answer = run_query(text, results_format="json", rdf_format=None)
    table = _table(answer.body)
    _label(table)
    return render_template("query.html", query=query, text=text, answer=answer,
                           table=table, values=values, href=href, curie=curie,
                           formats=[f.aliases[0] for f in RESULTS_FORMATS],
                           breadcrumbs=[("Canned queries", url_for("canned.index")),
                                        (query.title, None)])


def _label(table: dict) -> None:
    """Show each IRI of the table by its label (the IRI stays the link target)."""
    iris = [iri for row in table["rows"] for _, iri in row if iri]
    names = labels(current_reader(), iris)
    table["rows"] = [[(names.get(iri, text) if iri else text, iri) for text, iri in row]
                     for row in table["rows"]]


def _wants(*offers: Format) -> Format:
    try:
        return choose(offers, request.headers.get("Accept"), request.args.get("format"))
    except NotAcceptable as exc:
        raise ServerError(406, str(exc)) from None


Cell = tuple[str, str | None]


def _table(body: bytes) -> dict[str, list[str] | list[list[Cell]]]:
    """SPARQL JSON results as columns and rows of (text, IRI or None) cells."""
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        answer: list[list[Cell]] = [[(str(bool(parsed)).lower(), None)]]
        return {"columns": ["result"], "rows": answer}
    columns = [v.value for v in parsed.variables]
    rows: list[list[Cell]] = []
    for solution in parsed:
        row: list[Cell] = []
        for column in columns:
            term = solution[column]
            if term is None:
                row.append(("", None))
            elif isinstance(term, ox.NamedNode):
                row.append((curie(term.value), term.value))
            else:
                row.append((term.value, None))
        rows.append(row)
    return {"columns": columns, "rows": rows}
