"""Articles -> extraction -> quads -> derived facts -> store, built aside and then swapped in.

The one place that composes the loader. A bad article costs only that article: its error is
recorded as ``path:line:col: message`` and the rest still load. The new store is written to a
sibling folder and renamed over the old one only when complete, so a failed or interrupted
build leaves the previous graph untouched.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
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
from .store.oxigraph import OxigraphStore, swap_in

EXTRACTOR_VERSION = "0.1.0"


@dataclass
class BuildReport:
    """What a build did: counts per article, and every article that failed, with where."""

    articles: dict[str, int] = field(default_factory=dict)
    errors: list[ArticleError] = field(default_factory=list)
    quads: int = 0
    store: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


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


def article_quads(article: Article, extraction: Extraction,
                  iris: dict[str, str]) -> list[ox.Quad]:
    return ArticleGraph(article, extraction, iris).quads()


def ontology_file(name: str) -> Path:
    return Path(str(resources.files("sco_kg.ontology").joinpath(name)))


def static_graphs() -> dict[str, list[ox.Quad]]:
    """The ontology and the curated reference data, each in its own named graph."""
    graphs = {}
    for iri, name in ((vocab.GRAPH_ONTOLOGY, "sco.ttl"), (vocab.GRAPH_REFERENCE, "entities.ttl")):
        path = ontology_file(name)
        if path.exists():
            graphs[iri] = _quads_in(path, iri)
    return graphs


def _quads_in(path: Path, graph: str) -> list[ox.Quad]:
    node = ox.NamedNode(graph)
    return [ox.Quad(t.subject, t.predicate, t.object, node)
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def build(seeds: Path, store_path: Path, *,
          on_article: Callable[[str], None] | None = None,
          catalogue: Catalogue | None = None,
          lexicon: Lexicon | None = None) -> BuildReport:
    """Build the whole graph from every ``.txt`` article in ``seeds`` into ``store_path``.

    Raises:
        SCOKGError: nothing could be built (no folder, or not one article loaded).
    """
    catalogue = catalogue or load_catalogue(catalogue_path())
    lexicon = lexicon or load_lexicon()
    report = BuildReport(store=str(store_path))
    loaded: dict[str, tuple[Article, Extraction]] = {}
    for path in iter_article_paths(seeds):
        try:
            article = read_article(path)
            loaded[article.stem] = (article, extract_article(article, catalogue, lexicon))
        except ArticleError as exc:
            report.errors.append(exc)
        except Exception as exc:  # noqa: BLE001 - a rule that tripped on this text only
            report.errors.append(ArticleError(str(path), 1, 1, f"extraction failed: {exc!r}"))
        if on_article:
            on_article(path.name)
    if not loaded:
        raise SCOKGError(f"no article could be loaded from {seeds}"
                         + "".join(f"\n  {e}" for e in report.errors))
    iris = entity_iris(catalogue, (e for _, e in loaded.values()))
    graphs = static_graphs()
    for stem, (article, extraction) in sorted(loaded.items()):
        graphs[vocab.article_graph(stem)] = article_quads(article, extraction, iris)
        report.articles[article.name] = len(graphs[vocab.article_graph(stem)])
    extractions = {stem: extraction for stem, (_, extraction) in loaded.items()}
    graphs[vocab.GRAPH_DERIVED] = list(derived_quads(claimed_figures(extractions, iris)))
    graphs[vocab.GRAPH_PROVENANCE] = list(provenance_quads(loaded, EXTRACTOR_VERSION))
    report.quads = write_store_aside(store_path, graphs, keep=_kept_graphs(store_path))
    return report


def _kept_graphs(store_path: Path) -> dict[str, list[ox.Quad]]:
    """Graphs a rebuild must carry over: those added by ``load`` and ``link``."""
    if not (store_path / "manifest.json").exists():
        return {}
    previous = OxigraphStore(str(store_path), read_only=True)
    derived_prefixes = (vocab.GRAPH + "article/", vocab.GRAPH_ONTOLOGY, vocab.GRAPH_REFERENCE,
                        vocab.GRAPH_DERIVED, vocab.GRAPH_PROVENANCE)
    return {g: list(previous.quads(g)) for g in previous.graphs()
            if not g.startswith(derived_prefixes)}


def write_store_aside(store_path: Path, graphs: dict[str, list[ox.Quad]],
                      keep: dict[str, list[ox.Quad]] | None = None) -> int:
    """Write a complete new store next to ``store_path`` and swap it in."""
    aside = store_path.with_name(f"{store_path.name}.building-{os.getpid()}")
    if aside.exists():
        shutil.rmtree(aside)
    aside.parent.mkdir(parents=True, exist_ok=True)
    try:
        store = OxigraphStore(str(aside), create=True)
        store.replace_graphs({**(keep or {}), **graphs})
        count = len(store)
        store.close()
        swap_in(aside, store_path)
    except BaseException:
        shutil.rmtree(aside, ignore_errors=True)
        raise
    return count
