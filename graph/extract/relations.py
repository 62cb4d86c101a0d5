"""Memberships: which states belong to which organisation, in which role, from when.

Only what a sentence asserts is kept: a coordinated list of states right before a cue from the
``membership_cues`` lexicon ("X and Y became new members", "X joined the <IGO> in 2024", "X was
granted observer status"), with no negation or modal between them ("X has applied to join",
"X will become a member" state no membership). Founding membership needs the states as the
subject of a founding cue naming the organisation ("the heads of X, Y and Z ... marked the
establishment of the <IGO>"); "these five states" is read as the last list of five states in
the paragraph. The start date is the sentence's date at the precision given ("In 2017" is a
year, never a day).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..statements.model import Membership, Mention
from .context import caption_lines, entity_kind, main_organisation
from .dates import find_dates
from .document import Document
from .sentences import Sentence

# Punctuation and "and" between listed states: structure, not vocabulary.
_LIST_GLUE = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s*&\s*)$")


def _cue(lexicon: Lexicon, label: str) -> re.Pattern[str]:
    """The ``membership_cues`` of one label as one pattern, compiled once per lexicon."""
    def build() -> re.Pattern[str]:
        cues = "|".join(sorted((str(r["pattern"]) for r in lexicon["membership_cues"]
                                if r["label"] == label), key=len, reverse=True)) or r"(?!x)x"
        return re.compile(rf"\b(?:{cues})\b", re.IGNORECASE)
    return lexicon.compiled(("relations.cue", label), build)


def _number_word_list(lexicon: Lexicon) -> re.Pattern[str]:
    """"these five states" (compiled once per lexicon)."""
    return lexicon.compiled("relations.number_word_list", lambda: re.compile(
        rf"\b(?:these|those|the)\s+(\w+)\s+(?:{lexicon.regex('membership_cues', 'state_noun')})"
        r"\b", re.IGNORECASE))


def _list_end(lexicon: Lexicon) -> re.Pattern[str]:
    """What may stand between a list of states and its cue ("X and Y have joined")."""
    return lexicon.compiled("relations.list_end", lambda: re.compile(
        rf"\s*(?:{lexicon.regex('membership_cues', 'list_adverb')})?\s*"))


def _coordinated(doc: Document, states: list[Mention], end: int,
                 lexicon: Lexicon) -> list[Mention]:
    """The states of the list that ends right before ``end`` ("X, Y and Z")."""
    members: list[Mention] = []
    cursor = end
    for mention in reversed([m for m in states if m.span.end <= end]):
        glue = doc.text[mention.span.end:cursor]
        if not members and not _list_end(lexicon).fullmatch(glue):
            break
        if members and not _LIST_GLUE.match(glue):
            break
        members.insert(0, mention)
        cursor = mention.span.start
    return members


def find_memberships(doc: Document, sentence: Sentence, catalogue: Catalogue,
                     lexicon: Lexicon, main_org: str | None = None,
                     lists: Mapping[int, list[str]] | None = None) -> list[Membership]:
    """The memberships one sentence asserts.

    Args:
        lists: earlier coordinated lists of states in the paragraph, by length, for "these
            five states".
    """
    text = doc.text
    mentions = sorted((m for m in doc.mentions
                       if sentence.start <= m.span.start and m.span.end <= sentence.end),
                      key=lambda m: m.span)
    kinds = {m.entity: entity_kind(doc, catalogue, m.entity) for m in mentions}
    states = [m for m in mentions if kinds[m.entity] == "state"]
    igos = [m for m in mentions if kinds[m.entity] == "igo"]
    if not states:
        return []
    dates = find_dates(text, sentence.start, sentence.end, reference=doc.meta.date,
                       lexicon=lexicon)
    negation = _cue(lexicon, "negation")
    found: list[Membership] = []
    for role in ("member", "observer", "dialogue-partner", "founding-member"):
        for cue in _cue(lexicon, role).finditer(text, sentence.start, sentence.end):
            org = next((m.entity for m in igos if 0 <= m.span.start - cue.end() <= 6), None)
            if role == "founding-member":
                if org is None:
                    continue
                members = [m.entity for m in states if m.span.end <= cue.start()]
                first = min([m.span.start for m in states if m.span.end <= cue.start()],
                            default=cue.start())
                counted = _number_word_list(lexicon).search(text, sentence.start, cue.start())
                if counted and lists:
                    number = _number(counted.group(1), lexicon)
                    members = list(lists.get(number, [])) + members if number else members
                    first = min(first, counted.start())
            else:
                listed = _coordinated(doc, states, cue.start(), lexicon)
                if not listed:
                    continue
                between = text[listed[-1].span.end:cue.start()]
                if negation.search(between):
                    continue
                org = org or (igos[0].entity if igos else main_org)
                members = [m.entity for m in listed]
                first = listed[0].span.start
            if org is None:
                continue
            start = None
            if dates:
                start = min(dates, key=lambda d: min(abs(d[0].start - cue.end()),
                                                     abs(cue.start() - d[0].end)))[1]
            span = doc.span(min(first, cue.start()), cue.end())
            found.extend(Membership(member=member, organization=org, role=role, span=span,
                                    start=start)
                         for member in dict.fromkeys(members) if member != org)
    return found


def _number(word: str, lexicon: Lexicon) -> int | None:
    if word.isdigit():
        return int(word)
    for row in lexicon["number_words"]:
        if row.get("kind") == "cardinal" and str(row["pattern"]).lower() == word.lower():
            return int(str(row["label"]))
    return None


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Memberships asserted anywhere outside captions; posts are the mention steps' work."""
    main_org = main_organisation(doc, catalogue)
    captions = caption_lines(doc, lexicon)
    lists: dict[int, list[str]] = {}
    paragraph = -1
    for sentence in doc.sentences:
        if sentence.paragraph in captions:
            continue
        if sentence.paragraph != paragraph and sentence.paragraph > paragraph + 1:
            lists = {}
        paragraph = sentence.paragraph
        doc.memberships.extend(find_memberships(doc, sentence, catalogue, lexicon, main_org,
                                                lists))
        _remember_lists(doc, sentence, catalogue, lexicon, lists)


def _remember_lists(doc: Document, sentence: Sentence, catalogue: Catalogue,
                    lexicon: Lexicon, lists: dict[int, list[str]]) -> None:
    states = sorted((m for m in doc.mentions if sentence.start <= m.span.start
                     and m.span.end <= sentence.end
                     and entity_kind(doc, catalogue, m.entity) == "state"), key=lambda m: m.span)
    for index in range(len(states)):
        listed = _coordinated(doc, states, states[index].span.end, lexicon)
        if len(listed) >= 2:
            lists[len(listed)] = [m.entity for m in listed]
