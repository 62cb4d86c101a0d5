"""Rules over all articles at once: figures that conflict or corroborate.

Two claimed figures are comparable when they measure the same thing of the same subject
(same ``sco:measure``, subject, unit and kind, so a level never meets a change) for the same
stated period; a figure with no stated period meets every period (:func:`comparability`).
Each figure is read as an interval: exact ``v`` is ``[v, v]``, "about v" is ``v ± 10 %``,
"more than v" is ``(v, ∞)``. Disjoint intervals conflict; equal figures from different
articles corroborate. A conflict whose values differ by under 5 % is marked minor (it may be
rounding: 44 % vs 43 %).

The rules read only the triples of ten predicates (``FIGURE_PREDICATES``). A build collects
them article by article in a ``FigureIndex``, as each graph is written, instead of querying a
store that holds every quad (2 GB at 1,000 articles); ``claimed_figures(store)`` reads the
same triples from a store.

The output is regenerable and goes to its own named graph, never into an article's.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, product

import pyoxigraph as ox

from ..statements.model import DateValue, Figure, Span
from ..store import Store
from ..store.nquads import nquads_lines_with
from . import vocab

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


# The ten predicates the figures are read from; nothing else about a claim matters here.
FIGURE_PREDICATES: tuple[str, ...] = (
    vocab.SCO + "asserts", vocab.SCO + "reportedIn",
    vocab.SCO + "measure", vocab.SCHEMA + "value", vocab.SCHEMA + "unitText",
    vocab.SCO + "valueQualifier", vocab.SCO + "quantityKind", vocab.SCO + "subject",
    vocab.SCO + "referencePeriod",
    vocab.SKOS + "prefLabel",
)
_CLAIM, _PROPOSITION, _LABEL = range(3)
# predicate -> (which table, slot); proposition slots 0-4 are required, 5-6 optional
_SLOTS = {predicate: (_CLAIM, i) for i, predicate in enumerate(FIGURE_PREDICATES[:2])}
_SLOTS.update({predicate: (_PROPOSITION, i) for i, predicate in enumerate(FIGURE_PREDICATES[2:9])})
_SLOTS[FIGURE_PREDICATES[9]] = (_LABEL, 0)
_NEEDLES = tuple(f" <{predicate}> ".encode() for predicate in FIGURE_PREDICATES)
_TRIPLES_QUERY = ("SELECT ?s ?p ?o WHERE { VALUES ?p { "
                  + " ".join(f"<{predicate}>" for predicate in FIGURE_PREDICATES) + " } ?s ?p ?o }")

_PRECISION = {"date": "day", "gYearMonth": "month", "gYear": "year"}


def figure_lines(nquads: bytes) -> bytes:
    """The lines of canonical N-Quads that may hold a ``FIGURE_PREDICATES`` triple.

    A byte search, so a build picks them out of each article's graph without parsing the
    rest; a literal that happens to contain such an IRI brings its line along, and
    ``FigureIndex`` ignores it.
    """
    return nquads_lines_with(nquads, _NEEDLES)


class FigureIndex:
    """The ``FIGURE_PREDICATES`` triples of a dataset, merged graph by graph as an RDF union.

    ``claimed_figures`` needs only these triples, so a build feeds it each article's few
    figure lines as the article is written, and never holds every article's graph at once.
    Terms go through an Oxigraph store on the way in, so literals come out in the canonical
    form a query over the whole store would give (``"4.40"^^xsd:decimal`` is ``4.4``).
    """

    def __init__(self) -> None:
        # claim -> [propositions, articles]; proposition -> [measure, value, unit, qualifier,
        # kind, subject, period]; measure -> [labels]. A slot holds None, a term or a frozenset.
        self._tables: tuple[dict, dict, dict] = ({}, {}, {})
        self._widths = (2, 7, 1)
        self._terms: dict = {}  # one object per distinct term: figures repeat units and kinds

    def add(self, subject: object, predicate: str, obj: object) -> None:
        """Add one triple (triples with other predicates are ignored)."""
        where = _SLOTS.get(predicate)
        if where is None:
            return
        table, slot = where
        row = self._tables[table].get(subject)
        if row is None:
            row = self._tables[table][subject] = [None] * self._widths[table]
        obj = self._terms.setdefault(obj, obj)
        held = row[slot]
        if held is None:
            row[slot] = obj
        elif isinstance(held, frozenset):
            if obj not in held:
                row[slot] = held | {obj}
        elif held != obj:
            row[slot] = frozenset((held, obj))

    def add_nquads(self, nquads: bytes) -> None:
        """Add the figure triples of N-Quads (``figure_lines`` of a graph is enough)."""
        if not nquads:
            return
        store = ox.Store()
        store.load(nquads, ox.RdfFormat.N_QUADS)  # cheaper than bulk_load for a few lines
        for quad in store:
            self.add(quad.subject, quad.predicate.value, quad.object)

    def claimed_figures(self) -> list[ClaimedFigure]:
        """Every figure every claim asserts: the rows of the SPARQL join ::

            SELECT DISTINCT * WHERE {
              ?claim sco:asserts ?p ; sco:reportedIn ?article .
              ?p sco:measure ?measure ; schema:value ?value ; schema:unitText ?unit ;
                 sco:valueQualifier ?qualifier ; sco:quantityKind ?kind .
              OPTIONAL { ?p sco:subject ?subject } OPTIONAL { ?p sco:referencePeriod ?period }
              OPTIONAL { ?measure skos:prefLabel ?label } }

        sorted by claim, proposition and then every other term, so the order never depends
        on how a store happens to iterate.
        """
        claims, propositions, labels = self._tables
        make = _Maker()
        found = []
        for claim in sorted(claims, key=lambda term: (term.value, str(term))):
            asserted, reported = claims[claim]
            rows = []
            for proposition in _each(asserted):
                facts = propositions.get(proposition)
                if facts is None or any(slot is None for slot in facts[:5]):
                    continue
                for article in _each(reported):
                    for measure, value, unit, qualifier, kind in product(*map(_each, facts[:5])):
                        label_row = labels.get(measure)
                        for subject, period, label in product(
                                _optional(facts[5]), _optional(facts[6]),
                                _optional(label_row[0] if label_row else None)):
                            rows.append((proposition, article, subject, measure, label,
                                         value, unit, qualifier, kind, period))
            rows.sort(key=lambda row: (row[0].value, *map(str, row)))
            found += (make.claimed(claim, *row) for row in rows)
        return found


def _each(slot: object) -> tuple | frozenset:
    if slot is None:
        return ()
    return slot if isinstance(slot, frozenset) else (slot,)


def _optional(slot: object) -> tuple | frozenset:
    return _each(slot) or (None,)


class _Maker:
    """Rows to ``ClaimedFigure`` objects, sharing one string per term and one ``Figure`` per
    distinct figure: many claims state the same figure, and a build holds them all."""

    def __init__(self) -> None:
        self._text: dict = {}
        self._figures: dict[tuple, Figure] = {}

    def claimed(self, claim: object, proposition: object, article: object, subject: object,
                *figure: object) -> ClaimedFigure:
        made = self._figures.get(figure)
        if made is None:
            made = self._figures[figure] = _figure(*figure)
        return ClaimedFigure(claim.value, self.text(article), self.text(proposition),
                             self.text(subject) if subject is not None else "", made)

    def text(self, term: object) -> str:
        value = self._text.get(term)
        if value is None:
            value = self._text[term] = term.value
        return value


def _figure(measure: object, label: object, value: object, unit: object, qualifier: object,
            kind: object, period: object) -> Figure:
    date = None
    if period is not None:
        datatype = period.datatype.value.rsplit("#", 1)[-1]
        date = DateValue(period.value, _PRECISION.get(datatype, "year"))
    key = measure.value.rsplit("/", 1)[-1]
    return Figure(
        value=value.value, unit=unit.value, measure=key,
        measure_label=label.value if label is not None else key,
        span=Span(0, 0, ""), subject=None, period=date,
        qualifier=_QUALIFIERS.get(qualifier.value, "exact"),
        kind=_KINDS.get(kind.value, "level"))


_QUALIFIERS = {iri: key for key, iri in vocab.QUALIFIER.items()}
_KINDS = {iri: key for key, iri in vocab.QUANTITY_KIND.items()}


def claimed_figures(store: Store) -> list[ClaimedFigure]:
    """Every figure every claim asserts, read from the store (so incremental builds and
    remote stores derive from exactly what is stored)."""
    index = FigureIndex()
    for row in store.query(_TRIPLES_QUERY):
        index.add(row["s"], row["p"].value, row["o"])
    return index.claimed_figures()


def derived_quads(figures: Sequence[ClaimedFigure]) -> Iterator[ox.Quad]:
    """Conflicts and corroborations, in output that grows linearly with the figures.

    Figures are grouped by what they measure (:func:`comparability`) and compared period
    by period (a figure with no stated period meets every period), then clustered by stated value:
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
        key = comparability(item)
        if key is not None:
            groups[key[:-1]][key[-1]].append(item)
    for key in sorted(groups):
        by_year = groups[key]
        undated = by_year.get("", [])
        years = sorted(y for y in by_year if y)
        # A figure with no stated period may be about any year: it meets every dated figure.
        for comparable in ([by_year[y] + undated for y in years] or [undated]):
            yield from _compare(comparable, graph)


# Measures the extraction falls back to when the text names none: two such figures may
# measure anything, so they are never compared.
UNNAMED_MEASURES = frozenset({"amount", "percentage", "length", "area", "weight", "multiple"})


def comparability(item: ClaimedFigure) -> tuple[str, str, str, str, str] | None:
    """What decides which figures are compared: (subject, measure, unit, kind, period).

    Figures are comparable only when they measure the same thing (``sco:measure``: an annual
    rate, a multi-year average, a forecast and a difference in percentage points are measures
    of their own) of the same subject, in the same unit and kind (a level never meets a
    change), for the same period as stated (a month is not the year it falls in; "" for no
    stated period, which meets every period). A figure with no subject, or whose measure the
    text does not name, is about something unknown and is compared with nothing.
    """
    f = item.figure
    if not item.subject or f.measure in UNNAMED_MEASURES:
        return None
    return item.subject, f.measure, f.unit, f.kind, f.period.value if f.period else ""


def _compare(figures: list[ClaimedFigure], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    clusters: dict[tuple, list[ClaimedFigure]] = defaultdict(list)
    for item in figures:
        clusters[(Decimal(item.figure.value), item.figure.qualifier)].append(item)
    ordered = [clusters[k] for k in sorted(clusters)]
    pairs = combinations(ordered, 2)
    if len(ordered) > MAX_CLUSTERS and len(figures) > MAX_PAIRWISE:
        # One conflict for the whole group, and no pairwise links: listing every disjoint
        # pair first cost 5 million comparisons at 10,000 articles, to learn if there is one.
        if any(_disjoint(a[0], b[0]) for a, b in pairs):
            yield from _conflict(ordered, graph)
        return
    disjoint = [(a, b) for a, b in pairs if _disjoint(a[0], b[0])]
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
