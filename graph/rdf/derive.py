"""Rules over all articles at once: figures that conflict or corroborate.

Two claimed figures are comparable when they measure the same thing of the same subject
(same ``sco:measure``, subject, unit and kind, so a level never meets a change) for the same
stated period; a figure with no stated period meets every period (:func:`comparability`).
Each figure is read as an interval: exact ``v`` is ``[v, v]``, "about v" is ``v ± 10 %``,
"more than v" is ``(v, ∞)``. Disjoint intervals conflict; equal figures from different
articles corroborate. A conflict whose values differ by under 5 % is marked minor (it may be
rounding: 44 % vs 43 %).

The rules read values, never RDF: each article's ``ClaimedFigure`` objects, which
``ArticleGraph.claimed_figures`` makes from the extraction beside the article's quads (a build
keeps them beside the graph file). ``stated_figures`` first reads them as the union of the
article graphs states them (a proposition or a measure several articles share has the facts
all of them give it; a decimal is in its canonical form), so the output is what a query over
every article graph would compare, without building or parsing one.

The output is regenerable and goes to its own named graph, never into an article's.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, product

import pyoxigraph as ox

from ..statements.model import DateValue, Figure, Span
from . import vocab
from .claimed import ClaimedFigure, Row, row
from .quads import date_literal

APPROXIMATION = Decimal("0.10")
MINOR = Decimal("0.05")
INFINITY = Decimal("Infinity")
MAX_CLUSTERS = 10
MAX_PAIRWISE = 20

__all__ = ["MAX_CLUSTERS", "MAX_PAIRWISE", "UNNAMED_MEASURES", "ClaimedFigure",
           "canonical_decimal", "comparability", "derived_nquads", "derived_nquads_of_rows",
           "derived_quads",
           "stated_figures"]


def bounds(item: ClaimedFigure) -> tuple[Decimal, Decimal, bool, bool]:
    """(low, high, low open, high open) of the interval a figure states."""
    value = _number(item.figure.value)
    if item.figure.qualifier == "approximate":
        return value * (1 - APPROXIMATION), value * (1 + APPROXIMATION), False, False
    if item.figure.qualifier == "more_than":
        return value, INFINITY, True, False
    if item.figure.qualifier == "less_than":
        return -INFINITY, value, False, True
    return value, value, False, False


# -- the figures as the union of the article graphs states them ------------------------------

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DECIMAL_LIMIT = 2 ** 127  # xsd:decimal as RDF stores keep it: 128 bits, 18 fraction digits
_DECIMAL_TYPE = ox.NamedNode(vocab.XSD + "decimal")


def canonical_decimal(lexical: str) -> str:
    """The canonical form an RDF store gives an ``xsd:decimal`` (``"4.40"`` is ``4.4``).

    The form Oxigraph keeps in the store, so derived labels read as a query over the article
    graphs would: no sign ``+``, no leading or trailing zeros, no ``-0``. A lexical form the
    store cannot hold as a decimal stays as it is.
    """
    if not _DECIMAL.fullmatch(lexical):
        return lexical
    value = Decimal(lexical)
    scaled = value.scaleb(18)
    if scaled != scaled.to_integral_value() or not -_DECIMAL_LIMIT <= scaled < _DECIMAL_LIMIT:
        return lexical
    if not value:
        return "0"
    return format(value.normalize(), "f")


_Period = tuple[str, str]  # (lexical form, precision)
_Row = tuple[str, str, str | None, str, str | None, str, str, str, str, _Period | None]


def stated_figures(figures: Iterable[ClaimedFigure]) -> list[ClaimedFigure]:
    """The figures the claims assert, as the union of the article graphs states them.

    The rows of the join (over the merged article graphs) ::

        SELECT DISTINCT * WHERE {
          ?claim sco:asserts ?p ; sco:reportedIn ?article .
          ?p sco:measure ?measure ; schema:value ?value ; schema:unitText ?unit ;
             sco:valueQualifier ?qualifier ; sco:quantityKind ?kind .
          OPTIONAL { ?p sco:subject ?subject } OPTIONAL { ?p sco:referencePeriod ?period }
          OPTIONAL { ?measure skos:prefLabel ?label } }

    computed from the values: a figure two claims share counts once a claim, a measure
    labelled differently by two articles has both labels, values are canonical decimals.
    Sorted by claim, proposition and then every other term as N-Triples, so the order never
    depends on the order the articles come in.
    """
    return _stated(row(item) for item in figures)


def _stated(rows: Iterable[Row]) -> list[ClaimedFigure]:
    """``stated_figures`` of the figures as ``claimed.row`` gives them."""
    claims: dict[str, tuple[set[str], set[str]]] = {}
    # proposition -> sets of: measure, value, unit, qualifier, kind, subject, period
    facts: dict[str, tuple[set, set, set, set, set, set, set]] = {}
    labels: dict[str, set[str]] = defaultdict(set)  # measure -> labels
    slugs: dict[str, str] = {}  # figures repeat measures and values: each is worked out once
    values: dict[str, str] = {}
    for (claim, article, proposition, about, raw_measure, named, raw_value, unit, qualifier,
         kind, period_value, precision) in rows:
        held = claims.get(claim)
        if held is None:
            held = claims[claim] = (set(), set())
        held[0].add(proposition)
        held[1].add(article)
        slots = facts.get(proposition)
        if slots is None:
            slots = facts[proposition] = (set(), set(), set(), set(), set(), set(), set())
        measure = slugs.get(raw_measure)
        if measure is None:  # the measure's IRI holds its key as a slug
            measure = slugs[raw_measure] = vocab.slug(raw_measure)
        value = values.get(raw_value)
        if value is None:
            value = values[raw_value] = canonical_decimal(raw_value)
        slots[0].add(measure)
        slots[1].add(value)
        slots[2].add(unit)
        slots[3].add(qualifier)
        slots[4].add(kind)
        if about:
            slots[5].add(about)
        if period_value is not None:
            slots[6].add((period_value, precision))
        labels[measure].add(named)
    made: dict[tuple, Figure] = {}  # one Figure per distinct figure: many claims share one
    # proposition -> (subject, figure) when it states one value of each (the usual case)
    single: dict[str, tuple[str, Figure] | None] = {}
    found = []
    for claim in sorted(claims):
        asserted, reported = claims[claim]
        if len(asserted) == 1 and len(reported) == 1:  # one row: nothing to sort
            (proposition,), (article,) = asserted, reported
            if proposition not in single:
                single[proposition] = _single(facts[proposition], labels, made)
            one = single[proposition]
            if one is not None:
                found.append(ClaimedFigure(claim, article, proposition, one[0], one[1]))
                continue
        rows_: list[_Row] = []
        for proposition in asserted:
            slots = facts[proposition]
            for article in reported:
                for measure, value, unit, qualifier, kind in product(*slots[:5]):
                    for subject, period, label in product(
                            slots[5] or (None,), slots[6] or (None,), labels[measure] or (None,)):
                        rows_.append((proposition, article, subject, measure, label, value, unit,
                                      qualifier, kind, period))
        if len(rows_) > 1:
            rows_.sort(key=_row_key)
        for proposition, article, subject, measure, label, value, unit, qualifier, kind, period \
                in rows_:
            key = (measure, label, value, unit, qualifier, kind, period)
            figure = made.get(key)
            if figure is None:
                figure = made[key] = _figure(*key)
            found.append(ClaimedFigure(claim, article, proposition, subject or "", figure))
    return found


def _single(slots: tuple[set, ...], labels: dict[str, set[str]],
            made: dict[tuple, Figure]) -> tuple[str, Figure] | None:
    """(subject, figure) of a proposition with one term in each slot and one measure label."""
    if any(len(slot) != 1 for slot in slots[:5]) or len(slots[5]) > 1 or len(slots[6]) > 1:
        return None
    (measure,), (value,), (unit,), (qualifier,), (kind,) = slots[:5]
    if len(labels[measure]) != 1:
        return None
    (label,) = labels[measure]
    key = (measure, label, value, unit, qualifier, kind, next(iter(slots[6]), None))
    figure = made.get(key)
    if figure is None:
        figure = made[key] = _figure(*key)
    return next(iter(slots[5]), ""), figure


def _figure(measure: str, label: str | None, value: str, unit: str, qualifier: str, kind: str,
            period: _Period | None) -> Figure:
    return Figure(value=value, unit=unit, measure=measure,
                  measure_label=label if label is not None else measure, span=Span(0, 0, ""),
                  period=DateValue(*period) if period else None, qualifier=qualifier, kind=kind)


def _row_key(row: _Row) -> tuple[str, ...]:
    """A row's terms as N-Triples, the order a query's terms sort in (``str`` of each term)."""
    proposition, article, subject, measure, label, value, unit, qualifier, kind, period = row
    return (proposition, f"<{proposition}>", f"<{article}>",
            f"<{subject}>" if subject else "None", f"<{vocab.measure_iri(measure)}>",
            str(ox.Literal(label)) if label is not None else "None",
            str(ox.Literal(value, datatype=_DECIMAL_TYPE)), str(ox.Literal(unit)),
            f"<{vocab.QUALIFIER[qualifier]}>", f"<{vocab.QUANTITY_KIND[kind]}>",
            str(date_literal(DateValue(*period))) if period else "None")


# -- the rules ---------------------------------------------------------------------------------

# subject IRI, predicate IRI, object: an IRI as a plain string (no Python object for each of
# the 700,000 claim IRIs conflicts list at 50,000 articles) or a literal
_Fact = tuple[str, str, str | ox.Literal]
_Members = dict[str, list[ClaimedFigure]]  # conflict IRI -> the figures it lists


def derived_quads(figures: Iterable[ClaimedFigure]) -> Iterator[ox.Quad]:
    """Conflicts and corroborations between the figures of all articles, as quads.

    The facts :func:`derived_nquads` writes, one ``ox.Quad`` each (in no particular order,
    possibly repeated): for tests and small stores.
    """
    graph = ox.NamedNode(vocab.GRAPH_DERIVED)
    for subject, predicate, obj in _facts(stated_figures(figures)):
        yield ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate),
                      ox.NamedNode(obj) if isinstance(obj, str) else obj, graph)


def derived_nquads(figures: Iterable[ClaimedFigure]) -> bytes:
    """The derived graph as canonical N-Quads (sorted, each line once), written as text.

    The bytes ``canonical_nquads(derived_quads(figures))`` gives, without one Python object
    per quad: IRIs are written as they are (the store writes them so), literals by Oxigraph.
    """
    return derived_nquads_of_rows(row(item) for item in figures)


def derived_nquads_of_rows(rows: Iterable[Row]) -> bytes:
    """``derived_nquads`` of the figures as ``claimed.row`` gives them (what a build keeps).

    The cyclic garbage collector is paused meanwhile: the rules make millions of sets, tuples
    and strings and no cycle, and its passes over them took 45 % of the time at 10,000 articles.
    """
    suffix = f" <{vocab.GRAPH_DERIVED}> .\n"
    collecting = gc.isenabled()
    gc.disable()
    try:
        lines = {f"<{s}> <{p}> {o}{suffix}" for s, p, o in _lines(_facts(_stated(rows)))}
        return "".join(sorted(lines)).encode()
    finally:
        if collecting:
            gc.enable()


def _lines(facts: Iterable[_Fact]) -> Iterator[tuple[str, str, str]]:
    for subject, predicate, obj in facts:
        yield subject, predicate, f"<{obj}>" if isinstance(obj, str) else str(obj)


def _facts(stated: list[ClaimedFigure]) -> Iterator[_Fact]:
    """Conflicts and corroborations between the figures of all articles, in output that grows
    linearly with the figures.

    ``stated`` are the figures as ``stated_figures`` reads the articles' own
    (``ArticleGraph.claimed_figures``, in any order).

    Figures are grouped by what they measure (:func:`comparability`) and compared period
    by period, then clustered by stated value: claims asserting the same figure share one
    proposition already. One ``sco:FigureConflict`` is written per pair of disjoint clusters
    (at most ``MAX_CLUSTERS`` clusters a group; beyond that one conflict describes the whole
    group), listing the claims of both. A figure with no stated period meets every period:
    the undated figures are compared among themselves once, and with the dated ones of every
    period at once (:func:`_across`), so that an undated claim is listed in a bounded number
    of conflicts however many periods there are (listed once per period, it made the derived
    graph grow with undated claims times periods: 3.7 million quads at 10,000 articles).
    Direct claim-to-claim links (``sco:conflictsWith``, ``sco:corroborates``) are a
    convenience for small groups only (``MAX_PAIRWISE`` claims): written for every pair, they
    would grow with the square of the articles.
    """
    groups: dict[tuple, dict[str, list[ClaimedFigure]]] = defaultdict(lambda: defaultdict(list))
    members: _Members = defaultdict(list)
    for item in stated:
        key = comparability(item)
        if key is not None:
            groups[key[:-1]][key[-1]].append(item)
    for key in sorted(groups):
        by_year = groups[key]
        undated = by_year.get("", [])
        years = sorted(y for y in by_year if y)
        for year in years:
            yield from _compare(by_year[year], members)
            if undated and len(by_year[year]) + len(undated) <= MAX_PAIRWISE:
                yield from _pairwise(_clusters(by_year[year] + undated), by_year[year] + undated)
        if undated:
            yield from _compare(undated, members)
            if years:
                yield from _across(undated, [f for y in years for f in by_year[y]], members)
    for node in sorted(members):
        yield from _summary(node, members[node])


def _clusters(figures: list[ClaimedFigure]) -> list[list[ClaimedFigure]]:
    clusters: dict[tuple, list[ClaimedFigure]] = defaultdict(list)
    for item in figures:
        clusters[(_number(item.figure.value), item.figure.qualifier)].append(item)
    return [clusters[k] for k in sorted(clusters)]


def _compare(figures: list[ClaimedFigure], members: _Members) -> Iterator[_Fact]:
    ordered = _clusters(figures)
    pairs = combinations(ordered, 2)
    if len(ordered) > MAX_CLUSTERS and len(figures) > MAX_PAIRWISE:
        # One conflict for the whole group, and no pairwise links: listing every disjoint
        # pair first cost 5 million comparisons at 10,000 articles, to learn if there is one.
        if any(_disjoint(a[0], b[0]) for a, b in pairs):
            yield from _conflict(ordered, members)
        return
    disjoint = [(a, b) for a, b in pairs if _disjoint(a[0], b[0])]
    if len(ordered) > MAX_CLUSTERS and disjoint:
        yield from _conflict(ordered, members)
    else:
        for a, b in disjoint:
            yield from _conflict([a, b], members)
    if len(figures) <= MAX_PAIRWISE:
        yield from _pairwise(ordered, figures)


def _across(undated: list[ClaimedFigure], dated: list[ClaimedFigure],
            members: _Members) -> Iterator[_Fact]:
    """Conflicts between undated figures and the dated ones of any period of one group.

    Each undated cluster gets one conflict with the dated clusters wholly below it and one
    with those wholly above it (so the lowest and the highest claim of each conflict
    disagree); with more than ``MAX_CLUSTERS`` undated clusters, one conflict lists the
    undated claims and every dated claim some undated figure disagrees with. Either way a
    claim is listed in at most ``MAX_CLUSTERS`` of them.
    """
    ours, theirs = _clusters(undated), _clusters(dated)
    if len(ours) <= MAX_CLUSTERS:
        for cluster in ours:
            below = [c for c in theirs if _disjoint(c[0], cluster[0]) and _below(c[0], cluster[0])]
            above = [c for c in theirs if _disjoint(c[0], cluster[0])
                     and not _below(c[0], cluster[0])]
            if below:
                yield from _conflict([*below, cluster], members)
            if above:
                yield from _conflict([cluster, *above], members)
        return
    lowest = min(bounds(c[0])[1] for c in ours)
    highest = max(bounds(c[0])[0] for c in ours)
    edges = [c for c in ours if bounds(c[0])[1] == lowest or bounds(c[0])[0] == highest]
    met = [c for c in theirs if any(_disjoint(c[0], e[0]) for e in edges)]
    if met:
        yield from _conflict(sorted([*ours, *met], key=lambda c: _order(c[0])), members)


def _below(a: ClaimedFigure, b: ClaimedFigure) -> bool:
    """Of two disjoint figures, whether ``a`` lies below ``b``."""
    return bounds(a)[1] <= bounds(b)[0]


def _order(item: ClaimedFigure) -> tuple[Decimal, str]:
    return _number(item.figure.value), item.figure.qualifier


def _pairwise(clusters: list[list[ClaimedFigure]],
              figures: list[ClaimedFigure]) -> Iterator[_Fact]:
    conflicts, corroborates = vocab.SCO + "conflictsWith", vocab.SCO + "corroborates"
    for a, b in combinations(clusters, 2):
        if not _disjoint(a[0], b[0]):
            continue
        for x in a:
            for y in b:
                if x.claim != y.claim:
                    yield x.claim, conflicts, y.claim
                    yield y.claim, conflicts, x.claim
    for cluster in clusters:
        for x, y in combinations(cluster, 2):
            if x.article != y.article:
                yield x.claim, corroborates, y.claim
                yield y.claim, corroborates, x.claim


def _conflict(clusters: list[list[ClaimedFigure]], members: _Members) -> Iterator[_Fact]:
    """One conflict between the figures of ``clusters`` (two, or a whole crowded group).

    Its figures are also kept in ``members`` under the conflict's IRI, for :func:`_summary`.
    """
    first = clusters[0][0]
    values = [_number(c[0].figure.value) for c in clusters]
    gap = max(values) - min(values)
    scale = max(abs(v) for v in values) or Decimal(1)
    bounded = any("than" in c[0].figure.qualifier for c in clusters)
    severity = "minor" if len(clusters) == 2 and gap / scale < MINOR and not bounded else "major"
    key = " ".join(sorted(c[0].proposition for c in clusters))
    node = f"{vocab.ID}conflict/{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    said = " vs ".join(_said(c[0].figure) for c in clusters)
    yield node, vocab.RDF + "type", _FIGURE_CONFLICT
    yield node, vocab.SCO + "measure", vocab.measure_iri(first.figure.measure)
    yield node, vocab.SCO + "severity", ox.Literal(severity)
    yield node, vocab.SCO + "difference", ox.Literal(_plain(gap), datatype=_DECIMAL_TYPE)
    yield node, vocab.RDFS + "label", ox.Literal(f"{first.figure.measure_label}: {said}",
                                                 language="en")
    member = vocab.SCO + "conflictingClaim"
    for cluster in clusters:
        for item in cluster:
            yield node, member, item.claim
            members[node].append(item)
    if first.subject:
        yield node, vocab.SCO + "subject", first.subject


def _summary(node: str, figures: list[ClaimedFigure]) -> Iterator[_Fact]:
    """How many claims a conflict lists, and its lowest and highest value with the first claim
    (by IRI) giving each.

    What a reader of a conflict asks first, stated once: at 50,000 synthetic articles single
    conflicts list up to hundreds of thousands of claims, and grouping them at query time took
    minutes (issue 17). A conflict several comparisons arrive at gets one summary of all.
    """
    claims: dict[str, list[str]] = defaultdict(list)  # value as written -> its claims
    last: dict[str, int] = {}  # value as written -> where it is last listed
    for at, item in enumerate(figures):
        claims[item.figure.value].append(item.claim)
        last[item.figure.value] = at
    # one Decimal a written value (hundreds of thousands of claims share a few values); of two
    # forms of one number, the one listed last is the one stated
    numbers = {text: _number(text) for text in claims}
    values = {numbers[text]: text for text in sorted(last, key=last.__getitem__)}
    low, high = min(values), max(values)
    yield node, vocab.SCO + "claimCount", ox.Literal(len({item.claim for item in figures}))
    for value, value_property, claim_property in ((low, "lowestValue", "lowestClaim"),
                                                 (high, "highestValue", "highestClaim")):
        yield node, vocab.SCO + value_property, ox.Literal(values[value], datatype=_DECIMAL_TYPE)
        claim = min(min(held) for text, held in claims.items() if numbers[text] == value)
        yield node, vocab.SCO + claim_property, claim


_FIGURE_CONFLICT = vocab.SCO + "FigureConflict"


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


def _said(figure: Figure) -> str:
    qualifier = {"approximate": "about ", "more_than": "more than ", "less_than": "less than "}
    return f"{qualifier.get(figure.qualifier, '')}{figure.value} {figure.unit}"


def _disjoint(a: ClaimedFigure, b: ClaimedFigure) -> bool:
    low_a, high_a, low_open_a, high_open_a = bounds(a)
    low_b, high_b, low_open_b, high_open_b = bounds(b)
    if high_a < low_b or high_b < low_a:
        return True
    if high_a == low_b and (high_open_a or low_open_b):
        return True
    return high_b == low_a and (high_open_b or low_open_a)


@lru_cache(maxsize=2**16)
def _number(text: str) -> Decimal:
    """A figure's value as a number: 750,000 figures at 50,000 articles, a few thousand values."""
    return Decimal(text)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
