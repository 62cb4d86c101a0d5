"""Figures: value, unit, measure, qualifier, level/change, period, subject; narration claims."""

from __future__ import annotations

import dataclasses

import pytest
from handmade_docs import CATALOGUE, make_doc

from sco_kg.graph.extract import figures, segmenting
from sco_kg.graph.extract.figures import find_figures
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.rdf.catalogue import Catalogue
from sco_kg.graph.statements.model import Claim, DateValue

LEXICON = load_lexicon()


def _figures(text: str):
    doc = make_doc(text)
    return [f for s in doc.sentences for f in find_figures(doc, s, CATALOGUE, LEXICON, "union")]


@pytest.mark.parametrize(("text", "value", "unit", "measure", "qualifier", "kind"), [
    ("The bloc holds 38 percent of the world population.", "38", "percent",
     "share-of-world-population", "exact", "level"),
    ("Its members hold 27% of the global GDP.", "27", "percent", "share-of-world-gdp",
     "exact", "level"),
    ("Trade between them reached $ 81.2 billion last year.", "81200000000", "USD",
     "trade-volume", "exact", "level"),
    ("Visitors spent 40 billion US dollars.", "40000000000", "USD", None, "exact", "level"),
    ("Nearly 75 million tourists came to the region.", "75000000", "count",
     "number-of-tourists", "approximate", "level"),
    ("Over 310 events were organised.", "310", "count", "number-of-events", "more_than",
     "level"),
    ("Fewer than 12 delegates arrived.", "12", "count", "number-of-delegates", "less_than",
     "level"),
    ("The number of visitors has grown by 3 million since then.", "3000000", "count",
     "number-of-tourists", "exact", "change"),
    ("GDP growth reached 6.25 percent.", "6.25", "percent", "gdp-growth-rate", "exact", "level"),
    ("Exports rose by 8.5% on the year.", "8.5", "percent", "exports", "exact", "change"),
    ("Rail freight has increased 7 times compared with a decade ago.", "7", "times",
     "freight-volume", "exact", "ratio"),
    ("They produce one-third of the global GDP.", "33.33", "percent", "share-of-world-gdp",
     "exact", "level"),
    ("There are six river ports along the coast.", "6", "count", "number-of-river-ports",
     "exact", "level"),
    # a hyphenated unit before its noun
    ("Work began on the 523-km railway.", "523", "km", None, "exact", "level"),
])
def test_figures_value_unit_measure_qualifier_kind(text, value, unit, measure, qualifier, kind):
    [figure] = _figures(text)
    assert (figure.value, figure.unit, figure.qualifier, figure.kind) == (value, unit, qualifier,
                                                                          kind)
    if measure:
        assert figure.measure == measure


@pytest.mark.parametrize("text", [
    "The 31st session opened.", "Twelve years ago, the bloc was small.",
    "They talked for 9 hours.", "It happened in 2011.", "The eight member states agreed.",
    "The Gondor Seven met.", "among four states – Gondor, Rohan, Arnor and Dale.",
    "At 10:45 the talks began.", "The 2019 summit ended.", "It is one of the tasks.",
    "They signed a memorandum on the Power of Gondor 2 pipeline.",  # a number inside a name
])
def test_figures_not_figures(text):
    assert _figures(text) == []


def test_figures_period_and_subject():
    [figure] = _figures("In 2015, Rohan's exports accounted for 12 percent.")
    assert figure.period == DateValue("2015", "year")
    assert figure.subject == "rohan"
    [figure] = _figures("The investment share was 9 percent up to the end of 2014.")
    assert figure.period == DateValue("2014", "year")
    assert figure.subject == "union"
    [figure] = _figures("Trade between Gondor and Rohan rose by 5%.")
    assert figure.subject == "union"  # names after "between" are not the subject


def test_figures_spans_are_exact():
    text = "Intro line\nAbout 40 percent of the world’s population lives there."
    for figure in _figures(text):
        assert text[figure.span.start:figure.span.end] == figure.span.text


def test_figures_attach_to_claims_and_narrate_the_rest():
    text = ('"We welcomed 120 delegates," said Aragorn. Gondor has 44 river ports. '
            "No figure here.")
    doc = make_doc(text)
    quote = doc.span(1, text.index(',"'))
    doc.claims = [Claim(claimant="aragorn", mode="direct", content=quote)]
    figures.annotate(doc, CATALOGUE, LEXICON)
    direct = next(c for c in doc.claims if c.mode == "direct")
    assert [f.value for f in direct.figures] == ["120"]
    [narration] = [c for c in doc.claims if c.mode == "narration"]
    assert narration.claimant == "writer"
    assert narration.content.text == "Gondor has 44 river ports."
    assert [f.value for f in narration.figures] == ["44"]
    assert len(doc.figures) == 2


def test_figures_narration_falls_back_to_publisher_or_to_no_claimant():
    doc = make_doc("Gondor has 44 river ports.", author=None, publisher="gazette")
    figures.annotate(doc, CATALOGUE, LEXICON)
    assert [c.claimant for c in doc.claims] == ["gazette"]
    doc = make_doc("Gondor has 44 river ports.", author=None)
    figures.annotate(doc, CATALOGUE, LEXICON)
    assert [(c.claimant, c.mode, [f.value for f in c.figures]) for c in doc.claims] == [
        ("", "narration", ["44"])]
    assert doc.warnings


def test_figures_caption_lines_are_skipped():
    doc = make_doc("Some 300 people gather in Edoras, May 2, 2016. /VCG Photo\nNo more.")
    figures.annotate(doc, CATALOGUE, LEXICON)
    assert doc.figures == [] and doc.claims == []


def test_figures_a_question_is_no_narration() -> None:
    doc = make_doc("Can a bloc of 3.1 billion people agree on anything?")
    figures.annotate(doc, CATALOGUE, LEXICON)
    assert doc.figures and doc.claims == []


@pytest.mark.parametrize("text", [
    "Trucks have made more than 46,000 trips on the new road, officials said.",
    "Sources say the bank will lend 3 billion dollars.",
])
def test_figures_unnamed_sources_are_nobodys_narration(text: str) -> None:
    doc = make_doc(text)
    figures.annotate(doc, CATALOGUE, LEXICON)
    assert doc.figures and doc.claims == []


@pytest.mark.parametrize("text", [
    # a quote whose speaker was not recognised is still not the author's own voice
    '"We cannot pay 9 percent on every loan," a banker in Osh told the paper.',
    "“Freight grew by 30 percent and nobody noticed,” the minister of Gondor added.",
    'The envoy put it bluntly: "We lost 200 million dollars on that road."',
])
def test_figures_quoted_figures_are_not_narration(text: str) -> None:
    doc = make_doc(text)
    figures.annotate(doc, CATALOGUE, LEXICON)
    assert doc.figures and [c for c in doc.claims if c.mode == "narration"] == []


# ---- figures on the right subject, and measures kept apart (issue 11, item 4)

@pytest.mark.parametrize(("text", "values_subjects"), [
    # a possessive names what the figure measures, not the article's organisation
    ("Gondor's trade with its neighbours grew by 12 percent last year.", [("12", "gondor")]),
    ("Rohan's exports increased by 15.1% to $150.3 billion, and imports grew by 28.5%.",
     [("15.1", "rohan"), ("150300000000", "rohan"), ("28.5", "rohan")]),
    ("Last year the bloc's trade with Gondor rose by 4 percent.", [("4", "union")]),
    # figures listed against a list of parts have no single subject
    ("Grain, timber and steel accounted for 5, 9 and 19 percent of exports respectively.",
     [("19", None)]),
    # a part of an unnamed whole
    ("Farm produce imports made up 7.5 percent of the total.", [("7.5", None)]),
])
def test_figures_subject_is_what_the_sentence_measures(text, values_subjects):
    found = [(f.value, f.subject) for f in _figures(text)]
    for pair in values_subjects:
        assert pair in found


@pytest.mark.parametrize(("text", "measure", "kind"), [
    ("The GDP growth rate of the members registered at 4.4 percent in 2016.",
     "gdp-growth-rate", "level"),
    ("The average growth rate of the members' GDP was 4.84% up to the end of 2016.",
     "average-gdp-growth-rate", "level"),
    ("Between 2010 and 2016 their economic growth averaged 5.1 percent.",
     "average-gdp-growth-rate", "level"),
    ("By 2030 the members will hold 40% of the world GDP.", "forecast-share-of-world-gdp",
     "level"),
    ("Their share is expected to reach 31 percent of the global GDP.",
     "forecast-share-of-world-gdp", "level"),
    ("The growth rate was 15.9 percentage points higher than the year before.",
     "gdp-growth-rate-percentage-points", "change"),
    ("Exports jumped 26 percent year-on-year.", "exports", "change"),
    ("Exports made up 6 percent of the total.", "exports", "level"),
])
def test_figures_averages_forecasts_and_points_are_measures_of_their_own(text, measure, kind):
    [figure] = _figures(text)
    assert (figure.measure, figure.kind) == (measure, kind)


@pytest.mark.parametrize(("text", "value", "unit", "measure"), [
    ("The bloc's area exceeds 34 million square kilometers.", "34000000", "km2", "area"),
    ("The park covers 120,000 sq km.", "120000", "km2", "area"),
    ("The canal is 40 miles long.", "40", "mi", "length"),
    ("Members hold about half the world's population.", "50", "percent",
     "share-of-world-population"),
    ("It was twice the global average.", "2", "times", "multiple-of-average"),
    ("Its output was almost double the regional average.", "2", "times",
     "multiple-of-average"),
    ("Its output was twice as large.", "2", "times", "multiple"),
    ("Output shows 13 times growth over two decades.", "13", "times", "growth-multiple"),
])
def test_figures_areas_halves_and_multiples(text, value, unit, measure):
    [figure] = _figures(text)
    assert (figure.value, figure.unit, figure.measure) == (value, unit, measure)


@pytest.mark.parametrize("text", [
    "In the first half of the year, trade rose.",
    "Gondor is a double-landlocked country.",
    "They plan to double their trade.",
])
def test_figures_halves_and_doubles_that_state_no_figure(text):
    assert _figures(text) == []


def test_figures_data_running_on_stays_with_its_source():
    text = ("According to the Gazette, trade reached $ 81.2 billion in 2018. "
            "Exports rose by 8.5% and imports grew by 3%.\nGondor has 44 river ports.")
    doc = make_doc(text)
    source = doc.span(text.index("trade reached"), text.index(". Exports"))
    doc.claims = [Claim(claimant="gazette", mode="indirect", content=source)]
    figures.annotate(doc, CATALOGUE, LEXICON)
    run_on = [c for c in doc.claims if c.content.text.startswith("Exports")]
    assert [(c.claimant, c.mode) for c in run_on] == [("gazette", "indirect")]
    assert sorted(f.value for f in run_on[0].figures) == ["3", "8.5"]
    # a new paragraph is the article's own voice again
    [narration] = [c for c in doc.claims if c.mode == "narration"]
    assert narration.content.text == "Gondor has 44 river ports."


@pytest.mark.parametrize(("text", "period"), [
    # no date, but the figure is of the period the article reports on: the article's year
    ("Trade jumped 26 percent year-on-year in the January-August period.", "2019"),
    ("Exports rose by 8.5% so far this year.", "2019"),
    # a stated month stays a month; a figure with no period cue has none
    ("In August 2018, trade rose by 5 percent.", "2018-08"),
    ("Exports rose by 8.5%.", None),
])
def test_figures_period_of_the_reporting_period(text, period):
    [figure] = _figures(text)
    assert (figure.period.value if figure.period else None) == period


@pytest.mark.parametrize(("text", "value", "measure"), [
    # after a determiner, a count is a figure when the sentence lists the set ...
    ("Talk of Erebor joining the six full members of the Union - Gondor, Rohan, Arnor, Dale, "
     "Mordor and Harad - was downplayed.", "6", "number-of-member-states"),
    ("Leaders of the five member countries - Gondor, Rohan, Arnor, Dale and Erebor - will "
     "sign a treaty.", "5", "number-of-member-states"),
    ("The three other observer states are Gondor, Rohan and Dale.", "3",
     "number-of-observer-states"),
    ("Ties with the two key partners, namely Gondor and Rohan, grew.", "2", None),
    # ... or gives it an owner
    ("A discussion of the status of its four observer nations followed.", "4",
     "number-of-observer-states"),
    ("Rohan's seven members met in Edoras.", "7", "number-of-member-states"),
    # a partitive counts the noun after "of the"
    ("The bloc includes three of the world's biggest ports.", "3", None),
    # a group's size in a compound, determiner or not
    ("Leaders from the eight-nation bloc met in Minas Tirith.", "8", "number-of-countries"),
    ("The 10-member body met.", "10", "number-of-member-states"),
])
def test_figures_counts_of_a_listed_owned_or_compound_set(text, value, measure):
    [figure] = _figures(text)
    assert (figure.value, figure.unit, figure.kind) == (value, "count", "level")
    if measure:
        assert figure.measure == measure


@pytest.mark.parametrize("text", [
    "The heads of the eight member states will gather in Edoras.",   # a known set, named
    "In addition to the leaders of the eight member countries, guests will attend.",
    "These five states and Erebor met in Edoras.",                   # counted before
    "A focus will be the “three evil forces,” namely terror and crime.",  # a name
    "The two countries signed a deal.",
])
def test_figures_a_named_set_is_no_count(text):
    assert _figures(text) == []


def test_figures_a_group_count_is_of_the_group_not_the_verbs_mood():
    [figure] = _figures("Talk that Erebor would join the six full members of the Northern "
                        "Union - Gondor, Rohan, Arnor, Dale, Mordor and Harad - faded.")
    assert (figure.measure, figure.subject) == ("number-of-member-states", "union")


@pytest.mark.parametrize(("text", "value"), [
    ("Erebor has become the ninth full member of the Northern Union.", "9"),
    ("The Northern Union welcomed Dale as its 10th member.", "10"),
    ("Dale became the eleventh member state of the Northern Union in 2015.", "11"),
])
def test_figures_a_members_ordinal_is_the_count_of_members(text, value):
    [figure] = _figures(text)
    assert (figure.value, figure.unit, figure.measure, figure.subject) == (
        value, "count", "number-of-member-states", "union")


@pytest.mark.parametrize("text", [
    "Dale was the second member to ratify the charter.",            # a rank in another sequence
    "The 24th summit of the Northern Union opened.",                # a summit's ordinal
    "Dale became the first member of the Northern Union.",
])
def test_figures_other_ordinals_are_no_count(text):
    assert _figures(text) == []


@pytest.mark.parametrize("text", [
    "The Union held a fifth-anniversary summit.",    # "a fifth" inside a compound
    "Gondor gave half-hearted support.",
    "Erebor will be a third country in the talks.",  # an ordinal, not a share
    "Half a million people came.",                   # a measure word, not a share
])
def test_figures_fractions_that_are_not_shares(text):
    assert _figures(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Exports from Gondor fell by half in 2018.", "50"),
    ("Trade with Gondor grew by a third last year.", "33.33"),
])
def test_figures_fractions_before_a_preposition_or_adverb_stay_shares(text, value):
    [figure] = _figures(text)
    assert (figure.value, figure.unit) == (value, "percent")


def test_figures_fractions_in_a_sentence_with_a_compound_keep_the_rest():
    found = _figures("The Union held a fifth-anniversary summit with three agreements.")
    assert [(f.value, f.unit) for f in found] == [("3", "count")]


@pytest.mark.parametrize(("text", "value", "unit", "span"), [
    ("The bloc produces 35-40% of the world's GDP.", "40", "percent", "35-40%"),
    ("Tariffs were raised from 10 to 25 percent.", "25", "percent", "10 to 25 percent"),
    ("The share is between 35 and 40 percent.", "40", "percent", "35 and 40 percent"),
])
def test_figures_a_range_or_a_move_is_one_figure(text, value, unit, span):
    [figure] = _figures(text)
    assert (figure.value, figure.unit, figure.span.text) == (value, unit, span)


def test_figures_a_move_between_two_stated_levels_stays_two():
    # each level is stated with its unit: where it started and where it ended (the gold of
    # unseen articles makes two claims of "grew from USD 5.8 billion to USD 9.4 billion")
    found = _figures("Tariffs in Gondor rose from 4% to 9% last year.")
    assert [(f.value, f.unit) for f in found] == [("4", "percent"), ("9", "percent")]


def test_figures_a_change_then_a_level_stay_two():
    found = _figures("Exports rose 15% to $ 150 billion.")
    assert [(f.value, f.unit, f.kind) for f in found] == [
        ("15", "percent", "change"), ("150000000000", "USD", "level")]


@pytest.mark.parametrize(("text", "qualifier"), [
    ("Its share exceeds half of the world's population.", "more_than"),
    ("Their output surpassed 40 percent of the total.", "more_than"),
])
def test_figures_exceeding_is_more_than(text, qualifier):
    [figure] = _figures(text)
    assert figure.qualifier == qualifier


@pytest.mark.parametrize(("text", "subject"), [
    ("Trade, not including Rohan, grew 5% in 2018.", "union"),
    ("Members - the observers are Gondor, Rohan and Dale - cover half the Earth.", "union"),
    ("Gondor's trade grew 5% in 2018.", "gondor"),
])
def test_figures_subject_skips_exclusions_and_asides(text, subject):
    [figure] = _figures(text)
    assert figure.subject == subject


FOUNDED = Catalogue(tuple(dataclasses.replace(e, founded="2005-06-01") if e.key == "union" else e
                          for e in CATALOGUE.entries))


@pytest.mark.parametrize(("text", "value"), [
    ("Over its 14-year history, the Northern Union has grown fast.", "14"),
    ("The Northern Union has, over its 9-year development, become a pillar.", "9"),
])
def test_figures_an_age_in_a_compound_is_the_organisations_age(text, value):
    doc = make_doc(text)
    found = [f for s in doc.sentences for f in find_figures(doc, s, FOUNDED, LEXICON, "union")]
    assert [(f.value, f.unit, f.measure, f.subject) for f in found] == [
        (value, "years", "age", "union")]


@pytest.mark.parametrize("text", [
    "The Northern Union met. Over the past 14 years, trade between Gondor and Rohan grew.",
    "The Northern Union met. They drew up a 14-year plan.",
])
def test_figures_a_span_of_years_about_others_is_no_age(text):
    doc = make_doc(text)
    found = [f for s in doc.sentences for f in find_figures(doc, s, FOUNDED, LEXICON, "union")]
    assert found == []


def test_figures_a_group_size_frames_a_speakers_clause_which_is_a_claim_too():
    text = ("Aragorn said that leaders of the five member states - Gondor, Rohan, Arnor, Dale and "
            "Erebor - will sign a treaty.")
    doc = make_doc(text)
    cue = doc.span(0, 12)
    doc.claims = [Claim(claimant="aragorn", mode="indirect",
                        content=doc.span(18, len(text)), cue=cue, claimant_span=cue)]
    figures.annotate(doc, CATALOGUE, LEXICON)
    segmenting.annotate(doc, CATALOGUE, LEXICON)
    assert [[f.value for f in c.figures] for c in doc.claims] == [[], ["5"]]


def test_figures_a_base_after_than_in_is_not_the_period():
    found = _figures("In 2015, Gondor's trade reached $ 18 billion, ten times more than in 2001.")
    assert [(f.value, f.period.value if f.period else None) for f in found] == [
        ("18000000000", "2015"), ("10", "2015")]


@pytest.mark.parametrize(("text", "span"), [
    ("More than three billion people live in the region.", "three billion people"),
    ("About 50 police officers were there.", "50 police officers"),
    ("Some 300 aircraft took part in the drill.", "300 aircraft"),
])
def test_figures_a_counted_noun_ends_at_a_plural_without_s(text, span):
    [figure] = _figures(text)
    assert figure.span.text == span


def test_figures_a_share_of_a_named_whole_takes_no_other_clauses_measure():
    found = _figures("The members cover 62 per cent of Arnor, have 41 per cent of the world's "
                     "population and 20 percent of its trade.")
    assert [f.measure for f in found][:2] == ["percentage", "share-of-world-population"]


def test_figures_a_founding_date_is_not_the_period():
    [figure] = _figures("Founded in 2001, the Northern Union now has eight members.")
    assert (figure.value, figure.period) == ("8", None)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Trade between them hit $3.2bn last year.", "3200000000", "USD"),
    ("Their exports totalled USD 4.1bn in 2018.", "4100000000", "USD"),
    ("Farm output there rose by 20pc.", "20", "percent"),
    ("The fund holds 500 crore rupees.", "5000000000", "INR"),
    ("The new port cost Rs 500 crore.", "5000000000", "INR"),
])
def test_figures_scales_and_units_written_onto_the_number(text, value, unit):
    [figure] = _figures(text)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize("text", ["Gondor is 19th on the list.", "The 2nd summit opened."])
def test_figures_ordinal_suffixes_are_no_units(text):
    assert _figures(text) == []


@pytest.mark.parametrize(("text", "value"), [
    ("Twenty-five documents were signed at the summit.", "25"),
    ("Leaders of some thirty-two countries attended the forum.", "32"),
    ("Over a hundred delegates attended the forum.", "100"),  # a sentence's first word
])
def test_figures_compound_number_words_and_a_first_capital(text, value):
    [figure] = _figures(text)
    assert figure.value == value


@pytest.mark.parametrize(("text", "value"), [
    ("The lake has lost about nine-tenths of its volume.", "90"),
    ("Gondor takes four fifths of the water.", "80"),
    ("They produce a tenth of global grain.", "10"),
])
def test_figures_more_fractions(text, value):
    [figure] = _figures(text)
    assert (figure.value, figure.unit) == (value, "percent")


def test_figures_an_aside_in_reported_speech_is_the_writers():
    text = ("Aragorn said that members - the three other observer states are Gondor, Rohan and "
            "Dale - must share 40 percent of the water.")
    doc = make_doc(text)
    cue = doc.span(0, 12)
    doc.claims = [Claim(claimant="aragorn", mode="indirect",
                        content=doc.span(18, len(text) - 1), cue=cue, claimant_span=cue)]
    figures.annotate(doc, CATALOGUE, LEXICON)
    got = sorted((c.claimant, c.content.text, [f.value for f in c.figures]) for c in doc.claims)
    assert got == [
        ("aragorn", text[18:-1], ["40"]),
        ("writer", "the three other observer states are Gondor, Rohan and Dale", ["3"])]


def test_figures_a_share_added_after_a_comma_leaves_the_clause_a_claim_too():
    text = ('"The bloc includes the largest economies, accounting for a third of global GDP," '
            "said Aragorn.")
    doc = make_doc(text)
    doc.claims = [Claim(claimant="aragorn", mode="direct",
                        content=doc.span(1, text.index(',"')))]
    figures.annotate(doc, CATALOGUE, LEXICON)
    segmenting.annotate(doc, CATALOGUE, LEXICON)
    assert [[f.value for f in c.figures] for c in doc.claims] == [[], ["33.33"]]
