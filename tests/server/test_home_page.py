"""The home page stays bounded however many articles the store holds (issue 17): it counts
with cheap queries, lists the latest articles newest first and says how many it leaves out,
and calls "from the reference catalogue" only what no article names.

The store holds invented articles written here, not the seed build.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import requests
from handmade import served_quads

from sco_kg.graph.rdf import vocab
from sco_kg.server.web import ui

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
REFERENCE = ox.NamedNode(vocab.GRAPH_REFERENCE)

# (stem, date, inferred): "kilo" and "lima" share a date; "mike" has an inferred one
ARTICLES = [("juliet", "2021-04-01", False), ("lima", "2023-09-09", False),
            ("kilo", "2023-09-09", False), ("mike", "2022-02-02", True), ("november", "", False)]


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _quads() -> list[ox.Quad]:
    quads = []
    known, unnamed = _n(vocab.entity_iri("person", "known")), _n(vocab.entity_iri("person", "x"))
    for entity in (known, unnamed):  # two people of the catalogue; an article names one
        quads.append(ox.Quad(entity, RDF_TYPE, _n(vocab.KIND_CLASS["person"]), REFERENCE))
    for number, (stem, date, inferred) in enumerate(ARTICLES):
        graph, article = _n(vocab.article_graph(stem)), _n(vocab.article_iri(stem))
        quads.append(ox.Quad(article, RDF_TYPE, _n(vocab.SCO + "Article"), graph))
        quads.append(ox.Quad(article, LABEL, ox.Literal(f"Story {stem}"), graph))
        if date:
            prop = (vocab.SCO + "inferredDatePublished" if inferred
                    else vocab.SCHEMA + "datePublished")
            quads.append(ox.Quad(article, _n(prop), ox.Literal(date, datatype=XSD_DATE), graph))
        for claim_number in range(number):  # article i reports i claims
            claim = _n(vocab.claim_iri(stem, claim_number, claim_number + 1))
            quads.append(ox.Quad(claim, RDF_TYPE, _n(vocab.SCO + "Claim"), graph))
            quads.append(ox.Quad(claim, _n(vocab.SCO + "reportedIn"), article, graph))
    mention = _n(vocab.mention_iri("juliet", 0, 5))
    quads.append(ox.Quad(known, _n(vocab.SCO + "denotedBy"), mention,
                         _n(vocab.article_graph("juliet"))))
    # a publisher read from an article's front matter: typed there, denoted by no mention
    quads.append(ox.Quad(_n(vocab.entity_iri("media", "wire")), RDF_TYPE,
                         _n(vocab.KIND_CLASS["media"]), _n(vocab.article_graph("kilo"))))
    return quads


def _home(monkeypatch: pytest.MonkeyPatch, shown: int) -> str:
    monkeypatch.setattr(ui, "HOME_ARTICLES", shown)
    with served_quads(_quads()) as url:
        page = requests.get(url + "/", timeout=30)
    assert page.status_code == 200
    return page.text


def _listed(html: str) -> list[str]:
    return re.findall(r'<td><a href="/id/article/[^"]+">Story (\w+)</a>', html)


def test_home_lists_articles_newest_first_ties_by_iri_undated_last(
        monkeypatch: pytest.MonkeyPatch) -> None:
    html = _home(monkeypatch, 100)
    assert _listed(html) == ["kilo", "lima", "mike", "juliet", "november"]
    assert "latest of" not in html
    row = re.search(r"Story mike</a>.*?</tr>", html, re.S)
    assert row and "(inferred)" in row.group(0)
    claims = re.search(r"Story lima</a>.*?<td class=\"num\">(\d+)", html, re.S)
    assert claims and claims.group(1) == "1"


def test_home_over_its_limit_lists_the_latest_and_says_how_many_there_are(
        monkeypatch: pytest.MonkeyPatch) -> None:
    html = _home(monkeypatch, 3)
    assert _listed(html) == ["kilo", "lima", "mike"]
    assert "The 3 latest of 5 articles" in html


def test_home_counts_as_catalogue_only_what_no_article_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    html = _home(monkeypatch, 100)
    read, catalogue = html.split('id="cat-h"', 1)
    counts = dict((name, int(n)) for n, name in re.findall(
        r"<li><strong>(\d+)</strong> ([a-z ]+)</li>", read))
    assert counts["articles"] == 5 and counts["claims"] == 10
    assert counts["people"] == 1 and counts["organisations"] == 1
    assert "<strong>1</strong> people" in catalogue
    assert "organisations" not in catalogue
