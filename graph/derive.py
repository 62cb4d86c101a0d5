"""Rules over all articles at once: figures that conflict or corroborate.

Two claimed figures are comparable when they measure the same thing of the same subject
(same ``sco:measure``, subject, unit and kind, so a level never meets a change) for the same
period year; a figure with no stated period meets every year. Each figure is read as an interval:
exact ``v`` is ``[v, v]``, "about v" is ``v ± 10 %``, "more than v" is ``(v, ∞)``. Disjoint
intervals conflict; equal figures from different articles corroborate. A conflict whose
values differ by under 5 % is marked minor (it may be rounding: 44 % vs 43 %).

The output is regenerable and goes to its own named graph, never into an article's.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

import pyoxigraph as ox

from . import vocab
from .statements import DateValue, Figure, Span
from .store import Store

APPROXIMATION = Decimal("0.10")
MINOR = Decimal("0.05")
INFINITY = Decimal("Infinity")
MAX_CLUSTERS = 10
MAX_PAIRWISE = 20


@dataclass(frozen=True)
class ClaimedFigure:
    """One figure one claim asserts, as read back from the article graphs."""

    claim: str
    article: str
    proposition: str
    subject: str
    figure: Figure

    @property
    def bounds(self) -> tuple[Decimal, Decimal, bool, bool]:
        """(low, high, low open, high open)."""
        value = Decimal(self.figure.value)
        if self.figure.qualifier == "approximate":
            return value * (1 - APPROXIMATION), value * (1 + APPROXIMATION), False, False
        if self.figure.qualifier == "more_than":
            return value, INFINITY, True, False
        if self.figure.qualifier == "less_than":
            return -INFINITY, value, False, True
        return value, value, False, False


_FIGURES_QUERY = """
PREFIX sco: <SCO> PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?claim ?article ?p ?subject ?measure ?label ?value ?unit ?qualifier ?kind ?period
WHERE {
  ?claim sco:asserts ?p ; sco:reportedIn ?article .
  ?p sco:measure ?measure ; schema:value ?value ; schema:unitText ?unit ;
     sco:valueQualifier ?qualifier ; sco:quantityKind ?kind .
  OPTIONAL { ?p sco:subject ?subject }
  OPTIONAL { ?p sco:referencePeriod ?period }
  OPTIONAL { ?measure skos:prefLabel ?label }
}""".replace("<SCO>", f"<{vocab.SCO}>")

_PRECISION = {"date": "day", "gYearMonth": "month", "gYear": "year"}


def claimed_figures(store: Store) -> list[ClaimedFigure]:
    """Every figure every claim asserts, read from the store (so incremental builds and
    remote stores derive from exactly what is stored)."""
    qualifiers = {iri: key for key, iri in vocab.QUALIFIER.items()}
    kinds = {iri: key for key, iri in vocab.QUANTITY_KIND.items()}
    found = []
    for row in store.query(_FIGURES_QUERY):
        period = row["period"]
        date = None
        if period is not None:
            datatype = period.datatype.value.rsplit("#", 1)[-1]
            date = DateValue(period.value, _PRECISION.get(datatype, "year"))
        measure = row["measure"].value
        figure = Figure(
            value=row["value"].value, unit=row["unit"].value,
            measure=measure.rsplit("/", 1)[-1],
            measure_label=row["label"].value if row["label"] else measure.rsplit("/", 1)[-1],
            span=Span(0, 0, ""), subject=None, period=date,
            qualifier=qualifiers.get(row["qualifier"].value, "exact"),
            kind=kinds.get(row["kind"].value, "level"))
        found.append(ClaimedFigure(row["claim"].value, row["article"].value, row["p"].value,
                                   row["subject"].value if row["subject"] else "", figure))
    return sorted(found, key=lambda f: (f.claim, f.proposition))


def derived_quads(figures: Sequence[ClaimedFigure]) -> Iterator[ox.Quad]:
    """Conflicts and corroborations, in output that grows linearly with the figures.

    Figures are grouped by what they measure (subject, measure, unit, kind) and compared year
    by year (a figure with no stated period meets every year), then clustered by stated value:
    claims asserting the same figure share one proposition already. One ``sco:FigureConflict``
    is written per pair of disjoint clusters
    (at most ``MAX_CLUSTERS`` clusters a group; beyond that one conflict describes the whole
    group), listing the claims of both. Direct claim-to-claim links (``sco:conflictsWith``,
    ``sco:corroborates``) are a convenience for small groups only (``MAX_PAIRWISE`` claims):
    written for every pair, they would grow with the square of the articles.
    """
    graph = ox.NamedNode(vocab.GRAPH_DERIVED)
    groups: dict[tuple, dict[str, list[ClaimedFigure]]] = defaultdict(lambda: defaultdict(list))
    for item in figures:
        f = item.figure
        groups[(item.subject, f.measure, f.unit, f.kind)][f.period.value[:4] if f.period else ""] \
            .append(item)
    for key in sorted(groups):
        by_year = groups[key]
        undated = by_year.get("", [])
        years = sorted(y for y in by_year if y)
        # A figure with no stated period may be about any year: it meets every dated figure.
        for comparable in ([by_year[y] + undated for y in years] or [undated]):
            yield from _compare(comparable, graph)


def _compare(figures: list[ClaimedFigure], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    clusters: dict[tuple, list[ClaimedFigure]] = defaultdict(list)
    for item in figures:
        clusters[(Decimal(item.figure.value), item.figure.qualifier)].append(item)
    ordered = [clusters[k] for k in sorted(clusters)]
    disjoint = [(a, b) for a, b in combinations(ordered, 2) if _disjoint(a[0], b[0])]
    if len(ordered) > MAX_CLUSTERS and disjoint:
        yield from _conflict(ordered, graph)
    else:
        for a, b in disjoint:
            yield from _conflict([a, b], graph)
    if len(figures) <= MAX_PAIRWISE:
        yield from _pairwise(ordered, disjoint, graph)


def _pairwise(clusters: list[list[ClaimedFigure]],
              disjoint: list[tuple[list[ClaimedFigure], list[ClaimedFigure]]],
              graph: ox.NamedNode) -> Iterator[ox.Quad]:
    conflicts, corroborates = ox.NamedNode(vocab.SCO + "conflictsWith"), \
        ox.NamedNode(vocab.SCO + "corroborates")
    for a, b in disjoint:
        for x in a:
            for y in b:
                if x.claim != y.claim:
                    yield ox.Quad(ox.NamedNode(x.claim), conflicts, ox.NamedNode(y.claim), graph)
                    yield ox.Quad(ox.NamedNode(y.claim), conflicts, ox.NamedNode(x.claim), graph)
    for cluster in clusters:
        for x, y in combinations(cluster, 2):
            if x.article != y.article:
                yield ox.Quad(ox.NamedNode(x.claim), corroborates, ox.NamedNode(y.claim), graph)
                yield ox.Quad(ox.NamedNode(y.claim), corroborates, ox.NamedNode(x.claim), graph)


def _conflict(clusters: list[list[ClaimedFigure]], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """One conflict between the figures of ``clusters`` (two, or a whole crowded group)."""
    first = clusters[0][0]
    values = [Decimal(c[0].figure.value) for c in clusters]
    gap = max(values) - min(values)
    scale = max(abs(v) for v in values) or Decimal(1)
    bounded = any("than" in c[0].figure.qualifier for c in clusters)
    severity = "minor" if len(clusters) == 2 and gap / scale < MINOR and not bounded else "major"
    key = " ".join(sorted(c[0].proposition for c in clusters))
    node = ox.NamedNode(f"{vocab.ID}conflict/{hashlib.sha256(key.encode()).hexdigest()[:16]}")
    said = " vs ".join(_said(c[0].figure) for c in clusters)
    facts = [
        (vocab.RDF + "type", ox.NamedNode(vocab.SCO + "FigureConflict")),
        (vocab.SCO + "measure", ox.NamedNode(vocab.measure_iri(first.figure.measure))),
        (vocab.SCO + "severity", ox.Literal(severity)),
        (vocab.SCO + "difference", ox.Literal(_plain(gap), datatype=ox.NamedNode(
            vocab.XSD + "decimal"))),
        (vocab.RDFS + "label", ox.Literal(f"{first.figure.measure_label}: {said}",
                                          language="en")),
    ]
    facts += [(vocab.SCO + "conflictingClaim", ox.NamedNode(item.claim))
              for cluster in clusters for item in cluster]
    if first.subject:
        facts.append((vocab.SCO + "subject", ox.NamedNode(first.subject)))
    for predicate, obj in facts:
        yield ox.Quad(node, ox.NamedNode(predicate), obj, graph)


def _said(figure: Figure) -> str:
    qualifier = {"approximate": "about ", "more_than": "more than ", "less_than": "less than "}
    return f"{qualifier.get(figure.qualifier, '')}{figure.value} {figure.unit}"


def _disjoint(a: ClaimedFigure, b: ClaimedFigure) -> bool:
    low_a, high_a, low_open_a, high_open_a = a.bounds
    low_b, high_b, low_open_b, high_open_b = b.bounds
    if high_a < low_b or high_b < low_a:
        return True
    if high_a == low_b and (high_open_a or low_open_b):
        return True
    return high_b == low_a and (high_open_b or low_open_a)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
