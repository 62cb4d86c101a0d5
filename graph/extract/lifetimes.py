"""How long an organisation has existed, as a sentence says it.

"Over 18 years of its existence, the bloc has ...", "over the intervening 17 years", "since its
founding as the Shanghai Five 17 years ago": wire copy states an organisation's age as a span of
years counted from its founding. Two steps read these spans: ``article_date`` (an undated
article written 17 years after a 2001 founding is from about 2018) and ``figures`` (the age is a
figure the article states, unit ``years``, measure ``age``).

The patterns are the ``temporal_cues`` rows labelled ``since_founding`` (``{n}`` stands for the
number). A row flagged ``explicit`` names the existence itself ("N years of its existence"); the
others ("the past N years", "N years ago") are only a lifetime when the number agrees with the
organisation's founding year and the article's date, which ``figures`` checks; a row flagged
``needs_founding`` ("N years ago") also needs the sentence to name the founding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon, per_lexicon
from ..rdf.catalogue import Catalogue
from .document import Document
from .gazetteer import caseless_alternation
from .sentences import Sentence

MAX_YEARS = 150


@dataclass(frozen=True)
class Lifetime:
    """A span of years since a founding, with the organisations founded that the sentence names."""

    start: int
    end: int
    years: int
    explicit: bool
    needs_founding: bool = False


def founded_in(doc: Document, sentence: Sentence, catalogue: Catalogue) -> dict[str, str]:
    """The organisations the sentence mentions whose founding date the catalogue knows."""
    founded: dict[str, str] = {}
    for m in doc.mentions:
        entry = catalogue.get(m.entity)
        if sentence.start <= m.span.start < sentence.end and entry is not None and entry.founded:
            founded[m.entity] = entry.founded
    return founded


def find_lifetimes(doc: Document, sentence: Sentence, lexicon: Lexicon) -> list[Lifetime]:
    """Every "N years" span of the sentence that the ``since_founding`` cues read as a lifetime."""
    numbers, patterns = _patterns(lexicon)
    found: dict[tuple[int, int], Lifetime] = {}
    for pattern, explicit, needs_founding in patterns:
        for hit in pattern.finditer(doc.text, sentence.start, sentence.end):
            raw = hit.group("n").lower()
            years = int(raw) if raw.isdigit() else numbers.get(raw)
            if years is None or not 1 <= years <= MAX_YEARS:
                continue
            key = (hit.start(), hit.end())
            held = found.get(key)
            found[key] = Lifetime(hit.start(), hit.end(), years,
                                  explicit or (held is not None and held.explicit),
                                  needs_founding and (held is None or held.needs_founding))
    return sorted(found.values(), key=lambda lt: (lt.start, lt.end))


def span_preposition(before: str, lexicon: Lexicon) -> str:
    """``before`` without the preposition that puts the span in time ("over 18 years of its
    existence" means during them, not more than them), so qualifier cues read what is left."""
    return _preposition(lexicon).sub("", before)


@per_lexicon
def _preposition(lexicon: Lexicon) -> re.Pattern[str]:
    words = sorted((re.escape(str(r["pattern"])) for r in lexicon["temporal_cues"]
                    if r["label"] == "span_preposition"), key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(words) or '(?!x)x'})\s*$", re.I)


def names_founding(text: str, lexicon: Lexicon) -> bool:
    """Whether the text names a founding ("establishment", "was founded", ...)."""
    return _founding(lexicon).search(text) is not None


def dates_a_founding(before: str, lexicon: Lexicon) -> bool:
    """Whether a date right after ``before`` is a founding date ("Founded in 2001, ...",
    "since its establishment in 2001"), not the period of a figure in its sentence."""
    return _founding_before(lexicon).search(before) is not None


@per_lexicon
def _founding_before(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile(rf"(?:{_founding(lexicon).pattern})\s+(?:(?:in|on)\s+)?$", re.I)


@per_lexicon
def _founding(lexicon: Lexicon) -> re.Pattern[str]:
    words = sorted((str(r["pattern"]) if r.get("regex") else re.escape(str(r["pattern"]))
                    for r in lexicon["event_triggers"] if r["label"] == "founding"),
                   key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(words) or '(?!x)x'})\b", re.I)


@per_lexicon
def _patterns(lexicon: Lexicon) -> tuple[dict[str, int],
                                        tuple[tuple[re.Pattern[str], bool, bool], ...]]:
    numbers = {str(r["pattern"]).lower(): int(str(r["label"])) for r in lexicon["number_words"]
               if r.get("kind") == "cardinal"}
    # a prefix tree of the number words: each pattern is tried at every word of every sentence
    count = caseless_alternation(numbers)
    n = rf"(?P<n>\d{{1,3}}|{count})"
    patterns = tuple(
        (re.compile(rf"\b(?:{str(r['pattern']).replace('{n}', n)})\b", re.I),
         bool(r.get("explicit")), bool(r.get("needs_founding")))
        for r in lexicon["temporal_cues"] if r["label"] == "since_founding")
    return numbers, patterns


__all__ = ["Lifetime", "dates_a_founding", "find_lifetimes", "founded_in", "names_founding",
           "span_preposition"]
