"""The extraction steps, in order, with what each requires and assigns.

Every step is ``annotate(doc, catalogue, lexicon) -> None``: it reads the fields named in
``requires`` and assigns those in ``assigns``. The catalogue and lexicon are passed in, never
imported, so the rules are data and the steps stay pure (no IO, no RDF, no globals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..rdf.catalogue import Catalogue
from ..statements.model import Extraction
from . import (
    article_date,
    events,
    figures,
    mentions,
    metadata,
    quotes,
    relations,
    resolve,
    segmenting,
)
from .document import Document
from .sentences import split_sentences


@dataclass(frozen=True)
class Step:
    name: str
    annotate: Callable[[Document, Catalogue, Lexicon], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("metadata", metadata.annotate, ("sentences", "front_matter"), ("meta", "entities")),
    Step("mentions", mentions.annotate, ("sentences",), ("mentions", "entities")),
    Step("resolve", resolve.annotate, ("mentions", "meta"), ("mentions", "entities")),
    Step("article_date", article_date.annotate, ("sentences", "mentions", "meta"), ("meta",)),
    Step("quotes", quotes.annotate, ("sentences", "mentions", "meta"), ("claims",)),
    Step("figures", figures.annotate, ("sentences", "mentions", "claims", "meta"),
         ("figures", "claims")),
    Step("segmenting", segmenting.annotate, ("sentences", "mentions", "claims"), ("claims",)),
    Step("events", events.annotate, ("sentences", "mentions", "meta"), ("events",)),
    Step("relations", relations.annotate, ("sentences", "mentions", "meta"),
         ("memberships", "posts")),
)


def extract(text: str, *, stem: str, catalogue: Catalogue, lexicon: Lexicon,
            front_matter: Mapping[str, str] | None = None, body_start: int = 0) -> Extraction:
    """Run every step over one article's text and return what it states."""
    abbreviations = lexicon.patterns("abbreviations") or None
    doc = Document(text=text, stem=stem, body_start=body_start,
                   front_matter=dict(front_matter or {}))
    doc.sentences = (split_sentences(text, body_start, abbreviations) if abbreviations
                     else split_sentences(text, body_start))
    for step in STEPS:
        step.annotate(doc, catalogue, lexicon)
    return doc.result()
