"""The loader end to end: bad input, atomic swap, determinism, exact provenance."""

from __future__ import annotations

import difflib
import io
import itertools
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.build import build
from sco_kg.graph.errors import SCOKGError
from sco_kg.graph.statements.model import Span
from sco_kg.graph.store import Store, open_store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

GOOD = """---
title: Ministers prepare the summit
publisher: Xinhua
date: 2025-08-20
---
TIANJIN, Aug. 20 -- Foreign ministers of the Shanghai Cooperation Organization met on Wednesday.
"We will make the organization stronger and more efficient," said Wang Yi, China's foreign minister.
"""


def nquads(store: Store) -> bytes:
    out = io.BytesIO()
    store.dump("nq", out)
    return out.getvalue()


def test_build_reports_broken_articles_by_file_and_line_and_loads_the_rest(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    (seeds / "latin1.txt").write_bytes(b"First line.\nCaf\xe9 society met.\n")
    (seeds / "yaml.txt").write_text("---\ntitle: [oops\n---\nBody.\n", "utf-8")
    report = build(seeds, tmp_path / "store")
    assert sorted(report.articles) == ["good.txt"]
    assert sorted(str(e).split(": ")[0] for e in report.errors) == [
        f"{seeds / 'latin1.txt'}:2:4", f"{seeds / 'yaml.txt'}:3:1"]
    store = open_store(str(tmp_path / "store"), read_only=True)
    assert any(g.endswith("/article/good") for g in store.graphs())


def test_build_that_fails_leaves_the_previous_store_untouched(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    build(seeds, tmp_path / "store")
    before = nquads(open_store(str(tmp_path / "store")))
    (seeds / "good.txt").write_bytes(b"\xff\xfe broken")
    with pytest.raises(SCOKGError, match="no article could be loaded"):
        build(seeds, tmp_path / "store")
    assert nquads(open_store(str(tmp_path / "store"))) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "store"]


def test_build_twice_gives_byte_identical_nquads(tmp_path: Path, seed_store: Store) -> None:
    build(SEEDS, tmp_path / "again")
    assert nquads(open_store(str(tmp_path / "again"))) == nquads(seed_store)


def test_build_keeps_graphs_added_by_load_across_rebuilds(tmp_path: Path) -> None:
    from sco_kg.graph.store.loading import load_file

    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    build(seeds, tmp_path / "store")
    extra = tmp_path / "extra.ttl"
    extra.write_text("<http://example.org/a> <http://example.org/p> 1 .\n", "utf-8")
    load_file(extra, "http://example.org/extra", str(tmp_path / "store"))
    build(seeds, tmp_path / "store")
    assert "http://example.org/extra" in open_store(str(tmp_path / "store")).graphs()


def test_build_every_evidence_span_slices_its_article_back(seed_store: Store) -> None:
    rows = list(seed_store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <http://schema.org/>
        SELECT ?text ?start ?end ?exact WHERE {
          ?m oa:hasSource ?article ; oa:hasSelector ?pos, ?quote .
          ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact .
          ?article schema:text ?text }"""))
    assert len(rows) > 100
    texts = {}
    for row in rows:
        text = texts.setdefault(row["text"].value, row["text"].value)
        start, end = int(row["start"].value), int(row["end"].value)
        assert text[start:end] == row["exact"].value


def test_build_spans_match_the_article_files_themselves(seed_store: Store) -> None:
    rows = seed_store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX schema: <http://schema.org/>
        SELECT ?name ?start ?end ?exact WHERE {
          ?m oa:hasSource ?article ; oa:hasSelector ?pos, ?quote .
          ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact .
          ?article schema:identifier ?name }""")
    files = {p.name: p.read_bytes().decode("utf-8") for p in SEEDS.glob("*.txt")}
    checked = 0
    for row in rows:
        text = files[row["name"].value]
        assert text[int(row["start"].value):int(row["end"].value)] == row["exact"].value
        checked += 1
    assert checked > 100


def test_build_tolerates_a_copied_store_folder(tmp_path: Path, seed_store_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(seed_store_path, copy)
    assert len(open_store(str(copy))) == len(open_store(str(seed_store_path)))


def test_build_ontology_makes_schema_types_reachable(seed_store: Store) -> None:
    for klass in ("Person", "Organization", "Country", "Place", "Event", "Claim", "NewsArticle"):
        answer = seed_store.query(
            "PREFIX schema: <http://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"
            f" ASK {{ ?x a/rdfs:subClassOf* schema:{klass} }}")
        assert bool(answer), klass
    assert isinstance(seed_store.query("ASK {}"), ox.QueryBoolean)


def test_build_incremental_reextracts_only_changed_articles_and_matches_a_full_build(
        tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    shutil.copytree(SEEDS, seeds)
    store = tmp_path / "store"
    first = build(seeds, store, jobs=2)
    assert len(first.added) == 5 and not first.unchanged
    changed = seeds / "004_80eedcbff0df424f.txt"
    changed.write_text(changed.read_text("utf-8") + "\nEditor: someone else\n", "utf-8")
    (seeds / "002_aff7c5dfbbd39b69.txt").unlink()
    second = build(seeds, store)
    assert second.changed == ["004_80eedcbff0df424f.txt"]
    assert second.removed == ["002_aff7c5dfbbd39b69.txt"]
    assert len(second.unchanged) == 3 and not second.added
    build(seeds, tmp_path / "full", full=True)
    assert nquads(open_store(str(store))) == nquads(open_store(str(tmp_path / "full")))


def test_build_rebuild_trusts_stat_for_settled_files_and_still_sees_every_change(
        tmp_path: Path) -> None:
    """A settled file stat says is unchanged is not read again; any change still is (issue 17)."""
    import os
    import time

    seeds = tmp_path / "articles"
    shutil.copytree(SEEDS, seeds)
    old = time.time() - 3600
    for path in seeds.iterdir():
        os.utime(path, (old, old))
    store = tmp_path / "store"
    build(seeds, store)
    edited = seeds / "004_80eedcbff0df424f.txt"
    touched = sorted(p for p in seeds.iterdir() if p != edited)[0]
    edited.write_text(edited.read_text("utf-8") + "\nEditor: someone else\n", "utf-8")
    os.utime(touched)  # a new mtime, the same text
    (store / "figures.rows").write_bytes(b"not a marshal blob")  # never trusted blindly
    report = build(seeds, store)
    assert report.changed == [edited.name]
    assert touched.name in report.unchanged and len(report.unchanged) == 4
    again = build(seeds, store)
    assert len(again.unchanged) == 5
    build(seeds, tmp_path / "full", full=True)
    assert nquads(open_store(str(store))) == nquads(open_store(str(tmp_path / "full")))


def test_build_with_a_process_pool_gives_the_same_graph(tmp_path: Path, seed_store: Store) -> None:
    build(SEEDS, tmp_path / "pooled", jobs=2)
    assert nquads(open_store(str(tmp_path / "pooled"))) == nquads(seed_store)


RIVAL_FIGURE = """
@prefix sco: <https://w3id.org/sco-kg/ontology#> . @prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/claim/1> sco:asserts <https://example.org/prop/1> ;
    sco:reportedIn <https://example.org/article/1> .
<https://example.org/prop/1> sco:measure <https://w3id.org/sco-kg/id/measure/gdp-growth-rate> ;
    schema:value "5.9"^^xsd:decimal ; schema:unitText "percent" ; sco:valueQualifier sco:Exactly ;
    sco:quantityKind sco:Level ; sco:subject <https://w3id.org/sco-kg/id/org/sco> ;
    sco:referencePeriod "2016"^^xsd:gYear .
"""


def derived_from_the_article_graphs(path: Path) -> set[ox.Quad]:
    """What derive gives over the figures one SPARQL join finds in the article graphs built
    (and the shared graph, which holds what two or more of them state)."""
    from sparql_join import figures_by_sparql_join

    from sco_kg.graph.rdf import vocab
    from sco_kg.graph.rdf.derive import derived_quads
    from sco_kg.graph.store.oxigraph import OxigraphStore, StoreFolder

    folder, store = StoreFolder(path), OxigraphStore()
    # facts several articles state live once, in the shared graph (store/sharing.py)
    store.load_nquads({g: folder.graph_nquads(g) for g in folder.graphs()
                       if g.startswith(vocab.GRAPH + "article/") or g == vocab.GRAPH_SHARED})
    return set(derived_quads(figures_by_sparql_join(store)))


def derived_graph(path: Path) -> set[ox.Quad]:
    from sco_kg.graph.rdf import vocab

    return set(open_store(str(path)).quads(vocab.GRAPH_DERIVED))


def a_corroborated_figure(store: Path) -> tuple[str, Span]:
    """(article file name, span) of a figure another article's figure corroborates."""
    from sco_kg.graph.rdf import claimed, vocab
    from sco_kg.graph.store.oxigraph import StoreFolder

    corroborated = {q.subject.value for q in derived_graph(store)
                    if q.predicate.value == vocab.SCO + "corroborates"}
    folder = StoreFolder(store)
    for graph in folder.graphs():
        for item in claimed.decode(folder.graph_figures(graph) or b""):
            if item.claim in corroborated and any(c.isdigit() for c in item.figure.span.text):
                stem = graph.rsplit("/", 1)[-1]
                return next(p.name for p in SEEDS.glob("*.txt")
                            if vocab.slug(p.stem) == stem), item.figure.span
    raise AssertionError("no corroborated figure in the seeds")


def test_build_incremental_rebuild_gives_the_bytes_of_a_full_build(tmp_path: Path) -> None:
    from sco_kg.graph.store.loading import load_file

    seeds = tmp_path / "articles"
    shutil.copytree(SEEDS, seeds)
    store, full = tmp_path / "store", tmp_path / "full"
    build(seeds, store)
    derived_before = derived_graph(store)
    rival = tmp_path / "rival.ttl"
    rival.write_text(RIVAL_FIGURE, "utf-8")
    load_file(rival, "http://example.org/rival", str(store))
    name, span = a_corroborated_figure(store)
    text = (seeds / name).read_text("utf-8")
    assert text[span.start:span.end] == span.text
    changed = span.text.replace(next(c for c in span.text if c.isdigit()), "7", 1)
    (seeds / name).write_text(text[:span.start] + changed + text[span.end:], "utf-8")
    report = build(seeds, store, jobs=2)
    assert len(report.unchanged) == 4 and report.changed == [name]
    build(seeds, full, full=True)
    load_file(rival, "http://example.org/rival", str(full))
    assert nquads(open_store(str(store))) == nquads(open_store(str(full)))
    derived = derived_graph(store)
    assert derived != derived_before
    assert derived == derived_from_the_article_graphs(store)
    # figures in a graph loaded with `load` are not the articles' statements: not compared
    assert not any(q.object == ox.NamedNode("https://example.org/claim/1") for q in derived)
    assert report.quads == len(open_store(str(store)))


def test_build_two_files_for_one_graph_keeps_the_first_and_names_the_second(
        tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    for name, source in (("a_b.txt", "003_f03eb4a15585b205.txt"),
                         ("a-b.txt", "000_06374103224dc2f7.txt"),
                         ("other.txt", "001_8438cd47661c1e0d.txt")):
        shutil.copy(SEEDS / source, seeds / name)
    for jobs in (1, 2):  # and again, from the graph and figures kept
        report = build(seeds, tmp_path / "store", jobs=jobs)
        assert sorted(report.articles) == ["a-b.txt", "other.txt"]
        (error,) = report.errors
        assert str(error).startswith(f"{seeds / 'a_b.txt'}:1:1: ")
        assert "a-b.txt" in str(error) and "rename" in str(error)
        assert derived_graph(tmp_path / "store") == derived_from_the_article_graphs(
            tmp_path / "store")


def test_build_names_that_fold_to_one_slug_keep_their_own_graphs(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    for name in ("\u62a5\u544a.txt", "\u65b0\u95fb.txt", "caf\u00e9.txt"):  # CJK and Latin-1
        (seeds / name).write_text(GOOD, "utf-8")
    report = build(seeds, tmp_path / "store")
    assert not report.errors and len(report.articles) == 3
    articles = [g for g in open_store(str(tmp_path / "store"), read_only=True).graphs()
                if "/graph/article/" in g]
    assert len(articles) == 3
    assert any(g.endswith("/article/cafe") for g in articles)  # folds whole: stays readable
    assert sum(g.rsplit("/", 1)[-1].startswith("x-") for g in articles) == 2


INVENTED = """---
title: Ministers meet in Ruritania
publisher: Ruritania Herald
date: 2025-08-20
---
The Shanghai Cooperation Organization accounts for 44 percent of the world population, said \
Jan Novak, the bloc's secretary-general.
"Trade within the SCO grew by 12 percent in 2024," Jan Novak said.
The SCO is home to about {share} percent of the world population, Ruritania's foreign minister \
told reporters.
"""


def test_build_derives_from_the_extractions_own_figures(tmp_path: Path) -> None:
    """The figures a build stores and derives from are the ``Extraction``'s, value for value."""
    from sco_kg.graph.articles.reading import read_article
    from sco_kg.graph.build import extract_article
    from sco_kg.graph.lexicon import load_lexicon
    from sco_kg.graph.rdf import claimed, vocab
    from sco_kg.graph.rdf.catalogue import catalogue_path, load_catalogue
    from sco_kg.graph.rdf.derive import derived_quads
    from sco_kg.graph.store.oxigraph import StoreFolder

    seeds = tmp_path / "articles"
    seeds.mkdir()
    for stem, share in (("ruritania-a", "30"), ("ruritania-b", "44")):
        (seeds / f"{stem}.txt").write_text(INVENTED.format(share=share), "utf-8")
    build(seeds, tmp_path / "store", jobs=2)  # through the worker processes
    catalogue, lexicon = load_catalogue(catalogue_path()), load_lexicon()
    folder, stored = StoreFolder(tmp_path / "store"), []
    for path in sorted(seeds.iterdir()):
        extraction = extract_article(read_article(path), catalogue, lexicon)
        own = [f for claim in extraction.claims for f in claim.figures]
        figures = claimed.decode(folder.graph_figures(vocab.article_graph(path.stem)) or b"")
        assert len(own) >= 3
        assert [item.figure for item in figures] == own
        stored += figures
    derived = derived_graph(tmp_path / "store")
    assert any(q.predicate.value == vocab.SCO + "conflictsWith" for q in derived)
    assert derived == set(derived_quads(stored))


def test_build_in_a_process_pool_reports_a_broken_article(tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    (seeds / "other.txt").write_text(GOOD.replace("Wednesday", "Thursday"), "utf-8")
    (seeds / "latin1.txt").write_bytes(b"First line.\nCaf\xe9 society met.\n")
    report = build(seeds, tmp_path / "store", jobs=2)
    assert sorted(report.articles) == ["good.txt", "other.txt"]
    assert [str(e).split(": ")[0] for e in report.errors] == [f"{seeds / 'latin1.txt'}:2:4"]


GOLDEN_EXPORT = Path(__file__).resolve().parents[1] / "golden" / "seeds.nq"


def test_build_seeds_export_is_the_golden_one(seed_store: Store, update_golden: bool) -> None:
    """The seed build's sorted N-Quads, byte for byte (``pytest --update-golden`` rewrites
    ``tests/golden/seeds.nq``: do it only for an intended change, and review the diff)."""
    got = nquads(seed_store)
    if update_golden:
        GOLDEN_EXPORT.write_bytes(got)
    if not GOLDEN_EXPORT.exists():
        pytest.fail(f"no golden file {GOLDEN_EXPORT}; run pytest --update-golden and review it")
    expected = GOLDEN_EXPORT.read_bytes()
    if got != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(keepends=True),
                                    got.decode().splitlines(keepends=True),
                                    "golden/seeds.nq", "seed build", n=0)
        shown = "".join(line[:300] + ("…\n" if len(line) > 300 else "")
                        for line in itertools.islice(diff, 200))
        pytest.fail(f"the seed build's export changed (first 200 diff lines):\n{shown}")


def test_build_an_article_over_the_size_limit_is_an_error_and_the_rest_load(
        tmp_path: Path) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    (seeds / "huge.txt").write_text(GOOD + "Filler sentence for the test.\n" * 200, "utf-8")
    report = build(seeds, tmp_path / "store", max_article_bytes=2_000)
    assert sorted(report.articles) == ["good.txt"]
    [error] = report.errors
    assert str(error).startswith(f"{seeds / 'huge.txt'}:1:1") and "over the limit of 2,000" \
        in str(error) and "\n" not in str(error)


def test_build_stopped_by_sigterm_removes_its_folder_and_keeps_the_store(
        tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    build(seeds, tmp_path / "store")
    before = nquads(open_store(str(tmp_path / "store")))
    for i in range(400):  # enough articles that the build is still running when stopped
        (seeds / f"more-{i:03}.txt").write_text(GOOD.replace("Wednesday", f"day {i}"), "utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", "from sco_kg.server.cli import main; main()", "build",
         "--seeds", str(seeds), "--store", str(tmp_path / "store")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        # warnings are errors, except ResourceWarning: SIGTERM lands at any bytecode, also
        # inside the interpreter's own import machinery between opening a .pyc and its
        # `with`, and the file the collector then closes would print "Exception ignored"
        env={**os.environ, "PYTHONWARNINGS": "error,ignore::ResourceWarning"})
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("store.building-*")) and time.monotonic() < deadline:
        assert child.poll() is None, child.communicate()
        time.sleep(0.05)
    assert list(tmp_path.glob("store.building-*")), "the build never started writing"
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signal.SIGTERM, err
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "store"]
    assert nquads(open_store(str(tmp_path / "store"))) == before


def test_build_that_cannot_write_says_so_in_one_line_and_keeps_the_store(
        tmp_path: Path) -> None:
    """A full disk, reproduced with a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored): the
    write fails as it would on a full file system."""
    import os
    import resource
    import signal
    import subprocess
    import sys

    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    build(seeds, tmp_path / "store")
    before = nquads(open_store(str(tmp_path / "store")))
    for path in SEEDS.glob("*.txt"):  # articles whose graph files are larger than the limit
        shutil.copy(path, seeds / path.name)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = subprocess.run(
        [sys.executable, "-c", "from sco_kg.server.cli import main; main()", "build",
         "--seeds", str(seeds), "--store", str(tmp_path / "store")],
        preexec_fn=limit, capture_output=True, text=True,
        # warnings are errors, except ResourceWarning: SIGTERM lands at any bytecode, also
        # inside the interpreter's own import machinery between opening a .pyc and its
        # `with`, and the file the collector then closes would print "Exception ignored"
        env={**os.environ, "PYTHONWARNINGS": "error,ignore::ResourceWarning"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("Error:")]
    assert "File too large" in line and str(tmp_path / "store") in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "store"]
    assert nquads(open_store(str(tmp_path / "store"))) == before


def test_build_old_store_folder_goes_after_the_new_one_is_in_place(tmp_path: Path) -> None:
    """The previous folder is removed by a detached process, not by the build that replaced it;
    nothing is left once it is done."""
    import time

    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    build(seeds, tmp_path / "store")
    (seeds / "again.txt").write_text(GOOD + "\nThe talks went on for a second day.\n", "utf-8")
    report = build(seeds, tmp_path / "store")
    assert report.added == ["again.txt"]
    deadline = time.monotonic() + 30
    while len(list(tmp_path.iterdir())) > 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "store"]
    assert "again.txt" in build(seeds, tmp_path / "store").unchanged


def test_build_removes_old_folders_a_crash_left_but_not_one_being_removed(
        tmp_path: Path) -> None:
    import os
    import time

    from sco_kg.graph.store.oxigraph import remove_leftovers

    idle, busy = tmp_path / "store.old-1-2", tmp_path / "store.old-3-4"
    for folder in (idle, busy):
        (folder / "graphs").mkdir(parents=True)
        (folder / "graphs" / "g.nq").write_bytes(b"")
    an_hour_ago = time.time() - 3600
    for path in (idle, idle / "graphs"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    remove_leftovers(tmp_path / "store")
    assert not idle.exists()
    assert busy.exists()


def _derive_fails(rows: list) -> bytes:
    raise ValueError("a rule broke")


def _derive_shares(rows: list) -> bytes:
    from sco_kg.graph.rdf import vocab

    return (f"<{vocab.ID}entity/x> <{vocab.SCO}p> \"shared\" <{vocab.GRAPH_DERIVED}> .\n"
            ).encode()


@pytest.mark.parametrize(("derive", "message"), [
    (_derive_fails, "(?s)_derive_fails failed in its child process.*ValueError: a rule broke"),
    (_derive_shares, "the derived graph states a triple about a node other graphs"),
])
def test_build_whose_derive_fails_in_its_child_keeps_the_previous_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, derive: object, message: str) -> None:
    """Derive runs in a forked child (``beside.py``); its failure, or output that breaks the
    rule that derived triples are about minted nodes alone, fails the build like any other."""
    import sco_kg.graph.build as building

    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "good.txt").write_text(GOOD, "utf-8")
    build(seeds, tmp_path / "store")
    before = nquads(open_store(str(tmp_path / "store")))
    (seeds / "again.txt").write_text(GOOD + "\nThe talks went on for a second day.\n", "utf-8")
    monkeypatch.setattr(building, "derived_nquads_of_rows", derive)
    with pytest.raises(RuntimeError, match=message):
        build(seeds, tmp_path / "store")
    assert nquads(open_store(str(tmp_path / "store"))) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "store"]
