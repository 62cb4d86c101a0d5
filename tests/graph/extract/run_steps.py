"""Run the real extraction steps, up to a named one, over a text written for a test."""

from __future__ import annotations

from functools import cache

from sco_kg.graph.extract.document import Document
from sco_kg.graph.extract.pipeline import STEPS
from sco_kg.graph.extract.sentences import split_sentences
from sco_kg.graph.lexicon import Lexicon, load_lexicon
from sco_kg.graph.rdf.catalogue import Catalogue, load_catalogue


@cache
def rules() -> tuple[Catalogue, Lexicon]:
    """The shipped catalogue and lexicon, read once."""
    return load_catalogue(), load_lexicon()


def run(text: str, upto: str = "quotes", front_matter: dict[str, str] | None = None,
        body_start: int = 0) -> Document:
    """``text`` through the steps metadata .. ``upto`` (inclusive)."""
    catalogue, lexicon = rules()
    doc = Document(text=text, stem="test", body_start=body_start,
                   front_matter=front_matter or {})
    doc.sentences = split_sentences(text, body_start, lexicon.patterns("abbreviations"))
    for step in STEPS:
        step.annotate(doc, catalogue, lexicon)
        if step.name == upto:
            break
    return doc


def keys_at(doc: Document, surface: str) -> set[str]:
    """Entity keys of the mentions whose text is ``surface``."""
    return {m.entity for m in doc.mentions if m.span.text == surface}


def check_spans(doc: Document) -> None:
    """Every span the steps made is exact evidence."""
    spans = [m.span for m in doc.mentions] + [p.span for p in doc.posts]
    for claim in doc.claims:
        spans += [s for s in (claim.content, claim.cue, claim.claimant_span) if s]
    for span in spans:
        assert doc.text[span.start:span.end] == span.text
