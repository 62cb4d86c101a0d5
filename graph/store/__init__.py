"""The one small Store interface every backend implements, and a lazy registry of backends.

A store holds a dataset of named graphs. Queries see the union of all named graphs as the
default graph unless a protocol dataset is given. Results are pyoxigraph's own result
objects (``QuerySolutions``, ``QueryBoolean``, ``QueryTriples``: the ``QueryResult`` union) so
the server can serialise them without converting through rdflib (measured 2-6x slower on large
results). A caller that ran a SELECT narrows the union with ``solutions``.

``open_store`` takes a specification:

* ``PATH`` or ``oxigraph:PATH``: the default. Sorted N-Quads files on disk, one per named
  graph, and an Oxigraph (RocksDB) index of them. Opened read-only, a store of more than
  ``memory_max_quads`` quads is served from its index (opens in milliseconds, memory bounded);
  a smaller one is loaded into memory (RocksDB answered 3-10x slower than memory at 1 M quads,
  see ``../shared/research/perf/RESULTS.md``).
* ``memory:``: in memory only (tests, scratch work).
* ``sparql+http://HOST/PATH``: a remote SPARQL 1.1 database (``remote.py``), when present.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, TypeAlias, runtime_checkable

import pyoxigraph as ox

from ..errors import QueryError, StoreError

# What ``Store.query`` answers: solutions (SELECT), a boolean (ASK), triples (CONSTRUCT, DESCRIBE).
QueryResult: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

# scheme -> "module:Class", imported on first use (rdflib's plugin registry, made small).
BACKENDS: dict[str, str] = {
    "oxigraph": "sco_kg.graph.store.oxigraph:open_folder",
    "memory": "sco_kg.graph.store.oxigraph:OxigraphStore",
    "sparql+http": "sco_kg.graph.store.remote:RemoteStore",
    "sparql+https": "sco_kg.graph.store.remote:RemoteStore",
}

DUMP_FORMATS: dict[str, str] = {
    "nq": "application/n-quads",
    "nt": "application/n-triples",
    "ttl": "text/turtle",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
}


@runtime_checkable
class Store(Protocol):
    """What the loader, CLI and server need from a store.

    Capabilities are class attributes, as with rdflib's ``Store.context_aware``.
    """

    read_only: bool
    supports_timeout: bool
    needs_network: bool  # answering a query opens connections (a remote store)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def __len__(self) -> int:
        """Number of quads in all named graphs."""
        ...

    @property
    def version(self) -> str:
        """A digest that changes whenever the data changes (for ETags and caches)."""
        ...

    def query(
        self,
        text: str,
        *,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query. Without a dataset, the default graph is the union.

        Raises:
            QueryError: the query does not parse; the message is the parser's.
        """
        ...

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad (of one named graph when given), as pyoxigraph ``Quad`` objects."""
        ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        """Replace each named graph with the quads given, all at once or not at all."""
        ...

    def remove_graphs(self, iris: Iterable[str]) -> None:
        """Drop named graphs."""
        ...

    def dump(self, fmt: str, output: BinaryIO, *, graph: str | None = None) -> None:
        """Write the dataset (or one graph) in a ``DUMP_FORMATS`` format."""
        ...

    def close(self) -> None:
        ...


def solutions(result: QueryResult) -> ox.QuerySolutions:
    """The solutions of a SELECT query's result.

    Raises:
        QueryError: the query was an ASK, CONSTRUCT or DESCRIBE.
    """
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"expected a SELECT query's solutions, got {type(result).__name__}")
    return result


def open_store(spec: str, *, read_only: bool = False, create: bool = False,
               memory_max_quads: int | None = None) -> Store:
    """Open the store a specification names (see the module docstring).

    ``memory_max_quads`` (a store folder opened read-only): above it, serve from the index
    (default: ``oxigraph.MEMORY_MAX_QUADS``).

    Raises:
        StoreError: unknown scheme, or the store cannot be opened.
    """
    scheme, _, rest = spec.partition(":")
    if scheme not in BACKENDS or (scheme in {"sparql+http", "sparql+https"} and not rest):
        scheme, rest = "oxigraph", spec
    if scheme == "memory":
        rest = ""
    module_name, _, class_name = BACKENDS[scheme].partition(":")
    try:
        backend = getattr(importlib.import_module(module_name), class_name)
    except ImportError as exc:  # a backend that is not installed
        raise StoreError(f"store backend {scheme!r} is not available: {exc}") from exc
    if scheme.startswith("sparql+"):
        location = f"{scheme[len('sparql+'):]}:{rest}"
    else:
        # A folder is resolved once, here, against the working directory the user named it in:
        # anything that later joins it to a file name (dumps served by flask's send_file, which
        # resolves relative paths against the app's package) then gets the folder meant.
        location = str(Path(rest).resolve()) if rest else ""
    if scheme == "oxigraph":
        return backend(location or None, read_only=read_only, create=create,
                       memory_max_quads=memory_max_quads)
    return backend(location or None, read_only=read_only, create=create)


__all__ = ["BACKENDS", "DUMP_FORMATS", "QueryResult", "Store", "open_store", "solutions"]
