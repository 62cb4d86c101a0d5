"""Articles -> extraction -> quads -> derived facts -> store, built aside and then swapped in.

The one place that composes the loader. A bad article costs only that article: its error is
recorded as ``path:line:col: message`` and the rest still load. The new store is written to a
sibling folder and renamed over the old one only when complete, so a failed or interrupted
build leaves the previous graph untouched.

Extraction runs per article, in a process pool with ``jobs > 1``; each worker turns its
article straight into quads (an article's IRIs depend only on its text and the catalogue), so
only N-Quads bytes cross the process boundary, and beside them the article's figures as values
(``ClaimedFigure``), all the derived facts need. Each article's graph is written to its file as
it arrives, its figures to a small file beside it, and only the figures stay in memory, so a
build's memory does not grow with the corpus the way a store holding every quad does (2 GB at
1,000 articles). A rebuild reuses the graph and figures of every article whose sha256 is
unchanged, as long as the rules (catalogue, lexicons, ontology, extractor version) are
unchanged too; derived facts are recomputed from the figures of the article graphs as written,
in a forked child that runs beside the writing of the graph files (``beside.py``).
Graphs added by ``load`` or ``link`` are carried over, but figures stated in them are not
compared: derive reads the articles' statements, never RDF.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .articles.reading import MAX_ARTICLE_BYTES, Article, iter_article_paths, read_article
from .beside import Beside
from .errors import ArticleError, SCOKGError
from .extract import extract
from .lexicon import Lexicon, load_lexicon
from .rdf import claimed, vocab
from .rdf.catalogue import Catalogue, catalogue_path, load_catalogue
from .rdf.claimed import ClaimedFigure
from .rdf.derive import derived_nquads_of_rows
from .rdf.quads import ArticleGraph, provenance_quads, reference_lookup_keys
from .statements.model import Extraction
from .store import sharing
from .store.nquads import canonical_nquads
from .store.oxigraph import (
    StoreFolder,
    StoreFolderWriter,
    remove_leftovers,
    swap_in,
)
from .store.records import record_json

EXTRACTOR_VERSION = "0.1.0"
_CHUNK = 8  # articles a worker extracts per task (about 3 MB of N-Quads)
_ARTICLE_GRAPHS = vocab.GRAPH + "article/"
_BUILT_PREFIXES = (_ARTICLE_GRAPHS, vocab.GRAPH_ONTOLOGY, vocab.GRAPH_REFERENCE,
                   vocab.GRAPH_DERIVED, vocab.GRAPH_PROVENANCE, vocab.GRAPH_SHARED)


@dataclass
class BuildReport:
    """What a build did: quads per article, what changed, and every article that failed."""

    articles: dict[str, int] = field(default_factory=dict)
    errors: list[ArticleError] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    quads: int = 0
    store: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Extracted:
    name: str
    stem: str
    sha256: str
    nquads: bytes = b""
    stated: bytes = b""  # its shareable triples (store/sharing.py), as N-Triples
    keys: bytes = b""  # their keys in the attestation index, an array("q")
    figures: tuple[ClaimedFigure, ...] = ()  # all the derived facts need
    # (path, line, column, message): ArticleError itself does not survive pickling
    error: tuple[str, int, int, str] | None = None


def extract_article(article: Article, catalogue: Catalogue, lexicon: Lexicon) -> Extraction:
    """Run extraction over one article (pure; the caller read the file)."""
    return extract(article.text, stem=article.stem, catalogue=catalogue, lexicon=lexicon,
                   front_matter=article.front_matter, body_start=article.body_start)


def entity_iris(catalogue: Catalogue, extractions: Iterable[Extraction]) -> dict[str, str]:
    """Every entity key -> its IRI; the catalogue's keys win over extracted ones."""
    iris: dict[str, str] = {}
    for extraction in extractions:
        for entity in extraction.entities:
            iris.setdefault(entity.key, vocab.entity_iri(entity.kind, entity.key))
    iris.update({entry.key: entry.iri for entry in catalogue.entries})
    return iris


def article_quads(article: Article, extraction: Extraction, catalogue: Catalogue) -> list[ox.Quad]:
    """The named graph of one article."""
    return ArticleGraph(article, extraction, entity_iris(catalogue, [extraction])).quads()


def ontology_file(name: str) -> Path:
    return Path(str(resources.files("sco_kg.ontology").joinpath(name)))


def static_graphs() -> dict[str, list[ox.Quad]]:
    """The ontology and the curated reference data, each in its own named graph."""
    graphs = {}
    for iri, name in ((vocab.GRAPH_ONTOLOGY, "sco.ttl"), (vocab.GRAPH_REFERENCE, "entities.ttl")):
        path = ontology_file(name)
        if path.exists():
            node = ox.NamedNode(iri)
            graphs[iri] = [ox.Quad(t.subject, t.predicate, t.object, node)
                           for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    reference = graphs.get(vocab.GRAPH_REFERENCE)
    if reference:
        node = ox.NamedNode(vocab.GRAPH_REFERENCE)
        reference += [ox.Quad(s, p, o, node) for s, p, o in reference_lookup_keys(reference)]
    return graphs


def rules_digest() -> str:
    """Changes whenever anything that shapes extraction output changes."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    lexicon_dir = resources.files("sco_kg.graph.lexicon")
    files = [ontology_file("entities.ttl"), ontology_file("sco.ttl")]
    files += sorted((Path(str(p)) for p in lexicon_dir.iterdir() if p.name.endswith(".jsonl")),
                    key=lambda p: p.name)
    for path in files:
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# -- per-article work (runs in worker processes with jobs > 1) --------------------------------

_RULES: tuple[Catalogue, Lexicon] | None = None


def _load_rules(catalogue: Catalogue | None = None, lexicon: Lexicon | None = None) -> None:
    global _RULES  # one copy per worker process, set by the pool initializer
    _RULES = (catalogue or load_catalogue(catalogue_path()), lexicon or load_lexicon())


def _extract_one(path: Path) -> _Extracted:
    assert _RULES is not None
    catalogue, lexicon = _RULES
    try:
        article = read_article(path)
    except ArticleError as exc:
        return _Extracted(path.name, path.stem, "",
                          error=(exc.path, exc.line, exc.column, exc.message))
    try:
        extraction = extract_article(article, catalogue, lexicon)
        graph = ArticleGraph(article, extraction, entity_iris(catalogue, [extraction]))
        quads, figures = graph.unordered_quads(), graph.claimed_figures()  # sorted below
    except Exception as exc:  # noqa: BLE001 - a rule that tripped on this text only
        error = (str(path), 1, 1, f"extraction failed: {exc!r}")
        return _Extracted(article.name, article.stem, article.sha256, error=error)
    nquads = canonical_nquads(quads)
    stated = sharing.shareable(sharing.triples(nquads, graph.graph.value))
    return _Extracted(article.name, article.stem, article.sha256, nquads, b"".join(stated),
                      sharing.keys_of(stated), tuple(figures))


def _extract_all(paths: list[Path], jobs: int, on_article: Callable[[str], None] | None,
                 catalogue: Catalogue | None, lexicon: Lexicon | None) -> Iterator[_Extracted]:
    if not paths:  # nothing to extract: the rules (about 0.5 s of regex compiling) stay unread
        return
    if jobs <= 1 or len(paths) < 2:
        _load_rules(catalogue, lexicon)
        for path in paths:
            yield _extract_one(path)
            if on_article:
                on_article(path.name)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_load_rules,
                             initargs=(catalogue, lexicon)) as pool:
        # A chunk's graphs travel back as one message: a bounded chunk keeps that message,
        # and so a worker's memory, the same size however many articles there are.
        chunk = min(_CHUNK, max(1, len(paths) // (jobs * 8)))
        for result in pool.map(_extract_one, paths, chunksize=chunk):
            yield result
            if on_article:
                on_article(result.name)


# -- the build ------------------------------------------------------------------------------

def build(seeds: Path, store_path: Path, *, jobs: int = 1, full: bool = False,
          on_article: Callable[[str], None] | None = None,
          catalogue: Catalogue | None = None, lexicon: Lexicon | None = None,
          max_article_bytes: int = MAX_ARTICLE_BYTES) -> BuildReport:
    """Build the graph from every ``.txt`` article in ``seeds`` into ``store_path``.

    Every triple ends up in exactly one named graph (``store/sharing.py``): an incremental
    build moves only the triples whose attestations changed and rewrites only the graphs that
    gain or lose one.

    Args:
        jobs: worker processes for extraction.
        full: re-extract every article even when it and the rules are unchanged.
        max_article_bytes: a larger article file is left out with an error (the rules are
            written for news articles; a 20 MB file ran for minutes).

    Raises:
        SCOKGError: nothing could be built (no folder, or not one article loaded).
    """
    report = BuildReport(store=str(store_path))
    files = _within_size(_one_file_per_graph(list(iter_article_paths(seeds)), report),
                         max_article_bytes, report)
    digest = rules_digest()
    previous = _previous_build(store_path) if not full else None
    reusable = previous.reusable(digest) if previous else {}
    to_extract = []
    stats: dict[str, list[int]] = {}  # file name -> what stat says of it, when settled
    settled = time.time_ns() - _SETTLED_NS
    for path, info in files:
        known = reusable.get(path.name)
        stat = [info.st_size, info.st_mtime_ns, info.st_ino]
        if info.st_mtime_ns < settled:
            stats[path.name] = stat
        if known and (previous is not None and previous.stats.get(path.name) == stat
                      or known[1] == hashlib.sha256(path.read_bytes()).hexdigest()):
            report.unchanged.append(path.name)
            if on_article:
                on_article(path.name)
        else:
            to_extract.append(path)
    names = {path.name for path, _ in files}
    report.removed = sorted(n for n in (previous.articles if previous else {}) if n not in names)
    kept = previous.folder if previous else _open_folder(store_path)
    _remove_abandoned_builds(store_path)
    aside = store_path.with_name(f"{store_path.name}.building-{os.getpid()}")
    aside.parent.mkdir(parents=True, exist_ok=True)
    deriving: Beside[bytes] | None = None
    try:
        writer = StoreFolderWriter(aside)
        attestations = sharing.Attestations(
            aside, previous.folder.path if previous and reusable else None)
        carried = list(_carried_graphs(kept))
        # article graph IRI -> its figures (as derive reads them); two files, one graph: the
        # last one written wins
        figures: dict[str, list[claimed.Row]] = {}
        encoded: dict[str, bytes] = {}  # article graph IRI -> its figures file, when written
        digests: dict[str, str] = {}  # article graph IRI -> its figures file's digest
        cached = _figure_rows(previous.folder) if previous and reusable else {}
        articles: dict[str, tuple[str, str]] = {}  # file name -> (graph IRI, sha256)
        counts: dict[str, int] = {}  # article graph IRI -> its quads
        before = set(previous.graph_iris) if reusable and previous else set()
        for item in _extract_all(to_extract, jobs, on_article, catalogue, lexicon):
            if item.error:
                report.errors.append(ArticleError(*item.error))
                continue
            iri = vocab.article_graph(item.stem)
            if iri in figures:  # a second file for one graph: the first one's triples go
                attestations.forget(iri, previous=False)
            elif iri in before:
                attestations.forget(iri, previous=True)
            encoded[iri] = claimed.encode(item.figures)
            digests[iri] = hashlib.sha256(encoded[iri]).hexdigest()[:8]
            counts[iri] = writer.write(iri, item.nquads, figures=encoded[iri])
            attestations.attest(iri, item.stated.splitlines(keepends=True),
                                array("q", item.keys))
            figures[iri] = [claimed.row(f) for f in item.figures]
            articles[item.name] = (iri, item.sha256)
            known_before = previous.articles.get(item.name) if previous else None
            (report.changed if known_before else report.added).append(item.name)
        written = set(figures)
        carried_over: list[str] = []  # graphs kept as they were
        for name in report.unchanged:
            assert previous is not None  # nothing is unchanged without a previous build
            iri = reusable[name][0]
            articles[name] = reusable[name]
            if iri in written:
                continue
            carried_over.append(iri)
            digests[iri] = _figures_digest(previous.folder.entry(iri))
            held = cached.get((iri, digests[iri]))
            figures[iri] = held if held is not None else [claimed.row(f) for f in claimed.decode(
                previous.folder.graph_figures(iri) or b"")]
        if not figures:
            raise SCOKGError(f"no article could be loaded from {seeds}"
                             + "".join(f"\n  {e}" for e in report.errors))
        deriving = Beside(derived_nquads_of_rows,
                          [f for each in figures.values() for f in each])
        for iri in carried_over:
            assert previous is not None
            counts[iri] = writer.keep(iri, previous.folder)
            attestations.keep(iri)
        for iri in sorted(before - set(figures)):
            attestations.forget(iri, previous=True)
        _write_figure_rows(aside, figures, digests)
        _write_build_record(aside, digest, articles,
                            {n: stats[n] for n in articles if n in stats})
        stems = [iri.rsplit("/", 1)[-1] for iri in figures]
        provenance = canonical_nquads(_provenance(stems, digest))
        graphs = set(figures)  # every article graph of this build
        del figures  # from here on nothing needs the figures
        # The derived graph is written last, when its process is done: it states facts about
        # claims and conflicts alone, nodes minted for one graph, so it shares no triple with
        # any other graph and nothing settled here depends on it (checked below).
        carried.append((vocab.GRAPH_PROVENANCE, provenance))
        carried = list(sharing.disjoint(carried))
        for iri, body in carried:
            writer.write(iri, body)
        carried_now = sharing.shareable_triples(carried)

        def rewrite(iri: str, body: bytes) -> None:
            """Write an article graph again, less the triples it now shares."""
            kept_figures = encoded.get(iri)
            if kept_figures is None:
                assert previous is not None
                kept_figures = previous.folder.graph_figures(iri) or b""
            counts[iri] = writer.write(iri, body, figures=kept_figures)

        shared: bytes | None
        if attestations.incremental:
            assert previous is not None
            folder = previous.folder
            present = set(folder.graphs())
            rewritten, shared = sharing.settle_incremental(
                attestations, written=sorted(written), kept=graphs - written,
                owners=({sharing.graph_id(i): i for i in before},
                        {sharing.graph_id(i): i for i in graphs}),
                carried=(attestations.carried_before(), carried_now),
                read=writer.graph_nquads,
                read_previous=lambda i: (folder.graph_nquads(i) if i in present
                                         else b""))
            if shared is None and vocab.GRAPH_SHARED in present:
                writer.keep(vocab.GRAPH_SHARED, folder)
            for iri, body in rewritten.items():
                rewrite(iri, body)
        else:
            shared = sharing.settle_full(attestations, sorted(written), carried_now,
                                         writer.graph_nquads, rewrite)
        if shared is not None:
            writer.write(vocab.GRAPH_SHARED, shared)
        attestations.close(carried_now)
        encoded.clear()
        report.articles = {name: counts[iri] for name, (iri, _) in sorted(articles.items())}
        derived = deriving.result()
        if sharing.shareable_of(derived, vocab.GRAPH_DERIVED):
            raise RuntimeError("the derived graph states a triple about a node other graphs "
                               "may state it of too: derive must write minted nodes alone")
        writer.write(vocab.GRAPH_DERIVED, derived)
        writer.commit(disjoint_graphs=True)
        report.quads = len(writer)
        swap_in(aside, store_path)
    except BaseException:
        if deriving is not None:
            deriving.stop()
        shutil.rmtree(aside, ignore_errors=True)
        raise
    return report


def _within_size(paths: list[Path], limit: int,
                 report: BuildReport) -> list[tuple[Path, os.stat_result]]:
    """The article files no larger than ``limit`` bytes, with what ``stat`` says of each (the
    build reads it once); each larger file is an error."""
    kept = []
    for path in paths:
        info = os.stat(path)
        if info.st_size > limit:
            report.errors.append(ArticleError(
                str(path), 1, 1, f"{info.st_size:,} bytes, over the limit of {limit:,} for one "
                "article (sco-kg build --max-article-bytes)"))
        else:
            kept.append((path, info))
    return kept


def _one_file_per_graph(paths: list[Path], report: BuildReport) -> list[Path]:
    """The article files to build, leaving out (with an error) any whose graph IRI is taken.

    Two names can still slug alike ("A b.txt", "a-b.txt"); without this the second file's
    graph would silently replace the first's. The first in name order is kept, so the choice
    does not depend on the order the file system lists them.
    """
    owners: dict[str, Path] = {}
    kept = []
    for path in sorted(paths, key=lambda p: p.name):
        iri = vocab.article_graph(path.stem)
        if iri in owners:
            report.errors.append(ArticleError(
                str(path), 1, 1, f"its graph IRI {iri} is already {owners[iri].name}'s; "
                "rename one of the two files"))
            continue
        owners[iri] = path
        kept.append(path)
    return kept


@dataclass
class _PreviousBuild:
    folder: StoreFolder
    rules: str
    articles: dict[str, tuple[str, str]]  # file name -> (graph IRI, sha256)
    # file name -> (size, mtime in ns, inode) when its sha256 was taken
    stats: dict[str, list[int]] = field(default_factory=dict)

    @property
    def graph_iris(self) -> set[str]:
        return {iri for iri, _ in self.articles.values()}

    def reusable(self, rules: str) -> dict[str, tuple[str, str]]:
        """The articles whose graph and figures a build under ``rules`` may keep as they are."""
        if self.rules != rules or not sharing.Attestations.exists(self.folder.path):
            return {}
        return {name: known for name, known in self.articles.items()
                if "figures" in self.folder.entry(known[0])}


_RECORD = "build.json"
_SETTLED_NS = 2_000_000_000  # a file this much older than the build is not being written
_FIGURE_ROWS = "figures.rows"  # every article graph's figures as derive reads them, one blob


def _write_figure_rows(folder: Path, figures: dict[str, list[claimed.Row]],
                       digests: dict[str, str]) -> None:
    """Every article graph's figures in one file, so a rebuild reads one file, not one a graph.

    Each graph's rows are keyed by the digest of its figures file (which the file's name in the
    manifest holds): rows that do not match the manifest are never used.
    """
    blob = claimed.encode_rows({f"{digests[iri]} {iri}": rows for iri, rows in figures.items()})
    (folder / _FIGURE_ROWS).write_bytes(blob)


def _figures_digest(entry: dict) -> str:
    """The digest a manifest entry's figures file name holds (``StoreFolderWriter.write``)."""
    return str(entry.get("figures", "")).removesuffix(".figures.jsonl").rsplit("-", 1)[-1]


def _figure_rows(folder: StoreFolder) -> dict[tuple[str, str], list[claimed.Row]]:
    """(graph IRI, figures digest) -> rows, as the build that wrote ``folder`` left them."""
    try:
        blob = (folder.path / _FIGURE_ROWS).read_bytes()
    except OSError:
        return {}
    found = {}
    for key, rows in claimed.decode_rows(blob).items():
        name, _, iri = key.partition(" ")
        found[(iri, name)] = rows
    return found


def _write_build_record(folder: Path, rules: str, articles: dict[str, tuple[str, str]],
                        stats: dict[str, list[int]]) -> None:
    """What the next build needs to know of this one, so that it reads no graph file for it.

    ``stats`` (size, mtime, inode of each article file whose sha256 the record holds) let the
    next build skip reading a file stat says is unchanged; a file modified less than
    ``_SETTLED_NS`` before the build started is left out, so a write in the same clock tick
    as the build is never missed (git's "racy" index entries).
    """
    record = {"rules": rules, "articles": {n: list(v) for n, v in sorted(articles.items())},
              "stats": dict(sorted(stats.items()))}
    (folder / _RECORD).write_text(record_json(record), "utf-8")


def _previous_build(store_path: Path) -> _PreviousBuild | None:
    """What the last build left: its rules digest and each article's graph and sha256.

    Read from the build record beside the manifest (a folder without one, from an older
    build or written by ``load``, reuses nothing but its carried graphs).
    """
    folder = _open_folder(store_path)
    if folder is None:
        return None
    try:
        record = json.loads((store_path / _RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return _PreviousBuild(folder, "", {})
    present = set(folder.graphs())
    articles = {name: (iri, sha) for name, (iri, sha) in record["articles"].items()
                if iri in present}
    stats = {name: stat for name, stat in record.get("stats", {}).items() if name in articles}
    return _PreviousBuild(folder, record["rules"], articles, stats)


def _open_folder(store_path: Path) -> StoreFolder | None:
    if not (store_path / "manifest.json").exists():
        return None
    return StoreFolder(store_path)


def _carried_graphs(kept: StoreFolder | None) -> Iterator[tuple[str, bytes]]:
    """The ontology and reference graphs, then those a rebuild carries over (``load``, ``link``)."""
    for iri, quads in static_graphs().items():
        yield iri, canonical_nquads(quads)
    if kept is None:
        return
    for iri in kept.graphs():
        if not iri.startswith(_BUILT_PREFIXES):
            yield iri, kept.graph_nquads(iri)


def _provenance(stems: list[str], digest: str) -> list[ox.Quad]:
    provenance = list(provenance_quads(stems, EXTRACTOR_VERSION))
    activity = ox.NamedNode(vocab.extraction_activity_iri(EXTRACTOR_VERSION))
    provenance.append(ox.Quad(activity, ox.NamedNode(vocab.SCO + "rulesDigest"),
                              ox.Literal(digest), ox.NamedNode(vocab.GRAPH_PROVENANCE)))
    return provenance


def _remove_abandoned_builds(store_path: Path) -> None:
    """Folders left by builds that were killed (SIGKILL cannot be cleaned up after)."""
    remove_leftovers(store_path)
    for folder in store_path.parent.glob(f"{store_path.name}.building-*"):
        pid = folder.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_remote(seeds: Path, spec: str, *, jobs: int = 1,
                 on_article: Callable[[str], None] | None = None,
                 max_article_bytes: int = MAX_ARTICLE_BYTES) -> BuildReport:
    """Build into a remote SPARQL 1.1 store (``sparql+http://...``).

    The graph is built in a local scratch folder first (so a failed build sends nothing), then
    each built graph's canonical N-Quads go from its file to the remote as bytes, in bulk and
    in parallel (``RemoteStore.replace_nquads``: N-Quads POST, else Graph Store Protocol PUT,
    else SPARQL Update); graphs a build makes that this one did not (articles no longer in
    ``seeds``) are dropped after;
    graphs the build does not make (``load``, ``link``) are left alone. ``quads`` in the report
    counts the quads sent, not the remote's total (which would cost a scan of it).

    Raises:
        StoreError: the spec names no remote store, or the remote refused a request.
    """
    import tempfile
    from functools import partial

    from .errors import StoreError
    from .store import open_store
    from .store.remote import RemoteStore

    remote = open_store(spec, create=True)
    if not isinstance(remote, RemoteStore):
        raise StoreError(f"not a remote store: {spec}")
    with tempfile.TemporaryDirectory(prefix="sco-kg-build-") as scratch:
        report = build(seeds, Path(scratch) / "store", jobs=jobs, full=True,
                       on_article=on_article, max_article_bytes=max_article_bytes)
        folder = StoreFolder(Path(scratch) / "store")
        built = {g: partial(folder.graph_nquads, g) for g in folder.graphs()
                 if g.startswith(_BUILT_PREFIXES)}
        stale = [g for g in remote.graphs() if g.startswith(_BUILT_PREFIXES) and g not in built]
        report.quads = remote.replace_nquads(built, remove=stale)
    report.store = spec
    return report
