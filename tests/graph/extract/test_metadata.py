"""Article metadata from front matter and from the text's own head and foot."""

from __future__ import annotations

import pytest
from run_steps import run

from sco_kg.graph.statements.model import DateValue


def test_metadata_front_matter_wins() -> None:
    text = "By Meruert Sultanova\nThe leaders met in Astana.\n"
    doc = run(text, upto="metadata", front_matter={"author": "Aidos Sarym", "publisher": "TASS",
                                                   "date": "2023-05-04", "title": "Leaders meet"})
    assert doc.meta.author.value == "aidos-sarym" and doc.meta.author.span is None
    assert doc.meta.publisher.value == "tass"
    assert doc.meta.date == DateValue("2023-05-04", "day")
    assert doc.meta.title.value == "Leaders meet"


def test_metadata_reads_source_timestamp_and_byline() -> None:
    text = ("Source: TASS\nEditor: xiaoli\n2023-05-04 10:00:00\nby Ivan Petrov\n"
            "The leaders met in Astana on Thursday.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.publisher.value == "tass" and doc.meta.publisher.span.text == "TASS"
    assert doc.meta.author.value == "ivan-petrov" and "ivan-petrov" in doc.entities
    assert doc.meta.date == DateValue("2023-05-04", "day")
    assert doc.meta.date_span.text == "2023-05-04 10:00:00"
    assert doc.meta.title is None


def test_metadata_byline_with_medium() -> None:
    doc = run("Leaders gather in Tianjin\nBy CGTN's Li Wenhui\nThe summit opened.\n",
              upto="metadata")
    assert doc.meta.title.value == "Leaders gather in Tianjin"
    assert doc.meta.author.value == "li-wenhui"
    assert doc.meta.publisher.value == "cgtn"


def test_metadata_dateline_year_comes_from_the_text() -> None:
    text = ("BISHKEK, October 12 (Xinhua) -- The ministers met. The previous round was held "
            "on September 3, 2019 in Minsk.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.publisher.value == "xinhua"
    assert doc.meta.date == DateValue("2019-10-12", "day", inferred=True)
    assert doc.meta.date_span.text == "October 12"


def test_metadata_dateline_agency_the_catalogue_lacks_is_the_publisher() -> None:
    text = "RIVERTON, May 3 (Lakeland Wire) -- The ministers met. Trade rose in 2021.\n"
    doc = run(text, upto="metadata")
    assert doc.meta.publisher.value == "lakeland-wire"
    assert doc.meta.publisher.span.text == "Lakeland Wire"
    assert doc.entities["lakeland-wire"].kind == "media"


def test_metadata_signature_line_and_date_line_in_the_head() -> None:
    text = ("Steppe Policy Blog\n\nWhy the bank matters\n\n"
            "Aigerim Nurlanova, Senior Fellow, Steppe Policy Institute\n20 June 2024\n\n"
            "The SCO grew by 4 percent.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.author.value == "aigerim-nurlanova"
    assert doc.meta.date == DateValue("2024-06-20", "day")
    assert doc.meta.date_span.text == "20 June 2024"


def test_metadata_masthead_line_gives_publisher_and_date() -> None:
    text = ("THE RIVERTON REVIEW | Interviews | 27 October 2025\n\nA calm border\n\n"
            "By Anna Lind\n\nThe SCO met.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.publisher.value == "the-riverton-review"
    assert doc.meta.date == DateValue("2025-10-27", "day")
    assert doc.meta.title.value == "A calm border"


def test_metadata_interview_byline_place_date_line_and_first_published_in() -> None:
    text = ("Bread before borders\n\nInterview by Anna Lind\nRiverton, 24 August 2022\n\n"
            "The SCO met.\n\nFirst published in Riverton Weekly, Riverton.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.author.value == "anna-lind"
    assert doc.meta.publisher.value == "riverton-weekly"
    assert doc.meta.date == DateValue("2022-08-24", "day")
    assert doc.meta.date_span.text == "24 August 2022"


def test_metadata_timestamp_with_clock_time_and_slash_dateline() -> None:
    text = ("26 October 2023, 18:40\n\nMinisters meet in Osh\n\n"
            "OSH, October 26. /Lakeland Wire/. The ministers met on Thursday.\n")
    doc = run(text, upto="article_date")
    assert doc.meta.date == DateValue("2023-10-26", "day")
    assert doc.meta.publisher.value == "lakeland-wire"
    assert doc.meta.title.value == "Ministers meet in Osh"


def test_metadata_dotted_byline_foot_bio_and_copyright() -> None:
    text = ("Opinion › Columns\n\nThe river will not read the declaration\n\n"
            "Anna Lind · 11.04.2024 · 6 min read\n\nThe SCO met.\n\n"
            "© 2024 Steppe Monitor. Views are the authors' own.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.author.value == "anna-lind"
    assert doc.meta.date == DateValue("2024-04-11", "day")
    assert doc.meta.publisher.value == "steppe-monitor"


def test_metadata_author_from_the_note_at_the_foot() -> None:
    text = "Why rivers matter\n\nThe SCO met.\n\nAnna Lind is a hydrologist in Osh.\n"
    assert run(text, upto="metadata").meta.author.value == "anna-lind"


@pytest.mark.parametrize("byline", ["ANNA LIND", "Anna Lind | Riverton"])
def test_metadata_bylines_in_capitals_or_with_a_place(byline: str) -> None:
    text = (f"RIVERTON WEEKLY\nSection | Monday, May 4, 2020, 10:00 GMT\n\nRivers and borders\n\n"
            f"{byline}\n\nThe SCO met in 2020.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.author.value == "anna-lind"
    assert doc.entities["anna-lind"].label == "Anna Lind"
    assert doc.meta.publisher.value == "riverton-weekly"
    assert doc.meta.date == DateValue("2020-05-04", "day")
    assert doc.meta.title.value == "Rivers and borders"


def test_metadata_invents_nothing() -> None:
    doc = run("The ministers met in Minsk and agreed on a plan.\n", upto="metadata")
    assert doc.meta.date is None and doc.meta.author is None and doc.meta.publisher is None


@pytest.mark.parametrize(("text", "author"), [
    # op-ed bylines with the writer's affiliation after a comma or a bar
    ("Why the bank matters\nBy Gulnara Seitova, senior fellow at the Institute of Asia\n"
     "The SCO grew.\n", "gulnara-seitova"),
    ("Opinion\nBy Timur Bekov, a former diplomat\nThe SCO grew.\n", "timur-bekov"),
    ("Opinion\nBy Anna Lind | Special correspondent\nThe SCO grew.\n", "anna-lind"),
    # wire credits at the foot: the first reporter is the author
    ("ASTANA, May 3 (Reuters) -- The ministers met.\n(Reporting by Marat Ibrayev in Astana and "
     "Olga Lis in Moscow; Editing by John Carter)\n", "marat-ibrayev"),
    ("The ministers met.\nWriting by Sara Kim; editing by Tom Hale\n", "sara-kim"),
])
def test_metadata_byline_and_credit_styles(text: str, author: str) -> None:
    doc = run(text, upto="metadata")
    assert doc.meta.author is not None and doc.meta.author.value == author


@pytest.mark.parametrize("text", [
    "By 2030, the SCO wants to double trade.\n",
    "By Thursday, the leaders had agreed on a text.\n",
])
def test_metadata_by_phrase_is_not_a_byline(text: str) -> None:
    assert run(text, upto="metadata").meta.author is None


@pytest.mark.parametrize(("line", "value"), [
    ("Published Friday 17 October 2025", "2025-10-17"),
    ("Updated: 3 July 2024 09:15 | World", "2024-07-03"),
    ("Posted on March 4, 2023", "2023-03-04"),
])
def test_metadata_reads_a_web_story_date_line(line: str, value: str) -> None:
    doc = run(f"Leaders Meet In Astana\n{line}\nThe leaders met in Astana on Thursday.\n",
              upto="metadata")
    assert doc.meta.date is not None and doc.meta.date.value == value


@pytest.mark.parametrize("head", [
    "By Leyla Karimi, Senior Fellow, Asia Programme",
    "Author: Leyla Karimi",
])
def test_metadata_think_tank_bylines(head: str) -> None:
    doc = run(f"Iran Looks East\n{head}\nTrade grew 12 per cent last year.\n", upto="mentions")
    assert doc.meta.author is not None and doc.meta.author.value == "leyla-karimi"
    assert [e.label for e in doc.entities.values() if e.kind == "person"] == ["Leyla Karimi"]


@pytest.mark.parametrize("subheading", ["STEADY PROGRESS", "NEW HORIZONS AHEAD", "Fresh Start"])
def test_metadata_subheading_after_the_first_sentence_is_no_byline(subheading: str) -> None:
    text = ("RIVERTON, May 3 (Agency) -- The leaders of the bloc met on Monday and agreed to "
            "widen trade, build new roads and railways, and meet again in the autumn of the "
            "same year in the capital.\n" + subheading + "\nThe bloc has grown since 2001.\n")
    doc = run(text, upto="metadata")
    assert doc.meta.author is None
