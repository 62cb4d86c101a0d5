"""Typed answers for the engine's own callers (pages, the CLI): rows of terms, a boolean, triples.

User SPARQL leaves the engine as serialised bytes (``evaluation.Answer``); a page or the CLI
wants terms. Workers still write the answer (TSV for solutions, N-Triples for triples, within
the caps) and it is parsed back here, by pyoxigraph, into these objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import QueryError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Row:
    """One solution: the terms bound to its variables (an unbound variable is absent)."""

    bindings: Mapping[str, Term]

    def __getitem__(self, name: str) -> Term | None:
        return self.bindings.get(name)

    def term(self, name: str) -> Term:
        """The term bound to ``name``.

        Raises:
            QueryError: ``name`` is unbound in this row (the query promised it would not be).
        """
        try:
            return self.bindings[name]
        except KeyError:
            raise QueryError(f"?{name} is unbound in a row that needs it") from None

    def value(self, name: str) -> str:
        """The IRI, literal text or blank node id bound to ``name`` (which must be bound)."""
        return _value(self.term(name))

    def text(self, name: str) -> str:
        """Like ``value``, but an unbound variable gives ``""``."""
        term = self.bindings.get(name)
        return "" if term is None else _value(term)

    def integer(self, name: str) -> int:
        return int(self.value(name))


def _value(term: Term) -> str:
    return str(term) if isinstance(term, ox.Triple) else term.value


@dataclass(frozen=True)
class Solutions:
    """The rows of a SELECT, in order, and whether the row or byte cap cut them."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    truncated: bool = False
    tsv: bytes = field(default=b"", repr=False)  # as the worker wrote it, to re-serialise

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def serialize(self, fmt: ox.QueryResultsFormat) -> bytes:
        """The rows in a SPARQL results format, written by pyoxigraph."""
        parsed = ox.parse_query_results(self.tsv, ox.QueryResultsFormat.TSV)
        body = parsed.serialize(format=fmt)
        assert body is not None
        return body

    @classmethod
    def from_tsv(cls, tsv: bytes, *, truncated: bool = False) -> Solutions:
        parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
        assert isinstance(parsed, ox.QuerySolutions)
        variables = tuple(v.value for v in parsed.variables)
        rows = tuple(Row({name: term for name in variables
                          if (term := solution[name]) is not None}) for solution in parsed)
        return cls(variables, rows, truncated, tsv)


@dataclass(frozen=True)
class Triples:
    """The triples of a CONSTRUCT or DESCRIBE, and whether the caps cut them."""

    triples: tuple[ox.Triple, ...]
    truncated: bool = False

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    @classmethod
    def from_ntriples(cls, body: bytes, *, truncated: bool = False) -> Triples:
        return cls(tuple(quad.triple for quad in ox.parse(body, ox.RdfFormat.N_TRIPLES)),
                   truncated)


Result = Solutions | bool | Triples

__all__ = ["Result", "Row", "Solutions", "Term", "Triples"]
