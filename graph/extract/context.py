"""Article-level context the figure, event and relation steps share.

Two questions every one of them asks: is this line a photo caption or publishing boilerplate
(whose dates are photo dates and whose numbers are credits, so no statement comes from it), and
which organisation is the article about (the subject of "the organization", "its members",
"the eight member states" when no other is named)?
"""

from __future__ import annotations

import re
from collections import Counter

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from .document import Document
from .sentences import Sentence


def entity_kind(doc: Document, catalogue: Catalogue, key: str) -> str | None:
    """The kind of an entity key, from the catalogue or the entities found by pattern."""
    entry = catalogue.get(key)
    if entry is not None:
        return entry.kind
    found = doc.entities.get(key)
    return found.kind if found is not None else None


def main_organisation(doc: Document, catalogue: Catalogue) -> str | None:
    """The most-mentioned intergovernmental organisation (first mention breaks ties)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for mention in doc.mentions:
        if entity_kind(doc, catalogue, mention.entity) == "igo":
            counts[mention.entity] += 1
            first.setdefault(mention.entity, mention.span.start)
            first[mention.entity] = min(first[mention.entity], mention.span.start)
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k], first[k]))


def caption_lines(doc: Document, lexicon: Lexicon) -> set[int]:
    """Paragraph numbers of caption and boilerplate lines.

    A line counts when it holds a caption marker (plain text, ``caption_markers``) or matches
    one of the ``boilerplate`` lexicon's regular expressions.
    """
    # Four steps ask for the same article's captions: answered once per document.
    found = doc.memo.get("caption_lines")
    if not isinstance(found, frozenset):
        lines: dict[int, list[Sentence]] = {}
        for sentence in doc.sentences:
            lines.setdefault(sentence.paragraph, []).append(sentence)
        spans = tuple((number, ss[0].start, ss[-1].end) for number, ss in lines.items())
        found = doc.memo["caption_lines"] = _caption_lines(doc.text, spans, lexicon)
    return set(found)


def _caption_lines(text: str, spans: tuple[tuple[int, int, int], ...],
                   lexicon: Lexicon) -> frozenset[int]:
    markers, boilerplate = _caption_rules(lexicon)
    return frozenset(number for number, start, end in spans
                     if any(m in text[start:end] for m in markers)
                     or any(rule.search(text[start:end]) for rule in boilerplate))


def _caption_rules(lexicon: Lexicon) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    return lexicon.compiled("context.caption_rules", lambda: _build_caption_rules(lexicon))


def _build_caption_rules(lexicon: Lexicon) -> tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]:
    """The caption markers, and the boilerplate rows compiled one by one.

    One by one, not as one alternation: most rows are anchored (``^...``), which the engine
    tries at the line's start only when the row stands alone, but at every position inside
    an alternation; searching the rows in turn takes half the time of the joined pattern.
    """
    markers = tuple(str(r["pattern"]) for r in lexicon["caption_markers"])
    regexes = []
    for row in lexicon["boilerplate"]:
        try:
            regexes.append(re.compile(f"(?:{row['pattern']})"))
        except re.error:
            continue
    return markers, tuple(regexes)
