"""Store folders written graph by graph (as a build does) and read without loading them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.errors import StoreError
from sco_kg.graph.store import open_store
from sco_kg.graph.store.nquads import canonical_nquads, nquads_lines_with
from sco_kg.graph.store.oxigraph import (
    OxigraphStore,
    StoreFolder,
    StoreFolderWriter,
)

G1, G2, EMPTY = "http://example.org/g1", "http://example.org/g2", "http://example.org/empty"


def body(graph: str, *values: str) -> bytes:
    return canonical_nquads(ox.Quad(ox.NamedNode("http://example.org/s"),
                                    ox.NamedNode("http://example.org/p"), ox.Literal(v),
                                    ox.NamedNode(graph)) for v in values)


def files(folder: Path) -> dict[str, bytes]:
    """The folder's files, less the index's (RocksDB's own files: the index is compared by
    its quads, in test_store_index.py)."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).parts[0].startswith("index-")}


def test_store_folder_writer_writes_what_a_store_writes(tmp_path: Path) -> None:
    graphs = {G1: body(G1, "a", "b"), G2: body(G2, "c"), EMPTY: b""}
    store = OxigraphStore(str(tmp_path / "store"), create=True)
    store.load_nquads(graphs)
    writer = StoreFolderWriter(tmp_path / "written")
    writer.write(G1, body(G1, "replaced"))  # a graph written twice: the last one stays
    for iri, nquads in graphs.items():
        assert writer.write(iri, nquads) == nquads.count(b"\n")
    writer.commit()
    assert files(tmp_path / "written") == files(tmp_path / "store")
    assert len(writer) == len(open_store(str(tmp_path / "written"))) == 3


def test_store_folder_reads_graphs_one_file_at_a_time(tmp_path: Path) -> None:
    writer = StoreFolderWriter(tmp_path / "store")
    writer.write(G1, body(G1, "a"))
    writer.write(EMPTY, b"")
    writer.commit()
    folder = StoreFolder(tmp_path / "store")
    assert folder.graphs() == [G1]  # as the store itself lists them
    assert folder.graph_nquads(G1) == body(G1, "a")
    with pytest.raises(StoreError, match="manifest"):
        StoreFolder(tmp_path / "nothing")


def test_store_nquads_lines_with_finds_whole_lines() -> None:
    nquads = b"<s> <p> \"x\" .\n<s> <q> \"y <p> z\" .\n<s> <r> \"w\" .\n<s> <p> \"v\" ."
    assert nquads_lines_with(nquads, [b" <p> "]) == (
        b"<s> <p> \"x\" .\n<s> <q> \"y <p> z\" .\n<s> <p> \"v\" .\n")
    assert nquads_lines_with(nquads, [b" <none> "]) == b""


def test_store_folder_keeps_figures_beside_a_graph_until_the_graph_changes(
        tmp_path: Path) -> None:
    writer = StoreFolderWriter(tmp_path / "store")
    writer.write(G1, body(G1, "a"), figures=b'{"old":1}\n')
    writer.write(G1, body(G1, "a"), figures=b'{"figure":1}\n')  # rewritten: one file stays
    writer.write(G2, body(G2, "b"), figures=b"")
    writer.write(EMPTY, b"")
    writer.commit()
    folder = StoreFolder(tmp_path / "store")
    assert folder.graph_figures(G1) == b'{"figure":1}\n'
    assert folder.graph_figures(G2) == b""  # an article without figures: stored, and empty
    assert folder.graph_figures(EMPTY) is None
    assert len([p for p in files(tmp_path / "store") if p.endswith(".figures.jsonl")]) == 2
    store = OxigraphStore(str(tmp_path / "store"))
    store.load_nquads({G1: body(G1, "loaded over")})  # figures of the old graph are stale
    store.remove_graphs([G2])
    assert StoreFolder(tmp_path / "store").graph_figures(G1) is None
    assert not [p for p in files(tmp_path / "store") if p.endswith(".figures.jsonl")]


def _written(folder: Path, graphs: dict[str, bytes]) -> Path:
    writer = StoreFolderWriter(folder)
    for iri, nquads in graphs.items():
        writer.write(iri, nquads)
    writer.commit(disjoint_graphs=True)
    return folder


def _damage(folder: Path, how: str) -> Path:
    """Damage the graph file of G2 as a cut copy or a lost file would."""
    import json

    entry = json.loads((folder / "manifest.json").read_text())["graphs"][G2]
    path = folder / entry["file"]
    data = path.read_bytes()
    if how == "cut_at_a_line":
        path.write_bytes(data[:data.index(b"\n") + 1])
    elif how == "cut_mid_line":
        path.write_bytes(data[:len(data) // 2])
    else:
        path.unlink()
    return path


@pytest.mark.parametrize("how", ["cut_at_a_line", "cut_mid_line", "missing"])
@pytest.mark.parametrize("memory_max_quads", [0, 1_000_000])  # from the index / from memory
def test_store_folder_damaged_graph_file_is_refused_with_one_line_naming_it(
        tmp_path: Path, how: str, memory_max_quads: int) -> None:
    folder = _written(tmp_path / "store", {G1: body(G1, "a"), G2: body(G2, "b", "c", "d")})
    damaged = _damage(folder, how)
    with pytest.raises(StoreError) as caught:
        open_store(str(folder), read_only=True, memory_max_quads=memory_max_quads)
    message = str(caught.value)
    assert "\n" not in message and str(damaged) in message and G2 in message


def test_store_folder_a_damaged_previous_store_stops_an_incremental_build(
        tmp_path: Path) -> None:
    previous = _written(tmp_path / "old", {G1: body(G1, "a"), G2: body(G2, "b", "c")})
    _damage(previous, "cut_at_a_line")
    writer = StoreFolderWriter(tmp_path / "new")
    writer.keep(G1, StoreFolder(previous))  # intact: carried over
    with pytest.raises(StoreError, match="--full"):
        writer.keep(G2, StoreFolder(previous))


def test_store_folder_intact_store_opens_and_a_store_without_lengths_is_checked_by_sha256(
        tmp_path: Path) -> None:
    import json

    folder = _written(tmp_path / "store", {G1: body(G1, "a"), G2: body(G2, "b", "c")})
    open_store(str(folder), read_only=True, memory_max_quads=1_000_000).close()
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["graphs"].values():
        del entry["bytes"]  # as written before lengths were recorded
    (folder / "manifest.json").write_text(json.dumps(manifest))
    open_store(str(folder), read_only=True, memory_max_quads=1_000_000).close()
    path = folder / manifest["graphs"][G2]["file"]
    path.write_bytes(path.read_bytes().replace(b'"b"', b'"x"'))  # same length, other bytes
    with pytest.raises(StoreError, match="sha256"):
        open_store(str(folder), read_only=True, memory_max_quads=1_000_000)
