"""The extraction steps, in order, with what each requires and assigns.

Every step is ``annotate(doc, catalogue, lexicon) -> None``: it reads the fields named in
``requires`` and assigns those in ``assigns``. The catalogue and lexicon are passed in, never
imported, so the rules are data and the steps stay pure (no IO, no RDF, no globals).

:class:`Pipeline` checks the declarations once, when it is built (as spaCy's ``analyze_pipes``
does): a step that needs a field no earlier step assigns, or that assigns a field the
:class:`Document` does not have, stops the pipeline before any article is read. ``STEPS`` is
the one place that lists the components and their order, so a statistical component can
replace or join a rule component by building a ``Pipeline`` from another tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from ..errors import PipelineError
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


# What a Document holds before the first step runs.
PROVIDED_AT_START: frozenset[str] = frozenset({"text", "stem", "body_start", "front_matter",
                                               "sentences"})


@dataclass(frozen=True)
class Pipeline:
    """Steps whose declared needs are met, in order; checked when the pipeline is built."""

    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        check_steps(self.steps)

    def __call__(self, text: str, *, stem: str, catalogue: Catalogue, lexicon: Lexicon,
                 front_matter: Mapping[str, str] | None = None,
                 body_start: int = 0) -> Extraction:
        """Run every step over one article's text and return what it states."""
        abbreviations = lexicon.patterns("abbreviations") or None
        doc = Document(text=text, stem=stem, body_start=body_start,
                       front_matter=dict(front_matter or {}))
        doc.sentences = (split_sentences(text, body_start, abbreviations) if abbreviations
                         else split_sentences(text, body_start))
        for step in self.steps:
            step.annotate(doc, catalogue, lexicon)
        return doc.result()


def check_steps(steps: tuple[Step, ...]) -> None:
    """Raise :class:`PipelineError` unless every step's needs are assigned before it runs.

    Raises:
        PipelineError: naming the step and the fields at fault.
    """
    known = {f.name for f in fields(Document)}
    available = set(PROVIDED_AT_START)
    seen: set[str] = set()
    for step in steps:
        if step.name in seen:
            raise PipelineError(f"extraction step {step.name!r} is listed twice")
        seen.add(step.name)
        unknown = sorted(set(step.requires + step.assigns) - known)
        if unknown:
            raise PipelineError(f"extraction step {step.name!r} names fields the document does "
                                f"not have: {', '.join(unknown)}")
        missing = sorted(set(step.requires) - available)
        if missing:
            raise PipelineError(f"extraction step {step.name!r} requires {', '.join(missing)}, "
                                "which no earlier step assigns")
        available |= set(step.assigns)


DEFAULT_PIPELINE = Pipeline(STEPS)


def extract(text: str, *, stem: str, catalogue: Catalogue, lexicon: Lexicon,
            front_matter: Mapping[str, str] | None = None, body_start: int = 0) -> Extraction:
    """Run the default pipeline over one article's text and return what it states."""
    return DEFAULT_PIPELINE(text, stem=stem, catalogue=catalogue, lexicon=lexicon,
                            front_matter=front_matter, body_start=body_start)
