"""The clauses of one sentence that each assert something of their own.

"The accession will play an important role in the bloc's development, and it will play a
constructive role in their relations" asserts two things; so does "the region faced a volatile
environment and the country's aims were in line with the bloc's". Readers ask about each ("what
was said about their relations?"), and the gold conventions give one claim per assertion, so the
``segmenting`` step makes one claim per clause found here.

No parser is at hand, so the cut is made where the surface leaves little doubt: a semicolon, a
comma before a relative word (``relative``: ", whose economy will reach ..."), or
a joining word (``clause_cues`` ``conjunction``) followed by what opens a subject (a pronoun or
determiner from ``subject``, or a capitalised word unless one comes right before the joining
word with no comma between), where the words before and the words just after both hold a finite
verb (``finite``, or a word ending in "-ed"), and each side is at least ``MIN_WORDS`` words long.
"curbing extremism and enhancing security" (no subject after "and"), "trade between China and
Russia grew" (no verb before "and") and "Gondor and Rohan will sign" (two names) stay whole.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon, per_lexicon
from ..statements.model import Span
from .document import Document

MIN_WORDS = 4
VERB_WINDOW = 10
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_EDGE = " \t\n,;:—–-“”\"‘’'"


def clauses(doc: Document, span: Span, lexicon: Lexicon) -> list[Span]:
    """The span's asserting clauses, left to right (the span itself when it has one)."""
    joins, subjects, finite = _cues(lexicon)
    text = doc.text
    cuts: list[tuple[int, int]] = []
    start = span.start
    for m in joins.finditer(text, span.start, span.end):
        if _bracketed(text, span.start, m.start()):
            continue
        opener = _WORD.match(text, m.end())
        if m.group("rel") is not None:
            pass  # ", whose economy will reach ...": the relative word is the subject
        elif m.group("conj") is not None:
            if opener is None:
                continue
            word = opener.group(0)
            joined_names = not m.group(0).startswith(",") and _named_before(
                text, span.start, m.start())
            if word.lower() not in subjects and not (word[0].isupper() and not joined_names):
                continue
        left = _words(text, start, m.start())
        right = _words(text, m.end(), span.end)
        if len(left) < MIN_WORDS or len(right) < MIN_WORDS:
            continue
        if not (_has_finite(left, finite) and _has_finite(right[:VERB_WINDOW], finite)):
            continue
        cuts.append((m.start(), m.end()))
        start = m.end()
    if not cuts:
        return [span]
    out = []
    lo = span.start
    for cut_start, cut_end in cuts:
        piece = _trim(doc, lo, cut_start)
        if piece is not None:
            out.append(piece)
        lo = cut_end
    piece = _trim(doc, lo, span.end)
    if piece is not None:
        out.append(piece)
    return out if len(out) > 1 else [span]


def _words(text: str, start: int, end: int) -> list[str]:
    return [w.group(0).lower() for w in _WORD.finditer(text, start, end)]


def _has_finite(words: list[str], finite: frozenset[str]) -> bool:
    return any(w in finite or (len(w) > 4 and w.endswith("ed")) for w in words)


def _named_before(text: str, lo: int, at: int) -> bool:
    """Whether the word before ``at`` is capitalised: with no comma between, "Friendship and
    Cooperation", "India and Pakistan" join two names, not two clauses."""
    words = _WORD.findall(text, lo, at)
    return bool(words) and words[-1][0].isupper()


def _bracketed(text: str, lo: int, at: int) -> bool:
    """Whether ``at`` sits inside an open parenthesis opened after ``lo``."""
    return text.count("(", lo, at) > text.count(")", lo, at)


def _trim(doc: Document, start: int, end: int) -> Span | None:
    text = doc.text
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE + ".":
        end -= 1
    return doc.span(start, end) if end > start else None


@per_lexicon
def _cues(lexicon: Lexicon) -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    rows = lexicon["clause_cues"]
    conj = "|".join(sorted((re.escape(str(r["pattern"])) for r in rows
                            if r["label"] == "conjunction"), key=len, reverse=True))
    relative = "|".join(sorted((re.escape(str(r["pattern"])) for r in rows
                                if r["label"] == "relative"), key=len, reverse=True))
    joins = re.compile(rf";\s+|,\s+(?=(?P<rel>{relative})\s)|,?\s+\b(?P<conj>{conj})\s+",
                       re.IGNORECASE)
    subjects = frozenset(str(r["pattern"]).lower() for r in rows if r["label"] == "subject")
    finite = frozenset(str(r["pattern"]).lower() for r in rows if r["label"] == "finite")
    return joins, subjects, finite


__all__ = ["clauses"]
