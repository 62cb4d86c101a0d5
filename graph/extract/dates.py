"""Temporal expressions, normalised at the precision the text gives (a TIMEX-like grammar).

Why a grammar of our own: general date parsers read "43% of the" as 1943 and give "2017" day
precision. Here a match is made only by an explicit pattern, and each pattern says its own
precision: "June 9-10, 2018" is two days, "May 2018" a month, "in 2017" a year. Month names,
number words and cue words (tense, "last year", "ago", the prepositions that make a bare
four-digit number a year) come from the lexicons ``months``, ``number_words`` and
``temporal_cues``.

Whatever is not stated is taken from ``reference`` (the article date) and marked ``inferred``:
a date without a year takes the reference year, moved forward when the sentence speaks of the
future ("will head to ... on June 12") and back when it speaks of the past.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..lexicon import Lexicon, per_lexicon
from ..statements.model import DateValue, Span
from .gazetteer import caseless_alternation, exact_alternation

DateMatch = tuple[Span, DateValue, DateValue | None]

_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]|20)\d\d"
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _Grammar:
    months: dict[str, str]
    numbers: dict[str, int]
    cues: dict[str, list[tuple[str, int]]]
    iso: re.Pattern[str]
    numeric: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    month_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    poss_month: re.Pattern[str]
    decade: re.Pattern[str]
    ago: re.Pattern[str]
    relative: re.Pattern[str]
    year: re.Pattern[str]
    future: re.Pattern[str] | None
    weekday: re.Pattern[str]
    present: re.Pattern[str] | None
    anaphoric: re.Pattern[str]
    wire_weekday: re.Pattern[str]
    weekday_next: re.Pattern[str]
    dated_noun: re.Pattern[str]


def _weekdays(cues: dict[str, list[tuple[str, int]]], label: str) -> str:
    """The ``label`` cues as a case-sensitive alternation (the weekday patterns)."""
    return _cased_alternation(p for p, _ in cues.get(label, ()))


def _alternation(words: Iterable[str]) -> str:
    """The words as an alternation for the IGNORECASE patterns below ("" for none): a prefix
    tree, since these patterns are tried at every position of every sentence."""
    return caseless_alternation(words)


def _cased_alternation(words: Iterable[str]) -> str:
    """The words as an alternation for a case-sensitive pattern (weekdays: "may" is no May)."""
    return exact_alternation(words)


@per_lexicon
def _grammar(lexicon: Lexicon) -> _Grammar:
    months = {str(r["pattern"]).lower(): str(r["label"]) for r in lexicon["months"]}
    numbers = {str(r["pattern"]).lower(): int(str(r["label"]))
               for r in lexicon["number_words"] if r.get("kind") == "cardinal"}
    cues: dict[str, list[tuple[str, int]]] = {}
    for row in lexicon["temporal_cues"]:
        cues.setdefault(str(row["label"]), []).append(
            (str(row["pattern"]), int(str(row.get("offset", 0)))))
    month = rf"(?P<month>{_alternation(p for p in months)})\.?" if months else r"(?!x)x"
    relative = [p for label in ("relative_year", "relative_month", "relative_week", "relative_day")
                for p, _ in cues.get(label, ())]
    ago_words = _alternation(p for p, _ in cues.get("years_ago", ())) or r"(?!x)x"
    count = rf"\d{{1,3}}|{_alternation(numbers)}" if numbers else r"\d{1,3}"
    context = _alternation(p for p, _ in cues.get("year_context", ())) or r"(?!x)x"
    future = _alternation(p for p, _ in cues.get("future", ()))
    rel_year = _alternation(p for p, _ in cues.get("relative_year", ())) or r"(?!x)x"
    present = _alternation(p for p, _ in cues.get("present_event", ()))
    flags = re.IGNORECASE
    return _Grammar(
        months=months,
        numbers=numbers,
        cues=cues,
        # "11.04.2024" (day.month.year, as European and Russian outlets print it), "2024/04/11"
        numeric=re.compile(rf"(?<![\d.])(?:(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<year>{_YEAR})"
                           rf"|(?P<year2>{_YEAR})/(?P<m2>[01]\d)/(?P<d2>[0-3]\d)"
                           # "05/05/2023", "16/10/2024": day first only where no month-first
                           # reading exists (the day is over 12 or equals the month)
                           rf"|(?P<d3>[0-3]\d)/(?P<m3>[01]\d)/(?P<year3>{_YEAR}))(?![\d.]\d)"),
        iso=re.compile(rf"\b(?P<year>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
                       r"(?:[T ]\d\d:\d\d(?::\d\d)?)?(?!\d)"),
        # "June 9-10, 2018", "June 15th, 2001", "September 12th 2014", "June 8"
        # "Apr.8" (an abbreviation's full stop may stand for the space), "from June 9 to 10"
        month_day=re.compile(rf"\b{month}(?:(?<=\.)\s*|\s+)(?P<d1>[0-3]?\d){_ORD}"
                             rf"(?:(?:\s*[-–]\s*|\s+(?:to|and)\s+)(?P<d2>[0-3]?\d){_ORD})?(?![\d%])"
                             rf"(?:,?\s+(?P<year>{_YEAR})(?!\d))?", flags),
        # "9-10 June 2018", "15 June"
        # "from 3 to 5 May", "between 4 and 6 June": a range of days
        day_month=re.compile(rf"\b(?P<d1>[0-3]?\d){_ORD}(?:(?:\s*[-–]\s*|\s+(?:to|and|until|"
                             rf"through)\s+)(?P<d2>[0-3]?\d){_ORD})?"
                             rf"\s+(?:of\s+)?{month}(?:,?\s+(?P<year>{_YEAR})(?!\d))?", flags),
        month_year=re.compile(rf"\b{month},?\s+(?:of\s+)?(?P<year>{_YEAR})(?!\d)", flags),
        # "in May", "In May this year", "last May": a bare month needs a preposition.
        # "at the end of August", "the beginning of May": a part of a month is that month
        bare_month=re.compile(rf"\b(?P<prep>in|since|by|until|during|early|late|mid-?|"
                              rf"last|next|this|(?:end|start|beginning|middle)\s+of)"
                              rf"\s+(?:early\s+|late\s+|mid-?)?{month}\b"
                              rf"(?:\s+(?P<rel>{rel_year}))?", flags),
        # "July's summit": a month in the possessive names that month
        poss_month=re.compile(rf"\b(?P<prep>)(?=[A-Z]){month}(?=['’]s\s)(?P<rel>(?!x)x)?", flags),
        decade=re.compile(r"\b(?:the\s+)?(?P<year>(?:1[6-9]|20)\d0)'?s\b", flags),
        ago=re.compile(rf"\b(?P<n>{count})\s+years?\s+(?P<dir>{ago_words})\b", flags),
        relative=re.compile(rf"\b(?:{_alternation(relative)})\b" if relative else r"(?!x)x",
                            flags),
        year=re.compile(rf"(?:\b(?P<ctx>{context})\s+)?(?<![\d.,$€£¥-])\b(?P<year>{_YEAR})\b"
                        r"(?![.,]\d|[-–]\d|\s*%)(?P<after>\s*[A-Za-z])?", flags),
        future=re.compile(rf"\b(?:{future})\b", flags) if future else None,
        # "on Thursday", "last Monday", "Wednesday's talks": only with a day-precise reference
        weekday=re.compile(rf"\b(?:(?P<prep>(?i:on|last|next|this|since|by|until|from))\s+)?"
                           rf"(?P<day>{_weekdays(cues, 'weekday')})"
                           rf"(?P<poss>['’]s)?\b"
                           # "on Wednesday and Thursday", "from Monday to Wednesday": a range
                           rf"(?:\s+(?:and|to|through|-|–)\s+"
                           rf"(?P<day2>{_weekdays(cues, 'weekday')})\b)?"
                           if cues.get("weekday") else r"(?!x)x"),
        present=re.compile(rf"\b(?:{present})\b", flags) if present else None,
        # "that year", "the following year", "a year later", "that September", "August of
        # that year": dated from the year the text last stated
        anaphoric=re.compile(
            rf"\b(?:(?P<same>(?:(?:later|earlier)\s+)?(?:that|the\s+same)\s+year)"
            rf"|(?P<next>the\s+(?:following|next)\s+year|the\s+year\s+after|a\s+year\s+later)"
            rf"|(?P<prev>the\s+(?:previous|preceding)\s+year|the\s+year\s+before|"
            rf"a\s+year\s+earlier)"
            rf"|(?:that|the\s+same)\s+{month}(?!\s+\d)"
            rf"|(?P<month2>{_alternation(months)})\s+of\s+(?:that|the\s+same)\s+year)\b"
            if months else r"(?!x)x", flags),
        # "a regional summit Thursday as leaders gathered": a wire's bare weekday after a
        # lower-case word, before a clause word or a stop ("every Friday", "Good Friday" and
        # "Friday prayers" are none)
        wire_weekday=re.compile(
            rf"(?<![\w'’-])(?!(?:{_weekdays(cues, 'not_before_weekday')})"
            rf"\s)[a-z][\w'’-]*\s+$"
            if cues.get("not_before_weekday") else r"(?!x)x"),
        weekday_next=re.compile(
            rf"\s*(?:[,.;:)]|$|(?:{_weekdays(cues, 'after_weekday')})\b)"
            if cues.get("after_weekday") else r"(?!x)x"),
        # "the 2006 session in Riverton", "its 2014 exercise": a year before a noun that
        # names a happening is its date (before other nouns a number counts: "2000 troops")
        dated_noun=re.compile(
            rf"(?:{_alternation(p for p, _ in cues.get('dated_noun', ()))})\b"
            if cues.get("dated_noun") else r"(?!x)x", flags),
    )


def find_dates(text: str, start: int = 0, end: int | None = None, *,
               reference: DateValue | None = None, lexicon: Lexicon) -> list[DateMatch]:
    """Temporal expressions in ``text[start:end]`` (see :func:`_find_dates`).

    Memoised: the date, event, figure and relation steps all read the same sentences.
    """
    return list(_find_dates(text, start, end, reference, lexicon))


# The one memo left in extraction that is keyed by text: several steps scan the same
# sentences of the same article for dates. It is bounded, holds only immutable values, and is
# keyed by the lexicon as well, so a different lexicon never sees another's answer.
@functools.lru_cache(maxsize=1024)
def _find_dates(text: str, start: int, end: int | None, reference: DateValue | None,
                lexicon: Lexicon) -> tuple[DateMatch, ...]:
    return tuple(_scan_dates(text, start, end, reference=reference, lexicon=lexicon))


def _scan_dates(text: str, start: int = 0, end: int | None = None, *,
                reference: DateValue | None = None, lexicon: Lexicon) -> list[DateMatch]:
    """Temporal expressions in ``text[start:end]``, left to right, without overlaps.

    Args:
        text: the whole article (spans are offsets into it).
        start: where to begin looking, e.g. a sentence start.
        end: where to stop; the window is also what tense cues are read from.
        reference: the article date, for dates without a year and for relative expressions.
        lexicon: supplies ``months``, ``number_words`` and ``temporal_cues``.

    Returns:
        ``(span, start, end)`` triples; ``end`` is set for ranges ("June 9-10", "the 1990s").
    """
    end = len(text) if end is None else end
    g = _grammar(lexicon)
    future = bool(g.future and g.future.search(text, start, end))
    found: list[tuple[int, int, DateValue, DateValue | None]] = []
    taken: list[tuple[int, int]] = []

    def add(s: int, e: int, first: DateValue | None, last: DateValue | None = None) -> None:
        if first is None or any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        found.append((s, e, first, last))

    # iso, numeric, month_day, day_month, month_year, decade and year each take at least one
    # digit, so in a window without one (most sentences) they find nothing: skip the scans
    digit = _DIGIT.search(text, start, end) is not None

    def with_digit(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return pattern.finditer(text, start, end) if digit else iter(())

    for m in with_digit(g.iso):
        add(m.start(), m.end(), _day(m["year"], m["m"], m["d"]))
    for m in with_digit(g.numeric):
        if m["year"]:
            add(m.start(), m.end(), _day(m["year"], m["m"], m["d"]))
        elif m["year2"]:
            add(m.start(), m.end(), _day(m["year2"], m["m2"], m["d2"]))
        elif int(m["d3"]) > 12 or m["d3"] == m["m3"]:
            add(m.start(), m.end(), _day(m["year3"], m["m3"], m["d3"]))
    for m in g.anaphoric.finditer(text, start, end):
        antecedent = _antecedent_year(g, text, m.start())
        if antecedent is None:
            continue
        month = m["month"] or m["month2"]
        if month:
            if month[0].islower():
                continue  # "that may": a verb
            value = f"{antecedent:04d}-{g.months[month.lower()]}"
            add(m.start(), m.end(), DateValue(value, "month", True))
        else:
            shift = 1 if m["next"] else -1 if m["prev"] else 0
            add(m.start(), m.end(), DateValue(f"{antecedent + shift:04d}", "year", True))
    for pattern in (g.month_day, g.day_month):
        for m in with_digit(pattern):
            month = g.months[m["month"].lower()]
            if m["year"]:
                year, inferred = m["year"], False
            else:
                if _mid_word_may(m, text) or (pattern is g.day_month
                                              and not m["month"][0].isupper()):
                    continue
                framing = _framing_year(text, start, m.start())
                year_or_none = str(framing) if framing is not None else _infer_year(
                    month, int(m["d1"]), reference,
                    _local_future(text, start, m.start(), future, g.present))
                if year_or_none is None:
                    continue
                year, inferred = year_or_none, True
            first = _day(year, month, m["d1"], inferred)
            last = _day(year, month, m["d2"], inferred) if m["d2"] else None
            add(m.start(), m.end(), first, last)
    for m in with_digit(g.month_year):
        add(m.start("month"), m.end(), DateValue(f"{m['year']}-{g.months[m['month'].lower()]}",
                                                 "month"))
    for m in [*g.bare_month.finditer(text, start, end), *g.poss_month.finditer(text, start, end)]:
        _bare_month(g, m, text, reference,
                    _local_future(text, start, m.start(), future, g.present), add,
                    _framing_year(text, start, m.start()))
    for m in with_digit(g.decade):
        decade = int(m["year"])
        add(m.start(), m.end(), DateValue(str(decade), "year"), DateValue(str(decade + 9), "year"))
    if reference is not None:
        for m in g.ago.finditer(text, start, end):
            n = m["n"].lower()
            years = int(n) if n.isdigit() else g.numbers.get(n)
            sign = dict((p.lower(), o) for p, o in g.cues.get("years_ago", ()))[m["dir"].lower()]
            if years is not None:
                add(m.start(), m.end(),
                    DateValue(str(int(reference.value[:4]) + sign * years), "year", True))
        for m in g.relative.finditer(text, start, end):
            add(m.start(), m.end(), _relative(g, m.group().lower(), reference))
    if reference is not None and reference.precision == "day":
        for m in g.weekday.finditer(text, start, end):
            # "said Friday", "met Tuesday": a weekday right after a past verb, as wires write
            before = text[max(start, m.start() - 20):m.start()]
            bare = re.search(r"\b(?:said|says|told|met|\w{2,}ed)\s+$", before) is not None
            wire = g.wire_weekday.search(before) is not None \
                and g.weekday_next.match(text[m.end():end]) is not None
            if m["prep"] or m["poss"] or ((bare or wire) and m["day"][:1].isupper()):
                first = _weekday(g, m, reference, _local_future(text, start, m.start(), future,
                                                                g.present))
                add(m.start(), m.end(), first, _weekday_after(g, m["day2"], first))
    for m in with_digit(g.year):
        if m["ctx"] is None and m["after"] is not None and not (
                m["after"].strip().isupper()
                and re.search(r"\b[Tt]he\s+$", text[max(start, m.start() - 5):m.start()])
                ) and not _dated_noun(g, text, m, start):
            continue  # "2000 delegates": a count; "the 2017 Riverton summit" is a year
        add(m.start("year"), m.end("year"), DateValue(m["year"], "year"))
    found.sort(key=lambda f: f[0])
    return [(Span(s, e, text[s:e]), first, last) for s, e, first, last in found]


def _dated_noun(g: _Grammar, text: str, m: re.Match[str], start: int) -> bool:
    """"the 2006 session", "its 2014 exercise": a year between a determiner and a noun that
    names a happening."""
    return re.search(r"\b(?:the|its|their|his|her|a|an|this|that|last|next)\s+$",
                     text[max(start, m.start("year") - 7):m.start("year")],
                     re.IGNORECASE) is not None \
        and g.dated_noun.match(text, m.end("year") + len(m["after"]) - 1) is not None


_ANTECEDENT_CHARS = 600  # how far back "that year" looks for the year it points to


def _antecedent_year(g: _Grammar, text: str, at: int) -> int | None:
    """The year the text last stated before ``at`` ("In 2004 ... later that year"), within
    a few sentences; a count ("2000 delegates") is no year."""
    found = None
    for m in g.year.finditer(text, max(0, at - _ANTECEDENT_CHARS), at):
        before = text[max(0, m.start("year") - 12):m.start("year")].lower()
        dated = re.search(r"([a-z]+)\.?,?\s+$", before)  # "18 February 1992 the ..."
        if m["ctx"] is None and m["after"] is not None and not (
                dated and dated.group(1) in g.months):
            continue
        found = int(m["year"])
    return found


# A whole string "2018-08" or "2018/08": year and month, as front matter gives an undated copy
_YEAR_MONTH = re.compile(rf"(?P<year>{_YEAR})[-/](?P<m>0[1-9]|1[0-2])")


def parse_date(s: str, *, reference: DateValue | None = None,
               lexicon: Lexicon) -> DateValue | None:
    """The date that ``s`` as a whole states ("2024-07-06 18:54:00", "June 8, 2018"), or None.

    Front matter and datelines use this; a string holding other words besides the date
    ("RIVERTON, June 8 (Agency)") still parses when the date is the only one in it.
    """
    month = _YEAR_MONTH.fullmatch(s.strip())
    if month:  # "2018-08": a front matter that knows the month only (not a range "2011-12")
        return DateValue(f"{month['year']}-{month['m']}", "month")
    matches = find_dates(s, 0, len(s), reference=reference, lexicon=lexicon)
    if len(matches) != 1:
        return matches[0][1] if matches and len(s.strip()) == len(matches[0][0].text) else None
    return matches[0][1]


def _day(year: str, month: str, day: str, inferred: bool = False) -> DateValue | None:
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12 or not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return DateValue(f"{y:04d}-{m:02d}-{d:02d}", "day", inferred)


def _mid_word_may(m: re.Match[str], text: str) -> bool:
    """"may 5" is a verb followed by a number more often than a date: require a capital."""
    return m["month"].lower() == "may" and not m["month"][0].isupper()


def _infer_year(month: str, day: int, reference: DateValue | None,
                future: bool) -> str | None:
    if reference is None:
        return None
    year = int(reference.value[:4])
    if reference.precision == "year":
        return str(year)
    ref_key = reference.value[5:10] if reference.precision == "day" else reference.value[5:7]
    key = f"{month}-{day:02d}" if reference.precision == "day" else month
    if future and key < ref_key:
        year += 1
    elif not future and key > ref_key and reference.precision == "day":
        # A past event dated after the article: last year's. Only with a precise reference.
        year -= 1
    return str(year)


def _bare_month(g: _Grammar, m: re.Match[str], text: str, reference: DateValue | None,
                future: bool, add, framing: int | None = None) -> None:  # noqa: ANN001
    if m["month"].lower() == "may" and not m["month"][0].isupper():
        return
    prep = m["prep"].lower()
    if framing is not None and not m["rel"] and prep not in {"last", "next", "this"}:
        # "In 2023 the ministers met in May": the year the sentence set
        month = g.months[m["month"].lower()]
        add(m.start("month"), m.end(), DateValue(f"{framing:04d}-{month}", "month", True))
        return
    if reference is None:
        return
    month = g.months[m["month"].lower()]
    year = int(reference.value[:4])
    ref_month = reference.value[5:7] if reference.precision != "year" else None
    if m["rel"]:
        offsets = dict((p.lower(), o) for p, o in g.cues.get("relative_year", ()))
        year += offsets.get(re.sub(r"\s+", " ", m["rel"].lower()), 0)
    elif ref_month is None:
        pass
    elif prep == "last":
        year -= month >= ref_month
    elif prep == "next":
        year += month <= ref_month
    elif future and month < ref_month:
        year += 1
    elif not future and month > ref_month:
        year -= 1
    start = m.start("month") if prep not in {"last", "next", "this"} else m.start()
    add(start, m.end(), DateValue(f"{year:04d}-{month}", "month", True))


_FRAMING_YEAR = re.compile(rf"[\s\"“‘'(]*(?:(?:And|But|Then|Later|Earlier),?\s+)?In\s+"
                           rf"(?P<year>{_YEAR})\b(?![.,]\d|[-–]\d|\s*%)")


def _framing_year(text: str, start: int, at: int) -> int | None:
    """"In 2023 it held the chair: ministers met in May": the year that opens the sentence is
    the year of a later date without one (not a year inside a list: "X in 2018, Y in May")."""
    m = _FRAMING_YEAR.match(text, start, at)
    return int(m["year"]) if m and start < at else None


def _relative(g: _Grammar, phrase: str, reference: DateValue) -> DateValue | None:
    phrase = re.sub(r"\s+", " ", phrase)
    for label, precision in (("relative_year", "year"), ("relative_month", "month"),
                             ("relative_day", "day"), ("relative_week", "week")):
        offsets = {p.lower(): o for p, o in g.cues.get(label, ())}
        if phrase not in offsets:
            continue
        offset = offsets[phrase]
        year = int(reference.value[:4])
        if precision == "year":
            return DateValue(str(year + offset), "year", True)
        if reference.precision == "year":
            return None
        month = int(reference.value[5:7]) + offset
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        if precision == "month":
            return DateValue(f"{year:04d}-{month:02d}", "month", True)
        if reference.precision != "day":
            return None
        if precision == "week":
            return _week(offset, reference)
        day = dt.date.fromisoformat(reference.value) + dt.timedelta(days=offset)
        return DateValue(day.isoformat(), "day", True)
    return None


def _week(offset: int, reference: DateValue) -> DateValue | None:
    """"this week", "last week": a week has no XSD form, so the month it lies in (or the
    year, when it straddles two months); the text gives no finer date."""
    if reference.precision != "day":
        return None
    ref = dt.date.fromisoformat(reference.value)
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=offset)
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return DateValue(f"{monday.year:04d}-{monday.month:02d}", "month", True)
    if monday.year == sunday.year:
        return DateValue(f"{monday.year:04d}", "year", True)
    return None


def _weekday(g: _Grammar, m: re.Match[str], reference: DateValue,
             future: bool) -> DateValue:
    """The named weekday nearest the article date: on or before it for the past, on or after
    it for the future ("next" / "last" force the direction)."""
    target = dict(g.cues["weekday"])[m["day"]]
    ref = dt.date.fromisoformat(reference.value)
    prep = (m["prep"] or "").lower()
    forward = prep == "next" or (future and prep != "last")
    delta = (target - ref.weekday()) % 7 if forward else -((ref.weekday() - target) % 7)
    if prep == "last" and delta == 0:
        delta = -7
    return DateValue((ref + dt.timedelta(days=delta)).isoformat(), "day", True)


_FUTURE_CUE = re.compile(r"\b(?:will|shall|"
                         r"(?:is|are)\s+(?:(?:set|due|expected|scheduled|slated)\s+)?to|"
                         r"next|upcoming|coming|when|to\s+be\s+held|scheduled|slated|planned|"
                         r"before|ahead\s+of)\b",
                         re.IGNORECASE)
# "scheduled", "slated", "planned": participles that look past but announce the future
_PAST_CUE = re.compile(r"(?<!\bbe\s)\b(?!(?:scheduled|slated|planned)\b)"
                       r"(?:met|was|were|held|had|began|took|gave|said|told|became|came|made|"
                       r"left|went|won|saw|ran|rose|fell|grew|spoke|wrote|broke|led|brought|"
                       r"sought|fought|sent|\w{3,}ed)\b",
                       re.IGNORECASE)


def _weekday_after(g: _Grammar, day: str | None, first: DateValue) -> DateValue | None:
    """The end of a weekday range ("on Wednesday and Thursday"): the named day on or after
    the first (within a week)."""
    if not day:
        return None
    target = dict(g.cues["weekday"])[day]
    start = dt.date.fromisoformat(first.value)
    end = start + dt.timedelta(days=(target - start.weekday()) % 7)
    return DateValue(end.isoformat(), "day", True) if end != start else None


def _local_future(text: str, start: int, at: int, default: bool,
                  present: re.Pattern[str] | None = None) -> bool:
    """The tense of the clause a date sits in: the last tense cue before it, within its
    sentence ("... will be discussed when ministers met on Thursday" is past); the sentence's
    tense (``default``) only when no cue precedes it. A present-tense
    verb of a scheduled happening ("leaders meet in X on Wednesday", "a visit that includes
    talks on Tuesday") speaks of the future, as news writes it."""
    window = text[start:at]  # the nearest cue before the date, anywhere in its sentence
    future = [m.end() for m in _FUTURE_CUE.finditer(window)]
    if present is not None:
        future += [m.end() for m in present.finditer(window)]
    past = [m.end() for m in _PAST_CUE.finditer(window)]
    if not future and not past:
        return default
    return max(future, default=-1) > max(past, default=-1)
