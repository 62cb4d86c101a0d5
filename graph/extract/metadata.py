"""Extraction step ``metadata``: what the article says about itself.

Front matter keys (title, publisher, author, date, url, language) win. Without them the
article's own head and foot are read: a headline (a short first paragraph with no final stop),
a byline ("By Riverton TV's X Y", "by X Y", "By X Y, senior fellow at Z", "Reporter X Y", "Reporting
by X Y"), a source line ("Source: Agency"), a
dateline ("RIVERTON, June 8 (Agency) --") and an explicit timestamp ("2024-07-06 18:54:00").
Nothing is invented here: an article that states no date gets ``meta.date`` None, and a
dateline without a year leaves only its span in ``meta.date_span`` for the ``article_date``
step, which estimates the year from the article's own evidence. Authors and publishers are
entity keys: the catalogue's when it knows the name, else a new entity keyed by ``vocab.slug``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..statements.model import ArticleMeta, DateValue, MetaValue
from . import dates
from . import gazetteer as gz
from .document import Document
from .mentions import add_entity
from .sentences import paragraphs

HEAD_PARAGRAPHS = 8
# Structural shapes (capitals, digits, punctuation) stay here; the words of bylines, credits
# and source lines are the lexicon's (``credit_cues``), compiled by _rules once per lexicon.
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]+),\s+(?P<date>[A-Z][a-z]+\.?\s+\d{1,2}"
                       r"(?:,\s+\d{4})?)(?:\s+\((?P<agency>[^)]+)\)\s*(?:--|—|–|-)"
                       r"|\.\s*/(?P<agency2>[^/\n]{2,40})/\.?)")  # "RIVERTON, May 3. /Agency/."
_AGENCY = re.compile(r"[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,3}")
_DATE_LINE = re.compile(r"^\s*(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2},\s+)?"
                        r"(?P<v>[\w ,.]{6,30}?)"
                        r"(?:,?\s+\d{1,2}:\d\d(?:\s*(?:[AaPp]\.?[Mm]\.?|[A-Z]{2,4}))?)?\s*$")
# "Anna Lind | Riverton": a byline of parts, a person's name first
_BYLINE_PARTS = re.compile(rf"^\s*(?P<v>{gz.FULL_NAME})\s*[|·•]\s*[^\n]{{0,80}}$")
_TIMESTAMP = re.compile(r"^\s*(?P<v>\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?)\s*$")


@dataclass(frozen=True)
class _Rules:
    source: re.Pattern[str]
    byline: re.Pattern[str]
    credit: re.Pattern[str]
    reporter: re.Pattern[str]
    bio: re.Pattern[str]
    copyright: re.Pattern[str]
    published: re.Pattern[str]


def _rules(lexicon: Lexicon) -> _Rules:
    return lexicon.compiled("metadata.rules", lambda: _compile(lexicon))


def _compile(lexicon: Lexicon) -> _Rules:
    def cue(label: str) -> str:
        return lexicon.regex("credit_cues", label)

    return _Rules(
        source=re.compile(rf"^\s*(?:(?:{cue('source_label')})\s*:\s*(?P<v>[^\n]+?)|"
                          rf"(?:{cue('first_published')}) (?:the )?"
                          r"(?P<w>[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,5})[^\n]*?)\s*$"),
        byline=re.compile(rf"^\s*(?:(?:{cue('byline_lead')})\s+)?"
                          r"[Bb]y\s+(?:(?P<media>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})['’]s\s+)?"
                          rf"(?P<v>{gz.NAME_TOKEN}(?:\s+{gz.NAME_TOKEN}){{1,3}})"
                          # "By X Y, senior fellow at ...", "By X Y | Special correspondent"
                          r"\s*(?:$|,\s+(?:an?\s+|the\s+)?[A-Za-z][^\n]*$|\s+[|–—]\s+[^\n]*$)"),
        # Wire credits: "(Reporting by X Y in Riverton and Z W; Editing by V U)"; the first
        # reporter or writer is the author.
        credit=re.compile(rf"\b(?:{cue('credit_verb')})\s+by\s+(?P<v>{gz.FULL_NAME})"),
        reporter=re.compile(rf"^\s*(?:{cue('reporter_label')})\s*:?\s*(?P<v>{gz.FULL_NAME})"),
        bio=re.compile(rf"^\s*(?P<v>{gz.FULL_NAME}) (?:(?:is|was) (?:an?|the|[a-z]+ "
                       rf"(?:{cue('bio_noun')}))\b|{cue('bio_verb')})\b"),
        copyright=re.compile(rf"^\s*(?:{cue('copyright')})\s*(?:\d{{4}}\s+)?"
                             r"(?P<v>[A-Z][\w’'&-]*(?:\s+[A-Z][\w’'&-]*){0,4})"),
        # "Published Friday 17 October 2025", "Updated: 3 July 2024 09:15": a web story's date
        published=re.compile(rf"^\s*(?:{cue('published_label')})\s*(?:on\s+)?:?\s*"
                             r"(?P<v>[^\n|]{6,60}?)\s*(?:\||$)"),
    )


_LABEL = re.compile(r"^\s*[A-Z][\w’'. -]{0,40}:\s")


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Assign ``doc.meta`` and register author/publisher entities on ``doc.entities``."""
    fm = doc.front_matter
    gaz = gz.build(catalogue, lexicon)
    found = _from_text(doc, gaz, lexicon)
    title = MetaValue(fm["title"]) if fm.get("title") else found.get("title")
    author = (MetaValue(_entity(doc, gaz, fm["author"], "person")) if fm.get("author")
              else found.get("author"))
    publisher = (MetaValue(_entity(doc, gaz, fm["publisher"], "media"))
                 if fm.get("publisher") else found.get("publisher"))
    date, date_span = None, None
    if fm.get("date"):
        date = dates.parse_date(fm["date"], lexicon=lexicon)
    if date is None and "date" in found:
        date, date_span = found["date"]
    doc.meta = ArticleMeta(title=title, author=author, publisher=publisher, date=date,
                           date_span=date_span, url=fm.get("url") or None,
                           language=fm.get("language") or "en")


def _entity(doc: Document, gaz: gz.Gazetteer, name: str, kind: str) -> str:
    name = name.strip()
    if name.isupper() and (kind == "person" or len(name.split()) > 1):
        name = name.title()  # "ANNA LIND", "THE RIVERTON REVIEW" set in capitals
    entries = gaz.names.get(name, [])
    if len(entries) == 1:
        return entries[0].key
    return add_entity(doc, gaz.catalogue, kind, name)


def _meta(doc: Document, gaz: gz.Gazetteer, start: int, end: int, kind: str) -> MetaValue:
    span = doc.span(start, end)
    return MetaValue(_entity(doc, gaz, span.text, kind), span)


def _from_text(doc: Document, gaz: gz.Gazetteer, lexicon: Lexicon) -> dict:
    text = doc.text
    rules = _rules(lexicon)
    paras = paragraphs(text, doc.body_start)
    found: dict = {}
    head = paras[:HEAD_PARAGRAPHS]
    tail = paras[-4:]
    if paras and _nameplate(text[paras[0][0]:paras[0][1]], gaz):
        found["publisher"] = _meta(doc, gaz, *paras[0], "media")
    masthead = next((p for p in head[:3] if _masthead(doc, gaz, lexicon, *p, found)), None)
    for s, e in head[:3]:
        # the headline is the first head line that is no masthead, date line or kicker
        first = text[s:e]
        if ((s, e) == masthead or _date_line(first, lexicon) or re.fullmatch(r"[A-Z]+", first)
                or _nameplate(first, gaz)):
            continue
        if (len(first) <= 160 and not re.search(r"[.!?]['\"”’)]*$", first)
                and not (rules.source.match(first) or rules.byline.match(first)
                         or _TIMESTAMP.match(first))):
            found["title"] = MetaValue(first, doc.span(s, e))
        break
    # a story's head ends at its first sentence: a name-like line after it is a subheading
    # ("GROUNDBREAKING ACHIEVEMENTS"), not a byline
    prose = next((s for s, e in paras if len(text[s:e]) > 160
                  and re.search(r"[.!?][\"”’)]*\s*$", text[s:e])), len(text))
    for s, e in head + [p for p in tail if p not in head]:
        line = text[s:e]
        if (m := rules.source.match(line)) and "publisher" not in found:
            group = "v" if m.group("v") else "w"
            found["publisher"] = _meta(doc, gaz, s + m.start(group), s + m.end(group), "media")
        elif (m := rules.byline.match(line)) and "author" not in found:
            found["author"] = _meta(doc, gaz, s + m.start("v"), s + m.end("v"), "person")
            if m.group("media") and "publisher" not in found:
                found["publisher"] = _meta(doc, gaz, s + m.start("media"), s + m.end("media"),
                                           "media")
        elif ((m := _signature(line, gaz)) and "author" not in found
              and (s, e) in head and (s, e) != paras[0]):
            found["author"] = _meta(doc, gaz, s + m.start("v"), s + m.end("v"), "person")
        elif ((m := _BYLINE_PARTS.match(line) or _caps_byline(line, gaz))
              and "author" not in found and (s, e) in head and (s, e) != paras[0]
              and s < prose and not (found.get("title") and found["title"].span
                       and found["title"].span.start == s)
              and _person_like(m.group("v"), gaz)):
            found["author"] = _meta(doc, gaz, s + m.start("v"), s + m.end("v"), "person")
        elif ((m := rules.reporter.match(line) or rules.credit.search(line))
              and "author" not in found):
            found["author"] = _meta(doc, gaz, s + m.start("v"), s + m.end("v"), "person")
        elif (m := rules.published.match(line)) and "date" not in found:
            value = next((d for _, d, _ in dates.find_dates(m.group("v"), lexicon=lexicon)
                          if d.precision == "day"), None)
            if value is not None:
                found["date"] = (value, doc.span(s + m.start("v"), s + m.end("v")))
        elif (m := _TIMESTAMP.match(line)) and "date" not in found:
            value = dates.parse_date(m.group("v"), lexicon=lexicon)
            if value is not None:
                found["date"] = (value, doc.span(s + m.start("v"), s + m.end("v")))
        elif ("date" not in found and (s, e) in head and (dated := _date_line(line, lexicon))
              and not dated[1].inferred):
            # a head line that is only a date, perhaps after a place ("Riverton, 20 June 2024")
            d, value = dated
            found["date"] = (value, doc.span(s + d.start("v"), s + d.end("v")))
    for s, e in head:
        m = _DATELINE.match(text[s:e])
        if not m:
            continue
        if "publisher" not in found:
            group = "agency" if m.group("agency") else "agency2"
            agency = m.group(group).strip()
            if agency in gaz.names or _AGENCY.fullmatch(agency):
                # "(Agency)", catalogued or not: a dateline names its source
                a_start = s + m.start(group)
                found["publisher"] = _meta(doc, gaz, a_start, a_start + len(agency), "media")
        if "date" not in found:
            found.update(_dateline_date(doc, lexicon, s + m.start("date"), s + m.end("date")))
        break
    for s, e in tail[-2:]:
        line = text[s:e]
        if ("author" not in found and (m := rules.bio.match(line)) and m.group("v") not in gaz.names
                and len(line) <= 300 and not re.search(r"[“”\"]", line)):
            # "Anna Lind is a hydrologist at ...": the columnist's note at the foot
            found["author"] = _meta(doc, gaz, s + m.start("v"), s + m.end("v"), "person")
        if "publisher" not in found and (m := rules.copyright.match(line)):
            found["publisher"] = _meta(doc, gaz, s + m.start("v"), s + m.end("v"), "media")
    if "publisher" not in found:
        found.update(_interviewer(doc, gaz))
    return found


def _date_line(line: str, lexicon: Lexicon) -> tuple[re.Match[str], DateValue] | None:
    """A head line that is only a day-precise date (and perhaps a place and a clock time)."""
    m = _DATE_LINE.match(line)
    value = dates.parse_date(m.group("v"), lexicon=lexicon) if m else None
    return (m, value) if m and value is not None and value.precision == "day" else None


def _masthead(doc: Document, gaz: gz.Gazetteer, lexicon: Lexicon, start: int, end: int,
              found: dict) -> bool:
    """"THE RIVERTON REVIEW | Interviews | 27 October 2025", "Anna Lind · 11.04.2024 · 6 min
    read": a head line of parts, one of them a whole date, gives the date and, from its first
    part, the author (a person's name) or the publisher (any other name)."""
    parts = [m.span() for m in re.compile(r"[^|·•\s](?:[^|·•]*[^|·•\s])?").finditer(
        doc.text, start, end)]
    if len(parts) < 2 or "\n" in doc.text[start:end]:
        return False
    dated = [(a, b, v) for a, b in parts
             if (v := dates.parse_date(doc.text[a:b], lexicon=lexicon)) is not None
             and v.precision == "day" and not v.inferred]
    if len(dated) != 1:
        return False
    a, b, value = dated[0]
    found.setdefault("date", (value, doc.span(a, b)))
    a, b = parts[0]
    name = doc.text[a:b]
    if _person_like(name, gaz):
        found.setdefault("author", _meta(doc, gaz, a, b, "person"))
    elif (re.fullmatch(r"[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*){0,5}", name)
            and name not in gaz.names and "publisher" not in found):
        found["publisher"] = _meta(doc, gaz, a, b, "media")
    return True


def _person_like(name: str, gaz: gz.Gazetteer) -> bool:
    """A person's name, not a section or a medium ("World News") nor a catalogue name."""
    words = name.title().split() if name.isupper() else name.split()
    return (re.fullmatch(gz.FULL_NAME, " ".join(words)) is not None and name not in gaz.names
            and not any(w in gaz.media_heads or w in gaz.org_heads for w in words))


def _nameplate(line: str, gaz: gz.Gazetteer) -> bool:
    """"CONTINENTAL PRESS", "RIVERTON WEEKLY": a first line in capitals naming a medium."""
    words = line.split()
    return (1 <= len(words) <= 6 and line.isupper() and all(w.isalpha() for w in words)
            and any(w.title() in gaz.media_heads for w in words))


def _caps_byline(line: str, gaz: gz.Gazetteer) -> re.Match[str] | None:
    """"ANNA LIND", "Anna Lind": a head line that is a person's name alone, no media or org
    word (the headline itself is never taken for one)."""
    words = line.split()
    if not (2 <= len(words) <= 4 and all(w.isalpha() or re.fullmatch(gz.NAME_TOKEN, w)
                                         for w in words)):
        return None
    if not (line.isupper() or re.fullmatch(gz.FULL_NAME, line.strip())):
        return None
    if any(w.title() in gaz.media_heads or w.title() in gaz.org_heads for w in words):
        return None
    return re.match(r"\s*(?P<v>.+?)\s*$", line)


def _signature(line: str, gaz: gz.Gazetteer) -> re.Match[str] | None:
    """"Anna Lind, Senior Fellow, Riverton Institute": a head line that is a name and a post
    and no sentence, as think tanks sign their commentaries."""
    if len(line) > 160 or re.search(r"[.!?]['\"”’)]*\s*$", line):
        return None
    m = re.match(rf"^\s*(?P<v>{gz.FULL_NAME}),\s+(?:an?\s+|the\s+)?(?P<rest>[^\n]+)$", line)
    if m is None or m.group("v") in gaz.names:
        return None
    return m if gaz.role_re.match(m.group("rest")) else None


def _dateline_date(doc: Document, lexicon: Lexicon, start: int, end: int) -> dict:
    """A dateline date. Without a year only its span is kept: :mod:`article_date` dates it."""
    span = doc.span(start, end)
    value = dates.parse_date(span.text, lexicon=lexicon)
    return {"date": (value if value is not None and value.precision == "day" else None, span)}


def _interviewer(doc: Document, gaz: gz.Gazetteer) -> dict:
    """In a Q&A, a medium that asks the questions ("Massource: ...?") published it."""
    text = doc.text
    for s, e in paragraphs(text, doc.body_start):
        m = re.match(r"([A-Z][\w .’'-]{0,40}):\s", text[s:e])
        if not m:
            continue
        entries = gaz.names.get(m.group(1), [])
        if (len(entries) == 1 and entries[0].kind == "media"
                and text[s:e].rstrip().endswith("?")):
            return {"publisher": MetaValue(entries[0].key, doc.span(s, s + m.end(1)),
                                           inferred=True)}
    return {}
