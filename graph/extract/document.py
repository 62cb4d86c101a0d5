"""The working state one article passes through the extraction steps (like spaCy's ``Doc``).

Steps communicate only through this object: each reads what earlier steps assigned and
assigns its own fields. :meth:`Document.result` freezes it into the ``Extraction`` contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..statements.model import (
    ArticleMeta,
    Claim,
    Entity,
    Event,
    Extraction,
    Figure,
    Membership,
    Mention,
    PostHolding,
    Span,
)
from .sentences import Sentence


@dataclass
class Document:
    text: str
    stem: str
    body_start: int = 0
    front_matter: Mapping[str, str] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    posts: list[PostHolding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Answers several steps ask for about this one article (its caption lines, ...),
    # computed once; it dies with the document, unlike a module-level cache.
    memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def span(self, start: int, end: int) -> Span:
        """The exact span ``text[start:end]``, trimmed of surrounding white space."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Span(start, end, self.text[start:end])

    def result(self) -> Extraction:
        return Extraction(
            meta=self.meta,
            entities=tuple(sorted(self.entities.values(), key=lambda e: e.key)),
            mentions=tuple(sorted(set(self.mentions), key=lambda m: (m.span, m.entity))),
            claims=tuple(sorted(self.claims, key=lambda c: (c.content, c.claimant, c.part))),
            events=tuple(sorted(self.events, key=lambda e: (e.span, e.key))),
            memberships=tuple(sorted(self.memberships, key=lambda m: (m.span, m.member))),
            posts=tuple(sorted(self.posts, key=lambda p: (p.span, p.person))),
            warnings=tuple(self.warnings),
        )
