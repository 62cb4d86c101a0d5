"""Articles -> extraction -> quads -> derived facts -> store, built aside and then swapped in.

The one place that composes the loader. A bad article costs only that article: its error is
recorded as ``path:line:col: message`` and the rest still load. The new store is written to a
sibling folder and renamed over the old one only when complete, so a failed or interrupted
build leaves the previous graph untouched.

Extraction runs per article, in a process pool with ``jobs > 1``; each worker turns its
article straight into quads (an article's IRIs depend only on its text and the catalogue), so
only N-Quads bytes cross the process boundary. A rebuild reuses the graph of every article
whose sha256 is unchanged, as long as the rules (catalogue, lexicons, ontology, extractor
version) are unchanged too; derived facts are recomputed from the stored graphs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from . import vocab
from .articles import Article, iter_article_paths, read_article
from .catalogue import Catalogue, catalogue_path, load_catalogue
from .derive import claimed_figures, derived_quads
from .errors import ArticleError, SCOKGError
from .extract import extract
from .lexicon import Lexicon, load_lexicon
from .rdf import ArticleGraph, provenance_quads
from .statements import Extraction
from .store.oxigraph import OxigraphStore, canonical_nquads, swap_in

EXTRACTOR_VERSION = "0.1.0"
_BUILT_PREFIXES = (vocab.GRAPH + "article/", vocab.GRAPH_ONTOLOGY, vocab.GRAPH_REFERENCE,
                   vocab.GRAPH_DERIVED, vocab.GRAPH_PROVENANCE)


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
    error: ArticleError | None = None


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
        return _Extracted(path.name, path.stem, "", error=exc)
    try:
        quads = article_quads(article, extract_article(article, catalogue, lexicon), catalogue)
    except Exception as exc:  # noqa: BLE001 - a rule that tripped on this text only
        error = ArticleError(str(path), 1, 1, f"extraction failed: {exc!r}")
        return _Extracted(article.name, article.stem, article.sha256, error=error)
    return _Extracted(article.name, article.stem, article.sha256, canonical_nquads(quads))


def _extract_all(paths: list[Path], jobs: int, on_article: Callable[[str], None] | None,
                 catalogue: Catalogue | None, lexicon: Lexicon | None) -> Iterator[_Extracted]:
    if jobs <= 1 or len(paths) < 2:
        _load_rules(catalogue, lexicon)
        for path in paths:
            yield _extract_one(path)
            if on_article:
                on_article(path.name)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_load_rules,
                             initargs=(catalogue, lexicon)) as pool:
        for result in pool.map(_extract_one, paths, chunksize=max(1, len(paths) // (jobs * 8))):
            yield result
            if on_article:
                on_article(result.name)


# -- the build ------------------------------------------------------------------------------

def build(seeds: Path, store_path: Path, *, jobs: int = 1, full: bool = False,
          on_article: Callable[[str], None] | None = None,
          catalogue: Catalogue | None = None, lexicon: Lexicon | None = None) -> BuildReport:
    """Build the graph from every ``.txt`` article in ``seeds`` into ``store_path``.

    Args:
        jobs: worker processes for extraction.
        full: re-extract every article even when it and the rules are unchanged.

    Raises:
        SCOKGError: nothing could be built (no folder, or not one article loaded).
    """
    report = BuildReport(store=str(store_path))
    paths = list(iter_article_paths(seeds))
    digest = rules_digest()
    previous = _previous_build(store_path) if not full else None
    reusable = previous.articles if previous and previous.rules == digest else {}
    to_extract = []
    for path in paths:
        known = reusable.get(path.name)
        if known and known[1] == hashlib.sha256(path.read_bytes()).hexdigest():
            report.unchanged.append(path.name)
            if on_article:
                on_article(path.name)
        else:
            to_extract.append(path)
    graphs: dict[str, bytes] = {}  # canonical N-Quads, never parsed in this process
    for item in _extract_all(to_extract, jobs, on_article, catalogue, lexicon):
        if item.error:
            report.errors.append(item.error)
            continue
        iri = vocab.article_graph(item.stem)
        graphs[iri] = item.nquads
        report.articles[item.name] = item.nquads.count(b"\n")
        known_before = previous.articles.get(item.name) if previous else None
        (report.changed if known_before else report.added).append(item.name)
    for name in report.unchanged:
        iri = reusable[name][0]
        graphs[iri] = previous.store.graph_nquads(iri)
        report.articles[name] = graphs[iri].count(b"\n")
    if not graphs:
        raise SCOKGError(f"no article could be loaded from {seeds}"
                         + "".join(f"\n  {e}" for e in report.errors))
    names = {p.name for p in paths}
    report.removed = sorted(n for n in (previous.articles if previous else {}) if n not in names)
    report.articles = dict(sorted(report.articles.items()))
    stems = [iri.rsplit("/", 1)[-1] for iri in graphs]
    keep = previous.kept if previous else _kept_graphs(store_path)
    report.quads = _write_store_aside(store_path, {**keep, **graphs}, stems, digest)
    return report


@dataclass
class _PreviousBuild:
    store: OxigraphStore
    rules: str
    articles: dict[str, tuple[str, str]]  # file name -> (graph IRI, sha256)
    kept: dict[str, bytes]


def _previous_build(store_path: Path) -> _PreviousBuild | None:
    if not (store_path / "manifest.json").exists():
        return None
    store = OxigraphStore(str(store_path), read_only=True)
    digest_query = (f"SELECT ?d WHERE {{ GRAPH <{vocab.GRAPH_PROVENANCE}> "
                    f"{{ ?a <{vocab.SCO}rulesDigest> ?d }} }}")
    rules = next((r["d"].value for r in store.query(digest_query)), "")
    articles = {}
    for row in store.query(
        f"SELECT ?g ?name ?sha WHERE {{ GRAPH ?g {{ ?a a <{vocab.SCO}Article> ; "
        f"<{vocab.SCHEMA}identifier> ?name ; <{vocab.SCO}sha256> ?sha }} }}"
    ):
        articles[row["name"].value] = (row["g"].value, row["sha"].value)
    return _PreviousBuild(store, rules, articles, _kept_graphs(store_path, store))


def _kept_graphs(store_path: Path, store: OxigraphStore | None = None) -> dict[str, bytes]:
    """Graphs a rebuild must carry over: those added by ``load`` and ``link``."""
    if store is None:
        if not (store_path / "manifest.json").exists():
            return {}
        store = OxigraphStore(str(store_path), read_only=True)
    return {g: store.graph_nquads(g) for g in store.graphs() if not g.startswith(_BUILT_PREFIXES)}


def _write_store_aside(store_path: Path, graphs: dict[str, bytes], stems: list[str],
                       digest: str) -> int:
    """Write a complete new store next to ``store_path``, derive, and swap it in."""
    _remove_abandoned_builds(store_path)
    aside = store_path.with_name(f"{store_path.name}.building-{os.getpid()}")
    aside.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = OxigraphStore(str(aside), create=True)
        store.load_nquads(graphs)
        store.replace_graphs(static_graphs())
        provenance = list(provenance_quads(stems, EXTRACTOR_VERSION))
        activity = ox.NamedNode(vocab.extraction_activity_iri(EXTRACTOR_VERSION))
        provenance.append(ox.Quad(activity, ox.NamedNode(vocab.SCO + "rulesDigest"),
                                  ox.Literal(digest), ox.NamedNode(vocab.GRAPH_PROVENANCE)))
        store.replace_graphs({vocab.GRAPH_DERIVED: list(derived_quads(claimed_figures(store))),
                              vocab.GRAPH_PROVENANCE: provenance})
        count = len(store)
        store.close()
        swap_in(aside, store_path)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        raise
    return count


def _remove_abandoned_builds(store_path: Path) -> None:
    """Folders left by builds that were killed (SIGKILL cannot be cleaned up after)."""
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
                 on_article: Callable[[str], None] | None = None) -> BuildReport:
    """Build into a remote SPARQL 1.1 store (``sparql+http://...``).

    The graph is built in a local scratch store first (so a failed build sends nothing), then
    every built graph is replaced on the remote and article graphs of articles no longer in
    ``seeds`` are dropped; graphs the build does not make (``load``, ``link``) are left alone.
    """
    import tempfile

    from .store import open_store

    with tempfile.TemporaryDirectory(prefix="sco-kg-build-") as scratch:
        report = build(seeds, Path(scratch) / "store", jobs=jobs, full=True,
                       on_article=on_article)
        local = OxigraphStore(str(Path(scratch) / "store"), read_only=True)
        built = {g: list(local.quads(g)) for g in local.graphs()
                 if g.startswith(_BUILT_PREFIXES)}
    remote = open_store(spec, create=True)
    stale = [g for g in remote.graphs()
             if g.startswith(vocab.GRAPH + "article/") and g not in built]
    remote.replace_graphs(built)
    if stale:
        remote.remove_graphs(stale)
    report.store, report.quads = spec, len(remote)
    return report
