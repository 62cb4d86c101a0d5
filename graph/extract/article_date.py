"""Extraction step ``article_date``: the article's own date (DCT) when it does not state one.

"June 9-10", "last year" and "in May" mean nothing without the date of the article. When
neither front matter, a timestamp nor a dateline with a year gives it, the year is estimated
from the article's own evidence, strongest first:

1. a meeting on the catalogue's calendar (``Catalogue.events``) that the text names by ordinal
   ("the 18th SCO summit") or by host city ("the summit in Riverton", "the Lakeland summit"), in
   the future tense or with an eve cue ("on the eve of", "ahead of"), or whose dates fall next
   to the dateline's day: the article is from that meeting's year;
2. "N years ago", "the previous N years", "after N years" in a sentence naming an organisation
   whose founding date the catalogue holds: founding year + N (a sentence without a founding
   word counts only when a second clue agrees);
3. a dateline's month and day that fall on the weekday the lede names ("Oct. 14 ... on
   Tuesday"), in the year the stated dates allow or the next;
4. an explicit date the text puts in the future ("will be held ... on June 9-10, 2018");
5. the latest explicit date in the body (never a caption): a lower bound, used as the estimate
   only when nothing else speaks.

A short date line in the header ("July 2, 2024 · 5:06 AM ET") is the article's stamp and is
taken as stated. Otherwise the result is always ``inferred``, at year precision, or at day
precision when a dateline ("RIVERTON, June 8 (Agency)") gives month and day.
``meta.date_span`` points at the evidence: the stamp, the dateline, or the words that gave
the year. Nothing is invented: with no clue the date
stays None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..lexicon import Lexicon, per_lexicon
from ..rdf.catalogue import Catalogue, CatalogueEvent
from ..statements.model import DateValue, Span
from .context import caption_lines, main_organisation
from .dates import find_dates, parse_date
from .document import Document
from .lifetimes import find_lifetimes, founded_in, names_founding
from .sentences import Sentence

_NEAR = 80  # characters between a meeting word and its ordinal or host city
_DATELINE_DAYS = 12  # a dateline this close to a catalogued meeting is written at it


@dataclass(frozen=True)
class Clue:
    """One piece of evidence for the article's year."""

    year: int
    span: Span
    kind: str  # "meeting", "weekday", "founding", "founding-weak", "future-date", "lower-bound"


@per_lexicon
def _rows(lexicon: Lexicon, table: str, label: str) -> str:
    pats = [str(r["pattern"]) if r.get("regex") else re.escape(str(r["pattern"]))
            for r in lexicon[table] if r["label"] == label]
    return "|".join(sorted(pats, key=len, reverse=True)) or r"(?!x)x"


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Complete ``doc.meta.date`` from the article's own evidence when it states none."""
    meta = doc.meta
    if meta.date is not None:
        return
    stamp = date_line(doc, lexicon)
    if stamp is not None:
        doc.meta = dataclasses.replace(meta, date=stamp[1], date_span=stamp[0])
        return
    dateline = meta.date_span  # set by ``metadata`` for a dateline without a year
    clues = find_clues(doc, catalogue, lexicon, dateline=dateline)
    chosen = choose(clues)
    if chosen is None:
        doc.meta = dataclasses.replace(meta, date_span=None)
        return
    reference = DateValue(str(chosen.year), "year", True)
    if dateline is not None:
        value = parse_date(dateline.text, reference=reference, lexicon=lexicon)
        if value is not None and value.precision == "day":
            doc.meta = dataclasses.replace(meta, date=DateValue(value.value, "day", True))
            return
    doc.meta = dataclasses.replace(meta, date=reference, date_span=chosen.span)


_HEADER_LINES = 16  # lines of masthead, headline, byline and stamps before the body
_STAMP_CHARS = 120  # a date line is short: "Published: Jun 24, 2025 08:36 PM"
_STAMP_WORDS = 6  # and holds little besides the date: a label, a byline, a time zone
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}(?:[+-]\d+)?)?",
                    re.IGNORECASE)


def date_line(doc: Document, lexicon: Lexicon) -> tuple[Span, DateValue] | None:
    """A publication stamp in the article's header that front matter did not give: a short
    line before the first paragraph of running text that states a full date ("July 2, 2024 ·
    5:06 AM ET", "Published: 16.10.2024 - Update: 16.10.2024"). Stated, so not inferred."""
    text = doc.text
    at = 0
    for _ in range(_HEADER_LINES):
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        line = text[at:end]
        if len(line) > _STAMP_CHARS * 2:
            return None  # running text begins: a date past it is no stamp
        if line.strip() and len(line) <= _STAMP_CHARS:
            for span, first, last in find_dates(text, at, end, lexicon=lexicon):
                rest = text[at:span.start] + " " + text[span.end:end]
                words = re.findall(r"[^\W\d_]{2,}", re.sub(_CLOCK, " ", rest))
                if first.precision == "day" and not first.inferred and last is None \
                        and len(words) <= _STAMP_WORDS:
                    return span, DateValue(first.value, "day", False)
        if end >= len(text):
            return None
        at = end + 1
    return None


def choose(clues: list[Clue]) -> Clue | None:
    """The strongest clue that does not contradict the lower bound."""
    bound = _lower_bound(clues)
    usable = [c for c in clues if bound is None or c.year >= bound]
    for kind in ("meeting", "founding", "weekday", "future-date"):
        found = [c for c in usable if c.kind == kind]
        if found:
            return _most_common(found)
    weak = [c for c in usable if c.kind == "founding-weak"]
    if weak:
        votes = Counter(c.year for c in weak)
        year, count = votes.most_common(1)[0]
        if count >= 2 or year == bound:
            return next(c for c in weak if c.year == year)
    lower = [c for c in clues if c.kind in {"lower-bound", "past-meeting"} and c.year == bound]
    return lower[-1] if lower else None


def _lower_bound(clues: list[Clue]) -> int | None:
    """The latest year the text states as past: the article is no older."""
    return max((c.year for c in clues if c.kind in {"lower-bound", "past-meeting"}),
               default=None)


def _most_common(clues: list[Clue]) -> Clue:
    year = Counter(c.year for c in clues).most_common(1)[0][0]
    return next(c for c in clues if c.year == year)


def find_clues(doc: Document, catalogue: Catalogue, lexicon: Lexicon, *,
               dateline: Span | None = None) -> list[Clue]:
    """Every clue to the article's year in its body sentences (captions and headline left out)."""
    captions = caption_lines(doc, lexicon)
    title = doc.meta.title.span if doc.meta.title and doc.meta.title.span else None
    sentences = [s for s in doc.sentences if s.paragraph not in captions
                 and not (title and s.start < title.end and title.start < s.end)]
    future = re.compile(rf"\b(?:{_rows(lexicon, 'temporal_cues', 'future')})\b", re.I)
    eve = re.compile(rf"\b(?:{_rows(lexicon, 'temporal_cues', 'eve')})\b", re.I)
    clues: list[Clue] = []
    organisers = _organisers(doc, catalogue)  # the mentions do not change in here
    for sentence in sentences:
        is_future = bool(future.search(sentence.text) or eve.search(sentence.text))
        clues += _explicit(doc, sentence, lexicon, is_future)
        clues += _meetings(doc, sentence, catalogue, lexicon, is_future, organisers)
        clues += _since_founding(doc, sentence, catalogue, lexicon)
    if dateline is not None:
        clues += _dateline_meetings(doc, dateline, catalogue, lexicon)
        clues += _dateline_weekday(doc, dateline, sentences[:2], lexicon, clues)
    return clues


def _dateline_weekday(doc: Document, dateline: Span, lede: list[Sentence], lexicon: Lexicon,
                      clues: list[Clue]) -> list[Clue]:
    """"RIVERTON, Oct. 14 (Agency) -- Ministers on Tuesday ...": of the year the dates stated
    in the text allow and the next one, the year in which the dateline's day is that weekday."""
    bound = _lower_bound(clues)
    if bound is None:
        return []
    days = {str(r["pattern"]): int(str(r["offset"])) for r in lexicon["temporal_cues"]
            if r["label"] == "weekday"}
    pattern = re.compile(rf"\bon\s+(?P<day>{'|'.join(days)})\b")
    named = [(m, days[m.group("day")]) for s in lede
             for m in pattern.finditer(doc.text, s.start, s.end)]
    if len(named) != 1:
        return []
    match, offset = named[0]
    out = []
    for year in (bound, bound + 1):
        value = parse_date(dateline.text, reference=DateValue(str(year), "year", True),
                           lexicon=lexicon)
        if value is not None and value.precision == "day" and _weekday(value.value) == offset:
            out.append(Clue(year, doc.span(match.start(), match.end()), "weekday"))
    return out if len(out) == 1 else []


def _explicit(doc: Document, sentence: Sentence, lexicon: Lexicon,
              is_future: bool) -> list[Clue]:
    """Stated dates: a future one dates the article, a past one bounds it from below."""
    modal = re.compile(rf"\b(?:{_rows(lexicon, 'temporal_cues', 'modal')})\b", re.I)
    out = []
    for span, first, _last in find_dates(doc.text, sentence.start, sentence.end,
                                         lexicon=lexicon):
        if first.inferred:
            continue
        before = doc.text[max(0, span.start - 30):span.start].lower()
        if first.precision == "year" and re.search(
                r"\b(?:until|till|by|through|to|before|beyond)\s+"
                r"(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?$", before):
            continue  # a horizon ("a strategy until 2030"), not a date something happened
        clause = doc.text[max(sentence.start, span.start - _NEAR):span.start]
        if modal.search(clause):
            continue  # "trains could run in 2030": a possibility dates nothing
        if is_future:
            if first.precision != "year":
                out.append(Clue(int(first.value[:4]), span, "future-date"))
        else:
            out.append(Clue(int(first.value[:4]), span, "lower-bound"))
    return out


def _meeting_words(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_rows(lexicon, 'event_triggers', 'summit')})\b", re.I)


def _organisers(doc: Document, catalogue: Catalogue) -> set[str]:
    main = main_organisation(doc, catalogue)
    return {main} if main else set()


def _meetings(doc: Document, sentence: Sentence, catalogue: Catalogue, lexicon: Lexicon,
              is_future: bool, organisers: set[str]) -> list[Clue]:
    """A catalogued meeting named by ordinal or host city: the article's year (future or eve)
    or a lower bound (past). ``organisers``: :func:`_organisers` of the document."""
    calendar = [e for e in catalogue.events if e.organizer in organisers and e.start]
    if not calendar:
        return []
    text = doc.text
    out = []
    for word in _meeting_words(lexicon).finditer(text, sentence.start, sentence.end):
        window = (max(sentence.start, word.start() - _NEAR), min(sentence.end, word.end() + _NEAR))
        ordinal = re.search(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:[\w'’-]+\s+){0,3}$",
                            text[window[0]:word.start()])
        if ordinal:
            matched = [e for e in calendar if e.ordinal == int(ordinal.group(1))]
            evidence = (window[0] + ordinal.start(), word.end())
        else:
            hosts = {e.place for e in calendar}
            near = [m for m in doc.mentions if m.entity in hosts
                    and window[0] <= m.span.start and m.span.end <= window[1]]
            if not near:
                continue
            # the host city closest to the meeting word: "summit in X", "the X summit"
            place = min(near, key=lambda m: max(word.start() - m.span.end,
                                                m.span.start - word.end()))
            matched = [e for e in calendar if e.place == place.entity]
            evidence = (min(place.span.start, word.start()), max(place.span.end, word.end()))
        if len({e.start[:4] for e in matched if e.start}) != 1:
            continue  # a city that hosted several: the name alone does not say which
        year = int(next(e.start for e in matched if e.start)[:4])
        out.append(Clue(year, doc.span(*evidence), "meeting" if is_future else "past-meeting"))
    return out


def _dateline_meetings(doc: Document, dateline: Span, catalogue: Catalogue,
                       lexicon: Lexicon) -> list[Clue]:
    """A dateline a few days from a catalogued meeting the text names ("summit") is from it."""
    if not _meeting_words(lexicon).search(doc.text, doc.body_start):
        return []
    out = []
    for event in catalogue.events:
        if event.organizer not in _organisers(doc, catalogue) or not event.start:
            continue
        if len(event.start) < 10 or not _places_named(doc, event):
            continue
        reference = DateValue(event.start[:4], "year", True)
        value = parse_date(dateline.text, reference=reference, lexicon=lexicon)
        if value is None or value.precision != "day":
            continue
        gap = abs(_ordinal_day(value.value) - _ordinal_day(event.start))
        if gap <= _DATELINE_DAYS:
            out.append(Clue(int(event.start[:4]), dateline, "meeting"))
    return out


def _places_named(doc: Document, event: CatalogueEvent) -> bool:
    return event.place is not None and any(m.entity == event.place for m in doc.mentions)


def _ordinal_day(iso: str) -> int:
    return dt.date.fromisoformat(iso[:10]).toordinal()


def _weekday(iso: str) -> int:
    return dt.date.fromisoformat(iso[:10]).weekday()


def _since_founding(doc: Document, sentence: Sentence, catalogue: Catalogue,
                    lexicon: Lexicon) -> list[Clue]:
    """"17 years ago" / "the previous 17 years" next to an organisation founded in 2001."""
    founded = founded_in(doc, sentence, catalogue)
    if len(set(founded.values())) != 1:
        return []
    year = int(next(iter(founded.values()))[:4])
    strong = names_founding(sentence.text, lexicon)
    return [Clue(year + lifetime.years, doc.span(lifetime.start, lifetime.end),
                 "founding" if strong else "founding-weak")
            for lifetime in find_lifetimes(doc, sentence, lexicon)]
