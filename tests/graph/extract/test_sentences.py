"""Sentences as exact spans, in copy that keeps or loses its white space."""

from __future__ import annotations

import pytest

from sco_kg.graph.extract.sentences import split_sentences


@pytest.mark.parametrize("text, sentences", [
    ("Talks ended on Friday. The ministers left.",
     ["Talks ended on Friday.", "The ministers left."]),
    # scraped copy that lost the space after the stop
    ("The talks ended on Friday.The ministers left for Edoras.",
     ["The talks ended on Friday.", "The ministers left for Edoras."]),
    ('Trade has grown fast."The bloc is eager to learn more," he said.',
     ["Trade has grown fast.", '"The bloc is eager to learn more," he said.']),
    # abbreviations, initials, numbers and web addresses stay whole
    ("Mr. Novak met Dr. Petrov in the U.S. capital.",
     ["Mr. Novak met Dr. Petrov in the U.S. capital."]),
    ("Trade reached 4.5 billion dollars.", ["Trade reached 4.5 billion dollars."]),
    ("See english.www.gov.cn for the figures.", ["See english.www.gov.cn for the figures."]),
])
def test_sentences_end_at_a_stop_before_a_capital(text: str, sentences: list[str]) -> None:
    found = split_sentences(text)
    assert [s.text for s in found] == sentences
    assert all(text[s.start:s.end] == s.text for s in found)


_WRAPPED = ("RIVERTON, May 3 (RNA): Trade ministers of the Northern Union met on Tuesday in the\n\n"
            "capital to discuss a customs code. Minister of Trade of Ruritania Jan\n\n"
            "Novak and his counterparts from Gondor, Rohan and Dale attended the meeting\n\n"
            "which was chaired by the host.\n\n"
            "The ministers agreed to meet again in June.\n")


def test_sentences_hard_wrapped_copy_keeps_each_sentence_whole() -> None:
    found = split_sentences(_WRAPPED)
    assert [" ".join(s.text.split()) for s in found] == [
        "RIVERTON, May 3 (RNA): Trade ministers of the Northern Union met on Tuesday in the "
        "capital to discuss a customs code.",
        "Minister of Trade of Ruritania Jan Novak and his counterparts from Gondor, Rohan and "
        "Dale attended the meeting which was chaired by the host.",
        "The ministers agreed to meet again in June."]
    assert all(_WRAPPED[s.start:s.end] == s.text for s in found)


@pytest.mark.parametrize("text, sentences", [
    # a headline, a byline and furniture stay lines of their own
    ("Northern Union ministers meet in Riverton to agree a customs code\nby Jan Novak\n"
     "Editor: desk\n2019-03-14 10:00\nThe ministers met on Tuesday.",
     ["Northern Union ministers meet in Riverton to agree a customs code", "by Jan Novak",
      "Editor: desk", "2019-03-14 10:00", "The ministers met on Tuesday."]),
    # one line cut in the middle of a sentence, in copy that is otherwise not wrapped
    ("The ministers of the Northern Union agreed on a customs code and\nthe date of the "
     "next summit.\nThey left on Friday.",
     ["The ministers of the Northern Union agreed on a customs code and\nthe date of the "
      "next summit.", "They left on Friday."]),
])
def test_sentences_a_line_runs_on_only_when_it_stops_mid_sentence(
        text: str, sentences: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == sentences
