"""Memberships: members, observers, founding members, with dates at the stated precision."""

from __future__ import annotations

import pytest
from handmade_docs import CATALOGUE, make_doc

from sco_kg.graph.extract import relations
from sco_kg.graph.lexicon import load_lexicon
from sco_kg.graph.statements.model import DateValue

LEXICON = load_lexicon()


def _memberships(text: str):
    doc = make_doc(text)
    relations.annotate(doc, CATALOGUE, LEXICON)
    return [(m.member, m.organization, m.role, m.start) for m in doc.memberships]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Northern Union grew. In 2012, Gondor and Rohan became new members.",
     [("gondor", "union", "member", DateValue("2012", "year")),
      ("rohan", "union", "member", DateValue("2012", "year"))]),
    ("Dale joined the Northern Union in 2024.",
     [("dale", "union", "member", DateValue("2024", "year"))]),
    ("Arnor was granted observer status in the NU in March 2010.",
     [("arnor", "union", "observer", DateValue("2010-03", "month"))]),
    ("Gondor, Rohan and Arnor became members of the Northern Union.",
     [("gondor", "union", "member", None), ("rohan", "union", "member", None),
      ("arnor", "union", "member", None)]),
])
def test_relations_membership_cues(text, expected):
    assert _memberships(text) == expected


@pytest.mark.parametrize("text", [
    "Dale has applied to join the Northern Union.",
    "Erebor will become a member next year.",
    "Gondor wants to join the Northern Union.",
    "Rohan joined hands with Gondor on trade.",
])
def test_relations_no_membership_without_assertion(text):
    assert _memberships(text) == []


def test_relations_founding_members_resolve_these_n_states():
    text = ("A forum was set up among three states – Gondor, Rohan and Arnor.\n"
            "In 1999, the heads of these three states and Dale marked the establishment of the "
            "Northern Union.")
    found = _memberships(text)
    assert {(m, r) for m, _, r, _ in found} == {
        ("gondor", "founding-member"), ("rohan", "founding-member"),
        ("arnor", "founding-member"), ("dale", "founding-member")}
    assert {s for _, _, _, s in found} == {DateValue("1999", "year")}
