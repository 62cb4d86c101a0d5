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
from itertools import pairwise


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
    """Paragraphs of ``text[start:]`` as (start, end) spans, white space trimmed.

    A paragraph is a non-blank line, except in copy that was hard-wrapped (the stored page broke
    its lines, often with blank lines between, in the middle of sentences): there a line that
    stops mid-sentence runs on into the next one, so that a sentence is not cut in two.
    """
    lines = _lines(text, start)
    pairs = list(pairwise(lines))
    long_lines = sum(e - s >= _WRAP_WIDTH for s, e in lines)
    wrapped = sum(_runs_on(text, here, after, wrapped=True) and here[1] - here[0] >= _WRAP_WIDTH
                  for here, after in pairs)
    hard_wrapped = wrapped >= 3 and wrapped * 2 >= long_lines
    spans: list[tuple[int, int]] = lines[:1]
    for here, after in pairs:
        if _runs_on(text, here, after, wrapped=hard_wrapped):
            spans[-1] = (spans[-1][0], after[1])
        else:
            spans.append(after)
    return spans


_WRAP_WIDTH = 50  # a line this long that stops mid-sentence was wrapped, not a headline
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"”’)\]]\s*$")
_CONTINUES = re.compile(r"(?!by\s)[a-z(,;]")  # "by NAME" under a headline is a byline
_PROSE_WIDTH = 30  # shorter lines are furniture: bylines, datelines, "Editor: ..."


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^\n]+", text[start:]):
        line_start, line_end = match.start() + start, match.end() + start
        stripped = text[line_start:line_end]
        lead = len(stripped) - len(stripped.lstrip())
        trail = len(stripped) - len(stripped.rstrip())
        if line_end - trail > line_start + lead:
            spans.append((line_start + lead, line_end - trail))
    return spans


def _runs_on(text: str, here: tuple[int, int], after: tuple[int, int], *, wrapped: bool) -> bool:
    """Does the line ``here`` stop mid-sentence and go on in ``after``? A line without a final
    stop followed by one that starts in lower case or with a bracket does, unless it is short
    furniture; in hard-wrapped copy, so does any long line without a final stop."""
    if _ENDS_SENTENCE.search(text, here[0], here[1]):
        return False
    if _CONTINUES.match(text, after[0]) and here[1] - here[0] >= _PROSE_WIDTH:
        return True
    return wrapped and here[1] - here[0] >= _WRAP_WIDTH


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
