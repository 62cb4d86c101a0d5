"""The byte forms of RDF the store and the build share: canonical N-Quads and its lines.

A graph's one byte form is its sorted, duplicate-free N-Quads (``canonical_nquads``): what a
build writes to a graph file and what a dump sorts. Working on these bytes, rather than on one
Python object per quad, is what keeps builds and dumps fast.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

import pyoxigraph as ox


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted, duplicate-free N-Quads lines: the one byte form of a graph, on disk and in dumps."""
    return b"".join(sorted(set(nquad_lines(quads))))


def nquads_lines_with(nquads: bytes, needles: Iterable[bytes]) -> bytes:
    """The lines of N-Quads that contain any of ``needles``, in order: a byte search.

    How a build reads the few facts it needs (figures, an article's sha256) out of a graph
    without parsing the rest of it.
    """
    spans: dict[int, int] = {}
    for needle in needles:
        at = nquads.find(needle)
        while at != -1:
            begin = nquads.rfind(b"\n", 0, at) + 1
            end = nquads.find(b"\n", at)
            end = len(nquads) if end == -1 else end + 1
            spans[begin] = end
            at = nquads.find(needle, end)
    return b"".join(nquads[begin:spans[begin]].rstrip(b"\n") + b"\n" for begin in sorted(spans))


def nquad_lines(quads: Iterable[ox.Quad]) -> Iterator[bytes]:
    """Oxigraph's N-Quads serialisation of ``quads``, line by line."""
    buffer = io.BytesIO()
    ox.serialize(quads, buffer, ox.RdfFormat.N_QUADS)
    return iter(buffer.getvalue().splitlines(keepends=True))


def prefixes_for(fmt: str) -> dict[str, str] | None:
    """The project's prefixes for the formats that abbreviate IRIs (Turtle, TriG)."""
    if fmt not in {"ttl", "trig"}:
        return None
    from ..rdf.vocab import PREFIXES

    return dict(PREFIXES)
