"""Organisations the catalogue does not know, recognised by their head word, and acronyms.

An organisation name is a run of capitalised words headed by an organisation word from the
lexicon (``org_words``: "Institute", "Centre", "Commission", "Herald", ...), optionally with an
"of/for/on" tail, up to three ("Institute for Regional Trade and Transport Studies", "Ministry
of Economy of the Republic of Freedonia"). A demonym in front is part of the name ("Ruritanian
State University"), except before a state body ("the Ruritanian Ministry of Transport"), where
it only says whose ministry it is. A place glued on with "-based" ("the Riverton-based
Steppe Research Institute") is a mention of the place, not part of the name.

An acronym ("EPI", "TSB") names the organisation whose initials it spells, when exactly one
organisation named in the same article has them; "Full Name (ABBR)" says so explicitly.
"""

from __future__ import annotations

import re

from . import gazetteer as gz
from .document import Document

_FUNCTION = frozenset("The A An In On At For Of And But Or As By With From To This That Its "
                      "Their Our His Her".split())
_SMALL = frozenset({"of", "for", "on", "and", "the", "&", "in", "at"})


def find(doc: Document, gaz: gz.Gazetteer) -> list[tuple[int, int, str, str | None]]:
    """(start, end, kind, owner) of capitalised phrases headed by an organisation word.

    ``owner`` is the state key of a possessive or demonym before a state body ("Ruritania's
    Ministry of Energy", "the Ruritanian Ministry of Energy"), else None.
    """
    pattern = gaz.compiled("organisations.names", lambda: _names_re(gaz))
    out = []
    units = [u.span() for u in organ_members_re(gaz).finditer(doc.text, doc.body_start)]
    for m in pattern.finditer(doc.text, doc.body_start):
        s, e = m.span("org")
        if any(us < s < ue for us, ue in units):
            continue  # "Heads of State Council": no name starts inside "Heads of State"
        tokens = doc.text[s:e].split()
        head = next((t for t in tokens if t in gaz.org_heads or t in gaz.media_heads), None)
        owner = None
        while tokens and (tokens[0] in _FUNCTION or tokens[0].endswith("-based")
                          or re.search(r"['’]s$", tokens[0])  # "Ruritania's Ministry of ..."
                          or (tokens[0] in gaz.demonyms and head in gaz.state_body_heads)):
            if head in gaz.state_body_heads or re.search(r"['’]s$", tokens[0]):
                owner = _state_of(gaz, tokens[0]) or owner
            s = doc.text.index(tokens[0], s) + len(tokens[0]) + 1
            tokens = tokens[1:]
        while tokens and tokens[-1] in _SMALL:
            e -= len(tokens[-1]) + 1
            tokens = tokens[:-1]
        if len(tokens) < 2 or "\n" in doc.text[s:e] or tokens[0] in _SMALL:
            continue
        before = doc.text[max(0, s - 40):s]
        if (gaz.compiled("organisations.meeting_of", lambda: _meeting_of_re(gaz)).search(before)
                and re.search(r"\s(?:of|for|on)\s", doc.text[s:e])):
            # "the meeting of the Council of Heads of State": an organ named by its meeting
            continue
        if tokens[0] in gaz.furniture and (tokens[-1] in gaz.media_heads or len(tokens) <= 3):
            continue  # "Breaking News", "Follow Us On Feed News": page furniture
        if gaz.compiled("organisations.subscribe", lambda: _subscribe_re(gaz)).search(
                doc.text[max(0, s - 20):s]):
            continue  # "Subscribe to our Daily Digest", "Sign up for Daily News"
        if gaz.compiled("organisations.organ", lambda: _organ_re(gaz)).match(doc.text, s, e):
            # "its Council of Heads of State": an organisation's organ of office-holders,
            # named by what it gathers, not an organisation of its own
            continue
        if any(gaz.name_re.fullmatch(t) for t in tokens[:1]) and len(tokens) == 2:
            continue  # "SCO Secretariat"-like forms are catalogue business
        if tokens[0].isupper() and len(tokens) == 2 and tokens[1] in gaz.media_heads:
            continue  # "TSB News": a programme of the acronym's broadcaster (see acronyms)
        kind = "media" if tokens[-1] in gaz.media_heads else "org"
        if re.search(r"\s(?:of|for)\s", doc.text[s:e]) and owner is not None:
            tail = doc.text[s:e].split(" of ")[-1]
            if _state_of(gaz, tail) or tail.split()[-1] in gaz.names:
                owner = None  # "the Ruritanian Ministry of Energy of Ruritania": said already
        out.append((s, e, kind, owner))
    return out


def _names_re(gaz: gz.Gazetteer) -> re.Pattern[str]:
    heads = gaz.alternation(list(gaz.org_heads | gaz.media_heads))
    cap = r"[A-Z][\w’'&-]*"
    return re.compile(rf"(?<![\w’'])(?P<org>(?:{cap}\s+(?:(?:and|&)\s+)?){{0,5}}(?:{heads})"
                      rf"(?:\s+(?:of|for|on|under)\s+(?:the\s+)?{cap}(?:\s+(?:{cap}|and|&))*)"
                      rf"{{0,3}})"
                      rf"(?![\w])")


def organ_members_re(gaz: gz.Gazetteer) -> re.Pattern[str]:
    """"Heads of State", "Foreign Ministers": the office-holders an organ gathers, a unit."""
    return gaz.compiled("organisations.members", lambda: re.compile(
        rf"\b(?:{gaz.alternation(gaz.organ_members)})\b"))


def _organ_re(gaz: gz.Gazetteer) -> re.Pattern[str]:
    heads = gaz.lexicon.regex("organisation_cues", "organ_head")
    return re.compile(rf"(?:{heads}) of (?:the )?(?:{gaz.alternation(gaz.organ_members)})\b")


def _meeting_of_re(gaz: gz.Gazetteer) -> re.Pattern[str]:
    words = gaz.lexicon.regex("organisation_cues", "meeting_word")
    return re.compile(rf"(?i:{words}) of (?:the )?$")


def _subscribe_re(gaz: gz.Gazetteer) -> re.Pattern[str]:
    return re.compile(rf"(?i:{gaz.lexicon.regex('organisation_cues', 'subscribe_before')})$")


def _state_of(gaz: gz.Gazetteer, token: str) -> str | None:
    """The state a possessive ("Ruritania's") or a demonym ("Ruritanian") names."""
    name = re.sub(r"['’]s$", "", token)
    entries = [x for x in gaz.names.get(name, []) if x.kind == "state"]
    if len(entries) == 1:
        return entries[0].key
    return gaz.demonyms.get(token)


def initials(name: str) -> str:
    """"Eurasian Policy Institute" -> "EPI" (small words skipped, hyphenated parts counted)."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w not in _SMALL]
    return "".join(w[0] for w in words if w[0].isupper())


def acronyms(doc: Document, orgs: dict[str, str],
             taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, key) of acronyms spelling the initials of one organisation in ``orgs``.

    ``orgs`` maps an organisation's key to its name as the article (or catalogue) gives it.
    """
    by_initials: dict[str, set[str]] = {}
    for key, name in orgs.items():
        letters = initials(name)
        if len(letters) >= 2:
            by_initials.setdefault(letters, set()).add(key)
    out = []
    for m in re.finditer(r"(?<![\w-])[A-Z]{2,6}(?![\w-])", doc.text[doc.body_start:]):
        s, e = m.start() + doc.body_start, m.end() + doc.body_start
        keys = by_initials.get(m.group(), set())
        if len(keys) == 1 and not any(s < te and ts < e for ts, te in taken):
            out.append((s, e, next(iter(keys))))
    return out


_MEDIUM_NAME = r"[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,3}"
# "riverton.news", "Steppewire.kz": a news site named by its domain
_DOMAIN = r"(?<![\w.@/])[A-Za-z][\w-]+\.(?:[a-z]{2}|com|net|org|info|news)(?![\w@/]|\.\w)"


def media(doc: Document, gaz: gz.Gazetteer) -> list[tuple[int, int, str]]:
    """(start, end, name) of media the text names by what they are, not by a head word.

    "a writer for the Gazettist" (staff of a medium: a one-word title keeps its "the"), "the
    news outlet rtx Globalnews" (a medium's noun before its name, which may open in lower
    case), "riverton.news reports" (a domain that reports or is cited), "..., reports Steppe
    Wire." (a report cue turned round).
    """
    text, out = doc.text, []
    for pattern in gaz.compiled("organisations.media", lambda: _media_rules(gaz)):
        for m in pattern.finditer(text, doc.body_start):
            s, e = m.span("org")
            name = text[s:e].rstrip(".")
            e = s + len(name)
            words = name.split()
            if words[0] == "the":
                if len(words) != 2:
                    s, words = s + 4, words[1:]
                name = " ".join(w.capitalize() if w == "the" else w for w in words)
            if (any(w in _FUNCTION for w in words if w != "The") or "\n" in text[s:e]
                    or (len(words) == 1 and not words[0][0].isupper() and "." not in words[0])):
                continue
            out.append((s, e, name))
    return out


def _media_rules(gaz: gz.Gazetteer) -> tuple[re.Pattern[str], ...]:
    def cue(label: str) -> str:
        return gaz.lexicon.regex("organisation_cues", label)

    staff = gaz.alternation(gaz.media_staff)
    nouns = gaz.alternation(gaz.media_nouns)
    return (
        re.compile(rf"\b(?:{staff})\s+(?:for|with|at)\s+(?P<org>(?:the\s+)?{_MEDIUM_NAME})"),
        re.compile(rf"\b(?:{nouns})\s+(?P<org>(?:[a-z]{{2,5}}\s+(?=[A-Z]))?{_MEDIUM_NAME})"),
        re.compile(rf"(?P<org>{_DOMAIN})(?=\s+(?:{cue('media_verb')})\b)"),
        re.compile(rf"\b(?:{cue('media_citation')})\s+(?P<org>{_DOMAIN})"),
        # "..., reports Trend.": a report cue turned round at the end of a clause names a
        # medium, catalogued or not (a person is named by the person rules before this)
        re.compile(rf",\s+(?:{cue('media_report')})\s+(?P<org>{_MEDIUM_NAME})(?=\s*[.;]|$)",
                   re.M),
    )
