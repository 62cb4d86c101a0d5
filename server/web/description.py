"""The SPARQL Service Description answered by ``GET /sparql`` without a query.

It states only what is true of this endpoint: SPARQL 1.1 Query (no Update), the result
formats it writes, ``sd:UnionDefaultGraph`` (the default graph is the union of the named
graphs), and the named graphs it holds. It does not claim ``sd:DereferencesURIs`` (FROM
never fetches) nor ``sd:BasicFederatedQuery`` (SERVICE is refused).

The caps on an answer have no term in the Service Description vocabulary (1.1, nor the 1.2
drafts), so they are stated as an ``rdfs:comment`` on the service, in words a person reads,
with ``rdfs:seeAlso`` to the page every cut answer links to (``/docs/truncation``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from flask import Response, request, url_for

from ...graph.rdf import vocab
from ..engine.negotiation import (
    RDF_FORMATS,
    RESULTS_FORMATS,
    NotAcceptable,
    choose_rdf_format,
    serialize_triples,
)
from .errors import ServerError
from .state import current_engine, current_settings


def caps_comment(max_rows: int, max_response_bytes: int) -> str:
    """The caps on one answer, in words."""
    return (f"Answers are cut at {max_rows:,} result rows (triples for CONSTRUCT and DESCRIBE) "
            f"or {max_response_bytes:,} bytes, whichever comes first; a cut answer says so in "
            "the header X-SCO-KG-Truncated: true and, in SPARQL JSON and XML results, with a "
            "link in the head of the results. The whole data are in the dumps.")


def description_triples(endpoint: str, graphs: list[str], *, caps: str | None = None,
                        caps_page: str | None = None) -> list[ox.Triple]:
    """The description of the service at ``endpoint`` holding named ``graphs``.

    Args:
        caps: the ``caps_comment`` of the service's settings (None: not stated).
        caps_page: the URL of the page explaining cut answers (None: not linked).
    """
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
    if caps:
        triples.append(ox.Triple(service, ox.NamedNode(vocab.RDFS + "comment"),
                                 ox.Literal(caps, language="en")))
    if caps_page:
        triples.append(ox.Triple(service, ox.NamedNode(vocab.RDFS + "seeAlso"),
                                 ox.NamedNode(caps_page)))
    for fmt in RESULTS_FORMATS + RDF_FORMATS:
        triples.append(ox.Triple(service, ox.NamedNode(sd + "resultFormat"),
                                 ox.NamedNode(vocab.FORMATS + fmt.w3c_name)))
    for number, iri in enumerate(graphs):
        named = ox.BlankNode(f"g{number}")
        triples += [ox.Triple(dataset, ox.NamedNode(sd + "namedGraph"), named),
                    ox.Triple(named, a, ox.NamedNode(sd + "NamedGraph")),
                    ox.Triple(named, ox.NamedNode(sd + "name"), ox.NamedNode(iri))]
    return triples


def service_description(endpoint: str, override: str | Sequence[str] | None) -> Response:
    """The description, in the RDF format the request negotiates (Turtle by default)."""
    try:
        fmt = choose_rdf_format(request.headers.get("Accept"), override)
    except NotAcceptable as exc:
        raise ServerError(406, f"the service description is RDF: {exc}") from None
    settings = current_settings()
    triples = description_triples(
        endpoint, list(current_engine().graphs),
        caps=caps_comment(settings.max_rows, settings.max_response_bytes),
        caps_page=url_for("sparql.truncation", _external=True))
    body = serialize_triples(triples, fmt)
    response = Response(body, content_type=fmt.content_type)
    response.vary.add("Accept")
    return response
