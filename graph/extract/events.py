"""Events: a trigger word from the ``event_triggers`` lexicon, dated in its own sentence.

A trigger ("summit", "was launched", "became new members", "delivered a speech") makes an event
only when the sentence places it in time: the news genre mentions many undated happenings ("we
just had a meeting") that would otherwise become events nobody can tell apart. The date is the
one nearest the trigger; a trigger after "on the eve of" names another event than the one the
sentence dates, and caption lines are skipped (their dates are photo dates).

Identity across articles is the ``key`` (see
:class:`~sco_kg.graph.statements.model.Event`): start and place when both are known, else
organiser and ordinal, else the article and offset. A founding happens once per organisation,
so its key is the organisation's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..rdf.vocab import slug
from ..statements.model import DateValue, Event, Mention, Span
from .context import caption_lines, entity_kind, main_organisation
from .dates import find_dates
from .document import Document
from .sentences import Sentence

_PRECISION = {"day": 3, "month": 2, "year": 1}
_AGENTS = {"state", "igo", "org", "media", "govbody", "person"}
_PLACES = {"place", "city", "region"}
_ORGS = {"igo", "org"}


@functools.lru_cache(maxsize=256)
def _rows(lexicon: Lexicon, table: str, label: str, verbal: bool | None = None) -> str:
    pats = [str(r["pattern"]) if r.get("regex") else re.escape(str(r["pattern"]))
            for r in lexicon[table] if r["label"] == label
            and (verbal is None or bool(r.get("verbal")) == verbal)]
    return "|".join(sorted(pats, key=len, reverse=True)) or r"(?!x)x"


def find_events(doc: Document, sentence: Sentence, catalogue: Catalogue, lexicon: Lexicon,
                main_org: str | None = None) -> list[Event]:
    """The dated events one sentence reports."""
    text = doc.text
    dates = [d for d in find_dates(text, sentence.start, sentence.end, reference=doc.meta.date,
                                   lexicon=lexicon)
             if not (doc.meta.date_span and d[0].start < doc.meta.date_span.end
                     and doc.meta.date_span.start < d[0].end and d[1] == doc.meta.date)]
    # "a strategy until 2030", "by 2027": a horizon or deadline dates no happening
    dates = [d for d in dates if not re.search(r"\b(?:until|till|through|by|up\s+to|to)\s+$",
                                               text[max(0, d[0].start - 12):d[0].start],
                                               re.IGNORECASE)]
    if not dates:
        return []
    mentions = sorted((m for m in doc.mentions
                       if sentence.start <= m.span.start and m.span.end <= sentence.end),
                      key=lambda m: m.span)
    kinds = {m.entity: entity_kind(doc, catalogue, m.entity) for m in mentions}
    triggers = _triggers(doc, sentence, lexicon, mentions, kinds)
    future_cue = _rows(lexicon, "temporal_cues", "future")
    future = re.search(rf"\b(?:{future_cue})\b", sentence.text, re.IGNORECASE) is not None
    events = []
    verbs = _reporting(lexicon)
    for event_type, start, end, verbal in triggers:
        # A date beyond a reporting verb belongs to what was said, not to the event where it
        # was said ("At the Forum held in May, X said growth was 5% up to 2016").
        near = [d for d in dates
                if not re.search(verbs, text[min(end, d[0].end):max(start, d[0].start)])
                and not _in_other_aside(text, sentence, d[0], start)]
        if not near:
            continue
        # "met in X on D": a verb's date follows it, so a date before it counts as farther
        span, first, last = min(near, key=lambda d: abs(d[0].start - end) if d[0].start >= end
                                else abs(start - d[0].end) + (15 if verbal else 0))
        name_start, name_end, organizer, ordinal = _name(doc, start, end, mentions, kinds,
                                                         verbal)
        if event_type == "founding":
            organizer = _founded(start, end, mentions, kinds, text) or main_org
            if organizer is None:
                continue
        elif event_type == "accession" and organizer is None:
            organizer = next((m.entity for m in mentions if kinds[m.entity] == "igo"), main_org)
        place = _place(mentions, kinds, end, text)
        participants = tuple(dict.fromkeys(
            m.entity for m in mentions
            if kinds[m.entity] in _AGENTS and m.entity not in {place, organizer}))
        events.append(Event(
            type=event_type,
            key=_key(doc, event_type, first, place, organizer, ordinal, name_start),
            label=" ".join(text[name_start:name_end].split()),
            span=doc.span(name_start, name_end),
            start=first, end=last, place=place, participants=participants,
            organizer=organizer, ordinal=ordinal,
            status=_status(first, doc.meta.date, future)))
    return events


def _in_other_aside(text: str, sentence: Sentence, date: Span, trigger: int) -> bool:
    """", speaking in Riverton last month, called the summit ...": a date inside a participial
    aside between commas dates that aside, not a trigger outside it."""
    left = text.rfind(",", sentence.start, date.start)
    right = text.find(",", date.end, sentence.end)
    if left == -1 or right == -1 or left < trigger < right:
        return False
    return re.match(r",\s+[a-z]+ing\b", text[left:right]) is not None


@functools.lru_cache(maxsize=4)
def _trigger_table(lexicon: Lexicon) -> tuple[re.Pattern[str], list[tuple[str, frozenset[str],
                                                                         bool, re.Pattern[str]]]]:
    """The trigger patterns per label and form, compiled once per lexicon."""
    shifted = _rows(lexicon, "event_triggers", "shifted")
    table = []
    for label in dict.fromkeys(str(r["label"]) for r in lexicon["event_triggers"]):
        if label in {"shifted", "not_event"}:
            continue
        needs = frozenset(str(r.get("needs")) for r in lexicon["event_triggers"]
                          if r["label"] == label and r.get("needs"))
        for verbal in (False, True):
            rows = _rows(lexicon, "event_triggers", label, verbal)
            table.append((label, needs, verbal, re.compile(rf"\b(?:{rows})\b", re.IGNORECASE)))
    return (re.compile(rf"\b(?:{shifted})\s+(?:[^\s,;]+\s+){{0,3}}$", re.IGNORECASE), table)


@functools.lru_cache(maxsize=4)
def _reporting(lexicon: Lexicon) -> str:
    """A reporting verb, or any reporting verb followed by "that" (once per lexicon)."""
    said = "|".join(re.escape(str(r["pattern"])) for r in lexicon["reporting_verbs"]
                    if r.get("that") == "optional") or r"(?!x)x"
    any_verb = "|".join(re.escape(str(r["pattern"])) for r in lexicon["reporting_verbs"])
    return rf"\b(?:{said})\b|\b(?:{any_verb or '(?!x)x'})\s+that\b"


def _triggers(doc: Document, sentence: Sentence, lexicon: Lexicon, mentions: list[Mention],
              kinds: Mapping[str, str | None]) -> list[tuple[str, int, int, bool]]:
    text = doc.text
    found: list[tuple[str, int, int, bool]] = []
    present = {kinds[m.entity] for m in mentions}
    shifted = _trigger_table(lexicon)[0]
    for label, needs, verbal, pattern in _trigger_table(lexicon)[1]:
        if needs and not needs & present:
            continue
        for m in pattern.finditer(text, sentence.start, sentence.end):
            if shifted.search(text[sentence.start:m.start()]):
                continue
            found.append((label, m.start(), m.end(), verbal))
    found.sort(key=lambda t: (t[1], -(t[2] - t[1])))
    kept: list[tuple[str, int, int, bool]] = []
    for item in found:
        if all(item[2] <= k[1] or k[2] <= item[1] for k in kept):
            kept.append(item)
    if len(kept) > 1:
        kept = [k for k in kept if k[0] != "visit"]  # "head to X for a meeting": one event
    return kept


def _name(doc: Document, start: int, end: int, mentions: list[Mention],
          kinds: Mapping[str, str | None],
          verbal: bool = False) -> tuple[int, int, str | None, int | None]:
    """Extend a trigger over its name: "18th SCO summit", "Meeting ... of the <IGO>"."""
    text = doc.text
    organizer = None
    after = re.match(r"\s+of\s+the\s+", text[end:end + 12])
    if after:
        follower = next((m for m in mentions if m.span.start == end + after.end()
                         and kinds[m.entity] in _ORGS), None)
        if follower is not None:
            organizer, end = follower.entity, follower.span.end
    while not verbal:  # capitalised words and names before: "ASEAN Foreign Ministers' Meeting"
        preceding = next((m for m in mentions if 0 < start - m.span.end <= 1
                          and text[m.span.end:start].isspace()), None)
        if preceding is not None:
            if kinds[preceding.entity] in _ORGS and organizer is None:
                organizer = preceding.entity
            start = preceding.span.start
            continue
        word = re.search(r"(?<![\w.])([A-Z][\w.'’-]*)\s+$", text[max(0, start - 40):start])
        if word and word.group(1) not in {"The", "A", "An", "On", "In", "At", "During"}:
            start -= len(word.group(0))
            continue
        break
    ordinal = None
    ordinal_match = re.search(r"\b(\d{1,3})(?:st|nd|rd|th)\s+$", text[max(0, start - 8):start])
    if ordinal_match:
        ordinal = int(ordinal_match.group(1))
        start -= len(ordinal_match.group(0))
    return start, end, organizer, ordinal


def _founded(start: int, end: int, mentions: list[Mention],
             kinds: Mapping[str, str | None], text: str) -> str | None:
    """The organisation a founding trigger is about: named next to it ("the establishment of
    the X", "Established on ..., the X"), nearest first."""
    orgs = [m for m in mentions if kinds[m.entity] in _ORGS]
    if not orgs:
        return None
    return min(orgs, key=lambda m: min(abs(m.span.start - end), abs(start - m.span.end))).entity


def _place(mentions: list[Mention], kinds: Mapping[str, str | None], end: int,
           text: str) -> str | None:
    """The first place named after "in", "at" or "to" ("held in X", "head to X")."""
    places = [m for m in mentions if kinds[m.entity] in _PLACES
              and re.search(r"\b(?:in|at|to)\s+(?:the\s+)?$", text[max(0, m.span.start - 9):
                                                                   m.span.start], re.IGNORECASE)]
    if not places:
        return None
    after = [m for m in places if m.span.start >= end]
    return (after or places)[0].entity


def _status(start: DateValue, reference: DateValue | None, future: bool) -> str:
    """Scheduled when the sentence speaks of the future and the date is not already past."""
    if reference is not None:
        width = min(len(start.value), len(reference.value))
        if start.value[:width] < reference.value[:width]:
            return "completed"
    return "scheduled" if future else "completed"


def _key(doc: Document, event_type: str, start: DateValue | None, place: str | None,
         organizer: str | None, ordinal: int | None, offset: int) -> str:
    if event_type == "founding" and organizer:
        return f"{organizer}-founding"
    if start is not None and place is not None:
        return f"{start.value}-{slug(place)}"
    if organizer is not None and ordinal is not None:
        return f"{slug(organizer)}-{ordinal}"
    return f"{slug(doc.stem)}-{offset}"


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Find the dated events of every sentence outside captions and the headline."""
    main_org = main_organisation(doc, catalogue)
    captions = caption_lines(doc, lexicon)
    title = doc.meta.title.span if doc.meta.title and doc.meta.title.span else None
    events: list[Event] = []
    for sentence in doc.sentences:
        if sentence.paragraph in captions or (
                title is not None and sentence.start < title.end and title.start < sentence.end):
            continue
        events.extend(find_events(doc, sentence, catalogue, lexicon, main_org))
    doc.events = _one_founding(events)


def _one_founding(events: list[Event]) -> list[Event]:
    """An article may date a founding twice ("in 2001", "on June 15th, 2001"): keep the most
    precise mention, since both are the same event."""
    best: dict[str, Event] = {}
    for event in events:
        if event.type != "founding":
            continue
        held = best.get(event.key)
        rank = _PRECISION.get(event.start.precision, 0) if event.start else 0
        if held is None or rank > (_PRECISION.get(held.start.precision, 0) if held.start else 0):
            best[event.key] = event
    return [e for e in events if e.type != "founding" or best.get(e.key) is e]


__all__ = ["annotate", "find_events", "Span"]
