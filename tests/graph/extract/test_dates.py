"""Temporal expressions: the pattern grammar, precision and inference from the article date."""

from __future__ import annotations

import pytest

from sco_kg.graph.extract.dates import find_dates, parse_date
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.statements.model import DateValue

LEXICON = load_lexicon()
REF = DateValue("2019-03-14", "day")


def _dates(text: str, reference: DateValue | None = REF):
    return [(s.text, a, b) for s, a, b in find_dates(text, 0, len(text), reference=reference,
                                                      lexicon=LEXICON)]


@pytest.mark.parametrize(("text", "span", "first", "last"), [
    ("The forum takes place on March 3-5, 2020 downtown.", "March 3-5, 2020",
     DateValue("2020-03-03", "day"), DateValue("2020-03-05", "day")),
    ("Signed on April 21st, 1996, the treaty", "April 21st, 1996",
     DateValue("1996-04-21", "day"), None),
    ("on October 3rd 2011 they met", "October 3rd 2011", DateValue("2011-10-03", "day"), None),
    ("Posted 2021-11-30 07:15:00", "2021-11-30 07:15:00", DateValue("2021-11-30", "day"), None),
    # a range of days with "to" / "and" before the month
    ("from 4 to 6 July 2015", "4 to 6 July 2015", DateValue("2015-07-04", "day"),
     DateValue("2015-07-06", "day")),
    ("between 4 and 6 July 2015", "4 and 6 July 2015", DateValue("2015-07-04", "day"),
     DateValue("2015-07-06", "day")),
    ("by February 2012 it had", "February 2012", DateValue("2012-02", "month"), None),
    ("In 2009, the bank opened.", "2009", DateValue("2009", "year"), None),
    ("growth up to the end of 2013", "2013", DateValue("2013", "year"), None),
    ("born in the 1980s", "the 1980s", DateValue("1980", "year"), DateValue("1989", "year")),
])
def test_dates_explicit_expressions(text, span, first, last):
    assert _dates(text) == [(span, first, last)]


@pytest.mark.parametrize(("text", "span", "first"), [
    ("The ministers met on February 2 in the capital.", "February 2",
     DateValue("2019-02-02", "day", True)),
    ("He will travel abroad on January 20.", "January 20", DateValue("2020-01-20", "day", True)),
    ("The board was convened on May 30.", "May 30", DateValue("2018-05-30", "day", True)),
    ("In February, the first fair was held.", "February", DateValue("2019-02", "month", True)),
    ("in August this year", "August this year", DateValue("2019-08", "month", True)),
    ("last year", "last year", DateValue("2018", "year", True)),
    ("They agreed 12 years ago.", "12 years ago", DateValue("2007", "year", True)),
    ("Nine years ago, it began.", "Nine years ago", DateValue("2010", "year", True)),
])
def test_dates_relative_resolve_against_the_article_date(text, span, first):
    assert _dates(text) == [(span, first, None)]


def test_dates_relative_need_a_reference():
    assert _dates("He will travel on January 20, last year.", reference=None) == []


@pytest.mark.parametrize("text", [
    "there were 1500 participants", "a rise of 19.95%", "The 21st session",
    "43% of the total", "it may 7 times", "$ 2015 spent", "1998.5 tonnes",
])
def test_dates_numbers_that_are_not_dates(text):
    assert _dates(text) == []


def test_dates_spans_are_exact_offsets():
    text = "Intro.\nThe talks ended on June 30, 2016 after the 2014 round in 2014."
    for span, _, _ in find_dates(text, 7, len(text), lexicon=LEXICON):
        assert text[span.start:span.end] == span.text


def test_dates_parse_date_whole_string():
    assert parse_date("2020-12-01 10:00:00", lexicon=LEXICON) == DateValue("2020-12-01", "day")
    assert parse_date("BEIJING, March 4 (Agency)", reference=DateValue("2021", "year"),
                      lexicon=LEXICON) == DateValue("2021-03-04", "day", True)
    assert parse_date("no date here", lexicon=LEXICON) is None


@pytest.mark.parametrize(("text", "span", "first", "last"), [
    # an abbreviation's full stop standing for the space
    ("The council will meet on Apr.8, its press office said.", "Apr.8",
     DateValue("2019-04-08", "day", True), None),
    ("Talks resume Sept.2 in the capital.", "Sept.2", DateValue("2018-09-02", "day", True), None),
    # "from June 9 to 10": a range of days; "scheduled" speaks of the future
    ("The summit scheduled from June 9 to 10 will open trade.", "June 9 to 10",
     DateValue("2019-06-09", "day", True), DateValue("2019-06-10", "day", True)),
    ("The games are planned for June 9-10.", "June 9-10",
     DateValue("2019-06-09", "day", True), DateValue("2019-06-10", "day", True)),
])
def test_dates_abbreviated_months_and_day_ranges(text, span, first, last):
    assert _dates(text) == [(span, first, last)]


@pytest.mark.parametrize(("text", "reference", "first"), [
    # a week has no XSD form: the month it lies in, or its year when it straddles two months
    ("The summit opens this week.", REF, DateValue("2019-03", "month", True)),
    ("Leaders met last week.", REF, DateValue("2019-03", "month", True)),
    ("The envoy arrives next week.", DateValue("2019-03-28", "day"),
     DateValue("2019-04", "month", True)),
    ("The envoy arrives this week.", DateValue("2019-04-30", "day"),
     DateValue("2019", "year", True)),
    ("The summit opens later this week.", REF, DateValue("2019-03", "month", True)),
    ("The summit opens this week.", DateValue("2019-03", "month"), None),
])
def test_dates_weeks_resolve_against_the_article_day(text, reference, first):
    found = [a for _s, a, _b in find_dates(text, 0, len(text), reference=reference,
                                           lexicon=LEXICON)]
    assert found == ([first] if first else [])


@pytest.mark.parametrize(("text", "found"), [
    ("The 2017 Edoras summit was short.", ["2017"]),
    ("the 2022 NU summit opened", ["2022"]),
    ("Some 2000 Delegates came.", []),
    ("2000 delegates came.", []),
])
def test_dates_attributive_year_before_a_name(text, found):
    assert [a.value for _s, a, _b in find_dates(text, 0, len(text), reference=REF,
                                                lexicon=LEXICON)] == found


# REF (2019-03-14) is a Thursday
@pytest.mark.parametrize(("text", "span", "first", "last"), [
    ("Ministers meet in Riverton on Monday and Tuesday.", "on Monday and Tuesday",
     "2019-03-18", "2019-03-19"),
    ("The envoys talked on Tuesday and Wednesday.", "on Tuesday and Wednesday",
     "2019-03-12", "2019-03-13"),
    ("The fair will run from Saturday to Monday.", "from Saturday to Monday",
     "2019-03-16", "2019-03-18"),
])
def test_dates_weekday_range(text, span, first, last):
    [(found, a, b)] = _dates(text)
    assert (found, a.value, b.value) == (span, first, last)


@pytest.mark.parametrize(("text", "value"), [
    # a present-tense verb of a scheduled happening speaks of the future
    ("Leaders meet in Riverton on Tuesday.", "2019-03-19"),
    ("The envoy arrives on Monday for talks.", "2019-03-18"),
    ("He came for a visit that includes a dinner on Wednesday.", "2019-03-20"),
    # a past verb keeps the weekday behind the article date
    ("Leaders met in Riverton on Tuesday.", "2019-03-12"),
])
def test_dates_present_tense_weekday_is_ahead(text, value):
    [(_, first, _)] = _dates(text)
    assert first.value == value


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The host welcomes the guests at the end of August.", "August", "2019-08"),
    ("Ministers gathered at the beginning of February.", "February", "2019-02"),
    ("Talks will open in the middle of May, officials say.", "May", "2019-05"),
])
def test_dates_part_of_a_month_is_the_month(text, span, value):
    [(found, first, _)] = _dates(text)
    assert (found, first.value, first.precision) == (span, value, "month")


@pytest.mark.parametrize(("text", "value"), [
    ("Posted on 16/10/2024 - 10:12", "2024-10-16"),
    ("Updated 05/05/2023", "2023-05-05"),
])
def test_dates_day_first_slashes_when_unambiguous(text, value):
    [(_, first, _)] = _dates(text)
    assert first == DateValue(value, "day")


def test_dates_ambiguous_slashes_are_no_day():
    assert [first.precision for _, first, _ in _dates("Updated 04/07/2023")] == ["year"]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("On Tuesday the ministers met again.", "On Tuesday", "2019-03-12"),
    ("Last Monday the envoy left.", "Last Monday", "2019-03-11"),
    ("On Friday and Saturday the leaders will meet in Riverton.", "On Friday and Saturday",
     "2019-03-15"),
])
def test_dates_capitalised_weekday_preposition(text, span, value):
    [(found, first, _)] = _dates(text)
    assert (found, first.value) == (span, value)


@pytest.mark.parametrize(("text", "value"), [
    # the nearest tense cue before the date counts, however far back in the sentence; a
    # future later in the sentence does not move a past date
    ("Fifty delegations signed the long charter of the new development fund in the Riverton "
     "town hall on June 29, and the fund is due to open later this year.", "2018-06-29"),
    ("Ruritania chairs the meeting of ministers on May 30.", "2019-05-30"),
    ("Ruritania takes over the chair at the summit on July 4.", "2019-07-04"),
    ("The bloc expects to admit a new member at the summit in October.", "2019-10"),
])
def test_dates_tense_of_the_clause_before_the_date(text, value):
    assert _dates(text)[0][1].value == value


@pytest.mark.parametrize(("text", "span", "value", "precision"), [
    ("The bank opened in 2004. Later that year, the fund followed.", "Later that year",
     "2004", "year"),
    ("Riverton joined in 2012. The following year it hosted the forum.", "The following year",
     "2013", "year"),
    ("The fair began in 2010; a year earlier the plan was drafted.", "a year earlier",
     "2009", "year"),
    ("His first speech was in 2013. He spoke again that September.", "that September",
     "2013-09", "month"),
    ("Trade grew in 2015 and the rebels returned in August of that year.",
     "August of that year", "2015-08", "month"),
])
def test_dates_anaphoric_year_from_the_last_stated_year(text, span, value, precision):
    found = _dates(text)[-1]
    assert (found[0], found[1].value, found[1].precision, found[1].inferred) == (
        span, value, precision, True)


@pytest.mark.parametrize(("text", "expected"), [
    # no stated year before: relative to the article date, or nothing
    ("The following year will be decisive.", [("The following year", "2020")]),
    ("That year was hard for 2000 farmers.", []),
    ("In 2010 it grew; that may change.", [("2010", "2010")]),
])
def test_dates_anaphoric_year_needs_an_antecedent(text, expected):
    found = [(s, a.value) for s, a, _ in _dates(text)]
    assert found == expected


def test_dates_anaphoric_year_after_a_full_date():
    text = "It broke up in December 1991, and on 18 February 1992 the ministers met. A year later"
    assert _dates(text)[-1][1].value == "1993"


@pytest.mark.parametrize(("text", "value"), [
    # front matter that knows the month only
    ("2018-08", DateValue("2018-08", "month")),
    (" 2015-07 ", DateValue("2015-07", "month")),
    ("2015/07", DateValue("2015-07", "month")),
])
def test_dates_parse_date_year_and_month(text, value):
    assert parse_date(text, lexicon=LEXICON) == value


MONTH_REF = DateValue("2023-07", "month")


@pytest.mark.parametrize(("text", "expected"), [
    # a month-only article date anchors what needs no day
    ("Last November, the assembly voted.", [("Last November", "2022-11")]),
    ("Zembla applied last year.", [("last year", "2022")]),
    ("They joined in September last year.", [("September last year", "2022-09")]),
    ("The fair opens in October.", [("October", "2023-10")]),
    # a weekday needs the day
    ("The accession took place on Tuesday.", []),
])
def test_dates_month_reference_resolves_what_needs_no_day(text, expected):
    assert [(s, a.value) for s, a, _ in _dates(text, reference=MONTH_REF)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # wire style: a bare weekday after a noun, before a clause word or a stop
    ("Trade was the focus of a regional summit Thursday as leaders gathered in Zenda.",
     [("Thursday", "2019-03-14")]),
    ("Envoys met Friday in the capital.", [("Friday", "2019-03-08")]),
    ("The ministers talked Wednesday.", [("Wednesday", "2019-03-13")]),
    # a weekday that names no day
    ("The market is closed every Friday.", []),
    ("Good Friday passed quietly.", []),
    ("Friday prayers were held in the square.", []),
])
def test_dates_bare_weekday_after_a_noun(text, expected):
    assert [(s, a.value) for s, a, _ in _dates(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a year between a determiner and a noun that names a happening is its date
    ("They reviewed progress since the 2009 session in Zenda.", ["2009"]),
    ("Its 2014 exercise was the largest.", ["2014"]),
    # before other nouns a number counts
    ("The 2000 delegates left.", []),
    ("Some 2000 troops took part.", []),
])
def test_dates_year_before_a_happening_noun(text, expected):
    assert [a.value for _s, a, _b in _dates(text)] == expected


@pytest.mark.parametrize(("text", "value"), [
    # a sentence-opening year is the year of its later dates without one
    ("In 2016 the ministers met in May.", "2016-05"),
    ("In 2016 the ministers met on 4 July.", "2016-07-04"),
    # an irregular past verb keeps a yearless day behind the article date
    ("Gondor became a member on 1 December, and Rohan will follow.", "2018-12-01"),
    ("Gondor came to the fair on 1 December; Rohan will come next.", "2018-12-01"),
])
def test_dates_framing_year_and_irregular_past(text, value):
    assert _dates(text)[-1][1].value == value


@pytest.mark.parametrize(("text", "expected"), [
    # a month in the possessive names that month
    ("The follow-up to July's summit is slow.", [("July", "2018-07")]),
    ("May's forum drew crowds.", [("May", "2018-05")]),
    # not a verb: no capital, no possessive
    ("it may's", []),
])
def test_dates_possessive_month(text, expected):
    assert [(s, a.value) for s, a, _ in _dates(text)] == expected
