"""The SPARQL Service Description answered by ``GET /sparql`` without a query.

It states only what is true of this endpoint: SPARQL 1.1 Query (no Update), the result
formats it writes, ``sd:UnionDefaultGraph`` (the default graph is the union of the named
graphs), and the named graphs it holds. It does not claim ``sd:DereferencesURIs`` (FROM
never fetches) nor ``sd:BasicFederatedQuery`` (SERVICE is refused).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Response, request

from ...graph.rdf import vocab
from ..engine.negotiation import (
    RDF_FORMATS,
    RESULTS_FORMATS,
    NotAcceptable,
    choose_rdf_format,
    serialize_triples,
)
from .errors import ServerError
from .state import current_engine


def description_triples(endpoint: str, graphs: list[str]) -> list[ox.Triple]:
    """The description of the service at ``endpoint`` holding named ``graphs``."""
    sd = vocab.SD
    a = ox.NamedNode(vocab.RDF + "type")
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), \
        ox.BlankNode("default")
    triples = [
        ox.Triple(service, a, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"),
                  ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, a, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), default),
        ox.Triple(default, a, ox.NamedNode(sd + "Graph")),
    ]
    for fmt in RESULTS_FORMATS + RDF_FORMATS:
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"),
                                 ox.NamedNode(vocab.FORMATS + fmt.w3c_name)))
    for number, iri in enumerate(graphs):
        named = ox.BlankNode(f"g{number}")
        triples += [ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), named),
                    ox.Triple(named, a, ox.NamedNode(sd + "NamedGraph")),
                    ox.Triple(named, ox.NamedNode(sd + "name"), ox.NamedNode(iri))]
    return triples


def service_description(endpoint: str, override: str | None) -> Response:
    """The description, in the RDF format the request negotiates (Turtle by default)."""
    try:
        fmt = choose_rdf_format(request.headers.get("Accept"), override)
    except NotAcceptable as exc:
        raise ServerError(406, f"the service description is RDF: {exc}") from None
    body = serialize_triples(description_triples(endpoint, list(current_engine().graphs)), fmt)
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response
