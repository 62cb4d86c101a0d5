"""Events: triggers, dates, place, organiser, ordinal, status and cross-article keys."""

from __future__ import annotations

import pytest
from handmade_docs import CATALOGUE, make_doc

from sco_kg.graph.extract import events
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.statements.model import DateValue

LEXICON = load_lexicon()


def _events(text: str, date: str | None = "2019-03-14"):
    doc = make_doc(text, date=date)
    events.annotate(doc, CATALOGUE, LEXICON)
    return doc.events


@pytest.mark.parametrize(("text", "type_", "start"), [
    ("The 7th summit of the Northern Union took place in Edoras on May 3, 2016.", "summit",
     "2016-05-03"),
    ("Gondor and Rohan became new members in 2012.", "accession", "2012"),
    ("Founded on April 2nd, 1999, the Northern Union is young.", "founding", "1999-04-02"),
    ("Aragorn will head to Minas Tirith on April 20.", "visit", "2019-04-20"),
    ("In February, the first Trade Forum was held.", "forum", "2019-02"),
    ("Aragorn delivered a speech there on June 1, 2015.", "speech", "2015-06-01"),
    ("A treaty on fisheries signed last year enters into force.", "signing", "2018"),
    ("On March 2nd, an exhibition opened.", "exhibition", "2019-03-02"),
])
def test_events_trigger_type_and_date(text, type_, start):
    [event] = _events(text)
    assert (event.type, event.start.value) == (type_, start)
    assert text[event.span.start:event.span.end] == event.span.text


@pytest.mark.parametrize("text", [
    "We just had a meeting of ministers.",
    "On March 2nd, on the eve of the summit, a book fair opened.",
    "Leaders meet at a summit in Edoras, May 2, 2016. /VCG Photo",
])
def test_events_undated_shifted_or_captioned_are_skipped(text):
    assert [e.type for e in _events(text)] in ([], ["exhibition"])


def test_events_same_summit_gets_one_key_across_articles():
    long = ("The 9th Meeting of the Council of Heads of Member States of the Northern Union "
            "will be held in Edoras on June 9-10, 2020.")
    short = "The 9th NU summit will be held in Edoras on June 9-10."
    [a] = _events(long, "2020-05-01")
    [b] = _events(short, "2020-06-01")
    assert a.key == b.key == "union-9"  # organiser and ordinal identify a numbered meeting
    assert a.end == DateValue("2020-06-10", "day") and b.start.inferred
    assert (a.organizer, a.ordinal, a.status) == ("union", 9, "scheduled")
    assert b.organizer == "union" and b.place == "edoras"


def test_events_founding_is_keyed_by_organisation_and_keeps_precise_date():
    text = ("In 1999, the heads of state held talks which marked the establishment of the "
            "Northern Union. Established on April 2nd, 1999, the Northern Union grew.")
    founding = [e for e in _events(text) if e.type == "founding"]
    assert [(e.key, e.start.value) for e in founding] == [("union-founding", "1999-04-02")]


def test_events_past_date_is_completed():
    [event] = _events("The 3rd summit was held in Edoras on May 3, 2016.")
    assert event.status == "completed" and event.ordinal == 3


@pytest.mark.parametrize(("text", "start"), [
    # wire / feature: weekdays resolve against the article date (2019-03-14 is a Thursday)
    ("Interior ministers met in Edoras on Tuesday to discuss the border.", "2019-03-12"),
    ("The ministers, who will report to their leaders, met in Edoras on Monday.", "2019-03-11"),
    ("Leaders will meet in Minas Tirith on Monday.", "2019-03-18"),
    # op-ed / analysis: present tense after "when" speaks of the future
    ("Trade will top the agenda when leaders gather in Edoras on 3-4 July.", "2019-07-03"),
    ("They will meet in Edoras in November.", "2019-11"),
    ("The Northern Union summit will be held in Edoras on June 9-10.", "2019-06-09"),
    # "set up in", observer status and "became the Nth full member" are foundings/accessions
    ("The Northern Union was granted observer status in 2012.", "2012"),
    ("Dale became the ninth full member of the Northern Union on 4 July 2017.", "2017-07-04"),
    ("The Northern Union, set up in 2005, last met in Edoras in April 2018.", "2018-04"),
])
def test_events_weekdays_tense_and_membership_verbs(text, start):
    starts = {e.start.value for e in _events(text)}
    assert start in starts


@pytest.mark.parametrize("text", [
    "The ministers signed a plan on energy cooperation until 2030.",
    "Gondor pledged to double its grain exports by 2030.",
])
def test_events_a_horizon_year_dates_nothing(text):
    assert _events(text) == []


def test_events_date_inside_a_participial_aside_dates_the_aside() -> None:
    # the July date belongs to "speaking", not to the summit outside the aside
    assert _events("Aragorn, speaking in Edoras in July 2015, praised the summit in Rohan.") == []
    [event] = _events("Aragorn praised the summit in Rohan, held in July 2015, as a success.")
    assert event.start.value == "2015-07"
