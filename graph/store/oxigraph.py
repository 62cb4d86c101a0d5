"""The default store: sorted N-Quads files on disk, with an index to serve them from.

On disk a store is a folder::

    PATH/manifest.json          {"format": 1, "graphs": {IRI: {"file", "quads", "sha256",
                                 "bytes"}},
                                 "index": {...}, "disjoint_graphs": bool}
    PATH/graphs/<digest>.nq     one named graph, its N-Quads lines sorted
    PATH/graphs/<digest>.figures.jsonl
                                an article graph's figures as values (``rdf/claimed.py``),
                                named in its manifest entry as ``"figures"`` by a build
    PATH/index-<version>/       Oxigraph's RocksDB storage of the same quads (``index.py``)

The graph files are the canonical form: sorted N-Quads make dumps byte-identical from run to
run, and a folder can be built aside and swapped in with two renames, so a failed build never
leaves a half-written store. ``open_folder`` serves a small store from memory (bulk-loaded from
the files: RocksDB answered 3-10x slower at 1 M quads) and a large one from its index (opened in
milliseconds; memory does not grow with the data): ``memory_max_quads`` decides.

Graph files and the index are written first and the manifest last (``os.replace``), so a
reader sees either the old dataset or the new one. A build writes its folder graph by graph
(``StoreFolderWriter``) and reads the previous one file by file (``StoreFolder``): neither
holds the dataset in memory.

The default graph a query sees is the RDF merge of the named graphs, a *set*. Oxigraph's
``use_default_graph_as_union`` is a multiset: a triple two articles state would come back
twice, and a join of three such triples 2 x 2 x 2 times (measured: 27 rows for 3 claims on the
seeds). A build that guarantees no triple is in two graphs says so in the manifest
(``"disjoint_graphs": true``) and the union is then Oxigraph's own. Otherwise the union is
materialised as a set in Oxigraph's default graph (+75 % memory, 6 s per million quads; such a
store is always served from memory): made on the first query that needs it, and by ``warm()``,
which the server calls before it forks its workers so they share it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import QueryError, StoreError
from . import QueryResult
from .dumping import RDF_FORMATS as _RDF_FORMATS
from .dumping import FolderDump
from .index import IndexedStore, bulk_load_files, write_index
from .nquads import canonical_nquads, prefixes_for
from .records import record_json

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
# Stores with more quads than this are served from their index (server setting of this name).
MEMORY_MAX_QUADS = 1_500_000


def open_folder(location: str | None = None, *, read_only: bool = False, create: bool = False,
                memory_max_quads: int | None = None) -> OxigraphStore | IndexedStore:
    """Open a store folder: read-only and past ``memory_max_quads``, from its index.

    Only a store whose build made its graphs disjoint is served from the index (its union
    default graph is then Oxigraph's); any other is loaded into memory.

    Raises:
        StoreError: no store there, or an index that does not match its manifest.
    """
    limit = MEMORY_MAX_QUADS if memory_max_quads is None else memory_max_quads
    if location and read_only:
        path = Path(location)
        _recover_interrupted_swap(path)
        if (path / MANIFEST).exists():
            manifest = _read_manifest(path / MANIFEST)
            verify_folder(path, manifest)
            quads = sum(int(e["quads"]) for e in manifest["graphs"].values())
            if quads > limit and manifest.get("disjoint_graphs") and "index" in manifest:
                return IndexedStore(path, manifest, _manifest_version(manifest))
    return OxigraphStore(location, read_only=read_only, create=create)


def folder_dump(spec: str) -> FolderDump | None:
    """The dumps of the store folder ``spec`` names, read from its files (None: not a folder).

    What ``sco-kg export`` writes from: nothing is loaded, whatever the store's size.

    Raises:
        StoreError: a folder without a readable manifest.
    """
    scheme, _, rest = spec.partition(":")
    if scheme == "oxigraph":
        spec = rest
    elif ":" in spec and not Path(spec).exists():
        return None  # memory:, sparql+http://...
    path = Path(spec)
    _recover_interrupted_swap(path)
    if not path.exists():
        raise StoreError(f"no store at {path} (run `sco-kg build` first)")
    manifest = _read_manifest(path / MANIFEST)
    graphs = {iri: e for iri, e in manifest["graphs"].items() if e["quads"]}
    return FolderDump(path, graphs, disjoint=bool(manifest.get("disjoint_graphs")))


class OxigraphStore:
    """An in-memory Oxigraph store, persisted to a folder when ``location`` is given."""

    supports_timeout = False
    needs_network = False

    def __init__(self, location: str | None = None, *, read_only: bool = False,
                 create: bool = False) -> None:
        self.read_only = read_only
        self._path = Path(location) if location else None
        self._store = ox.Store()
        self._manifest: dict = {"format": FORMAT_VERSION, "graphs": {}}
        self._generation = 0
        self._counts: dict[str, int] = {}
        self._union_stale = True
        if self._path is None:
            return
        _recover_interrupted_swap(self._path)
        manifest_path = self._path / MANIFEST
        if manifest_path.exists():
            self._manifest = _read_manifest(manifest_path)
            verify_folder(self._path, self._manifest)
            bulk_load_files(self._store, self._path,
                            [e["file"] for e in self._manifest["graphs"].values()])
            for iri, entry in self._manifest["graphs"].items():
                self._counts[iri] = entry["quads"]
        elif not create:
            raise StoreError(f"no store at {self._path} (run `sco-kg build` first)")

    # -- reading -------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def __len__(self) -> int:
        return sum(self._counts.values())

    @property
    def version(self) -> str:
        if self._path is not None:
            return _manifest_version(self._manifest)
        return f"mem-{id(self):x}-{self._generation}"

    def query(self, text: str, *, default_graph: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        options: dict = {"base_iri": base_iri}
        if default_graph is None and named_graphs is None:
            if self._disjoint:
                options["use_default_graph_as_union"] = True
            else:
                self._refresh_union()
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph or ()]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or ()]
        try:
            return self._store.query(text, **options)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise QueryError(str(exc)) from exc

    @property
    def _disjoint(self) -> bool:
        """No triple is in two graphs (the build said so): Oxigraph's union is a set."""
        return bool(self._manifest.get("disjoint_graphs"))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph is None:
            return (q for g in self.graphs()
                    for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        return iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def dump(self, fmt: str, output: BinaryIO, *, graph: str | None = None) -> None:
        """Write the dataset, or one graph, in ``fmt``.

        Graph-major, each graph sorted (``dumping.py``): a store folder's dump streams from
        its graph files, and two builds give identical bytes. Formats without named graphs
        (Turtle, N-Triples, RDF/XML) get the union graph.
        """
        if self._path is not None:
            self._files().dump(fmt, output, graph=graph)
            return
        if fmt not in _RDF_FORMATS:
            raise StoreError(f"unknown format {fmt!r} (one of {', '.join(_RDF_FORMATS)})")
        rdf_format = _RDF_FORMATS[fmt]
        if graph is not None:
            if graph not in set(self.graphs()):
                raise StoreError(f"no graph {graph}")
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(graph))
            data: Iterable = sorted(triples, key=str) if fmt in {"nt", "ttl"} else triples
            if rdf_format.supports_datasets:
                data = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                        for t in data)
            ox.serialize(data, output, rdf_format, prefixes=prefixes_for(fmt))
            return
        # Serialised by Oxigraph and sorted as bytes: no Python object per quad (x1.5 faster
        # than sorting Quad objects by str, and the same bytes).
        if fmt == "nq":
            output.writelines(self._graph_lines())
            return
        if rdf_format.supports_datasets:
            lines = b"".join(self._graph_lines())
            ox.serialize(ox.parse(lines, ox.RdfFormat.N_QUADS), output, rdf_format,
                         prefixes=prefixes_for(fmt))
            return
        self._refresh_union()
        # Without an output Oxigraph returns the bytes (its stub says bytes | None).
        union = sorted((self._store.dump(format=ox.RdfFormat.N_TRIPLES,
                                         from_graph=ox.DefaultGraph()) or b"")
                       .splitlines(keepends=True))
        if fmt == "nt":
            output.writelines(union)
            return
        ox.serialize(ox.parse(b"".join(union), ox.RdfFormat.N_TRIPLES), output, rdf_format,
                     prefixes=prefixes_for(fmt))

    def _files(self) -> FolderDump:
        graphs = {iri: e for iri, e in self._manifest["graphs"].items()
                  if e["quads"] or iri in self._counts}
        return FolderDump(self._path or Path(), graphs, disjoint=self._disjoint)

    def _graph_lines(self) -> Iterator[bytes]:
        """N-Quads lines of every named graph, graph-major, each graph sorted (the default
        graph is their union: left out)."""
        for iri in self.graphs():
            suffix = f" {ox.NamedNode(iri)} .\n".encode()
            body = self._store.dump(format=ox.RdfFormat.N_TRIPLES,
                                    from_graph=ox.NamedNode(iri)) or b""
            yield from sorted(line[:-3] + suffix for line in body.splitlines(keepends=True))

    # -- writing -------------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Quad]]) -> None:
        self._check_writable()
        staged = {}
        for iri, quads in graphs.items():
            target = ox.NamedNode(iri)
            moved = (q if q.graph_name == target else
                     ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
            staged[iri] = canonical_nquads(moved)
        self.load_nquads(staged)

    def load_nquads(self, graphs: Mapping[str, bytes]) -> None:
        """Replace each named graph with canonical N-Quads (``canonical_nquads``) of it.

        The fast path for builds: workers hand over bytes, and 10^6 quads never become Python
        objects here (that cost 2.5 GB of peak memory at 1,000 articles).
        """
        self._check_writable()
        if self._path is not None:
            self._persist(graphs, removed=())
        for iri, body in graphs.items():
            node = ox.NamedNode(iri)
            if self._store.contains_named_graph(node):
                self._store.remove_graph(node)
            if body:
                self._store.bulk_load(body, ox.RdfFormat.N_QUADS)
            self._store.add_graph(node)
            self._counts[iri] = body.count(b"\n")
        self._generation += 1
        self._union_stale = True

    def graph_nquads(self, iri: str) -> bytes:
        """The canonical N-Quads of one graph (read from its file when the store has one)."""
        entry = self._manifest["graphs"].get(iri)
        if self._path is not None and entry is not None:
            return (self._path / entry["file"]).read_bytes()
        return canonical_nquads(self.quads(iri))

    def remove_graphs(self, iris: Iterable[str]) -> None:
        self._check_writable()
        iris = [i for i in iris if i in set(self.graphs())]
        if self._path is not None:
            self._persist({}, removed=iris)
        for iri in iris:
            self._store.remove_graph(ox.NamedNode(iri))
            self._counts.pop(iri, None)
        self._generation += 1
        self._union_stale = True

    def close(self) -> None:
        self._store = ox.Store()
        self._counts = {}

    def warm(self) -> None:
        """Do now the work the first query would do (a server calls this before forking)."""
        self._refresh_union()

    def _refresh_union(self) -> None:
        """Make the default graph the set union of the named graphs (see module docstring)."""
        if not self._union_stale or self._disjoint:
            return
        self._store.clear_graph(ox.DefaultGraph())
        self._store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        self._union_stale = False

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("this store is open read-only")

    def _persist(self, staged: Mapping[str, bytes], removed: Iterable[str]) -> None:
        assert self._path is not None
        (self._path / "graphs").mkdir(parents=True, exist_ok=True)
        manifest = json.loads(json.dumps(self._manifest))
        obsolete = []
        for iri, body in staged.items():
            entry = _write_graph_file(self._path, iri, body)
            previous = manifest["graphs"].get(iri)
            if previous and previous["file"] != entry["file"]:
                obsolete.append(previous["file"])
            if previous and "figures" in previous:  # a graph replaced: its figures are stale
                obsolete.append(previous["figures"])
            manifest["graphs"][iri] = entry
        for iri in removed:
            entry = manifest["graphs"].pop(iri)
            obsolete += [entry["file"]] + ([entry["figures"]] if "figures" in entry else [])
        # Graphs written here (`sco-kg load`, tests) carry no promise of disjointness.
        manifest.pop("disjoint_graphs", None)
        previous = self._manifest.get("index")
        manifest["index"] = write_index(self._path, manifest["graphs"],
                                        _manifest_version(manifest),
                                        previous=(self._path, self._manifest))
        if previous and previous["dir"] != manifest["index"]["dir"]:
            obsolete.append(previous["dir"])
        _write_manifest(self._path, manifest)
        self._manifest = manifest
        for name in obsolete:
            if (self._path / name).is_dir():
                shutil.rmtree(self._path / name, ignore_errors=True)
            else:
                (self._path / name).unlink(missing_ok=True)


class StoreFolder:
    """A store folder read through its manifest, one graph file at a time.

    What a rebuild needs from the previous store (which graphs it has, their bytes) without
    loading them all into memory, as opening an ``OxigraphStore`` would.

    Raises:
        StoreError: the folder has no readable manifest.
    """

    def __init__(self, location: Path) -> None:
        self.path = Path(location)
        _recover_interrupted_swap(self.path)
        self.manifest = _read_manifest(self.path / MANIFEST)
        self._graphs: dict[str, dict] = self.manifest["graphs"]

    def graphs(self) -> list[str]:
        """IRIs of the graphs holding quads (an empty one is no graph, as in Oxigraph)."""
        return sorted(iri for iri, entry in self._graphs.items() if entry["quads"])

    def entry(self, iri: str) -> dict:
        """One graph's manifest entry (``file``, ``quads``, ``sha256``, ``bytes``, maybe
        ``figures``)."""
        return self._graphs[iri]

    def graph_nquads(self, iri: str) -> bytes:
        """The canonical N-Quads of one graph, read from its file."""
        path = self.path / self._graphs[iri]["file"]
        try:
            return path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{path}: unreadable graph file: {exc}") from exc

    def graph_figures(self, iri: str) -> bytes | None:
        """The figures a build stored beside one graph (``None``: it stored none)."""
        name = self._graphs.get(iri, {}).get("figures")
        if name is None:
            return None
        try:
            return (self.path / name).read_bytes()
        except OSError as exc:
            raise StoreError(f"{self.path / name}: unreadable figures file: {exc}") from exc


class StoreFolderWriter:
    """Writes a new store folder graph by graph; the manifest, written last, makes it a store.

    A build streams each article's graph to disk as it arrives, so memory does not grow with
    the corpus. The folder is the same as ``OxigraphStore`` writes (same file names, same
    manifest), so readers cannot tell the two apart.
    """

    def __init__(self, location: Path) -> None:
        self.path = Path(location)
        (self.path / "graphs").mkdir(parents=True, exist_ok=True)
        self._graphs: dict[str, dict] = {}
        self._previous: StoreFolder | None = None  # where kept graphs came from

    def __len__(self) -> int:
        """Quads written so far, over all graphs."""
        return sum(entry["quads"] for entry in self._graphs.values())

    def graphs(self) -> list[str]:
        return sorted(self._graphs)

    def graph_nquads(self, iri: str) -> bytes:
        return (self.path / self._graphs[iri]["file"]).read_bytes()

    def write(self, iri: str, body: bytes, *, figures: bytes | None = None) -> int:
        """Write (or replace) one graph from its canonical N-Quads; returns its quad count.

        ``figures`` (an article graph's figures as values, ``rdf.claimed.encode``) go in a file
        beside the graph's, named in its manifest entry.
        """
        entry = _write_graph_file(self.path, iri, body)
        if figures is not None:
            digest = hashlib.sha256(figures).hexdigest()
            entry["figures"] = f"{entry['file'][:-len('.nq')]}-{digest[:8]}.figures.jsonl"
            _write_atomically(self.path / entry["figures"], figures, sync=False)
        previous = self._graphs.get(iri)
        for key in ("file", "figures"):
            if previous and previous.get(key) not in (None, entry.get(key)):
                (self.path / previous[key]).unlink(missing_ok=True)
        self._graphs[iri] = entry
        return entry["quads"]

    def keep(self, iri: str, previous: StoreFolder) -> int:
        """Carry one graph (and its figures) over from ``previous`` unchanged; returns its quads.

        The files are hard-linked, not read and written again: an incremental build of a large
        store touches only what changed (copying is the fallback across file systems).
        """
        entry = dict(previous.entry(iri))
        self._previous = previous
        source = f"{previous.path}/{entry['file']}"  # str, not Path: 50,000 a rebuild at 50k
        try:
            size = os.stat(source).st_size
        except OSError:
            raise StoreError(f"{source}: graph file of {iri} is missing in the previous store; "
                             "build again with `sco-kg build --full`") from None
        if "bytes" not in entry:
            entry["bytes"] = size  # a store written before lengths were recorded
        elif size != int(entry["bytes"]):
            raise StoreError(f"{source}: graph file of {iri} is damaged in the previous store "
                             f"({size} bytes where the manifest says {entry['bytes']}); "
                             "build again with `sco-kg build --full`")
        for key in ("file", "figures"):
            if key in entry:
                link_or_copy(f"{previous.path}/{entry[key]}", f"{self.path}/{entry[key]}")
        self._graphs[iri] = entry
        return int(entry["quads"])

    def commit(self, *, disjoint_graphs: bool = False) -> None:
        """Write the index, then the manifest: from now on the folder is a store.

        The index starts from the previous store's (the one graphs were kept from) when there
        is one, so a build that changed one article loads one article's graph (``index.py``).

        Args:
            disjoint_graphs: the caller guarantees no triple is in two graphs, so the union
                default graph may be Oxigraph's own (recorded in the manifest).
        """
        manifest: dict = {"format": FORMAT_VERSION, "graphs": dict(sorted(self._graphs.items()))}
        previous = None if self._previous is None else (self._previous.path,
                                                        self._previous.manifest)
        manifest["index"] = write_index(self.path, manifest["graphs"],
                                        _manifest_version(manifest), previous=previous)
        if disjoint_graphs:
            manifest["disjoint_graphs"] = True
        _write_manifest(self.path, manifest)


def swap_in(built: Path, target: Path) -> None:
    """Make the store folder ``built`` the one at ``target``; the old one goes only after.

    The old folder is removed by a detached process once the new one is in place: at 50,000
    articles it holds 150,000 files, and deleting them took 2 s of a rebuild that was done.
    """
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    if old.exists():
        _remove_detached(old)


def _remove_detached(folder: Path) -> None:
    """Remove ``folder`` in a process of its own that nobody waits for (a double fork).

    The folder is first renamed to a name of its own (``<name>-<pid>-<ns>``), so a next build
    never meets it half deleted; ``remove_leftovers`` removes what a crash left.
    """
    doomed = folder.with_name(f"{folder.name}-{os.getpid()}-{time.time_ns()}")
    os.replace(folder, doomed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads, Python 3.12+
        try:
            pid = os.fork()
        except OSError:
            shutil.rmtree(doomed, ignore_errors=True)
            return
    if pid == 0:  # pragma: no cover - leaves through os._exit
        code = 0
        try:
            os.setsid()
            if os.fork() == 0:
                _let_go_of_files()
                shutil.rmtree(doomed, ignore_errors=True)
        except BaseException:  # noqa: BLE001 - nobody is there to tell
            code = 1
        finally:
            os._exit(code)
    os.waitpid(pid, 0)


def _let_go_of_files() -> None:
    """Hold none of the parent's files: a caller reading the build's output through a pipe
    (``subprocess.run(capture_output=True)``) would otherwise wait for the removal to end."""
    quiet = os.open(os.devnull, os.O_RDWR)
    for standard in (0, 1, 2):
        os.dup2(quiet, standard)
    os.closerange(3, _MAX_FD)


_MAX_FD = 1 << 16


def remove_leftovers(target: Path) -> None:
    """Old folders of the store at ``target`` a detached removal did not finish (a crash).

    One whose removal is under way (it or a folder in it changed within a minute) is left to
    the process removing it.
    """
    for folder in target.parent.glob(f"{target.name}.old-*"):
        try:
            changed = max(p.stat().st_mtime for p in (folder, *folder.iterdir()) if p.is_dir())
        except OSError:
            continue
        if time.time() - changed > _REMOVAL_IDLE_S:
            shutil.rmtree(folder, ignore_errors=True)


_REMOVAL_IDLE_S = 60


def _recover_interrupted_swap(path: Path) -> None:
    old = path.with_name(path.name + ".old")
    if not path.exists() and old.exists():
        os.replace(old, path)


def folder_version(path: Path) -> str:
    """The version of the store folder at ``path``, read from its manifest alone.

    The same digest ``OxigraphStore.version`` gives once the folder is opened, without loading
    any graph: a server watching its store reads this to see whether a build changed it.

    Raises:
        StoreError: the folder has no readable manifest.
    """
    return _manifest_version(_read_manifest(path / MANIFEST))


def _manifest_version(manifest: dict) -> str:
    digests = sorted(f"{iri} {e['sha256']}" for iri, e in manifest["graphs"].items())
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()[:16]


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: unreadable store manifest: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise StoreError(f"{path}: store format {manifest.get('format')!r} is not "
                         f"{FORMAT_VERSION}; rebuild with `sco-kg build`")
    return manifest


def link_or_copy(source: str, target: str) -> None:
    """Hard-link ``target`` to ``source``, replacing any file there; copy where links fail.

    Paths are strings: a rebuild at 50,000 articles makes 150,000 links, and the first try
    does without the ``unlink`` a new folder never needs.
    """
    try:
        os.link(source, target)
        return
    except FileExistsError:
        os.unlink(target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_graph_file(folder: Path, iri: str, body: bytes) -> dict:
    """Write one graph's file (named by its IRI and content); returns its manifest entry."""
    digest = hashlib.sha256(body).hexdigest()
    name = f"graphs/{hashlib.sha256(iri.encode()).hexdigest()[:24]}-{digest[:8]}.nq"
    _write_atomically(folder / name, body, sync=False)
    return {"file": name, "quads": body.count(b"\n"), "sha256": digest, "bytes": len(body)}


def verify_folder(path: Path, manifest: dict) -> None:
    """Check every graph file the manifest names before anything is served from it.

    A graph file's name holds the start of its sha256, and a file is written once and never
    changed in place, so the ways it goes wrong are loss and truncation (a copy cut short, a
    full disk): both change its length, which ``stat`` gives without reading it. Entries
    written before lengths were recorded are checked by their full sha256.

    Raises:
        StoreError: one line naming the first damaged or missing file.
    """
    for iri, entry in sorted(manifest["graphs"].items()):
        file = path / entry["file"]
        try:
            size = file.stat().st_size
        except OSError:
            raise StoreError(f"{file}: graph file of {iri} is missing; the store is damaged, "
                             "rebuild it with `sco-kg build --full`") from None
        expected = entry.get("bytes")
        if expected is None:
            try:
                intact = hashlib.sha256(file.read_bytes()).hexdigest() == entry["sha256"]
            except OSError as exc:
                raise StoreError(f"{file}: unreadable graph file: {exc}") from None
        else:
            intact = size == int(expected)
        if not intact:
            found = f"{size} bytes where the manifest says {expected}" if expected is not None \
                else "its sha256 is not the manifest's"
            raise StoreError(f"{file}: graph file of {iri} is damaged ({found}); rebuild the "
                             "store with `sco-kg build --full`")


def _write_manifest(folder: Path, manifest: dict) -> None:
    manifest["graphs"] = dict(sorted(manifest["graphs"].items()))
    os.sync()  # every graph file is on disk before the manifest names it
    _write_atomically(folder / MANIFEST,
                      record_json(manifest).encode())


def _write_atomically(path: Path, body: bytes, *, sync: bool = True) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(body)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)
