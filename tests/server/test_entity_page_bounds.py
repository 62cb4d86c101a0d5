"""An entity page stays bounded however often the entity is named (issue 17): it lists at most
``MAX_CLAIMS`` claims a role and says how many there are, looks for the claims quoting its
mentions only when it is named a few times, counts the articles of its mentions only up to a
cap, and lists each conflict by its extremes, a bounded number of them.

The data is invented here, in Turtle: one article naming one person, with claims about her and
one claim whose quote names her. The limits are made small so a handful of claims shows the
bounds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import requests
from handmade import served_quads

from sco_kg.graph.rdf import vocab
from sco_kg.server.web import entity_data

ARTICLE = vocab.article_iri("invented")
PERSON = vocab.entity_iri("person", "pat-example")
MENTIONS = [(10, 13), (210, 213)]  # "Pat", twice
ABOUT = 5  # claims about her; spans 100 * n .. 100 * n + 40, none holding a mention
QUOTING = vocab.claim_iri("invented", 200, 260)  # its quote holds her second mention


def _turtle() -> str:
    lines = [f"""@prefix sco: <{vocab.SCO}> .
@prefix schema: <{vocab.SCHEMA}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <{vocab.OA}> .
<{ARTICLE}> a sco:Article ; rdfs:label "An invented story" .
<{PERSON}> a sco:Person ; rdfs:label "Pat Example" ."""]
    for start, end in MENTIONS:
        mention = vocab.mention_iri("invented", start, end)
        lines.append(f"""<{PERSON}> sco:denotedBy <{mention}> .
<{mention}> a sco:Mention ; oa:hasSource <{ARTICLE}> ;
    oa:hasSelector [ oa:start {start} ; oa:end {end} ], [ oa:exact "Pat" ] .""")
    claims = [(vocab.claim_iri("invented", 1000 + 100 * n, 1040 + 100 * n), 1000 + 100 * n,
               f"sco:about <{PERSON}> ;") for n in range(ABOUT)]
    claims.append((QUOTING, 200, ""))
    for claim, start, about in claims:
        lines.append(f"""<{claim}> a sco:Claim ; {about} schema:text "Claim at {start}." ;
    sco:reportedIn <{ARTICLE}> ; sco:evidence <{claim}-evidence> .
<{claim}-evidence> oa:hasSource <{ARTICLE}> ; oa:hasSelector [ oa:start {start} ;
    oa:end {start + 60} ] .""")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    graph = ox.NamedNode(vocab.article_graph("invented"))
    with served_quads([ox.Quad(t.subject, t.predicate, t.object, graph)
                       for t in ox.parse(_turtle(), ox.RdfFormat.TURTLE)]) as url:
        yield url


def _page(base: str) -> str:
    page = requests.get(base + "/page/person/pat-example", headers={"Accept": "text/html"},
                        timeout=30)
    assert page.status_code == 200
    return page.text


def test_entity_page_lists_every_claim_and_quote_when_under_its_limits(base: str) -> None:
    html = _page(base)
    assert html.count("Claim at 1") == ABOUT and "in all" not in html
    assert "Claims that mention Pat Example" in html and "Claim at 200." in html
    assert "Named 2 times in 1 article." in html


def test_entity_page_lists_max_claims_of_a_role_and_says_how_many_there_are(
        base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entity_data, "MAX_CLAIMS", 3)
    html = _page(base)
    assert html.count("Claim at 1") == 3
    assert f"{ABOUT} claims in all: the page lists 3" in html


def test_entity_page_named_too_often_leaves_out_the_claims_quoting_it(
        base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(entity_data, "MAX_MENTIONS_READ", 1)
    monkeypatch.setattr(entity_data, "MAX_COUNTED_MENTIONS", 1)
    html = _page(base)
    assert "Claim at 200." not in html and "whose quotes name Pat Example are not listed" in html
    assert "Named 2 times (too many to count their articles on this page)." in html
