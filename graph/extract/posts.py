"""Who holds which post, as the article words it around a person's name.

Three shapes carry a post: a title before the name ("SCO Secretary-General X", "Premier X",
"Ruritanian President X"), an apposition after it ("X, the deputy secretary-general of the SCO",
"X, Ruritanian presidential envoy for the SCO's affairs") and a copula ("X is the director of
Y"). The organisation is the one named after "of/for/at" in the phrase, else the state of a
demonym before the role ("Ruritanian ambassador"), else the catalogue's record of that person in
that role. "former"/"ex-" marks a post that had ended by the article date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..statements.model import Mention
from . import gazetteer as gz
from .document import Document

ORG_KINDS = frozenset({"org", "igo", "media", "govbody", "state"})


@dataclass(frozen=True)
class PostPhrase:
    """A post found next to a person mention (before any coreference merges)."""

    person: str
    role: str
    role_label: str
    start: int
    end: int
    organization: str | None
    former: bool
    person_start: int
    person_end: int


def kind_of(doc: Document, gaz: gz.Gazetteer, key: str) -> str | None:
    entry = gaz.catalogue.get(key)
    if entry is not None:
        return entry.kind
    entity = doc.entities.get(key)
    return entity.kind if entity else None


def find(doc: Document, gaz: gz.Gazetteer) -> list[PostPhrase]:
    """Posts attached to every person mention in ``doc.mentions``."""
    text = doc.text
    before, after = gaz.compiled("posts.patterns", lambda: _patterns(gaz))
    out: list[PostPhrase] = []
    for mention in doc.mentions:
        if kind_of(doc, gaz, mention.entity) != "person":
            continue
        s, e = mention.span.start, mention.span.end
        window_start = max(doc.body_start, s - 80)
        head = text[window_start:s]
        if (m := before.search(head)) and "\n" not in m.group():
            start = window_start + m.start()
            org = _org_before(doc, gaz, start) or _demonym(gaz, m.group("pre"))
            out.append(_phrase(doc, gaz, mention, m.group("role"), start, e, org,
                               bool(m.group("former"))))
        if (m := after.match(text, e)) and "\n" not in m.group():
            tail_start = m.start("tail")
            org = (_org_in(doc, gaz, tail_start, m.end("tail"), exclude_to=True)
                   or _org_in(doc, gaz, m.start("pre"), m.end("pre"))
                   or _demonym(gaz, m.group("pre")))
            out.append(_phrase(doc, gaz, mention, m.group("role"), s, m.end(), org,
                               bool(m.group("former"))))
    return out


def _patterns(gaz: gz.Gazetteer) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A role before a name, and one after it (compiled once per gazetteer)."""
    roles = gaz.alternation(list(gaz.roles))
    demonyms = gaz.alternation(list(gaz.demonyms))
    formers = gaz.alternation([q for q, former in gaz.qualifiers.items() if former])
    before = re.compile(rf"(?P<pre>(?:(?:{demonyms})\s+)?)(?P<former>(?:(?:{formers})[\s-]*)?)"
                        rf"(?P<role>{roles})\s+$")
    after = re.compile(rf"(?:,\s+|\s+(?:is|was|has been|as)\s+)(?:who\s+is\s+)?"
                       rf"(?:the\s+|a\s+|an\s+)?"
                       rf"(?P<former>(?:(?:{formers})[\s-]+)?)"
                       rf"(?P<pre>(?:[\w’'.-]+\s+){{0,3}}?)(?P<role>{roles})\b"
                       rf"(?P<tail>(?:\s+(?:of|for|at|to|in)\s+[^,;:()\"“”\n]+?)?)"
                       rf"(?=\s*(?:[,;:()\"“”\n]|\.(?:\s|$)|$|\s+(?:{_verbs(gaz)})\b))")
    return before, after


def description(doc: Document, gaz: gz.Gazetteer, speaker: Mention, start: int, end: int,
                role_text: str, former: bool) -> PostPhrase:
    """The post a role description ("the former Ruritanian ambassador to Freedonia") gives
    a speaker."""
    org = (_org_in(doc, gaz, start, end, exclude_to=True)
           or _demonym(gaz, doc.text[start:end]))
    role = gaz.role(role_text)
    assert role is not None
    return PostPhrase(speaker.entity, role.key, role.name, start, end, org, former,
                      speaker.span.start, speaker.span.end)


def _verbs(gaz: gz.Gazetteer) -> str:
    return gaz.alternation([v for v, info in gaz.verbs.items() if not info.participle])


def _phrase(doc: Document, gaz: gz.Gazetteer, mention: Mention, role_text: str, start: int,
            end: int, org: str | None, former: bool) -> PostPhrase:
    role = gaz.role(role_text)
    assert role is not None
    if org is None:
        held = [p for p in gaz.catalogue.posts
                if p.person == mention.entity and p.role == role.key]
        org = held[0].organization if len({p.organization for p in held}) == 1 else None
    return PostPhrase(mention.entity, role.key, role.name, start, end, org, former,
                      mention.span.start, mention.span.end)


def _org_before(doc: Document, gaz: gz.Gazetteer, start: int) -> str | None:
    """"SCO Secretary-General": an organisation mention right before the title."""
    for m in doc.mentions:
        if (m.span.end <= start and not doc.text[m.span.end:start].strip()
                and kind_of(doc, gaz, m.entity) in ORG_KINDS):
            return m.entity
    return None


def _org_in(doc: Document, gaz: gz.Gazetteer, start: int, end: int,
            exclude_to: bool = False) -> str | None:
    """The organisation named in a role phrase; a state only when no organisation is."""
    inside = sorted((m for m in doc.mentions if start <= m.span.start and m.span.end <= end),
                    key=lambda m: (kind_of(doc, gaz, m.entity) == "state", m.span.start))
    for m in inside:
        if kind_of(doc, gaz, m.entity) in ORG_KINDS:
            if exclude_to and re.search(r"\bto\s+(?:the\s+)?$", doc.text[start:m.span.start]):
                continue  # "ambassador to Freedonia": the host state, not the employer
            return m.entity
    return None


def _demonym(gaz: gz.Gazetteer, phrase: str) -> str | None:
    m = gaz.demonym_re.search(phrase)
    return gaz.demonyms[m.group()] if m else None
