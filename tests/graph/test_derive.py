"""Conflict and corroboration rules, on figures written for these tests."""

from __future__ import annotations

import ast
import hashlib
import inspect
from pathlib import Path

import pyoxigraph as ox
import pytest
from sparql_join import figures_by_sparql_join

from sco_kg.graph.articles.reading import Article
from sco_kg.graph.build import entity_iris
from sco_kg.graph.rdf import claimed as claimed_codec
from sco_kg.graph.rdf import derive, vocab
from sco_kg.graph.rdf.catalogue import Catalogue
from sco_kg.graph.rdf.derive import (
    MAX_CLUSTERS,
    ClaimedFigure,
    canonical_decimal,
    comparability,
    derived_quads,
    stated_figures,
)
from sco_kg.graph.rdf.quads import ArticleGraph
from sco_kg.graph.statements.model import (
    ArticleMeta,
    Claim,
    DateValue,
    Entity,
    Extraction,
    Figure,
    MetaValue,
    Span,
)
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


def test_derive_imports_no_nquads_parsing() -> None:
    """derive reads values: no N-Quads helpers, no store, no parser (issue 10)."""
    tree = ast.parse(inspect.getsource(derive))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
    assert not {m for m in imported if "store" in m or "nquads" in m or "rdflib" in m}
    used = {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id == "ox"}
    assert used <= {"Quad", "NamedNode", "Literal"}, used


# Two invented articles that state figures the way the union of their graphs must merge:
# one measure labelled two ways, a decimal with a trailing zero, a figure two claims share.
TEXT_A = "Ruritania holds 4.40 percent of the trade, Jan Novak said. Others say 9 percent.\n"
TEXT_B = "Ruritania holds 4.4 percent of the trade, Ana Lopez said.\n"


def article(stem: str, text: str) -> Article:
    return Article(name=f"{stem}.txt", stem=stem, text=text, front_matter={}, body_start=0,
                   sha256=hashlib.sha256(text.encode()).hexdigest())


def span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), needle)


def invented_extraction(text: str, claimant: str, label: str) -> Extraction:
    def figure(value: str) -> Figure:
        return Figure(value, "percent", "trade-share", label, span(text, f"{value} percent"),
                      subject="ruritania", period=DateValue("2024", "year", inferred=True))

    first = figure("4.40" if "4.40" in text else "4.4")
    claims = [Claim(claimant, "indirect", span(text, text.split(",")[0]), figures=(first,))]
    if "9 percent" in text:  # one claim asserting two figures, one of them twice
        claims.append(Claim("author", "narration", span(text, "Others say 9 percent"),
                            figures=(figure("9"), figure("9"))))
    entities = (Entity("ruritania", "state", "Ruritania"), Entity(claimant, "person", claimant),
                Entity("author", "person", "author"))
    return Extraction(meta=ArticleMeta(title=MetaValue("Trade", None), language="en"),
                      entities=entities, claims=tuple(claims))


@pytest.fixture(scope="module")
def invented() -> tuple[OxigraphStore, list[ClaimedFigure]]:
    """The two articles' graphs in a store, and the figures their graphs were made with."""
    made = {"a": (article("a", TEXT_A), invented_extraction(TEXT_A, "jan-novak", "trade share")),
            "b": (article("b", TEXT_B), invented_extraction(TEXT_B, "ana-lopez", "share of trade"))}
    iris = entity_iris(Catalogue(), (e for _, e in made.values()))
    store, figures = OxigraphStore(), []
    for stem, (art, extraction) in made.items():
        graph = ArticleGraph(art, extraction, iris)
        store.replace_graphs({vocab.article_graph(stem): graph.quads()})
        figures += graph.claimed_figures()
    return store, figures


def as_rows(figures: list[ClaimedFigure]) -> list[tuple]:
    return [(f.claim, f.article, f.proposition, f.subject, f.figure) for f in figures]


def test_derive_stated_figures_are_the_rows_of_the_join_over_the_graphs(
        invented: tuple[OxigraphStore, list[ClaimedFigure]]) -> None:
    store, figures = invented
    expected = figures_by_sparql_join(store)
    assert {f.figure.measure_label for f in expected} == {"trade share", "share of trade"}
    assert {f.figure.value for f in expected} == {"4.4", "9"}
    assert as_rows(stated_figures(figures)) == as_rows(expected)
    assert as_rows(stated_figures(reversed(figures))) == as_rows(expected)


def test_derive_from_values_equals_derive_from_the_seed_graphs(seed_store_path: Path) -> None:
    """The seed build's stored figures give what the join over its article graphs gives."""
    folder, store, figures = StoreFolder(seed_store_path), OxigraphStore(), []
    articles = [g for g in folder.graphs() if g.startswith(vocab.GRAPH + "article/")]
    # what two or more articles state is in the shared graph (store/sharing.py)
    store.load_nquads({g: folder.graph_nquads(g) for g in [*articles, vocab.GRAPH_SHARED]})
    for graph in articles:
        figures += claimed_codec.decode(folder.graph_figures(graph) or b"")
    expected = figures_by_sparql_join(store)
    assert len(expected) > 20
    assert as_rows(stated_figures(figures)) == as_rows(expected)
    assert set(derived_quads(figures)) == set(derived_quads(expected))


@pytest.mark.parametrize("lexical", ["5", "5.0", "05", "+5", "-0", "-0.0", "4.40", ".5", "-.5",
                                     "1.", "217600000000", "0.000001", "1.00000000000000000000",
                                     "0.0000000000000000001", "170141183460469231732",
                                     "1,000", "1e3", " 5", ""])
def test_derive_canonical_decimal_is_the_form_a_store_keeps(lexical: str) -> None:
    store = ox.Store()
    node = ox.NamedNode("https://example.org/x")
    store.add(ox.Quad(node, node, ox.Literal(lexical, datatype=ox.NamedNode(
        vocab.XSD + "decimal")), node))
    assert canonical_decimal(lexical) == next(iter(store)).object.value


def test_derive_claimed_figures_survive_their_file_unchanged(
        invented: tuple[OxigraphStore, list[ClaimedFigure]]) -> None:
    _, figures = invented
    assert claimed_codec.decode(claimed_codec.encode(figures)) == figures
    assert claimed_codec.encode(figures) == claimed_codec.encode(list(figures))


def test_derive_nquads_are_the_canonical_nquads_of_the_quads() -> None:
    from sco_kg.graph.store.nquads import canonical_nquads

    figures = [claimed(1, "44", period="2018"), claimed(2, "40"), claimed(3, "41", period="2019"),
               claimed(4, "44", article="a1"), claimed(5, "4.4", qualifier="approximate"),
               claimed(6, "50", qualifier="more_than", period="2018")]
    assert derive.derived_nquads(figures) == canonical_nquads(derived_quads(figures))


@pytest.mark.parametrize("years", [2, 40])
def test_derive_an_undated_claim_is_listed_in_a_bounded_number_of_conflicts(years: int) -> None:
    """An undated figure meets every period, but is not listed again for each (issue 17)."""
    undated = [claimed(n, str(10 + n % 3)) for n in range(60)]
    dated = [claimed(100 + y, "90", period=str(1990 + y)) for y in range(years)]
    quads = list(derived_quads(undated + dated))
    listed: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value == vocab.SCO + "conflictingClaim":
            listed.setdefault(q.object.value, set()).add(q.subject.value)
    assert {c.claim for c in undated + dated} <= set(listed)
    assert max(len(conflicts) for conflicts in listed.values()) <= MAX_CLUSTERS


def test_derive_undated_and_dated_conflict_has_them_at_its_ends() -> None:
    quads = list(derived_quads([claimed(1, "10"), claimed(2, "30", period="2018"),
                                claimed(3, "5", period="2019"), claimed(4, "20")]))
    members: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value == vocab.SCO + "conflictingClaim":
            members.setdefault(q.subject.value, set()).add(q.object.value.rsplit("/", 1)[-1])
    # each undated figure against the dated ones below it and above it, and the two undated
    assert sorted(sorted(m) for m in members.values()) == [
        ["1", "2"], ["1", "3"], ["1", "4"], ["2", "4"], ["3", "4"]]


def test_derive_crowded_undated_figures_meet_the_dated_ones_in_one_conflict() -> None:
    undated = [claimed(n, str(10 + n)) for n in range(MAX_CLUSTERS + 15)]
    dated = [claimed(100 + y, str(500 + y), period=str(1990 + y)) for y in range(30)]
    dated.append(claimed(200, "20", period="1991"))  # among the undated: disagrees with some
    quads = list(derived_quads(undated + dated))
    listed: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value == vocab.SCO + "conflictingClaim":
            listed.setdefault(q.object.value, set()).add(q.subject.value)
    assert {c.claim for c in undated + dated} <= set(listed)
    assert max(len(conflicts) for conflicts in listed.values()) <= 2


def test_derive_a_conflict_states_its_claim_count_and_its_ends() -> None:
    # 7 and 5 give the lowest value (first by IRI: 5), 9 the highest, for a crowded group of
    # more than MAX_CLUSTERS values: one conflict listing every claim.
    figures = [claimed(n, str(10 + n)) for n in range(10, MAX_CLUSTERS + 12)]
    figures += [claimed(7, "3"), claimed(5, "3"), claimed(9, "99.50")]
    quads = list(derived_quads(figures))
    facts = {(q.predicate.value.rsplit("#", 1)[-1], q.object) for q in quads
             if q.predicate.value.rsplit("#", 1)[-1] in
             {"claimCount", "lowestValue", "highestValue", "lowestClaim", "highestClaim"}}
    decimal = ox.NamedNode(vocab.XSD + "decimal")
    assert facts == {
        ("claimCount", ox.Literal(len(figures))),
        ("lowestValue", ox.Literal("3", datatype=decimal)),
        ("lowestClaim", ox.NamedNode("https://example.org/claim/5")),
        ("highestValue", ox.Literal("99.5", datatype=decimal)),  # the form a store keeps
        ("highestClaim", ox.NamedNode("https://example.org/claim/9")),
    }


def test_derive_a_conflict_two_comparisons_reach_has_one_summary() -> None:
    # The same two propositions disagree in two periods (this helper's proposition IRIs leave
    # the period out): two comparisons reach one conflict, which gets one summary of all four.
    quads = set(derived_quads([claimed(1, "10", period="2020"), claimed(2, "50", period="2020"),
                               claimed(3, "10", period="2021"), claimed(4, "50", period="2021")]))
    ends = sorted((q.predicate.value.rsplit("#", 1)[-1], q.object.value) for q in quads
                  if q.predicate.value.rsplit("#", 1)[-1] in {"claimCount", "lowestClaim",
                                                              "highestClaim"})
    assert ends == [("claimCount", "4"), ("highestClaim", "https://example.org/claim/2"),
                    ("lowestClaim", "https://example.org/claim/1")]
