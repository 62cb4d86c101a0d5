"""Events: a trigger word from the ``event_triggers`` lexicon, dated in its own clause.

A trigger ("summit", "press briefing", "became a full member", "invasion of X") makes an event
only when the text dates it: by a date in the trigger's own clause (the sentence cut at
semicolons; a date past another trigger and a comma or a temporal link such as "before" is
that trigger's), or, for an occasion of speech ("X said at a briefing"), by the date of the
lede's reporting verb ("X said on Monday"). The publication date is never a default. A
trigger after "on the eve of", "ahead of", "to attend" names another event than the one the
sentence dates; a count before it ("30 ministerial meetings") makes it a figure; captions
are skipped (their dates are photo dates).

The place is the event's own: "held in X", "the X summit", "X will host", "hosted by X in
Y", "in the ancient city of X"; never past another event's word or a new clause; the
dateline's place for what happened on the dateline's day; the meeting's place for what was
done on its day without one ("signed the declaration on Friday").

Titles name the event: the text's proper name ("Riverton Economic Forum"), else one written
from the ``event_titles`` templates ("18th SCO summit, Riverton", "Press briefing by X").

Summits of the article's organisation are matched to the catalogue's calendar (by ordinal,
or as the one meeting consistent with the text's date and host city); the calendar's days
then refine a coarse text date ("this week"), marked inferred.

Identity across articles is the ``key`` (see :class:`~sco_kg.graph.statements.model.Event`):
organiser and ordinal when both are known, else start and place, else the article and offset;
a founding happens once per organisation, so its key is the organisation's. Within an article
one event per type and key remains, the best-dated mention standing for all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..lexicon import Lexicon, per_lexicon
from ..rdf.catalogue import Catalogue, CatalogueEvent
from ..rdf.vocab import article_key, slug
from ..statements.model import DateValue, Event, Mention, Span
from . import gazetteer as gz
from .context import caption_lines, entity_kind, main_organisation
from .dates import find_dates
from .document import Document
from .sentences import Sentence

_AGENTS = {"state", "igo", "org", "media", "govbody", "person"}
_PLACES = {"place", "city", "region"}
_ORGS = {"igo", "org"}
_STATES = {"state"}
# Occasions of speech: a sentence reporting what was said at one ("said at a briefing") is
# dated by the lede's reporting verb ("said on Monday") when it gives no date of its own.
_OCCASIONS = {"briefing", "meeting", "summit", "forum", "exhibition", "speech"}
# What happens where the reporter is: on the dateline's day, at the dateline's place.
_DATELINED = _OCCASIONS | {"signing", "launch", "event"}


@dataclass(frozen=True)
class Setting:
    """Where and when the article was written, from its lede: the dateline's place and the date
    its first reporting verb gives ("X said on Monday")."""

    place: str | None = None
    report_date: DateValue | None = None


@per_lexicon
def _rows(lexicon: Lexicon, table: str, label: str, verbal: bool | None = None) -> str:
    pats = [str(r["pattern"]) if r.get("regex") else re.escape(str(r["pattern"]))
            for r in lexicon[table] if r["label"] == label
            and (verbal is None or bool(r.get("verbal")) == verbal)]
    return "|".join(sorted(pats, key=len, reverse=True)) or r"(?!x)x"


def find_events(doc: Document, sentence: Sentence, catalogue: Catalogue, lexicon: Lexicon,
                main_org: str | None = None, setting: Setting | None = None,
                frame: Event | None = None) -> list[Event]:
    """The dated events one sentence reports.

    ``setting`` holds what the article's lede says about where and when it was written: the
    dateline's place and the date of its reporting verb ("X said on Monday"), which an occasion
    of speech that the sentence does not date ("said at a briefing") shares. ``frame``: the
    meeting an opener such as "During the meeting," points back to; what the sentence reports
    without a date of its own happened at it, on its day and at its place.
    """
    text = doc.text
    setting = setting or Setting()
    opener = _frame_opener(text, sentence)
    if opener is None:
        frame = None
    dates = [d for d in find_dates(text, sentence.start, sentence.end, reference=doc.meta.date,
                                   lexicon=lexicon)
             if not (doc.meta.date_span and d[0].start < doc.meta.date_span.end
                     and doc.meta.date_span.start < d[0].end and d[1] == doc.meta.date)
             and not _in_dateline(text, sentence, d[0])]
    # "a strategy until 2030", "by 2027": a horizon or deadline dates no happening
    # "since 2020" bounds a span of time ("the first visit since 2020"): it dates no happening
    # ("since 2001, when the Union was founded": the "when" clause's happening is dated)
    dates = [d for d in dates if not (re.search(r"\b(?:until|till|through|by|up\s+to|to|since)\s+$",
                                                text[max(0, d[0].start - 12):d[0].start],
                                                re.IGNORECASE)
                                      or re.match(r"(?:until|till|by|since)\s", d[0].text,
                                                  re.IGNORECASE))
             # "until next year's summit": the date is the summit's, not a horizon
             or re.match(r"['’]s\s", text[d[0].end:d[0].end + 3])
             or re.match(r",?\s+when\b", text[d[0].end:d[0].end + 8])]
    if not dates and setting.report_date is None and frame is None:
        return []
    mentions = sorted((m for m in doc.mentions
                       if sentence.start <= m.span.start and m.span.end <= sentence.end),
                      key=lambda m: m.span)
    kinds = {m.entity: entity_kind(doc, catalogue, m.entity) for m in mentions}
    triggers = _triggers(doc, sentence, lexicon, mentions, kinds, [d[0] for d in dates])
    future_cue = _rows(lexicon, "temporal_cues", "future")
    future = re.search(rf"\b(?:{future_cue})\b", sentence.text, re.IGNORECASE) is not None
    events = []
    verbs = _reporting(lexicon)
    name_spans: list[tuple[int, int]] = []
    for event_type, start, end, verbal in triggers:
        if any(a <= start and end <= b for a, b in name_spans):
            continue  # "meeting of the Union Council of Ministers": one event, already named
        lo, hi = _clause(text, sentence, start, end)
        # A date beyond a reporting verb belongs to what was said, not to the event where it
        # was said ("At the Forum held in May, X said growth was 5% up to 2016").
        if opener is not None and start < opener:
            # "During the meeting, ...": the meeting already reported; only a date in its own
            # phrase ("At the meeting on May 3, ...") is its
            lo, hi = lo, opener
        near = [d for d in dates if lo <= d[0].start and d[0].end <= hi
                and not (re.search(verbs, text[min(end, d[0].end):max(start, d[0].start)])
                         # "On Thursday they agreed and told experts ..., as their council
                         # held its meeting": a clause of the same time, not what was said
                         and not (d[0].end <= start and re.search(
                             r",\s+(?:as|while|when)\s+[^,;]*$", text[d[0].end:start])))
                and not _in_other_aside(text, sentence, d[0], start)
                and not _taken_by_another(text, triggers, start, end, d[0])
                and not (d[0].end <= start and _BEFORE_OTHER.search(text, d[0].end, start)
                         and not _FRAME.fullmatch(text, lo, d[0].start))
                # "the first minister to visit X since troops clashed there in June 2020":
                # a date in a since-clause dates what it looks back to
                and not (d[0].start >= end and re.search(r"\bsince\s+\w", text[end:d[0].start]))
                # "X said earlier this month that the exercise ...": the saying's date
                and not (d[0].end <= start and re.search(
                    rf"(?:{verbs})\s+(?:(?:earlier|later|again|also|first)\s+)?$",
                    text[max(lo, d[0].start - 40):d[0].start])
                    and not re.search(r"['’]s$", d[0].text))]  # "said Friday's summit"
        # "On Thursday, X met Y at a meeting, and on Friday ...": a date past a coordinated
        # clause of its own is that clause's, when the trigger has a date of its own
        own = [d for d in near
               if (d[0].start < end or not _COORDINATED.search(text, end, d[0].end))
               and (d[0].end > start or not (
                   _COORDINATED_BEFORE.search(text, d[0].end, start)
                   # "applied in 2014 and finally joined ... on 9 June 2017"
                   or (verbal and re.search(r"\band\s+(?:(?:finally|then|later|also|"
                                            r"eventually)\s+)?$", text[d[0].end:start]))))]
        near = own or near
        framed = False
        name_start, name_end, organizer, ordinal, name_place = _name(
            doc, start, end, mentions, kinds, verbal)
        name_spans.append((name_start, name_end))
        if near:
            # "met in X on D": a verb's date follows it, so a date before it counts as farther
            _span, first, last = min(near, key=lambda d: abs(d[0].start - end)
                                     if d[0].start >= end
                                     else abs(start - d[0].end) + (15 if verbal else 0))
        elif (setting.report_date is not None and event_type in _OCCASIONS
              and _occasion_of_speech(text, sentence.start, name_start, lexicon)):
            first, last = setting.report_date, None
        elif frame is not None and opener is not None and start >= opener \
                and frame.start is not None:
            first, last, framed = frame.start, frame.end, True
        else:
            continue
        subject = _summit_subject(lexicon).search(text, max(lo, start - 120), start) \
            if event_type == "meeting" and verbal else None
        if subject is not None:
            event_type = "summit"  # "leaders of X meet in Y": the leaders' meeting is a summit
            # whose leaders: named in (or right before) the subject, else the one organisation
            # the clause names, else the article's
            clause_orgs = list(dict.fromkeys(m.entity for m in mentions if kinds[m.entity] == "igo"
                                             and lo <= m.span.start and m.span.end <= hi))
            organizer = organizer or next(
                (m.entity for m in mentions if kinds[m.entity] == "igo"
                 and subject.start() - 2 <= m.span.end and m.span.end <= subject.end()),
                clause_orgs[0] if len(clause_orgs) == 1 else None if clause_orgs else main_org)
        if event_type == "launch" and re.match(r"(?:was|were)\s", text[start:end]) and any(
                kinds[m.entity] == "igo" and 0 <= start - m.span.end <= 2 for m in mentions):
            event_type = "founding"  # "the Union was launched in 1999": its founding
        if event_type == "founding":
            if _founds_another(text, start, end, verbal, mentions, kinds):
                continue  # "established diplomatic ties", "the creation of a trade zone"
            organizer = _founded(start, end, mentions, kinds, text) or main_org
            if re.match(r"(?:open|began|begin|start|commence)", text[start:end], re.IGNORECASE):
                # "X opened its doors", "X began work": only X, its subject right before, was
                # set up ("the Union's secretariat began work" is not the Union's founding)
                # ("the X Bank, which opened its doors in 2016": its relative clause)
                organizer = next((m.entity for m in mentions if kinds[m.entity] in _ORGS
                                  and (0 <= start - m.span.end <= 2 or re.fullmatch(
                                      r",?\s+(?:which|that)\s+", text[m.span.end:start]))),
                                 None)
            if organizer is None:
                continue
        elif event_type == "application" and organizer is None:
            # "applied for membership of X", "its application to join X"; else the article's
            organizer = next((m.entity for m in mentions if kinds[m.entity] == "igo"
                              and 0 <= m.span.start - end <= 40 and re.fullmatch(
                                  r"\s+(?:[a-z-]+\s+){0,3}(?:of|in|to|join)\s+(?:the\s+)?",
                                  text[end:m.span.start])), main_org)
        elif event_type == "accession" and organizer is None:
            # the body joined: named right after the verb ("joined the Union"), else its
            # subject before it ("the Union took in X"), else the article's
            igos = [m for m in mentions if kinds[m.entity] == "igo" and lo <= m.span.start
                    and m.span.end <= hi]
            organizer = next((m.entity for m in igos if 0 <= m.span.start - end <= 12), None) \
                or next((m.entity for m in reversed(igos) if m.span.end <= start), None) \
                or main_org or next((m.entity for m in igos), None)
        elif event_type == "presidency" and organizer is None:
            organizer = next((m.entity for m in mentions if kinds[m.entity] == "igo"), main_org)
        elif verbal and organizer is None:  # "the Union adopted ...": its subject
            organizer = next((m.entity for m in mentions if kinds[m.entity] == "igo"
                              and 0 <= start - m.span.end <= 2), None)
        elif event_type == "summit" and organizer is None and not _named_otherwise(
                text, name_start, start, mentions, _generic(lexicon)):
            organizer = main_org
        place = name_place or _place(mentions, kinds, start, max(end, name_end), text, lo, hi,
                                     _any_trigger(lexicon), event_type)
        if place is None and event_type not in {"founding", "accession"}:
            place = _seat(mentions, kinds, start, text, lo, lexicon)  # "Riverton's parliament"
        if frame is not None and opener is not None and start >= opener and place is None \
                and frame.place is not None and (framed or _during(first, frame)):
            # "On the sidelines, X and Y met on Friday": at the meeting's place
            place, framed = frame.place, True
        if place is None and setting.place is not None and re.match(
                r"\s+(?:(?:was|were|is|are|will\s+be)\s+)?(?:held\s+|hosted\s+)?here\b",
                text[max(end, name_end):max(end, name_end) + 40]):
            place = setting.place  # "the summit here", "was held here": the dateline's place
        if place is None and setting.place is not None and event_type in _DATELINED and (
                first == setting.report_date or _days_near(first, doc.meta.date)):
            # written where and (within days of) when it happened: the dateline's place
            place = setting.place
        calendar = None
        if event_type == "summit":
            # "the 24th meeting of the <Org> Council of Heads of State": the organisation's
            # (not another intergovernmental body's: "the ASEAN Summit")
            owners = [organizer, main_org]
            if organizer and main_org and entity_kind(doc, catalogue, organizer) == "igo" and \
                    _short(doc, catalogue, main_org) not in _short(doc, catalogue, organizer):
                owners = [organizer]
            # "the <Org> Council of Heads of State": a body named after a calendar's organiser
            owners += [e.organizer for e in catalogue.events if organizer and re.search(
                rf"\b{re.escape(_short(doc, catalogue, e.organizer))}\b",
                _short(doc, catalogue, organizer))]
            for owner in dict.fromkeys(o for o in owners if o):
                calendar = _on_calendar(catalogue, owner, ordinal, place, first,
                                        kinds.get(place or "") in _PLACES)
                if calendar is not None:
                    organizer = owner
                    break
        also: tuple[str, ...] = ()
        if calendar is not None:
            ordinal = calendar.ordinal
            first, last = _calendar_dates(calendar, first, last)
            host_named = calendar.place is not None and any(
                m.entity == calendar.place for m in doc.mentions)
            if host_named and place not in {None, calendar.place}:
                assert place is not None
                also = (place,)  # "held in <State>": the host city's state, also its place
            if host_named:  # only a place the article names: no entity it does not mention
                place = calendar.place
        participants = tuple(dict.fromkeys(
            m.entity for m in _own_part(mentions, kinds, triggers, event_type, start, end)
            if kinds[m.entity] in _AGENTS and m.entity not in {place, organizer}))
        raw = " ".join(text[name_start:name_end].split())
        proper = calendar is None and (event_type != "summit" or _named_otherwise(
            text, name_start, start, mentions, _generic(lexicon)))
        if proper and any(m.entity == place and name_start <= m.span.start < name_end
                          for m in mentions):
            title_place = None  # "Riverton Economic Forum": the name holds its place
        else:
            title_place = calendar.place if calendar is not None and calendar.place else place
        label = _title(doc, catalogue, lexicon, event_type, raw, start, end, organizer, ordinal,
                       title_place, participants, kinds, first, proper)
        events.append(Event(
            type=event_type,
            # a happening inside the framing meeting is its own, not that meeting again
            key=(_key(doc, event_type, first, None, None, None, name_start) if framed
                 else _key(doc, event_type, first, place, organizer, ordinal, name_start,
                           tuple(p for p in participants if kinds.get(p) == "person"))),
            label=label,
            span=doc.span(name_start, name_end),
            start=first, end=last, place=place, also_places=also,
            participants=tuple(p for p in participants if p not in also),
            organizer=organizer, ordinal=ordinal,
            status=_status(first, doc.meta.date, future)))
    events = _gapped_accessions(doc, catalogue, lexicon, events, dates, mentions, kinds, future)
    events += _gapped_venues(doc, catalogue, lexicon, events, dates, mentions, kinds, future)
    return _shared_venue(doc, catalogue, _one_per_sentence(events))


def _own_part(mentions: list[Mention], kinds: Mapping[str, str | None],
              triggers: list[tuple[str, int, int, bool]], event_type: str, start: int,
              end: int) -> list[Mention]:
    """"X joined in 2001, and the enlargement of 2017 saw Y and Z join": with two accessions in
    a sentence, each has the states of its own part (before its verb, after the other's)."""
    others = [t for t in triggers if t[0] == event_type and t[1] != start]
    if event_type != "accession" or not others:
        return mentions
    lo = max((t[2] for t in others if t[2] <= start), default=0)
    hi = min((t[1] for t in others if t[1] >= end), default=10**9)
    states = [m for m in mentions if kinds[m.entity] in _STATES]
    before = [m for m in states if lo <= m.span.start and m.span.end <= end]
    after = [m for m in states if start <= m.span.start and m.span.end <= hi]
    own = before or after
    return [m for m in mentions if kinds[m.entity] not in _STATES or m in own]


def _shared_venue(doc: Document, catalogue: Catalogue, events: list[Event]) -> list[Event]:
    """"On Thursday, X met Y at a bilateral meeting, and on Friday the ministers met at the
    Riverton hall": meetings a sentence coordinates on days next to each other, one of them
    placed, were held at that place."""
    placed = {e.place for e in events if e.type in _GATHERINGS and e.place}
    if len(placed) != 1:
        return events
    place = placed.pop()
    assert place is not None
    anchor = next(e for e in events if e.place == place and e.type in _GATHERINGS)
    text = doc.text
    out = []
    for event in events:
        # on another day next to the placed one's, with no venue of its own that the
        # gazetteer does not know ("met in The Hague"), nor online
        if event.type in _GATHERINGS and event.place is None and event.start is not None \
                and anchor.start is not None and event.start.precision == "day" \
                and anchor.start.precision == "day" and event.start != anchor.start \
                and _days_near(event.start, anchor.start) and not re.match(
                    r"[^,;.]{0,60}?\b(?:(?:in|at)\s+(?:the\s+)?(?-i:[A-Z])|online|virtual|video)",
                    text[event.span.start:event.span.end + 80], re.IGNORECASE):
            event = dataclasses.replace(
                event, place=place,
                label=re.sub(r" \([\d-]+\)$", "", event.label)
                + f", {_short(doc, catalogue, place)}",
                key=_key(doc, event.type, event.start, place, event.organizer, event.ordinal,
                         event.span.start),
                participants=tuple(p for p in event.participants if p != place))
        out.append(event)
    return out


_GATHERINGS = {"meeting", "summit", "forum"}
# ", and on Friday ...", "; on Friday": a coordinated clause with a date of its own
_COORDINATED = re.compile(r"(?:,\s*(?:and|but|while|whereas)|;)\s+(?:then\s+)?"
                          r"(?:on|in|at|by|during|later|earlier)\b", re.IGNORECASE)
# "... met in May, and the summit was held on 4 July": a date before a coordinated clause
_COORDINATED_BEFORE = re.compile(r",\s*(?:and|but|while|whereas)\s|;", re.IGNORECASE)
# "During the meeting, ...", "At the talks, ...": an opener pointing back to a meeting
# ("At the fifth summit, in Riverton in July 2005, ...": a meeting named anew, in apposition)
_OPENER = re.compile(r"\s*(?:(?:During|At|On\s+the\s+sidelines\s+of|In\s+the\s+course\s+of)\s+"
                     r"(?:the|that|this|these)\s+(?:(?:same|main|plenary|closing|opening|"
                     r"bilateral|recent|latest)\s+)?(?:meeting|talks|session|summit|forum|"
                     r"negotiations|consultations)|On\s+the\s+sidelines|On\s+its\s+sidelines)"
                     r"\s*,(?!\s*(?:in|on|at|held|hosted)\b)")


def _during(date: DateValue, frame: Event) -> bool:
    """The date falls within the framing meeting's days (at the coarser precision)."""
    if frame.start is None:
        return False
    last = frame.end or frame.start
    n = min(len(date.value), len(frame.start.value))
    return frame.start.value[:n] <= date.value[:n] <= last.value[:n]


def _frame_opener(text: str, sentence: Sentence) -> int | None:
    """The end of an opener that points back to a meeting ("During the talks,"), or None."""
    m = _OPENER.match(text, sentence.start, sentence.end)
    return m.end() if m else None


def _in_dateline(text: str, sentence: Sentence, date: Span) -> bool:
    """"RIVERTON (Agency - 28th April, 2023) The next meeting ...": a date in the dateline's
    brackets at a paragraph's start is the story's date, not a happening's."""
    line_start = text.rfind("\n", 0, date.start) + 1
    opening = text.rfind("(", line_start, date.start)
    closing = text.find(")", date.end, date.end + 20)
    return opening != -1 and opening - line_start <= 40 and closing != -1 \
        and ")" not in text[opening:date.start] and max(line_start, sentence.start) <= opening \
        and re.fullmatch(r"\s*[A-Z][A-Z .,'’-]*", text[line_start:opening]) is not None


def _founds_another(text: str, start: int, end: int, verbal: bool, mentions: list[Mention],
                    kinds: Mapping[str, str | None]) -> bool:
    """"the countries established diplomatic ties", "the creation of a free trade zone": the
    founding word's object is another thing than an organisation."""
    orgs = [m for m in mentions if kinds[m.entity] in _ORGS]
    if verbal and not re.match(r"(?:was|were|been|is|are)\b", text[start:end]) and not re.search(
            r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$", text[max(0, start - 20):start]):
        obj = re.match(r"\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+|new\s+)*", text[end:end + 30])
        at = end + (obj.end() if obj else 0)
        # "established the Union in 2001": the organisation; "established diplomatic ties",
        # "established a trade zone": something else
        return re.match(r"[a-z]", text[at:at + 1]) is not None and not re.match(
            r"(?:in|on|at|by|as|with|under|when|after|before|during|since|through|to|and|"
            r"itself|here|there|jointly|formally|officially)\b", text[at:at + 15]) \
            and not _GENERIC_ORG.match(text, at) and not any(m.span.start == at for m in orgs)
    of = re.match(r"\s+of\s+(?:the\s+|a\s+|an\s+)?", text[end:end + 12])
    if of is None or verbal:
        return False
    at = end + of.end()
    return not any(m.span.start == at for m in orgs) and not _GENERIC_ORG.match(text, at) \
        and re.match(r"[a-z]", text[at:at + 1]) is not None


# "founded the organisation", "the creation of the bloc": the organisation named generically
_GENERIC_ORG = re.compile(r"(?<=\bthe\s)(?:organi[sz]ation|bloc|group|grouping|alliance|union|"
                          r"club|association|community|commonwealth|forum|body)\b")


_GAP = re.compile(r"[\s,;)]*(?:and\s+|then\s+)*(?:S(?:\s*,\s*|\s+and\s+))*S\s*(?:in|on|at)?\s*\(?")


def _gapped_accessions(doc: Document, catalogue: Catalogue, lexicon: Lexicon,
                       events: list[Event], dates: list[tuple[Span, DateValue, DateValue | None]],
                       mentions: list[Mention], kinds: Mapping[str, str | None],
                       future: bool) -> list[Event]:
    """"X and Y joined in 2017, Z in 2023 and W last year": the verb left out of the later
    items of a list (gapping) still makes each an accession, with its own states and date."""
    text = doc.text
    out: list[Event] = []
    for event in events:
        out.append(event)
        if event.type != "accession" or event.start is None:
            continue
        own = next((d for d in dates if d[1] == event.start and d[0].start >= event.span.end),
                   None)
        if own is None:
            continue
        parent, previous = len(out) - 1, own[0].end
        for span, first, _last in (d for d in dates if d[0].start >= own[0].end):
            states = [m for m in mentions if previous <= m.span.start and m.span.end <= span.start
                      and kinds[m.entity] in _STATES]
            if not states:
                break
            masked, at = [], previous
            for m in states:
                masked += [text[at:m.span.start], "S"]
                at = m.span.end
            masked.append(text[at:span.start])
            if not _GAP.fullmatch("".join(masked)):
                break
            who = tuple(dict.fromkeys(m.entity for m in states))
            begin, close = states[0].span.start, span.end
            if text.startswith(")", close) and "(" in text[begin:span.start]:
                close += 1  # "Dale (2018)": the bracket closes the item
            label = _title(doc, catalogue, lexicon, "accession", text[begin:close], begin,
                           states[-1].span.end, event.organizer, None, None, who, kinds, first,
                           False)
            out.append(Event(
                type="accession",
                key=_key(doc, "accession", first, None, event.organizer, None, begin),
                label=label, span=doc.span(begin, close), start=first, end=None, place=None,
                also_places=(), participants=who, organizer=event.organizer, ordinal=None,
                status=_status(first, doc.meta.date, future)))
            previous = span.end
            # the first item's states are its own, not the later items'
            rest = tuple(p for p in out[parent].participants if p not in who)
            out[parent] = dataclasses.replace(out[parent], participants=rest, label=_title(
                doc, catalogue, lexicon, "accession", event.span.text, event.span.start,
                event.span.end, event.organizer, None, None, rest, kinds, event.start, False))
    return out


_VENUE_GAP = re.compile(r"[\s,;]*(?:and\s+)?(?:in|at)\s+P\s*(?:,\s*)?(?:in|on)?\s*")


def _gapped_venues(doc: Document, catalogue: Catalogue, lexicon: Lexicon,
                   events: list[Event], dates: list[tuple[Span, DateValue, DateValue | None]],
                   mentions: list[Mention], kinds: Mapping[str, str | None],
                   future: bool) -> list[Event]:
    """"leaders met in X in 1998, in Y in 1999 and in Z in 2000": a list of places and dates
    after a meeting's own place and date is one meeting of the same kind per item."""
    text = doc.text
    out: list[Event] = []
    for event in events:
        if event.type not in {"summit", "meeting", "forum"} or event.start is None \
                or event.place is None:
            continue
        own = next((d for d in dates if d[1] == event.start and d[0].start >= event.span.end),
                   None)
        if own is None:
            continue
        previous = own[0].end
        for span, first, last in (d for d in dates if d[0].start >= own[0].end):
            places = [m for m in mentions if previous <= m.span.start and m.span.end <= span.start
                      and kinds[m.entity] in _PLACES | _STATES]
            if len(places) != 1:
                break
            venue = places[0]
            masked = text[previous:venue.span.start] + "P" + text[venue.span.end:span.start]
            if not _VENUE_GAP.fullmatch(masked):
                break
            prep = re.search(r"\b(?:in|at)\s+$", text[previous:venue.span.start])
            begin = previous + prep.start() if prep else venue.span.start
            place = venue.entity
            label = _title(doc, catalogue, lexicon, event.type, text[begin:span.end], begin,
                           span.end, event.organizer, None, place, (), kinds, first, False)
            out.append(Event(
                type=event.type, key=_key(doc, event.type, first, place, event.organizer, None,
                                          begin),
                label=label, span=doc.span(begin, span.end), start=first, end=last, place=place,
                also_places=(), participants=(), organizer=event.organizer, ordinal=None,
                status=_status(first, doc.meta.date, future)))
            previous = span.end
    return out


# A date before the trigger that another predicate holds: "met in May, before the summit"
# (the summit is placed relative to that date, not on it); "signed in September and is due
# to become a member" (a coordinated predicate with its own tense)
_BEFORE_OTHER = re.compile(r"\b(?:(?:before|after|ahead\s+of|following|since|until)\s+(?:the\s+|"
                           r"its\s+|their\s+|his\s+|her\s+)?(?:[\w'’-]+\s+){0,3}$|"
                           r"and\s+(?:is|are|was|were|will|would|has|have|had)\b)",
                           re.IGNORECASE)


# "In 2008, after the invasion of X, ...": a date opening its clause frames all of it
_FRAME = re.compile(r"\s*(?:(?:and|but|or|then|yet)\s*,?\s*)?(?:(?:in|on|by|during|at|from)\s+)?",
                    re.IGNORECASE)


def _taken_by_another(text: str, triggers: list[tuple[str, int, int, bool]], start: int,
                      end: int, date: Span) -> bool:
    """"held meetings with officials, reaffirming ties after its accession in 2023": a date
    past another trigger, itself past a comma, dates that trigger ("attend the summit and hold
    talks on June 9" shares it: no comma)."""
    own = next((t[0] for t in triggers if t[1] == start), "")
    if date.text.isdigit() and own in _GATHERINGS | {"visit", "event"} and any(
            t[1] != start and not t[3] and 0 <= t[1] - date.end <= 1 for t in triggers):
        # "the 2006 session": a year set before another meeting's noun is that one's (what
        # was done at it shares it: "admitted at the 2012 summit", "the 2017 summit admitted")
        return True
    cut = re.compile(r",(?!\s+(?:and|or)\b)")  # ", and": coordinated, the date is shared
    # "the meeting before the summit in June": a temporal link makes the later one another event
    relation = re.compile(r"\b(?:before|after|ahead\s+of|following|since|until|preceding|"
                          r"followed|preceded)\b",
                          re.IGNORECASE)
    if date.start < end:
        # "on Tuesday chaired the summit, where X joined": the aside shares the date; "met on
        # Thursday, their first meeting since the war": the war is another time
        between = [t for t in triggers if date.end <= t[1] and t[2] <= start]
        return any(relation.search(text, t[2], start) for t in between)
    # "joined, with Y, at the Riverton summit on June 9": what happened at the summit shares
    # its date
    between = [t for t in triggers if end <= t[1] and t[2] <= date.start and not re.search(
        r"\b(?:at|during)\s+(?:the|a|an|its|their)\s+(?:[\w'’.-]+\s+){0,3}$",
        text[max(end, t[1] - 60):t[1]])]
    return any(cut.search(text, end, t[1]) or relation.search(text, end, t[1])
               for t in between)


_DATELINE_WINDOW = 3  # days around a dated dateline that its reporter covers in place


def _days_near(first: DateValue, dated: DateValue | None) -> bool:
    """The event's day lies within days of the article's dated dateline ("TASHKENT, Oct. 14 --
    ... the forum on Monday")."""
    if dated is None or first.precision != "day" or dated.precision != "day":
        return dated is not None and first.value == dated.value
    gap = dt.date.fromisoformat(first.value) - dt.date.fromisoformat(dated.value)
    return abs(gap.days) <= _DATELINE_WINDOW


def _in_other_aside(text: str, sentence: Sentence, date: Span, trigger: int) -> bool:
    """", speaking in Riverton last month, called the summit ...": a date inside a participial
    aside between commas dates that aside, not a trigger outside it."""
    left = text.rfind(",", sentence.start, date.start)
    right = text.find(",", date.end, sentence.end)
    if right == -1:
        return False
    if left == -1:
        # "Having just joined X in 2017, Y is sending troops to an exercise": an opening
        # participial phrase dates its own happening
        return not sentence.start <= trigger < right and re.match(
            r"\s*(?:Having|Being|After|Since)\s+(?:just\s+|already\s+|recently\s+)?[a-z]+(?:ed|en)\b",
            text[sentence.start:right]) is not None
    if left < trigger < right:
        return False
    return re.match(r",\s+[a-z]+ing\b", text[left:right]) is not None


_NOT_TRIGGERS = {"shifted", "not_event", "seat_body"}
_SOMEONE = re.compile(r"\b(?:[Hh]e|[Ss]he|I|[Ww]e)\b(?!['’])|\b(?:Mr|Ms|Mrs|Dr)\.?\s+(?-i:[A-Z])")


@per_lexicon
def _trigger_table(lexicon: Lexicon) -> tuple[re.Pattern[str], list[tuple[str, frozenset[str],
                                                                         bool, re.Pattern[str]]]]:
    """The trigger patterns per label and form, compiled once per lexicon."""
    shifted = _rows(lexicon, "event_triggers", "shifted")
    table = []
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for r in lexicon["event_triggers"]:  # per label, form and what a row needs
        label = str(r["label"])
        if label in _NOT_TRIGGERS:
            continue
        pattern = str(r["pattern"]) if r.get("regex") else re.escape(str(r["pattern"]))
        groups.setdefault((label, str(r.get("needs") or ""), bool(r.get("verbal"))),
                          []).append(pattern)
    for (label, need, verbal), pats in groups.items():
        rows = "|".join(sorted(pats, key=len, reverse=True))
        table.append((label, frozenset({need} - {""}), verbal,
                      re.compile(rf"\b(?:{rows})\b", re.IGNORECASE)))
    return (re.compile(rf"\b(?:{shifted})\s+(?:[^\s,;]+\s+){{0,3}}$", re.IGNORECASE), table)


@per_lexicon
def _people_by_office(lexicon: Lexicon) -> re.Pattern[str]:
    """People named by their office ("defence ministers", "the delegations", "Gondor's prime
    minister"): the ``group`` words and the offices of the ``titles`` table."""
    offices = [str(r["pattern"]) for r in lexicon["titles"] if r.get("type") == "role"]
    # a prefix tree: a flat list of some 200 offices under IGNORECASE is entered word by word
    # at every position of the sentence
    rows = gz.caseless_alternation({*lexicon.patterns("person_words", "group"), *offices})
    return re.compile(rf"\b(?:{rows or '(?!x)x'})\b", re.IGNORECASE)


@per_lexicon
def _any_trigger(lexicon: Lexicon) -> re.Pattern[str]:
    """Any event word (shifted ones too): where another event's phrase begins."""
    rows = "|".join(str(r["pattern"]) if r.get("regex") else re.escape(str(r["pattern"]))
                    for r in lexicon["event_triggers"]
                    if r["label"] not in _NOT_TRIGGERS)
    return re.compile(rf"\b(?:{rows})\b", re.IGNORECASE)


@per_lexicon
def _counted(lexicon: Lexicon) -> re.Pattern[str]:
    """A count right before a trigger ("30 ministerial meetings", "dozens of forums")."""
    words = "|".join(re.escape(str(r["pattern"])) for r in lexicon["number_words"]
                     if r.get("kind") == "cardinal") or r"(?!x)x"
    number = r"\b(?!(?:1[6-9]|20)\d\d\b)\d+(?:[,.]\d+)*"  # not a year ("in 2022, after the")
    return re.compile(rf"(?:{number}|\b(?:{words})|\b(?:dozens|hundreds|scores|several|many|"
                      rf"numerous)\s+of)\s+(?:(?!(?:for|a|an|the|of|in|on|at|to|and|with|by|"
                      rf"from|its|his|her|their|held|hold|holds|had|has|have|attended|attend|"
                      rf"attends|began|opened|convened|gave|made|will|would|also)\b)"
                      rf"[a-z][\w-]*\s+){{0,2}}$", re.IGNORECASE)


@per_lexicon
def _reporting(lexicon: Lexicon) -> str:
    """A reporting verb, or any reporting verb followed by "that" (once per lexicon)."""
    said = "|".join(re.escape(str(r["pattern"])) for r in lexicon["reporting_verbs"]
                    if r.get("that") == "optional") or r"(?!x)x"
    any_verb = "|".join(re.escape(str(r["pattern"])) for r in lexicon["reporting_verbs"])
    return rf"\b(?:{said})\b|\b(?:{any_verb or '(?!x)x'})\s+that\b"


# "ahead of the summit in Riverton on June 9": a date in the shifted event's own phrase (its
# place, then the date) is that event's, so the event is reported after all
_OWN_DATE = re.compile(r"(?:\s+(?:of\s+(?:the\s+)?)?(?:[A-Z][\w'’.-]*\s+){1,4})?"
                       r"(?:\s*,?\s+(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*,?\s+){1,3})?"
                       r"\s*(?:on|in|at\s+the\s+(?:end|start|beginning|middle)\s+of|"
                       r"in\s+(?:early|late|mid-?)|later|earlier)?\s*")


def _triggers(doc: Document, sentence: Sentence, lexicon: Lexicon, mentions: list[Mention],
              kinds: Mapping[str, str | None],
              dates: list[Span] | None = None) -> list[tuple[str, int, int, bool]]:
    text = doc.text
    if not _any_trigger(lexicon).search(text, sentence.start, sentence.end):
        return []  # a match of any table below is one of this pattern: most sentences have none
    found: list[tuple[str, int, int, bool]] = []
    present = {kinds[m.entity] for m in mentions}
    if _people_by_office(lexicon).search(text, sentence.start, sentence.end) \
            or _SOMEONE.search(text, sentence.start, sentence.end):
        # "foreign ministers met on Tuesday", "she led a team to X", "Mr Xi's state visit":
        # people, if unnamed or named in a way the gazetteer does not know
        present.add("person")
    shifted = _trigger_table(lexicon)[0]
    counted = _counted(lexicon)
    for label, needs, verbal, pattern in _trigger_table(lexicon)[1]:
        if needs and not needs & present:
            continue
        for m in pattern.finditer(text, sentence.start, sentence.end):
            if shifted.search(text[sentence.start:m.start()]) and not any(
                    0 <= d.start - m.end() <= 60
                    and _OWN_DATE.fullmatch(text, m.end(), d.start) for d in dates or ()):
                continue
            if not verbal and counted.search(text[max(sentence.start, m.start() - 40):m.start()]):
                continue  # "30 ministerial meetings", "more than 200 events": a figure
            found.append((label, m.start(), m.end(), verbal))
    found.sort(key=lambda t: (t[1], -(t[2] - t[1])))
    kept: list[tuple[str, int, int, bool]] = []
    for item in found:
        if all(item[2] <= k[1] or k[2] <= item[1] for k in kept):
            kept.append(item)
    # "head to X for a meeting": one event, the meeting; two visit words are one visit
    purpose = [k for k in kept if k[0] in {"meeting", "summit", "forum"}]
    # ("a state visit before the summit", "a visit that includes talks": two events)
    kept = [k for k in kept if k[0] != "visit" or not any(
        0 <= p[1] - k[2] <= 40 and re.search(r"\bfor\b", text[k[2]:p[1]]) for p in purpose)]
    # "met in X on Friday for talks": the talks are the meeting the verb reports
    kept = [k for k in kept if k[0] != "meeting" or k[3] or not any(
        p[0] in {"meeting", "summit"} and p[3] and 0 <= k[1] - p[2] <= 80
        and re.search(r"\bfor\s+(?:(?:a|an|the|their|his|her)\s+)?(?:[\w'’-]+\s+){0,2}$",
                      text[p[2]:k[1]]) for p in kept)]
    visits = [k for k in kept if k[0] == "visit"]
    return [k for k in kept if k[0] != "visit" or k is visits[0]]


def _name(doc: Document, start: int, end: int, mentions: list[Mention],
          kinds: Mapping[str, str | None],
          verbal: bool = False) -> tuple[int, int, str | None, int | None, str | None]:
    """Extend a trigger over its name: "18th SCO summit", "Meeting ... of the <IGO>",
    "invasion of <State>"; also the organiser and the place the name holds ("Riverton summit")."""
    text = doc.text
    organizer = place = None
    inside = [m for m in mentions if start <= m.span.start and m.span.end <= end]
    organizer = next((m.entity for m in inside if kinds[m.entity] == "igo"), None)
    after = re.match(r"\s+of\s+(?:the\s+)?", text[end:end + 12])
    if after and not verbal:
        follower = next((m for m in mentions if m.span.start == end + after.end()), None)
        if follower is not None and kinds[follower.entity] in _ORGS:
            organizer, end = organizer or follower.entity, follower.span.end
            body = re.match(r"\s+(?:\([A-Z]+\)\s+)?((?:Council|Committee|Board|Conference|"
                            r"Assembly|Forum)(?:\s+(?:of|the|and|for|on|[A-Z][\w'’-]*))*)",
                            text[end:end + 80])
            if body:  # "meeting of the <Org> Council of Foreign Ministers"
                tail = re.sub(r"(?:\s+(?:of|the|and|for|on))+$", "", body.group(1))
                end += body.start(1) + len(tail)
        elif follower is not None and kinds[follower.entity] in _PLACES | _STATES:
            place, end = follower.entity, follower.span.end  # "annexation of <Region>"
        else:  # "meeting of the Council of Riverton Experts"
            named = re.match(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:\s+(?:of|the|and|for|on|"
                             r"[A-Z][\w'’-]*))*)", text[end:end + 120])
            if named:
                tail = re.sub(r"(?:\s+(?:of|the|and|for|on))+$", "", named.group(1))
                end += named.start(1) + len(tail)
                organizer = organizer or next(
                    (m.entity for m in mentions if start <= m.span.start and m.span.end <= end
                     and kinds[m.entity] == "igo"), None)
    while not verbal:  # capitalised words and names before: "ASEAN Foreign Ministers' Meeting"
        preceding = next((m for m in mentions if 0 < start - m.span.end <= 1
                          and text[m.span.end:start].isspace()), None)
        if preceding is not None:
            if kinds[preceding.entity] in _ORGS and organizer is None:
                organizer = preceding.entity
            elif kinds[preceding.entity] in _PLACES and place is None \
                    and text[preceding.span.start - 1:preceding.span.start] not in {"-", "–"}:
                # ("China-Central Asia Summit": a format between parties, not its venue)
                place = preceding.entity  # "the Riverton summit"
            start = preceding.span.start
            continue
        # "Heads of State Summit": "of" between capitalised words stays inside the name
        word = re.search(r"(?<![\w.])([A-Z][\w.'’-]*)\s+(?:of\s+(?=[A-Z]))?$",
                         text[max(0, start - 40):start])
        if word and word.group(1) not in {"The", "A", "An", "On", "In", "At", "During", "Since",
                                          "After", "Before", "From", "By", "For", "Of"}:
            start -= len(word.group(0))
            continue
        break
    ordinal = None
    ordinal_match = re.search(r"\b(\d{1,3})(?:st|nd|rd|th)\s+$", text[max(0, start - 8):start])
    if ordinal_match:
        ordinal = int(ordinal_match.group(1))
        start -= len(ordinal_match.group(0))
    return start, end, organizer, ordinal, place


def _founded(start: int, end: int, mentions: list[Mention],
             kinds: Mapping[str, str | None], text: str) -> str | None:
    """The organisation a founding trigger is about: named next to it ("the establishment of
    the X", "Established on ..., the X"), nearest first."""
    # "was enlarged from the Riverton Five": what it came from is not what was founded
    orgs = [m for m in mentions if kinds[m.entity] in _ORGS and not re.search(
        r"\bfrom\s+(?:the\s+)?$", text[max(0, m.span.start - 10):m.span.start])]
    if not orgs:
        return None
    return min(orgs, key=lambda m: min(abs(m.span.start - end), abs(start - m.span.end))).entity


def _place(mentions: list[Mention], kinds: Mapping[str, str | None], start: int, end: int,
           text: str, lo: int, hi: int, barrier: re.Pattern[str] | None = None,
           event_type: str = "") -> str | None:
    """The place of the event's own phrase: "held in X", "head to X", "in the ancient city of
    X", "X will host"/"hosted by X"; only within the trigger's clause, and after the trigger
    unless it hosts it."""
    before = r"\b(?:in|at|to)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:(?:city|capital|town)\s+of\s+)?$"
    places = [m for m in mentions if kinds[m.entity] in _PLACES | _STATES
              and lo <= m.span.start and m.span.end <= hi]
    # "will depart for X", "visited X": the trigger's own preposition or object
    own = re.search(r"\b(?:for|to)$", text[start:end]) or (
        event_type == "visit" and re.search(r"visit(?:s|ed|ing)?$", text[start:end], re.I))
    after = [m for m in places if m.span.start >= end and m.span.start - end <= 120
             and ((own and m.span.start - end <= 1)
                  or (re.search(before, text[max(0, m.span.start - 40):m.span.start])
                      and (kinds[m.entity] not in _STATES
                           or re.search(r"\b(?:in|at|to|for)\s+$" if event_type == "visit"
                                        else r"\b(?:in|at)\s+$",
                                        text[m.span.start - 4:m.span.start]))))]
    hosted = [m for m in places if m.span.end <= start
              and re.match(r"\s+(?:will\s+|is\s+to\s+|to\s+)?host(?:s|ed|ing)?\b",
                           text[m.span.end:m.span.end + 20])]
    host = [m for m in places if m.span.start >= end
            and re.search(r"\bhosted\s+by\s+$", text[max(0, m.span.start - 12):m.span.start])]
    # "the summit ... ahead of the meeting in Y": a place past another event's word is its
    if barrier is not None:
        after = [m for m in after if not barrier.search(text, end, m.span.start)]
        host = [m for m in host if not barrier.search(text, end, m.span.start)]
    # "head to X for a meeting": a place before the trigger only when the event is the purpose
    purpose = re.search(r"\b(?:for|on)\s+(?:(?:a|an|the|his|her|their)\s+)?(?:[\w'’-]+\s+){0,3}$",
                        text[max(0, start - 40):start])
    before_places = [m for m in places if purpose and m.span.end <= start
                     and start - m.span.end <= 80
                     and re.search(before, text[max(0, m.span.start - 40):m.span.start])
                     and (barrier is None or not barrier.search(text, m.span.end, start))]
    # "..., weeks after fighting broke out in Y": a place past a new clause is that clause's
    after = [m for m in after if not _CLAUSE_OPENER.search(text, end, m.span.start)]
    if event_type == "accession":  # "took in X": the new member, not the place
        after = [m for m in after if kinds[m.entity] not in _STATES or m.span.start - end > 4]
    # "On September 14, in Riverton, ... a ceremony was held": the place opens the sentence
    fronted = [m for m in places if m.span.end <= start and text.startswith(",", m.span.end)
               and _FRONTED_PLACE.fullmatch(text, lo, m.span.start)]
    for group in (after, host, hosted, before_places[-1:], fronted):
        if group:
            return group[0].entity
    return None


# what may stand before a place that opens its sentence: a date adjunct, then "in"/"at"
_FRONTED_PLACE = re.compile(r"\s*[“\"]?(?:(?:On|In|Early|Late|Last)\s[^;.]{1,40}?,\s+)?"
                            r"(?:in|at|In|At)\s+(?:the\s+)?")


def _seat(mentions: list[Mention], kinds: Mapping[str, str | None], start: int, text: str,
          lo: int, lexicon: Lexicon) -> str | None:
    """"Riverton's parliament ratified ...": the place whose body is the subject of the verb."""
    bodies = _rows(lexicon, "event_triggers", "seat_body")
    for m in mentions:
        if kinds[m.entity] in _PLACES | _STATES and lo <= m.span.start and m.span.end < start \
                and re.fullmatch(rf"['’]s\s+(?:[a-z-]+\s+)?(?:{bodies})\s+(?:\w+\s+)?",
                                 text[m.span.end:start], re.IGNORECASE):
            return m.entity
    return None


_CLAUSE_OPENER = re.compile(r",\s+(?:\w+\s+)?(?:after|before|when|while|as|since|because|amid|"
                            r"following|despite|although|though|but|whereas)\b", re.IGNORECASE)


def _clause(text: str, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The stretch of a sentence a trigger's date and place come from: the sentence, cut at
    semicolons ("In 2008, X; in 2014, Y")."""
    lo = text.rfind(";", sentence.start, start)
    hi = text.find(";", end, sentence.end)
    return (sentence.start if lo == -1 else lo + 1), (sentence.end if hi == -1 else hi)


def _occasion_of_speech(text: str, sentence_start: int, name_start: int,
                        lexicon: Lexicon) -> bool:
    """"X said at a briefing", "speaking at the Riverton Fair": the trigger is where the
    sentence's speech was made."""
    before = text[sentence_start:name_start]
    return re.search(r"\b(?:said|says|told\s+\w+|stated|noted|stressed|speaking|spoke|"
                     r"addressing|remarked|announced)\s+(?:\w+\s+){0,2}"
                     r"(?:at|during)\s+(?:a|an|the|its|his|her)\s+$", before) is not None


def _named_otherwise(text: str, name_start: int, trigger: int, mentions: list[Mention],
                     generic: frozenset[str] = frozenset()) -> bool:
    """"the Women's summit", "ASEAN Summit": a capitalised word before the trigger that no
    mention of the organiser or place covers names another summit than the organisation's
    ("Heads of State" names none: ``generic`` words)."""
    covered = [(m.span.start, m.span.end) for m in mentions]
    for word in re.finditer(r"[A-Z][\w'’.-]*", text[name_start:trigger]):
        at = name_start + word.start()
        if word.group().lower() not in generic and not any(s <= at < e for s, e in covered):
            return True
    return False


@per_lexicon
def _summit_subject(lexicon: Lexicon) -> re.Pattern[str]:
    """The subject of a meeting verb that makes it a summit: "Leaders of X (will) meet",
    "the heads of state of X met by video link" (the verb right after its subject)."""
    who = "|".join(str(r["pattern"]) for r in lexicon["event_titles"]
                   if r["label"] == "summit_subject") or r"(?!x)x"
    return re.compile(rf"\b(?:{who})\b(?:\s+(?:of|from)\s+[^;.()]{{1,120}}?)?"
                      rf"(?:\s+(?:will|would|shall|to|are\s+to|are\s+due\s+to))?\s+$",
                      re.IGNORECASE)


@per_lexicon
def _generic(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(str(r["pattern"]).lower() for r in lexicon["event_titles"]
                     if r["label"] == "generic")


def _on_calendar(catalogue: Catalogue, organizer: str | None, ordinal: int | None,
                 place: str | None, first: DateValue, city: bool = False) -> CatalogueEvent | None:
    """The catalogued meeting a summit is, from its ordinal, or from its date (and place)
    when the calendar holds one meeting of the organiser then."""
    calendar = [e for e in catalogue.events if e.organizer == organizer and e.start]
    if ordinal is not None:
        found = [e for e in calendar if e.ordinal == ordinal and _consistent(e, first)]
    else:
        found = [e for e in calendar if _consistent(e, first)]
        if place is not None and len(found) > 1:
            found = [e for e in found if e.place == place]
    if place is not None and city:  # "the Riverton summit" is not the one held elsewhere
        found = [e for e in found if e.place in {None, place}]
    return found[0] if len(found) == 1 else None


def _consistent(event: CatalogueEvent, date: DateValue) -> bool:
    """The date the text gives agrees with the calendar at the text's precision."""
    assert event.start is not None
    lo, hi = event.start, event.end or event.start
    n = min(len(date.value), len(lo))
    return lo[:n] <= date.value[:n] <= hi[:n]


def _calendar_dates(event: CatalogueEvent, first: DateValue,
                    last: DateValue | None) -> tuple[DateValue, DateValue | None]:
    """The calendar's days where they are finer than the text's ("this week" -> 9-10 June);
    marked inferred unless the text stated exactly them."""
    assert event.start is not None
    if len(event.start) < len(first.value):
        return first, last
    stated = (first.value == event.start and not first.inferred
              and (last.value if last else None) == event.end)
    start = DateValue(event.start, _precision(event.start), not stated)
    end = DateValue(event.end, _precision(event.end), not stated) if event.end else None
    return start, end


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def _status(start: DateValue, reference: DateValue | None, future: bool) -> str:
    """Scheduled when the sentence speaks of the future and the date is not already past."""
    if reference is not None:
        width = min(len(start.value), len(reference.value))
        if start.value[:width] < reference.value[:width]:
            return "completed"
    return "scheduled" if future else "completed"


def _key(doc: Document, event_type: str, start: DateValue | None, place: str | None,
         organizer: str | None, ordinal: int | None, offset: int,
         people: tuple[str, ...] = ()) -> str:
    if event_type == "founding" and organizer:
        return f"{organizer}-founding"
    if organizer is not None and ordinal is not None:
        return f"{slug(organizer)}-{ordinal}"
    if start is not None and place is not None:
        if event_type == "meeting" and len(people) >= 2:
            # two people's meeting on the day of a larger one there is another happening
            return f"{start.value}-{slug(place)}-" + "-".join(sorted(slug(p) for p in people[:2]))
        return f"{start.value}-{slug(place)}"
    return f"{article_key(doc.stem)}-{offset}"


def _short(doc: Document, catalogue: Catalogue, key: str) -> str:
    """An entity's name for a title: an organisation's acronym ("SCO") where it has one."""
    entry = catalogue.get(key)
    if entry is None:
        found = doc.entities.get(key)
        return found.label if found is not None else key
    acronyms = [a for a in entry.aliases if a.isupper() and 2 <= len(a) <= 8 and " " not in a]
    if entry.kind in _ORGS and acronyms:
        return min(acronyms, key=lambda a: (len(a), a))
    return entry.label


@per_lexicon
def _templates(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for row in lexicon["event_titles"]:
        if row.get("title"):
            table.setdefault(str(row["label"]), []).append(str(row["title"]))
    return {k: tuple(v) for k, v in table.items()}


def _title(doc: Document, catalogue: Catalogue, lexicon: Lexicon, event_type: str, raw: str,
           start: int, end: int, organizer: str | None, ordinal: int | None, place: str | None,
           participants: tuple[str, ...], kinds: Mapping[str, str | None],
           first: DateValue, proper: bool = True) -> str:
    """A title that names the event: the text's own name when it is a proper one ("Riverton
    Economic Forum"), else one written from the type, organiser, ordinal and people taking part
    ("18th SCO summit"); with the place (or the date) where the title holds neither."""
    text = doc.text
    proper = proper and _proper(raw, text[start:end], event_type)
    if proper:
        title = raw
    else:
        fields: dict[str, str] = {}
        if organizer:
            fields["org"] = _short(doc, catalogue, organizer)
        if ordinal is not None:
            fields["ordinal"] = _ordinal(ordinal)
        # who: the speaker of "X said at a briefing" (the person nearest before), else the
        # first person named, the sentence's subject ("X congratulated Y during a briefing")
        said = re.search(r"\b(?:said|says|told\s+\w+|stated|noted|stressed|remarked|announced)"
                         r"\s+(?:at|during)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}$",
                         text[max(0, start - 60):start])
        before = [m.entity for m in doc.mentions if kinds.get(m.entity) == "person"
                  and m.span.end <= start and m.entity in participants] if said else []
        people = before[-1:] + [p for p in participants if kinds.get(p) == "person"]
        if event_type == "visit":
            # the visitor is the subject: "The president will depart for X at the invitation
            # of Y" is not Y's visit
            sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
            subject = [m.entity for m in doc.mentions if kinds.get(m.entity) == "person"
                       and sentence_start < m.span.start and m.span.end <= start][-1:]
            hosts = {m.entity for m in doc.mentions if start < m.span.start < start + 200
                     and re.search(r"\b(?:invitation\s+of|invited\s+by|hosted\s+by|guest\s+of)"
                                   r"\s+(?:[\w'’.-]+\s+){0,4}$",
                                   text[max(0, m.span.start - 60):m.span.start])}
            line = text[text.rfind("\n", 0, start) + 1:start]
            quoted = line.count("“") > line.count("”") or line.count('"') % 2 == 1
            # inside a quote, the speaker named after it is no visitor
            people = subject or ([] if quoted else [p for p in people if p not in hosts])
        comma = text.rfind(",", max(0, start - 200), start)
        if event_type == "briefing" and comma != -1 and not any(
                m.entity in people[:1] and comma < m.span.start < start for m in doc.mentions):
            people = []  # "X will travel, a spokesman told a briefing": not X's briefing
        if len(set(people)) >= 2 and event_type == "meeting":
            pair = list(dict.fromkeys(people))[:2]
            fields["people"] = " and ".join(_short(doc, catalogue, p) for p in pair)
        if people:
            fields["who"] = _short(doc, catalogue, people[0])
        states = [p for p in participants if kinds.get(p) in _STATES]
        if states:
            names = [_short(doc, catalogue, p) for p in states[:4]]
            fields["states"] = (" and ".join(names) if len(names) <= 2
                                else ", ".join(names[:-1]) + " and " + names[-1])
        what = _object(text, start, end, event_type)
        if what:
            fields["what"] = what
        window = max(0, start - 60)
        modifier = re.search(rf"\b({_rows(lexicon, 'event_titles', 'modifier')})\s+"
                             rf"(?:(?:will|would|shall|to|have|has|had)\s+)?"
                             rf"(?:(?:held|hold|holds|had|have|has|attended)\s+(?:a|an|the|their)"
                             rf"\s+(?:[\w-]+\s+)?)?$", text[window:start], re.IGNORECASE)
        if modifier:
            fields["modifier"] = " ".join(modifier.group(1).lower().split())
            owner = next((m.entity for m in doc.mentions if kinds.get(m.entity) == "igo"
                          and 0 <= window + modifier.start() - m.span.end <= 1), None)
            if owner and "org" not in fields:
                fields["org"] = _short(doc, catalogue, owner)
        if re.match(r"\s+with\s", text[end:end + 6]):  # "a meeting with UN Chief Jan Novak"
            person = next((m.entity for m in doc.mentions if kinds.get(m.entity) == "person"
                           and end < m.span.start <= end + 60 and re.fullmatch(
                               r"\s+with\s+(?:[\w.'’-]+\s+){0,3}", text[end:m.span.start])),
                          None)
            if person:
                fields["with"] = _short(doc, catalogue, person)
        fields["trigger"] = " ".join(text[start:end].split())
        templates = _templates(lexicon).get(event_type, ("{trigger}",))
        title = next((t.format(**fields) for t in templates
                      if all(f in fields for f in re.findall(r"{(\w+)}", t))),
                     event_type.capitalize())
        if event_type == "accession" and "states" in fields and len(states) == 1:
            title = title.replace(" join ", " joins ")
    if place and not ordinal_place_in(title, _short(doc, catalogue, place)):
        title = f"{title}, {_short(doc, catalogue, place)}"
    elif not place and not proper and ordinal is None and event_type != "founding":
        title = f"{title} ({first.value})"
    return title[:1].upper() + title[1:]


def ordinal_place_in(title: str, place: str) -> bool:
    return place.lower() in title.lower()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _proper(raw: str, trigger: str, event_type: str) -> bool:
    """A name of its own: capitalised words beyond a bare trigger ("Riverton Economic Forum",
    "Council of Heads of State"), not "SCO Summit" alone (that is the organiser's summit)."""
    if event_type in {"founding", "accession", "signing", "launch", "presidency", "visit",
                      "speech"}:
        return False
    words = re.findall(r"[\w'’.-]+", raw)
    capital = [w for w in words if w[:1].isupper()]
    if not capital:
        return False
    return len(words) > len(trigger.split()) or (len(capital) >= 2 and raw[:1].isupper())


def _object(text: str, start: int, end: int, event_type: str) -> str | None:
    """What a verb acts on: "signed the Riverton Declaration" -> "the Riverton Declaration",
    "a treaty on trade was signed" -> "a treaty on trade"."""
    after = re.match(r"\s+((?:the|a|an)\s+(?:[A-Z][\w'’-]*\s*)+)", text[end:end + 80])
    if after:
        return after.group(1).strip()
    # "issued a key document, namely the Treaty on Good Neighbourliness"
    named = re.search(r"\b(the\s+(?-i:[A-Z])[\w'’-]*(?:,?\s+(?:(?-i:[A-Z])[\w'’-]*|on|of|and|"
                      r"for|in))*)", text[end:end + 200])
    if named and event_type == "signing" and re.search(
            r"\b(?:Treaty|Convention|Charter|Declaration|Agreement|Accord|Memorandum)\b",
            named.group(1)):
        return re.sub(r"(?:,?\s+(?:on|of|and|for|in))+$", "", named.group(1))
    plan = re.match(r"\s+((?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}(?:plan|strategy|programme|"
                    r"program|roadmap|concept)(?:\s+(?:for|on|of)\s+[\w-]+(?:\s+(?!(?:in|at|to|"
                    r"and|by|with|that|which|was|is|were|will|from)\b)[a-z-]+)?)?)",
                    text[end:end + 90])
    if plan and event_type == "adoption":
        return re.sub(r"^(?:its|a|an)\s+", "a ", plan.group(1))
    if event_type == "exhibition":
        mod = re.search(r"\b([a-z]+)\s+$", text[max(0, start - 20):start])
        return mod.group(1).capitalize() if mod and mod.group(1) not in {
            "the", "a", "an", "related", "this", "that", "its", "and", "or", "of", "in", "at",
            "on", "to", "for", "with", "by"} else None
    before = re.search(r"\b((?i:a|an|the)\s+[^,;.]{3,70}?)\s+(?:was|were|is|are|has been|"
                       r"have been|had been)?\s*$", text[max(0, start - 80):start])
    # "a treaty (was) signed last year": what comes before is the object; "the Union
    # launched ...", "they signed ...": a subject before, the object after
    subject = re.search(r"(?:\b(?:he|she|they|we|it|[A-Z][\w'’.-]*)|\))\s+$",
                        text[max(0, start - 40):start])
    passive = re.search(r"\b(?:was|were|been|being)\s+$", text[max(0, start - 12):start]) or \
        re.match(r"(?:was|were)\s", text[start:end]) or not subject
    if before and event_type in {"signing", "launch"} and passive:
        return before.group(1).strip()
    # "launched the procedure to admit X at its summit": the object, up to a preposition
    thing = re.match(r"\s+((?:the|a|an)\s+[^,;.]{3,60}?)(?=\s+(?:at|in|on|during|with|last|"
                     r"this|next|by)\b|[,.;]|$)", text[end:end + 80])
    if thing and event_type in {"signing", "launch"}:
        return thing.group(1).strip()
    return None


def _one_per_sentence(events: list[Event]) -> list[Event]:
    """A sentence that dates a founding dates one happening: "had a summit meeting which marked
    the establishment of X" is the founding, not a second event of the same date."""
    founded = [e.start.value for e in events if e.type == "founding" and e.start]
    events = [e for e in events if e.type == "founding" or e.start is None
              or not any(e.start.value.startswith(f) for f in founded)]
    # "met on Thursday, their first meeting since ...": one meeting, named twice
    kept: list[Event] = []
    for event in events:
        same = next((k for k in kept if k.type == event.type and k.start == event.start
                     and (k.place is None or event.place is None or k.place == event.place)),
                    None)
        if same is None:
            kept.append(event)
        elif same.place is None and event.place is not None:
            kept[kept.index(same)] = event
    return kept


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Find the dated events of every sentence outside captions and the headline."""
    main_org = main_organisation(doc, catalogue)
    captions = caption_lines(doc, lexicon)
    title = doc.meta.title.span if doc.meta.title and doc.meta.title.span else None
    body = [s for s in doc.sentences if s.paragraph not in captions and not (
        title is not None and s.start < title.end and title.start < s.end)]
    setting = _setting(doc, catalogue, lexicon, body[:4])
    events: list[Event] = []
    for sentence in body:
        # "During the meeting, X met Y": the meeting last reported frames the sentence; "On
        # the sidelines": the summit (or forum) last reported
        opener = _frame_opener(doc.text, sentence)
        kinds = ({"summit", "forum"} if opener is not None
                 and "sidelines" in doc.text[sentence.start:opener] else set())
        earlier = [e for e in events if e.type in _GATHERINGS and e.start is not None
                   and e.span.end <= sentence.start]
        frame = next((e for e in reversed(earlier) if e.type in kinds),
                     earlier[-1] if earlier else None)
        events.extend(find_events(doc, sentence, catalogue, lexicon, main_org, setting, frame))
    doc.events = _merge(_at_the_meeting(doc, catalogue, events))


_DATELINE = re.compile(r"\s*([A-Z][A-Z'’.-]*(?:\s[A-Z][A-Z'’.-]*)*[A-Z])"
                       r"(?=\s*(?:,|\.|—|–|--|-\s|\(|/))")


def _setting(doc: Document, catalogue: Catalogue, lexicon: Lexicon,
             lede: list[Sentence]) -> Setting:
    """The dateline's place ("RIVERTON, June 8 (Agency) --", "RIVERTON —") and the date of the
    lede's first dated reporting verb ("X said on Monday", "was announced on Thursday")."""
    text = doc.text
    place = None
    for sentence in lede:
        line_start = text.rfind("\n", 0, sentence.start) + 1
        if text[line_start:sentence.start].strip():
            continue
        lead = next((x for x in doc.mentions if x.span.start == sentence.start
                     and entity_kind(doc, catalogue, x.entity) in _PLACES), None)
        if lead is not None and re.match(r"\s*(?:,\s*[A-Z][a-z]{2,8}\.?\s*\d{1,2}\b|,?\s*\(|"
                                          r"\s*(?:—|–|--)|\s-\s)", text[lead.span.end:]):
            place = lead.entity  # "Riverton, June 8 (Agency) --", "Riverton (Agency) -"
            break
        m = _DATELINE.match(text, sentence.start)
        if m is None:
            continue
        words = m.group(1).split()
        for n in range(len(words), 0, -1):  # "RIVERTON. AGENCY -": the longest known prefix
            name = " ".join(w.capitalize() for w in words[:n]).rstrip(".")
            entries = [e for e in gz.build(catalogue, lexicon).names.get(name, [])
                       if e.kind in _PLACES]
            if len(entries) == 1:
                place = entries[0].key
                break
        if place is not None:
            break
    report = None
    verbs = _reporting(lexicon) + r"|\b(?:announced|stated|reported)\b"
    for sentence in lede:
        for span, first, last in find_dates(text, sentence.start, sentence.end,
                                            reference=doc.meta.date, lexicon=lexicon):
            before = text[max(sentence.start, span.start - 30):span.start]
            if first.precision == "day" and last is None and re.search(
                    rf"(?:{verbs})(?:\s+(?:reporters|journalists|\w+))?\s*$", before):
                report = first
                break
        if report is not None:
            break
    return Setting(place, report)


_RANK = {"day": 3, "month": 2, "year": 1}
_AT_MEETINGS = {"signing", "speech", "briefing", "launch", "event", "exhibition", "accession"}


def _at_the_meeting(doc: Document, catalogue: Catalogue, events: list[Event]) -> list[Event]:
    """"Leaders signed the declaration on Friday" in an article whose summit met on Friday in
    Riverton: what happened that day without a place of its own happened at the meeting."""
    meetings = [e for e in events if e.type in {"summit", "meeting"} and e.place and e.start
                and e.start.precision == "day"]
    out = []
    for event in events:
        # an accession is decided at a summit: "became a member in July 2024" in an article
        # whose summit met in July 2024 in Riverton was admitted there
        coarse = event.type == "accession" and event.start is not None \
            and event.start.precision == "month"
        if event.type in _AT_MEETINGS and event.place is None and event.start is not None \
                and (event.start.precision == "day" or coarse):
            day = event.start.value
            n = len(day)
            places = {m.place for m in meetings if m.start is not None
                      and (not coarse or m.type == "summit")
                      and m.start.value[:n] <= day <= (m.end or m.start).value[:n]}
            if len(places) == 1:
                place = places.pop()
                assert place is not None
                event = dataclasses.replace(
                    event, place=place,
                    label=re.sub(r" \([\d-]+\)$", "", event.label)
                    + f", {_short(doc, catalogue, place)}",
                    key=_key(doc, event.type, event.start, place, event.organizer,
                             event.ordinal, event.span.start),
                    participants=tuple(p for p in event.participants if p != place))
        out.append(event)
    return out


def _merge(events: list[Event]) -> list[Event]:
    """One event per happening in an article: mentions with the same identity merge, the
    best-dated one standing for all (stated before inferred, then the finer date)."""
    best: dict[tuple[str, str], Event] = {}
    for event in events:
        held = best.get((event.type, event.key))
        if held is None or _quality(event) > _quality(held):
            best[(event.type, event.key)] = event
    return sorted(best.values(), key=lambda e: (e.span, e.key))


def _quality(event: Event) -> tuple[int, int, int]:
    start = event.start
    rank = _RANK.get(start.precision, 0) if start else 0
    return (rank, 0 if start is None or start.inferred else 1, -event.span.start)


__all__ = ["annotate", "find_events", "Span"]
