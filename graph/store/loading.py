"""``sco-kg load``: put any RDF file into one named graph of the store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import SCOKGError, StoreError
from . import open_store

_BY_SUFFIX = {
    ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD, ".n3": ox.RdfFormat.N3,
}


def load_file(path: Path, graph: str, store_spec: str) -> int:
    """Parse ``path`` and replace named graph ``graph`` with its triples.

    Quads in other graphs of a dataset file are put into ``graph`` too: the command's promise
    is one file, one graph. Nothing is fetched: a JSON-LD file with a remote ``@context`` is
    refused by the parser rather than resolved.

    Raises:
        SCOKGError: unknown extension, or a syntax error (with line and column).
    """
    rdf_format = _BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise SCOKGError(f"{path}: unknown RDF extension {path.suffix!r} "
                         f"(one of {', '.join(sorted(_BY_SUFFIX))})")
    if not graph.startswith(("http://", "https://", "urn:")):
        raise SCOKGError(f"graph IRI must be absolute (http, https or urn): {graph!r}")
    node = ox.NamedNode(graph)
    try:
        quads = [ox.Quad(q.subject, q.predicate, q.object, node)
                 for q in ox.parse(path=str(path), format=rdf_format, base_iri=graph)]
    except SyntaxError as exc:
        raise SCOKGError(f"{path}: {exc}") from exc
    store = open_store(store_spec, create=True)
    if store.read_only:
        raise StoreError("store is read-only")
    store.replace_graphs({graph: quads})
    return len(quads)
