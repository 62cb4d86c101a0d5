"""Extraction step ``mentions``: every name of a catalogue entity, and people and organisations
the catalogue does not know, recognised by the words around them.

Catalogue names (labels and aliases) are matched longest first at word boundaries, so "Riverton
Cooperation Council" wins over "Riverton". A place name glued into a longer proper name
("Riverton Spirit", "Freedonia-Europe railway") is not a mention of the place. Hidden labels
(surnames) are left to :mod:`resolve`, which knows who the article named earlier.

Unknown people are taken only where the context says a person is meant: after a title or
honorific ("Premier X Y", "Mr. X Y"), before an apposition with a role ("X Y, the director
of ..."), next to a reporting verb ("said X Y,"), and in bylines and credits ("By X Y",
"Riverton TV's X Y", "Photo by X"). Unknown organisations are capitalised phrases headed by an
organisation word from the lexicon ("... Center of International Cultural Exchange").
"""

from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue, CatalogueEntry, named_after_state
from ..statements.model import Entity, Mention
from . import gazetteer as gz
from . import organisations, places
from .document import Document
from .sentences import paragraphs

PLACE_KINDS = frozenset({"state", "city", "region", "place"})


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Assign ``doc.mentions`` (and ``doc.entities`` for names the catalogue lacks)."""
    gaz = gz.build(catalogue, lexicon)
    glued: list[tuple[int, int, str]] = []
    found = [(s, e, key) for s, e, key in _catalogue_mentions(doc, gaz, glued)
             if not (_kind_of(doc, gaz, key) == "state"
                     and gaz.currency_after_re.match(doc.text, e))]
    taken = [(s, e) for s, e, _ in found]
    for start, end, key in found:
        doc.mentions.append(Mention(key, doc.span(start, end)))
    kinds = {(s, e): _kind_of(doc, gaz, key) for s, e, key in found}
    for start, end, name in _coordinated_regions(doc, gaz):
        # "Central and South Asia": one region, the gold's and the reader's
        doc.mentions[:] = [m for m in doc.mentions
                           if not (start <= m.span.start and m.span.end <= end)]
        taken = [(s, e) for s, e in taken if not (start <= s and e <= end)]
        doc.mentions.append(Mention(add_entity(doc, catalogue, "region", name),
                                    doc.span(start, end)))
        taken.append((start, end))
    for start, end, kind, name in _pattern_names(doc, gaz, taken, kinds, lexicon):
        known = gaz.names.get(name, []) or _without_middle_name(gaz, kind, name)
        key = known[0].key if len(known) == 1 else add_entity(doc, catalogue, kind, name)
        # "National University of Ruritania": the state inside the name is not mentioned
        doc.mentions[:] = [m for m in doc.mentions
                           if not (start <= m.span.start and m.span.end <= end)]
        doc.mentions.append(Mention(key, doc.span(start, end)))
        taken.append((start, end))
    for start, end, key in _before_people(doc, gaz, glued, taken):
        doc.mentions.append(Mention(key, doc.span(start, end)))
        taken.append((start, end))
    for start, end, key in _adjectives(doc, gaz, taken):
        doc.mentions.append(Mention(key, doc.span(start, end)))
        taken.append((start, end))
    _merge_short_forms(doc, gaz)
    _merge_publisher(doc, gaz)
    orgs = {m.entity: _name_of(doc, gaz, m.entity) for m in doc.mentions
            if _kind_of(doc, gaz, m.entity) in ORG_KINDS}
    for start, end, key in organisations.acronyms(doc, orgs, taken):
        doc.mentions.append(Mention(key, doc.span(start, end)))


ORG_KINDS = frozenset({"org", "igo", "media", "govbody"})


def _without_middle_name(gaz: gz.Gazetteer, kind: str, name: str) -> list[CatalogueEntry]:
    """"Jan Petrovich Novak" is the catalogue's "Jan Novak": a patronymic or middle name."""
    words = name.split()
    if kind != "person" or len(words) != 3:
        return []
    return [x for x in gaz.names.get(f"{words[0]} {words[2]}", []) if x.kind == "person"]


def _merge_short_forms(doc: Document, gaz: gz.Gazetteer) -> None:
    """"the Youth Council" after "the SCO Youth Council", "the Ministry of Transport" after
    "the Ministry of Transport of Ruritania": an organisation the article named in full;
    "Petrovich Novak" after "Jan Petrovich Novak": a person's name cut short by a title."""
    found = {k: e.label for k, e in doc.entities.items() if e.kind in ORG_KINDS}
    people = {k: e.label for k, e in doc.entities.items() if e.kind == "person"}
    named = {(m.span.text, m.entity) for m in doc.mentions
             if _kind_of(doc, gaz, m.entity) == "person"}
    into = {}
    for key, label in people.items():
        holders = {k for text, k in named if k != key and len(label.split()) >= 2
                   and text.endswith(" " + label) and re.fullmatch(gz.FULL_NAME, text)}
        if len(holders) == 1:
            into[key] = holders.pop()
    for key, label in found.items():
        longer = [k for k, other in found.items() if k != key and len(label.split()) >= 2
                  and (other.endswith(" " + label) or other.startswith(label + " of "))]
        if len(longer) == 1:
            into[key] = longer[0]
    for key in into:
        del doc.entities[key]
    doc.mentions[:] = [Mention(into.get(m.entity, m.entity), m.span) for m in doc.mentions]


def _merge_publisher(doc: Document, gaz: gz.Gazetteer) -> None:
    """"Riverton Post News" in the body of a story the front matter credits to "Riverton
    Post": the publisher under its name plus a media word."""
    publisher = doc.meta.publisher.value if doc.meta and doc.meta.publisher else None
    if publisher is None or (gaz.catalogue.get(publisher) is None
                             and publisher not in doc.entities):
        return
    name = _name_of(doc, gaz, publisher)
    into = [k for k, e in doc.entities.items() if k != publisher and e.kind == "media"
            and e.label.startswith(name + " ")
            and all(w in gaz.media_heads for w in e.label[len(name):].split())]
    for key in into:
        del doc.entities[key]
    doc.mentions[:] = [Mention(publisher, m.span) if m.entity in into else m
                       for m in doc.mentions]


def _kind_of(doc: Document, gaz: gz.Gazetteer, key: str) -> str | None:
    entry = gaz.catalogue.get(key)
    return entry.kind if entry else (doc.entities[key].kind if key in doc.entities else None)


def _name_of(doc: Document, gaz: gz.Gazetteer, key: str) -> str:
    entry = gaz.catalogue.get(key)
    return entry.label if entry else doc.entities[key].label


def add_entity(doc: Document, catalogue: Catalogue, kind: str, name: str) -> str:
    """Key of a new entity named ``name`` (minted with ``vocab.slug``), registered on ``doc``."""
    from ..rdf.vocab import slug

    name = name.strip().rstrip(",")
    key = slug(name)
    if catalogue.get(key) is None and key not in doc.entities:
        doc.entities[key] = Entity(key=key, kind=kind, label=name,
                                   aliases=_state_aliases(catalogue, name))
    return key


def _state_aliases(catalogue: Catalogue, name: str) -> tuple[str, ...]:
    """"Ministry of Energy of Ruritania" is also "... of the Republic of Ruritania" when the
    catalogue gives the state that name."""
    head, sep, label = name.rpartition(" of ")
    state = catalogue.state_named(label) if sep else None
    if state is None or state.label != label:
        return ()
    return tuple(sorted(named_after_state(head, state.aliases)))


def _before_people(doc: Document, gaz: gz.Gazetteer, glued: list[tuple[int, int, str]],
                   taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """"Foreign Minister of the Republic of Ruritania Jan Novak": a place set aside as part of a
    longer name is named after all when the words after it are a person's name."""
    people = {m.span.start for m in doc.mentions if _kind_of(doc, gaz, m.entity) == "person"}
    out = []
    for s, e, key in _longest_first(glued):
        gap = re.match(r"[ \t]+", doc.text[e:])
        if (gap and e + gap.end() in people
                and not any(s < te and ts < e for ts, te in taken)):
            out.append((s, e, key))
    return out


def _catalogue_mentions(doc: Document, gaz: gz.Gazetteer,
                        glued: list[tuple[int, int, str]] | None = None
                        ) -> list[tuple[int, int, str]]:
    """Catalogue names, longest first; places read as part of a longer capitalised name go to
    ``glued`` (the longer name may prove to be a person's, see :func:`_before_people`)."""
    text, start = doc.text, doc.body_start
    titles = gaz.title_words()
    candidates: list[tuple[int, int, str]] = []
    headlines = [(hs, he) for hs, he in paragraphs(text, start)[:1] if _title_case(text[hs:he])]

    def headline_end(at: int) -> int:
        return next(he for hs, he in headlines if hs <= at < he)

    # "the SCO Heads of State Council": no name starts inside "Heads of State"
    units = [m.span() for m in organisations.organ_members_re(gaz).finditer(text, start)]
    for match in _every_start(gaz.name_re, text, start):
        name = match.group()
        if any(us < match.start() < ue for us, ue in units):
            continue
        entries = gaz.names[name]
        if len(entries) != 1:
            continue  # an alias shared by two entries names neither for sure
        entry = entries[0]
        s, e = match.span()
        first = name.split()[0]
        if len(name.split()) > 1 and (first in gaz.roles or first in gaz.honorifics):
            s += len(first) + 1  # "President Lin": the name is what follows the title
        if entry.kind in PLACE_KINDS and (_inside_longer_name(text, e, gaz, titles,
                                                              entry.kind == "state")
                                          or _inside_title(text, s)):
            if not (entry.kind in {"state", "city"} and any(hs <= s < he for hs, he in headlines)
                    and not _heads_a_name(text[e:headline_end(s)], gaz)):
                if glued is not None and not _inside_title(text, s):
                    glued.append((s, e, entry.key))
                continue  # a headline capitalises every word: "Ruritania Hails New Era"
        candidates.append((s, e, entry.key))
    candidates += _coordinated(doc, gaz)
    candidates += _datelines(doc, gaz)
    candidates += _hyphen_compounds(doc, gaz)
    return _longest_first(candidates)


_COMPOUND = re.compile(r"(?<![\w-])[A-Z][\w’']*(?:-[A-Z][\w’']*)+(?![\w-])")


def _hyphen_compounds(doc: Document, gaz: gz.Gazetteer) -> list[tuple[int, int, str]]:
    """"the Iran-Afghanistan-Tajikistan railway", "India-Pakistan ties": every part of a
    compound made only of catalogued states names its state (places are left whole: an
    airbase or a pass is often named by two places joined so)."""
    found = []
    for match in _COMPOUND.finditer(doc.text, doc.body_start):
        parts, at = [], match.start()
        for word in match.group().split("-"):
            entries = gaz.names.get(word, [])
            if len(entries) != 1 or entries[0].kind != "state":
                break
            parts.append((at, at + len(word), entries[0].key))
            at += len(word) + 1
        else:
            found += parts
    return found


def _every_start(pattern: re.Pattern[str], text: str, start: int) -> list[re.Match[str]]:
    """The longest match at every position, overlaps included ("the Arctic" / "Arctic Ocean")."""
    found = []
    match = pattern.search(text, start)
    while match:
        found.append(match)
        match = pattern.search(text, match.start() + 1)
    return found


def _inside_longer_name(text: str, end: int, gaz: gz.Gazetteer, titles: set[str],
                        state: bool = False) -> bool:
    """"Riverton Spirit": a place followed by capitalised words that are no title or event.
    "Riverton Summit" is an event in the place; "Ruritania Overseas Investment Fair" (a state,
    then other words before the event's head) is an event's name, the state no venue."""
    follow = re.match(r"[ \t]+[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*|of|and|the)){0,5}",
                      text[end:end + 80])
    if not follow:
        return False
    words = follow.group().split()
    word = words[0]
    if word in titles or word in gaz.roles or word in _not_in_name(gaz) or word.isupper():
        return False
    heads = [i for i, w in enumerate(words) if w in gaz.event_heads]
    if state and heads and heads[0] > 0 and words[0] not in gaz.event_heads:
        return True
    return not heads


def _heads_a_name(rest: str, gaz: gz.Gazetteer) -> bool:
    """Whether the capitalised words after a state in a headline are an organisation's or an
    event's name ("Ruritania Studies Center", "Ruritania Summit")."""
    words = re.match(r"(?:[ \t]+(?:[A-Z][\w’'-]*|of|and|the|for))*", rest)
    return any(w in gaz.org_heads or w in gaz.media_heads or w in gaz.event_heads
               for w in (words.group().split() if words else []))


def _inside_title(text: str, start: int) -> bool:
    """"a book titled An Ink Painting of The Silk Road": a capital "The" mid-sentence."""
    return re.search(r"[\w,]\s+The\s+$", text[max(0, start - 30):start]) is not None


def _coordinated(doc: Document, gaz: gz.Gazetteer) -> list[tuple[int, int, str]]:
    """"Central and South Asia" names Central Asia too."""
    out = []
    pattern = re.compile(r"\b([A-Z][a-z]+),? and ([A-Z][a-z]+) ([A-Z][a-z]+)\b")
    for m in pattern.finditer(doc.text, doc.body_start):
        first = f"{m.group(1)} {m.group(3)}"
        second = f"{m.group(2)} {m.group(3)}"
        if first in gaz.names and second in gaz.names and len(gaz.names[first]) == 1:
            out.append((m.start(1), m.end(1), gaz.names[first][0].key))
    return out


_COORDINATED = re.compile(r"(?<![\w’'-])([A-Z][a-z]+) and ([A-Z][a-z]+) ([A-Z][a-z]+)\b")
_DATELINE = re.compile(r"^([A-Z][A-Z'’.-]*[A-Z](?: [A-Z][A-Z'’.-]*[A-Z])*)"
                       r"(?=,\s+[A-Z]|,?\s+\(|\s+(?:—|–|--?)\s|\.\s+[A-Z]{3,}|:\s+[A-Z])", re.M)


def _coordinated_regions(doc: Document, gaz: gz.Gazetteer) -> list[tuple[int, int, str]]:
    """"Central and South Asia", "Eastern and Central Europe": two catalogue regions sharing
    their last word, coordinated, name one region (start, end, name)."""
    out = []
    for m in _COORDINATED.finditer(doc.text, doc.body_start):
        before = re.search(r"([A-Z][\w’'-]*)\s+$", doc.text[max(0, m.start() - 30):m.start()])
        if before and before.group(1) not in _not_in_name(gaz):
            continue  # "the Middle East and South Asia": two regions, listed
        first = gaz.names.get(f"{m.group(1)} {m.group(3)}", [])
        second = gaz.names.get(f"{m.group(2)} {m.group(3)}", [])
        if (len(first) == 1 and len(second) == 1 and first[0].kind == "region"
                and second[0].kind == "region"):
            out.append((m.start(), m.end(), m.group()))
    return out


def _adjectives(doc: Document, gaz: gz.Gazetteer,
                taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """"the Ruritanian capital", "Freedonian aid", "Central Asian members": a state's or a
    region's adjective, where no longer name holds it, is a mention of the state or region.
    Not before a currency ("U.S. dollars" is money, not the state)."""
    out = []
    for m in gaz.adjective_re.finditer(doc.text, doc.body_start):
        s, e = m.span()
        key = gaz.adjectives[m.group()]
        if (any(s < te and ts < e for ts, te in taken) or gaz.catalogue.get(key) is None
                or gaz.currency_after_re.match(doc.text, e)):
            continue
        out.append((s, e, key))
    return out


def _datelines(doc: Document, gaz: gz.Gazetteer) -> list[tuple[int, int, str]]:
    """"RIVERTON, June 8 (Agency) --", "RIVERTON (Agency) -", "RIVERTON, Freedonia, June 8",
    "RIVERTON. AGENCY -", "RIVERTON — Text", "RIVERTON: Text": the dateline's place, written
    in capitals at the head of a paragraph, when the catalogue knows it as a place."""
    out = []
    for m in _DATELINE.finditer(doc.text, doc.body_start):
        name = " ".join(w.capitalize() for w in m.group(1).split())
        entries = [x for x in gaz.names.get(name, []) if x.kind in PLACE_KINDS]
        if len(entries) == 1 and len(gaz.names.get(name, [])) == 1:
            out.append((m.start(1), m.end(1), entries[0].key))
    return out


def _longest_first(candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    for s, e, key in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, key))
    return sorted(chosen)


def _pattern_names(doc: Document, gaz: gz.Gazetteer, taken: list[tuple[int, int]],
                   kinds: dict[tuple[int, int], str | None],
                   lexicon: Lexicon) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, name) of people and organisations recognised by context.

    An organisation name may swallow catalogue names (``kinds``: their spans and kinds): places
    inside its "of" tail ("National University of Ruritania") and an organisation's acronym
    opening a longer name ("SCO Youth Council").
    """
    text, body = doc.text, doc.body_start
    rules = gaz.compiled("mentions.rules", lambda: _person_rules(gaz, lexicon))
    found: list[tuple[int, int, str, str]] = []
    not_names = set(lexicon.patterns("person_words", "not_name"))
    busy = list(taken)
    headlines = [(s, e) for s, e in paragraphs(text, body)[:1] if _title_case(text[s:e])]
    for kind, pattern in rules:
        for m in pattern.finditer(text, body):
            s, e = m.span("name")
            if any(hs <= s < he for hs, he in headlines):
                continue  # "Premier Li Meets Envoys": capitals prove nothing in a headline
            candidate = _clean_person(text, s, e, gaz)
            if candidate is None or text[s:e].split()[-1] in not_names:
                continue
            s, e = candidate
            if any(s < te and ts < e for ts, te in busy):
                continue
            found.append((s, e, kind, text[s:e]))
            busy.append((s, e))
    for s, e in _media_credit(doc, gaz, taken):
        if not any(s < te and ts < e for ts, te in busy):
            found.append((s, e, "person", text[s:e]))
            busy.append((s, e))
    people = [(ps, pe) for ps, pe, kind, _ in found if kind == "person"]
    for s, e, kind, owner in organisations.find(doc, gaz):
        # "Secretary of the Security Council of Ruritania Jan Novak": the name ends the title
        # chain; the organisation stops before it
        end = next((ps for ps, pe in people if s < ps and pe == e), None)
        if end is not None and len(doc.text[s:end].split()) >= 2:
            e = len(doc.text[:end].rstrip())
        if not any(s < te and ts < e for ts, te in busy
                   if not _swallowed(gaz, text, s, e, ts, te, kinds.get((ts, te)))):
            found.append((s, e, kind, _owned_name(gaz, text[s:e], owner)))
            busy.append((s, e))
    for s, e, medium in organisations.media(doc, gaz):
        if not any(s < te and ts < e for ts, te in busy):
            found.append((s, e, "media", medium))
            busy.append((s, e))
    for s, e in places.find(doc, gaz, lexicon):
        if not any(s < te and ts < e for ts, te in busy):
            found.append((s, e, "place", text[s:e]))
            busy.append((s, e))
    return found


def _person_rules(gaz: gz.Gazetteer, lexicon: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    """The context patterns of :func:`_pattern_names`, compiled once per gazetteer."""
    # every pattern below is case-sensitive (only the credit cues are (?i:...) and flat)
    roles = gaz.exact_alternation(gaz.roles)
    honor = gaz.exact_alternation(gaz.honorifics)
    verbs = gaz.exact_alternation([v for v, info in gaz.verbs.items() if not info.participle])
    name = gz.FULL_NAME
    start = gz.NAME_START  # before the openers of a pattern that begins with a name

    def credit(label: str) -> str:
        return lexicon.regex("credit_cues", label)

    speech = lexicon.regex("name_cues", "speech_after_name")
    former = lexicon.regex("name_cues", "former")
    after = "".join(f"|(?<={p})" for p in lexicon.patterns("name_cues", "name_after"))
    return [
        # "Premier Lin Tao", "SCO Secretary-General Oleg Petrov", "spokesperson Chen Meiling"
        ("person", re.compile(rf"(?<![\w-])(?:{roles})\s+(?P<name>{name})")),
        # "Ambassador to Freedonia Anna Lind", "Minister of Foreign Affairs Chen Liwei"
        ("person", re.compile(rf"(?<![\w-])(?:{roles})\s+(?:to|of|for)\s+(?:the\s+)?"
                              rf"[A-Z][\w’'-]*(?:\s+(?:(?:and|&|of|for|on)\s+(?:the\s+)?)?"
                              rf"[A-Z][\w’'-]*)*\s+"
                              rf"(?P<name>{gz.NAME_TOKEN}\s+{gz.NAME_TOKEN})"
                              rf"(?=\s*[,.;:]|\s+[a-z])")),
        # "the deputy chief of Ruritania's General Staff, Jan Novak, told ...": the title in
        # apposition before the name
        ("person", re.compile(rf"(?<![\w-])(?:{roles})\s+(?:to|of|for|at)\s+[^,;.\n]{{1,80}}?,"
                              rf"\s+(?P<name>{name}),\s+(?:has\s+|also\s+)?(?:{verbs})\b")),
        # "Mr. Chen Liwei"
        ("person", re.compile(rf"(?<![\w.])(?:{honor})\s+(?P<name>{name})")),
        # "Oleg Petrov, Ruritanian presidential envoy", "X Y, the director of"
        ("person", re.compile(rf"(?P<name>{name}),\s+(?:the\s+|a\s+)?(?:(?:{former})\s+)?"
                              rf"(?:[\w’'-]+\s+){{0,3}}?(?:{roles})\b")),
        # "X Y of the Ruritanian Water Resources Commission said"
        ("person", re.compile(rf"{start}(?:^|(?<=[.;:”“»\"]\s)|(?<=\n)|(?<=,\s))(?P<name>{name})\s+"
                              rf"(?:of|from|at)\s+(?:the\s+)?(?:[A-Z][\w’'-]*['’]s\s+)?"
                              rf"(?:[A-Z][\w’'-]*\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?)"
                              rf"{{1,8}}?(?:(?:in|,)\s+[A-Z][\w’'-]*,?\s+)?(?:has\s+|also\s+)?"
                              rf"(?:{verbs})\b", re.M)),
        # "X Y is the director of"
        ("person", re.compile(rf"(?P<name>{name})\s+(?:is|was)\s+(?:the\s+|a\s+)?"
                              rf"(?:(?:{former})\s+)?"
                              rf"(?:[\w’'-]+\s+){{0,3}}?(?:{roles})\s+(?:of|at|for)\b")),
        # "said X Y," / "X Y said"
        ("person", re.compile(rf"\b(?:{verbs})\s+(?P<name>{name})"
                              rf"(?=\s*[,.]|\s+(?:of|at|from|with)\s+(?:the\s+)?[A-Z])")),
        ("person", re.compile(rf"{start}(?:^|(?<=[.,;:”“»\"]\s)|(?<=\n))(?P<name>{name})\s+"
                              rf"(?:has\s+|had\s+|also\s+)?(?:{verbs})\b", re.M)),
        # bylines and credits: "By X Y", "Riverton TV's X Y", "Photo by X", "Reporter X Y, Z W"
        ("person", re.compile(rf"(?:^|\()\s*(?:{credit('credit_line')})\s+"
                              rf"(?P<name>{gz.NAME_TOKEN}(?:\s+{gz.NAME_TOKEN}){{0,3}})"
                              rf"(?=\s*(?:$|\)|,|\.))", re.M)),
        ("person", re.compile(rf"(?:^|(?<=[\s(;|]))(?i:{credit('credited_by')})"
                              rf"\s+by\s+(?P<name>{name})")),
        # wire credits: "(Reporting by X Y and Z W; Writing by V U; Editing by T S)"
        ("person", re.compile(rf"(?i:{credit('desk_credit')}|{credit('desk_credit_extra')})"
                              rf"\s+by\s+"
                              rf"(?P<name>{name})")),
        ("person", re.compile(rf"(?i:{credit('desk_credit')})\s+by\s+{name}"
                              rf"(?:\s+in\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{0,2}})?(?:,\s+|\s+and\s+)"
                              rf"(?P<name>{name})")),
        # "a Ruritanian defence minister, Anna Lind, in Riverton": a name apposed to a role
        ("person", re.compile(rf"\b(?:{roles}),\s+(?P<name>{name})"
                              rf"(?=,|\s+(?:has|had|{speech})\b)")),
        # "Ruritania's Anna Lind attended": a state's possessive before a full name
        ("person", re.compile(rf"\b[A-Z][\w-]+['’]s\s+(?P<name>{name})"
                              rf"(?=\s*[,;]|\.(?:\s|$)|\s+(?:and|has|had|{speech}|[a-z]+ed)\b)")),
        # "X Y, an analyst at ..., said", "X Y, a senior fellow with ..."
        # "X Y, 41, a teacher", "X Y, who runs a guesthouse": an age or "who" means a person
        ("person", re.compile(rf"(?P<name>{name}),\s+(?:\d{{1,3}},|who\s|whose\s)")),
        ("person", re.compile(rf"{start}(?:^|(?<=[.;:”“»\"]\s)|(?<=\n)|(?<=,\s){after})"
                              rf"(?P<name>{name}),"
                              rf"\s+(?:an?|the)\s+(?:[\w’'-]+\s+){{0,4}}(?:at|of|with|from|for|in)"
                              rf"\s", re.M)),
        ("person", re.compile(rf"^\s*(?:{credit('staff_label')})\s*:?\s*"
                              rf"(?P<name>{name})\s*$", re.M)),
        ("person", re.compile(rf"^\s*(?:{credit('reporter_line')})\s*:?\s*(?P<name>{name})"
                              rf"(?=\s*,)", re.M)),
        ("person", re.compile(rf"^\s*(?:{credit('reporter_line')})\s*:?\s*[^\n]*?,\s*"
                              rf"(?P<name>{name})\s*$", re.M)),
        # "X Y runs a clinic in Riverton": a sentence opening with a name and a person's predicate
        ("person", re.compile(rf"{start}(?:^|(?<=[.;:”“»\"]\s)|(?<=\n))(?P<name>{name})\s+"
                              rf"(?:{gaz.alternation(gaz.cues.get('person_predicate', []))})\s+"
                              rf"(?:an?\s+|the\s+)?[A-Za-z]", re.M)),
        # "X Y met ...", "..., X Y called for ...", "X Y and Z W signed ...": a full name as the
        # subject of an encounter verb; "met X Y", "chaired by X Y": as its object or agent
        ("person", re.compile(rf"{start}(?:^|(?<=[.;:”“»\"]\s)|(?<=\n)|(?<=,\s))(?P<name>{name})"
                              rf"(?:\s+and\s+{name})?\s+(?:also\s+|has\s+|had\s+)?"
                              rf"(?:{_person_words(lexicon, 'encounter')})\b", re.M)),
        ("person", re.compile(rf"\b{name}\s+and\s+(?P<name>{name})\s+(?:also\s+)?"
                              rf"(?:{_person_words(lexicon, 'encounter')})\b")),
        ("person", re.compile(rf"\b(?:{_person_words(lexicon, 'counterpart')}"
                              rf"|{_person_words(lexicon, 'agent_by')})\s+(?P<name>{name})"
                              rf"(?=\s*[,.;]|\s+(?:in|on|at|and|during|who|to)\b)")),
        # "their Ruritanian counterpart, Jan Novak": a person's noun, then the name set off
        ("person", re.compile(rf"\b(?:{_person_words(lexicon, 'apposed')}),\s+(?P<name>{name})"
                              rf"(?=\s*[,.;]|\s+(?:and|who)\b)")),
        # "Jan Novak (Ruritania), Anna Lind (Freedonia)": a name glossed with its state
        ("person", re.compile(rf"(?P<name>{name})\s+\((?:{gaz.state_names})\)")),
        # "NAME and NAME also contributed"
        ("person", re.compile(rf"(?P<name>{name})(?=(?:\s+and\s+{name})?\s+(?:also\s+)?"
                              rf"(?:{credit('contribution_verb')})\b)")),
        ("person", re.compile(rf"\band\s+(?P<name>{name})"
                              rf"(?=\s+(?:also\s+)?(?:{credit('contribution_verb')})\b)")),
    ]


def _not_in_name(gaz: gz.Gazetteer) -> frozenset[str]:
    """Capitalised words that are no part of a person's name (``person_words``)."""
    return gaz.compiled("mentions.not_in_name", lambda: frozenset(
        gaz.lexicon.patterns("person_words", "not_in_name")))

def _person_words(lexicon: Lexicon, label: str) -> str:
    return gz.alternation(lexicon.patterns("person_words", label))


def _owned_name(gaz: gz.Gazetteer, name: str, owner: str | None) -> str:
    """"Ruritania's Ministry of Energy" is the "Ministry of Energy of Ruritania": a ministry
    name alone would merge every state's ministry of that name into one entity."""
    entry = gaz.catalogue.get(owner) if owner else None
    if entry is None:
        return name
    if any(w in gaz.state_body_heads for w in name.split()):
        return f"{name} of {entry.label}"
    return f"{name} ({entry.label})"  # "Ruritania's Steppe Institute": whose institute


def _swallowed(gaz: gz.Gazetteer, text: str, s: int, e: int, ts: int, te: int,
              kind: str | None) -> bool:
    """Whether the catalogue name at ``ts:te`` is part of the organisation name at ``s:e``:
    a place in its "of" tail ("National University of Ruritania"), or a place opening a name
    of three words or more that is no state body ("Ruritania Foreign Affairs University",
    "Riverton Center for Steppe Studies"; but "Ruritania Foreign Ministry" is the state's)."""
    if not (s <= ts and te <= e) or kind is None:
        return False
    tail = re.search(r"\s(?:of|for|on)\s", text[s:e])
    if kind in PLACE_KINDS:
        words = text[s:e].split()
        opening = (ts == s and len(words) - len(text[ts:te].split()) >= 2
                   and not any(w in gaz.state_body_heads for w in words))
        return opening or (tail is not None and s + tail.start() < ts)
    if kind in ORG_KINDS and tail is not None and s + tail.start() < ts and te < e:
        return True  # "Riverton Center for SCO Studies": a field of study, not the SCO
    return (kind in ORG_KINDS and ts == s and tail is None and text[ts:te].isupper()
            and len(text[s:e].split()) >= 3)


def _title_case(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    long = [w for w in words if len(w) > 3]
    if re.search(r"[.!?][\"”’)]*\s*$", line):
        return False  # a sentence, not a headline
    return len(words) >= 4 and sum(w[0].isupper() for w in long) >= 0.75 * max(1, len(long))


def _clean_person(text: str, s: int, e: int, gaz: gz.Gazetteer) -> tuple[int, int] | None:
    """Trim a matched name; reject it when it is really a title, function word or org."""
    not_in_name = _not_in_name(gaz)
    cut = "\n" in text[s:e]
    if cut:
        e = text.index("\n", s)  # a name never runs over a line end
    tokens = text[s:e].split()
    if cut and len(tokens) < 2:
        return None
    while tokens and (tokens[0] in not_in_name or tokens[0] in gaz.roles
                      or tokens[0] in gaz.demonyms or tokens[0] in gaz.honorifics
                      or _a_state(gaz, tokens[0])):  # "Ruritania Jan Novak": the state's man
        s = text.index(tokens[0], s) + len(tokens[0])
        while s < e and text[s].isspace():
            s += 1
        tokens = tokens[1:]
    if not tokens:
        return None
    joined = " ".join(tokens)
    if any(t in gaz.org_heads or t in gaz.event_heads or t in not_in_name for t in tokens):
        return None
    if joined in gaz.names or gaz.role_re.search(joined) or joined.isupper():
        return None
    if len(tokens) == 1 and text[e:e + 1] not in {")", ""} and "\n" not in text[e:e + 1]:
        # a single word is a name only in a credit line "(Photo by Alan)"
        if not re.match(r"\s*(?:\)|$)", text[e:e + 3], re.M):
            return None
    return s, e


def _a_state(gaz: gz.Gazetteer, token: str) -> bool:
    """Whether a word (perhaps possessive) is a state's name in the catalogue."""
    entries = gaz.names.get(re.sub(r"['’]s$", "", token), [])
    return len(entries) == 1 and entries[0].kind == "state"


def _media_credit(doc: Document, gaz: gz.Gazetteer,
                  taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"Riverton TV's Chen Liwei", "Riverton TV’s Jan K Novak and Li Mei": staff of a medium."""
    out = []
    media = {m.span.start: m for m in doc.mentions
             if (entry := gaz.catalogue.get(m.entity)) and entry.kind == "media"}
    pattern = re.compile(rf"['’]s\s+(?P<a>{gz.FULL_NAME})(?:\s+and\s+(?P<b>{gz.FULL_NAME}))?")
    for mention in media.values():
        m = pattern.match(doc.text, mention.span.end)
        if not m:
            continue
        for group in ("a", "b"):
            if m.group(group) and _clean_person(doc.text, *m.span(group), gaz):
                out.append(m.span(group))
    return out
