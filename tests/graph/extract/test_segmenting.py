"""Step ``segmenting``: one claim per statement and one per figure, each with exact evidence."""

from __future__ import annotations

import pytest
from handmade_docs import CATALOGUE, make_doc

from sco_kg.graph.extract import figures, segmenting
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.statements.model import Claim

LEXICON = load_lexicon()


def _segment(text: str, quoted: str, claimant: str = "aragorn", mode: str = "direct"):
    """``quoted`` (a substring of ``text``) as one claim, through figures and segmenting."""
    doc = make_doc(text)
    start = text.index(quoted)
    cue = doc.span(0, 7)
    doc.claims = [Claim(claimant=claimant, mode=mode, content=doc.span(start, start + len(quoted)),
                        cue=cue, claimant_span=cue)]
    figures.annotate(doc, CATALOGUE, LEXICON)
    segmenting.annotate(doc, CATALOGUE, LEXICON)
    for claim in doc.claims:
        assert text[claim.content.start:claim.content.end] == claim.content.text
        for figure in claim.figures:
            assert text[figure.span.start:figure.span.end] == figure.span.text
    return doc.claims


ANSWER = ("Gondor has opened three new border posts. Rohan will join the talks in May. "
          "Dale signed the customs code last week.")


@pytest.mark.parametrize("mode", ["direct", "indirect"])
def test_segmenting_one_claim_per_sentence_keeps_the_speaker(mode: str) -> None:
    text = f"Aragorn said: {ANSWER}"
    claims = _segment(text, ANSWER, mode=mode)
    assert [c.content.text for c in claims] == [
        "Gondor has opened three new border posts.", "Rohan will join the talks in May.",
        "Dale signed the customs code last week."]
    assert {(c.claimant, c.mode, c.cue) for c in claims} == {("aragorn", mode, claims[0].cue)}


@pytest.mark.parametrize("follow", [
    "It took the ministers two years to agree.",        # an anaphor points back
    "And that is why the ministers took two years.",    # a connective points back
    "The ministers took two years to agree.",           # names nothing of its own
])
def test_segmenting_every_asserting_sentence_is_a_claim(follow: str) -> None:
    passage = f"Gondor has opened three new border posts. {follow}"
    claims = _segment(f"Aragorn said: {passage}", passage)
    assert [c.content.text for c in claims] == ["Gondor has opened three new border posts.",
                                                follow]


def test_segmenting_a_quote_over_paragraphs_keeps_its_speaker() -> None:
    passage = "Gondor has opened three new border posts.\n\nRohan will join the talks in May."
    claims = _segment(f"Aragorn said: {passage}", passage)
    assert [(c.claimant, c.content.text) for c in claims] == [
        ("aragorn", "Gondor has opened three new border posts."),
        ("aragorn", "Rohan will join the talks in May.")]


@pytest.mark.parametrize("passage, kept", [
    ("Why would Gondor wait? Rohan will join the talks in May.",
     ["Rohan will join the talks in May."]),
    ("Thank you. Rohan will join the talks in May.", ["Rohan will join the talks in May."]),
    # a sentence the stored copy cuts off before it says anything
    ("Rohan will join the talks in May. Over the past 21 [...]",
     ["Rohan will join the talks in May."]),
    ("Rohan will join the talks in May. Dale has opened eleven new border posts on the [...]",
     ["Rohan will join the talks in May.",
      "Dale has opened eleven new border posts on the [...]"]),
])
def test_segmenting_drops_what_asserts_nothing(passage: str, kept: list[str]) -> None:
    claims = _segment(f"Aragorn said: {passage}", passage)
    assert [c.content.text for c in claims] == kept


@pytest.mark.parametrize("sentence, values", [
    ("Rohan's exports increased by 15.1% to $150.3 billion.", ["15.1", "150300000000"]),
    ("The bloc holds 38 percent of the world population and 27% of the global GDP.",
     ["38", "27"]),
])
def test_segmenting_one_claim_per_figure_with_its_own_span(sentence: str,
                                                           values: list[str]) -> None:
    claims = _segment(f"Aragorn said: {sentence}", sentence.rstrip("."))
    assert [[f.value for f in c.figures] for c in claims] == [[v] for v in values]
    assert len({c.content for c in claims}) == 1  # the same quote, as gold has it
    assert len({c.part for c in claims}) == len(values)  # told apart in their IRIs
    assert claims[0].part == ""
    spans = [c.figures[0].span.text for c in claims]
    assert len(set(spans)) == len(values)


def test_segmenting_narration_figures_split_too() -> None:
    text = "Gondor has 44 river ports and 12 sea ports."
    doc = make_doc(text)
    figures.annotate(doc, CATALOGUE, LEXICON)
    segmenting.annotate(doc, CATALOGUE, LEXICON)
    assert sorted(f.value for c in doc.claims for f in c.figures) == ["12", "44"]
    assert all(len(c.figures) == 1 and c.claimant == "writer" for c in doc.claims)


def test_segmenting_nested_claims_point_at_the_piece_that_holds_them() -> None:
    passage = "Gondor has opened three new border posts. Dale said that Rohan will join in May."
    text = f"Aragorn said: {passage}"
    doc = make_doc(text)
    outer = doc.span(text.index(passage), len(text))
    inner_start = text.index("Rohan will")
    inner = doc.span(inner_start, len(text) - 1)
    cue = doc.span(0, 7)
    doc.claims = [Claim("aragorn", "direct", outer, cue=cue, claimant_span=cue),
                  Claim("dale", "indirect", inner, reported_by=outer)]
    segmenting.annotate(doc, CATALOGUE, LEXICON)
    [nested] = [c for c in doc.claims if c.claimant == "dale"]
    holder = [c for c in doc.claims if c.claimant == "aragorn"
              and c.content.start <= inner_start < c.content.end]
    assert nested.reported_by == holder[0].content


def test_segmenting_is_deterministic() -> None:
    text = f"Aragorn said: {ANSWER}"
    assert _segment(text, ANSWER) == _segment(text, ANSWER)
