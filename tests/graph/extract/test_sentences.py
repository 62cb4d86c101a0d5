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
