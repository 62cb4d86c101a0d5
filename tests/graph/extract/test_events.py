"""Events: triggers, dates, place, organiser, ordinal, status and cross-article keys."""

from __future__ import annotations

import pytest
from handmade_docs import CATALOGUE, make_doc

from sco_kg.graph.extract import events
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.rdf.catalogue import Catalogue, CatalogueEntry, CatalogueEvent
from sco_kg.graph.statements.model import DateValue, Mention

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
    # people named only by their office meet on a weekday, no place in the phrase
    ("Five trade ministers from member states of the Northern Union met on Tuesday.",
     "2019-03-12"),
    ("Heads of state of the union will meet next Monday to sign the charter.", "2019-03-18"),
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


# --- timeline events: dates from the event's own clause, places from its own phrase ---------

CALENDAR = Catalogue(CATALOGUE.entries, events=(
    CatalogueEvent("union-summit-9", "9th Northern Union summit", "union", 9, "edoras",
                   "2019-03-15", "2019-03-16"),
    CatalogueEvent("union-summit-8", "8th Northern Union summit", "union", 8, "minas",
                   "2018-06-09", "2018-06-10"),
))


def _calendar_events(text: str, date: str | None = "2019-03-14"):
    doc = make_doc(text, date=date)
    events.annotate(doc, CALENDAR, LEXICON)
    return doc.events


@pytest.mark.parametrize(("text", "type_", "start", "end"), [
    # 2019-03-14 is a Thursday; relative expressions resolve against it and are inferred
    ("Ministers of Gondor and Rohan met in Edoras on Thursday.", "meeting", "2019-03-14", None),
    ("The trade fair opened in Edoras last month.", "exhibition", "2019-02", None),
    ("The 3rd summit of the Northern Union took place in Edoras last year.", "summit", "2018",
     None),
    ("Edoras will host a meeting of the Council of Elders on Apr.8, officials said.", "meeting",
     "2019-04-08", None),
    ("Aragorn will chair the 4th Northern Union Summit scheduled from June 9 to 10 in Edoras.",
     "summit", "2019-06-09", "2019-06-10"),
    ("A forum of Gondor and Rohan will be held in Edoras this week.", "forum", "2019-03", None),
])
def test_events_relative_dates_resolve_against_the_article_date(text, type_, start, end):
    [event] = _events(text)
    assert (event.type, event.start.value) == (type_, start)
    assert (event.end.value if event.end else None) == end
    assert event.start.inferred


@pytest.mark.parametrize("text", [
    "The summit in Edoras was a success.",
    "Aragorn spoke at a press conference in Edoras.",
    "Ministers will meet in Edoras to discuss trade.",
])
def test_events_without_a_date_in_the_text_are_not_dated_by_the_article(text):
    assert list(_events(text)) == []


@pytest.mark.parametrize(("text", "wanted"), [
    ("In 2010, Gondor joined the Northern Union; in 2015, the 5th summit was held in Edoras.",
     {"accession": "2010", "summit": "2015"}),
    ("In 2008, after the invasion of Rohan, Gondor protested; in 2014, the annexation of Dale "
     "followed.", {"invasion of Rohan": "2008", "annexation of Dale": "2014"}),
])
def test_events_take_the_date_of_their_own_clause(text, wanted):
    found = {e.span.text: e.start.value for e in _events(text)}
    found.update({e.type: e.start.value for e in _events(text)})
    assert {k: found.get(k) for k in wanted} == wanted


@pytest.mark.parametrize(("text", "type_", "place"), [
    ("Ministers met in Edoras on Tuesday, ahead of the summit in Minas Tirith.", "meeting",
     "edoras"),
    ("Edoras will host a meeting of the Council of Elders on Apr.8.", "meeting", "edoras"),
    ("The summit, to be held 15-16 September in the ancient city of Edoras, will open trade.",
     "summit", "edoras"),
    ("In 2016, after the invasion of Rohan, the envoys left Minas Tirith.", "conflict", "rohan"),
    ("The Edoras summit ended early in 2016.", "summit", "edoras"),
    ("The talks were hosted by Gondor in Edoras on May 3, 2016.", "meeting", "edoras"),
])
def test_events_place_comes_from_the_events_own_phrase(text, type_, place):
    [event] = [e for e in _events(text) if e.type == type_]
    assert event.place == place


def test_events_place_is_not_taken_from_a_war_the_sentence_mentions():
    text = "The summit was held on May 3, 2016, weeks after fighting broke out in Rohan."
    [event] = _events(text)
    assert event.place is None


@pytest.mark.parametrize("text", [
    "The presidency held 30 ministerial meetings in 2018.",
    "Gondor hosted dozens of forums in 2018.",
    "More than 200 exhibitions took place in 2018.",
    "Over the year 2018, some twelve summits were held.",
])
def test_events_counts_are_figures_not_events(text):
    assert list(_events(text)) == []


@pytest.mark.parametrize(("text", "type_", "start", "place"), [
    ("EDORAS, March 14 (Gazette) -- Aragorn said on Thursday that trade grew.\n"
     "Aragorn said at a press briefing that the union is strong.", "briefing", "2019-03-14",
     "edoras"),
    ("EDORAS — Aragorn said on Thursday that trade grew.\n"
     "Aragorn told reporters at a news conference in Minas Tirith that talks went well.",
     "briefing", "2019-03-14", "minas"),
    ("Aragorn announced on Tuesday that trade grew.\n"
     "He was speaking at the 4th Edoras Investment Fair.", "exhibition", "2019-03-12",
     "edoras"),
])
def test_events_occasion_of_speech_takes_the_ledes_reporting_date(text, type_, start, place):
    [event] = [e for e in _events(text) if e.type == type_]
    assert (event.start.value, event.place) == (start, place)
    assert event.start.inferred


@pytest.mark.parametrize(("text", "label"), [
    ("The 9th NU summit will be held in Edoras on June 9-10, 2020.",
     "9th Northern Union summit, Edoras"),
    ("Gondor and Rohan became new members in 2012.", "Accession of Gondor and Rohan (2012)"),
    ("A treaty on fisheries signed last year enters into force.",
     "Signing of A treaty on fisheries (2018)"),
    ("Aragorn delivered a speech there on June 1, 2015.", "Speech by Aragorn (2015-06-01)"),
    ("On March 2nd, an exhibition opened.", "Exhibition (2019-03-02)"),
    ("Founded on April 2nd, 1999, the Northern Union is young.", "Founding of the Northern Union"),
    ("Gondor signed the Edoras Accord on May 3, 2016.",
     "Signing of the Edoras Accord (2016-05-03)"),
    ("Aragorn said at a press briefing on Thursday that trade grew.",
     "Press briefing by Aragorn (2019-03-14)"),
    ("Since assuming the rotating presidency in July 2018, Gondor has held many Northern Union "
     "events.",
     "Gondor takes over the Northern Union presidency (2018-07)"),
    ("The foreign ministers' meeting of the Northern Union was held in Edoras on May 3, 2016.",
     "Foreign ministers' meeting of the Northern Union, Edoras"),
    ("The Edoras Economic Forum opened on May 3, 2016.", "Edoras Economic Forum"),
    ("Northern Union defence ministers held a meeting in Edoras on May 3, 2016.",
     "Northern Union defence ministers meeting, Edoras"),
    ("The envoy had a meeting with King Aragorn in Edoras on May 3, 2016.",
     "Meeting with Aragorn, Edoras"),
    ("In 2011, the Northern Union issued a landmark text, namely the Charter on Shared Rivers "
     "and Fisheries.", "Signing of the Charter on Shared Rivers and Fisheries (2011)"),
    ("Three years ago, the Northern Union outlined a strategy for river trade.",
     "Northern Union adopts a strategy for river trade (2016)"),
    ("In 2015, the ministers approved the new roadmap on customs.",
     "Adoption of the new roadmap on customs (2015)"),
])
def test_events_titles_name_the_event(text, label):
    doc = make_doc(text)
    events.annotate(doc, CATALOGUE, LEXICON)
    assert [e.label for e in doc.events if e.type != "visit"][:1] == [label]


def test_events_summit_meeting_that_marks_a_founding_is_the_founding():
    text = "In 1999, the heads of state had a summit meeting which marked the establishment of "
    text += "the Northern Union."
    assert [e.type for e in _events(text)] == ["founding"]


def test_events_one_event_per_happening_within_an_article():
    text = ("The 5th summit of the Northern Union was held in Edoras in 2016. "
            "Leaders met at the 5th summit of the Northern Union on May 3, 2016.")
    [summit] = [e for e in _events(text) if e.type == "summit"]
    assert summit.start.value == "2016-05-03"


@pytest.mark.parametrize(("text", "start", "end", "place"), [
    # a coarse date the calendar refines: the week of 2019-03-14 holds the 9th summit
    ("The Northern Union summit will be held in Edoras this week.", "2019-03-15", "2019-03-16",
     "edoras"),
    # a day inside the calendar's days: the summit's own start and end (future: this year);
    # the day the text gives is one of them, and the strict scorer reads both
    ("Leaders will meet at the Northern Union summit in Edoras on March 16.", "2019-03-15",
     "2019-03-16", "edoras"),
    # the ordinal names it; the text names the host state, the calendar the city
    ("The 8th Northern Union summit in Gondor opened on June 9, 2018 in Minas Tirith.",
     "2018-06-09", "2018-06-10", "minas"),
])
def test_events_summit_is_linked_to_the_calendar(text, start, end, place):
    [summit] = [e for e in _calendar_events(text) if e.type == "summit"]
    assert (summit.start.value, summit.end.value if summit.end else None) == (start, end)
    assert summit.place == place and summit.key.startswith("union-")


def test_events_another_organisations_summit_is_not_put_on_the_calendar():
    [summit] = _calendar_events("The first Women's summit was held in Edoras this week.")
    assert summit.ordinal is None and summit.start.value == "2019-03"


def test_events_calendar_place_not_named_by_the_article_is_left_out():
    [summit] = _calendar_events("The Northern Union summit will be held in Gondor this week.")
    assert summit.place == "gondor" and summit.label == "9th Northern Union summit, Edoras"


def test_events_every_seed_event_title_names_the_event():
    """The timeline's titles on the seed graph: no bare trigger word ("signed", "was launched",
    "summit meeting"), none lower-case, and the seed's founding once."""
    from pathlib import Path

    from sco_kg.graph.articles.reading import read_article
    from sco_kg.graph.extract import extract
    from sco_kg.graph.rdf.catalogue import load_catalogue

    catalogue = load_catalogue()
    seeds = Path(__file__).resolve().parents[3] / "seeds"
    trigger = events._any_trigger(LEXICON)
    titles = []
    for path in sorted(seeds.glob("*.txt")):
        article = read_article(path)
        result = extract(article.text, stem=article.stem, catalogue=catalogue, lexicon=LEXICON,
                         front_matter=article.front_matter, body_start=article.body_start)
        titles += [e.label for e in result.events]
        assert len([e for e in result.events if e.type == "founding"]) <= 1
        assert not any(e.type == "summit" and e.start and e.start.value.startswith("2001")
                       for e in result.events if any(f.type == "founding" for f in result.events))
    assert titles
    bare = [t for t in titles if trigger.fullmatch(t) or not (t[:1].isupper() or t[:1].isdigit())]
    assert bare == [], titles


@pytest.mark.parametrize(("text", "type_", "start"), [
    ("The Northern Union was launched in 1999 by five states.", "founding", "1999"),
    ("The Northern Union came into being in 1999.", "founding", "1999"),
    ("The Union's Council of Foreign Ministers convenes in Edoras on May 3, 2016.", "meeting",
     "2016-05-03"),
    ("The Northern Union summit opened Tuesday in Edoras.", "summit", "2019-03-12"),
])
def test_events_more_trigger_shapes(text, type_, start):
    assert [(e.type, e.start.value) for e in _events(text)][:1] == [(type_, start)]


def test_events_a_since_date_bounds_time_and_dates_nothing():
    assert list(_events("On his first visit to Gondor since 2012, Aragorn spoke.")) == []


def test_events_a_date_past_another_trigger_and_a_comma_is_that_triggers():
    text = ("The envoy held meetings with officials, praising Gondor after its accession to the "
            "Northern Union in 2012.")
    assert [e.type for e in _events(text)] == ["accession"]


def test_events_coordinated_triggers_share_their_date():
    text = "Aragorn will attend the Northern Union summit and hold talks in Edoras on June 9."
    assert {e.type for e in _events(text)} == {"summit", "meeting"}


def test_events_heads_of_state_summit_is_the_organisations_own():
    [summit] = [e for e in _calendar_events(
        "Ministers prepared the Northern Union Heads of State Summit later this week.")
        if e.type == "summit"]
    assert summit.ordinal == 9 and summit.label == "9th Northern Union summit, Edoras"


def test_events_triggers_coordinated_after_a_comma_share_the_date():
    text = "On March 2nd, a book was launched, and an exhibition was held in Edoras."
    assert [(e.type, e.start.value) for e in _events(text)] == [
        ("launch", "2019-03-02"), ("exhibition", "2019-03-02")]


def test_events_arrival_of_a_person_is_a_visit():
    [visit] = _events("Aragorn arrived in Edoras on Tuesday.")
    assert (visit.type, visit.place, visit.start.value) == ("visit", "edoras", "2019-03-12")
    assert visit.label == "Visit by Aragorn, Edoras"


@pytest.mark.parametrize(("text", "wanted"), [
    # the sentence's date is the ministers', not the summit they prepare
    ("Ministers met in Edoras in May to prepare the summit.", [("meeting", "edoras")]),
    # an anniversary dates the celebration, not the founding it recalls
    ("Last year the Northern Union marked the 20th anniversary of its founding.", []),
    # a visit and a briefing about it are two events; the speaker is the one who spoke
    ("Aragorn will pay a state visit to Gondor on March 20, an envoy said at a press briefing "
     "on Monday.", [("visit", "gondor"), ("briefing", None)]),
    # a place before the trigger only where the event is the purpose ("for a meeting")
    ("Aragorn will head to Edoras on March 20 for a meeting with Gondor.",
     [("meeting", "edoras")]),
])
def test_events_shifted_and_purpose_phrases(text, wanted):
    assert [(e.type, e.place) for e in _events(text)] == wanted


def test_events_joining_at_the_summit_takes_its_place():
    text = ("EDORAS, March 14 (Gazette) -- Aragorn on Thursday chaired the summit of the "
            "Northern Union, where Gondor became a full member of the group.")
    found = {e.type: (e.start.value, e.place) for e in _events(text)}
    assert found["accession"] == ("2019-03-14", "edoras")


def test_events_council_of_the_organisation_is_its_summit():
    council = CatalogueEntry("union-council", "igo", "Northern Union Council of Heads of State",
                             "urn:x:union-council")
    catalogue = Catalogue((*CALENDAR.entries, council), events=CALENDAR.events)
    text = ("The Northern Union grows. Leaders will gather on Friday for the 9th meeting of the "
            "Northern Union Council of Heads of State in Edoras.")
    doc = make_doc(text)
    start, end = text.index("Northern Union Council"), text.index(" in Edoras")
    doc.mentions[:] = [m for m in doc.mentions if not start <= m.span.start < end]
    doc.mentions.append(Mention("union-council", doc.span(start, end)))
    events.annotate(doc, catalogue, LEXICON)
    [summit] = [e for e in doc.events if e.type == "summit"]
    assert (summit.key, summit.start.value) == ("union-9", "2019-03-15")


@pytest.mark.parametrize("dateline", [
    "EDORAS, March 14 (Gazette) --", "EDORAS —", "Edoras, March 14 (Gazette) --",
    "Edoras (Gazette) -", "EDORAS. GAZETTE -",
])
def test_events_dateline_place_for_what_happened_on_the_dateline_day(dateline):
    text = f"{dateline} Ministers said on Thursday that trade grew.\nThe summit opened on Thursday."
    [summit] = [e for e in _events(text) if e.type == "summit"]
    assert (summit.start.value, summit.place) == ("2019-03-14", "edoras")


@pytest.mark.parametrize(("text", "label"), [
    ("In 2014, after the invasion of Westmarch, Gondor protested.", "Invasion of Westmarch"),
    ("Aragorn congratulated Gondor's envoy Jan Novak during a media briefing on Thursday.",
     "Media briefing by Aragorn (2019-03-14)"),
])
def test_events_more_titles(text, label):
    assert [e.label for e in _events(text)][:1] == [label]


@pytest.mark.parametrize(("text", "types"), [
    ("Leaders called for a fair world order on Thursday.", []),
    ("The Edoras trade fair opened on Thursday.", ["exhibition"]),
    ("The 3rd Gondor Book Fair opened on Thursday.", ["exhibition"]),
])
def test_events_fair_is_an_exhibition_only_as_a_noun(text, types):
    assert [e.type for e in _events(text)] == types


@pytest.mark.parametrize(("text", "wanted"), [
    # a meeting of two people, on the sidelines of a summit the date does not belong to
    ("Aragorn met Jan Novak on Thursday on the sidelines of the summit.",
     [("meeting", "2019-03-14")]),
    # "since the war": another time than the sentence's date
    ("Aragorn met Jan Novak on Thursday, their first meeting since the war in Rohan began.",
     [("meeting", "2019-03-14")]),
    # "before the summit in June": June is the summit's, and still to come
    ("Ministers met in Edoras on Tuesday, the last meeting before the Edoras summit in June.",
     [("meeting", "2019-03-12"), ("summit", "2019-06")]),
    # an active "launched" is a launch, not the founding of its subject
    ("Last year, the Northern Union launched the procedure to admit Rohan.",
     [("launch", "2018")]),
])
def test_events_dates_stay_with_their_own_event(text, wanted):
    got = [(e.type, e.start.value) for e in _events(text)]
    assert sorted(got) == sorted(wanted)


def test_events_a_named_host_city_keeps_a_summit_off_another_citys_calendar_entry():
    # the calendar's summit of that month is in Edoras: "the Minas Tirith summit" is not it
    [summit] = _calendar_events("The Minas Tirith summit of the Northern Union opens this week.")
    assert summit.ordinal is None and summit.place == "minas"


def test_events_reporting_date_after_told_is_past():
    text = "Aragorn will visit Gondor in May, an envoy told a news briefing on Monday."
    found = {e.type: e.start.value for e in _events(text)}
    assert found["briefing"] == "2019-03-11"


@pytest.mark.parametrize(("text", "label", "start"), [
    ("Aragorn took office as Secretary-General on January 1, 2016.",
     "Aragorn takes office (2016-01-01)", "2016-01-01"),
    ("In 2016, Aragorn was appointed Secretary-General of the Northern Union.",
     "Aragorn takes office (2016)", "2016"),
])
def test_events_taking_office(text, label, start):
    [event] = _events(text)
    assert (event.type, event.label, event.start.value) == ("appointment", label, start)


# 2019-03-11 is a Monday
@pytest.mark.parametrize(("text", "type_", "span", "start", "end"), [
    ("Ministers of the Northern Union meet in Edoras on Wednesday and Thursday.", "meeting",
     "meet in", "2019-03-13", "2019-03-14"),
    ("Aragorn arrives today for a state visit before the summit.", "visit", "state visit",
     "2019-03-11", None),
    ("Aragorn arrived on Sunday for a four-day visit to Gondor that includes talks in "
     "Edoras on Tuesday.", "visit", "visit", "2019-03-10", None),
    ("Aragorn arrived on Sunday for a four-day visit to Gondor that includes talks in "
     "Edoras on Tuesday.", "meeting", "talks", "2019-03-12", None),
    ("At a conference in Edoras in February, Aragorn spoke about trade.", "meeting",
     "conference", "2019-02", None),
    ("Gondor welcomes the leaders to Edoras at the end of August.", "summit",
     "welcomes the leaders", "2019-08", None),
])
def test_events_scheduled_shapes(text, type_, span, start, end):
    found = [e for e in _events(text, "2019-03-11") if e.type == type_]
    assert [(e.span.text, e.start.value, e.end.value if e.end else None) for e in found] == [
        (span, start, end)]
    assert all(text[e.span.start:e.span.end] == e.span.text for e in found)


@pytest.mark.parametrize(("text", "span", "start"), [
    ("Rohan is expected to join the Northern Union on Thursday.", "join", "2019-03-14"),
    ("Rohan is expected to join as the tenth member on Thursday.", "join", "2019-03-14"),
    ("Rohan is due to become the bloc's ninth full member in July.", None, "2019-07"),
    ("Leaders granted observer status to Rohan in 2012.", None, "2012"),
    ("The Northern Union admitted Rohan and Dale as full members in 2017.", "admitted", "2017"),
])
def test_events_accession_shapes(text, span, start):
    [event] = [e for e in _events(text, "2019-03-11") if e.type == "accession"]
    assert event.start.value == start
    assert span is None or event.span.text == span


@pytest.mark.parametrize("text", [
    "Aragorn will join us from Edoras on Thursday.",
    "The Conference on Riverton Security met on Thursday.",
    "Aragorn will travel to Edoras for talks on Thursday.",
])
def test_events_not_accession_conference_or_second_visit(text):
    found = [(e.type, e.span.text) for e in _events(text, "2019-03-11")]
    assert ("accession", "join") not in found
    assert not any(s.startswith("Conference") for _, s in found)
    assert [t for t, _ in found].count("visit") + [t for t, _ in found].count("meeting") <= 1


@pytest.mark.parametrize(("text", "span", "start", "organizer"), [
    ("Leaders of Gondor and Rohan meet in Edoras on Wednesday and Thursday.", "meet in",
     "2019-03-13", None),
    ("The heads of state of the Northern Union will meet in Edoras in June.", "meet in",
     "2019-06", "union"),
    ("When the leaders of the Northern Union met by video link on Friday, trade led.",
     "met by video link", "2019-03-08", "union"),
    ("On Thursday and Friday the presidents will gather in Edoras.", "gather in",
     "2019-03-14", None),
])
def test_events_leaders_meeting_is_a_summit(text, span, start, organizer):
    [event] = _events(text, "2019-03-11")
    assert (event.type, event.span.text, event.start.value) == ("summit", span, start)
    assert organizer is None or event.organizer == organizer


@pytest.mark.parametrize(("text", "span"), [
    ("Defence ministers of the Northern Union met in the Gondorian capital on Friday.",
     "met in the Gondorian capital"),
    ("The trade ministers met online on Friday.", "met online"),
])
def test_events_ministers_meeting_stays_a_meeting(text, span):
    [event] = _events(text, "2019-03-11")
    assert (event.type, event.span.text, event.start.value) == ("meeting", span, "2019-03-08")


@pytest.mark.parametrize(("text", "span", "start"), [
    ("Rohan became the organisation's tenth full member in 2017.",
     "became the organisation's tenth full member", "2017"),
    ("Rohan was made an observer in 2012.", "was made an observer", "2012"),
    ("The Northern Union made Rohan and Dale dialogue partners in 2015.", "made", "2015"),
])
def test_events_accession_by_status(text, span, start):
    [event] = [e for e in _events(text, "2019-03-11") if e.type == "accession"]
    assert (event.span.text, event.start.value) == (span, start)


@pytest.mark.parametrize(("text", "span", "start", "place"), [
    ("Aragorn spoke on Monday ahead of the Northern Union summit in Edoras on March 20.",
     "Northern Union summit", "2019-03-20", "edoras"),
    ("The Northern Union is preparing for its summit in Edoras at the end of August.",
     "summit", "2019-08", "edoras"),
    ("Gondor should ask to attend the summit in Edoras later this year.", "summit", "2019",
     "edoras"),
])
def test_events_shifted_event_with_its_own_date(text, span, start, place):
    [event] = [e for e in _events(text, "2019-03-11") if e.type == "summit"]
    assert (event.span.text, event.start.value, event.place) == (span, start, place)


def test_events_shifted_event_without_its_own_date_is_skipped():
    text = "On the eve of the summit in Edoras, a book fair opened on Monday."
    assert [e.type for e in _events(text, "2019-03-11")] == ["exhibition"]


def test_events_lower_case_conference_on_a_subject_is_a_meeting():
    [event] = _events("Aragorn attended a regional conference on Gondor in Edoras in "
                      "December 2015.", "2019-03-11")
    assert (event.type, event.span.text, event.start.value) == ("meeting", "conference",
                                                                "2015-12")


@pytest.mark.parametrize(("text", "type_", "start"), [
    # a coordinated predicate with its own tense takes the date after it
    ("Rohan signed a memorandum at the Edoras summit last September and is due to become a "
     "full member at the summit Gondor hosts in July.", "accession", "2019-07"),
    ("Rohan is due to become a full member in July.", "accession", "2019-07"),
    ("Rohan became a full member in 2017.", "accession", "2017"),
    # a date framing its clause still dates the event after 'after'
    ("Trade fell; and, in 2014, after the invasion of Rohan, the envoys left.", "conflict",
     "2014"),
])
def test_events_date_of_the_right_predicate(text, type_, start):
    [event] = [e for e in _events(text, "2019-03-11") if e.type == type_]
    assert event.start.value == start


@pytest.mark.parametrize("text", [
    # placed relative to another date, not on it
    "Experts will meet in Minas Tirith in December, before the Edoras summit.",
    # a procedure for a future accession is no accession
    "The summit launched the procedure for Rohan to become a full member on Friday.",
])
def test_events_relative_or_prospective_mentions_are_not_dated(text):
    found = [e for e in _events(text, "2019-03-11")]
    assert not any(e.type == "accession" for e in found)
    assert not any(e.span.text == "Edoras summit" for e in found)


@pytest.mark.parametrize("text", [
    "Leaders of Gondor, Rohan and Dale meet in Edoras on Wednesday for the Northern Union's "
    "yearly gathering.",
    "Leaders meet in Edoras on Wednesday.",
])
def test_events_leaders_summit_takes_the_clause_or_article_organisation(text):
    doc = make_doc(text + " The Northern Union was set up in 1999.", date="2019-03-11")
    events.annotate(doc, CATALOGUE, LEXICON)
    [summit] = [e for e in doc.events if e.type == "summit"]
    assert summit.organizer == "union" and summit.start.value == "2019-03-13"


_DATELINE = "Edoras, March 14 (Gazette) -- Transport ministers agreed a plan on Thursday. "


@pytest.mark.parametrize(("text", "type_", "start", "place"), [
    # within days of a dated dateline, an occasion without a place of its own is the dateline's
    ("The talks followed the Northern Union Transport Forum on Tuesday, which drew 400 firms.",
     "forum", "2019-03-12", "edoras"),
    # "here": the dateline's place
    ("The summit here on 16-17 September 2021 set the tone.", "summit", "2021-09-16", "edoras"),
    # weeks away: no place
    ("A forum met on March 2 to discuss roads.", "forum", "2019-03-02", None),
])
def test_events_dateline_place_for_nearby_days_and_here(text, type_, start, place):
    found = [e for e in _events(_DATELINE + text, "2019-03-14") if e.type == type_]
    assert [(e.start.value, e.place) for e in found] == [(start, place)]


def test_events_followed_gives_the_date_to_what_follows():
    found = _events(_DATELINE + "The talks followed the Northern Union Transport Forum on "
                    "Tuesday.", "2019-03-14")
    assert not any(e.type == "meeting" and e.start.value == "2019-03-12" for e in found)


@pytest.mark.parametrize(("text", "wanted"), [
    ("Gondor and Rohan joined the Northern Union in 2017, Dale in 2018 and Arnor last year.",
     [("joined", "2017", ("gondor", "rohan")), ("Dale in 2018", "2018", ("dale",)),
      ("Arnor last year", "2018", ("arnor",))]),
    ("Gondor and Rohan joined in 2017, Dale in 2018, and Erebor and Arnor in January.",
     [("joined", "2017", ("gondor", "rohan")), ("Dale in 2018", "2018", ("dale",)),
      ("Erebor and Arnor in January", "2019-01", ("erebor", "arnor"))]),
    # no gapping: another predicate, or an item that is not a bare state and date
    ("Gondor joined the Northern Union in 2017, and trade grew in 2018.",
     [("joined", "2017", ("gondor",))]),
    ("Gondor joined the Northern Union in 2017, with Rohan in 2018 as an observer.",
     [("joined", "2017", ("gondor", "rohan"))]),
])
def test_events_gapped_accession_list(text, wanted):
    found = [(e.span.text, e.start.value, e.participants) for e in _events(text, "2019-03-11")
             if e.type == "accession"]
    assert found == wanted
    doc = make_doc(text, date="2019-03-11")
    events.annotate(doc, CATALOGUE, LEXICON)
    assert all(text[e.span.start:e.span.end] == e.span.text for e in doc.events)


@pytest.mark.parametrize(("text", "wanted"), [
    ("The Northern Union has since admitted Gondor and Rohan (2017), Dale (2018) and Arnor "
     "(2019).", [("admitted", "2017"), ("Dale (2018)", "2018"), ("Arnor (2019)", "2019")]),
    ("The Northern Union expects to admit Dale as its eleventh member in October.",
     [("admit", "2019-10")]),
    ("The leaders welcomed Dale into the Northern Union on Friday.",
     [("welcomed", "2019-03-08")]),
    ("The leaders welcomed Aragorn to Edoras on Friday.", []),
])
def test_events_accession_by_admitting_or_welcoming(text, wanted):
    found = [(e.span.text, e.start.value) for e in _events(text, "2019-03-11")
             if e.type == "accession"]
    assert found == wanted


@pytest.mark.parametrize(("text", "span", "start"), [
    ("Aragorn recalled his speech at the Edoras academy in 2013.", "speech", "2013"),
    ("Aragorn gave a keynote speech in Edoras on Friday.", "gave a keynote speech",
     "2019-03-08"),
])
def test_events_speech_noun_with_a_speaker(text, span, start):
    [event] = [e for e in _events(text, "2019-03-11") if e.type == "speech"]
    assert (event.span.text, event.start.value) == (span, start)


def test_events_speech_without_a_person_is_none():
    assert _events("The speech of 2013 is still quoted.", "2019-03-11") == []


@pytest.mark.parametrize("text", [
    "The Northern Union has grown since it was enlarged in 1999 from the Gazette group.",
    "In 1999 the Gondor Five transformed into the Northern Union.",
])
def test_events_founding_by_transformation(text):
    [event] = _events(text, "2019-03-11")
    assert (event.type, event.organizer, event.start.value) == ("founding", "union", "1999")


def test_events_growing_into_something_is_no_founding():
    assert _events("Trade grew into a big business in 2015.", "2019-03-11") == []


def test_events_accession_in_a_summit_month_is_placed_at_the_summit():
    text = ("The Northern Union summit was held in Edoras on July 3, 2018. "
            "Rohan became a full member in July 2018.")
    [accession] = [e for e in _events(text) if e.type == "accession"]
    assert accession.place == "edoras"


@pytest.mark.parametrize(("text", "place"), [
    ("Aragorn came to Edoras on a state visit in March 2018.", "edoras"),
])
def test_events_visit_place_before_on_a_visit(text, place):
    [visit] = [e for e in _events(text) if e.type == "visit"]
    assert visit.place == place


def test_events_hyphenated_format_is_not_the_venue():
    text = "Minas Tirith hosted the first Gondor-Edoras Summit in May 2018."
    [summit] = [e for e in _events(text) if e.type == "summit"]
    assert summit.place == "minas"


@pytest.mark.parametrize(("text", "wanted"), [
    ("The leaders kept meeting every year, in Edoras in 1998, in Minas Tirith in 1999 and in "
     "Gondor in 2000, and then the group grew.",
     [("meeting", "1998", "edoras"), ("in Minas Tirith in 1999", "1999", "minas"),
      ("in Gondor in 2000", "2000", "gondor")]),
    # another predicate between: no list
    ("The Northern Union summit was held in Edoras in 2015, and trade rose in Gondor in 2016.",
     [("Northern Union summit", "2015", "edoras")]),
])
def test_events_gapped_list_of_venues(text, wanted):
    found = [(e.span.text, e.start.value, e.place) for e in _events(text, "2019-03-11")]
    assert found == wanted


@pytest.mark.parametrize(("text", "span", "start"), [
    ("Gondor will host the heads of government in Edoras in December.",
     "host the heads of government", "2019-12"),
    ("Aragorn and the king met on Friday morning in a hotel.", "met", "2019-03-08"),
])
def test_events_hosting_ministers_and_meeting_on_a_weekday(text, span, start):
    [event] = _events(text, "2019-03-11")
    assert (event.type, event.span.text, event.start.value) == ("meeting", span, start)


def test_events_met_on_a_weekday_needs_a_person():
    assert _events("They met on Friday to talk.", "2019-03-11") == []


@pytest.mark.parametrize(("text", "type_", "start"), [
    ("Trade has doubled since 2001, when the Northern Union was founded.", "founding", "2001"),
    ("Trade has doubled since June 2018, when the Edoras summit opened a new chapter.",
     "summit", "2018-06"),
])
def test_events_since_date_when_clause_is_dated(text, type_, start):
    [event] = _events(text, "2019-03-11")
    assert (event.type, event.start.value) == (type_, start)


def test_events_since_date_alone_dates_nothing():
    assert _events("This is the first visit by Aragorn to Gondor since 2015.", "2019-03-11") == []


def test_events_opening_its_doors_founds_its_subject():
    [event] = _events("The Northern Union opened its doors in Edoras in January 2004.",
                      "2019-03-11")
    assert (event.type, event.organizer, event.start.value, event.place) == (
        "founding", "union", "2004-01", "edoras")


@pytest.mark.parametrize("text", [
    "The Northern Union secretariat opened its doors in Edoras in January 2004.",
    "Aragorn began work on the bridge in 2004.",
])
def test_events_opening_or_beginning_work_without_its_organisation_is_no_founding(text):
    assert [e for e in _events(text, "2019-03-11") if e.type == "founding"] == []


# --- round 11: event words and shapes real wires use ---------------------------------------

@pytest.mark.parametrize(("text", "type_", "start", "place"), [
    # an accession in the passive with an adverb
    ("In 2012, Gondor and Rohan were also admitted to the Northern Union.", "accession",
     "2012", None),
    # a trip announced by its departure; the place is the trigger's own "for X"
    ("The president will depart for Edoras on March 27 at the invitation of Aragorn.",
     "visit", "2019-03-27", "edoras"),
    # a joint operation planned for a year
    ("A decision was taken on holding in 2020 a joint border operation of the union.",
     "event", "2020", None),
    # a session dated by an attributive year, placed by its own phrase
    ("Ministers reviewed the progress made since the 2016 session in Edoras.", "meeting",
     "2016", "edoras"),
    # a wire's bare weekday after the noun
    ("Trade topped a regional summit Thursday as leaders gathered in Edoras.", "summit",
     "2019-03-14", "edoras"),
    # a ratification, at the seat of the body that ratified
    ("Last November, Edoras's parliament ratified the accord.", "ratification", "2018-11",
     "edoras"),
    # an application for membership
    ("Gondor applied for full membership in 2016.", "application", "2016", None),
])
def test_events_wire_event_words(text, type_, start, place):
    found = [(e.type, e.start.value, e.place) for e in _events(text)]
    assert (type_, start, place) in found


def test_events_visit_is_the_subjects_not_the_hosts():
    [event] = _events("The president will depart for Edoras on March 27 at the invitation of "
                      "Aragorn.")
    assert "Aragorn" not in event.label


def test_events_second_accession_clause_has_its_own_date_and_states():
    found = _events("Gondor joined in 2001, leading to a new name, and the latest enlargement "
                    "in 2017 saw Rohan and Dale join.")
    assert sorted((e.start.value, e.participants) for e in found if e.type == "accession") == [
        ("2001", ("gondor",)), ("2017", ("rohan", "dale"))]


def test_events_two_dated_clauses_give_two_meetings():
    found = _events("On Tuesday, Aragorn discussed trade at a bilateral meeting with the "
                    "Gondor envoy, and on Wednesday it was raised at the main meeting in "
                    "Edoras.")
    meetings = sorted((e.start.value, e.place) for e in found if e.type == "meeting")
    # the bilateral meeting of the day before shares the venue the sentence names
    assert meetings == [("2019-03-12", "edoras"), ("2019-03-13", "edoras")]


def test_events_meeting_within_the_meeting_is_its_own():
    found = _events("Ministers met in Edoras on Tuesday. During the meeting, Aragorn met with "
                    "the Rohan minister.")
    assert sorted((e.type, e.start.value, e.place) for e in found) == [
        ("meeting", "2019-03-12", "edoras"), ("meeting", "2019-03-12", "edoras")]
    assert len({e.key for e in found}) == 2


def test_events_meeting_named_back_takes_no_later_date():
    # "During the meeting," points back: the year later in the sentence is the report's
    assert [e.type for e in _events("During the meeting, the report on work in 2017 was "
                                    "approved.")] == []


@pytest.mark.parametrize("text", [
    # the object of the founding word is not an organisation
    "Northern Union ties grew since the two states established diplomatic ties 15 years ago.",
    "Northern Union leaders discussed the creation of a free trade zone in 2015.",
    # the dateline's bracketed date is the story's, not the meeting's
    "EDORAS (Agency - 14th March, 2019) The next meeting of ministers will be held soon.",
    # a purpose: the summit is another day's than the arrival
    "Aragorn arrived yesterday to take part in a summit of the Northern Union.",
    # an opening participial phrase dates its own happening only
    "Having joined the Northern Union in 2017, Gondor is sending troops to an exercise.",
])
def test_events_wrong_events_are_not_made(text):
    found = [(e.type, e.start.value) for e in _events(text)]
    assert not [f for f in found if f[0] in {"founding", "meeting", "summit", "event"}], found


@pytest.mark.parametrize(("text", "type_", "start", "place"), [
    # a delegation led somewhere is a visit
    ("In July, Aragorn led a team of engineers to Edoras.", "visit", "2018-07", "edoras"),
    # a meeting with someone named by office after the article
    ("Aragorn last met a Rohan defence minister in Edoras in September 2017.", "meeting",
     "2017-09", "edoras"),
    # "took in": an accession, the states are members, not the place
    ("The Northern Union took in Gondor and Rohan in 2017.", "accession", "2017", None),
    # what happened at a summit shares its date, past another clause
    ("Gondor applied in 2014 and finally joined, together with Rohan, at the Edoras summit "
     "on 9 June 2017.", "accession", "2017-06-09", "edoras"),
    # a sentence-opening year is the year of its later dates without one
    ("In 2016 Gondor held the chair: ministers met in Edoras in May, and the summit itself "
     "was held online on 4 July.", "summit", "2016-07-04", None),
])
def test_events_more_wire_shapes(text, type_, start, place):
    found = [(e.type, e.start.value, e.place) for e in _events(text)]
    assert (type_, start, place) in found, found


def test_events_said_date_is_not_the_events():
    # "said earlier this month that the exercise ...": the saying's date
    assert _events("The ministry said earlier this month that the exercise was not aimed at "
                   "Rohan.") == []


def test_events_sidelines_meeting_of_two_people_is_its_own():
    found = _events("Leaders of the Northern Union met in Edoras on Thursday. On the "
                    "sidelines, Aragorn and Jan Novak met on Thursday morning.")
    assert [e.type for e in found].count("summit") == 1
    people = [e for e in found if e.type == "meeting"]
    assert [(e.start.value, e.place) for e in people] == [("2019-03-14", "edoras")]


@pytest.mark.parametrize(("text", "expected"), [
    # a count before a verb is no count of the trigger ("two leaders held talks")
    ("The two leaders held talks in Edoras on Wednesday.", [("meeting", "2019-03-13", "edoras")]),
    # a range of days before the month
    ("Aragorn paid an official visit to Edoras from 3 to 5 May.",
     [("visit", "2018-05-03", "edoras")]),
    # a trip for talks: the talks, at the trip's place
    ("Aragorn will travel to Edoras next week for talks.", [("meeting", "2019-03", "edoras")]),
    # "met ... for talks" is one meeting
    ("Ministers met in Edoras on Friday for talks on trade.",
     [("meeting", "2019-03-08", "edoras")]),
    # "until Friday" is a horizon, not the visit's date
    ("Aragorn is on a visit to Edoras until Friday.", []),
])
def test_events_counts_ranges_purposes_and_horizons(text, expected):
    assert [(e.type, e.start.value, e.place) for e in _events(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a signing ahead, a day range with "and", "is to take place" speaks of the future
    ("The leaders are expected to sign a treaty on Friday.", [("signing", "2019-03-15")]),
    ("The summit is to take place in Edoras on June 9 and 10.", [("summit", "2019-06-09")]),
    # an anniversary marked on a day
    ("The Northern Union marked its 20th anniversary on June 15.",
     [("anniversary", "2018-06-15")]),
    # "admitted X" with the state right after it
    ("In 2018, the Northern Union admitted Gondor.", [("accession", "2018")]),
    # an office in lower case
    ("Aragorn was elected secretary-general in 2018.", [("appointment", "2018")]),
    # a refusal is no signing
    ("In June, Aragorn refused to sign a joint document on trade.", []),
])
def test_events_signing_anniversary_admission_appointment(text, expected):
    assert [(e.type, e.start.value) for e in _events(text)] == expected


def test_events_possessive_dates_name_their_event():
    # "July's summit", "until next year's summit": the date is the summit's, not a horizon
    found = _events("The bank is the follow-up to July's Edoras summit, where Gondor became a "
                    "full member. Rohan chairs the union until next year's summit in Edoras.")
    assert sorted((e.type, e.start.value) for e in found) == [
        ("accession", "2018-07"), ("summit", "2018-07"), ("summit", "2020")]


def test_events_relative_clause_subject_opens_its_doors():
    found = _events("Trade grew through the Northern Union, which opened its doors in Edoras in "
                    "January 2004.")
    assert [(e.type, e.start.value, e.organizer) for e in found] == [
        ("founding", "2004-01", "union")]


def test_events_as_clause_shares_the_main_clauses_date():
    # the reporting verb before an "as" clause does not make the meeting what was said
    found = _events("Ministers on Thursday agreed on trade and told experts to keep working, "
                    "as their council held its 22nd meeting in Edoras.")
    assert [(e.type, e.start.value, e.place) for e in found] == [
        ("meeting", "2019-03-14", "edoras")]


@pytest.mark.parametrize("text", [
    "Rohan was granted observer status at the 2012 summit in Edoras.",
    "The 2012 summit in Edoras admitted Gondor and Rohan.",
])
def test_events_what_a_summit_did_shares_its_attributive_year(text):
    found = {(e.type, e.start.value) for e in _events(text)}
    assert {("summit", "2012"), ("accession", "2012")} <= found


@pytest.mark.parametrize(("text", "expected"), [
    # an office named without a name is someone who visits or meets
    ("Gondor's prime minister will visit Edoras on Saturday.", [("visit", "2019-03-16", "edoras")]),
    ("The foreign ministers will meet on May 9-10 in Edoras.",
     [("meeting", "2019-05-09", "edoras")]),
    # a since-clause's date is what it looks back to, not the visit's
    ("He is the first minister to visit Edoras since troops clashed there in June 2017.", []),
])
def test_events_offices_visit_and_since_clauses(text, expected):
    assert [(e.type, e.start.value, e.place) for e in _events(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a pronoun or an honorific before a name the gazetteer does not know is someone
    ("In July she led a team of engineers to Edoras.", [("visit", "2018-07", "edoras")]),
    ("During Mr Novak's state visit to Edoras last week, trade grew.",
     [("visit", "2019-03", "edoras")]),
    ("Aragorn met our five presidents in Edoras last September.",
     [("meeting", "2018-09", "edoras")]),
])
def test_events_pronouns_and_honorifics_are_people(text, expected):
    assert [(e.type, e.start.value, e.place) for e in _events(text)] == expected


def test_events_a_bracketed_date_after_a_name_is_no_dateline():
    found = _events("The Northern Union (founded on June 15, 2001) grew fast.")
    assert [(e.type, e.start.value) for e in found] == [("founding", "2001-06-15")]


@pytest.mark.parametrize("text", [
    "Gondor and Rohan founded the bloc in 2001, and the Northern Union grew.",
    "The Northern Union has grown since the creation of the organisation in 2001.",
])
def test_events_a_generic_name_of_the_organisation_is_founded(text):
    assert [(e.type, e.start.value) for e in _events(text)] == [("founding", "2001")]


def test_events_a_possessive_date_after_said_is_the_events():
    assert [(e.type, e.start.value) for e in _events(
        "Officials said Friday's summit in Edoras was a success.")] == [("summit", "2019-03-08")]


@pytest.mark.parametrize(("text", "type_", "start"), [
    ("The bloc agreed to help Gondor before a national referendum scheduled for June 27.",
     "event", "2019-06-27"),
    ("Parliamentary elections in Rohan took place on March 3.", "event", "2019-03-03"),
    ("Since its official opening in June 2004, the centre has fostered joint action.",
     "launch", "2004-06"),
])
def test_events_votes_and_openings_are_events(text, type_, start):
    assert (type_, start) in {(e.type, e.start.value) for e in _events(text) if e.start}


def test_events_an_undated_mention_of_elections_is_no_event():
    assert _events("Free elections are a value of the union.") == []


@pytest.mark.parametrize("text", [
    "On September 14, 2018, in Edoras, in preparation for the summit, a ceremony of signing "
    "memoranda with Rohan was held.",
    "“On September 14, 2018, in Edoras, a ceremony of signing memoranda was held,” the "
    "ministry said.",
])
def test_events_a_place_opening_the_sentence_is_the_events(text):
    places = {e.place for e in _events(text, date="2018-09-20")}
    assert places == {"edoras"}
