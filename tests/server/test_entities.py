"""Linked-data pages: every minted IRI dereferences, as HTML for browsers and RDF for programs."""

from __future__ import annotations

import html
import re

import pyoxigraph as ox
import pytest
import rdflib
import requests
from handmade import EVIL, TEXT_A, WIKIDATA_SCO, iri, make_store, served

from sco_kg.graph.rdf import vocab

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def store():
    store = make_store()
    yield store
    store.close()


@pytest.fixture(scope="module")
def base(store) -> str:
    with served(store) as url:
        yield url


def page_of(base: str, entity_iri: str, **kwargs: object) -> requests.Response:
    assert entity_iri.startswith(vocab.ID)
    return requests.get(f"{base}/id/{entity_iri[len(vocab.ID):]}", timeout=30, **kwargs)


def _triples(body: bytes, fmt: ox.RdfFormat) -> set:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(body, fmt)}


def test_entities_every_minted_iri_dereferences(base: str, store) -> None:
    minted = sorted({term.value for q in store.quads() for term in (q.subject, q.object)
                     if isinstance(term, ox.NamedNode) and term.value.startswith(vocab.ID)
                     and "#" not in term.value})
    assert len(minted) > 50
    for entity in minted:
        response = page_of(base, entity, headers={"Accept": "application/n-triples"})
        assert response.status_code == 200, entity
        assert response.content, entity


def test_entities_html_for_browsers_with_labels_types_and_wikidata(base: str) -> None:
    response = page_of(base, iri("org", "sco"), headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.url.endswith("/page/org/sco")  # after a 303 from /id/org/sco
    assert "Accept" in response.history[0].headers["Vary"]
    text = response.text
    assert "<h1>Shanghai Cooperation Organisation</h1>" in text
    assert f'href="{vocab.WD}{WIKIDATA_SCO}"' in text
    assert "Claims about Shanghai Cooperation Organisation" in text
    assert "uniqueness and diversity" in text
    assert 'rel="alternate" type="text/turtle"' in text


@pytest.mark.parametrize("accept, suffix, fmt", [
    ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
])
def test_entities_rdf_by_accept_or_suffix(base: str, accept: str, suffix: str,
                                         fmt: ox.RdfFormat) -> None:
    entity = iri("person", "rashid-alimov")
    by_accept = page_of(base, entity, headers={"Accept": accept})
    by_suffix = requests.get(f"{base}/data/person/rashid-alimov.{suffix}", timeout=30)
    assert by_accept.headers["Content-Type"].split(";")[0] == accept
    assert by_suffix.headers["Content-Type"].split(";")[0] == accept
    assert [r.status_code for r in by_accept.history] == [303]
    assert by_accept.url == by_suffix.url
    triples = _triples(by_accept.content, fmt)
    assert triples == _triples(by_suffix.content, fmt)
    node = ox.NamedNode(entity)
    label = ox.NamedNode(vocab.RDFS + "label")
    assert (node, label, ox.Literal("Rashid Alimov", language="en")) in triples
    claimant = ox.NamedNode(vocab.SCO + "claimant")
    assert any(p == claimant and o == node for _, p, o in triples)  # incoming links
    assert any(s != node and p == label for s, p, _ in triples)  # labels of linked nodes


def test_entities_rdf_reads_with_rdflib_through_conneg(base: str) -> None:
    graph = rdflib.Graph()
    graph.parse(f"{base}/id/person/rashid-alimov")  # rdflib sends its own Accept header
    assert (rdflib.URIRef(iri("person", "rashid-alimov")), rdflib.RDFS.label,
            rdflib.Literal("Rashid Alimov", lang="en")) in graph


def test_entities_mention_description_includes_its_selectors(base: str) -> None:
    mention = vocab.mention_iri("a001", 46, 79)
    triples = _triples(page_of(base, mention + ".nt").content, ox.RdfFormat.N_TRIPLES)
    exact = ox.NamedNode(vocab.OA + "exact")
    assert (ox.NamedNode(mention + "#quote"), exact,
            ox.Literal("Shanghai Cooperation Organisation")) in triples


def test_entities_unknown_iri_is_404(base: str) -> None:
    for path in ("person/nobody", "person/nobody.ttl", "claim/x/1-2", "a%20b", "x>y"):
        response = requests.get(f"{base}/id/{path}", headers=BROWSER, timeout=30)
        assert response.status_code == 404, path
    assert requests.get(f"{base}/id/person/nobody", timeout=30,
                        headers={"Accept": "text/turtle"}).status_code == 404


def test_entities_escape_untrusted_text(base: str) -> None:
    evil = iri("org", "evil-co")
    for target in (evil, vocab.article_iri("a001"),
                   vocab.claim_iri("a001", 414, 445)):
        text = page_of(base, target, headers=BROWSER).text
        own = re.sub(r'<script src="/ui-assets/ui/[a-z]+\.js" defer></script>', "", text)
        assert "<script" not in own.lower(), target
        assert "<b>summit</b>" not in text, target
    text = page_of(base, evil, headers=BROWSER).text
    assert html.escape(EVIL, quote=False).replace('"', "&#34;") in text


def test_entities_claim_page_shows_evidence_span_and_conflict(base: str) -> None:
    claim = vocab.claim_iri("a001", 42, 125)
    text = page_of(base, claim, headers=BROWSER).text
    assert "<mark>The Shanghai Cooperation Organisation is home to 44 percent of the world " \
           "population</mark>" in text
    assert "<mark>44 percent</mark>" in text  # the figure's own span
    assert "Conflicting figures" in text
    assert "The SCO accounts for 40 percent of the world population" in text
    assert 'href="/id/article/a001#span-42-125"' in text


def test_entities_article_page_highlights_and_links_every_span(base: str, store) -> None:
    text = page_of(base, vocab.article_iri("a001"), headers=BROWSER).text
    anchors = set(re.findall(r'id="span-(\d+)-(\d+)"', text))
    query = (f"SELECT DISTINCT ?s ?e WHERE {{ ?m <{vocab.OA}hasSource> "
             f"<{vocab.article_iri('a001')}> ; <{vocab.OA}hasSelector> ?p . "
             f"?p <{vocab.OA}start> ?s ; <{vocab.OA}end> ?e }}")
    spans = {(row["s"].value, row["e"].value) for row in store.query(query)}
    assert spans and spans == anchors
    assert '<a class="hl-entity hl-statement" href="/id/org/sco"' in text
    assert 'href="/id/event/summit/2018-06-09-qingdao"' in text


def test_entities_etag_revalidates(base: str) -> None:
    first = page_of(base, iri("org", "sco"), headers=BROWSER)
    again = page_of(base, iri("org", "sco"), headers={**BROWSER,
                                                      "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_entities_article_page_text_is_the_article_exactly(base: str) -> None:
    text = page_of(base, vocab.article_iri("a001"), headers=BROWSER).text
    body = re.search(r'<div class="article-text">(.*?)</div>', text, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == TEXT_A
