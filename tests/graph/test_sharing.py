"""No triple in two named graphs: the multiset union default graph is the set union (issue 17)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.build import build
from sco_kg.graph.rdf import vocab
from sco_kg.graph.store.oxigraph import OxigraphStore, StoreFolder
from sco_kg.queries import load

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fourteen synthetic articles (``bench/corpus.py``): they share events and propositions."""
    out = tmp_path_factory.mktemp("corpus") / "articles"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "--articles", "14",
                    "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def corpus_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus-build") / "store"
    assert build(corpus, path).ok
    return path


def graph_triples(path: Path) -> Counter[bytes]:
    """How many named graphs of the store folder state each triple."""
    folder, seen = StoreFolder(path), Counter[bytes]()
    for iri in folder.graphs():
        suffix = f" <{iri}> .\n".encode()
        seen.update(line[:-len(suffix)]
                    for line in folder.graph_nquads(iri).splitlines(keepends=True))
    return seen


def dump(path: Path) -> bytes:
    """The store folder's sorted N-Quads, read from its graph files."""
    folder = StoreFolder(path)
    return b"".join(sorted(line for iri in folder.graphs()
                           for line in folder.graph_nquads(iri).splitlines(keepends=True)))


@pytest.mark.parametrize("which", ["seeds", "corpus"])
def test_sharing_no_triple_is_in_two_graphs(which: str, seed_store_path: Path,
                                            corpus_store: Path) -> None:
    path = seed_store_path if which == "seeds" else corpus_store
    repeated = [t for t, n in graph_triples(path).items() if n > 1]
    assert not repeated, repeated[:5]
    assert vocab.GRAPH_SHARED in StoreFolder(path).graphs()  # the articles do share facts
    assert json.loads((path / "manifest.json").read_text("utf-8"))["disjoint_graphs"] is True


def test_sharing_articles_of_a_shared_fact_stay_findable(seed_store_path: Path) -> None:
    """A proposition several articles state: each article still reaches it by its own claims."""
    store = OxigraphStore(str(seed_store_path), read_only=True)
    rows = list(store.query(f"""
        SELECT ?proposition (COUNT(DISTINCT ?article) AS ?articles) WHERE {{
          GRAPH <{vocab.GRAPH_SHARED}> {{ ?proposition <{vocab.SCO}measure> ?measure }}
          GRAPH ?g {{ ?claim <{vocab.SCO}asserts> ?proposition ;
                             <{vocab.SCO}reportedIn> ?article }}
        }} GROUP BY ?proposition"""))
    store.close()
    assert rows and all(int(row["articles"].value) >= 2 for row in rows)


def canned_and_worked_example() -> list[tuple[str, str]]:
    readme = (REPO / "README.md").read_text("utf-8")
    match = re.search(r"<!-- worked-example:query -->\s*```\w*\n(.*?)```", readme, re.S)
    assert match
    queries = [(q.name, q.bind()) for q in load() if "SERVICE" not in q.text.upper()]
    return queries + [("readme worked example", match.group(1))]


def cell(term: object) -> str:
    """A term as text; the parts of a GROUP_CONCAT in sorted order (SPARQL leaves it open)."""
    if isinstance(term, ox.Literal) and " / " in term.value:
        return " / ".join(sorted(term.value.split(" / ")))
    return str(term)


def rows(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> list[tuple]:
    if isinstance(result, ox.QueryBoolean):
        return [(bool(result),)]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return sorted(tuple(cell(s[n]) for n in names) for s in result)
    return sorted(str(t) for t in result)


@pytest.mark.parametrize("which", ["seeds", "corpus"])
def test_sharing_multiset_union_gives_the_rows_of_the_set_union(
        which: str, seed_store_path: Path, corpus_store: Path) -> None:
    """Every canned query (but SERVICE ones) and the README's worked example, row for row."""
    path = seed_store_path if which == "seeds" else corpus_store
    folder = StoreFolder(path)
    multiset = ox.Store()
    for iri in folder.graphs():
        multiset.bulk_load(folder.graph_nquads(iri), ox.RdfFormat.N_QUADS)
    set_union = OxigraphStore(str(path), read_only=True)
    try:
        for name, text in canned_and_worked_example():
            expected = rows(set_union.query(text))
            got = rows(multiset.query(text, use_default_graph_as_union=True))
            assert got == expected, name
    finally:
        set_union.close()


def test_sharing_incremental_builds_in_any_order_give_the_bytes_of_a_full_build(
        corpus: Path, tmp_path: Path) -> None:
    names = sorted(p.name for p in corpus.glob("*.txt"))
    final = tmp_path / "final"
    final.mkdir()
    for name in names[:12]:
        shutil.copy(corpus / name, final / name)
    # one article changed (it now says what another one says), one removed
    shutil.copy(corpus / names[13], final / names[3])
    (final / names[7]).unlink()
    build(final, tmp_path / "full", full=True)
    expected = dump(tmp_path / "full")

    def state(articles: dict[str, str]) -> Path:
        folder = tmp_path / "now"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for name, source in articles.items():
            shutil.copy(corpus / source, folder / name)
        return folder

    start = {n: n for n in names[:12] if n != names[11]}
    steps = [("add", {**start, names[11]: names[11]}),
             ("change", {**start, names[11]: names[11], names[3]: names[13]}),
             ("remove", {k: v for k, v in {**start, names[11]: names[11],
                                              names[3]: names[13]}.items() if k != names[7]})]
    orders = [steps, [steps[2], steps[0], steps[1]]]
    orders[1] = [("remove", {k: v for k, v in start.items() if k != names[7]}),
                 ("change", {**{k: v for k, v in start.items() if k != names[7]},
                             names[3]: names[13]}),
                 ("add", steps[2][1])]
    for number, order in enumerate(orders):
        store = tmp_path / f"store-{number}"
        build(state(start), store)
        for what, articles in order:
            report = build(state(articles), store)
            assert getattr(report, {"add": "added", "change": "changed",
                                    "remove": "removed"}[what]), what
            assert not report.added or what == "add"
        assert dump(store) == expected, [what for what, _ in order]
        assert not [t for t, n in graph_triples(store).items() if n > 1]


def test_sharing_a_loaded_graph_takes_the_facts_it_restates_after_the_reference(
        tmp_path: Path, seed_store_path: Path) -> None:
    """Precedence: reference, then graphs added by ``load``, then the articles and shared."""
    from sco_kg.graph.store.loading import load_file

    folder = StoreFolder(seed_store_path)
    reference = folder.graph_nquads(vocab.GRAPH_REFERENCE).splitlines()[0]
    shared = folder.graph_nquads(vocab.GRAPH_SHARED).splitlines()[0]
    extra = "http://example.org/restated"
    restated = tmp_path / "restated.nt"
    restated.write_bytes(b"".join(line.rsplit(b" <", 1)[0] + b" .\n"
                                  for line in (reference, shared)))
    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store)
    load_file(restated, extra, str(store))
    build(REPO / "seeds", store)
    assert not [t for t, n in graph_triples(store).items() if n > 1]
    rebuilt = StoreFolder(store)
    assert reference in rebuilt.graph_nquads(vocab.GRAPH_REFERENCE)
    assert shared not in rebuilt.graph_nquads(vocab.GRAPH_SHARED)
    assert rebuilt.graph_nquads(extra).splitlines() == [
        shared.rsplit(b" <", 1)[0] + f" <{extra}> .".encode()]


@pytest.mark.parametrize("subjects", [
    [],
    ["entity/a"],
    ["claim/1"],
    ["claim/1", "claim/2", "conflict/9"],
    ["article/x", "entity/b", "entity/c"],
    ["article/x", "claim/1", "entity/b", "mention/m1", "mention/m2", "zz"],
    ["entity/a", "mention/m1"],
    ["conflict/1", "entity/q", "proposition/p"],
])
def test_sharing_shareable_lines_are_found_in_sorted_bytes_as_line_by_line(
        subjects: list[str]) -> None:
    """``shareable_of`` skips whole blocks of minted subjects; it must keep what the
    line-by-line reading keeps, wherever the blocks fall (first, last, all, none)."""
    from sco_kg.graph.store import sharing

    iri = vocab.GRAPH + "test"
    lines = sorted(f"<{vocab.ID}{s}> <{vocab.SCO}p> \"{n}\" <{iri}> .\n"
                   for n, s in enumerate(subjects))
    body = "".join(lines).encode()
    assert sharing.shareable_of(body, iri) == sharing.shareable(sharing.triples(body, iri))
