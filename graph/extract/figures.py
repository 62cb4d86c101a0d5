"""Figures: numbers stated with what they measure, who they are about and when.

A number is a figure only when the text says what it counts or measures: a unit ("44
percent", "$ 217.6 billion", "12 times"), a counted noun ("950 terrorist attacks"), or a measure
named in its clause ("the number of tourists ... increased by 200 million"). Dates, durations,
summit ordinals and numbers inside names are not figures, nor are number words after a
determiner ("the eight member states" names a known set, it states nothing) unless the sentence
lists the set ("the six members - A, B, C, D, E and F") or gives it an owner ("its four
observers"). The ordinal of a member ("Zembla became the ninth member") is the count of members
it makes; a group's size in a compound ("the eight-nation bloc") is a count; a range ("35-40%",
"between 35 and 40 percent") is one figure, its upper value, while a move between two stated
levels ("from 4% to 9%") is two.

Figures inside an attributed claim's content are attached to that claim; every other sentence
holding a figure becomes a narration claim of the article's author (or, failing that, its
publisher), because the article asserts that figure in its own voice.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from decimal import Decimal

from ..lexicon import Lexicon, per_lexicon
from ..rdf.catalogue import Catalogue
from ..rdf.vocab import slug
from ..statements.model import Claim, DateValue, Figure, Mention, Span
from .context import caption_lines, entity_kind, main_organisation
from .dates import find_dates
from .document import Document
from .gazetteer import caseless_alternation, exact_alternation
from .lifetimes import (
    dates_a_founding,
    find_lifetimes,
    founded_in,
    names_founding,
    span_preposition,
)
from .sentences import Sentence

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PREPOSITIONS = {"between", "from", "to", "with", "in", "among", "than", "by", "for", "against",
                 "of", "within", "on", "into", "at", "and", "including", "excluding", "except",
                 "besides", "without", "like"}
_STOP = {"of", "in", "to", "that", "which", "who", "and", "or", "with", "from", "for", "by", "on",
         "at", "as", "than", "the", "a", "an", "is", "are", "was", "were", "be", "been", "have",
         "has", "had", "will", "would", "can", "could", "this", "these", "those", "its", "their",
         "it", "they", "we", "he", "she", "around", "across", "over", "under", "more", "less",
         "compared", "up", "down", "per", "each", "while", "since", "after", "before", "during"}
# After a fraction ("a third"), the words that keep it a share ("a third of", "half the
# world", "fell by half in 2019", "grew by a third last year"); any other word makes it an
# ordinal or a measure word ("a third country", "half a million").
_FRACTION_FOLLOWERS = (_STOP - {"a", "an"}) | {"his", "her", "our", "all", "again", "last",
                                              "next", "compared", "year-on-year"}
_FAMILY = {"percent": "percent", "times": "times", "count": "count"}
# A number read as a figure: start, end, value, unit, counted noun, percentage points, naming.
_Raw = tuple[int, int, str, str, str | None, bool, bool]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or r"(?!x)x"


def _caseless(words: Iterable[str]) -> str:
    """:func:`caseless_alternation`, or a pattern that matches nothing (as :func:`_alt`)."""
    return caseless_alternation(words) or r"(?!x)x"


def _number_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    return lexicon.compiled("figures.number_pattern", lambda: _build_number_pattern(lexicon))


def _build_number_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    # Prefix trees, not flat alternations: this pattern is tried at every position of every
    # sentence, and flat lists of number words under (?i:) cost half its time. The prefixes
    # are matched with case, the rest without.
    units = lexicon["units"]
    prefixes = exact_alternation(str(u["pattern"]) for u in units if u.get("position") == "prefix")
    suffixes = _caseless(str(u["pattern"]) for u in units if u.get("position") == "suffix")
    words = _caseless(str(r["pattern"]) for r in lexicon["number_words"]
                      if r.get("kind") in {"cardinal", "fraction", "multiple"})
    scales = _caseless(str(r["pattern"]) for r in lexicon["number_words"]
                       if r.get("kind") == "scale")
    ones = _caseless(str(r["pattern"]) for r in lexicon["number_words"]  # "twenty-five"
                     if r.get("kind") == "cardinal" and str(r["label"]) in set("123456789"))
    return re.compile(
        rf"(?:(?P<pre>{prefixes})\s?)?"
        rf"(?:(?:(?<![\w.,:/-])|(?<=\d-))(?P<num>{_DIGITS})"
        # a digit ends the number, or a scale or unit written onto it ("$3.2bn", "20pc")
        rf"(?:(?![\w:/]|[.,]\d)|(?=(?i:{scales}|{suffixes})(?![\w])))"
        rf"|\b(?P<word>(?i:{words}))(?:-(?P<ones>(?i:{ones})))?\b)"
        rf"(?:[\s-]?(?P<scale>(?i:{scales}))\b)?"
        rf"(?:(?:\s|-(?=[a-z]))?(?P<unit>(?i:{suffixes}))(?![\w]))?")


def _tables(lexicon: Lexicon) -> tuple[dict, dict, dict[str, str]]:
    """Units and number words by surface form, and the cue alternations (once per lexicon)."""
    return lexicon.compiled("figures.tables", lambda: _build_tables(lexicon))


def _build_tables(lexicon: Lexicon) -> tuple[dict, dict, dict[str, str]]:
    units = {str(u["pattern"]).lower(): u for u in lexicon["units"]}
    numbers = {str(r["pattern"]).lower(): r for r in lexicon["number_words"]}
    cues = {label: _alt(str(r["pattern"]) for r in lexicon["quantity_cues"] if r["label"] == label)
            for label in ("approximate", "more_than", "less_than", "change", "comparison",
                          "determiner", "average", "forecast", "respectively", "share",
                          "current_period", "possessive", "list_cue", "anaphoric",
                          "member_ordinal", "org_reference", "range_from", "plural")}
    cues["group_part"] = "|".join(
        rf"\b{re.escape(str(r['pattern']))}$" for r in lexicon["quantity_cues"]
        if r["label"] == "group_part") or r"(?!x)x"
    cues["ordinal"] = _alt(str(r["pattern"]) for r in lexicon["number_words"]
                           if r.get("kind") == "ordinal")
    cues["compound"] = _alt(str(r["pattern"])[1:] for r in lexicon["measures"]
                            if str(r["pattern"]).startswith("-"))
    cues["frames_clause_measures"] = "|".join(  # keys, matched whole
        str(r["pattern"]) for r in lexicon["quantity_cues"] if r["label"] == "frames_clause")
    return units, numbers, cues


def find_figures(doc: Document, sentence: Sentence, catalogue: Catalogue, lexicon: Lexicon,
                 main_org: str | None = None) -> list[Figure]:
    """The figures one sentence states, left to right."""
    text = doc.text
    flat = text.replace("’", "'").replace("‘", "'")
    dates = find_dates(text, sentence.start, sentence.end, reference=doc.meta.date,
                       lexicon=lexicon)
    units, numbers, cues = _tables(lexicon)
    raw: list[_Raw] = []
    for m in _number_pattern(lexicon).finditer(text, sentence.start, sentence.end):
        if not (m["num"] or m["word"]) or any(d.start < m.end() and m.start() < d.end
                                               for d, _, _ in dates):
            continue
        item = _read(m, text, flat, units, numbers, cues, sentence)
        if item is not None:
            raw = _joined_range(raw, item, flat, cues, sentence)
    ordinals = _member_ordinals(sentence, flat, numbers, cues, raw, dates)
    raw = sorted(raw + ordinals)
    figures: list[Figure] = []
    listed = re.search(rf"\b(?i:{cues['respectively']})\b", flat[sentence.start:sentence.end])
    for i, (start, end, value, unit, noun, points, naming) in enumerate(raw):
        clause_start = max(raw[i - 1][1] if i else sentence.start,
                           text.rfind(";", sentence.start, start) + 1)
        next_start = raw[i + 1][0] if i + 1 < len(raw) else sentence.end
        stop = re.compile(r"[;,]").search(text, end, next_start)
        clause_end = stop.start() if stop else next_start
        measure = _measure(flat, lexicon, unit, noun, start, end, clause_start, clause_end,
                           sentence)
        if measure is None:
            continue
        before = flat[max(sentence.start, start - 40):start]
        qualifier = next((q for q in ("approximate", "more_than", "less_than")
                          if re.search(rf"\b(?i:{cues[q]})\s*$", before)), "exact")
        kind = "ratio" if unit == "times" else (
            "change" if points or re.search(rf"\b(?i:{cues['change']})\s*$", before)
            else "level")
        if kind == "change" and re.search(r"\b(?i:made|make|makes|making)\s+up\s*$", before):
            kind = "level"  # "made up 7.5 percent of": a share, not a rise
        period = _period(dates, flat, cues["comparison"], start, end, lexicon)
        current = re.search(rf"(?i:{cues['current_period']})", flat[sentence.start:sentence.end])
        if (period is None and current and doc.meta.date is not None
                and doc.meta.date.value[:4].isdigit()):
            period = DateValue(doc.meta.date.value[:4], "year", inferred=True)
        if not naming:  # "would join the six members": the verb's mood is not the count's
            measure = _modified(measure, flat, cues, max(clause_start, start - 100), start,
                                end, clause_end, points, period, doc.meta.date)
        # "farm imports made up 7.5 percent of the total": a part of an unnamed whole
        share = (re.search(rf"\b(?i:{cues['share']})\s*$", before) is not None
                 and re.match(r"\s+of\s+(?:the|its|their)\s+total\s*(?:[.,;]|$)",
                              flat[end:sentence.end]) is not None)
        if (start, end) in {(o[0], o[1]) for o in ordinals} or (
                unit == "count" and noun is not None
                and re.search(rf"(?i:{cues['group_part']})", noun.replace("’", "'"))):
            # a count of members: the organisation they belong to ("its four observers")
            subject = _group_of(doc, catalogue, sentence, start, end) or main_org
        elif listed:
            subject = None  # "A, B and C accounted for 5, 9 and 19 percent respectively"
        else:
            subject = _subject(doc, catalogue, clause_start, start, None, sentence)
            if subject is None and figures and figures[-1].subject is not None:
                subject = figures[-1].subject  # "X's exports rose 15% to $150 billion"
            if subject is None and not share:
                subject = main_org
        figures.append(Figure(
            value=value, unit=unit, measure=measure[0], measure_label=measure[1],
            span=doc.span(start, end), subject=subject, period=period,
            qualifier=qualifier, kind=kind))
    figures += _lifetime_figures(doc, sentence, catalogue, lexicon, main_org, figures)
    return sorted(figures, key=lambda f: f.span)


def _joined_range(raw: list[_Raw], item: _Raw, flat: str, cues,
                  sentence: Sentence) -> list[_Raw]:
    """``raw`` with ``item`` added, as one figure with the number before it when the two are a
    range ("35-40%", "between 35 and 40 percent", "from 10 to 25 percent"): its value is the
    upper one, its span covers both. Two levels each stated with a unit ("from 4% to 9%")
    stay two figures."""
    start = item[0]
    joins = r"(?:-|–|\bto\b|\band\b)"
    if raw:
        previous = raw[-1]
        gap = re.fullmatch(rf"\s?(?P<join>{joins})\s?", flat[previous[1]:start])
        opened = re.search(rf"\b(?i:{cues['range_from']})\s+\S?$",
                           flat[max(sentence.start, previous[0] - 20):previous[0] + 1])
        if gap is not None and previous[3] == item[3] and (opened or gap["join"] in "-–"):
            return raw[:-1] + [(previous[0], *item[1:])]  # "from 4% to 9%"
    window = max(sentence.start, start - 40)
    bare = re.search(rf"(?:\b(?P<from>(?i:{cues['range_from']}))\s+)?(?<![\w.,:/-])"
                     rf"(?P<lo>{_DIGITS})\s?(?P<join>{joins})\s?$", flat[window:start])
    if (bare is not None and (bare["join"] != "and" or bare["from"])
            and not any(a < start and window + bare.start("lo") < b for a, b, *_ in raw)):
        return raw + [(window + bare.start("lo"), *item[1:])]  # "35-40%"
    return raw + [item]


def _member_ordinals(sentence: Sentence, flat: str, numbers, cues, raw: list[_Raw],
                     dates) -> list[_Raw]:
    """Members' ordinals as counts: "Zembla became the ninth full member of the bloc" states
    that the bloc has nine members. Not "the second member to ratify" (a rank in some other
    sequence) nor a summit's ordinal."""
    found: list[_Raw] = []
    pattern = re.compile(
        rf"\b(?:the|its|their|[A-Z][\w.-]*'s)\s+(?P<ord>\d{{1,3}}(?:st|nd|rd|th)|(?i:{cues['ordinal']}))"
        rf"\s+(?P<noun>(?i:{cues['member_ordinal']}))\b(?![\w-])")
    for m in pattern.finditer(flat, sentence.start, sentence.end):
        if any(a < m.end() and m.start("ord") < b for a, b, *_ in raw) or any(
                d.start < m.end() and m.start("ord") < d.end for d, _, _ in dates):
            continue
        if re.match(r"(?:\s+of\s+[^,;.]{0,60}?)?\s+to\s+[a-z]", flat[m.end():sentence.end]):
            continue  # "the second member to ratify the treaty"
        digits = re.match(r"\d+", m["ord"])
        value = int(digits.group(0) if digits else str(numbers[m["ord"].lower()]["label"]))
        if value <= 1:
            continue
        found.append((m.start("ord"), m.end(), str(value), "count", "members", False, False))
    return found


def _lifetime_figures(doc: Document, sentence: Sentence, catalogue: Catalogue, lexicon: Lexicon,
                      main_org: str | None, found: list[Figure]) -> list[Figure]:
    """An organisation's age as the sentence states it ("over 18 years of its existence").

    The organisation is the one with a founding date the sentence names, else the article's
    main organisation. A span that only counts years ("the past 17 years", "17 years ago") is
    its age when the number is the years from its founding to the article's date (give or take
    one) and the sentence names the organisation, refers to it ("it", "the bloc") or names no
    other state or organisation: otherwise it is some other span of time ("over the past 20
    years, trade between A and B grew"), not a figure.
    """
    lifetimes = find_lifetimes(doc, sentence, lexicon)
    if not lifetimes:
        return []
    founded = founded_in(doc, sentence, catalogue)
    named = bool(founded)
    if not founded and main_org is not None:
        entry = catalogue.get(main_org)
        if entry is not None and entry.founded:
            founded = {main_org: entry.founded}
    if len(founded) != 1:
        return []
    (subject, founding), = founded.items()
    date = doc.meta.date
    year = int(date.value[:4]) if date is not None and date.value[:4].isdigit() else None
    _, _, cues = _tables(lexicon)
    flat = doc.text.replace("’", "'")
    others = any(sentence.start <= m.span.start < sentence.end
                 and entity_kind(doc, catalogue, m.entity) in {"state", "igo"}
                 for m in doc.mentions)
    referred = named or not others or re.search(rf"\b(?i:{cues['org_reference']})\b",
                                                flat[sentence.start:sentence.end]) is not None
    figures = []
    for lifetime in lifetimes:
        if any(f.span.start < lifetime.end and lifetime.start < f.span.end for f in found):
            continue
        agrees = year is not None and abs(year - int(founding[:4]) - lifetime.years) <= 1
        if not (lifetime.explicit or (agrees and referred)):
            continue
        if not lifetime.explicit and lifetime.needs_founding and not names_founding(
                sentence.text, lexicon):
            continue
        before = span_preposition(flat[max(sentence.start, lifetime.start - 40):lifetime.start],
                                  lexicon)
        qualifier = next((q for q in ("approximate", "more_than", "less_than")
                          if re.search(rf"\b(?i:{cues[q]})\s*$", before)), "exact")
        figures.append(Figure(
            value=str(lifetime.years), unit="years", measure="age",
            measure_label="age (years since founding)",
            span=doc.span(lifetime.start, lifetime.end), subject=subject,
            period=DateValue(str(year), "year", inferred=True) if year is not None else None,
            qualifier=qualifier, kind="level"))
    return figures


def _read(m: re.Match[str], text: str, flat: str, units, numbers, cues,
          sentence: Sentence) -> _Raw | None:
    """(start, end, value, unit, counted noun, percentage points, naming) for a number match,
    or None if not a figure. ``naming``: the count sits in a noun phrase that names a set ("the
    six members - A, ...", "its four observers", "the eight-nation bloc", "three of the
    biggest ports"), so the clause's verb does not qualify it."""
    unit_row = units.get((m["unit"] or "").lower()) or units.get((m["pre"] or "").lower())
    if unit_row is not None and unit_row.get("ignore"):
        return None
    unit = str(unit_row["label"]) if unit_row is not None else "count"
    scale = Decimal(str(numbers[m["scale"].lower()]["label"])) if m["scale"] else Decimal(1)
    end = m.end()
    deferred = partitive = False
    if m["word"]:
        row = numbers[m["word"].lower()]
        value = Decimal(str(row["label"]))
        if m["ones"]:
            if not (row.get("kind") == "cardinal" and 20 <= value < 100 and value % 10 == 0):
                return None  # "one-two", "five-six": not a compound number
            value += Decimal(str(numbers[m["ones"].lower()]["label"]))
        if row.get("kind") == "fraction":
            previous = re.search(r"(\w+)\W*$", text[sentence.start:m.start("word")])
            if previous and previous.group(1).lower() in tuple(row.get("not_after", ())):
                return None  # "the first half of the year"
            following = re.match(r"(-\w)?\s*([A-Za-z]+)?", text[m.end("word"):m.end("word") + 30])
            if following is not None and following.group(1):
                return None  # "a fifth-anniversary summit", "half-hearted": part of a compound
            if (following is not None and following.group(2)
                    and following.group(2).lower() not in _FRACTION_FOLLOWERS):
                return None  # "a third country", "half a million": an ordinal or a measure word
            unit, value = "percent", value * 100
        elif row.get("kind") == "multiple":
            if not re.match(r"\s+(?:the|as|that|of)\b", text[m.end("word"):m.end("word") + 6]):
                return None  # "a double-landlocked country", "to double its trade"
            unit = "times"
        else:
            verdict = _counting_word(m, text, flat, cues, sentence)
            if verdict == "no":
                return None
            deferred = verdict == "determiner"
        if row.get("kind") == "cardinal" and value <= 1 and not m["scale"]:
            return None
    else:
        value = Decimal(m["num"].replace(",", ""))
        if unit_row is None and re.search(r"\d-$", text[sentence.start:m.start("num")]):
            return None  # "2017-18 fiscal years": a range's end is read only with its unit
    noun = None
    if unit == "count" and m["num"] and _after_a_name(text, sentence, m.start("num")):
        return None  # "the Power of Siberia 2 pipeline": a number inside a name
    if unit == "count":
        compound = re.match(rf"-(?i:{cues['compound']})(?![\w-])", text[end:end + 20])
        if compound is not None:
            # "the eight-nation bloc": a group's size, a figure whatever comes before it
            return (m.start("num") if m["num"] else m.start("word"), end + compound.end(),
                    format(value.normalize(), "f"), "count", compound.group(0), False, True)
        noun_match = _counted_noun(text, end, set(numbers), cues["plural"])
        partitive = re.match(r"\s+of\b", text[end:end + 5]) is not None
        if deferred and not (noun_match is not None
                             and _owned_or_listed(flat, cues, sentence, m.start("word"),
                                                  noun_match)):
            return None  # "the eight member states agreed": a known set, named not counted
        if noun_match is not None:
            noun, noun_end = noun_match
            first = noun.split()[0].lower()
            if first in units and units[first].get("ignore"):
                return None
            if re.match(r"\s*[–—:]", text[noun_end:noun_end + 3]):
                return None  # "five states – A, B and C": the count only introduces a list
            if (m["num"] and not m["scale"] and 1000 <= value <= 2100 and "." not in m["num"]
                    and not noun.endswith("s")):
                return None  # "the 2018 summit": a year used as an adjective
            end = noun_end
        elif not m["scale"] and not m["word"]:
            # A bare number is a figure only with a scale word or in a "number of" clause.
            if not re.search(r"\bnumber of\b", flat[sentence.start:m.start()], re.IGNORECASE):
                return None
    start = m.start("pre") if m["pre"] else m.start("num") if m["num"] else m.start("word")
    number = format((value * scale).normalize(), "f")
    points = bool(unit_row is not None and unit_row.get("points"))
    return start, end, number, unit, noun, points, deferred or partitive


def _modified(measure: tuple[str, str], flat: str, cues: dict[str, str], lo: int, start: int,
              end: int, clause_end: int, points: bool, period: DateValue | None,
              published: DateValue | None) -> tuple[str, str]:
    """The measure as the sentence qualifies it: a multi-year average ("the average growth
    rate ... was 4.84%"), a forecast ("will reach 40%", a period after the article's date) and
    a difference in percentage points are measures of their own, never compared with an
    annual, observed or plain percentage."""
    key, label = measure
    window = flat[lo:start]
    if (re.search(rf"\b(?i:{cues['average']})\b", window)
            or re.match(r"\s*(?i:on average|a year on average)\b", flat[end:clause_end])):
        key, label = "average-" + key, "average " + label
    later = (period is not None and published is not None
             and period.value[:4].isdigit() and published.value[:4].isdigit()
             and int(period.value[:4]) > int(published.value[:4]))
    if later or re.search(rf"\b(?i:{cues['forecast']})\b", window):
        key, label = "forecast-" + key, "forecast of " + label
    if points:
        key, label = key + "-percentage-points", label + " (percentage points)"
    return key, label


def _after_a_name(text: str, sentence: Sentence, start: int) -> bool:
    """A number right after a capitalised word that does not open the sentence."""
    before = text[sentence.start:start]
    words = before.split()
    return (len(words) >= 2 and before.endswith(" ") and words[-1].isalpha()
            and words[-1][0].isupper())


def _counting_word(m: re.Match[str], text: str, flat: str, cues,
                   sentence: Sentence) -> str:
    """Whether a number word counts something: "yes", "no" (part of a name, or after "these"),
    or "determiner" (after a determiner: a figure only if ``_owned_or_listed``)."""
    word = m["word"]
    before = text[sentence.start:m.start("word")]
    if word[0].isupper() and before.strip():
        return "no"  # "the Big Three": a capitalised number word mid-sentence is a name
    flat_before = flat[sentence.start:m.start("word")]
    if re.search(rf"\b(?i:{cues['anaphoric']})\s+(?:other\s+)?$", flat_before):
        return "no"  # "these five states": a set counted before
    if re.search(rf"\b(?i:{cues['determiner']})\s*[\"“']?$", flat_before) or re.search(
            r"\b[A-Z][\w.-]*'s\s+(?:other\s+)?$", flat_before):
        return "determiner"
    previous = re.search(r"(\S+)\s*$", before)
    if (previous and previous.group(1)[:1].isupper() and previous.group(1).isalpha()
            and before[:previous.start()].strip()):
        return "no"  # "Northern eight": a number word after a name (not a sentence's first
        # word, "Over a hundred delegates") is part of it
    return "yes"


def _owned_or_listed(flat: str, cues, sentence: Sentence, start: int,
                     noun: tuple[str, int]) -> bool:
    """After a determiner, a count is a figure when the sentence lists the set right after it
    ("the six members of the club - A, B, C, D, E and F", "the three other observers are A,
    B and C") or gives it an owner ("its four observer nations", "Zembla's six members")."""
    words, end = noun
    owner = re.search(rf"(?:\b(?i:{cues['possessive']})|\b[A-Z][\w.-]*'s)\s+(?:other\s+)?$",
                      flat[sentence.start:start])
    if owner is not None and re.search(rf"(?i:{cues['group_part']})", words.replace("’", "'")):
        return True
    name = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"
    listed = re.match(
        rf"(?:\s+of\s+(?:the\s+)?(?:[\w'.-]+\s+){{0,3}}?[\w'.-]+)?"  # "of the Shanghai club"
        rf"(?:\s*[-–—:(]\s*|,?\s+(?i:{cues['list_cue']})\s+)(?:the\s+)?"
        rf"{name}(?:\s*,\s*(?:and\s+)?{name})*(?:,?\s+and\s+{name})",
        flat[end:min(sentence.end, end + 300)])
    return listed is not None


def _counted_noun(text: str, end: int, numbers: set[str] | frozenset[str] = frozenset(),
                  plural: str = r"(?!x)x") -> tuple[str, int] | None:
    """Up to three words after a number, ending at the first plural ("nuclear powers",
    "people": ``quantity_cues`` ``plural`` lists plurals without an s), or
    after "of the" ("three of the world's biggest ports": the noun is "biggest ports")."""
    partitive = re.match(r"\s+of\s+(?:the|its|their|our)\s+(?:[A-Za-z][\w-]*['’]s\s+)?",
                         text[end:end + 40])
    if partitive is not None:
        inner = _counted_noun(text, end + partitive.end() - 1, plural=plural)
        if (inner is None or not inner[0].lower().endswith("s")
                or any(w.lower() in numbers for w in inner[0].split())):
            return None
        return inner
    words: list[tuple[str, int]] = []
    position = end
    for w in re.finditer(r"\s+([A-Za-z][\w'’-]*)", text[end:end + 80]):
        if w.start() != position - end:
            break
        token = w.group(1)
        if token.lower() in _STOP or (token[0].isupper() and not words and False):
            break
        words.append((token, end + w.end()))
        position = end + w.end()
        if token.lower().endswith("s") or len(words) == 3:
            break
        if re.fullmatch(rf"(?i:{plural})", token):
            head = re.match(r"\s+([a-z][\w-]*s)\b", text[position:position + 30])
            if head is None or head.group(1) in _STOP:
                break  # "people live there"; but "police officers" goes on to its head
    while words and words[-1][0][0].isupper():
        words.pop()  # a counted noun ends in a common noun, not a name
    if not words:
        return None
    return " ".join(w for w, _ in words), words[-1][1]


@dataclasses.dataclass(frozen=True)
class _MeasureRow:
    label: str
    name: str
    pattern: str
    lower: str
    ends: re.Pattern[str]  # a noun ending in the measure's name
    word: re.Pattern[str]  # the measure's name as a word


@per_lexicon
def _measure_rows(lexicon: Lexicon, family: str) -> tuple[_MeasureRow, ...]:
    """The ``measures`` rows for a unit family, in lexicon order, their patterns compiled."""
    rows = [r for r in lexicon["measures"] if family in tuple(r.get("units", ()))]  # type: ignore[arg-type]
    return tuple(_MeasureRow(str(r["label"]), str(r["name"]), str(r["pattern"]),
                             str(r["pattern"]).lower(),
                             re.compile(rf"\b{re.escape(str(r['pattern']))}$", re.IGNORECASE),
                             re.compile(rf"\b{re.escape(str(r['pattern']))}\b", re.IGNORECASE))
                 for r in rows)


def _measure(flat: str, lexicon: Lexicon, unit: str, noun: str | None, start: int, end: int,
             clause_start: int, clause_end: int, sentence: Sentence) -> tuple[str, str] | None:
    family = _FAMILY.get(unit, "currency" if unit.isupper() else unit)
    rows = _measure_rows(lexicon, family)
    if noun is not None and noun.startswith("-"):  # "eight-nation": the compound's own row
        row = next((r for r in rows if r.lower == noun.lower()), None)
        return (row.label, row.name) if row is not None else None
    if noun is not None:
        plain = noun.replace("’", "'")
        for row in sorted(rows, key=lambda r: -len(r.pattern)):
            if row.ends.search(plain):
                return row.label, row.name
        return "number-of-" + slug(noun), "number of " + noun.lower()
    number_of = re.search(r"\bnumber of (?:the )?((?:[a-z-]+ ){0,2}?[a-z-]+s)\b",
                          flat[clause_start:start])
    if family == "count" and number_of:
        return _measure(flat, lexicon, unit, number_of.group(1), start, end, clause_start,
                        clause_end, sentence)
    follows_of = re.match(r"\s*of\b", flat[end:clause_end])
    for lo, hi in ((clause_start, clause_end), (sentence.start, sentence.end)):
        # Beyond the clause, an earlier figure's measure carries over ("exports rose 15% to
        # $150 billion"), so names before the figure rank first there.
        wide = lo == sentence.start and (lo, hi) != (clause_start, clause_end)
        if wide and follows_of and family == "percent":
            break  # "62 per cent of Eurasia, 41 per cent of the world's population": the
            # figure names its own whole, another clause's measure is not its
        best = None
        window = flat[lo:hi].lower()
        for row in rows:
            if row.lower not in window:
                continue  # cheap test first: most measures are not named in the clause
            for hit in row.word.finditer(flat[lo:hi]):
                s, e = lo + hit.start(), lo + hit.end()
                if s < end and e > start:
                    continue
                after = s >= end
                distance = (s - end) if after else (start - e)
                tier = 0 if after and follows_of else 2 if after and wide else 1
                rank = (tier, distance, -len(row.pattern))
                if best is None or rank < best[0]:
                    best = (rank, row)
        if best is not None:
            return best[1].label, best[1].name
    # A sum of money, a percentage, a length or a weight is a figure even when its measure is
    # unnamed ("the 523-km railway").
    return {"currency": ("amount", "amount of money"), "percent": ("percentage", "percentage"),
            "km": ("length", "length"), "mi": ("length", "length"), "km2": ("area", "area"),
            "mi2": ("area", "area"), "tonne": ("weight", "weight"),
            "times": ("multiple", "multiple")}.get(family)


def _subject(doc: Document, catalogue: Catalogue, clause_start: int, start: int,
             main_org: str | None, sentence: Sentence | None = None) -> str | None:
    """What the figure is about: a state or organisation named with a possessive before it
    in its clause and after the last comma ("India's trade ... grew by 12 percent"), else the
    nearest one named before it in its clause, else ``main_org``. Names after a preposition
    ("trade between X and Y", "not including X") and names in an aside closed before the figure
    ("members - the observers are X and Y - cover half the Earth") are skipped."""
    if sentence is not None:
        comma = doc.text.rfind(",", clause_start, start)
        owner = _possessor(doc, catalogue, max(clause_start, comma + 1), start)
        if owner is not None:
            return owner
    asides = _asides(doc.text, sentence.start if sentence is not None else clause_start, start)
    best: Mention | None = None
    for mention in doc.mentions:
        if not (clause_start <= mention.span.start and mention.span.end <= start):
            continue
        if entity_kind(doc, catalogue, mention.entity) not in {"state", "igo"}:
            continue
        if any(a < mention.span.start and mention.span.end <= b for a, b in asides):
            continue
        previous = re.search(r"([A-Za-z]+)\s+(?:(?:the|a|an)\s+)?$",
                             doc.text[max(0, mention.span.start - 30):mention.span.start])
        if previous and previous.group(1).lower() in _PREPOSITIONS:
            continue
        if best is None or mention.span.start > best.span.start:
            best = mention
    return best.entity if best is not None else main_org


def _group_of(doc: Document, catalogue: Catalogue, sentence: Sentence, start: int,
              end: int) -> str | None:
    """The organisation a member's ordinal counts the members of: the first one named after
    it in the sentence ("the ninth member of the bloc"), else the last one named before it."""
    groups = [m for m in doc.mentions if sentence.start <= m.span.start < sentence.end
              and entity_kind(doc, catalogue, m.entity) == "igo"]
    after = [m for m in groups if m.span.start >= end]
    if after:
        return min(after, key=lambda m: m.span.start).entity
    before = [m for m in groups if m.span.end <= start]
    return max(before, key=lambda m: m.span.start).entity if before else None


def _asides(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The asides in ``text[lo:hi]`` closed before ``hi``: between paired dashes or in
    parentheses."""
    dashes = [m.start() for m in re.finditer(r"\s[-–—]\s|—", text[lo:hi])]
    spans = [(lo + a, lo + b) for a, b in zip(dashes[::2], dashes[1::2], strict=False)]
    spans += [(lo + m.start(), lo + m.end()) for m in re.finditer(r"\([^()]*\)", text[lo:hi])]
    return spans


def _possessor(doc: Document, catalogue: Catalogue, lo: int, hi: int) -> str | None:
    """The last state or organisation in ``text[lo:hi]`` named with a possessive ("China's
    exports"), when no other figure's words stand between it and ``hi``."""
    best: Mention | None = None
    for mention in doc.mentions:
        if not (lo <= mention.span.start and mention.span.end <= hi):
            continue
        if doc.text[mention.span.end:mention.span.end + 2] not in {"'s", "’s"}:
            continue
        if entity_kind(doc, catalogue, mention.entity) not in {"state", "igo"}:
            continue
        if best is None or mention.span.start > best.span.start:
            best = mention
    return best.entity if best is not None else None


def _quoted(text: str, sentence: Sentence, span: Span) -> bool:
    """Whether ``span`` sits inside quote marks opened in its sentence or before it."""
    before = text[:span.start]
    line_start = before.rfind("\n") + 1
    opened = before[line_start:]
    curly = opened.count("“") > opened.count("”")
    straight = opened.count('"') % 2 == 1
    return curly or straight


def _period(dates, flat: str, comparison: str, start: int, end: int,
            lexicon: Lexicon) -> DateValue | None:
    """The date nearest the figure, unless it is the base of a comparison ("than in 2001") or
    a founding date ("Founded in 2001, the bloc now has eight members")."""
    best = None
    for span, first, _last in dates:
        before = flat[max(0, span.start - 25):span.start]
        if dates_a_founding(before, lexicon):
            continue
        if re.search(rf"\b(?i:{comparison})\s+(?:(?i:in|on|at|during|of)\s+)?$", before):
            continue  # "ten times more than in 2001": the base of a comparison
        distance = span.start - end if span.start >= end else start - span.end
        if best is None or distance < best[0]:
            best = (distance, first)
    return best[1] if best else None


def annotate(doc: Document, catalogue: Catalogue, lexicon: Lexicon) -> None:
    """Find figures, attach them to the claims holding them, narrate the rest."""
    main_org = main_organisation(doc, catalogue)
    captions = caption_lines(doc, lexicon)
    title = doc.meta.title.span if doc.meta.title and doc.meta.title.span else None
    claims = list(doc.claims)
    attached: dict[int, list[Figure]] = {}
    narrated: list[tuple[Sentence, list[Figure]]] = []
    asides: list[tuple[Span, Figure]] = []
    for sentence in doc.sentences:
        if sentence.paragraph in captions:
            continue
        if title is not None and sentence.start < title.end and title.start < sentence.end:
            continue
        figures = find_figures(doc, sentence, catalogue, lexicon, main_org)
        doc.figures.extend(figures)
        loose = []
        for figure in figures:
            holders = [i for i, c in enumerate(claims)
                       if c.content.start <= figure.span.start and figure.span.end <= c.content.end]
            if holders:
                innermost = min(holders, key=lambda i: claims[i].content.end
                                - claims[i].content.start)
                aside = _writers_aside(doc, claims[innermost], figure)
                if aside is not None:
                    asides.append((aside, figure))
                else:
                    attached.setdefault(innermost, []).append(figure)
            elif not _quoted(doc.text, sentence, figure.span):
                loose.append(figure)  # a quoted figure is someone's speech, not narration
        if loose and not _unnamed_source(doc, sentence, lexicon) and not _asks(sentence):
            narrated.append((sentence, loose))
    for index, figures in attached.items():
        claims[index] = dataclasses.replace(
            claims[index], figures=tuple(claims[index].figures) + tuple(figures))
    claimant = doc.meta.author or doc.meta.publisher
    own_voice = []
    for sentence, figures in narrated:
        source = _running_source(doc, claims, sentence)
        if source is not None:
            # "According to the ministry, trade reached $2 billion. Exports rose 15%.": data that
            # runs on with no new attribution stays with its source
            claims.append(dataclasses.replace(
                source, mode="indirect", content=doc.span(sentence.start, sentence.end),
                about=(), figures=tuple(figures), reported_by=None, confidence=0.7, part=""))
        else:
            own_voice.append((sentence, figures))
    if own_voice and claimant is None:
        # the article's own figures still count; nobody can be named as their claimant
        doc.warnings.append(f"{doc.stem}: {len(own_voice)} sentence(s) state figures but the "
                            "article names no author or publisher; their claims have no "
                            "claimant")
    for sentence, figures in own_voice:
        claims.append(Claim(claimant=claimant.value if claimant is not None else "",
                            mode="narration", content=doc.span(sentence.start, sentence.end),
                            figures=tuple(figures), confidence=0.8))
    for aside, figure in asides:
        claims.append(Claim(claimant=claimant.value if claimant is not None else "",
                            mode="narration", content=aside, figures=(figure,), confidence=0.8))
    doc.claims = claims


def _writers_aside(doc: Document, claim: Claim, figure: Figure) -> Span | None:
    """The aside between dashes of reported speech that holds ``figure``, if any: "X called on
    the members - the three other observers are A, B and C - to share water" reports X's call,
    but the aside is the writer's, and so are its figures."""
    if claim.mode != "indirect":
        return None
    content = claim.content
    text = doc.text[content.start:content.end]
    for match in re.finditer(r"\s[-–—]\s([^-–—\"“”]+?)\s[-–—]\s", text):
        start, end = content.start + match.start(1), content.start + match.end(1)
        if start <= figure.span.start and figure.span.end <= end:
            return doc.span(start, end)
    return None


def _running_source(doc: Document, claims: list[Claim], sentence: Sentence) -> Claim | None:
    """The attributed claim stating figures that ends the sentence before ``sentence`` in its
    paragraph, if any: the source the unattributed figures of ``sentence`` run on from."""
    index = sentence.index
    if index == 0 or doc.sentences[index - 1].paragraph != sentence.paragraph:
        return None
    before = doc.sentences[index - 1]
    found = [c for c in claims if c.mode != "narration" and c.figures
             and before.start <= c.content.end <= before.end
             and c.content.end >= before.end - 2]
    return min(found, key=lambda c: (c.content.start, c.claimant)) if found else None


def frames_clause(doc: Document, figure: Figure, lexicon: Lexicon) -> bool:
    """Whether a figure frames its clause rather than being what the clause asserts: an
    organisation's age (``quantity_cues`` ``frames_clause`` measures) or a count inside a noun
    phrase that names a set ("leaders of the six member states - A, ... - will sign", "its four
    observers", "the eight-nation bloc", "the ninth member"), or a share added after a comma
    to what the clause asserts ("the bloc includes the largest economies, accounting for a
    third of global GDP"): the rest of the clause is an assertion of its own."""
    _, _, cues = _tables(lexicon)
    if figure.measure in cues["frames_clause_measures"].split("|"):
        return True
    flat = doc.text.replace("’", "'")
    before = flat[max(0, figure.span.start - 30):figure.span.start]
    if re.search(rf",\s+(?i:{cues['share']})\s+(?:(?i:{cues['approximate']}|{cues['more_than']}"
                 rf"|{cues['less_than']})\s+)?$", before):
        return True
    if figure.unit != "count":
        return False
    return (re.search(rf"(?:\b(?i:{cues['determiner']})|\b[A-Z][\w.-]*'s)\s*$", before)
            is not None
            or re.search(rf"-(?i:{cues['compound']})$", figure.span.text) is not None)


def _unnamed_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    return lexicon.compiled("figures.unnamed", lambda: _build_unnamed_pattern(lexicon))


def _build_unnamed_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    unnamed = _alt(r["pattern"] for r in lexicon["speaker_cues"] if r["label"] == "unnamed")
    verbs = _alt(r["pattern"] for r in lexicon["reporting_verbs"]
                 if r.get("form") != "participle" and " " not in str(r["pattern"]))
    return re.compile(rf"\b(?i:{unnamed})\s+(?:have\s+|had\s+)?(?:{verbs})\b"
                      rf"|\b(?:{verbs})\s+(?:[\w-]+\s+)?(?i:{unnamed})\b")


def _asks(sentence: Sentence) -> bool:
    """A question states nothing, figures or not."""
    return sentence.text.rstrip().rstrip("”\"’*_)").endswith("?")


def _unnamed_source(doc: Document, sentence: Sentence, lexicon: Lexicon) -> bool:
    """"..., officials said.": the figures are someone's word, but nobody named (rule 8)."""
    return _unnamed_pattern(lexicon).search(sentence.text) is not None


__all__ = ["annotate", "find_figures", "frames_clause", "Span"]
