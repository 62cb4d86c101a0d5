"""The article date (DCT): a header stamp, else estimated from the article's evidence (inferred)."""

from __future__ import annotations

import pytest
from run_steps import check_spans, run

from sco_kg.graph.statements.model import DateValue


@pytest.mark.parametrize(("text", "year", "evidence"), [
    # a catalogued meeting named by ordinal, in the future tense
    ("Leaders will gather for the 18th SCO summit next week, officials said. Trade is up.\n",
     "2018", "18th SCO summit"),
    # named by host city, with an eve cue
    ("On the eve of the SCO summit in Qingdao, diplomats met the press in Beijing.\n",
     "2018", "summit in Qingdao"),
    ("Ahead of the Tianjin summit of the SCO, the ministers prepared the declaration.\n",
     "2025", "Tianjin summit"),
    # years counted from the founding of a catalogued organisation, with a founding word
    ("Since the establishment of the SCO 20 years ago, trade has grown steadily.\n",
     "2021", "20 years ago"),
    # a date the text puts in the future
    ("The SCO foreign ministers will meet in Astana on May 20-21, 2024, the ministry said.\n",
     "2024", "May 20-21, 2024"),
])
def test_article_date_year_from_evidence(text: str, year: str, evidence: str) -> None:
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue(year, "year", inferred=True)
    assert doc.meta.date_span is not None and doc.meta.date_span.text == evidence
    check_spans(doc)


def test_article_date_dateline_takes_the_meeting_year() -> None:
    text = ("MOSCOW, June 7 (Xinhua) -- The SCO summit in Qingdao will focus on security, "
            "a Russian diplomat said.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue("2018-06-07", "day", inferred=True)
    assert doc.meta.date_span.text == "June 7"


def test_article_date_dateline_next_to_a_catalogued_meeting() -> None:
    # past tense, host city of several summits: the dateline's day picks the one held then
    text = ("ASTANA, July 4 (Reuters) -- Leaders of the SCO met at the summit in Astana, where "
            "they signed a declaration.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue("2024-07-04", "day", inferred=True)


@pytest.mark.parametrize("text", [
    # two weak clues agree: no founding word, but the same count twice
    "Seventeen years ago, few expected the SCO to grow. In the previous 17 years, the SCO has "
    "never sought military allies.\n",
])
def test_article_date_weak_founding_clues_need_agreement(text: str) -> None:
    assert run(text, upto="article_date").meta.date == DateValue("2018", "year", inferred=True)


@pytest.mark.parametrize("text", [
    "The leaders met and talked about trade and security.\n",  # no clue at all
    "Ten years ago, the SCO was smaller than it is now.\n",  # one weak clue only
    "The summit in Astana adopted a declaration on security.\n",  # Astana hosted several
    "The SCO adopted a strategy until 2030 in a summit meeting.\n",  # a horizon, not a date
])
def test_article_date_never_invented(text: str) -> None:
    doc = run(text, upto="article_date")
    assert doc.meta.date is None and doc.meta.date_span is None


def test_article_date_lower_bound_rejects_an_older_estimate() -> None:
    # "12 years ago" next to the SCO would give 2013, but the text states a 2016 date.
    text = ("The SCO was founded 12 years ago. In June 2016, India signed the memorandum.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue("2016", "year", inferred=True)
    assert doc.meta.date_span.text == "June 2016"


def test_article_date_stated_date_wins() -> None:
    text = "2019-03-02 10:00:00\nThe 18th SCO summit will be held in Qingdao.\n"
    assert run(text, upto="article_date").meta.date == DateValue("2019-03-02", "day")


def test_article_date_relative_dates_resolve_against_it() -> None:
    text = ("On the eve of the 18th SCO summit, the secretary-general recalled that the "
            "ministers held a meeting in Beijing last year.\n")
    doc = run(text, upto="events")
    starts = {d.start.value for d in doc.events if d.start}
    assert doc.meta.date == DateValue("2018", "year", inferred=True)
    assert "2017" in starts


@pytest.mark.parametrize("text", [
    # a possibility: a modal before the year
    "The pipeline could carry gas before 2031, an engineer said. Trade grew in 2022.\n",
    # a horizon with "the end of"
    "Trade grew in 2022. The corridor is to open before the end of 2031.\n",
])
def test_article_date_possibilities_and_horizons_are_no_lower_bound(text: str) -> None:
    assert run(text, upto="article_date").meta.date == DateValue("2022", "year", inferred=True)


def test_article_date_dateline_weekday_picks_the_year() -> None:
    # the stated dates allow 2022 or later; 14 March fell on a Tuesday in 2023, not in 2022
    text = ("RIVERTON, March 14 (Wirenews) -- Ministers on Tuesday approved a rail plan. "
            "Cargo rose 9 percent in 2022, the ministry said.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue("2023-03-14", "day", inferred=True)


def test_article_date_dateline_weekday_that_fits_no_year_is_ignored() -> None:
    # 14 March was a Monday in 2022 and a Tuesday in 2023: "on Sunday" fits neither
    text = ("RIVERTON, March 14 (Wirenews) -- Ministers on Sunday approved a rail plan. "
            "Cargo rose 9 percent in 2022, the ministry said.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue("2022-03-14", "day", inferred=True)


@pytest.mark.parametrize(("text", "value", "evidence"), [
    ("RIVERTON RADIO\n\nLeaders gather in Riverton\n\nJuly 2, 2024 · 5:06 AM ET\n\n"
     "Leaders meet in Riverton on Wednesday.\n", "2024-07-02", "July 2, 2024"),
    ("Ports reopen\n\nBy Jan Novak    Published: Jun 24, 2025 08:36 PM\n\nThe port opened.\n",
     "2025-06-24", "Jun 24, 2025"),
    ("Ports reopen\n\nJan Novak |16.10.2024 - Update : 16.10.2024\n\nThe port opened.\n",
     "2024-10-16", "16.10.2024"),
])
def test_article_date_header_date_line_is_the_stamp(text: str, value: str, evidence: str) -> None:
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue(value, "day", inferred=False)
    assert doc.meta.date_span is not None and doc.meta.date_span.text == evidence
    check_spans(doc)


def test_article_date_running_text_date_is_no_stamp() -> None:
    text = ("The ministers met in the capital again. The previous round was held on "
            "September 3, 2019 in Riverton.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date != DateValue("2019-09-03", "day", inferred=False)


def test_article_date_month_only_front_matter_anchors_relative_dates() -> None:
    # a year-and-month front matter is the article's date, not a year guessed from the text
    text = ("The SCO was established in 2001. Having joined the SCO in September last year, "
            "Ruritania is sending troops to a drill.\n")
    doc = run(text, upto="events", front_matter={"date": "2018-08"})
    assert doc.meta.date == DateValue("2018-08", "month")
    assert "2017-09" in {e.start.value for e in doc.events if e.start}
