"""Decide whether a query may run, by parsing it (never by pattern matching on its text).

pyoxigraph evaluates ``SERVICE`` by calling the remote endpoint itself and offers no switch to
turn that off, so a query must be classified before it reaches the engine. rdflib's SPARQL
parser gives the parse tree: a ``ServiceGraphPattern`` anywhere in it means a federated call,
which this endpoint refuses; text that parses only as an update (``INSERT``, ``LOAD``,
``DROP``...) is refused because the endpoint is read-only. ``FROM`` / ``FROM NAMED`` need no
check: pyoxigraph resolves them to local named graphs and never dereferences them.

This runs inside the query worker, under the hard time limit, so a pathological parse costs
one killed worker. The server remembers the texts that passed (``engine.VerdictCache``), so
rdflib parses each distinct query once.
"""

from __future__ import annotations

import functools

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePName, translatePrologue, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError, QueryRefused

UPDATE_REFUSED = ("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
                  "DROP, CREATE, ...) is refused")


QueryDataset = tuple[tuple[str, ...], tuple[str, ...]]


def check_query(text: str, *, max_depth: int,
                base_iri: str | None) -> QueryDataset | None:
    """Refuse updates, ``SERVICE`` and over-deep nesting; let everything else through.

    Returns:
        The graphs the query's own ``FROM`` / ``FROM NAMED`` clauses name (resolved against
        ``base_iri``), or None when it has none. The caller passes them to the store as the
        dataset: pyoxigraph's union-default-graph option would otherwise override them.

    Raises:
        QueryError: bad syntax or nesting past ``max_depth``.
        QueryRefused: an update or ``SERVICE``.
    """
    try:
        tree = parseQuery(text)
    except RecursionError:
        raise QueryError("query is nested too deeply") from None
    except ParseBaseException as exc:
        if _is_update(text):
            raise QueryRefused(UPDATE_REFUSED) from None
        raise QueryError(f"syntax error: {exc}") from None
    try:
        services, depth = _scan(tree)
    except RecursionError:
        raise QueryError("query is nested too deeply") from None
    if services:
        names = ", ".join(f"<{s}>" if not s.startswith("?") else s for s in services)
        raise QueryRefused(f"SERVICE {names} refused: this endpoint never calls other "
                           "services or fetches URLs; query its data only")
    if depth > max_depth:
        raise QueryError(f"query nests {depth} groups deep; the limit is {max_depth}")
    return _query_dataset(tree, base_iri)


def _query_dataset(tree: ParseResults, base_iri: str | None) -> QueryDataset | None:
    query = tree[1]
    if not isinstance(query, CompValue) or "datasetClause" not in query:
        return None  # CompValue.get answers a missing key with the key, hence ``in``
    clauses = query["datasetClause"]
    prologue = translatePrologue(tree[0], base_iri)
    resolved = traverse(list(clauses), visitPost=functools.partial(translatePName,
                                                                   prologue=prologue))
    default = tuple(str(c["default"]) for c in resolved if "default" in c)
    named = tuple(str(c["named"]) for c in resolved if "named" in c)
    return default, named


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return False
    return True


def _scan(node: object, depth: int = 0) -> tuple[list[str], int]:
    """SERVICE targets in the parse tree and the deepest { } nesting."""
    services: list[str] = []
    deepest = depth
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            term = node["term"]
            services.append(f"?{term}" if term.__class__.__name__ == "Variable" else str(term))
        if node.name == "GroupGraphPatternSub":
            depth += 1
            deepest = depth
        children: object = node.values()
    elif isinstance(node, ParseResults | list | tuple):
        children = node
    else:
        return services, deepest
    for child in children:  # type: ignore[attr-defined]
        found, child_depth = _scan(child, depth)
        services += found
        deepest = max(deepest, child_depth)
    return services, deepest
