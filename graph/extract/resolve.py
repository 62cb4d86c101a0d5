"""Extraction step ``resolve``: short forms, speaker pronouns, misspelt names and posts.

* A surname ("Petrov", "Mr. Chen") names the person the article named in full before it; a
  surname with a title and no earlier full name names the one catalogue person it can be.
* A misspelt full name ("Pavel Petrov, the general secretary of the SCO", where the catalogue
  has Oleg Petrov in that post) is the catalogue person with that surname only when the
  article also gives a post the catalogue records for that person at a time the article
  speaks of. A surname alone never crosses first names.
  The mention keeps the surface form as written.
* "he"/"she" used as a speaker ("he said") and role descriptions used as speakers ("the former
  Ruritanian ambassador to Freedonia added") name the person last named before them.
* Posts (``doc.posts``) come from :mod:`posts`, keyed after the merges above.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..statements.model import Entity, Mention, PostHolding
from . import gazetteer as gz
from . import posts
from .document import Document

SPEAKER_WINDOW = 4  # sentences a pronoun may look back for its speaker


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Re-key and add mentions; assign ``doc.posts``."""
    gaz = gz.build(catalogue, lexicon)
    phrases = posts.find(doc, gaz)
    merged = _merge_misspelt(doc, gaz, phrases)
    _surnames(doc, gaz)
    phrases = [_rekey(p, merged) for p in phrases]
    phrases += _speaker_references(doc, gaz)
    seen = set()
    for p in phrases:
        key = (p.person, p.role, p.organization, p.former, p.start)
        if key in seen:
            continue
        seen.add(key)
        doc.posts.append(PostHolding(
            person=p.person, role=p.role, role_label=p.role_label, span=doc.span(p.start, p.end),
            organization=p.organization, attested=doc.meta.date, former=p.former,
            person_span=doc.span(p.person_start, p.person_end)))


def _is_person(doc: Document, gaz: gz.Gazetteer, key: str) -> bool:
    return posts.kind_of(doc, gaz, key) == "person"


def _label(doc: Document, gaz: gz.Gazetteer, key: str) -> str:
    entry = gaz.catalogue.get(key)
    return entry.label if entry else doc.entities[key].label


def _years(doc: Document) -> set[int]:
    """Years the article speaks of: its date, else every year it states."""
    if doc.meta.date is not None:
        return {int(doc.meta.date.value[:4])}
    return {int(y) for y in re.findall(r"(?<![\d.,$])\b((?:19|20)\d\d)\b(?!\s*%)",
                                       doc.text[doc.body_start:])}


def _merge_misspelt(doc: Document, gaz: gz.Gazetteer,
                    phrases: list[posts.PostPhrase]) -> dict[str, str]:
    """New person entities that are a catalogue person misspelt, proven by post and time."""
    merged: dict[str, str] = {}
    years = _years(doc)
    for key, entity in list(doc.entities.items()):
        if entity.kind != "person":
            continue
        surname = entity.label.split()[-1]
        candidates = [e for e in gaz.catalogue.entries if e.kind == "person"
                      and (surname in e.hidden or e.label.split()[-1] == surname
                           or gz.near_spelling(entity.label, e.label))]
        proven = []
        for candidate in candidates:
            for phrase in (p for p in phrases if p.person == key):
                held = [p for p in gaz.catalogue.posts if p.person == candidate.key
                        and p.role == phrase.role and p.organization == phrase.organization]
                if any(_during(p.start, p.end, years) for p in held):
                    proven.append(candidate.key)
        if len(set(proven)) == 1:
            merged[key] = proven[0]
    for old, new in merged.items():
        spelling = doc.entities.pop(old).label
        entry = gaz.catalogue.get(new)
        if entry is not None and spelling not in (entry.label, *entry.aliases):
            # the article's spelling stays findable on the catalogue person it names
            doc.entities[new] = Entity(key=new, kind="person", label=entry.label,
                                       aliases=(spelling,))
        doc.mentions[:] = [Mention(new, m.span) if m.entity == old else m for m in doc.mentions]
    return merged


def _during(start: str | None, end: str | None, years: set[int]) -> bool:
    low = int(start[:4]) if start else -10_000
    high = int(end[:4]) if end else 10_000
    return not years or any(low <= y <= high for y in years)


def _rekey(phrase: posts.PostPhrase, merged: dict[str, str]) -> posts.PostPhrase:
    if phrase.person not in merged:
        return phrase
    return posts.PostPhrase(merged[phrase.person], *[getattr(phrase, f) for f in (
        "role", "role_label", "start", "end", "organization", "former", "person_start",
        "person_end")])


def _surnames(doc: Document, gaz: gz.Gazetteer) -> None:
    """Link "Petrov", "Mr. Chen", "President Lin" to a person."""
    text = doc.text
    overlaps_mention = _overlap_test([(m.span.start, m.span.end) for m in doc.mentions])
    titles = gaz.exact_alternation(list(gaz.roles) + list(gaz.honorifics))  # case-sensitive
    token = re.compile(rf"(?P<title>(?<![\w-])(?:{titles})\s+)?"
                       r"(?<![\w’'-])(?P<name>[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*)(?![\w’-])")
    people = sorted((m for m in doc.mentions if _is_person(doc, gaz, m.entity)),
                    key=lambda m: m.span.start)
    verbs = gaz.exact_alternation([v for v, info in gaz.verbs.items() if not info.participle])
    speaking = re.compile(rf"\s+(?:(?:has|had|also|further|then|later|earlier)\s+)*(?:{verbs})\b")
    said = re.compile(rf"(?:^|\W)(?:{verbs})\s+$")
    according = re.compile(rf"(?i:{gaz.alternation(gaz.cues.get('according_to', []))})\s+$")
    added = []
    for m in token.finditer(text, doc.body_start):
        s, e = m.span("name")
        if overlaps_mention(s, e):
            continue
        if re.match(rf"\s+{gz.NAME_TOKEN}", text[e:e + 30]) and not re.match(
                r"\s+[A-Z][a-z]+\s*[:,]", text[e:e + 30]) and _next_is_name(text, e):
            continue  # part of a longer name: "Chen Meiling" is not "Chen"
        titled = bool(m.group("title")) or _is_label(text, s, e)
        # "Li said", "said Li": a speaker's name may be the family name written first
        speaks = bool(speaking.match(text, e) or said.search(text, max(0, s - 20), s)
                      or according.search(text, max(0, s - 20), s))  # "according to Li"
        key = _earlier(doc, gaz, people, m.group("name"), s, titled or speaks) or (
            _from_catalogue(doc, gaz, m.group("name"), m.group("title")) if titled else None)
        if key:
            added.append(Mention(key, doc.span(s, e)))
    doc.mentions.extend(added)


def _overlap_test(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether ``(s, e)`` overlaps any of ``spans`` (fixed), in log time.

    Every capitalised word of an article is tested against every mention: a scan of the list
    made this loop quadratic. Sorted by start, the spans that start before ``e`` are a prefix,
    and one of them overlaps exactly when the furthest end among them lies past ``s``.
    """
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(s: int, e: int) -> bool:
        before = bisect.bisect_left(starts, e)  # spans with start < e
        return before > 0 and furthest[before - 1] > s

    return overlaps


def _next_is_name(text: str, end: int) -> bool:
    """The next word is a capitalised name token, not a verb or sentence start."""
    following = re.match(r"\s+([A-Z][a-z]+)", text[end:end + 30])
    return following is not None and following.group(1) not in {"The", "In", "On", "At"}


def _is_label(text: str, s: int, e: int) -> bool:
    """"Petrov: ..." at the start of a paragraph (an interview turn)."""
    line_start = text.rfind("\n", 0, s) + 1
    return not text[line_start:s].strip() and text[e:e + 1] == ":"


def _earlier(doc: Document, gaz: gz.Gazetteer, people: list[Mention], name: str, at: int,
             titled: bool) -> str | None:
    for mention in reversed([p for p in people if p.span.end <= at]):
        entry = gaz.catalogue.get(mention.entity)
        label = _label(doc, gaz, mention.entity).split()
        if len(label) < 2:
            continue
        forms = {label[-1]} | set(entry.hidden if entry else ())
        if titled:
            forms.add(label[0])  # "Mr. Chen" for Chen Liwei: family name first
        if name in forms:
            return mention.entity
    return None


def _from_catalogue(doc: Document, gaz: gz.Gazetteer, name: str, title: str | None) -> str | None:
    candidates = gaz.hidden.get(name, [])
    role = gaz.role(title.strip()) if title else None
    if len(candidates) > 1 and role is not None:
        years = _years(doc)
        candidates = [c for c in candidates if any(
            p.person == c.key and p.role == role.key and _during(p.start, p.end, years)
            for p in gaz.catalogue.posts)]
    return candidates[0].key if len(candidates) == 1 else None


def _speaker_references(doc: Document, gaz: gz.Gazetteer) -> list[posts.PostPhrase]:
    """Pronouns and role descriptions standing for the last named person, as speakers."""
    text = doc.text
    # exact_alternation: case-sensitive uses only (``according`` sits in (?i:...), flat)
    verbs = gaz.exact_alternation([v for v, info in gaz.verbs.items() if not info.participle])
    pronouns = gaz.exact_alternation([p for p in gaz.cues.get("pronoun", [])]
                                     + [p.capitalize() for p in gaz.cues.get("pronoun", [])])
    roles = gaz.exact_alternation(gaz.roles)
    demonyms = gaz.exact_alternation(gaz.demonyms)
    states = gaz.state_names or r"(?!x)x"
    formers = gaz.exact_alternation([q for q, former in gaz.qualifiers.items() if former])
    # "He called for "..."", "He praised ..."
    naming = gaz.exact_alternation(gaz.cues.get("naming", []) + gaz.cues.get("speech_act", []))
    according = gaz.alternation(gaz.cues.get("according_to", []))
    objects = gaz.alternation(gaz.cues.get("pronoun_object", []))
    pronoun_re = re.compile(rf"(?<![\w’'])(?P<ref>{pronouns})\s+(?:has\s+|had\s+|also\s+)?"
                            rf"(?:{verbs}|{naming})\b|\b(?:{verbs})\s+(?P<ref2>{pronouns})\b"
                            rf"|(?<![\w])(?i:{according})\s+(?P<ref3>{objects})\b")
    # "the minister added", "said the secretary-general", "according to the assistant
    # minister", "the organization's head recalled"
    # "Ruritania's top diplomat said": a state's possessive opens a description too
    description = (rf"(?:[Tt]he\s+(?:[\w-]+['’]s?\s+)?|(?P<owner>{states})['’]s\s+)"
                   rf"(?P<former>(?:{formers})[\s-]+)?"
                   rf"(?:(?P<demonym>{demonyms})\s+)?(?:[\w-]+\s+){{0,2}}?(?P<role>{roles})"
                   rf"(?:\s+(?:to|of|for|at)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?")
    after = description.replace("?P<", "?P<x")  # the same groups, renamed, after the cue
    description_re = re.compile(
        rf"(?<![\w’'])(?P<ref>{description})(?![\w-])\s+(?:has\s+|had\s+|also\s+)?"
        rf"(?:{verbs}|{naming})\b"
        rf"|(?:\b(?:{verbs})|(?<![\w])(?i:{according}))\s+(?P<ref2>{after})(?![\w-])")
    documents = gaz.alternation(gaz.cues.get("document", []))
    document_re = re.compile(
        rf"(?<![\w’'])(?P<ref>[Tt]he\s+(?:[\w’'-]+\s+){{0,2}}?(?:{documents}))\s+"
        rf"(?:has\s+|had\s+|also\s+)?(?:{verbs})\b|\b(?:{verbs})\s+(?P<ref2>the\s+(?:{documents}))\b"
        rf"|(?<![\w])(?i:{according})\s+(?P<ref3>the\s+(?:[\w’'-]+\s+){{0,2}}?(?:{documents}))\b")
    for m in document_re.finditer(text, doc.body_start):
        group = next(g for g in ("ref", "ref2", "ref3") if m.group(g))
        s, e = m.span(group)
        if re.match(r"\s+(?:from|of|by)\s+(?:the\s+)?[A-Z]", text[e:e + 40]):
            continue  # "the message from the Council": the issuer is named right there
        issuer = _last_agent(doc, gaz, s, text[s:e].split()[-1])
        if issuer is not None:
            doc.mentions.append(Mention(issuer.entity, doc.span(s, e)))
    bodies = gaz.exact_alternation(gaz.cues.get("pronoun_body", []))
    body_re = re.compile(rf"(?<![\w’'])(?P<ref>{bodies})\s+(?:has\s+|had\s+|also\s+)?"
                         rf"(?:{verbs})\b")
    for m in body_re.finditer(text, doc.body_start):
        s, e = m.span("ref")
        body = _last_speaking_body(doc, gaz, s, verbs)
        if body is not None:
            doc.mentions.append(Mention(body.entity, doc.span(s, e)))
    found: list[posts.PostPhrase] = []
    for pattern in (pronoun_re, description_re):
        for m in pattern.finditer(text, doc.body_start):
            group = next(g for g in ("ref", "ref2", "ref3") if g in m.re.groupindex and m.group(g))
            s, e = m.span(group)
            x = "" if group == "ref" else "x"
            if pattern is description_re and _names_a_person(doc, gaz, s, e):
                continue  # "the Prime Minister of Ruritania Jan Novak": a title, not a back
                # reference; the name that follows it is the speaker
            role = gaz.role(m.group(x + "role")) if pattern is description_re else None
            state = (gaz.demonyms.get(m.group(x + "demonym") or "")
                     or _state_key(gaz, m.group(x + "owner"))
                     if pattern is description_re else None)
            speaker = _last_person(doc, gaz, s, role.key if role else None, verbs, state)
            if speaker is None:
                continue
            doc.mentions.append(Mention(speaker.entity, doc.span(s, e)))
            if pattern is description_re:
                found.append(posts.description(doc, gaz, speaker, s, e, m.group(x + "role"),
                                               bool(m.group(x + "former"))))
    return found


def _state_key(gaz: gz.Gazetteer, name: str | None) -> str | None:
    entries = [e for e in gaz.names.get(name or "", []) if e.kind == "state"]
    return entries[0].key if len(entries) == 1 else None


def _names_a_person(doc: Document, gaz: gz.Gazetteer, start: int, end: int) -> bool:
    """Whether a person is named inside ``text[start:end]`` or right after it (", Jan Novak")."""
    after = re.match(r"[\s,]*", doc.text[end:end + 4])
    reach = end + (after.end() if after else 0)
    return any(start <= m.span.start <= reach and _is_person(doc, gaz, m.entity)
               for m in doc.mentions)


def _last_person(doc: Document, gaz: gz.Gazetteer, at: int, role: str | None,
                 verbs: str, state: str | None = None) -> Mention | None:
    """The speaker a pronoun or description stands for.

    Pronouns take the last person named within a few sentences. A role description looks
    further back and prefers a person the catalogue records in that role, then the last person
    who spoke (named next to a reporting verb), then the last person named.
    """
    sentence = next((i for i, s in enumerate(doc.sentences) if s.start <= at < s.end + 1), None)
    if sentence is None:
        return None
    window = SPEAKER_WINDOW if role is None else 3 * SPEAKER_WINDOW
    floor = doc.sentences[max(0, sentence - window)].start
    people = [m for m in doc.mentions if floor <= m.span.start and m.span.end <= at
              and _is_person(doc, gaz, m.entity) and m.entity != _author(doc)]
    if not people:
        return None
    if state is not None:
        # "the Ruritanian leader": a person the catalogue places in that state, if named
        people = [m for m in people if any(p.person == m.entity and p.organization == state
                                           for p in gaz.catalogue.posts)] or people
    if role is not None:
        in_role = [m for m in people if any(p.person == m.entity and p.role == role
                                            for p in gaz.catalogue.posts)]
        spoke = [m for m in people if _spoke(doc.text, m, verbs)]
        people = in_role or spoke or people
        return max(people, key=lambda m: m.span.start)
    last = max(people, key=lambda m: m.span.start)
    # "X held talks with Y. He told Y that ...": a pronoun takes the subject of the sentence
    # before it (the person opening that sentence), not the last person it names
    before = next((s for s in reversed(doc.sentences[:sentence])
                   if s.start <= last.span.start < s.end), None)
    if before is not None:
        # the person opening that sentence, or the first one it names after a dateline or a
        # title ("RIVERTON — Minister of Trade Jan Novak met Ana Ruiz. He said ...")
        subject = next((m for m in sorted(people, key=lambda m: m.span.start)
                        if m.span.start >= before.start), None)
        if subject is not None and not re.search(
                r"\b(?:with|to|by|and|from|for|met|meets|meeting|on)\s+$",
                doc.text[before.start:subject.span.start]):
            return subject
    return last


def _last_agent(doc: Document, gaz: gz.Gazetteer, at: int, noun: str = "") -> Mention | None:
    """Who issued "the statement": the person or organisation last named before it; for "the
    ministry", the last one whose name holds that word."""
    sentence = next((i for i, s in enumerate(doc.sentences) if s.start <= at < s.end + 1), None)
    if sentence is None:
        return None
    floor = doc.sentences[max(0, sentence - 2 * SPEAKER_WINDOW)].start
    agents = [m for m in doc.mentions if floor <= m.span.start and m.span.end <= at
              and posts.kind_of(doc, gaz, m.entity) in _AGENT_KINDS
              and m.entity != _author(doc)]
    named = [m for m in agents if noun.lower() in _label(doc, gaz, m.entity).lower().split()]
    if noun.lower() in {"ministry", "department", "office", "agency"}:
        agents = named  # "the ministry" is no person: without a named ministry, nobody
    else:
        agents = named or agents
    return max(agents, key=lambda m: m.span.start) if agents else None


_AGENT_KINDS = frozenset({"person", "org", "igo", "media", "govbody"})
_BODY_KINDS = _AGENT_KINDS - {"person"}


def _last_speaking_body(doc: Document, gaz: gz.Gazetteer, at: int,
                        verbs: str) -> Mention | None:
    """Who "it" is in "..., it said": the organisation that last spoke (named next to a
    reporting verb) within a few sentences, if no person spoke after it; else nobody ("it"
    is far more often a thing than a speaker)."""
    sentence = next((i for i, s in enumerate(doc.sentences) if s.start <= at < s.end + 1), None)
    if sentence is None:
        return None
    floor = doc.sentences[max(0, sentence - SPEAKER_WINDOW)].start
    spoke = [m for m in doc.mentions if floor <= m.span.start and m.span.end <= at
             and posts.kind_of(doc, gaz, m.entity) in _AGENT_KINDS
             and m.entity != _author(doc) and _spoke(doc.text, m, verbs)]
    last = max(spoke, key=lambda m: m.span.start) if spoke else None
    if last is None or posts.kind_of(doc, gaz, last.entity) not in _BODY_KINDS:
        return None
    return last


def _spoke(text: str, mention: Mention, verbs: str) -> bool:
    after = text[mention.span.end:mention.span.end + 30]
    before = text[max(0, mention.span.start - 20):mention.span.start]
    return bool(re.match(rf"\s+(?:has\s+|had\s+|also\s+)?(?:{verbs})\b", after)
                or re.search(rf"\b(?:{verbs})\s+$", before))


def _author(doc: Document) -> str | None:
    return doc.meta.author.value if doc.meta.author else None
