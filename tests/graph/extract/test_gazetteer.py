"""Compiled rule data lives as long as its lexicon, and the words of the rules are its rows."""

from __future__ import annotations

import re
from types import MappingProxyType

import pytest
from run_steps import rules

from sco_kg.graph.extract import gazetteer as gz
from sco_kg.graph.extract import metadata
from sco_kg.graph.extract.document import Document
from sco_kg.graph.lexicon import Lexicon, load_lexicon


def _with_rows(lexicon: Lexicon, table: str, *rows: dict[str, object]) -> Lexicon:
    """A new lexicon: ``lexicon`` plus ``rows`` at the end of ``table``."""
    tables = dict(lexicon.tables)
    tables[table] = (*lexicon[table], *(MappingProxyType(r) for r in rows))
    return Lexicon(MappingProxyType(tables))


def test_gazetteer_built_once_per_lexicon_and_catalogue() -> None:
    catalogue, lexicon = rules()
    assert gz.build(catalogue, lexicon) is gz.build(catalogue, lexicon)
    other = load_lexicon()
    assert gz.build(catalogue, other) is not gz.build(catalogue, lexicon)
    assert gz.build(catalogue, other).lexicon is other


def test_gazetteer_alternation_tries_longer_words_first() -> None:
    catalogue, lexicon = rules()
    gaz = gz.build(catalogue, lexicon)
    words = ["envoy", "special envoy", "a.b"]
    assert gaz.alternation(words) == r"special\ envoy|envoy|a\.b" == gz.alternation(words)
    assert gaz.alternation(words) is gaz.alternation(reversed(words))
    assert gz.alternation([]) == r"(?!x)x"


@pytest.mark.parametrize(("line", "author"), [
    ("Interview by Jan Novak", "jan-novak"),
    ("Dispatch by Jan Novak", None),
])
def test_gazetteer_byline_words_are_lexicon_rows(line: str, author: str | None) -> None:
    catalogue, lexicon = rules()

    def read(lex: Lexicon) -> str | None:
        doc = Document(text=f"Ruritania plans a dam\n{line}\nThe works start in May.\n",
                       stem="test", body_start=0, front_matter={})
        metadata.annotate(doc, catalogue, lex)
        return doc.meta.author.value if doc.meta.author else None

    assert read(lexicon) == author
    extended = _with_rows(lexicon, "credit_cues", {"label": "byline_lead", "pattern": "Dispatch"})
    assert read(extended) == "jan-novak"


_WORDS = ["Ruritania", "Ruritanian", "Ruritania Post", "Rur", "Jan Novak", "Jan", "Novak",
          "a.b", "New Riverton", "New", "Riverton", "Riverton-on-Sea", "(x)", ""]


@pytest.mark.parametrize(("words", "after"), [
    (_WORDS, r"(?![\w])"),
    (_WORDS, r"\s+said"),  # backtracks into the alternation for a shorter word
    (_WORDS[:-1], r"(?![\w]|-(?!based\b)\w)"),
    (["Jan", "Jan Novak", "Jan Novakova"], r"\b"),
    ([], r""),
])
@pytest.mark.parametrize("text", [
    "Ruritanian officials met Ruritania Post in New Riverton; Jan Novak said Novak said so.",
    "Rur Ruritania said, Jan Novakova and Riverton-on-Sea (x) a.b New said",
    "",
])
def test_gazetteer_exact_alternation_matches_as_the_flat_one(words: list[str], after: str,
                                                              text: str) -> None:
    flat = re.compile(rf"(?<![\w-])(?:{gz.alternation(words)}){after}")
    tree = re.compile(rf"(?<![\w-])(?:{gz.exact_alternation(words)}){after}")
    for at in range(len(text) + 1):
        found, expected = tree.match(text, at), flat.match(text, at)
        assert (found and found.span()) == (expected and expected.span())
