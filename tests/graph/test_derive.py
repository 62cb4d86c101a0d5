"""Conflict and corroboration rules, on figures written for these tests."""

from __future__ import annotations

import pyoxigraph as ox

from sco_kg.graph import vocab
from sco_kg.graph.derive import MAX_CLUSTERS, ClaimedFigure, derived_quads
from sco_kg.graph.statements import DateValue, Figure, Span

SUBJECT = "https://example.org/org/union"


def claimed(n: int, value: str, *, article: str | None = None, qualifier: str = "exact",
            period: str | None = None, kind: str = "level") -> ClaimedFigure:
    figure = Figure(value, "percent", "share-of-world-population", "share of world population",
                    Span(0, 0, ""), period=DateValue(period, "year") if period else None,
                    qualifier=qualifier, kind=kind)
    return ClaimedFigure(f"https://example.org/claim/{n}", article or f"a{n}",
                         f"https://example.org/prop/{value}-{qualifier}-{kind}", SUBJECT, figure)


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
