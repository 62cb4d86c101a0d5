"""Paragraphs and sentences, as spans of the article text.

Paragraphs are split on line breaks *before* sentences, because headlines, bylines and
captions carry no final full stop and would otherwise run into the next line. Sentences end at
``.``, ``!`` or ``?`` (optionally followed by a closing quote or bracket) before white space and
an upper-case letter, digit or opening quote, unless the word before the stop is a known
abbreviation ("Mr.", "U.S.", "Jan."), passed in from the lexicon. Scraped copy sometimes loses
the space ("protectionism."The world", "order.Xi made"): a stop right after a lower-case word
and right before a capitalised one ends a sentence too (a straight quote mark after it is left
to open the next sentence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    index: int


_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9Δ])"
                       # copy that lost its white space: "protectionism.\"The world", "order.Xi"
                       r"|(?<=[a-z][a-z])[.!?]”?(?=[\"“]?[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"(\S+)$")
DEFAULT_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt rev hon no vs etc inc ltd co corp dept "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m".split()
)


def paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Non-blank lines of ``text[start:]`` as (start, end) spans, white space trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:]):
        line_start, line_end = match.start() + start, match.end() + start
        stripped = text[line_start:line_end]
        lead = len(stripped) - len(stripped.lstrip())
        trail = len(stripped) - len(stripped.rstrip())
        if line_end - trail > line_start + lead:
            spans.append((line_start + lead, line_end - trail))
    return spans


def split_sentences(text: str, start: int = 0,
                    abbreviations: Iterable[str] = DEFAULT_ABBREVIATIONS) -> list[Sentence]:
    """Sentences of ``text`` from offset ``start`` (e.g. after front matter)."""
    abbreviations = {a.lower().rstrip(".") for a in abbreviations}
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text, start)):
        cursor = p_start
        for match in _BOUNDARY.finditer(text, p_start, p_end):
            word = _WORD_BEFORE.search(text, cursor, match.start())
            if word and match.group().startswith(".") and _is_abbreviation(word.group(1),
                                                                           abbreviations):
                continue
            _add(sentences, text, cursor, match.end(), number)
            cursor = match.end()
        _add(sentences, text, cursor, p_end, number)
    return sentences


def _is_abbreviation(word: str, abbreviations: set[str]) -> bool:
    word = word.lstrip("\"'“‘([").lower()
    return word in abbreviations or (len(word) == 1 and word.isalpha())


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end], paragraph, len(sentences)))
