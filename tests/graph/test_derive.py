"""Conflict and corroboration rules, on figures written for these tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from sco_kg.graph.rdf import vocab
from sco_kg.graph.rdf.derive import (
    FIGURE_PREDICATES,
    MAX_CLUSTERS,
    ClaimedFigure,
    FigureIndex,
    claimed_figures,
    comparability,
    derived_quads,
    figure_lines,
)
from sco_kg.graph.statements.model import DateValue, Figure, Span
from sco_kg.graph.store.oxigraph import OxigraphStore, StoreFolder

SUBJECT = "https://example.org/org/union"


def claimed(n: int, value: str, *, article: str | None = None, qualifier: str = "exact",
            period: str | None = None, kind: str = "level",
            measure: str = "share-of-world-population", subject: str = SUBJECT) -> ClaimedFigure:
    precision = {4: "year", 7: "month", 10: "day"}
    figure = Figure(value, "percent", measure, measure.replace("-", " "), Span(0, 0, ""),
                    period=DateValue(period, precision[len(period)]) if period else None,
                    qualifier=qualifier, kind=kind)
    return ClaimedFigure(f"https://example.org/claim/{n}", article or f"a{n}",
                         f"https://example.org/prop/{measure}-{value}-{qualifier}-{kind}",
                         subject, figure)


def links(quads: list[ox.Quad], term: str) -> set[tuple[str, str]]:
    return {(q.subject.value.rsplit("/", 1)[-1], q.object.value.rsplit("/", 1)[-1])
            for q in quads if q.predicate.value == vocab.SCO + term}


def test_derive_different_figures_conflict_and_equal_ones_corroborate() -> None:
    quads = list(derived_quads([claimed(1, "44"), claimed(2, "44"), claimed(3, "43")]))
    assert links(quads, "conflictsWith") == {("1", "3"), ("3", "1"), ("2", "3"), ("3", "2")}
    assert links(quads, "corroborates") == {("1", "2"), ("2", "1")}
    conflicts = [q for q in quads if q.object == ox.NamedNode(vocab.SCO + "FigureConflict")]
    assert len(conflicts) == 1
    severities = {q.object for q in quads if q.predicate.value.endswith("severity")}
    assert severities == {ox.Literal("minor")}


def test_derive_ranges_conflict_only_when_disjoint() -> None:
    more_than_200 = claimed(1, "200", qualifier="more_than")
    assert links(list(derived_quads([more_than_200, claimed(2, "140", qualifier="approximate")])),
                 "conflictsWith")
    assert not links(list(derived_quads([more_than_200, claimed(3, "250")])), "conflictsWith")
    assert not links(list(derived_quads([claimed(4, "100", qualifier="approximate"),
                                         claimed(5, "105")])), "conflictsWith")


def test_derive_never_compares_a_level_with_a_change_or_other_years() -> None:
    assert not list(derived_quads([claimed(1, "200"), claimed(2, "150", kind="change")]))
    assert not list(derived_quads([claimed(1, "4.4", period="2016"),
                                   claimed(2, "4.8", period="2017")]))
    assert list(derived_quads([claimed(1, "4.4", period="2016"),
                               claimed(2, "4.84", period="2016")]))


@pytest.mark.parametrize("first, second", [
    # an annual rate (4.4 % in 2016) is not a multi-year average (4.84 % up to 2016)
    ({"measure": "gdp-growth-rate", "period": "2016"},
     {"measure": "average-gdp-growth-rate", "period": "2016"}),
    # a forecast is not an observed level
    ({"measure": "share-of-world-gdp"}, {"measure": "forecast-share-of-world-gdp"}),
    # a difference in percentage points is not a rate
    ({"measure": "gdp-growth-rate"}, {"measure": "gdp-growth-rate-percentage-points",
                                      "kind": "change"}),
    # one state's trade is not the bloc's
    ({"measure": "trade-volume", "subject": "https://example.org/state/gondor"},
     {"measure": "trade-volume"}),
    # a figure about nothing named, or of a measure the text does not name, meets nothing
    ({"subject": ""}, {}),
    ({"measure": "percentage"}, {"measure": "percentage"}),
    # one month is not the year it falls in
    ({"measure": "trade-volume", "period": "2022-08"},
     {"measure": "trade-volume", "period": "2022"}),
])
def test_derive_false_conflicts_are_not_made(first: dict, second: dict) -> None:
    assert not list(derived_quads([claimed(1, "4.4", **first), claimed(2, "12", **second)]))


def test_derive_comparability_names_subject_measure_unit_kind_and_period() -> None:
    assert comparability(claimed(1, "4.4", period="2016", measure="gdp-growth-rate")) == (
        SUBJECT, "gdp-growth-rate", "percent", "level", "2016")
    assert comparability(claimed(1, "4.4", subject="")) is None


def test_derive_seeds_show_no_conflict_between_an_annual_rate_and_an_average(
        seed_store) -> None:  # noqa: ANN001
    conflicts = seed_store.query(
        "PREFIX sco: <https://w3id.org/sco-kg/ontology#> "
        "SELECT ?measure WHERE { ?c a sco:FigureConflict ; sco:measure ?measure }")
    measures = {row["measure"].value.rsplit("/", 1)[-1] for row in conflicts}
    assert "gdp-growth-rate" not in measures
    assert "average-gdp-growth-rate" not in measures
    figures = seed_store.query(
        "PREFIX sco: <https://w3id.org/sco-kg/ontology#> "
        "SELECT DISTINCT ?measure WHERE { ?p sco:measure ?measure }")
    found = {row["measure"].value.rsplit("/", 1)[-1] for row in figures}
    assert {"gdp-growth-rate", "average-gdp-growth-rate"} <= found


def test_derive_same_article_figures_do_not_corroborate_each_other() -> None:
    assert not links(list(derived_quads([claimed(1, "44", article="a"),
                                         claimed(2, "44", article="a")])), "corroborates")


def test_derive_output_grows_linearly_with_the_claims() -> None:
    """Pairwise links for every claim would be quadratic: 2,000 claims -> 4 million links."""
    def size(n: int) -> int:
        figures = [claimed(i, str(i % (MAX_CLUSTERS * 3))) for i in range(n)]
        return len(list(derived_quads(figures)))

    small, large = size(200), size(2000)
    assert large <= 11 * small
    assert large < 20 * 2000


def test_derive_a_figure_without_period_meets_every_year() -> None:
    quads = list(derived_quads([claimed(1, "44", period="2018"), claimed(2, "40"),
                                claimed(3, "41", period="2019")]))
    assert links(quads, "conflictsWith") == {("1", "2"), ("2", "1"), ("2", "3"), ("3", "2")}


# The join claimed_figures stood for when it was one SPARQL query over the whole store.
REFERENCE_JOIN = """
PREFIX sco: <https://w3id.org/sco-kg/ontology#> PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?claim ?article ?p ?subject ?measure ?label ?value ?unit ?qualifier ?kind ?period
WHERE {
  ?claim sco:asserts ?p ; sco:reportedIn ?article .
  ?p sco:measure ?measure ; schema:value ?value ; schema:unitText ?unit ;
     sco:valueQualifier ?qualifier ; sco:quantityKind ?kind .
  OPTIONAL { ?p sco:subject ?subject }
  OPTIONAL { ?p sco:referencePeriod ?period }
  OPTIONAL { ?measure skos:prefLabel ?label }
}"""

SECOND_LABEL_AND_A_RIVAL = """
@prefix sco: <https://w3id.org/sco-kg/ontology#> . @prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/claim/1> sco:asserts <https://example.org/prop/1> ;
    sco:reportedIn <https://example.org/article/1> .
<https://example.org/prop/1> sco:measure <https://w3id.org/sco-kg/id/measure/gdp-growth-rate> ;
    schema:value "5.90"^^xsd:decimal ; schema:unitText "percent" ; sco:valueQualifier sco:Exactly ;
    sco:quantityKind sco:Level ; sco:subject <https://w3id.org/sco-kg/id/org/sco> ;
    sco:referencePeriod "2016"^^xsd:gYear .
<https://w3id.org/sco-kg/id/measure/gdp-growth-rate> skos:prefLabel "GDP growth (loaded)" .
"""


def as_rows(figures: list[ClaimedFigure]) -> list[tuple]:
    return sorted((f.claim, f.article, f.proposition, f.subject, f.figure.measure,
                   f.figure.measure_label, f.figure.value, f.figure.unit, f.figure.qualifier,
                   f.figure.kind, f.figure.period) for f in figures)


def reference_rows(store: object) -> list[tuple]:
    qualifiers = {iri: key for key, iri in vocab.QUALIFIER.items()}
    kinds = {iri: key for key, iri in vocab.QUANTITY_KIND.items()}
    precision = {"gYear": "year", "gYearMonth": "month", "date": "day"}
    rows = []
    for r in store.query(REFERENCE_JOIN):
        measure = r["measure"].value.rsplit("/", 1)[-1]
        period = r["period"] and DateValue(
            r["period"].value, precision[r["period"].datatype.value.rsplit("#", 1)[-1]])
        rows.append((r["claim"].value, r["article"].value, r["p"].value,
                     r["subject"].value if r["subject"] else "", measure,
                     r["label"].value if r["label"] else measure, r["value"].value,
                     r["unit"].value, qualifiers[r["qualifier"].value], kinds[r["kind"].value],
                     period))
    return sorted(rows)


@pytest.fixture(scope="module")
def seeds_and_a_loaded_graph(seed_store_path: Path) -> OxigraphStore:
    """The seed graphs plus one that labels a measure again and asserts a rival figure."""
    store = OxigraphStore()
    folder = StoreFolder(seed_store_path)
    built = (vocab.GRAPH_DERIVED, vocab.GRAPH_PROVENANCE)
    store.load_nquads({g: folder.graph_nquads(g) for g in folder.graphs() if g not in built})
    loaded = ox.NamedNode("https://example.org/graph/loaded")
    store.replace_graphs({loaded.value: [
        ox.Quad(t.subject, t.predicate, t.object, loaded)
        for t in ox.parse(SECOND_LABEL_AND_A_RIVAL, format=ox.RdfFormat.TURTLE)]})
    return store


def test_derive_figure_index_gives_the_rows_of_the_sparql_join(
        seeds_and_a_loaded_graph: OxigraphStore) -> None:
    store = seeds_and_a_loaded_graph
    expected = reference_rows(store)
    assert len(expected) >= 30
    assert any(row[5] == "GDP growth (loaded)" for row in expected)
    assert as_rows(claimed_figures(store)) == expected
    index = FigureIndex()  # graph by graph, from the figure lines only, as a build does it
    for graph in store.graphs():
        index.add_nquads(figure_lines(store.graph_nquads(graph)))
    assert as_rows(index.claimed_figures()) == expected
    assert "5.9" in {row[6] for row in expected}  # canonical, as a query over the store gives


def test_derive_claimed_figures_do_not_depend_on_the_order_graphs_are_added(
        seeds_and_a_loaded_graph: OxigraphStore) -> None:
    store = seeds_and_a_loaded_graph
    forwards, backwards = FigureIndex(), FigureIndex()
    for graph in store.graphs():
        forwards.add_nquads(store.graph_nquads(graph))
    for graph in reversed(store.graphs()):
        backwards.add_nquads(store.graph_nquads(graph))
    assert forwards.claimed_figures() == backwards.claimed_figures()


def test_derive_figure_lines_keep_every_figure_triple_and_little_else(
        seed_store_path: Path) -> None:
    folder = StoreFolder(seed_store_path)
    graph = next(g for g in folder.graphs() if "/article/" in g)
    body = folder.graph_nquads(graph)
    lines = figure_lines(body)
    wanted = {q for q in ox.parse(body, format=ox.RdfFormat.N_QUADS)
              if q.predicate.value in FIGURE_PREDICATES}
    assert set(ox.parse(lines, format=ox.RdfFormat.N_QUADS)) == wanted
    assert len(lines) < len(body) / 5
