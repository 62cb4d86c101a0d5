"""The on-disk index of a store folder (issue 17): what it holds, how it is rebuilt, how it
fails, and a store served from it.

RocksDB is opened only in child processes here (``dump_index``, the query workers), as in the
server: a process that opened it keeps RocksDB's threads, and the suite forks query workers.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.errors import StoreError
from sco_kg.graph.store import open_store
from sco_kg.graph.store.dumping import FolderDump
from sco_kg.graph.store.index import IndexedStore, dump_index
from sco_kg.graph.store.nquads import canonical_nquads
from sco_kg.graph.store.oxigraph import OxigraphStore, StoreFolder, StoreFolderWriter
from sco_kg.server.engine.evaluation import Job, Limits
from sco_kg.server.engine.executor import ProcessExecutor

G1, G2, G3, G4 = (f"http://example.org/g{i}" for i in range(1, 5))
LIMITS = Limits(max_rows=1000, max_response_bytes=1_000_000, max_query_depth=40)


def body(graph: str, *values: str) -> bytes:
    return canonical_nquads(ox.Quad(ox.NamedNode(f"http://example.org/s{v}"),
                                    ox.NamedNode("http://example.org/p"), ox.Literal(v),
                                    ox.NamedNode(graph)) for v in values)


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text("utf-8"))


def index_lines(folder: Path, tmp_path: Path) -> list[bytes]:
    out = tmp_path / f"{folder.name}-index.nq"
    dump_index(folder / manifest(folder)["index"]["dir"], out)
    return sorted(out.read_bytes().splitlines())


def file_lines(folder: Path) -> list[bytes]:
    entries = manifest(folder)["graphs"].values()
    return sorted(line for e in entries for line in (folder / e["file"]).read_bytes().splitlines())


def write(folder: Path, graphs: dict[str, bytes], *, keep: tuple[list[str], Path] | None = None,
          disjoint: bool = True) -> Path:
    writer = StoreFolderWriter(folder)
    if keep is not None:
        previous = StoreFolder(keep[1])
        for iri in keep[0]:
            writer.keep(iri, previous)
    for iri, nquads in graphs.items():
        writer.write(iri, nquads)
    writer.commit(disjoint_graphs=disjoint)
    return folder


def test_store_index_holds_the_quads_of_the_graph_files(tmp_path: Path) -> None:
    folder = write(tmp_path / "store", {G1: body(G1, "a", "b"), G2: body(G2, "c"),
                                        G3: b""})
    entry = manifest(folder)["index"]
    assert entry["quads"] == 3 and entry["graphs"] == 2
    assert manifest(folder)["disjoint_graphs"] is True
    assert index_lines(folder, tmp_path) == file_lines(folder) and len(file_lines(folder)) == 3


def test_store_index_incremental_build_equals_a_full_build(tmp_path: Path) -> None:
    kept = body(G1, *"abcdefghij")  # most of the data, so the change is small
    before = write(tmp_path / "before", {G1: kept, G2: body(G2, "b"), G3: body(G3, "c")})
    # One graph kept, one changed, one gone, one new: the index starts from a checkpoint.
    after = write(tmp_path / "after", {G2: body(G2, "b2"), G4: body(G4, "d")},
                  keep=([G1], before))
    full = write(tmp_path / "full", {G1: kept, G2: body(G2, "b2"), G4: body(G4, "d")})
    assert index_lines(after, tmp_path) == index_lines(full, tmp_path) == file_lines(full)
    shared = [p for p in (after / manifest(after)["index"]["dir"]).glob("*.sst")
              if p.stat().st_nlink > 1]
    assert shared, "the incremental index did not hard-link the previous one's files"
    assert index_lines(before, tmp_path) == file_lines(before)  # the previous one untouched


def test_store_index_follows_writes_through_the_store(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "store"), create=True)
    store.load_nquads({G1: body(G1, "a"), G2: body(G2, "b")})
    store.remove_graphs([G2])
    store.load_nquads({G3: body(G3, "c")})
    folder = tmp_path / "store"
    assert index_lines(folder, tmp_path) == file_lines(folder)
    assert [p.name for p in folder.glob("index-*")] == [manifest(folder)["index"]["dir"]]
    assert "disjoint_graphs" not in manifest(folder)  # no promise made by these writes


def test_store_index_serves_a_large_disjoint_store_and_memory_a_small_one(
        tmp_path: Path) -> None:
    folder = write(tmp_path / "store", {G1: body(G1, "a"), G2: body(G2, "b")})
    disk = open_store(str(folder), read_only=True, memory_max_quads=1)
    memory = open_store(str(folder), read_only=True, memory_max_quads=2)
    assert isinstance(disk, IndexedStore) and isinstance(memory, OxigraphStore)
    assert disk.version == memory.version and disk.graphs() == memory.graphs() == [G1, G2]
    assert len(disk) == len(memory) == 2
    mixed = write(tmp_path / "mixed", {G1: body(G1, "a"), G2: body(G2, "b")}, disjoint=False)
    assert isinstance(open_store(str(mixed), read_only=True, memory_max_quads=0), OxigraphStore)
    disk.close()
    memory.close()


def test_store_index_read_only_handle_is_opened_in_each_worker_after_fork(
        tmp_path: Path) -> None:
    folder = write(tmp_path / "store", {G1: body(G1, "a"), G2: body(G2, "b", "c")})
    store = open_store(str(folder), read_only=True, memory_max_quads=0)
    assert isinstance(store, IndexedStore)
    executor = ProcessExecutor(store, LIMITS, workers=2, sandbox=False)
    try:
        for _ in range(3):
            answer, _ = executor.run(Job("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", None, None,
                                         None, "json", None), timeout=30, queue_timeout=30)
            assert b'"3"' in answer.body
        named, _ = executor.run(Job(f"SELECT ?o {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}", None, None,
                                    None, "json", None), timeout=30, queue_timeout=30)
        assert b'"b"' in named.body and b'"a"' not in named.body
    finally:
        executor.close()
    assert store._handle._store is None  # this process never opened RocksDB
    store.close()


@pytest.mark.parametrize("damage", ["missing", "another_stores", "file_deleted"])
def test_store_index_damaged_or_missing_is_a_one_line_store_error(
        tmp_path: Path, damage: str) -> None:
    folder = write(tmp_path / "store", {G1: body(G1, "a"), G2: body(G2, "b")})
    index = folder / manifest(folder)["index"]["dir"]
    if damage == "missing":
        shutil.rmtree(index)
    elif damage == "another_stores":
        other = write(tmp_path / "other", {G1: body(G1, "a", "x"), G2: body(G2, "b")})
        shutil.rmtree(index)
        shutil.copytree(other / manifest(other)["index"]["dir"], index)
    else:
        for sst in index.glob("*.sst"):
            sst.unlink()
    with pytest.raises(StoreError) as caught:
        open_store(str(folder), read_only=True, memory_max_quads=0)
    message = str(caught.value)
    assert "\n" not in message and "index" in message and str(index) in message


def test_store_index_export_streams_the_graph_files_without_loading_them(
        tmp_path: Path) -> None:
    """``sco-kg export`` copies the graph files: a file no parser would accept comes out as
    it is, where loading the store into memory (or any parse) would fail."""
    folder = write(tmp_path / "store", {G1: body(G1, "a"), G2: body(G2, "b")})
    unparsable = b"this line is no N-Quads\n"
    (folder / manifest(folder)["graphs"][G2]["file"]).write_bytes(unparsable)
    out = tmp_path / "export.nq"
    subprocess.run([sys.executable, "-c", "from sco_kg.server.cli import main; main()",
                    "export", "--store", str(folder),
                    "--format", "nq", "-o", str(out)], check=True,
                   env={**os.environ, "PYTHONWARNINGS": "error"})
    assert out.read_bytes() == body(G1, "a") + unparsable


@pytest.mark.parametrize("disjoint", [True, False])
def test_store_index_union_dump_streams_a_set(tmp_path: Path, disjoint: bool) -> None:
    """N-Triples of the union: graph-major when the graphs are disjoint, else a k-way merge
    (here two files at a time, so runs are merged on disk too) that drops duplicates."""
    graphs = ({G1: body(G1, "b", "a"), G2: body(G2, "c"), G3: body(G3, "d")} if disjoint else
              {G1: body(G1, "b", "a"), G2: body(G2, "a", "c"), G3: body(G3, "c", "b", "d")})
    folder = write(tmp_path / "store", graphs, disjoint=disjoint)
    dump = FolderDump(folder, manifest(folder)["graphs"], disjoint=disjoint, fan_in=2)
    out = io.BytesIO()
    dump.dump("nt", out)
    lines = out.getvalue().splitlines()
    expected = sorted({line.rsplit(b" ", 2)[0] + b" ." for g in graphs.values()
                       for line in g.splitlines()})
    assert sorted(lines) == expected and len(lines) == 4
    if not disjoint:
        assert lines == expected  # the merge is globally sorted
