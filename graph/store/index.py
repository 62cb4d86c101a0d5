"""The on-disk index of a store folder: Oxigraph's RocksDB storage, beside the graph files.

A store folder holds, besides its graph files and manifest (``oxigraph.py``)::

    PATH/index-<version>/   RocksDB: the same quads as the graph files, ready to query
    manifest "index":       {"dir": "index-<version>", "format": 1, "quads": N, "graphs": K}

The graph files stay the canonical form (dumps, diffs, byte-identical builds); the index is what
a large store is served from: it opens in milliseconds whatever its size, and a process holds
only RocksDB's caches, not the dataset (issue 17: the in-memory store took 14.9 s and ~817 MB
per million quads to start). It is written when the manifest is (``StoreFolderWriter.commit``,
``OxigraphStore``'s writes), in a directory named after the version it holds, so a reader that
opens it late, after a rebuild swapped the folder, finds nothing rather than the wrong data.

*Full build*: every graph file is bulk-loaded (Oxigraph's bulk loader, from files of about
``CHUNK_BYTES`` concatenated graphs: loading from a path parses in parallel, x2 faster than
from a Python stream). *Incremental build*: the previous folder's index is checkpointed into the
new folder (``Store.backup``: RocksDB hard-links its immutable SST files, milliseconds at any
size); then graphs gone are removed, new ones bulk-loaded, and a graph whose sha256 changed
gets only the lines its sorted file lost or gained (the derived graph changes with every
article but only a little). It falls back to a full build when the change is over half the data.

*Fork rule*: opening RocksDB starts background threads, and a fork copies only the calling
thread, so a handle must never cross a fork. ``IndexedStore`` opens its handle lazily in the
process that queries (a handle inherited from another pid is abandoned, never used or closed),
and checks the index against the manifest in a short-lived child process: the server and the
query workers' zygote never open it, and each worker opens its own read-only handle.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from . import QueryResult
from .dumping import FolderDump

INDEX_FORMAT = 1
# Oxigraph's bulk loader holds about four times what one call reads: 256 MB chunks peaked at
# 1.07 GB, 32 MB chunks at 181 MB, loading 1.76 M quads in the same time (issue 17)
CHUNK_BYTES = 32 * 2**20
SAMPLE_GRAPHS = 32  # graphs whose quads are counted when an index is checked at open
_CHANGED_SHARE_FOR_FULL = 0.5

# Handles opened by another process and inherited through fork(): never used, never dropped
# (dropping one would join RocksDB threads that do not exist in this process).
_INHERITED: list[ox.Store] = []


def write_index(folder: Path, graphs: Mapping[str, dict], version: str, *,
                previous: tuple[Path, dict] | None = None) -> dict:
    """Write the index of ``folder`` (its graph files, ``graphs`` as in its manifest).

    ``previous`` is another store folder and its manifest: when it has an index, the new one
    starts from a hard-link checkpoint of it and only the changed graphs are loaded.

    Returns:
        The manifest's ``"index"`` entry.

    Raises:
        StoreError: RocksDB could not write it (disk full, permissions).
    """
    live = {iri: entry for iri, entry in graphs.items() if entry["quads"]}
    target = folder / f"index-{version}"
    if previous is not None and previous[0] / previous[1].get("index", {}).get("dir", "-") \
            == target and target.is_dir():
        return dict(previous[1]["index"])  # the same graphs, indexed already
    if target.exists():
        shutil.rmtree(target)
    plan = _incremental_plan(live, previous)
    if plan is not None:  # the new files are in this folder
        plan = _Plan(plan.index, plan.removed,
                     [(old, folder / new) for old, new in plan.changed], plan.added)
    # In a child process (fork rule): a build, and `serve` building a missing store, must not
    # be left with RocksDB threads in a process that forks query workers later.
    problem = _in_child(lambda: _write(target, folder, live, plan))
    if problem:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreError(f"{target}: could not write the store's index: {problem}")
    return {"dir": target.name, "format": INDEX_FORMAT, "graphs": len(live),
            "quads": sum(int(entry["quads"]) for entry in live.values())}


def _write(target: Path, folder: Path, live: Mapping[str, dict], plan: _Plan | None) -> str:
    try:
        if plan is None:
            store = ox.Store(str(target))
            bulk_load_files(store, folder, [live[iri]["file"] for iri in sorted(live)])
        else:
            checkpoint = ox.Store.read_only(str(plan.index))
            checkpoint.backup(str(target))
            del checkpoint
            store = ox.Store(str(target))
            for iri in plan.removed:
                store.remove_graph(ox.NamedNode(iri))
            gone, new = [], []
            for before, after in plan.changed:
                lines_gone, lines_new = _diff(before, after)
                gone += lines_gone
                new += lines_new
            for quad in ox.parse(b"".join(gone), ox.RdfFormat.N_QUADS):
                store.remove(quad)
            if new:
                store.bulk_load(b"".join(new), ox.RdfFormat.N_QUADS)
            bulk_load_files(store, folder, [live[iri]["file"] for iri in plan.added])
        store.flush()
        del store  # closes RocksDB before anyone opens the folder
    except (OSError, ValueError, SyntaxError) as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ""


def dump_index(path: Path, output: Path) -> None:
    """Write every quad of the index at ``path`` to ``output`` as N-Quads (in a child process).

    Raises:
        StoreError: the index could not be read.
    """
    def write() -> str:
        try:
            ox.Store.read_only(str(path)).dump(output=str(output), format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            return str(exc) or type(exc).__name__
        return ""

    problem = _in_child(write)
    if problem:
        raise StoreError(f"{path}: cannot read the store's index: {problem}")


def _diff(before: Path, after: Path) -> tuple[list[bytes], list[bytes]]:
    """(lines only in ``before``, lines only in ``after``) of two sorted graph files.

    A graph that changed usually changed a little (the derived graph when one article is
    added: 625 k quads at 10,000 articles, a few hundred of them new), and its files are sorted,
    so one merge walk finds what to delete and what to add.
    """
    gone: list[bytes] = []
    new: list[bytes] = []
    with open(before, "rb") as old_file, open(after, "rb") as new_file:
        old, cur = old_file.readline(), new_file.readline()
        while old or cur:
            if old and (not cur or old < cur):
                gone.append(old)
                old = old_file.readline()
            elif cur and (not old or cur < old):
                new.append(cur)
                cur = new_file.readline()
            else:
                old, cur = old_file.readline(), new_file.readline()
    return gone, new


@dataclass(frozen=True)
class _Plan:
    """How to turn the previous folder's index into this one's."""

    index: Path  # the previous index, checkpointed
    removed: list[str]  # graphs gone
    changed: list[tuple[Path, Path]]  # (previous file, new file) of graphs in both
    added: list[str]  # graphs new


def _incremental_plan(live: Mapping[str, dict], previous: tuple[Path, dict] | None
                      ) -> _Plan | None:
    """How to update the previous index, or None for a full build."""
    if previous is None:
        return None
    folder, manifest = previous
    entry = manifest.get("index")
    if not entry or entry.get("format") != INDEX_FORMAT or not (folder / entry["dir"]).is_dir():
        return None
    before = {iri: e for iri, e in manifest["graphs"].items() if e["quads"]}
    added = sorted(iri for iri, e in live.items()
                   if iri not in before or before[iri]["sha256"] != e["sha256"])
    removed = sorted(iri for iri in before
                     if iri not in live or before[iri]["sha256"] != live[iri]["sha256"])
    moved = sum(live[i]["quads"] for i in added) + sum(before[i]["quads"] for i in removed)
    total = sum(e["quads"] for e in live.values())
    if moved > _CHANGED_SHARE_FOR_FULL * max(total, 1):
        return None
    both = set(added) & set(removed)
    return _Plan(folder / entry["dir"], [i for i in removed if i not in both],
                 [(folder / before[i]["file"], Path(live[i]["file"])) for i in sorted(both)],
                 [i for i in added if i not in both])


def bulk_load_files(store: ox.Store, folder: Path, files: Sequence[str]) -> None:
    """Bulk-load graph files, concatenated into chunk files of ``CHUNK_BYTES``.

    Loading from a path lets Oxigraph parse in parallel (x2 faster than a Python stream), and
    one call per graph would cost one flush per graph.
    """
    batch: list[str] = []
    size = 0
    for name in files:
        batch.append(name)
        size += (folder / name).stat().st_size
        if size >= CHUNK_BYTES:
            _load_batch(store, folder, batch)
            batch, size = [], 0
    if batch:
        _load_batch(store, folder, batch)


def _load_batch(store: ox.Store, folder: Path, names: Sequence[str]) -> None:
    if len(names) == 1:
        store.bulk_load(path=str(folder / names[0]), format=ox.RdfFormat.N_QUADS)
        return
    # In the temporary directory: a store opened read-only may sit in a folder we cannot write.
    with tempfile.NamedTemporaryFile(prefix="sco-kg-chunk-", suffix=".nq") as chunk:
        for name in names:
            with open(folder / name, "rb") as graph_file:
                shutil.copyfileobj(graph_file, chunk, 1 << 20)
        chunk.flush()
        store.bulk_load(path=chunk.name, format=ox.RdfFormat.N_QUADS)


def check_index(folder: Path, manifest: dict, *, full: bool = False) -> None:
    """Check that the index holds what the manifest says, in a child process (fork rule).

    Compares the named graphs (all of them) and the quads of ``SAMPLE_GRAPHS`` graphs spread
    over the manifest; ``full`` counts every quad instead (0.3 s per million quads).

    Raises:
        StoreError: no index, or one that disagrees with the manifest (one line).
    """
    entry = manifest.get("index")
    if not entry:
        raise StoreError(f"{folder}: the store has no index; rebuild it with `sco-kg build`")
    path = folder / entry["dir"]
    if entry.get("format") != INDEX_FORMAT or not path.is_dir():
        raise StoreError(f"{path}: the store's index is missing or of another format; "
                         "rebuild it with `sco-kg build --full`")
    live = {iri: int(e["quads"]) for iri, e in manifest["graphs"].items() if e["quads"]}
    ordered = sorted(live)
    step = max(1, len(ordered) // SAMPLE_GRAPHS)
    sample = ordered if full else sorted(set(ordered[::step] + ordered[-1:]))
    problem = _in_child(lambda: _disagreement(path, live, sample, full))
    if problem:
        raise StoreError(f"{path}: the store's index does not match its manifest ({problem}); "
                         "rebuild it with `sco-kg build --full`")


def _disagreement(path: Path, live: Mapping[str, int], sample: Sequence[str],
                  full: bool) -> str:
    # Counted by SPARQL: Oxigraph counts encoded terms, where iterating quads decodes every
    # term through RocksDB (measured x15 slower for the same graphs).
    try:
        store = ox.Store.read_only(str(path))
        graphs = _count(store, "SELECT (COUNT(*) AS ?n) { GRAPH ?g {} }")
        if graphs != len(live):
            return f"{graphs} graphs, the manifest says {len(live)}"
        for start in range(0, len(sample), 64):
            values = " ".join(f"<{iri}>" for iri in sample[start:start + 64])
            counts = {row["g"].value: int(row["n"].value) for row in store.query(
                f"SELECT ?g (COUNT(*) AS ?n) {{ VALUES ?g {{ {values} }} "
                "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}  # type: ignore[union-attr]
            for iri in sample[start:start + 64]:
                if counts.get(iri, 0) != live[iri]:
                    return f"{counts.get(iri, 0)} quads in <{iri}>, the manifest says {live[iri]}"
        if full:
            quads = _count(store, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
            if quads != sum(live.values()):
                return f"{quads} quads, the manifest says {sum(live.values())}"
    except OSError as exc:
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return ""


def _count(store: ox.Store, query: str) -> int:
    (row,) = store.query(query)  # type: ignore[misc]
    return int(row["n"].value)


def _in_child(check: Callable[[], str]) -> str:
    """Run ``check`` (returning a message, "" when fine) in a forked child; its message."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python >= 3.12 warns about fork() with threads; the child runs one function and
        # leaves through os._exit (as the query executor's zygote does).
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        code = 0
        try:
            os.close(read_end)
            message = check().encode("utf-8", "replace")
            os.write(write_end, struct.pack("!I", len(message)) + message)
        except BaseException:  # noqa: BLE001 - any failure is the parent's to report
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        data = reader.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or len(data) < 4:
        return f"its process failed ({os.waitstatus_to_exitcode(status)})"
    return data[4:].decode("utf-8", "replace")


class IndexHandle:
    """A read-only RocksDB handle opened in the process that uses it (see the fork rule)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._store: ox.Store | None = None
        self._pid = 0

    def get(self) -> ox.Store:
        """This process's handle, opened now if this process has none yet.

        Raises:
            StoreError: the index is gone (a rebuild swapped the folder) or unreadable.
        """
        if self._pid != os.getpid():
            if self._store is not None:
                _INHERITED.append(self._store)
            self._store = None
            try:
                self._store = ox.Store.read_only(str(self.path))
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot open the store's index: {exc}") from exc
            self._pid = os.getpid()
        assert self._store is not None
        return self._store

    def close(self) -> None:
        """Drop this process's handle (an inherited one stays abandoned)."""
        if self._store is not None and self._pid == os.getpid():
            self._store = None
            self._pid = 0


class IndexedStore:
    """A store folder served from its index: read-only, opened in milliseconds at any size.

    Queries see the union default graph through Oxigraph's ``use_default_graph_as_union``,
    which is a multiset: so this backend serves only stores whose build guarantees that no
    triple is in two graphs (``"disjoint_graphs": true``; ``oxigraph.open_folder`` checks).
    Dumps and ``quads`` read the graph files, so the serving process never opens RocksDB.
    """

    read_only = True
    supports_timeout = False
    needs_network = False
    opens_per_process = True  # a forking server must not query it before it forks

    def __init__(self, path: Path, manifest: dict, version: str) -> None:
        check_index(path, manifest)
        self._path = path
        self._version = version
        graphs = {iri: e for iri, e in manifest["graphs"].items() if e["quads"]}
        self._files = FolderDump(path, graphs, disjoint=True)
        self._quads = sum(int(e["quads"]) for e in graphs.values())
        self._handle = IndexHandle(path / manifest["index"]["dir"])

    @property
    def path(self) -> Path:
        return self._path

    @property
    def version(self) -> str:
        return self._version

    def graphs(self) -> list[str]:
        return list(self._files.graphs)

    def __len__(self) -> int:
        return self._quads

    def open_here(self) -> None:
        """Open this process's handle now (a query worker, as it starts)."""
        self._handle.get()

    def query(self, text: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        options: dict = {"base_iri": base_iri}
        if default_graph is None and named_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph or ()]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        store = self._handle.get()
        try:
            return store.query(text, **options)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(str(exc)) from exc

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        return self._files.quads(graph)

    def graph_nquads(self, iri: str) -> bytes:
        """The canonical N-Quads of one graph, read from its file."""
        return (self._path / self._files.graphs[iri]["file"]).read_bytes()

    def dump(self, fmt: str, output: BinaryIO, *, graph: str | None = None) -> None:
        self._files.dump(fmt, output, graph=graph)

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        raise StoreError("this store is open read-only")

    def remove_graphs(self, iris: Iterable[str]) -> None:
        raise StoreError("this store is open read-only")

    def close(self) -> None:
        self._handle.close()


__all__ = ["INDEX_FORMAT", "IndexHandle", "IndexedStore", "bulk_load_files", "check_index",
           "dump_index", "write_index"]
