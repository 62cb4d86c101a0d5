"""Extraction step ``segmenting``: one claim per asserting sentence, one per figure.

The attribution steps find *who* speaks and how far their words run: an interview answer, a
quote that runs over several sentences or paragraphs, a reported clause. A reader (and a fact
checker) needs the single assertions, so this step cuts every claim at its sentence boundaries
(``doc.sentences``) and keeps each piece's speaker, attribution type, cue, claimant mention
and reported speaker. Pieces that assert nothing are dropped: questions, headings and
fragments of fewer than ``MIN_WORDS`` words. Every asserting sentence is a claim of its own,
as the gold conventions have it ("a long interview answer gives one claim per asserting
sentence"), even one that opens by pointing back ("And that is why ...").

A figure goes with the piece that holds it, and a piece stating several figures becomes one
claim per figure with the same text (``Claim.part`` tells them apart), each carrying its own
figure and so its own figure evidence: a page can show which words gave which value.

A claim nested in another (``reported_by``) is re-pointed at the piece of the outer claim that
holds it, so the link still names a claim that exists.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..statements.model import Claim, Figure, Span
from .clauses import clauses
from .document import Document
from .figures import frames_clause

MIN_WORDS = 4
MIN_WORDS_AT_CUT = 8
_CUT = ("[...]", "[…]", "…")
_EDGE = "“”\"‘’'«» \t\n—–-*_"
_CLOSERS = "”\"’'»)*_"


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Replace ``doc.claims`` by statement-level claims."""
    pieces_of: dict[Span, list[Span]] = {}
    merged: dict[tuple[Span, str], tuple[Claim, list[Figure]]] = {}
    for claim in doc.claims:
        pieces = pieces_of.get(claim.content)
        if pieces is None:
            pieces = pieces_of[claim.content] = split(doc, claim.content)
        for piece in pieces:
            figures = [f for f in claim.figures if piece.start <= f.span.start < piece.end]
            if piece != claim.content:
                about = _about(doc, piece)
                made = dataclasses.replace(claim, content=piece, about=about, figures=())
            else:
                made = dataclasses.replace(claim, figures=())
            key = (piece, claim.claimant)
            if key in merged:
                held = merged[key][1]
                held += [f for f in figures if f not in held]
            else:
                merged[key] = (made, list(figures))
    claims: list[Claim] = []
    for _key, (claim, figures) in sorted(merged.items(), key=lambda item: item[0]):
        claim = _repoint(claim, pieces_of)
        if claim.mode == "narration":
            claims += per_figure(claim, figures)
        else:
            claims += per_assertion(doc, claim, figures, lexicon)
    doc.claims = claims


def split(doc: Document, content: Span) -> list[Span]:
    """The asserting sentences of a claim's content, as exact spans (the content itself when
    it is one sentence or a clause of one)."""
    first = bisect.bisect_right(doc.sentences, content.start, key=lambda s: s.end)
    inside = []
    for sentence in doc.sentences[first:]:
        if sentence.start >= content.end:
            break
        inside.append(sentence)
    if len(inside) <= 1:
        return [content] if asserts(content.text) else []
    pieces = []
    for sentence in inside:
        piece = _trim(doc, max(sentence.start, content.start), min(sentence.end, content.end))
        if piece is not None and asserts(piece.text):
            pieces.append(piece)
    return pieces


def asserts(text: str) -> bool:
    """Whether a sentence states something: not a question, a heading, a stray fragment or a
    sentence the copy cuts off before it says anything."""
    body = text.rstrip(_CLOSERS + " .")
    if text.rstrip(_CLOSERS + " ").endswith("?"):
        return False
    if body.endswith(_CUT):
        # a sentence cut off where the stored copy ends: kept only when long enough that its
        # assertion is likely complete ("over the past 21 [...]" says nothing yet)
        return len(body.split()) - 1 >= MIN_WORDS_AT_CUT
    if len(body.split()) < MIN_WORDS:
        return False
    return any(ch.islower() for ch in body)


def per_figure(claim: Claim, figures: Iterable[Figure]) -> list[Claim]:
    """One claim per figure (the first keeps the plain identity), or the claim as it is."""
    ordered = sorted(set(figures), key=lambda f: (f.span, f.value, f.unit, f.measure))
    if len(ordered) <= 1:
        return [dataclasses.replace(claim, figures=tuple(ordered))]
    return [dataclasses.replace(claim, figures=(figure,),
                                part="" if i == 0 else f"{figure.span.start}-{figure.span.end}")
            for i, figure in enumerate(ordered)]


def per_assertion(doc: Document, claim: Claim, figures: Iterable[Figure],
                  lexicon: Lexicon) -> list[Claim]:
    """One claim per assertion of a sentence: per clause (``clauses``), and per figure.

    A clause stating figures gives one claim per figure; a clause stating none gives one claim.
    An organisation's age ("over 18 years of its existence, the bloc has become ...") or a
    group's size ("leaders of the six member states will sign ...") is a circumstance of its
    clause, not what the clause asserts (``figures.frames_clause``), so that clause gives a
    claim of its own as well. The first assertion keeps the plain identity;
    with several clauses each claim names its own (``Claim.clause``) and what that clause
    mentions is what it is about.
    """
    ordered = sorted(set(figures), key=lambda f: (f.span, f.value, f.unit, f.measure))
    parts = clauses(doc, claim.content, lexicon)
    several = len(parts) > 1
    assertions: list[tuple[Span, Figure | None]] = []
    for i, clause in enumerate(parts):
        end = parts[i + 1].start if i + 1 < len(parts) else claim.content.end
        start = clause.start if i else claim.content.start
        held = [f for f in ordered if start <= f.span.start < end]
        if all(frames_clause(doc, f, lexicon) for f in held) and (several or held):
            assertions.append((clause, None))
        assertions += [(clause, f) for f in held]
    if len(assertions) <= 1:
        return [dataclasses.replace(claim, figures=tuple(ordered))]
    out = []
    for i, (clause, figure) in enumerate(assertions):
        own = figure.span if figure is not None else clause
        about = (_about(doc, clause) or claim.about) if several else claim.about
        out.append(dataclasses.replace(
            claim, figures=(figure,) if figure is not None else (),
            part="" if i == 0 else f"{own.start}-{own.end}",
            clause=clause if several else None, about=about))
    return out


def _trim(doc: Document, start: int, end: int) -> Span | None:
    """``text[start:end]`` without white space, unbalanced quote marks or edge dashes."""
    text = doc.text
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if end <= start:
        return None
    return doc.span(start, end)


def _about(doc: Document, piece: Span) -> tuple[str, ...]:
    return tuple(sorted({m.entity for m in doc.mentions
                         if piece.start <= m.span.start and m.span.end <= piece.end}))


def _repoint(claim: Claim, pieces_of: dict[Span, list[Span]]) -> Claim:
    """A nested claim names the piece of its outer claim that holds it."""
    outer = claim.reported_by
    if outer is None or outer not in pieces_of:
        return claim
    holder = next((p for p in pieces_of[outer]
                   if p.start <= claim.content.start < p.end), None)
    if holder == outer:
        return claim
    return dataclasses.replace(claim, reported_by=holder)


__all__ = ["annotate", "asserts", "per_assertion", "per_figure", "split"]
