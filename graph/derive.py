"""Rules over all articles at once: figures that conflict or corroborate.

Two claimed figures are comparable when they measure the same thing of the same subject
(same ``sco:measure``, subject, unit and kind, so a level never meets a change) over
compatible periods (equal, or one of them unstated). Each figure is read as an interval:
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
    graph = ox.NamedNode(vocab.GRAPH_DERIVED)
    groups: dict[tuple, list[ClaimedFigure]] = defaultdict(list)
    for item in figures:
        f = item.figure
        groups[(item.subject, f.measure, f.unit, f.kind)].append(item)
    for key in sorted(groups):
        for a, b in combinations(groups[key], 2):
            if a.claim == b.claim or not _periods_compatible(a.figure, b.figure):
                continue
            if _disjoint(a, b):
                yield from _conflict(a, b, graph)
            elif _same_figure(a.figure, b.figure) and a.article != b.article:
                for x, y in ((a, b), (b, a)):
                    yield ox.Quad(ox.NamedNode(x.claim), ox.NamedNode(vocab.SCO + "corroborates"),
                                  ox.NamedNode(y.claim), graph)


def _conflict(a: ClaimedFigure, b: ClaimedFigure, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    first, second = ox.NamedNode(a.claim), ox.NamedNode(b.claim)
    yield ox.Quad(first, ox.NamedNode(vocab.SCO + "conflictsWith"), second, graph)
    yield ox.Quad(second, ox.NamedNode(vocab.SCO + "conflictsWith"), first, graph)
    digest = hashlib.sha256(f"{a.claim} {a.proposition} {b.claim} {b.proposition}".encode())
    node = ox.NamedNode(f"{vocab.ID}conflict/{digest.hexdigest()[:16]}")
    va, vb = Decimal(a.figure.value), Decimal(b.figure.value)
    gap = abs(va - vb)
    scale = max(abs(va), abs(vb)) or Decimal(1)
    severity = "minor" if gap / scale < MINOR and "than" not in a.figure.qualifier + \
        b.figure.qualifier else "major"
    facts = [
        (vocab.RDF + "type", ox.NamedNode(vocab.SCO + "FigureConflict")),
        (vocab.SCO + "conflictingClaim", first),
        (vocab.SCO + "conflictingClaim", second),
        (vocab.SCO + "measure", ox.NamedNode(vocab.measure_iri(a.figure.measure))),
        (vocab.SCO + "severity", ox.Literal(severity)),
        (vocab.SCO + "difference", ox.Literal(_plain(gap), datatype=ox.NamedNode(
            vocab.XSD + "decimal"))),
        (vocab.RDFS + "label", ox.Literal(
            f"{a.figure.measure_label}: {_said(a.figure)} vs {_said(b.figure)}", language="en")),
    ]
    if a.subject:
        facts.append((vocab.SCO + "subject", ox.NamedNode(a.subject)))
    for predicate, obj in facts:
        yield ox.Quad(node, ox.NamedNode(predicate), obj, graph)


def _said(figure: Figure) -> str:
    qualifier = {"approximate": "about ", "more_than": "more than ", "less_than": "less than "}
    return f"{qualifier.get(figure.qualifier, '')}{figure.value} {figure.unit}"


def _periods_compatible(a: Figure, b: Figure) -> bool:
    if a.period is None or b.period is None:
        return True
    return a.period.value.startswith(b.period.value) or b.period.value.startswith(a.period.value)


def _disjoint(a: ClaimedFigure, b: ClaimedFigure) -> bool:
    low_a, high_a, low_open_a, high_open_a = a.bounds
    low_b, high_b, low_open_b, high_open_b = b.bounds
    if high_a < low_b or high_b < low_a:
        return True
    if high_a == low_b and (high_open_a or low_open_b):
        return True
    return high_b == low_a and (high_open_b or low_open_a)


def _same_figure(a: Figure, b: Figure) -> bool:
    return Decimal(a.value) == Decimal(b.value) and a.qualifier == b.qualifier


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
