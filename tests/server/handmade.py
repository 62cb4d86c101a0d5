"""A small graph made by hand, so the server's tests never depend on the extraction's output.

Two articles written for these tests (never taken from the seeds) go through the real RDF
writer (``ArticleGraph``), the real conflict rules (``derive``) and the static graphs, into an
``OxigraphStore``. One extracted organisation's name holds a ``<script>`` element, as scraped
news text might, to prove that every page escapes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pyoxigraph as ox
from servers import live_app

from sco_kg.graph.articles.reading import Article
from sco_kg.graph.build import entity_iris, static_graphs
from sco_kg.graph.rdf import vocab
from sco_kg.graph.rdf.catalogue import Catalogue
from sco_kg.graph.rdf.derive import ClaimedFigure, derived_quads
from sco_kg.graph.rdf.quads import ArticleGraph, provenance_quads
from sco_kg.graph.statements.model import (
    ArticleMeta,
    Claim,
    DateValue,
    Entity,
    Event,
    Extraction,
    Figure,
    Membership,
    Mention,
    MetaValue,
    PostHolding,
    Span,
)
from sco_kg.graph.store.oxigraph import OxigraphStore

EVIL = 'Evil <script>alert("x")</script> & Co'
WIKIDATA_SCO = "Q485207"

TEXT_A = (
    "Summit opens in Qingdao\n"
    "By Jane Reporter\n"
    "\n"
    "The Shanghai Cooperation Organisation is home to 44 percent of the world population, "
    "said Rashid Alimov on Saturday. \"The SCO has its uniqueness and diversity,\" Alimov said. "
    "Kazakhstan joined the SCO as a founding member in 2001. "
    "The 18th summit was held in Qingdao on June 9-10, 2018. "
    "Secretary-General Rashid Alimov opened it. "
    f"{EVIL} said the <b>summit</b> was a success.\n"
)
TEXT_B = (
    "Population figures\n"
    "\n"
    "The SCO accounts for 40 percent of the world population, Rashid Alimov told reporters.\n"
)


def span(text: str, needle: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle), needle)


def article(stem: str, text: str) -> Article:
    return Article(name=f"{stem}.txt", stem=stem, text=text,
                   sha256=hashlib.sha256(text.encode()).hexdigest())


ENTITIES = (
    Entity("sco", "igo", "Shanghai Cooperation Organisation", ("SCO",)),
    Entity("rashid-alimov", "person", "Rashid Alimov", ("Alimov",)),
    Entity("jane-reporter", "person", "Jane Reporter"),
    Entity("kazakhstan", "state", "Kazakhstan"),
    Entity("qingdao", "city", "Qingdao"),
    Entity("evil-co", "org", EVIL),
)


def extraction_a() -> Extraction:
    t = TEXT_A
    population = Figure("44", "percent", "share-of-world-population", "share of world population",
                        span(t, "44 percent"), subject="sco", period=DateValue("2018", "year"))
    return Extraction(
        meta=ArticleMeta(title=MetaValue("Summit opens in Qingdao", span(t, "Summit opens in "
                                                                          "Qingdao")),
                         author=MetaValue("jane-reporter", span(t, "Jane Reporter")),
                         date=DateValue("2018-06-09", "day")),
        entities=ENTITIES,
        mentions=(
            Mention("sco", span(t, "Shanghai Cooperation Organisation")),
            Mention("sco", span(t, "SCO")),
            Mention("sco", span(t, "SCO", 1)),
            Mention("rashid-alimov", span(t, "Rashid Alimov")),
            Mention("rashid-alimov", span(t, "Alimov", 1)),
            Mention("kazakhstan", span(t, "Kazakhstan")),
            Mention("qingdao", span(t, "Qingdao", 1)),
            Mention("evil-co", span(t, EVIL)),
        ),
        claims=(
            Claim("rashid-alimov", "indirect",
                  span(t, "The Shanghai Cooperation Organisation is home to 44 percent of the "
                          "world population"),
                  cue=span(t, "said Rashid Alimov"), claimant_span=span(t, "Rashid Alimov"),
                  about=("sco",), figures=(population,)),
            Claim("rashid-alimov", "direct", span(t, "The SCO has its uniqueness and diversity"),
                  cue=span(t, "Alimov said"), claimant_span=span(t, "Alimov", 1),
                  about=("sco",)),
            Claim("evil-co", "indirect", span(t, "the <b>summit</b> was a success"),
                  cue=span(t, f"{EVIL} said"), claimant_span=span(t, EVIL), about=("sco",)),
        ),
        events=(
            Event("summit", "2018-06-09-qingdao", "18th SCO summit",
                  span(t, "The 18th summit was held in Qingdao on June 9-10, 2018"),
                  start=DateValue("2018-06-09", "day"), end=DateValue("2018-06-10", "day"),
                  place="qingdao", participants=("rashid-alimov",), organizer="sco",
                  ordinal=18, status="completed"),
        ),
        memberships=(
            Membership("kazakhstan", "sco", "founding-member",
                       span(t, "Kazakhstan joined the SCO as a founding member in 2001"),
                       start=DateValue("2001", "year")),
        ),
        posts=(
            PostHolding("rashid-alimov", "secretary-general", "Secretary-General",
                        span(t, "Secretary-General Rashid Alimov"), organization="sco",
                        attested=DateValue("2018-06-09", "day"),
                        person_span=span(t, "Rashid Alimov", 1)),
        ),
    )


def extraction_b() -> Extraction:
    t = TEXT_B
    figure = Figure("40", "percent", "share-of-world-population", "share of world population",
                    span(t, "40 percent"), subject="sco")
    return Extraction(
        meta=ArticleMeta(title=MetaValue("Population figures", span(t, "Population figures")),
                         date=DateValue("2019-03", "month", inferred=True)),
        entities=ENTITIES[:2],
        mentions=(Mention("sco", span(t, "SCO")), Mention("rashid-alimov",
                                                          span(t, "Rashid Alimov"))),
        claims=(
            Claim("rashid-alimov", "indirect",
                  span(t, "The SCO accounts for 40 percent of the world population"),
                  cue=span(t, "Rashid Alimov told"), claimant_span=span(t, "Rashid Alimov"),
                  about=("sco",), figures=(figure,)),
        ),
    )


def article_graphs() -> dict[str, ArticleGraph]:
    loaded = {"a001": (article("a001", TEXT_A), extraction_a()),
              "b002": (article("b002", TEXT_B), extraction_b())}
    iris = entity_iris(Catalogue(), (e for _, e in loaded.values()))
    return {stem: ArticleGraph(art, extraction, iris) for stem, (art, extraction) in loaded.items()}


def claimed_figures() -> list[ClaimedFigure]:
    """The figures the hand-made claims assert: what derive compares (as a build hands it)."""
    return [f for graph in article_graphs().values() for f in graph.claimed_figures()]


def graphs() -> dict[str, list[ox.Quad]]:
    """Every named graph of the hand-made dataset but the derived one."""
    loaded = article_graphs()
    iris = next(iter(loaded.values())).entity_iris
    out = static_graphs()
    for stem, graph in loaded.items():
        out[vocab.article_graph(stem)] = graph.quads()
    out[vocab.GRAPH_PROVENANCE] = list(provenance_quads(loaded, "test"))
    links = ox.NamedNode(vocab.GRAPH_LINKS)
    out[vocab.GRAPH_LINKS] = [ox.Quad(ox.NamedNode(iris["sco"]),
                                      ox.NamedNode(vocab.SKOS + "exactMatch"),
                                      ox.NamedNode(vocab.WD + WIKIDATA_SCO), links)]
    return out


def make_store(location: str | None = None) -> OxigraphStore:
    """The hand-made dataset in a store (on disk when ``location`` is given)."""
    store = OxigraphStore(location, create=location is not None)
    store.replace_graphs(graphs())
    store.replace_graphs({vocab.GRAPH_DERIVED: list(derived_quads(claimed_figures()))})
    return store


def iri(kind: str, key: str) -> str:
    return vocab.entity_iri(kind, key)


def served(store: OxigraphStore, **settings: object):
    """An app over ``store`` on 127.0.0.1, any free port; yields its base URL."""
    return live_app(store, **{"workers": 0, "rate_limit_query_s": 0, **settings})


@contextmanager
def served_quads(quads: Sequence[ox.Quad]) -> Iterator[str]:
    """An app over an in-memory store holding just ``quads`` (one named graph each states);
    yields its base URL and closes the store after."""
    store = OxigraphStore(None)
    graphs: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        assert isinstance(quad.graph_name, ox.NamedNode)
        graphs.setdefault(quad.graph_name.value, []).append(quad)
    store.replace_graphs(graphs)
    try:
        with served(store) as url:
            yield url
    finally:
        store.close()
