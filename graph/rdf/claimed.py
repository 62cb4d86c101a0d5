"""The figures an article's claims assert, as values: what ``derive`` compares across articles.

``ArticleGraph`` (``quads.py``) makes them from the article's statements beside its quads, with
the very IRIs the quads use (claim, article, proposition, subject), so ``derive`` never reads
figures back out of RDF. A build keeps them beside each article's graph file as JSON lines
(``encode`` / ``decode``): a rebuild that keeps an article's graph keeps its figures with it.
"""

from __future__ import annotations

import json
import marshal
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..statements.model import DateValue, Figure, Span


@dataclass(frozen=True)
class ClaimedFigure:
    """One figure one claim asserts, with the IRIs of the article graph that states it.

    ``subject`` is the IRI of what the figure is about, or ``""`` when the text does not say.
    """

    claim: str
    article: str
    proposition: str
    subject: str
    figure: Figure


def encode(figures: Iterable[ClaimedFigure]) -> bytes:
    """JSON lines, one figure a line, keys sorted: the same figures give the same bytes."""
    return b"".join(json.dumps(_plain(item), ensure_ascii=False, sort_keys=True,
                               separators=(",", ":")).encode() + b"\n" for item in figures)


def decode(data: bytes) -> list[ClaimedFigure]:
    """The figures ``encode`` wrote, equal to the ones it was given."""
    return [_value(json.loads(line)) for line in data.splitlines() if line]


# What derive reads of a figure, as a plain tuple: (claim, article, proposition, subject,
# measure, measure label, value, unit, qualifier, kind, period value, period precision).
Row = tuple[str, str, str, str, str, str, str, str, str, str, str | None, str | None]


def row(item: ClaimedFigure) -> Row:
    """The fields of ``item`` derive reads (no span, no inferred flag), as a plain tuple."""
    f, same = item.figure, sys.intern  # shared strings: marshal writes each of them once
    period = f.period
    return (item.claim, same(item.article), same(item.proposition), same(item.subject),
            same(f.measure), same(f.measure_label), same(f.value), same(f.unit),
            same(f.qualifier), same(f.kind), same(period.value) if period else None,
            same(period.precision) if period else None)


def encode_rows(rows: Mapping[str, Sequence[Row]]) -> bytes:
    """Every article graph's figure rows in one blob (``marshal``): what a rebuild reads back
    in one go instead of one JSON file per article."""
    return marshal.dumps({iri: [tuple(r) for r in held] for iri, held in rows.items()})


def decode_rows(data: bytes) -> dict[str, list[Row]]:
    """The rows ``encode_rows`` wrote (``{}`` for a blob this Python cannot read)."""
    try:
        value = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}


def _plain(item: ClaimedFigure) -> dict[str, Any]:
    f = item.figure
    return {
        "claim": item.claim, "article": item.article, "proposition": item.proposition,
        "subject": item.subject,
        "figure": {
            "value": f.value, "unit": f.unit, "measure": f.measure,
            "measure_label": f.measure_label, "span": [f.span.start, f.span.end, f.span.text],
            "subject": f.subject, "qualifier": f.qualifier, "kind": f.kind,
            "period": [f.period.value, f.period.precision, f.period.inferred] if f.period
            else None,
        },
    }


def _value(row: dict[str, Any]) -> ClaimedFigure:
    f = row["figure"]
    period = DateValue(f["period"][0], f["period"][1], f["period"][2]) if f["period"] else None
    figure = Figure(value=f["value"], unit=f["unit"], measure=f["measure"],
                    measure_label=f["measure_label"], span=Span(*f["span"]),
                    subject=f["subject"], period=period, qualifier=f["qualifier"],
                    kind=f["kind"])
    return ClaimedFigure(row["claim"], row["article"], row["proposition"], row["subject"],
                         figure)
