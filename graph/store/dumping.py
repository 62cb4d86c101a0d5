"""Dumps of a store folder, streamed from its graph files: memory does not grow with the data.

Order (deterministic, and what Oxigraph's own dump does): *graph-major*. The named graphs come
in IRI order, each graph's lines sorted (the graph files are its canonical, sorted N-Quads), so
the N-Quads dump is the graph files concatenated: two builds of the same articles give the same
bytes. A global sort of every line cannot stream (13 GB at 50,000 articles).

Formats without named graphs (N-Triples, Turtle, RDF/XML) get the union graph as a *set*. When
the build guarantees that no triple is stated in two graphs (the manifest's
``"disjoint_graphs": true``) the union is each graph's triples in turn, graph-major as well;
otherwise it is a k-way merge of the sorted graphs with duplicates dropped, in at most
``MERGE_FAN_IN`` open files at a time (a folder of merged runs in the temporary directory on the
way, as big as the union): sorted globally, one line in memory per open file.
"""

from __future__ import annotations

import heapq
import io
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import StoreError
from . import DUMP_FORMATS
from .nquads import prefixes_for

RDF_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
}
assert set(RDF_FORMATS) == set(DUMP_FORMATS)
MERGE_FAN_IN = 128
_CHUNK = 1 << 20


class FolderDump:
    """The graphs of one store folder (``path`` and its manifest's ``graphs``), as dumps."""

    def __init__(self, path: Path, graphs: Mapping[str, dict], *, disjoint: bool,
                 fan_in: int = MERGE_FAN_IN) -> None:
        self.path = path
        self.graphs = dict(sorted(graphs.items()))
        self.disjoint = disjoint
        self.fan_in = max(2, fan_in)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad, graph-major (of one graph when given), parsed as it is read."""
        iris = list(self.graphs) if graph is None else [graph]
        return ox.parse(input=_stream(self._file(iri) for iri in iris),
                        format=ox.RdfFormat.N_QUADS)

    def dump(self, fmt: str, output: BinaryIO, *, graph: str | None = None) -> None:
        """Write the dataset, or one graph, in ``fmt`` (see the module docstring for the order).

        Raises:
            StoreError: unknown format or graph.
        """
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown format {fmt!r} (one of {', '.join(RDF_FORMATS)})")
        rdf_format = RDF_FORMATS[fmt]
        if graph is not None and graph not in self.graphs:
            raise StoreError(f"no graph {graph}")
        iris = list(self.graphs) if graph is None else [graph]
        if fmt == "nq":
            for iri in iris:
                with open(self._file(iri), "rb") as source:
                    shutil.copyfileobj(source, output, _CHUNK)
            return
        if rdf_format.supports_datasets:
            ox.serialize(self.quads(graph), output, rdf_format, prefixes=prefixes_for(fmt))
            return
        with tempfile.TemporaryDirectory(prefix="sco-kg-union-") as scratch:
            lines = (self._triple_lines(iris[0]) if graph is not None
                     else self._union_lines(Path(scratch)))
            if fmt == "nt":
                for line in lines:
                    output.write(line)
                return
            ox.serialize(ox.parse(input=_stream(lines), format=ox.RdfFormat.N_TRIPLES),
                         output, rdf_format, prefixes=prefixes_for(fmt))

    def _file(self, iri: str) -> Path:
        return self.path / self.graphs[iri]["file"]

    def _triple_lines(self, iri: str) -> Iterator[bytes]:
        """One graph's sorted N-Triples: its N-Quads lines less the graph name.

        Dropping the same suffix from every line keeps them sorted: two lines differ first
        inside their triple, or where one triple ends (a space in both forms).
        """
        cut = len(f" {ox.NamedNode(iri)} .\n")
        with open(self._file(iri), "rb") as source:
            for line in source:
                yield line[:-cut] + b" .\n"

    def _union_lines(self, scratch: Path) -> Iterator[bytes]:
        if self.disjoint:
            for iri in self.graphs:
                yield from self._triple_lines(iri)
            return
        runs: list[Iterable[bytes]] = [self._triple_lines(iri) for iri in self.graphs]
        generation = 0
        while len(runs) > self.fan_in:
            merged: list[Iterable[bytes]] = []
            for start in range(0, len(runs), self.fan_in):
                path = scratch / f"run-{generation}-{start}.nt"
                with open(path, "wb") as out:
                    out.writelines(_merge_unique(runs[start:start + self.fan_in]))
                merged.append(_lines_of(path))
            runs, generation = merged, generation + 1
        yield from _merge_unique(runs)


def _merge_unique(runs: Iterable[Iterable[bytes]]) -> Iterator[bytes]:
    last = None
    for line in heapq.merge(*runs):
        if line != last:
            yield line
            last = line


def _lines_of(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as source:
        yield from source


def _stream(parts: Iterable[Path | bytes]) -> io.BufferedReader:
    return io.BufferedReader(_Concatenated(parts), _CHUNK)


class _Concatenated(io.RawIOBase):
    """A readable stream over files (paths) or byte chunks, one after the other."""

    def __init__(self, parts: Iterable[Path | bytes]) -> None:
        self._parts = iter(parts)
        self._file: BinaryIO | None = None
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while True:
            if self._pending:
                n = min(len(buffer), len(self._pending))
                buffer[:n] = self._pending[:n]
                self._pending = self._pending[n:]
                return n
            if self._file is not None:
                n = self._file.readinto(buffer)  # type: ignore[attr-defined]
                if n:
                    return int(n)
                self._file.close()
                self._file = None
            part = next(self._parts, None)
            if part is None:
                return 0
            if isinstance(part, bytes):
                self._pending = part
            else:
                self._file = open(part, "rb")  # noqa: SIM115 - closed when exhausted

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        super().close()


__all__ = ["MERGE_FAN_IN", "RDF_FORMATS", "FolderDump"]
