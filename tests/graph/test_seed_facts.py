"""Known facts of the five seed articles, checked on the exported N-Quads.

Entities are found by their Wikidata link or label, never by an IRI the extractor happens to
mint, so these checks say what the graph states rather than how it spells it.
"""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from sco_kg.graph.store import Store

PREFIXES = """
PREFIX sco: <https://w3id.org/sco-kg/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""


@pytest.fixture(scope="module")
def exported(seed_store: Store) -> ox.Store:
    """The dataset as a user gets it: `sco-kg export --format nq`, loaded elsewhere."""
    out = io.BytesIO()
    seed_store.dump("nq", out)
    store = ox.Store()
    store.bulk_load(out.getvalue(), ox.RdfFormat.N_QUADS)
    return store


def ask(store: ox.Store, where: str) -> bool:
    return bool(store.query(PREFIXES + f"ASK {{ {where} }}", use_default_graph_as_union=True))


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_seed_facts_articles_are_news_articles_with_name_and_digest(exported: ox.Store) -> None:
    rows = select(exported, """SELECT ?name ?sha WHERE {
        ?a a/rdfs:subClassOf* schema:NewsArticle ; schema:identifier ?name ; sco:sha256 ?sha }
        ORDER BY ?name""")
    assert [r["name"] for r in rows] == [
        "000_06374103224dc2f7.txt", "001_8438cd47661c1e0d.txt", "002_aff7c5dfbbd39b69.txt",
        "003_f03eb4a15585b205.txt", "004_80eedcbff0df424f.txt"]
    assert all(len(r["sha"]) == 64 for r in rows)


@pytest.mark.parametrize("schema_class", ["Person", "Organization", "Country", "Place", "Event",
                                          "Claim"])
def test_seed_facts_every_typed_thing_is_labelled(exported: ox.Store, schema_class: str) -> None:
    assert ask(exported, f"?x a/rdfs:subClassOf* schema:{schema_class}")
    assert not ask(exported, f"""?x a/rdfs:subClassOf* schema:{schema_class}
        FILTER NOT EXISTS {{ ?x rdfs:label|schema:name ?label }}""")


def test_seed_facts_claims_have_text_and_an_attributed_claimant(exported: ox.Store) -> None:
    assert not ask(exported, """?c a/rdfs:subClassOf* schema:Claim
        FILTER NOT EXISTS { ?c schema:text ?t }""")
    assert not ask(exported, """?c a/rdfs:subClassOf* schema:Claim
        FILTER NOT EXISTS { ?c ?p ?who . ?p rdfs:subPropertyOf* prov:wasAttributedTo }""")


def test_seed_facts_sco_founded_on_2001_06_15(exported: ox.Store) -> None:
    assert ask(exported, """?sco skos:exactMatch wd:Q485207 .
        ?e a/rdfs:subClassOf* sco:Founding ; sco:organizer|sem:hasActor ?sco ;
           sem:hasBeginTimeStamp "2001-06-15"^^xsd:date""")


@pytest.mark.parametrize("qid", ["Q668", "Q843"])
def test_seed_facts_india_and_pakistan_members_since_2017(exported: ox.Store, qid: str) -> None:
    assert ask(exported, f"""?sco skos:exactMatch wd:Q485207 . ?state skos:exactMatch wd:{qid} .
        ?m a sco:Membership ; org:member ?state ; org:organization ?sco ;
           sco:startDate "2017"^^xsd:gYear""")


def test_seed_facts_18th_summit_in_qingdao_on_9_and_10_june_2018(exported: ox.Store) -> None:
    assert ask(exported, """?qingdao skos:exactMatch wd:Q170322 .
        ?e a/rdfs:subClassOf* sco:Meeting ; sem:hasPlace ?qingdao ;
           sem:hasBeginTimeStamp "2018-06-09"^^xsd:date ;
           sem:hasEndTimeStamp "2018-06-10"^^xsd:date""")


def test_seed_facts_population_shares_44_and_43_conflict(exported: ox.Store) -> None:
    rows = select(exported, """SELECT ?who ?value ?mode WHERE {
        ?c sco:claimant/rdfs:label ?who ; sco:asserts ?p ; sco:attributionType ?mode .
        ?p schema:value ?value ; sco:measure/rdfs:label ?measure .
        FILTER(CONTAINS(LCASE(STR(?measure)), "population")) }""")
    said = {(r["who"], float(r["value"])) for r in rows}
    assert ("Rashid Alimov", 44.0) in said
    assert ("Wang Kaiwen", 43.0) in said
    assert ask(exported, """
        ?a sco:claimant/rdfs:label "Rashid Alimov"@en ; sco:asserts/schema:value ?v44 .
        ?b sco:claimant/rdfs:label "Wang Kaiwen"@en ; sco:asserts/schema:value ?v43 .
        ?a sco:conflictsWith ?b FILTER(?v44 = 44 && ?v43 = 43)""")


def test_seed_facts_rodion_alimov_resolves_to_rashid_with_surface_kept(exported: ox.Store) -> None:
    assert ask(exported, """?c sco:claimant ?who ; sco:namedAs "Rodion Alimov" .
        ?who rdfs:label "Rashid Alimov"@en""")
    assert ask(exported, """?who rdfs:label "Rashid Alimov"@en ; sco:denotedBy ?m .
        ?m ?selector ?q . ?q <http://www.w3.org/ns/oa#exact> "Rodion Alimov" """) or ask(
        exported, """?who rdfs:label "Rashid Alimov"@en ; sco:denotedBy ?m .
        ?m <http://www.w3.org/ns/oa#hasSelector>/<http://www.w3.org/ns/oa#exact> ?e
        FILTER(CONTAINS(?e, "Rodion Alimov"))""")
