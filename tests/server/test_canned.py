"""Canned queries over HTTP: listing, parameters, content negotiation, and safe binding."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from handmade import iri, make_store, served

from sco_kg.graph.rdf import vocab
from sco_kg.queries import load

SRJ = "application/sparql-results+json"


@pytest.fixture(scope="module")
def base() -> str:
    store = make_store()
    with served(store, workers=1) as url:  # through the real worker pool, as /sparql
        yield url
    store.close()


def rows(base: str, name: str, **params: str) -> list[dict[str, str]]:
    response = requests.get(f"{base}/queries/{name}", params=params, timeout=60,
                            headers={"Accept": SRJ})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(SRJ)
    return [{k: v["value"] for k, v in b.items()}
            for b in response.json()["results"]["bindings"]]


def test_canned_listing_as_json_and_html(base: str) -> None:
    listing = requests.get(f"{base}/queries", timeout=30)
    assert listing.headers["Content-Type"].startswith("application/json")
    described = {q["name"]: q for q in listing.json()["queries"]}
    assert set(described) == {q.name for q in load()}
    said = described["said_about"]
    assert said["title"] and said["description"]
    assert said["parameters"][0]["name"] == "entity"
    page = requests.get(f"{base}/queries", headers={"Accept": "text/html"}, timeout=30)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "/queries/conflicting_figures" in page.text


# The questions of issue 2, each answered by the hand-made graph.
ANSWERED = ("claims_by_person", "conflicting_figures", "events_timeline", "member_states",
            "people_posts", "population_share", "said_about")


@pytest.mark.parametrize("name", ANSWERED)
def test_canned_every_question_is_answered_with_its_defaults(base: str, name: str) -> None:
    assert rows(base, name), name


@pytest.mark.parametrize("query", load(), ids=lambda q: q.name)
def test_canned_every_query_runs_or_is_refused_for_federation(base: str, query) -> None:
    response = requests.get(f"{base}/queries/{query.name}", timeout=60)
    federated = "SERVICE" in query.text.upper()
    assert response.status_code == (403 if federated else 200), response.text


def test_canned_said_about_by_label_alias_or_iri(base: str) -> None:
    by_label = rows(base, "said_about", entity="Shanghai Cooperation Organisation")
    by_alias = rows(base, "said_about", entity="sco")
    by_iri = rows(base, "said_about", entity=iri("org", "sco"))
    claims = {r["claim"] for r in by_label}
    assert claims == {r["claim"] for r in by_alias} == {r["claim"] for r in by_iri}
    assert vocab.claim_iri("b002", 20, 75) in claims and len(claims) == 4
    assert rows(base, "said_about", entity="Kazakhstan") == []


def test_canned_claims_by_person_with_article_and_quote(base: str) -> None:
    found = rows(base, "claims_by_person", person="Rashid Alimov")
    quotes = {r["quote"] for r in found}
    assert "The SCO has its uniqueness and diversity" in quotes
    assert {r["article"] for r in found} == {vocab.article_iri("a001"),
                                            vocab.article_iri("b002")}


def test_canned_conflicting_figures_side_by_side(base: str) -> None:
    (pair,) = rows(base, "conflicting_figures")
    assert {pair["value1"], pair["value2"]} == {"44", "40"}
    assert pair["severity"] == "major"
    assert {pair["article1"], pair["article2"]} == {vocab.article_iri("a001"),
                                                    vocab.article_iri("b002")}


def test_canned_members_events_posts_population(base: str) -> None:
    (member,) = rows(base, "member_states")
    assert member["memberLabel"] == "Kazakhstan" and member["joined"] == "2001"
    events = rows(base, "events_timeline")
    assert [e["begin"] for e in events] == sorted(e["begin"] for e in events)
    summit = next(e for e in events if e["eventLabel"] == "18th SCO summit")
    assert summit["placeLabel"] == "Qingdao" and summit["end"] == "2018-06-10"
    posts = rows(base, "people_posts")
    assert any(p["person"] == iri("person", "rashid-alimov") and p["roleLabel"] ==
               "Secretary-General" for p in posts)
    population = rows(base, "population_share")
    assert sorted(p["value"] for p in population) == ["40", "44"]


def test_canned_same_negotiation_as_sparql(base: str) -> None:
    url = f"{base}/queries/member_states"
    as_csv = requests.get(url, headers={"Accept": "text/csv"}, timeout=30)
    assert as_csv.headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert table[0]["memberLabel"] == "Kazakhstan"
    by_param = requests.get(url, params={"format": "tsv"}, timeout=30)
    assert by_param.headers["Content-Type"].startswith("text/tab-separated-values")
    default = requests.get(url, timeout=30)  # no preference: JSON, as /sparql
    assert default.headers["Content-Type"].startswith(SRJ)
    xml = requests.get(url, headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    refused = requests.get(url, headers={"Accept": "image/png"}, timeout=30)
    assert refused.status_code == 406


def test_canned_html_table_escapes_and_links(base: str) -> None:
    page = requests.get(f"{base}/queries/said_about", headers={"Accept": "text/html"},
                        timeout=30)
    assert page.status_code == 200
    assert "<script" not in page.text.lower()
    assert "&lt;b&gt;summit&lt;/b&gt;" in page.text
    assert 'href="/id/claim/a001/42-125"' in page.text
    assert 'name="entity" value="Shanghai Cooperation Organisation"' in page.text


@pytest.mark.parametrize("attack", [
    'x" } UNION { ?about ?p ?o } #',
    "x' } UNION { ?about ?p ?o } #",
    "x\\\" } UNION { ?about ?p ?o } #",
    "x\\u0022 } UNION { ?about ?p ?o } #",
    "x\n} UNION { ?about ?p ?o } #",
    "SCO\") || true || (\"",
    "http://example.org/x> } UNION { ?about ?p ?o } #",
])
def test_canned_injection_in_a_parameter_changes_nothing(base: str, attack: str) -> None:
    assert rows(base, "said_about", entity=attack) == []
    assert rows(base, "population_share", measure=attack) == []


def test_canned_bad_parameters_are_400(base: str) -> None:
    unknown = requests.get(f"{base}/queries/said_about", params={"who": "x"}, timeout=30)
    assert unknown.status_code == 400
    assert "who" in unknown.json()["error"]
    assert requests.get(f"{base}/queries/no_such", timeout=30).status_code == 404
