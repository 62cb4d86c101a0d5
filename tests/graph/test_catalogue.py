"""The curated catalogue: shape, IRIs, posts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sco_kg.graph.rdf import vocab
from sco_kg.graph.rdf.catalogue import load_catalogue


@pytest.fixture(scope="module")
def catalogue():  # noqa: ANN201 - pytest fixture
    return load_catalogue()


def test_catalogue_iris_are_minted_by_vocab(catalogue) -> None:  # noqa: ANN001
    for entry in catalogue.entries:
        assert entry.iri == vocab.entity_iri(entry.kind, entry.key)
    assert len({e.key for e in catalogue.entries}) == len(catalogue.entries)


def test_catalogue_qids_are_well_formed(catalogue) -> None:  # noqa: ANN001
    assert all(re.fullmatch(r"Q\d+", e.qid) for e in catalogue.entries if e.qid)
    assert catalogue.get("sco").qid == "Q485207"


def test_catalogue_posts_point_at_entries(catalogue) -> None:  # noqa: ANN001
    for post in catalogue.posts:
        assert catalogue.get(post.person).kind == "person"
        assert catalogue.get(post.organization) is not None


def test_catalogue_records_secretaries_general_with_terms(catalogue) -> None:  # noqa: ANN001
    terms = {p.person: (p.start, p.end) for p in catalogue.holders("sco", "secretary-general")}
    assert terms["rashid-alimov"] == ("2016", "2018")
    assert terms["vladimir-norov"] == ("2019", "2021")
    assert len(terms) == 8


def test_catalogue_people_have_hidden_surnames(catalogue) -> None:  # noqa: ANN001
    assert "Alimov" in catalogue.get("rashid-alimov").hidden
    assert "Alimov" not in catalogue.names()


def test_catalogue_bodies_named_after_a_state_answer_to_its_official_names(
        tmp_path: Path) -> None:
    (tmp_path / "entities.ttl").write_text("""\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sco: <https://w3id.org/sco-kg/ontology#> .
<https://w3id.org/sco-kg/id/state/ruritania> a sco:State ;
    rdfs:label "Ruritania"@en ; skos:altLabel "Republic of Ruritania"@en , "ROR"@en .
<https://w3id.org/sco-kg/id/org/ruritania-energy> a sco:GovernmentBody ;
    rdfs:label "Ministry of Energy of Ruritania"@en .
""", encoding="utf-8")
    entry = load_catalogue(tmp_path / "entities.ttl").get("ruritania-energy")
    assert entry is not None
    assert set(entry.aliases) == {"Ministry of Energy of the Republic of Ruritania",
                                  "Ministry of Energy of the ROR"}


@pytest.mark.parametrize("state, role, person, start, end", [
    ("pakistan", "president", "asif-ali-zardari", "2024", None),
    ("pakistan", "president", "arif-alvi", "2018", "2024"),
    ("kazakhstan", "prime-minister", "olzhas-bektenov", "2024", None),
    ("kazakhstan", "foreign-minister", "murat-nurtleu", "2023", "2025"),
    ("uzbekistan", "foreign-minister", "bakhtiyor-saidov", "2022", None),
    ("kyrgyzstan", "foreign-minister", "jeenbek-kulubaev", "2022", None),
    ("sco", "secretary-general", "zhang-ming", "2022", "2024"),
    ("sco", "secretary-general", "nurlan-yermekbayev", "2025", None),
])
def test_catalogue_records_current_leaders_with_terms(catalogue, state: str, role: str,  # noqa: ANN001
                                                      person: str, start: str,
                                                      end: str | None) -> None:
    terms = {(p.person, p.start, p.end) for p in catalogue.holders(state, role)}
    assert (person, start, end) in terms


def test_catalogue_entities_are_found_by_iri_and_by_each_name_in_lower_case() -> None:
    import pyoxigraph as ox

    from sco_kg.graph.build import static_graphs
    from sco_kg.graph.rdf.quads import reference_lookup_keys

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    turtle = f"""
        <https://example.org/p/ada> a <{vocab.KIND_CLASS["person"]}> ;
            <{vocab.RDFS}label> "Ada ÖZTÜRK"@en ; <{vocab.SKOS}altLabel> "Madam Ada" ;
            <{vocab.SKOS}hiddenLabel> "Öztürk" .
        <https://example.org/role/chair> <{rdf}type> <https://example.org/Role> ;
            <{vocab.RDFS}label> "Chair" .
    """
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    keys = {(s.value, o.value) for s, _, o in reference_lookup_keys(triples)}
    assert keys == {("https://example.org/p/ada", "https://example.org/p/ada"),
                    ("https://example.org/p/ada", "ada öztürk"),
                    ("https://example.org/p/ada", "madam ada")}
    reference = static_graphs()[vocab.GRAPH_REFERENCE]
    sco = ox.NamedNode(vocab.entity_iri("igo", "sco"))
    found = {q.object.value for q in reference
             if q.subject == sco and q.predicate.value == vocab.SCO + "lookupKey"}
    assert {"shanghai cooperation organisation", "sco", sco.value} <= found
