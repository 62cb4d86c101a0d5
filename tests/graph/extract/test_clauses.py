"""One claim per assertion: the clauses a sentence joins, and an organisation's age as a figure."""

from __future__ import annotations

import dataclasses

import pytest
from handmade_docs import CATALOGUE, make_doc

from sco_kg.graph.extract import figures, segmenting
from sco_kg.graph.extract.clauses import clauses
from sco_kg.graph.extract.figures import find_figures
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.rdf.catalogue import Catalogue
from sco_kg.graph.statements.model import Claim

LEXICON = load_lexicon()
# The same made-up world, with the Northern Union founded in 2005 (the documents are of 2019).
FOUNDED = Catalogue(tuple(dataclasses.replace(e, founded="2005-06-01") if e.key == "union" else e
                          for e in CATALOGUE.entries))


def _at(text: str, words: str) -> str:
    """The ``part`` naming the span of ``words`` (the clause or figure they open or are)."""
    start = text.index(words)
    end = start + len(words) if words.endswith("existence") else text.rindex(".")
    return f"{start}-{end}"


def _clauses(sentence: str) -> list[str]:
    doc = make_doc(sentence)
    return [s.text for s in clauses(doc, doc.span(0, len(sentence)), LEXICON)]


@pytest.mark.parametrize("sentence, parts", [
    ("The accession will play an important role in the union's growth, and it will help "
     "their bilateral ties.",
     ["The accession will play an important role in the union's growth",
      "it will help their bilateral ties"]),
    # a second complement clause after "said that ... and that ..."
    ("The corridor will open to freight in May and that a customs post would be built.",
     ["The corridor will open to freight in May", "that a customs post would be built"]),
    ("The region faced a volatile environment and Gondor's aims of curbing smuggling and "
     "securing borders were in line with those of the union.",
     ["The region faced a volatile environment",
      "Gondor's aims of curbing smuggling and securing borders were in line with those of "
      "the union"]),
    ("The treaty will be discussed at this meeting; Rohan has also formally applied to join.",
     ["The treaty will be discussed at this meeting", "Rohan has also formally applied to join"]),
    ("The member states will become a centre of growth, whose output will reach a third of "
     "the world's by 2030.",
     ["The member states will become a centre of growth",
      "whose output will reach a third of the world's by 2030"]),
    ("The bloc has become a pillar of regional trade, while its weight in the world is "
     "constantly growing.",
     ["The bloc has become a pillar of regional trade",
      "its weight in the world is constantly growing"]),
])
def test_clauses_cut_where_two_subjects_each_have_a_verb(sentence: str,
                                                          parts: list[str]) -> None:
    assert _clauses(sentence) == parts


@pytest.mark.parametrize("sentence", [
    "Trade between Gondor and Rohan grew by a fair margin last year.",        # no verb before
    "Gondor and Rohan will sign the customs code next week in Edoras.",       # joined names
    "The ministers discussed curbing smuggling and enhancing border security.",  # no subject
    "The Treaty of Friendship and Cooperation was signed in Edoras.",          # one name
    "They spoke of the largest and most complicated regions of the world.",   # joined adjectives
    "Gondor agreed and Rohan did.",                                            # too short
    "The summit of the union, which opened in Edoras, will last two days.",    # embedded
])
def test_clauses_leave_one_assertion_whole(sentence: str) -> None:
    assert _clauses(sentence) == [sentence]


def test_clauses_give_one_claim_each_with_its_own_span_and_subjects() -> None:
    text = ("Aragorn said: Gondor has opened three new border posts, and Rohan will join the "
            "talks in May.")
    quoted = text[len("Aragorn said: "):]
    doc = make_doc(text)
    cue = doc.span(0, 7)
    doc.claims = [Claim(claimant="aragorn", mode="indirect",
                        content=doc.span(14, len(text)), cue=cue, claimant_span=cue)]
    figures.annotate(doc, CATALOGUE, LEXICON)
    segmenting.annotate(doc, CATALOGUE, LEXICON)
    assert [(c.content.text, c.clause.text if c.clause else None, c.about, c.part)
            for c in doc.claims] == [
        (quoted, "Gondor has opened three new border posts", ("gondor",), ""),
        (quoted, "Rohan will join the talks in May", ("rohan",), _at(text, "Rohan will join")),
    ]
    for claim in doc.claims:
        assert claim.clause is not None
        assert text[claim.clause.start:claim.clause.end] == claim.clause.text


@pytest.mark.parametrize("sentence, value, qualifier", [
    ("Over 14 years of its existence, the Northern Union has become a pillar of trade.",
     "14", "exact"),
    ("The Northern Union has grown over the intervening 14 years.", "14", "exact"),
    ("Since its establishment 14 years ago, the Northern Union has grown fast.", "14", "exact"),
    ("In almost 13 years since its founding, the Northern Union has doubled its members.",
     "13", "approximate"),
])
def test_clauses_an_organisations_age_is_a_figure(sentence: str, value: str,
                                                    qualifier: str) -> None:
    doc = make_doc(sentence)
    found = find_figures(doc, doc.sentences[0], FOUNDED, LEXICON)
    assert [(f.value, f.unit, f.measure, f.subject, f.qualifier) for f in found] == [
        (value, "years", "age", "union", qualifier)]
    assert found[0].period is not None and found[0].period.value == "2019"


@pytest.mark.parametrize("sentence", [
    "Trade in the Northern Union has grown 12 times compared with 14 years ago.",  # a point
    "The Northern Union has grown over the past 6 years.",          # not its age in 2019
    "Gondor has grown over the intervening 14 years.",               # no founded organisation
])
def test_clauses_other_spans_of_years_are_no_age(sentence: str) -> None:
    doc = make_doc(sentence)
    found = find_figures(doc, doc.sentences[0], FOUNDED, LEXICON)
    assert [f for f in found if f.measure == "age"] == []


def test_clauses_an_age_frames_its_clause_which_is_a_claim_too() -> None:
    text = "Aragorn said: Over 14 years of its existence, the Northern Union has become a pillar."
    doc = make_doc(text)
    cue = doc.span(0, 7)
    doc.claims = [Claim(claimant="aragorn", mode="indirect",
                        content=doc.span(14, len(text)), cue=cue, claimant_span=cue)]
    figures.annotate(doc, FOUNDED, LEXICON)
    segmenting.annotate(doc, FOUNDED, LEXICON)
    assert [([f.measure for f in c.figures], c.part) for c in doc.claims] == [
        ([], ""), (["age"], _at(text, "14 years of its existence"))]
