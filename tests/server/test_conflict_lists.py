"""The conflicts index stays bounded however many claims a conflict gathers (issue 17): it
shows the claims of the lowest and the highest figure and counts the rest, and it says when it
lists fewer conflicts than the store holds. A conflict's own page still shows every side;
other entity pages list their conflicts the way the index does, and at most a few.

The data is invented here: one conflict of three claims, in Turtle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import requests
from handmade import served_quads

from sco_kg.graph.rdf import vocab
from sco_kg.server.web import entity_data

CONFLICT = vocab.ID + "conflict/invented-share"
CLAIMS = {value: vocab.claim_iri("invented", 100 * n, 100 * n + 50)
          for n, value in enumerate(("40", "42", "44"))}
TURTLE = f"""
@prefix sco: <{vocab.SCO}> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{CONFLICT}> a sco:FigureConflict ; rdfs:label "Invented share of the world" ;
    sco:conflictingClaim {", ".join(f"<{c}>" for c in CLAIMS.values())} ;
    sco:claimCount 3 ; sco:lowestClaim <{CLAIMS["40"]}> ; sco:highestClaim <{CLAIMS["44"]}> .
""" + "".join(f"""<{claim}> a sco:Claim ; schema:text "The share is {value} percent." ;
    sco:reportedIn <{vocab.article_iri("invented")}> .
""" for value, claim in CLAIMS.items())


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    graph = ox.NamedNode(vocab.article_graph("invented"))
    with served_quads([ox.Quad(t.subject, t.predicate, t.object, graph)
                       for t in ox.parse(TURTLE, ox.RdfFormat.TURTLE)]) as url:
        yield url


def _quoted(html: str) -> list[str]:
    return re.findall(r"The share is (\d+) percent", html)


def test_conflicts_index_shows_the_extremes_and_counts_the_rest(base: str) -> None:
    page = requests.get(base + "/conflicts", headers={"Accept": "text/html"}, timeout=30).text
    assert sorted(_quoted(page)) == ["40", "44"]
    assert "The lowest and the highest figure of 3 claims" in page
    assert "1 of 1 conflict." in page and "lists the first" not in page


def test_conflicts_index_says_when_it_lists_fewer_than_the_store_holds(
        base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entity_data, "MAX_CONFLICTS", 0)
    page = requests.get(base + "/conflicts", headers={"Accept": "text/html"}, timeout=30).text
    assert "This page lists the first 0 of 1" in page and _quoted(page) == []


def test_conflict_page_still_shows_every_side(base: str) -> None:
    page = requests.get(base + "/page/conflict/invented-share", headers={"Accept": "text/html"},
                        timeout=30)
    assert page.status_code == 200
    assert sorted(set(_quoted(page.text))) == ["40", "42", "44"]


def test_other_entity_pages_list_a_conflict_by_its_extremes_and_a_bounded_number(
        base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = "/page/article/" + vocab.article_iri("invented").rsplit("/", 1)[-1]
    page = requests.get(base + path, headers={"Accept": "text/html"}, timeout=30).text
    conflicts = page.split('id="conflicts-h"', 1)[1]
    assert sorted(set(_quoted(conflicts))) == ["40", "44"] and "of more" not in conflicts
    monkeypatch.setattr(entity_data, "MAX_ENTITY_CONFLICTS", 0)
    page = requests.get(base + path, headers={"Accept": "text/html"}, timeout=30).text
    assert "The first 0 conflicts found that involve" in page
