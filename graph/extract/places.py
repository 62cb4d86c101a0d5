"""Places the catalogue does not know, recognised by how the text places them.

A capitalised name ending in a geographic head word from the lexicon (``place_words``:
"Valley", "River", "Pass", ...) is a place, head included ("the Zorvan Valley"). So is a name
before an area noun ("the Velmora sector", "Kestrin region"), a name after a compass adjective
("in eastern Dravia"), and a name after a locative preposition when a known place or state
follows it ("near Ostrel in Ruritania", "in Lunberg, Freedonia"). Names the catalogue knows are
matched before this step, and months, weekdays, demonyms and organisation words never make a
place.
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from . import gazetteer as gz
from .document import Document

_WORD = r"[A-Z][a-z][\w’'-]*"


def _patterns(lexicon: Lexicon) -> tuple[re.Pattern[str], ...]:
    return lexicon.compiled("places.patterns", lambda: _compile(lexicon))


def _compile(lexicon: Lexicon) -> tuple[re.Pattern[str], ...]:
    def words(label: str) -> str:
        return gz.alternation(str(r["pattern"]) for r in lexicon["place_words"]
                              if r["label"] == label)

    name = rf"{_WORD}(?:[ -]{_WORD}){{0,2}}"
    return (
        re.compile(rf"(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}}\s+(?:{words('feature_head')}))\b"),
        re.compile(rf"\b(?:the\s+)?(?P<name>{name})\s+(?:{words('area_noun')})\b"),
        re.compile(rf"\b(?:{words('compass')})\s+(?P<name>{name})\b"),
        re.compile(rf"\b(?:{words('locative')})\s+(?P<name>{name})"
                   rf"(?=(?:,\s+|\s+in\s+)(?P<known>{_WORD}(?:\s+{_WORD})?))"),
    )


def find(doc: Document, gaz: gz.Gazetteer, lexicon: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of place names the catalogue lacks."""
    months = {str(r["pattern"]).lower() for r in lexicon["months"]}
    weekdays = {str(r["pattern"]) for r in lexicon["temporal_cues"] if r["label"] == "weekday"}
    out = []
    for index, pattern in enumerate(_patterns(lexicon)):
        for m in pattern.finditer(doc.text, doc.body_start):
            s, e = m.span("name")
            words = doc.text[s:e].split()
            if "\n" in doc.text[s:e] or words[0] in {"The", "A", "An", "This", "That"}:
                continue
            if any(w.lower() in months or w in weekdays or w in gaz.demonyms
                   or w in gaz.org_heads or w in gaz.event_heads or w in gaz.roles for w in words):
                continue
            if doc.text[s:e] in gaz.names:
                continue  # the catalogue's business
            if index == 3:
                known = [x for x in gaz.names.get(m.group("known"), [])
                         if x.kind in {"state", "city", "region", "place"}]
                if not known:
                    continue
            out.append((s, e))
    return out
